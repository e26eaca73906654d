"""What every SQLite adapter of the gateway opens its file with, and how it migrates it.

Each store owns one ``sqlite3`` connection on a thread of its own, and every
store operation is one function run on that thread: a whole write transaction
(``BEGIN IMMEDIATE`` … ``COMMIT``) is a single hop from the event loop, instead
of one hop per statement. The thread is the only user of the connection, so
operations never interleave and no lock is needed; they run in the order they
were submitted. Write transactions are group-committed (adapters/groupcommit.py):
those that arrive while a commit is under way share the next ``BEGIN IMMEDIATE``
… ``COMMIT``, each in a savepoint of its own, so under load one fsync of the WAL
makes many of them durable. An operation that waited for its turn longer than the busy
timeout fails without running ("database is locked", a 503), so a queue behind
another process's long write lock drains at once instead of one busy timeout
after another.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from adapters.groupcommit import BatchStats, GroupCommit, Outcome
from adapters.versions import check_schema_version
from gateway.domain.errors import StoreUnavailable

T = TypeVar("T")
VersionReader = Callable[[sqlite3.Connection], int]
# Migrating waits for another process's migration and may rewrite tables: not a request.
MIGRATION_BUSY_TIMEOUT_MS = 300_000


class SqliteConnection:
    """One durable connection, used only from its own thread; one hop per operation.

    A cancelled caller does not stop an operation that has started: a write
    transaction always runs to its COMMIT or ROLLBACK, never half. One still
    waiting for the thread when the cancellation reaches it is dropped, as if
    never asked; either way an operation runs whole or not at all.
    """

    def __init__(
        self, conn: sqlite3.Connection, executor: ThreadPoolExecutor, patience: float
    ) -> None:
        self._conn = conn
        self._executor = executor
        self._closed = False
        self._patience = patience  # seconds an operation may wait for its turn
        self._group: GroupCommit[_Write] = GroupCommit(self._commit_batch)

    @classmethod
    async def connect(cls, path: Path, *, busy_timeout_ms: int = 5000) -> SqliteConnection:
        """A connection in WAL mode with ``synchronous=FULL``: a commit is on disk when it returns.

        ``isolation_level=None`` leaves transactions to the caller (``BEGIN IMMEDIATE``);
        a writer waits ``busy_timeout_ms`` for another process's lock.
        """
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"sqlite-{path.name}")
        loop = asyncio.get_running_loop()
        try:
            conn = await loop.run_in_executor(
                executor, partial(_connect_durable, path, busy_timeout_ms)
            )
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(conn, executor, busy_timeout_ms / 1000)

    async def call(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn(connection)`` on the connection's thread (reads, or a caller's own
        transaction control)."""
        if self._closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        loop = asyncio.get_running_loop()
        due = time.monotonic() + self._patience
        return await loop.run_in_executor(self._executor, self._run_in_time, fn, due)

    def _run_in_time(self, fn: Callable[[sqlite3.Connection], T], due: float) -> T:
        if time.monotonic() > due:
            raise sqlite3.OperationalError("database is locked (waited too long for its turn)")
        return fn(self._conn)

    async def transaction(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn(connection)`` inside ``BEGIN IMMEDIATE`` … ``COMMIT``; its value once the
        COMMIT is durable.

        Concurrent calls share one transaction (group commit), each in a savepoint:
        an exception of ``fn`` rolls back only what ``fn`` did and is raised as it
        is; a failed BEGIN or COMMIT is raised to every call of the batch.
        """
        if self._closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        write = _Write(fn, time.monotonic() + self._patience)
        try:
            result: T = await self._group.submit(write)
        except asyncio.CancelledError:
            # Not yet started on the thread: it never will be (see _run_batch).
            write.abandoned = True
            raise
        return result

    @property
    def commit_stats(self) -> BatchStats:
        """Write transactions per durable commit so far (operators, benchmarks)."""
        return self._group.stats

    async def _commit_batch(self, writes: Sequence[_Write]) -> list[Outcome]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, _run_batch, writes, self._conn)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """One statement outside a transaction; its rows."""
        return await self.call(lambda conn: conn.execute(sql, params).fetchall())

    async def close(self) -> None:
        """Close after the operations already submitted; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            await self._group.close()
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._executor, self._conn.close)
        finally:
            self._executor.shutdown(wait=False)


