"""Servers under test in their own processes: ``python -m gateway serve`` and the echo server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.fixtures import HOST, REPO


@dataclass
class Served:
    """A server process and the port it listens on (always 127.0.0.1)."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def status_kib(self, field: str) -> int:
        """A /proc/PID/status field in KiB (VmRSS, VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise KeyError(field)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _start(command: list[str], port_file: Path, log: Path, cwd: Path) -> Served:
    port_file.unlink(missing_ok=True)
    with log.open("wb") as log_fh:
        process = subprocess.Popen(command, cwd=cwd, stdout=log_fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not port_file.exists() or not port_file.read_text().strip():
        if process.poll() is not None:
            raise RuntimeError(f"{command[-10:]} exited: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{command[-10:]} did not start")
        time.sleep(0.05)
    return Served(process, int(port_file.read_text().split()[0]), log)


# An experiment, not a setting of the gateway: run ``serve`` with asyncio's per-connection
# TLS read buffer (asyncio.sslproto.SSLProtocol.max_size, 256 KiB) set to this many bytes.
SSL_BUFFER_ENV = "BENCH_SSL_READ_BUFFER"
_WITH_BUFFER = (
    "import asyncio.sslproto, os, runpy, sys; "
    f"asyncio.sslproto.SSLProtocol.max_size = int(os.environ['{SSL_BUFFER_ENV}']); "
    "sys.argv[0] = 'gateway'; runpy.run_module('gateway', run_name='__main__', alter_sys=True)"
)


def start_gateway(config: Path, data_dir: Path, work: Path, name: str) -> Served:
    """The real CLI, as an operator runs it (JSON request logs go to a file)."""
    entry = ["-c", _WITH_BUFFER] if os.environ.get(SSL_BUFFER_ENV) else ["-m", "gateway"]
    command = [
        sys.executable,
        *entry,
        "serve",
        "--config",
        str(config),
        "--port",
        "0",
        "--ops-port",
        "0",
        "--data-dir",
        str(data_dir),
        "--port-file",
        str(work / f"{name}.port"),
    ]
    return _start(command, work / f"{name}.port", work / f"{name}.log", work)


def start_echo(pki_root: Path, work: Path) -> Served:
    command = [
        sys.executable,
        "-m",
        "bench.echo",
        str(pki_root),
        str(work / "echo.port"),
    ]
    return _start(command, work / "echo.port", work / "echo.log", REPO)
