"""A real ``meerzorg-gateway serve`` process for the tests that need one (CLI, runbook,
privacy of the operator log, resilience): started, waited for, signalled, restarted."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO

CLI = [sys.executable, "-m", "gateway"]
READY_TIMEOUT = 120.0  # a hang guard: start-up takes 1-3 s on a quiet machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class GatewayProcess:
    """One ``serve`` process on a fixed API port (kept across restarts), logging to
    ``log_dir/NAME.log``; ``extra`` is appended to the command line (``--data-dir``,
    ``--migrate``), relative paths are relative to ``cwd``."""

    config: Path
    log_dir: Path
    name: str
    port: int = field(default_factory=free_port)
    workers: int = 1
    cwd: Path = REPO
    extra: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None
    ops_ports: list[int] = field(default_factory=list)  # one per worker

    @classmethod
    def in_dev_pki_dir(cls, directory: Path) -> GatewayProcess:
        """As an operator starts one by hand: ``dev-pki --out certs`` in ``directory``,
        then ``serve --migrate --data-dir data`` there (not started yet)."""
        subprocess.run([*CLI, "dev-pki", "--out", "certs"], cwd=directory, check=True, timeout=60)
        return cls(
            Path("certs/gateway.toml"),
            directory,
            "serve",
            cwd=directory,
            extra=("--migrate", "--data-dir", "data"),
        )

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    @property
    def port_file(self) -> Path:
        return self.log_dir / f"{self.name}.ports"

    @property
    def log_file(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def start(self) -> None:
        self.port_file.unlink(missing_ok=True)
        command = [
            *CLI,
            *("serve", "--config", str(self.config), "--port", str(self.port)),
            *("--ops-port", "0", "--port-file", str(self.port_file), *self.extra),
        ]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self) -> None:
        """Until the process announced its ports (after its signal handlers are set)."""
        assert self.process is not None
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            text = self.port_file.read_text() if self.port_file.exists() else ""
            if text.endswith("\n"):
                ports = [int(p) for p in text.split()]
                assert ports[0] == self.port
                self.ops_ports = ports[1:]
                return
            if self.process.poll() is not None:
                raise AssertionError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not start:\n{self.tail()}")
            time.sleep(0.05)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind, as a power cut or the OOM killer does."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def terminate(self, timeout: float = 40) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.terminate()
