"""PostgreSQL for tests: where it is, a throw-away schema per test, and the rule when it is not up.

Every test gets its own schema (``t_`` + a random hex), dropped with everything
in it afterwards, so tests never see each other's rows and may run against a
shared server. Use the ``pg_schema`` fixture (import it into a conftest.py:
``from tests.postgres import pg_schema  # noqa: F401``) or ``fresh_schema()``.
``PostgresProxy`` (fixture ``pg_proxy``) makes outages without stopping the server.

Without a reachable server a test is skipped, except in CI (``CI=true``),
where it fails: CI must not go green by skipping the PostgreSQL tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/test"
CONNECT_TIMEOUT = 3.0


def postgres_dsn() -> str:
    """The test server: ``MEERZORG_TEST_PG_DSN``, or the local one of `make postgres`."""
    return os.environ.get("MEERZORG_TEST_PG_DSN") or DEFAULT_DSN


def postgres_missing(reason: str) -> NoReturn:
    """Fail in CI (``CI=true``, read now), skip elsewhere."""
    where = urlsplit(postgres_dsn())
    message = f"PostgreSQL is not reachable at {where.hostname}:{where.port}{where.path}: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (required in CI; `make postgres` starts it)")
    pytest.skip(message)


async def connect_admin(*, schema: str | None = None) -> asyncpg.Connection:
    """A plain connection to the test database (search_path pinned to ``schema`` if given)."""
    settings = {"search_path": f'"{schema}"'} if schema else {}
    try:
        conn: asyncpg.Connection = await asyncpg.connect(
            postgres_dsn(),
            timeout=CONNECT_TIMEOUT,
            command_timeout=30.0,  # a test that left a lock held must not hang the suite
            server_settings=settings,
        )
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        postgres_missing(f"{type(exc).__name__}: {exc}")
    return conn


def free_port() -> int:
    """A TCP port nothing listens on (just now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dsn_via(port: int, *, user: str | None = None) -> str:
    """The test DSN, pointed at 127.0.0.1:``port`` (and ``user``; a password is left out)."""
    parts = urlsplit(postgres_dsn())
    login = user or parts.username or "postgres"
    return urlunsplit(parts._replace(netloc=f"{login}@127.0.0.1:{port}"))


class PostgresProxy:
    """A TCP proxy to the test server that can drop, refuse, or swallow connections.

    Outages without stopping the server the other tests use: ``drop_connections``
    (a restart or failover), ``stop`` then ``start`` again on the same port (down,
    then back), ``blackhole`` (a server that accepts and never answers), ``frozen``
    (a network partition: connections stay open and nothing gets through).
    """

    def __init__(self, port: int | None = None) -> None:
        parts = urlsplit(postgres_dsn())
        self._target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.port = port or free_port()
        self.blackhole = False  # accept new connections, never answer
        self.frozen = False  # connections stay open, nothing gets through (a partition)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def dsn(self) -> str:
        return dsn_via(self.port)

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True
        )

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        if self.blackhole:
            await reader.read()  # until the client gives up
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.add(up_writer)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.ensure_future(self._pipe(source, sink))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                if self.frozen:
                    continue  # lost on the way
                sink.write(data)
                await sink.drain()
        sink.transport.abort()

    def drop_connections(self) -> None:
        """Every connection through the proxy ends at once (a server restart, a failover)."""
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def stop(self) -> None:
        """The server is gone: connections drop and new ones are refused."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self.drop_connections()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.sleep(0)


@dataclass(frozen=True, slots=True)
class PostgresSchema:
    """Where a test's tables live: pass both to the adapters (``schema=``) or a gateway.toml."""

    dsn: str
    schema: str


@asynccontextmanager
async def fresh_schema(*, create: bool = True) -> AsyncIterator[PostgresSchema]:
    """A uniquely named schema, dropped (CASCADE) afterwards.

    ``create=False`` only reserves the name: for tests of the adapters creating it.
    """
    name = f"t_{uuid.uuid4().hex}"
    admin = await connect_admin()
    try:
        if create:
            await admin.execute(f'CREATE SCHEMA "{name}"')
        yield PostgresSchema(postgres_dsn(), name)
    finally:
        try:
            await admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        finally:
            await admin.close()


@pytest.fixture
async def pg_schema() -> AsyncIterator[PostgresSchema]:
    """An empty schema of its own for one test (skipped, or failed in CI, without a server)."""
    async with fresh_schema() as schema:
        yield schema


@pytest.fixture
async def pg_proxy() -> AsyncIterator[PostgresProxy]:
    """A running PostgresProxy (its ``dsn`` leads to the test server), stopped afterwards."""
    proxy = PostgresProxy()
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.stop()
