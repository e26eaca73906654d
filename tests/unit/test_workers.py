"""The supervisor of ``serve --workers N`` (gateway/workers.py; docs/logging.md, worker_exited).

Its own logic is tested here against stand-in worker processes (tests/unit/fake_worker.py):
real processes and real signals, no gateway. tests/resilience/test_workers.py runs the
real thing.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from gateway import workers
from gateway.workers import Supervisor, Worker, reserve_port, restart_delay

FAKE = Path(__file__).with_name("fake_worker.py")


def test_a_worker_that_ran_a_while_restarts_at_once_then_backs_off_up_to_30_s() -> None:
    assert [restart_delay(n) for n in range(8)] == [0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 30.0]


class FakeSupervisor(Supervisor):
    """Runs fake_worker.py instead of ``serve``; ``delays[n]`` is the start-up time of
    the n-th process started (in order), 0 after the list."""

    def __init__(self, tmp_path: Path, count: int, delays: tuple[float, ...] = ()) -> None:
        config: Any = SimpleNamespace(
            port=0,
            ops_port=0,
            host="127.0.0.1",
            store=SimpleNamespace(command_timeout_seconds=10.0),
        )
        super().__init__(config, count, tmp_path)
        self.log = tmp_path / "signals.log"
        self.log.touch()
        self.delays = list(delays)
        self.spawned: list[asyncio.subprocess.Process] = []

    def _command(self, worker: Worker) -> list[str]:
        delay = self.delays.pop(0) if self.delays else 0.0
        return [sys.executable, str(FAKE), str(worker.port_file), str(delay), str(self.log)]

    async def _spawn(self, worker: Worker) -> None:
        await super()._spawn(worker)
        assert worker.process is not None
        self.spawned.append(worker.process)


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "RESTART_BACKOFF", (0.05,) * 6)


async def wait_until(condition: Any) -> None:
    """Poll: the state lives in other processes and the supervisor's tasks."""
    async with asyncio.timeout(30):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


@pytest.mark.usefixtures("quick_backoff")
async def test_sighup_reaches_the_workers_that_are_up_and_spares_one_still_starting(
    tmp_path: Path,
) -> None:
    """A worker still starting has no SIGHUP handler yet: the signal would end it."""
    supervisor = FakeSupervisor(tmp_path, 2, delays=(0, 0, 1.5))  # the restart is slow
    await supervisor.start()
    supervisor.watch_all()
    try:
        first, second = supervisor.workers
        assert first.process is not None
        assert second.process is not None
        second.process.kill()
        await wait_until(lambda: len(supervisor.spawned) == 3)
        starting = supervisor.spawned[2]
        assert not second.ready
        supervisor.reload_all()
        await wait_until(lambda: second.ready)
        # The very process that was starting came up: SIGHUP did not end it (and cause
        # a restart in its place).
        assert second.process is starting
        assert starting.returncode is None
        assert len(supervisor.spawned) == 3
        await wait_until(lambda: supervisor.log.read_text() != "")
        assert supervisor.log.read_text().split() == ["hup", str(first.process.pid)]
    finally:
        await supervisor.stop()


@pytest.mark.usefixtures("quick_backoff")
async def test_stop_while_a_watcher_is_starting_a_worker_leaves_no_process_behind(
    tmp_path: Path,
) -> None:
    supervisor = FakeSupervisor(tmp_path, 1)
    await supervisor.start()
    supervisor.watch_all()
    gate, entered = asyncio.Event(), asyncio.Event()
    spawn = supervisor._spawn

    async def held_spawn(worker: Worker) -> None:
        entered.set()
        await gate.wait()  # the restart is under way when stop() begins
        await spawn(worker)

    supervisor._spawn = held_spawn  # type: ignore[method-assign]
    [worker] = supervisor.workers
    assert worker.process is not None
    worker.process.kill()
    await asyncio.wait_for(entered.wait(), 30)
    stopping = asyncio.create_task(supervisor.stop())
    await asyncio.sleep(0.1)
    gate.set()
    await asyncio.wait_for(stopping, 30)
    assert len(supervisor.spawned) == 2
    assert all(p.returncode is not None for p in supervisor.spawned), "a worker outlived stop()"


@pytest.mark.usefixtures("quick_backoff")
async def test_a_worker_that_cannot_be_started_is_retried_with_backoff(
    tmp_path: Path,
) -> None:
    supervisor = FakeSupervisor(tmp_path, 1)
    await supervisor.start()
    supervisor.watch_all()
    failures = 3
    spawn = supervisor._spawn

    async def failing_spawn(worker: Worker) -> None:
        nonlocal failures
        if failures:
            failures -= 1
            raise BlockingIOError("fork: Resource temporarily unavailable")
        await spawn(worker)

    supervisor._spawn = failing_spawn  # type: ignore[method-assign]
    try:
        [worker] = supervisor.workers
        assert worker.process is not None
        worker.process.send_signal(signal.SIGKILL)
        await wait_until(lambda: len(supervisor.spawned) == 2 and worker.ready)
        assert failures == 0
        assert worker.crashes == 4  # the kill and three failed starts, each a longer wait
    finally:
        await supervisor.stop()


def test_a_fixed_port_that_something_holds_is_refused() -> None:
    """Workers bind with SO_REUSEPORT; without this check they would share the port with
    another deployment's workers, and the kernel would split the traffic."""
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            reserve_port("127.0.0.1", port)
    assert reserve_port("127.0.0.1", port) == (port, None)  # free again
