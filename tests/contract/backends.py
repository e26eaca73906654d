"""The two store backends behind one test interface, so each contract test runs on both.

A Backend opens stores (any number: two stores on one file or schema are two
gateway processes as far as the database is concerned), and reaches into the
database the way an operator or an attacker would: counting rows, raw SQL,
tampering, holding locks, setting a schema version.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ClassVar

import asyncpg

from adapters.postgres_audit import PostgresAuditStore
from adapters.postgres_store import PostgresMessageStore
from adapters.sqlite_audit import SqliteAuditStore
from adapters.sqlite_store import SqliteMessageStore
from tests.postgres import PostgresSchema, connect_admin

AnyMessageStore = SqliteMessageStore | PostgresMessageStore
AnyAuditStore = SqliteAuditStore | PostgresAuditStore
AnyStore = AnyMessageStore | AnyAuditStore


class Backend:
    """What a contract test may ask of a backend; ``?`` marks a parameter in raw SQL."""

    name: ClassVar[str]
    integrity_error: ClassVar[type[Exception]]  # a second row with a unique key
    refused_error: ClassVar[type[Exception]]  # the audit tables refusing a change

    def __init__(self) -> None:
        self._opened: list[AnyStore] = []

    def _track(self, store: AnyStore) -> None:
        self._opened.append(store)

    async def close_all(self) -> None:
        for store in reversed(self._opened):
            with contextlib.suppress(Exception):
                await store.close()

    async def open_store(self, *, migrate: bool = True, impatient: bool = False) -> AnyMessageStore:
        """A message store; ``impatient`` gives up waiting for a lock within a fraction of a
        second (busy timeout, command timeout)."""
        raise NotImplementedError

    async def open_audit(self, *, migrate: bool = True) -> AnyAuditStore:
        raise NotImplementedError

    async def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Raw SQL on a connection of its own (not the store's)."""
        raise NotImplementedError

    async def execute(self, *statements: str) -> None:
        raise NotImplementedError

    async def tamper(self, *statements: str) -> None:
        """What someone with full access to the database can do: switch the append-only
        triggers off, then edit."""
        raise NotImplementedError

    def hold_write_lock(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Another connection keeps every writer of the message tables waiting."""
        raise NotImplementedError

    def hold_message(self, traceer_id: str) -> contextlib.AbstractAsyncContextManager[None]:
        """Another connection holds one message row locked (SQLite: the whole file), so
        concurrent calls that touch it are made to meet there."""
        raise NotImplementedError

    async def set_version(self, component: str, version: int) -> None:
        """Record schema ``version`` for ``component`` ("messages" or "audit")."""
        raise NotImplementedError

    async def scalar(self, sql: str, *params: Any) -> Any:
        [row] = await self.rows(sql, *params)
        return row[0]

    async def count(self, table: str) -> int:
        return int(await self.scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608 - tests' names


class SqliteBackend(Backend):
    """Two files in a temporary directory, as ``data_dir`` holds them."""

    name = "sqlite"
    integrity_error = sqlite3.IntegrityError
    refused_error = sqlite3.IntegrityError

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.store_path = directory / "data" / "gateway.sqlite3"
        self.audit_path = directory / "data" / "audit.sqlite3"

    async def open_store(self, *, migrate: bool = True, impatient: bool = False) -> AnyMessageStore:
        store = await SqliteMessageStore.open(
            self.store_path, migrate=migrate, busy_timeout_ms=50 if impatient else 5000
        )
        self._track(store)
        return store

    async def open_audit(self, *, migrate: bool = True) -> AnyAuditStore:
        store = await SqliteAuditStore.open(self.audit_path, migrate=migrate)
        self._track(store)
        return store

    def _path(self, sql: str) -> Path:
        # The audit tables (audit, audit_subjects) have a file of their own.
        return self.audit_path if "audit" in sql else self.store_path

    @contextlib.contextmanager
    def _connect(self, path: Path) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()

    async def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with self._connect(self._path(sql)) as conn:
            return [tuple(r) for r in conn.execute(sql, params).fetchall()]

    async def execute(self, *statements: str) -> None:
        for statement in statements:
            with self._connect(self._path(statement)) as conn:
                conn.execute(statement)

    async def tamper(self, *statements: str) -> None:
        with self._connect(self.audit_path) as conn:
            for trigger in ("audit_no_update", "audit_no_delete"):
                conn.execute(f"DROP TRIGGER {trigger}")
            for statement in statements:
                conn.execute(statement)

    @asynccontextmanager
    async def hold_write_lock(self) -> AsyncIterator[None]:
        blocker = sqlite3.connect(self.store_path, isolation_level=None, timeout=0.05)
        try:
            blocker.execute("BEGIN EXCLUSIVE")
            yield
            blocker.execute("ROLLBACK")
        finally:
            blocker.close()

    def hold_message(self, traceer_id: str) -> contextlib.AbstractAsyncContextManager[None]:
        return self.hold_write_lock()

    async def set_version(self, component: str, version: int) -> None:
        path = self.audit_path if component == "audit" else self.store_path
        with self._connect(path) as conn:
            conn.execute(f"PRAGMA user_version={int(version)}")


def _numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2, ...``."""
    parts = sql.split("?")
    return "".join(p + (f"${i}" if i < len(parts) else "") for i, p in enumerate(parts, 1))


class PostgresBackend(Backend):
    """One fresh schema of the test database for both stores, as ``[store] schema`` sets."""

    name = "postgresql"
    integrity_error = asyncpg.UniqueViolationError
    refused_error = asyncpg.InsufficientPrivilegeError

    def __init__(self, where: PostgresSchema) -> None:
        super().__init__()
        self.dsn = where.dsn
        self.schema = where.schema

    async def open_store(
        self, *, migrate: bool = True, impatient: bool = False, pool_size: int = 4
    ) -> AnyMessageStore:
        store = await PostgresMessageStore.open(
            self.dsn,
            schema=self.schema,
            pool_size=pool_size,
            connect_timeout=1.0 if impatient else 5.0,
            command_timeout=0.3 if impatient else 10.0,
            migrate=migrate,
        )
        self._track(store)
        return store

    async def open_audit(self, *, migrate: bool = True) -> AnyAuditStore:
        store = await PostgresAuditStore.open(self.dsn, schema=self.schema, migrate=migrate)
        self._track(store)
        return store

    @asynccontextmanager
    async def _connect(self) -> AsyncIterator[asyncpg.Connection]:
        conn = await connect_admin(schema=self.schema)
        try:
            yield conn
        finally:
            await conn.close()

    async def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        async with self._connect() as conn:
            return [tuple(r) for r in await conn.fetch(_numbered(sql), *params)]

    async def execute(self, *statements: str) -> None:
        async with self._connect() as conn:
            for statement in statements:
                await conn.execute(statement)

    async def tamper(self, *statements: str) -> None:
        async with self._connect() as conn:
            # A superuser's way round every trigger (and foreign key) of the session.
            await conn.execute("SET session_replication_role = replica")
            for statement in statements:
                await conn.execute(statement)

    @asynccontextmanager
    async def hold_write_lock(self) -> AsyncIterator[None]:
        async with self._connect() as conn, conn.transaction():
            # EXCLUSIVE: plain reads go on, every write and FOR UPDATE waits.
            await conn.execute("LOCK TABLE messages, receipts, events IN EXCLUSIVE MODE")
            yield

    @asynccontextmanager
    async def hold_message(self, traceer_id: str) -> AsyncIterator[None]:
        async with self._connect() as conn, conn.transaction():
            await conn.execute(
                "SELECT 1 FROM messages WHERE traceer_id = $1 FOR UPDATE", traceer_id
            )
            yield

    async def set_version(self, component: str, version: int) -> None:
        async with self._connect() as conn:
            await conn.execute(
                "UPDATE meerzorg_schema_version SET version = $1 WHERE component = $2",
                version,
                component,
            )
