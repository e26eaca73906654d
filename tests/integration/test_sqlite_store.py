"""The SQLite message store as a file: settings, versions and migrations, file-level failures.

What every backend must do is in tests/contract/test_message_store.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.sqlite_store import MIGRATIONS, SCHEMA_VERSION, SqliteMessageStore
from gateway.domain.errors import StoreUnavailable
from gateway.ports import NewMessage, SchemaMismatch
from tests.storedata import INBOX, T0
from tests.storedata import new_message as _message
from tests.storedata import new_receipt as _receipt


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "gateway.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqliteMessageStore]:
    opened = await SqliteMessageStore.open(db_path, migrate=True)
    yield opened
    await opened.close()


async def _accept(store: SqliteMessageStore) -> NewMessage:
    message = _message()
    assert await store.accept(message, _receipt(message.traceer_id)) is None
    return message


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


# --- schema and settings -------------------------------------------------------------------


async def test_uses_wal_and_synchronous_full(store: SqliteMessageStore, db_path: Path) -> None:
    db = store._db  # the store's own connection: synchronous is per connection
    assert await db.execute("PRAGMA synchronous") == [(2,)]  # FULL
    assert await db.execute("PRAGMA journal_mode") == [("wal",)]
    assert await db.execute("PRAGMA busy_timeout") == [(5000,)]
    # WAL is a property of the file: a second connection sees it too.
    with sqlite3.connect(db_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_busy_timeout_is_configurable(db_path: Path) -> None:
    store = await SqliteMessageStore.open(db_path, busy_timeout_ms=50, migrate=True)
    try:
        assert await store._db.execute("PRAGMA busy_timeout") == [(50,)]
    finally:
        await store.close()


async def test_a_migrate_waits_for_another_process_migrating_beyond_the_busy_timeout(
    db_path: Path,
) -> None:
    """A migration may take long (an index on a big table); a second process migrating at
    the same time waits for it, as on PostgreSQL, instead of failing after 50 ms."""
    await (await SqliteMessageStore.open(db_path, migrate=True)).close()
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other process's migration, under way
    release = threading.Timer(1.0, other.execute, ("ROLLBACK",))
    release.start()
    try:
        store = await SqliteMessageStore.open(db_path, busy_timeout_ms=50, migrate=True)
        assert await store._db.execute("PRAGMA busy_timeout") == [(50,)]  # for requests
        await store.close()
    finally:
        release.join()
        other.close()


async def test_migrates_to_the_latest_user_version_and_reopens_idempotently(
    db_path: Path,
) -> None:
    first = await SqliteMessageStore.open(db_path, migrate=True)
    assert (first.migrated_from, first.schema_version) == (0, SCHEMA_VERSION)
    message = await _accept(first)
    await first.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),) == (6,)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(messages)")}
    assert {"messages", "receipts", "events"} <= tables
    assert "lease_until" in columns
    assert "bericht_identificatie" in columns
    assert "traceer_id_as_written" in columns
    again = await SqliteMessageStore.open(db_path)
    try:
        assert again.migrated_from == again.schema_version == SCHEMA_VERSION
        assert (await again.find_message(message.traceer_id)) is not None
    finally:
        await again.close()
    assert _user_version(db_path) == 6


async def test_an_older_file_needs_migrate_and_keeps_its_messages(db_path: Path) -> None:
    """A file of the gateway before leases (version 2): refused until migrated, then leased."""
    db_path.parent.mkdir(parents=True)
    message = _message()
    with sqlite3.connect(db_path) as conn:
        for script in MIGRATIONS[:2]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version=2")
        conn.execute(
            "INSERT INTO messages (traceer_id, sender, afzender, inbox, geadresseerde, "
            "bericht_type, bericht_versie, envelope_digest, delivery_envelope, delivery_sha256, "
            "size, received_at, state, receipt_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Aangeboden', 'r-1')",
            (
                message.traceer_id,
                message.sender,
                message.afzender,
                message.inbox,
                message.geadresseerde,
                message.bericht_type,
                message.bericht_versie,
                message.envelope_digest,
                message.delivery_envelope,
                message.delivery_sha256,
                len(message.delivery_envelope),
                T0.isoformat(timespec="microseconds"),
            ),
        )
    with pytest.raises(SchemaMismatch, match=r"version 2, this gateway needs version 6: run"):
        await SqliteMessageStore.open(db_path)
    assert _user_version(db_path) == 2  # refusing changed nothing
    store = await SqliteMessageStore.open(db_path, migrate=True)
    try:
        assert (store.migrated_from, store.schema_version) == (2, 6)
        [listed] = await store.list_inbox(INBOX, 10, lease=timedelta(minutes=1), now=T0)
        assert (listed.traceer_id, listed.lease_until) == (
            message.traceer_id,
            T0 + timedelta(minutes=1),
        )
    finally:
        await store.close()


async def test_refuses_a_database_of_a_newer_gateway(db_path: Path) -> None:
    await (await SqliteMessageStore.open(db_path, migrate=True)).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    with pytest.raises(SchemaMismatch, match=f"{db_path} has schema version 7, newer"):
        await SqliteMessageStore.open(db_path, migrate=True)


async def test_creates_the_data_directory(db_path: Path) -> None:
    directory = db_path.parent
    assert not directory.exists()
    store = await SqliteMessageStore.open(db_path, migrate=True)
    await store.close()
    assert db_path.is_file()  # noqa: ASYNC240


async def test_without_migrate_a_missing_file_is_not_created(db_path: Path) -> None:
    with pytest.raises(SchemaMismatch, match="version 0"):
        await SqliteMessageStore.open(db_path)
    assert not db_path.exists()  # noqa: ASYNC240


# --- failures of the file ------------------------------------------------------------------


async def test_store_unavailable_on_a_read_only_database(store: SqliteMessageStore) -> None:
    await store._db.execute("PRAGMA query_only=ON")
    message = _message()
    with pytest.raises(StoreUnavailable):
        await store.accept(message, _receipt(message.traceer_id))
    with pytest.raises(StoreUnavailable):
        await store.record_rejection(_receipt(message.traceer_id), "GW210")
    with pytest.raises(StoreUnavailable):
        await store.list_inbox(INBOX, 10, lease=timedelta(minutes=1), now=T0)
    assert await store.find_message(message.traceer_id) is None  # reads still work
    await store.ping()


# --- the connection's own thread: one hop per operation -----------------------------------


def _counts(path: Path, traceer_id: str) -> tuple[int, int, int]:
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT (SELECT COUNT(*) FROM messages WHERE traceer_id = ?), "
            "(SELECT COUNT(*) FROM receipts WHERE traceer_id = ?), "
            "(SELECT COUNT(*) FROM events WHERE traceer_id = ?)",
            (traceer_id,) * 3,
        ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


async def test_a_transaction_under_way_completes_when_its_caller_is_cancelled(
    store: SqliteMessageStore, db_path: Path
) -> None:
    """The transaction runs on the store's thread: cancelling the caller cannot cut it in half."""
    inside, proceed = threading.Event(), threading.Event()

    def two_events(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO events (traceer_id, sender, state, at, code) "
            "VALUES ('t-1', 's', 'Ontvangen', '2026-01-01', NULL)"
        )
        inside.set()
        proceed.wait(5)
        conn.execute(
            "INSERT INTO events (traceer_id, sender, state, at, code) "
            "VALUES ('t-1', 's', 'Aangeboden', '2026-01-01', NULL)"
        )

    task = asyncio.create_task(store._db.transaction(two_events))
    assert await asyncio.to_thread(inside.wait, 5)
    task.cancel()
    proceed.set()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await store.ping()  # runs after everything submitted before it
    assert _counts(db_path, "t-1") == (0, 0, 2)


