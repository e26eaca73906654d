"""``serve --workers N``: one supervisor, N gateway processes sharing the API port.

Each worker is a complete ``serve`` process (its own event loop, store
connections, metrics registry and operations listener on ``ops_port + i``)
that binds the API port with ``SO_REUSEPORT``, so the kernel spreads new
connections over the workers. Nothing is shared in memory: duplicate
detection, inbox listing, leases and acknowledgements are decided by the
store, which is what lets several machines share one PostgreSQL as well.

The supervisor opens no store and holds no key. It starts the workers,
restarts one that dies (with backoff), forwards SIGHUP, and on SIGTERM or
SIGINT tells every worker to stop gracefully and waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import structlog

from gateway.config import GatewayConfig
from gateway.runtime import DRAIN_SECONDS, SHUTDOWN_SECONDS

log = structlog.get_logger("gateway.workers")

STARTUP_TIMEOUT_SECONDS = 60.0
RESTART_BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
STABLE_AFTER_SECONDS = 60.0  # a worker that ran this long restarts without delay next time


@dataclass
class Worker:
    index: int
    ops_port: int
    port_file: Path
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    crashes: int = 0
    bound_ops_port: int = 0
    ready: bool = False  # announced its ports: its signal handlers are in place


def stop_grace(config: GatewayConfig) -> float:
    """How long a worker may take to stop before it is killed: its drain, aiohttp's
    shutdown, closing its two store pools (each up to the command timeout), and slack."""
    return DRAIN_SECONDS + SHUTDOWN_SECONDS + 2 * config.store.command_timeout_seconds + 5.0


def _running(process: asyncio.subprocess.Process | None) -> bool:
    return process is not None and process.returncode is None


def _send(process: asyncio.subprocess.Process | None, signum: int) -> None:
    if _running(process):
        assert process is not None
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)


def restart_delay(crashes: int) -> float:
    """No wait after a worker that ran a while; then RESTART_BACKOFF, step by step."""
    return RESTART_BACKOFF[min(crashes, len(RESTART_BACKOFF)) - 1] if crashes else 0.0


def reserve_port(host: str, port: int) -> tuple[int, socket.socket | None]:
    """The API port all workers share; for port 0 a free one, held until they are up.

    The workers bind with SO_REUSEPORT, which would as readily let them share a fixed
    port with another deployment's workers (same user, say a test configuration): the
    kernel would then split the traffic between the two. So a fixed port is first bound
    once without it, which fails if anything holds the port.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no holder
    if port != 0:
        try:
            sock.bind((host, port))
        finally:
            sock.close()
        return port, None
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, 0))  # bound, never listening: it receives no connections
    return int(sock.getsockname()[1]), sock


class WorkerStartFailed(RuntimeError):
    """A worker exited before it listened; ``code`` is its exit status (3: schema)."""

    def __init__(self, index: int, code: int) -> None:
        super().__init__(f"worker {index} exited with {code} at start")
        self.code = code


