"""PostgreSQL really stopped under load, then started again.

While it is down the gateway answers 503 with Retry-After (never 500, never
a hang past the request timeout) and /readyz says not ready; within a few
seconds of its return the gateway accepts again without a restart, and
nothing it accepted is lost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from gateway.devpki import DevPki
from tests.resilience.harness import (
    build_submissions,
    migrate,
    prove_nothing_lost,
    submit_all,
    write_config,
)
from tests.resilience.pgserver import PrivatePostgres
from tests.serving import GatewayProcess

# A hang guard only: the load fails by itself after a minute without progress.
pytestmark = pytest.mark.timeout(600)

OUTAGE_SECONDS = 3.0
RECOVERY_BOUND = 5.0  # "within a few seconds" of PostgreSQL accepting connections again
REQUEST_BOUND = 15.0  # connect (2 s) and statement (5 s) timeouts of the test config, plus slack


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    pg = PrivatePostgres()
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.destroy()


async def watch_readiness(
    ops_port: int, seen: list[tuple[float, int]], stop: asyncio.Event
) -> None:
    async with aiohttp.ClientSession() as session:
        while not stop.is_set():
            try:
                async with session.get(
                    f"http://127.0.0.1:{ops_port}/readyz", timeout=aiohttp.ClientTimeout(total=10)
                ) as resp:
                    seen.append((time.monotonic(), resp.status))
            except (aiohttp.ClientError, TimeoutError):
                seen.append((time.monotonic(), 0))
            await asyncio.sleep(0.1)


@pytest.mark.parametrize("mode", ["fast", "immediate"])
async def test_postgres_outage_gives_503_then_recovers_and_loses_nothing(
    fresh_pki: DevPki, tmp_path: Path, private_pg: PrivatePostgres, mode: str
):
    config = write_config(fresh_pki, "outage", tmp_path / "data", dsn=private_pg.dsn)
    migrate(config)
    gw = GatewayProcess(config, tmp_path, "outage")
    gw.start()
    try:
        gw.wait_ready()
        submissions = build_submissions(fresh_pki, 150, 0)
        readiness: list[tuple[float, int]] = []
        stop_watch = asyncio.Event()
        watcher = asyncio.create_task(watch_readiness(gw.ops_ports[0], readiness, stop_watch))
        load = asyncio.create_task(submit_all(fresh_pki, [gw.url], submissions, concurrency=8))
        while sum(s.status is not None for s in submissions) < 30:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        await asyncio.to_thread(private_pg.stop, mode)
        down_at = time.monotonic()  # pg_ctl -w returned: the server is gone
        await asyncio.sleep(OUTAGE_SECONDS)
        assert not load.done(), "the load ended before the outage: nothing was tested"
        # pg_ctl -w returns a poll interval after the server accepts connections, and
        # this task resumes after the load's tasks have recorded what they received by
        # then: answers count as "during the outage" only up to the start command.
        starting_at = time.monotonic()
        await asyncio.to_thread(private_pg.start)
        up_at = time.monotonic()
        report = await load
        await asyncio.sleep(0.5)
        stop_watch.set()
        await watcher

        # Requests sent while the server was down and answered before it was started.
        during = [
            status for sent, done, status in report.events if down_at < sent and done < starting_at
        ]
        assert during, "no request was answered during the outage"
        assert set(during) == {503}, sorted(set(during), key=str)
        assert report.answers.get(503, 0) > 0
        assert report.answers.get(500, 0) == 0
        assert report.retry_after_missing == 0, "every 503 carries Retry-After"
        assert report.slowest < REQUEST_BOUND, report.slowest
        # Requests in flight when the server went down may lose their connection only if
        # the gateway itself failed; it must answer every request.
        assert report.no_answer == 0

        not_ready = [at for at, status in readiness if status == 503 and down_at < at < starting_at]
        assert not_ready, "readiness never turned false during the outage"
        assert not_ready[0] - down_at < RECOVERY_BOUND
        accepted_again = sorted(
            done for _, done, status in report.events if done > up_at and status == 202
        )
        assert accepted_again, "no 202 after PostgreSQL came back"
        assert accepted_again[0] - up_at < RECOVERY_BOUND, accepted_again[0] - up_at
        ready_again = [at for at, status in readiness if status == 200 and at > up_at]
        assert ready_again
        assert ready_again[0] - up_at < RECOVERY_BOUND

        await prove_nothing_lost(fresh_pki, [gw.url], submissions)
        assert gw.process is not None
        assert gw.process.poll() is None, "no restart was needed"
    except BaseException:
        print(gw.tail())
        raise
    finally:
        gw.stop()
