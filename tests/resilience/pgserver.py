"""A private PostgreSQL server the outage test can really stop and start.

The machine's shared server (127.0.0.1:5432) serves the other tests; this
one is a throw-away cluster (``initdb``) on its own port and socket
directory, run as the ``postgres`` system user because PostgreSQL refuses to
run as root.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import in_ci
from tests.serving import free_port


def _bindir() -> Path | None:
    root = Path("/usr/lib/postgresql")
    versions = sorted(root.glob("*/bin/pg_ctl")) if root.is_dir() else []
    if versions:
        return versions[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"a private PostgreSQL server is required in CI: {reason}")
    pytest.skip(reason)


class PrivatePostgres:
    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            unavailable("PostgreSQL server binaries (pg_ctl, initdb) are not installed")
        assert bindir is not None
        self.bindir = bindir
        self.port = free_port()
        self.user = "postgres"
        try:
            pwd.getpwnam(self.user)
        except KeyError:
            unavailable("no `postgres` system user to run a private server as")
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            self.run_as = ["runuser", "-u", self.user, "--"]
        self.root = Path(tempfile.mkdtemp(prefix="meerzorg-pg-"))
        self.data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, self.user, self.user)

    @property
    def dsn(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.run_as, *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
            cwd=self.root,
        )

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "--no-sync",
        )

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=on -c max_connections=50",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """``fast``: connections are cut, as when the database host goes down for
        maintenance; ``immediate``: a crash (recovery at the next start)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)