class Supervisor:
    """Runs and watches the worker processes of one ``serve --workers N``."""

    def __init__(self, config: GatewayConfig, workers: int, run_dir: Path) -> None:
        if workers < 1:
            raise ValueError("at least one worker")
        self.config = config
        self.run_dir = run_dir
        self.api_port = config.port
        self.stopping = False
        self.grace = stop_grace(config)
        self._stopped = asyncio.Event()  # wakes a watcher out of its restart back-off
        self._watchers: list[asyncio.Task[None]] = []
        self.workers = [
            Worker(
                index=i,
                ops_port=config.ops_port + i if config.ops_port else 0,
                port_file=run_dir / f"worker-{i}.ports",
            )
            for i in range(workers)
        ]

    def _command(self, worker: Worker) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gateway",
            "serve",
            "--config",
            str(self.config.source),
            "--data-dir",
            str(self.config.data_dir),
            "--port",
            str(self.api_port),
            "--ops-port",
            str(worker.ops_port),
            "--port-file",
            str(worker.port_file),
            "--worker-index",
            str(worker.index),
            "--parent-pid",
            str(os.getpid()),
        ]

    async def _spawn(self, worker: Worker) -> None:
        worker.port_file.unlink(missing_ok=True)
        worker.ready = False
        worker.process = await asyncio.create_subprocess_exec(*self._command(worker))
        worker.started_at = time.monotonic()
        log.info("worker_started", worker=worker.index, pid=worker.process.pid)

    async def _wait_ready(self, worker: Worker) -> None:
        """Until the worker announced its ports; RuntimeError if it exited first."""
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        assert worker.process is not None
        while True:
            text = worker.port_file.read_text() if worker.port_file.exists() else ""
            if text.endswith("\n"):
                worker.bound_ops_port = int(text.split()[1])
                # A restarted worker keeps its operations port (scrape targets stay valid).
                worker.ops_port = worker.ops_port or worker.bound_ops_port
                worker.ready = True
                return
            if self.stopping:
                return
            if worker.process.returncode is not None:
                raise WorkerStartFailed(worker.index, worker.process.returncode)
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker {worker.index} did not start in time")
            await asyncio.sleep(0.05)

    async def start(self) -> None:
        """Start every worker and wait until each listens; stop them all if one cannot."""
        self.api_port, holder = reserve_port(self.config.host, self.config.port)
        try:
            for worker in self.workers:
                await self._spawn(worker)
            for worker in self.workers:
                await self._wait_ready(worker)
        except BaseException:
            await self.stop()
            raise
        finally:
            if holder is not None:
                holder.close()

    def signal_all(self, signum: int) -> None:
        for worker in self.workers:
            _send(worker.process, signum)

    def reload_all(self) -> None:
        """SIGHUP to every worker that is up. One still starting would die of it (its
        handler is not in place yet); it reads the current files as it starts anyway."""
        for worker in self.workers:
            if worker.ready:
                _send(worker.process, signal.SIGHUP)

    def watch_all(self) -> None:
        """Start one restart watcher per worker (after ``start``)."""
        self._watchers = [asyncio.create_task(self.watch(w)) for w in self.workers]

    async def stop(self) -> None:
        """SIGTERM every worker (each finishes its in-flight requests), then wait until
        none runs, one that a watcher was starting at that moment included."""
        self.begin_stop()
        self.signal_all(signal.SIGTERM)
        try:
            await asyncio.wait_for(self._all_exited(), self.grace)
        except TimeoutError:
            log.error("workers_killed", reason="still running after the stop grace period")
            self.signal_all(signal.SIGKILL)
            await self._all_exited()

    def begin_stop(self) -> None:
        """No restart from now on (called from the signal handler, before ``stop``)."""
        self.stopping = True
        self._stopped.set()

    async def _all_exited(self) -> None:
        while live := [w.process for w in self.workers if _running(w.process)]:
            await asyncio.gather(*(p.wait() for p in live if p is not None))
        # A watcher that was inside _spawn terminates what it started, then returns.
        await asyncio.gather(*self._watchers)

    async def watch(self, worker: Worker) -> None:
        """Restart the worker whenever it dies, until the supervisor stops."""
        while not self.stopping:
            code = await worker.process.wait() if worker.process is not None else None
            if self.stopping:
                return
            ran = time.monotonic() - worker.started_at
            worker.crashes = 0 if ran > STABLE_AFTER_SECONDS else worker.crashes + 1
            delay = restart_delay(worker.crashes)
            log.error("worker_exited", worker=worker.index, code=code, retry_in_s=delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), delay)
            if self.stopping:
                return
            try:
                await self._spawn(worker)
            except OSError as exc:  # EAGAIN, ENOMEM: try again after the next back-off
                log.error("worker_start_failed", worker=worker.index, error=str(exc))
                worker.process = None
                worker.started_at = time.monotonic()  # counts as a crash: the back-off grows
                continue
            if self.stopping:  # stop() began while it started: it may not have seen it
                _send(worker.process, signal.SIGTERM)
                await worker.process.wait()
                return
            try:
                await self._wait_ready(worker)
            except RuntimeError as exc:
                log.error("worker_start_failed", worker=worker.index, error=str(exc))

    def ports_line(self) -> str:
        return " ".join([str(self.api_port), *(str(w.bound_ops_port) for w in self.workers)])


async def supervise(config: GatewayConfig, workers: int, *, port_file: Path | None = None) -> None:
    """Run ``workers`` gateway processes until SIGTERM or SIGINT."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    with tempfile.TemporaryDirectory(prefix="meerzorg-workers-") as tmp:
        supervisor = Supervisor(config, workers, Path(tmp))

        def on_stop() -> None:
            supervisor.begin_stop()  # no restart from this moment on
            stop.set()

        loop.add_signal_handler(signal.SIGTERM, on_stop)
        loop.add_signal_handler(signal.SIGINT, on_stop)
        loop.add_signal_handler(signal.SIGHUP, supervisor.reload_all)
        await supervisor.start()
        supervisor.watch_all()
        log.info(
            "workers_ready",
            api_port=supervisor.api_port,
            ops_ports=[w.bound_ops_port for w in supervisor.workers],
            pid=os.getpid(),
        )
        if port_file is not None:
            # "API-port ops-port-of-worker-0 ops-port-of-worker-1 ..."
            await asyncio.to_thread(port_file.write_text, supervisor.ports_line() + "\n")
        try:
            await stop.wait()
        finally:
            log.info("stopping")
            await supervisor.stop()
