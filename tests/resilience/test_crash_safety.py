"""Crash safety, proven: SIGKILL gateway processes at random moments under load.

After every run: each message that got 202 is in the inbox exactly once, a
resubmission of the same bytes gets 200 and the original receipt, nothing
rejected is in the inbox, and the audit trail still verifies. Once on the
embedded SQLite store (one process), once with two processes sharing
PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from gateway.devpki import DevPki
from tests.conftest import REPO
from tests.postgres import PostgresSchema
from tests.resilience.harness import (
    LoadReport,
    Submission,
    build_submissions,
    migrate,
    prove_nothing_lost,
    submit_all,
    write_config,
)
from tests.serving import CLI, GatewayProcess

# A hang guard only: the load fails by itself after a minute without progress.
pytestmark = pytest.mark.timeout(600)

VALID, INVALID = 200, 40
KILLS = 4


def seed() -> int:
    """Random, but printed and reproducible: CRASH_SEED=N pytest ... replays a run."""
    return int(os.environ.get("CRASH_SEED", time.time_ns() % 1_000_000))


async def kill_at_random(
    processes: list[GatewayProcess],
    submissions: list[Submission],
    load: asyncio.Task[LoadReport],
    rng: random.Random,
    kills: int,
) -> list[str]:
    """SIGKILL a random process at random points of the load; restart it after a while.

    The moments are spread over the run (a kill lands between 10 % and 80 % of
    the answers, so always while the load runs) so that each one hits requests
    in flight: mid-decrypt, mid-commit, mid-receipt. A killed process comes back
    in the background; meanwhile the load goes on against the others (or waits).
    Waiting ends when the load does, so a load that failed fails here at once.
    """
    done: list[str] = []
    restarting: set[str] = set()
    restarts: list[asyncio.Task[None]] = []

    async def restart(victim: GatewayProcess) -> None:
        await asyncio.sleep(rng.uniform(0.05, 0.5))  # down for a while
        await asyncio.to_thread(victim.start)
        await asyncio.to_thread(victim.wait_ready)
        restarting.discard(victim.name)

    marks = sorted(rng.uniform(0.1, 0.8) for _ in range(kills))
    for mark in marks:
        while sum(s.status is not None for s in submissions) < mark * len(submissions):
            if load.done():
                break
            await asyncio.sleep(0.005)
        await asyncio.sleep(rng.uniform(0, 0.05))
        while not (up := [p for p in processes if p.name not in restarting]):
            if load.done():
                break
            await asyncio.sleep(0.01)
        if load.done():
            load.result()  # the load's own failure, if it failed
            pytest.fail("the load ended before this kill: the test proves nothing")
        victim = rng.choice(up)
        await asyncio.to_thread(victim.kill)
        done.append(victim.name)
        restarting.add(victim.name)
        restarts.append(asyncio.create_task(restart(victim)))
    await asyncio.gather(*restarts)
    return done


async def run_with_kills(
    pki: DevPki, processes: list[GatewayProcess], rng: random.Random
) -> list[Submission]:
    for p in processes:
        p.start()
    for p in processes:
        p.wait_ready()
    submissions = build_submissions(pki, VALID, INVALID)
    urls = [p.url for p in processes]
    load = asyncio.create_task(submit_all(pki, urls, submissions, concurrency=12))
    killed = await kill_at_random(processes, submissions, load, rng, KILLS)
    report = await load
    assert len(killed) == KILLS
    assert report.no_answer > 0, "no kill hit a request in flight: the test proves nothing"
    assert report.answers.get(500, 0) == 0
    await prove_nothing_lost(pki, urls, submissions)
    return submissions


def audit_verifies(config: Path) -> None:
    result = subprocess.run(
        [*CLI, "audit", "verify", "--config", str(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["ok"] is True


async def test_sigkill_under_load_loses_nothing_on_sqlite(fresh_pki: DevPki, tmp_path: Path):
    rng = random.Random(seed_value := seed())
    config = write_config(fresh_pki, "crash-sqlite", tmp_path / "data")
    migrate(config)
    gw = GatewayProcess(config, tmp_path, "sqlite")
    try:
        subs = await run_with_kills(fresh_pki, [gw], rng)
    except BaseException:
        print(f"CRASH_SEED={seed_value}\n{gw.tail()}")
        raise
    finally:
        gw.stop()
    assert sum(s.status == 422 for s in subs) == INVALID
    audit_verifies(config)


async def test_sigkill_two_processes_on_postgresql_loses_nothing(
    fresh_pki: DevPki, tmp_path: Path, pg_schema: PostgresSchema
):
    dsn, schema = pg_schema.dsn, pg_schema.schema
    rng = random.Random(seed_value := seed())
    config = write_config(fresh_pki, "crash-pg", tmp_path / "data", dsn=dsn, schema=schema)
    migrate(config)
    processes = [GatewayProcess(config, tmp_path, f"pg-{i}") for i in range(2)]
    try:
        subs = await run_with_kills(fresh_pki, processes, rng)
    except BaseException:
        print(f"CRASH_SEED={seed_value}")
        for p in processes:
            print(p.name, p.tail())
        raise
    finally:
        for p in processes:
            p.stop()
    assert sum(s.status == 422 for s in subs) == INVALID
    audit_verifies(config)
