"""Servers under test in their own processes: ``python -m gateway serve`` and the echo server."""

from __future__ import annotations

import json
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
    """A server process and the port it listens on (always 127.0.0.1).

    With ``serve --workers N`` (N > 1) ``process`` is the supervisor; the workers are
    its children, named in the log (``worker_started`` lines): see ``pids``.
    """

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    workers: int = 1

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def pids(self) -> list[int]:
        """Every process of this server: the one started, plus each worker's latest pid
        (a restarted worker logs a new ``worker_started``) when there is a supervisor."""
        if self.workers <= 1:
            return [self.pid]
        latest: dict[int, int] = {}
        for line in self.log.read_text(errors="replace").splitlines():
            if '"worker_started"' not in line:
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "worker_started":
                latest[int(event["worker"])] = int(event["pid"])
        if len(latest) != self.workers:
            raise RuntimeError(f"{self.log}: {len(latest)} of {self.workers} workers logged")
        return [self.pid, *(latest[i] for i in sorted(latest))]

    def status_kib(self, field: str) -> int:
        """A /proc/PID/status field in KiB (VmRSS, VmHWM) of the process started (with
        ``--workers`` the supervisor only: memory is measured with 1 process)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise KeyError(field)

    def stop(self) -> None:
        try:
            workers = self.pids()[1:]
        except (OSError, RuntimeError):
            workers = []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # a supervisor stops its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # Workers left behind (supervisor killed): they stop themselves when they see
        # their parent gone; wait for that, then make sure.
        deadline = time.monotonic() + 10
        for pid in workers:
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """A gateway worker process that still runs (not a zombie, not a reused pid)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, IndexError):
        return False
    return state != "Z" and b"--worker-index" in command


def _start(
    command: list[str],
    port_file: Path,
    log: Path,
    cwd: Path,
    workers: int = 1,
    env: dict[str, str] | None = None,
) -> Served:
    port_file.unlink(missing_ok=True)
    with log.open("wb") as log_fh:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=log_fh, stderr=subprocess.STDOUT, env=env
        )
    deadline = time.monotonic() + 60
    while not port_file.exists() or not port_file.read_text().strip():
        if process.poll() is not None:
            raise RuntimeError(f"{command[-10:]} exited: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{command[-10:]} did not start")
        time.sleep(0.05)
    # "API_PORT OPS_PORT" (with --workers N: "API_PORT OPS_PORT_0 ... OPS_PORT_N-1")
    return Served(process, int(port_file.read_text().split()[0]), log, workers)


# An experiment, not a setting of the gateway: run ``serve`` with its per-connection TLS
# read buffer (gateway.web.handshakes.TLS_READ_BUFFER_BYTES, which the gateway gives
# asyncio's SSLProtocol.max_size at start) set to this many bytes.
SSL_BUFFER_ENV = "BENCH_SSL_READ_BUFFER"
_WITH_BUFFER = (
    "import os, runpy, sys; import gateway.web.handshakes as h; "
    f"h.TLS_READ_BUFFER_BYTES = int(os.environ['{SSL_BUFFER_ENV}']); "
    "sys.argv[0] = 'gateway'; runpy.run_module('gateway', run_name='__main__', alter_sys=True)"
)


def start_gateway(
    config: Path,
    data_dir: Path,
    work: Path,
    name: str,
    workers: int = 1,
    *,
    code: Path | None = None,
) -> Served:
    """The real CLI, as an operator runs it (JSON request logs go to a file); with
    ``workers`` > 1, ``serve --workers N`` (a supervisor and N worker processes); with
    ``code``, the gateway of that source tree (another commit's worktree, bench.ab_e2e)."""
    entry = ["-c", _WITH_BUFFER] if os.environ.get(SSL_BUFFER_ENV) else ["-m", "gateway"]
    env = {**os.environ, "PYTHONPATH": str(code)} if code is not None else None
    command = [
        sys.executable,
        *entry,
        "serve",
        "--migrate",
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
        *(["--workers", str(workers)] if workers > 1 else []),
    ]
    return _start(command, work / f"{name}.port", work / f"{name}.log", work, workers, env)


def start_echo(pki_root: Path, work: Path) -> Served:
    command = [
        sys.executable,
        "-m",
        "bench.echo",
        str(pki_root),
        str(work / "echo.port"),
    ]
    return _start(command, work / "echo.port", work / "echo.log", REPO)