async def test_an_accept_cancelled_before_it_started_is_not_stored(
    store: SqliteMessageStore, db_path: Path
) -> None:
    """An operation still queued for the store's thread when its caller is cancelled never runs.

    The cancellation reaches the queued job through the event loop, so the thread
    is released only once the cancelled caller has finished: releasing it at once
    would race the loop (the thread may pick the job up first, and then it runs
    whole, which is the other allowed outcome, tested above).
    """
    gate = threading.Event()
    busy = asyncio.ensure_future(store._db.call(lambda _conn: gate.wait(5)))
    message = _message()
    task = asyncio.create_task(store.accept(message, _receipt(message.traceer_id)))
    await asyncio.sleep(0.01)  # queued behind the busy call
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    gate.set()
    await busy
    await store.ping()
    assert _counts(db_path, message.traceer_id) == (0, 0, 0)


async def test_operations_interleave_only_between_transactions(store: SqliteMessageStore) -> None:
    """Many concurrent writers on one store: each transaction whole, none lost."""
    messages = [_message() for _ in range(50)]
    results = await asyncio.gather(
        *(store.accept(m, _receipt(m.traceer_id)) for m in messages),
        *(store.list_inbox(INBOX, 250, lease=timedelta(seconds=30), now=T0) for _ in range(5)),
    )
    assert results[:50] == [None] * 50
    assert len(await store.list_inbox(INBOX, 250)) == 50


async def test_operations_queued_behind_a_held_write_lock_fail_together(db_path: Path) -> None:
    """Another process holds the write lock (a long purge, say): the first operation waits
    its busy timeout, and the ones queued behind it, having waited as long for their
    turn, fail at once instead of one busy timeout after another."""
    busy = 1.0
    store = await SqliteMessageStore.open(db_path, busy_timeout_ms=int(busy * 1000), migrate=True)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        messages = [_message() for _ in range(6)]
        started = time.monotonic()
        results = await asyncio.gather(
            *(store.accept(m, _receipt(m.traceer_id)) for m in messages), return_exceptions=True
        )
        elapsed = time.monotonic() - started
        assert all(isinstance(r, StoreUnavailable) for r in results), results
        assert elapsed < len(messages) * busy / 2, elapsed  # one after another: >= 6 s
        other.execute("ROLLBACK")
        assert await store.accept(messages[0], _receipt(messages[0].traceer_id)) is None
    finally:
        other.close()
        await store.close()


async def test_closing_twice_is_harmless_and_a_closed_store_is_unavailable(
    db_path: Path,
) -> None:
    store = await SqliteMessageStore.open(db_path, migrate=True)
    await store.close()
    await store.close()
    with pytest.raises(StoreUnavailable):
        await store.find_message("x")
    with pytest.raises(StoreUnavailable):
        await store.ping()
