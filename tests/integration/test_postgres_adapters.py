"""The PostgreSQL adapters against a real server: outages, start-up, session settings, triggers.

Outages are made with a TCP proxy in front of the server that can drop every
connection, refuse new ones, or accept and never answer; the server itself
keeps running for the other tests. What every backend must do is in
tests/contract/.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import asyncpg
import pytest

from adapters.postgres_audit import PostgresAuditStore
from adapters.postgres_common import ACQUIRE_RETRY_SECONDS
from adapters.postgres_store import PostgresMessageStore
from gateway.audit import AuditTrail, AuditUnavailable
from gateway.devpki import DevPki
from gateway.domain.errors import StoreUnavailable
from gateway.ports import Caller, Event, EventKind
from gateway.security.keys import KeyPair, load_key_pair
from tests.conftest import FakeClock
from tests.postgres import (
    PostgresProxy,
    PostgresSchema,
    connect_admin,
    dsn_via,
    free_port,
    fresh_schema,
    pg_proxy,
    pg_schema,
    postgres_dsn,
)
from tests.storedata import INBOX, T0
from tests.storedata import new_message as _message
from tests.storedata import new_receipt as _receipt

pytestmark = pytest.mark.postgres
__all__ = ["pg_proxy", "pg_schema"]  # fixtures, imported for these tests


def _event() -> Event:
    return Event(
        EventKind.LISTED, "GW000", datetime.now(UTC), Caller("agb-1", "ab" * 32, None), inbox=INBOX
    )


async def _open_both(
    dsn: str, schema: str, *, connect_timeout: float = 5.0
) -> tuple[PostgresMessageStore, PostgresAuditStore]:
    store = await PostgresMessageStore.open(
        dsn, schema=schema, pool_size=3, connect_timeout=connect_timeout, migrate=True
    )
    audit = await PostgresAuditStore.open(
        dsn, schema=schema, connect_timeout=connect_timeout, migrate=True
    )
    return store, audit


@pytest.fixture(scope="module")
def signer(dev_pki: DevPki) -> KeyPair:
    return load_key_pair(dev_pki.gateway_dir / "sign.crt", dev_pki.gateway_dir / "sign.key")


# --- start-up -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opener", "error"),
    [(PostgresMessageStore.open, StoreUnavailable), (PostgresAuditStore.open, AuditUnavailable)],
    ids=["messages", "audit"],
)
async def test_open_waits_for_a_refusing_server_then_is_unavailable(
    opener: object, error: type[Exception]
) -> None:
    started = time.monotonic()
    with pytest.raises(error, match="PostgreSQL"):
        await opener(dsn_via(free_port()), connect_timeout=0.2, migrate=True)  # type: ignore[operator]
    assert 0.5 <= time.monotonic() - started < 2.5  # retried for 3 x connect_timeout


async def test_open_never_hangs_on_a_server_that_does_not_answer(pg_proxy: PostgresProxy) -> None:
    pg_proxy.blackhole = True
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        await PostgresMessageStore.open(pg_proxy.dsn, connect_timeout=0.2, migrate=True)
    assert time.monotonic() - started < 2.5


async def test_open_waits_for_a_server_that_comes_up(pg_schema: PostgresSchema) -> None:
    """docker compose: the gateway may start a moment before its database accepts."""
    late = PostgresProxy()

    async def come_up() -> None:
        await asyncio.sleep(0.4)
        await late.start()

    starting = asyncio.ensure_future(come_up())
    try:
        store = await PostgresMessageStore.open(
            late.dsn, schema=pg_schema.schema, connect_timeout=1.0, migrate=True
        )
        await store.ping()
        await store.close()
    finally:
        await starting
        await late.stop()


async def test_migrate_creates_a_missing_schema() -> None:
    async with fresh_schema(create=False) as where:
        store = await PostgresMessageStore.open(where.dsn, schema=where.schema, migrate=True)
        audit = await PostgresAuditStore.open(where.dsn, schema=where.schema, migrate=True)
        await store.close()
        await audit.close()
        admin = await connect_admin()
        try:
            tables = {
                r[0]
                for r in await admin.fetch(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
                    where.schema,
                )
            }
            await admin.execute(f'SET search_path TO "{where.schema}"')
            versions = dict(
                await admin.fetch("SELECT component, version FROM meerzorg_schema_version")
            )
        finally:
            await admin.close()
    assert {"messages", "receipts", "events", "audit", "audit_subjects"} <= tables
    assert versions == {"messages": store.schema_version, "audit": audit.schema_version}


# --- outages while running ------------------------------------------------------------------


async def test_requests_are_unavailable_while_the_server_is_gone_and_work_when_it_is_back(
    pg_schema: PostgresSchema, pg_proxy: PostgresProxy, signer: KeyPair
) -> None:
    store, audit = await _open_both(pg_proxy.dsn, pg_schema.schema, connect_timeout=0.5)
    trail = AuditTrail(audit, signer, FakeClock())
    try:
        before = _message()
        assert await store.accept(before, _receipt(before.traceer_id)) is None
        await trail.emit(_event())
        await pg_proxy.stop()
        started = time.monotonic()
        message = _message()
        results = await asyncio.gather(
            store.accept(message, _receipt(message.traceer_id)),
            store.list_inbox(INBOX, 10),
            store.find_message(before.traceer_id),
            store.ping(),
            trail.emit(_event()),
            return_exceptions=True,
        )
        assert [type(r) for r in results] == [StoreUnavailable] * 4 + [AuditUnavailable]
        assert time.monotonic() - started < 3.0  # ~1 s of retries, never a hang
        await pg_proxy.start()  # the server is back: the very next requests succeed
        assert await store.accept(message, _receipt(message.traceer_id)) is None
        assert len(await store.list_inbox(INBOX, 10)) == 2
        await trail.emit(_event())
    finally:
        await store.close()
        await audit.close()


async def test_dropped_connections_are_replaced_without_a_restart(
    pg_schema: PostgresSchema, pg_proxy: PostgresProxy
) -> None:
    store = await PostgresMessageStore.open(
        pg_proxy.dsn, schema=pg_schema.schema, pool_size=3, migrate=True
    )
    try:
        # Fill the pool, then end every connection (a server restart or failover).
        await asyncio.gather(*(store.ping() for _ in range(6)))
        pg_proxy.drop_connections()
        await asyncio.sleep(0.05)
        messages = [_message() for _ in range(6)]
        results = await asyncio.gather(*(store.accept(m, _receipt(m.traceer_id)) for m in messages))
        assert results == [None] * len(messages)
    finally:
        await store.close()


async def test_the_command_timeout_bounds_a_whole_transaction_not_each_statement(
    pg_schema: PostgresSchema,
) -> None:
    """Six slow statements of an accept would otherwise hold a request six timeouts long."""
    timeout = 1.0
    store = await PostgresMessageStore.open(
        pg_schema.dsn, schema=pg_schema.schema, command_timeout=timeout, migrate=True
    )

    async def slow_transaction() -> None:
        async with store._db.transaction() as conn:
            for _ in range(4):  # each well within the timeout, together twice over
                await conn.execute("SELECT pg_sleep(0.5)")

    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="TimeoutError"):
            await slow_transaction()
        assert time.monotonic() - started < 4 * 0.5  # cut at about 1 s
        await store.ping()  # the connection cut off was replaced
        message = _message()
        assert await store.accept(message, _receipt(message.traceer_id)) is None
    finally:
        await store.close()


async def test_a_server_that_stops_answering_is_unavailable_within_the_command_timeout(
    pg_schema: PostgresSchema, pg_proxy: PostgresProxy
) -> None:
    timeout = 1.0  # short, yet long enough for a real connection on a busy machine
    store = await PostgresMessageStore.open(
        pg_proxy.dsn,
        schema=pg_schema.schema,
        pool_size=2,
        connect_timeout=timeout,
        command_timeout=timeout,
        migrate=True,
    )
    # The most a request can wait: connecting retried for about a second (the last
    # try may start just before it ends), or a statement and the connection's reset,
    # each cut at the command timeout; plus a second for a busy machine's scheduling.
    # Without the timeouts a frozen server would hold the request for ever.
    bound = max(ACQUIRE_RETRY_SECONDS + timeout, 2 * timeout) + 1.0
    try:
        await store.ping()
        pg_proxy.frozen = True
        message = _message()
        for call in (store.ping, lambda: store.accept(message, _receipt(message.traceer_id))):
            started = time.monotonic()
            with pytest.raises(StoreUnavailable):
                await call()
            assert time.monotonic() - started < bound
        pg_proxy.frozen = False  # the partition heals: the next requests succeed
        assert await store.accept(message, _receipt(message.traceer_id)) is None
        await asyncio.gather(*(store.ping() for _ in range(4)))
    finally:
        await store.close()


async def test_a_connection_lost_inside_a_transaction_is_unavailable_and_rolled_back(
    pg_schema: PostgresSchema, pg_proxy: PostgresProxy
) -> None:
    store = await PostgresMessageStore.open(pg_proxy.dsn, schema=pg_schema.schema, migrate=True)
    admin = await connect_admin(schema=pg_schema.schema)
    try:
        message = _message()
        lock = admin.transaction()
        await lock.start()
        await admin.execute("LOCK TABLE receipts IN EXCLUSIVE MODE")  # after the message row
        accepting = asyncio.ensure_future(store.accept(message, _receipt(message.traceer_id)))
        await asyncio.sleep(0.2)
        pg_proxy.drop_connections()
        with pytest.raises(StoreUnavailable):
            await accepting
        await lock.rollback()
        assert await store.find_message(message.traceer_id) is None  # nothing half-written
        assert await store.accept(message, _receipt(message.traceer_id)) is None
    finally:
        await admin.close()
        await store.close()


async def test_a_closed_store_is_unavailable(pg_schema: PostgresSchema) -> None:
    store, audit = await _open_both(pg_schema.dsn, pg_schema.schema)
    await store.close()
    await audit.close()
    with pytest.raises(StoreUnavailable):
        await store.find_message(str(uuid.uuid4()))
    with pytest.raises(AuditUnavailable):
        await audit.records()


# --- session settings and schema ------------------------------------------------------------


async def test_connections_are_pinned_to_the_schema_and_commit_durably(
    pg_schema: PostgresSchema,
) -> None:
    """A role whose defaults are ``synchronous_commit = off`` and SERIALIZABLE still gets
    durable commits and the READ COMMITTED transactions the adapters are written for."""
    role = f"r_{uuid.uuid4().hex[:12]}"
    admin = await connect_admin()
    await admin.execute(f"CREATE ROLE {role} LOGIN")
    await admin.execute(f"ALTER ROLE {role} SET synchronous_commit = off")
    await admin.execute(f"ALTER ROLE {role} SET default_transaction_isolation = serializable")
    await admin.execute(f'GRANT ALL ON SCHEMA "{pg_schema.schema}" TO {role}')
    try:
        store = await PostgresMessageStore.open(
            dsn_via(urlsplit(postgres_dsn()).port or 5432, user=role),
            schema=pg_schema.schema,
            migrate=True,
        )
        try:
            async with store._db.connection() as conn:
                settings = await conn.fetchrow(
                    "SELECT current_setting('synchronous_commit'), current_schema(), "
                    "current_setting('idle_in_transaction_session_timeout')"
                )
            async with store._db.transaction() as conn:
                isolation = await conn.fetchval("SELECT current_setting('transaction_isolation')")
        finally:
            await store.close()
        assert tuple(settings) == ("on", pg_schema.schema, "30s")
        assert isolation == "read committed"
    finally:
        await admin.execute(f'DROP SCHEMA "{pg_schema.schema}" CASCADE')
        await admin.execute(f"DROP OWNED BY {role}")
        await admin.execute(f"DROP ROLE {role}")
        await admin.close()


async def test_the_audit_tables_refuse_truncate_and_a_lower_high_water(
    pg_schema: PostgresSchema, signer: KeyPair
) -> None:
    audit = await PostgresAuditStore.open(pg_schema.dsn, schema=pg_schema.schema, migrate=True)
    try:
        for _ in range(3):
            await AuditTrail(audit, signer, FakeClock()).emit(_event())
        assert await audit.high_water() == 3
    finally:
        await audit.close()
    admin = await connect_admin(schema=pg_schema.schema)
    try:
        for statement in (
            "TRUNCATE audit CASCADE",
            "TRUNCATE audit_subjects",
            "TRUNCATE audit_high_water",
            "UPDATE audit_high_water SET seq = 1",
            "DELETE FROM audit_high_water",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await admin.execute(statement)
        await admin.execute("UPDATE audit_high_water SET seq = seq + 1")  # it may only grow
        assert await admin.fetchval("SELECT count(*) FROM audit") == 3
    finally:
        await admin.close()


async def test_a_runtime_role_without_ownership_appends_but_cannot_switch_the_triggers_off(
    pg_schema: PostgresSchema, signer: KeyPair
) -> None:
    """docs/privacy.md: `migrate` as the owner, `serve` as a role with SELECT and INSERT
    (and UPDATE on the high-water mark) only. Triggers bind the gateway, not the owner."""
    suffix = uuid.uuid4().hex[:12]
    owner, runtime = f"o_{suffix}", f"r_{suffix}"
    port = urlsplit(postgres_dsn()).port or 5432
    schema = pg_schema.schema
    admin = await connect_admin()
    for role in (owner, runtime):
        await admin.execute(f"CREATE ROLE {role} LOGIN")
    await admin.execute(f'GRANT ALL ON SCHEMA "{schema}" TO {owner}')
    await admin.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO {runtime}')
    try:
        migrated = await PostgresAuditStore.open(
            dsn_via(port, user=owner), schema=schema, migrate=True
        )
        await migrated.close()
        grants = (
            f'GRANT SELECT ON "{schema}".meerzorg_schema_version TO {runtime}',
            f'GRANT SELECT, INSERT ON "{schema}".audit, "{schema}".audit_subjects TO {runtime}',
            f'GRANT SELECT, INSERT, UPDATE ON "{schema}".audit_high_water TO {runtime}',
        )
        for grant in grants:
            await admin.execute(grant)
        audit = await PostgresAuditStore.open(dsn_via(port, user=runtime), schema=schema)
        try:
            trail = AuditTrail(audit, signer, FakeClock())
            for _ in range(3):
                await trail.emit(_event())
            assert len(await audit.records()) == 3
            async with audit._db.connection() as conn:
                for statement in (
                    "ALTER TABLE audit DISABLE TRIGGER ALL",
                    "ALTER TABLE audit_high_water DISABLE TRIGGER ALL",
                ):
                    with pytest.raises(asyncpg.InsufficientPrivilegeError):
                        await conn.execute(statement)
        finally:
            await audit.close()
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        for role in (owner, runtime):
            await admin.execute(f"DROP OWNED BY {role}")
            await admin.execute(f"DROP ROLE {role}")
        await admin.close()


async def test_lease_times_are_utc(pg_schema: PostgresSchema) -> None:
    store = await PostgresMessageStore.open(pg_schema.dsn, schema=pg_schema.schema, migrate=True)
    try:
        message = _message()
        await store.accept(message, _receipt(message.traceer_id))
        [leased] = await store.list_inbox(INBOX, 5, lease=timedelta(minutes=1), now=T0)
        assert leased.lease_until is not None
        assert leased.lease_until.utcoffset() == timedelta(0)
        assert leased.received_at.utcoffset() == timedelta(0)
    finally:
        await store.close()