def _connect_durable(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        _enable_wal(conn, busy_timeout_ms / 1000)
        conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def _enable_wal(conn: sqlite3.Connection, patience: float) -> None:
    """Switch to WAL; another process switching a new file at the same moment gets
    "database is locked" without the busy handler being asked, so wait here."""
    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
        else:
            return


@dataclass(slots=True)
class _Write:
    """A write transaction's body and the moment it stops waiting for its turn.

    ``abandoned`` is set on the event loop when the caller is cancelled; the thread
    reads it when the batch starts, so a write whose caller left before it started
    never runs (one already started runs whole).
    """

    fn: Callable[[sqlite3.Connection], Any]
    due: float
    abandoned: bool = False


def _run_batch(writes: Sequence[_Write], conn: sqlite3.Connection) -> list[Outcome]:
    """On the connection's thread: the batch in one transaction, one savepoint per write.

    A write that waited past its patience fails without running ("database is
    locked", as a lone one would). A failing write is rolled back to its savepoint.
    Should SQLite roll back the whole transaction on its own (an I/O error, a full
    disk), the writes done so far are lost with it: the failing write gets its
    error and the others run again in a fresh transaction.
    """
    outcomes: list[Outcome | None] = [None] * len(writes)
    now = time.monotonic()
    todo: list[int] = []
    for i, write in enumerate(writes):
        if write.abandoned:
            outcomes[i] = Outcome()  # nobody waits for it
        elif now > write.due:
            outcomes[i] = Outcome(
                error=sqlite3.OperationalError("database is locked (waited too long for its turn)")
            )
        else:
            todo.append(i)
    try:
        while todo:
            todo = _run_once(writes, todo, outcomes, conn)
    except BaseException:  # a savepoint statement failed: leave no transaction open
        _rollback(conn)
        raise
    return [o if o is not None else Outcome() for o in outcomes]


def _run_once(
    writes: Sequence[_Write],
    todo: list[int],
    outcomes: list[Outcome | None],
    conn: sqlite3.Connection,
) -> list[int]:
    """One transaction over ``todo``; the indices still to run when it was lost, else []."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        for i in todo:
            outcomes[i] = Outcome(error=exc)
        return []
    done: list[tuple[int, Any]] = []
    for position, i in enumerate(todo):
        conn.execute("SAVEPOINT batch_write")
        try:
            value = writes[i].fn(conn)
        except Exception as exc:  # noqa: BLE001 - handed to its own caller as it is
            if not conn.in_transaction:  # SQLite rolled the whole transaction back
                outcomes[i] = Outcome(error=exc)
                return [j for j, _ in done] + todo[position + 1 :]
            try:
                conn.execute("ROLLBACK TO batch_write")
                conn.execute("RELEASE batch_write")
            except sqlite3.Error:  # the transaction is beyond saving: nothing commits
                _rollback(conn)
                outcomes[i] = Outcome(error=exc)
                return [j for j, _ in done] + todo[position + 1 :]
            outcomes[i] = Outcome(error=exc)
            continue
        conn.execute("RELEASE batch_write")
        done.append((i, value))
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        _rollback(conn)
        for i, _ in done:
            outcomes[i] = Outcome(error=exc)
        return []
    for i, value in done:
        outcomes[i] = Outcome(value=value)
    return []


def _rollback(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _in_transaction(fn: Callable[[sqlite3.Connection], T], conn: sqlite3.Connection) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = fn(conn)
        conn.execute("COMMIT")
    except BaseException:
        # A failed COMMIT can leave the transaction open; end it so the
        # connection can serve the next operation.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    return result


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version a file records (``PRAGMA user_version``; 0 for a new file)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0]) if row else 0


def _migrate(
    what: str,
    migrations: Sequence[Sequence[str]],
    read_version: VersionReader,
    conn: sqlite3.Connection,
) -> int:
    """Apply the pending migrations (each a list of statements); returns the version found.

    Runs inside the write transaction, so the version is read under the lock: two
    processes migrating one file at once must not both run a migration ("table
    already exists"). executescript() would commit first, so statements run one by one.
    """
    found = read_version(conn)
    check_schema_version(what, found, len(migrations), migrating=True)
    for number, statements in enumerate(migrations[found:], start=found + 1):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version={number}")
    if user_version(conn) != len(migrations):
        # A version recognised from the tables rather than recorded (read_version).
        conn.execute(f"PRAGMA user_version={len(migrations)}")
    return found


async def open_versioned(
    path: Path,
    what: str,
    migrations: Sequence[Sequence[str]],
    *,
    busy_timeout_ms: int,
    migrate: bool,
    read_version: VersionReader = user_version,
) -> tuple[SqliteConnection, int]:
    """A durable connection to a file at the latest schema version, and the version found.

    Without ``migrate`` a missing file is version 0: it is not created, and
    SchemaMismatch tells the operator to run ``meerzorg-gateway migrate``.
    """
    if not migrate and not await asyncio.to_thread(path.exists):
        check_schema_version(what, 0, len(migrations))
    try:
        db = await SqliteConnection.connect(path, busy_timeout_ms=busy_timeout_ms)
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"{what}: {exc}") from exc
    try:
        if migrate:
            found = await db.call(partial(_migrate_patiently, what, migrations, read_version))
        else:
            found = await db.call(read_version)
            check_schema_version(what, found, len(migrations))
    except sqlite3.Error as exc:
        await db.close()
        raise StoreUnavailable(f"{what}: {exc}") from exc
    except BaseException:
        await db.close()
        raise
    return db, found


def _migrate_patiently(
    what: str,
    migrations: Sequence[Sequence[str]],
    read_version: VersionReader,
    conn: sqlite3.Connection,
) -> int:
    """The migration transaction, waiting as long as another process's migration may
    take (not the request-sized busy timeout), then the connection's own timeout again."""
    (busy_ms,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute(f"PRAGMA busy_timeout={MIGRATION_BUSY_TIMEOUT_MS}")
    try:
        return _in_transaction(partial(_migrate, what, migrations, read_version), conn)
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
