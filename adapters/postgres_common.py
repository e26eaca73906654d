"""What every PostgreSQL adapter of the gateway shares: the pool, error mapping, migrations.

Correctness across processes comes from the database (constraints, row locks,
advisory locks), never from this process's memory. Every failure to reach or
use the database becomes the adapter's ``StoreUnavailable`` (503 with
Retry-After): getting a connection is retried briefly, as no statement has
been sent yet; a failure inside a transaction never is, as its outcome is the
caller's to find out (a provider resubmits and duplicate detection answers).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import structlog
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential,
)

from adapters.groupcommit import Outcome
from adapters.versions import check_schema_version
from gateway.domain.errors import StoreUnavailable

log = structlog.get_logger("adapters.postgres")

# A connection could not be made (yet): worth another try before any statement is sent.
CONNECT_FAILURES: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
)
# Anything the database or the driver raises: the store cannot serve this request.
# Constraint violations are left out: they are answers (a duplicate) or bugs, not outages.
FAILURES: tuple[type[BaseException], ...] = (
    *CONNECT_FAILURES,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
)
ACQUIRE_RETRY_SECONDS = 1.0  # per request: about a second of short exponential back-off
# Migrating waits for another process's migration and may rewrite tables: not a request.
MIGRATION_TIMEOUT = 300.0
VERSION_TABLE = "meerzorg_schema_version"

Migrations = Sequence[Sequence[str]]  # per version, its statements
# One write of a group commit: statements on the batch's connection, inside a savepoint.
PgWrite = Callable[[asyncpg.Connection], Awaitable[Any]]


def quote_ident(name: str) -> str:
    """A SQL identifier, quoted (schema names come from configuration)."""
    return '"' + name.replace('"', '""') + '"'


def lock_key(purpose: str, schema: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_xact_lock``, one per purpose and schema."""
    digest = hashlib.blake2b(f"meerzorg-gateway:{purpose}:{schema}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def describe(exc: BaseException) -> str:
    """What went wrong, for the operator: the error's class and message (never parameters)."""
    text = str(exc) or "no details"
    return f"PostgreSQL: {type(exc).__name__}: {text}"


def is_failure(exc: BaseException) -> bool:
    return isinstance(exc, FAILURES) and not isinstance(
        exc, asyncpg.IntegrityConstraintViolationError
    )


async def _no_reset(conn: asyncpg.Connection) -> None:
    """Release without the reset query: the pool still rolls back an open transaction, and
    the adapters keep no session state (no SET, LISTEN, cursors or session locks)."""


async def _init_connection(conn: asyncpg.Connection) -> None:
    """A commit returns after it is durable (the port's promise): a server or role default of
    ``synchronous_commit = off`` is raised to ``on``; stronger settings are kept."""
    await conn.execute(
        "SELECT set_config('synchronous_commit', 'on', false) "
        "WHERE current_setting('synchronous_commit') = 'off'"
    )


class PostgresDatabase:
    """A pool of connections pinned to one schema; every failure surfaces as ``unavailable``."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        schema: str,
        connect_timeout: float,
        command_timeout: float,
        unavailable: type[StoreUnavailable],
    ) -> None:
        self._pool = pool
        self.schema = schema
        self.connect_timeout = connect_timeout
        self.command_timeout = command_timeout
        self._unavailable = unavailable

    @classmethod
    async def open(
        cls,
        dsn: str,
        *,
        schema: str,
        pool_size: int,
        connect_timeout: float,
        command_timeout: float,
        unavailable: type[StoreUnavailable] = StoreUnavailable,
    ) -> PostgresDatabase:
        """A pool that connects on demand (``start`` makes the first connection)."""
        if pool_size < 1:
            raise ValueError("pool_size must be at least 1")
        # A transaction left open by a stalled process would hold its row and advisory
        # locks (the audit chain's among them) for every other process: end it.
        idle_ms = int(max(command_timeout * 3, 5.0) * 1000)
        try:
            pool = await asyncpg.create_pool(
                dsn,
                min_size=0,
                max_size=pool_size,
                timeout=connect_timeout,
                command_timeout=command_timeout,
                init=_init_connection,
                reset=_no_reset,
                server_settings={
                    "search_path": quote_ident(schema),
                    "application_name": "meerzorg-gateway",
                    "idle_in_transaction_session_timeout": str(idle_ms),
                    # The adapters' row locks, ON CONFLICT and SKIP LOCKED are written for
                    # READ COMMITTED; a database or role default of REPEATABLE READ or
                    # SERIALIZABLE would turn concurrent duplicates and lease claims into
                    # serialization failures (503s). Pinned per connection.
                    "default_transaction_isolation": "read committed",
                },
            )
        except FAILURES as exc:  # a malformed DSN is a ValueError and stays one
            raise unavailable(describe(exc)) from exc
        return cls(
            pool,
            schema=schema,
            connect_timeout=connect_timeout,
            command_timeout=command_timeout,
            unavailable=unavailable,
        )

    @classmethod
    async def open_versioned(
        cls,
        dsn: str,
        component: str,
        migrations: Migrations,
        *,
        what: str,
        migrate: bool,
        schema: str,
        pool_size: int,
        connect_timeout: float,
        command_timeout: float,
        unavailable: type[StoreUnavailable] = StoreUnavailable,
    ) -> tuple[PostgresDatabase, int]:
        """``open`` then ``start``: the pool and the schema version found (closed on error),
        as ``sqlite_common.open_versioned`` is for a file."""
        db = await cls.open(
            dsn,
            schema=schema,
            pool_size=pool_size,
            connect_timeout=connect_timeout,
            command_timeout=command_timeout,
            unavailable=unavailable,
        )
        try:
            return db, await db.start(component, migrations, migrate=migrate, what=what)
        except BaseException:
            await db.close()
            raise

    # --- start-up: wait for the server, then check or migrate the schema ---------------

    async def start(
        self, component: str, migrations: Migrations, *, migrate: bool, what: str
    ) -> int:
        """Check (or with ``migrate`` bring up to date) ``component``'s schema version.

        Returns the version found. A server that is not up yet is waited for,
        up to three times the connect timeout (a gateway started together with
        its database); then ``unavailable``. SchemaMismatch as for SQLite; ``what``
        names the store in its message (``"message store"``).
        """
        retrying = AsyncRetrying(
            stop=stop_after_delay(self.connect_timeout * 3),
            wait=wait_exponential(multiplier=0.1, max=1.0),
            retry=retry_if_exception_type(CONNECT_FAILURES),
            reraise=True,
        )
        try:
            found: int = await retrying(self._start_once, component, migrations, migrate, what)
        except FAILURES as exc:
            if not is_failure(exc):
                raise
            raise self._unavailable(describe(exc)) from exc
        return found

    async def _start_once(
        self, component: str, migrations: Migrations, migrate: bool, what: str
    ) -> int:
        what = f"{what} (PostgreSQL schema {self.schema})"
        conn = await self._acquire_once()
        try:
            if migrate:
                return await self._migrate(conn, what, component, migrations)
            found = await self._version(conn, component)
            check_schema_version(what, found, len(migrations))
            return found
        finally:
            await self._release(conn)

    async def _version(self, conn: asyncpg.Connection, component: str) -> int:
        table = f"{quote_ident(self.schema)}.{VERSION_TABLE}"
        if await conn.fetchval("SELECT to_regclass($1)", table) is None:
            return 0
        version = await conn.fetchval(
            f"SELECT version FROM {table} WHERE component = $1", component
        )
        return 0 if version is None else int(version)

    async def _migrate(
        self, conn: asyncpg.Connection, what: str, component: str, migrations: Migrations
    ) -> int:
        """Apply pending migrations in one transaction, serialized across processes."""
        schema = quote_ident(self.schema)
        timeout = max(self.command_timeout, MIGRATION_TIMEOUT)
        async with conn.transaction():
            await conn.execute(
                "SELECT pg_advisory_xact_lock($1)",
                lock_key("migrate", self.schema),
                timeout=timeout,
            )
            # Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even
            # when a DBA made the schema beforehand.
            if not await conn.fetchval(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", self.schema
            ):
                await conn.execute(f"CREATE SCHEMA {schema}")
            await conn.execute(f"SET LOCAL search_path TO {schema}")
            if await conn.fetchval("SELECT to_regclass($1)", VERSION_TABLE) is None:
                await conn.execute(
                    f"CREATE TABLE {VERSION_TABLE} (component text PRIMARY KEY, "
                    "version integer NOT NULL CHECK (version >= 0))"
                )
            found = await self._version(conn, component)
            check_schema_version(what, found, len(migrations), migrating=True)
            for statements in migrations[found:]:
                for statement in statements:
                    await conn.execute(statement, timeout=timeout)
            if found < len(migrations):
                await conn.execute(
                    f"INSERT INTO {VERSION_TABLE} (component, version) VALUES ($1, $2) "
                    "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                    component,
                    len(migrations),
                )
        return found

    # --- requests -------------------------------------------------------------------

    async def _acquire(self) -> asyncpg.Connection:
        """A pooled connection; dead ones are replaced by the pool, refusals retried ~1 s."""
        retrying = AsyncRetrying(
            stop=stop_after_delay(ACQUIRE_RETRY_SECONDS),
            wait=wait_exponential(multiplier=0.05, max=0.4),
            retry=retry_if_exception_type(CONNECT_FAILURES),
            reraise=True,
        )
        try:
            conn: asyncpg.Connection = await retrying(self._acquire_once)
        except FAILURES as exc:  # pool closing is an InterfaceError: not retried
            raise self._unavailable(describe(exc)) from exc
        return conn

    async def _acquire_once(self) -> asyncpg.Connection:
        conn: asyncpg.Connection = await self._pool.acquire(timeout=self.connect_timeout)
        return conn

    async def _release(self, conn: asyncpg.Connection) -> None:
        # A connection that cannot be reset is terminated by the pool, which connects
        # a fresh one on the next acquire; the request's outcome stands either way.
        try:
            await self._pool.release(conn, timeout=self.command_timeout)
        except FAILURES as exc:
            log.debug("postgres_release_failed", error=describe(exc))

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection for one store operation; database failures leave as ``unavailable``.

        The whole operation (every statement of a transaction, and its COMMIT) must end
        within the command timeout, not each statement: a server that answers slowly
        cannot hold a request for statements x timeout. A connection cut off that way
        is closed, not returned to the pool.
        """
        conn = await self._acquire()
        try:
            async with asyncio.timeout(self.command_timeout):
                yield conn
        except FAILURES as exc:
            if not is_failure(exc):
                raise
            if isinstance(exc, TimeoutError):
                conn.terminate()
            raise self._unavailable(describe(exc)) from exc
        finally:
            await self._release(conn)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """One READ COMMITTED transaction: committed on success, rolled back otherwise."""
        async with self.connection() as conn, conn.transaction():
            yield conn

    async def run_batch(
        self,
        ops: Sequence[PgWrite],
        *,
        prologue: PgWrite | None = None,
    ) -> list[Outcome]:
        """A group commit's batch (adapters/groupcommit.py): one transaction, ``prologue``
        first (a lock, say), then each operation in a savepoint of its own, one COMMIT.

        An operation's failure rolls back its savepoint and is its own outcome (a
        database failure as ``unavailable``); a failure of the transaction itself
        (BEGIN, the prologue, COMMIT, a lost connection) is raised for all of them.
        """
        outcomes: list[Outcome] = []
        async with self.transaction() as conn:
            if prologue is not None:
                await prologue(conn)
            for op in ops:
                try:
                    async with conn.transaction():  # a savepoint
                        outcomes.append(Outcome(value=await op(conn)))
                except Exception as exc:
                    if conn.is_closed():
                        raise
                    if is_failure(exc):
                        error: BaseException = self._unavailable(describe(exc))
                        error.__cause__ = exc
                    else:
                        error = exc
                    outcomes.append(Outcome(error=error))
        return outcomes

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self.connection() as conn:
            rows: list[asyncpg.Record] = await conn.fetch(sql, *args)
        return rows

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        async with self.connection() as conn:
            row: asyncpg.Record | None = await conn.fetchrow(sql, *args)
        return row

    async def close(self) -> None:
        """Close gracefully, or terminate what is still busy after the command timeout."""
        try:
            await asyncio.wait_for(self._pool.close(), timeout=self.command_timeout)
        except FAILURES:  # TimeoutError among them
            with contextlib.suppress(*FAILURES):
                self._pool.terminate()
