"""SQLite's side of group commit (adapters/sqlite_common.py) on a real file: what a batch
does when one write fails, when SQLite drops the whole transaction, and when a write
waited past its patience."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from adapters.sqlite_common import SqliteConnection


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[SqliteConnection]:
    db = await SqliteConnection.connect(tmp_path / "g.sqlite3", busy_timeout_ms=2000)
    await db.execute("CREATE TABLE t (v TEXT PRIMARY KEY)")
    yield db
    await db.close()


def _insert(value: str) -> Callable[[sqlite3.Connection], str]:
    def fn(conn: sqlite3.Connection) -> str:
        conn.execute("INSERT INTO t (v) VALUES (?)", (value,))
        return value

    return fn


async def _values(db: SqliteConnection) -> set[str]:
    return {row[0] for row in await db.execute("SELECT v FROM t")}


async def test_a_batch_commits_each_write_and_undoes_only_the_failing_one(
    db: SqliteConnection,
) -> None:
    await db.transaction(_insert("taken"))
    results = await asyncio.gather(
        db.transaction(_insert("a")),
        db.transaction(_insert("taken")),  # primary key clash: its savepoint rolls back
        db.transaction(_insert("b")),
        return_exceptions=True,
    )
    assert results[0] == "a"
    assert isinstance(results[1], sqlite3.IntegrityError)
    assert results[2] == "b"
    assert await _values(db) == {"taken", "a", "b"}
    assert db.commit_stats.sizes.get(3) == 1  # the three shared one commit


async def test_when_sqlite_drops_the_transaction_the_others_run_again(
    db: SqliteConnection,
) -> None:
    """A write whose failure ends the whole transaction (as an I/O error or a full disk
    makes SQLite do) takes the writes before it with it: they run again, alone."""

    def drops_everything(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO t (v) VALUES ('lost')")
        conn.execute("ROLLBACK")
        raise sqlite3.OperationalError("disk I/O error (simulated after a real ROLLBACK)")

    results = await asyncio.gather(
        db.transaction(_insert("before")),
        db.transaction(drops_everything),
        db.transaction(_insert("after")),
        return_exceptions=True,
    )
    assert results[0] == "before"
    assert isinstance(results[1], sqlite3.OperationalError)
    assert results[2] == "after"
    assert await _values(db) == {"before", "after"}
    assert await db.execute("SELECT 1") == [(1,)]  # no transaction left open


async def test_a_failed_commit_fails_every_write_of_the_batch(tmp_path: Path) -> None:
    """Another connection holds the write lock past the busy timeout: BEGIN fails, and so
    does every write of the batch; none of them is stored."""
    path = tmp_path / "locked.sqlite3"
    db = await SqliteConnection.connect(path, busy_timeout_ms=200)
    try:
        await db.execute("CREATE TABLE t (v TEXT PRIMARY KEY)")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            results = await asyncio.gather(
                db.transaction(_insert("x")), db.transaction(_insert("y")), return_exceptions=True
            )
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert all(isinstance(r, sqlite3.OperationalError) for r in results)
        assert await _values(db) == set()
        assert await db.transaction(_insert("z")) == "z"
    finally:
        await db.close()


async def test_a_write_cancelled_before_its_batch_started_never_runs(
    db: SqliteConnection,
) -> None:
    gate = threading.Event()
    busy = asyncio.ensure_future(db.call(lambda _conn: gate.wait(5)))
    await asyncio.sleep(0.01)
    kept = asyncio.ensure_future(db.transaction(_insert("kept")))
    dropped = asyncio.ensure_future(db.transaction(_insert("dropped")))
    await asyncio.sleep(0.01)  # both are in a batch waiting for the thread
    dropped.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dropped
    gate.set()
    await busy
    assert await kept == "kept"
    assert await _values(db) == {"kept"}
