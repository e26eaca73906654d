"""The SQLite message store on a real database file: durability, atomicity, ownership."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.sqlite_store import MIGRATIONS, SqliteMessageStore
from gateway.domain.errors import StoreUnavailable
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.ports import AckOutcome, NewMessage, StoredReceipt

T0 = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
PROVIDER = "agb-12345678"
OTHER_PROVIDER = "agb-87654321"
INBOX = "zk-5509"
OTHER_INBOX = "zk-5501"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "gateway.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqliteMessageStore]:
    opened = await SqliteMessageStore.open(db_path)
    yield opened
    await opened.close()


def _message(
    traceer_id: str | None = None,
    *,
    sender: str = PROVIDER,
    inbox: str = INBOX,
    at: datetime = T0,
    body: bytes = b"<Bericht>delivery</Bericht>",
) -> NewMessage:
    return NewMessage(
        traceer_id=traceer_id or str(uuid.uuid4()),
        sender=sender,
        afzender=sender.removeprefix("agb-"),
        inbox=inbox,
        geadresseerde=inbox.removeprefix("zk-"),
        bericht_type="meerzorgplan",
        bericht_versie="1.0",
        envelope_digest=hashlib.sha256(b"envelope" + body).digest(),
        delivery_envelope=body,
        delivery_sha256=hashlib.sha256(body).digest(),
        received_at=at,
        conversatie_id=None,
    )


def _receipt(
    traceer_id: str,
    *,
    owner: str = PROVIDER,
    soort: Soort = Soort.ONTVANGST,
    status: Status = Status.GEACCEPTEERD,
    at: datetime = T0,
) -> StoredReceipt:
    bevestiging_id = str(uuid.uuid4())
    return StoredReceipt(
        bevestiging_id=bevestiging_id,
        owner=owner,
        traceer_id=traceer_id,
        soort=soort,
        status=status,
        tijdstip=at,
        xml=f"<{soort.value}>{bevestiging_id}</{soort.value}>".encode(),
    )


async def _accept(store: SqliteMessageStore, **kwargs: object) -> tuple[NewMessage, StoredReceipt]:
    message = _message(**kwargs)  # type: ignore[arg-type]
    receipt = _receipt(message.traceer_id, owner=message.sender, at=message.received_at)
    assert await store.accept(message, receipt) is None
    return message, receipt


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


# --- schema and settings -------------------------------------------------------------------


async def test_uses_wal_and_synchronous_full(store: SqliteMessageStore, db_path: Path) -> None:
    conn = store._conn  # the store's own connection: synchronous is per connection
    async with conn.execute("PRAGMA synchronous") as cur:
        assert (await cur.fetchone()) == (2,)  # FULL
    async with conn.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone()) == ("wal",)
    async with conn.execute("PRAGMA busy_timeout") as cur:
        assert (await cur.fetchone()) == (5000,)
    # WAL is a property of the file: a second connection sees it too.
    with sqlite3.connect(db_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_busy_timeout_is_configurable(db_path: Path) -> None:
    store = await SqliteMessageStore.open(db_path, busy_timeout_ms=50)
    try:
        async with store._conn.execute("PRAGMA busy_timeout") as cur:
            assert (await cur.fetchone()) == (50,)
    finally:
        await store.close()


async def test_migrates_to_the_latest_user_version_and_reopens_idempotently(
    db_path: Path,
) -> None:
    first = await SqliteMessageStore.open(db_path)
    message, _ = await _accept(first)
    await first.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),) == (2,)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"messages", "receipts", "events"} <= tables
    again = await SqliteMessageStore.open(db_path)
    try:
        assert (await again.find_message(message.traceer_id)) is not None
    finally:
        await again.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (2,)


async def test_refuses_a_database_of_a_newer_gateway(db_path: Path) -> None:
    await (await SqliteMessageStore.open(db_path)).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        await SqliteMessageStore.open(db_path)


async def test_creates_the_data_directory(db_path: Path) -> None:
    directory = db_path.parent
    assert not directory.exists()
    store = await SqliteMessageStore.open(db_path)
    await store.close()
    assert db_path.is_file()  # noqa: ASYNC240


# --- accept and reject ---------------------------------------------------------------------


async def test_accept_stores_message_receipt_and_history(
    store: SqliteMessageStore, db_path: Path
) -> None:
    message, receipt = await _accept(store)
    stored = await store.find_message(message.traceer_id)
    assert stored is not None
    assert (stored.sender, stored.inbox, stored.state) == (PROVIDER, INBOX, MessageState.AANGEBODEN)
    assert stored.receipt_id == receipt.bevestiging_id
    assert stored.size == len(message.delivery_envelope)
    assert stored.delivery_sha256 == message.delivery_sha256
    assert stored.received_at == T0
    assert await store.get_receipt_xml(receipt.bevestiging_id) == receipt.xml
    history_message, events, receipts = await store.history(PROVIDER, message.traceer_id)
    assert history_message == stored
    assert [e.state for e in events] == [MessageState.ONTVANGEN, MessageState.AANGEBODEN]
    assert [r.bevestiging_id for r in receipts] == [receipt.bevestiging_id]
    assert (
        _count(db_path, "messages"),
        _count(db_path, "receipts"),
        _count(db_path, "events"),
    ) == (
        1,
        1,
        2,
    )


async def test_a_second_accept_of_the_same_traceer_id_stores_nothing(
    store: SqliteMessageStore, db_path: Path
) -> None:
    message, _first = await _accept(store)
    again = _message(message.traceer_id, body=b"<Bericht>anders</Bericht>")
    second_receipt = _receipt(message.traceer_id)
    existing = await store.accept(again, second_receipt)
    assert existing is not None
    assert existing.traceer_id == message.traceer_id
    assert existing.delivery_sha256 == message.delivery_sha256  # the first one, untouched
    assert await store.get_receipt_xml(second_receipt.bevestiging_id) is None
    assert (
        _count(db_path, "messages"),
        _count(db_path, "receipts"),
        _count(db_path, "events"),
    ) == (
        1,
        1,
        2,
    )


async def test_accept_is_atomic_when_the_receipt_cannot_be_stored(
    store: SqliteMessageStore, db_path: Path
) -> None:
    """A receipt id that already exists fails the insert: the message must not stay behind."""
    _, receipt = await _accept(store)
    other = _message()
    clash = StoredReceipt(
        bevestiging_id=receipt.bevestiging_id,
        owner=PROVIDER,
        traceer_id=other.traceer_id,
        soort=Soort.ONTVANGST,
        status=Status.GEACCEPTEERD,
        tijdstip=T0,
        xml=b"<x/>",
    )
    with pytest.raises(sqlite3.IntegrityError):
        await store.accept(other, clash)
    assert await store.find_message(other.traceer_id) is None
    assert (
        _count(db_path, "messages"),
        _count(db_path, "receipts"),
        _count(db_path, "events"),
    ) == (
        1,
        1,
        2,
    )


async def test_record_rejection_stores_receipt_and_event_but_no_message(
    store: SqliteMessageStore,
) -> None:
    traceer_id = str(uuid.uuid4())
    receipt = _receipt(traceer_id, status=Status.AFGEKEURD)
    await store.record_rejection(receipt, "GW210")
    assert await store.find_message(traceer_id) is None
    message, events, receipts = await store.history(PROVIDER, traceer_id)
    assert message is None
    assert [(e.state, e.code) for e in events] == [(MessageState.AFGEKEURD, "GW210")]
    assert [r.status for r in receipts] == [Status.AFGEKEURD]
    assert await store.get_receipt_xml(receipt.bevestiging_id) == receipt.xml
    assert [r.bevestiging_id for r in await store.list_receipts(PROVIDER, 10)] == [
        receipt.bevestiging_id
    ]


# --- inbox and delivery --------------------------------------------------------------------


async def test_list_inbox_is_oldest_first_with_a_limit(store: SqliteMessageStore) -> None:
    accepted = [
        (await _accept(store, at=T0 + timedelta(seconds=i)))[0].traceer_id for i in range(5)
    ]
    await _accept(store, inbox=OTHER_INBOX)
    listed = await store.list_inbox(INBOX, 3)
    assert [m.traceer_id for m in listed] == accepted[:3]
    assert [m.traceer_id for m in await store.list_inbox(INBOX, 250)] == accepted
    assert len(await store.list_inbox(OTHER_INBOX, 250)) == 1
    assert await store.list_inbox("zk-9999", 250) == []


async def test_get_delivery_only_for_the_right_inbox_and_while_aangeboden(
    store: SqliteMessageStore,
) -> None:
    message, _ = await _accept(store)
    found = await store.get_delivery(INBOX, message.traceer_id)
    assert found is not None
    stored, body = found
    assert body == message.delivery_envelope
    assert stored.traceer_id == message.traceer_id
    assert await store.get_delivery(OTHER_INBOX, message.traceer_id) is None
    assert await store.get_delivery(INBOX, str(uuid.uuid4())) is None
    aflever = _receipt(message.traceer_id, soort=Soort.AFLEVER, status=Status.BEZORGD)
    assert await store.acknowledge(INBOX, message.traceer_id, aflever) is AckOutcome.ACKNOWLEDGED
    assert await store.get_delivery(INBOX, message.traceer_id) is None
    assert await store.list_inbox(INBOX, 250) == []


async def test_acknowledge_outcomes_and_one_afleverbevestiging(
    store: SqliteMessageStore, db_path: Path
) -> None:
    message, _ = await _accept(store)
    later = T0 + timedelta(minutes=5)
    first = _receipt(message.traceer_id, soort=Soort.AFLEVER, status=Status.BEZORGD, at=later)
    second = _receipt(message.traceer_id, soort=Soort.AFLEVER, status=Status.BEZORGD, at=later)
    assert await store.acknowledge(OTHER_INBOX, message.traceer_id, first) is AckOutcome.NOT_FOUND
    assert await store.acknowledge(INBOX, str(uuid.uuid4()), first) is AckOutcome.NOT_FOUND
    assert await store.get_receipt_xml(first.bevestiging_id) is None
    assert await store.acknowledge(INBOX, message.traceer_id, first) is AckOutcome.ACKNOWLEDGED
    assert await store.acknowledge(INBOX, message.traceer_id, second) is AckOutcome.ALREADY
    assert await store.get_receipt_xml(first.bevestiging_id) == first.xml
    assert await store.get_receipt_xml(second.bevestiging_id) is None
    stored = await store.find_message(message.traceer_id)
    assert stored is not None
    assert (stored.state, stored.acknowledged_at) == (MessageState.BEZORGD, later)
    _m, events, receipts = await store.history(PROVIDER, message.traceer_id)
    assert [e.state for e in events] == [
        MessageState.ONTVANGEN,
        MessageState.AANGEBODEN,
        MessageState.BEZORGD,
    ]
    assert [r.soort for r in receipts] == [Soort.ONTVANGST, Soort.AFLEVER]
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT count(*) FROM receipts WHERE soort = ?", ("Afleverbevestiging",)
        )
        assert rows.fetchone() == (1,)


# --- receipts and history belong to their owner --------------------------------------------


async def test_receipts_are_listed_fetched_and_acknowledged_by_their_owner_only(
    store: SqliteMessageStore,
) -> None:
    _m1, mine = await _accept(store, at=T0)
    _m2, mine_later = await _accept(store, at=T0 + timedelta(seconds=1))
    _m3, theirs = await _accept(store, sender=OTHER_PROVIDER)
    assert [r.bevestiging_id for r in await store.list_receipts(PROVIDER, 10)] == [
        mine.bevestiging_id,
        mine_later.bevestiging_id,
    ]
    assert [r.bevestiging_id for r in await store.list_receipts(PROVIDER, 1)] == [
        mine.bevestiging_id
    ]
    got = await store.get_receipt(PROVIDER, mine.bevestiging_id)
    assert got is not None
    assert got.xml == mine.xml
    assert await store.get_receipt(PROVIDER, theirs.bevestiging_id) is None
    assert await store.acknowledge_receipt(PROVIDER, theirs.bevestiging_id) is False
    assert [r.bevestiging_id for r in await store.list_receipts(OTHER_PROVIDER, 10)] == [
        theirs.bevestiging_id
    ]
    assert await store.acknowledge_receipt(PROVIDER, mine.bevestiging_id) is True
    assert [r.bevestiging_id for r in await store.list_receipts(PROVIDER, 10)] == [
        mine_later.bevestiging_id
    ]
    acknowledged = await store.get_receipt(PROVIDER, mine.bevestiging_id)
    assert acknowledged is not None
    assert acknowledged.acknowledged_at is not None
    # Acknowledging again is harmless and keeps the first moment.
    assert await store.acknowledge_receipt(PROVIDER, mine.bevestiging_id) is True
    again = await store.get_receipt(PROVIDER, mine.bevestiging_id)
    assert again is not None
    assert again.acknowledged_at == acknowledged.acknowledged_at
    assert await store.acknowledge_receipt(PROVIDER, str(uuid.uuid4())) is False


async def test_history_is_only_for_the_sender(store: SqliteMessageStore) -> None:
    message, _ = await _accept(store)
    assert await store.history(OTHER_PROVIDER, message.traceer_id) == (None, [], [])
    assert await store.history(INBOX, message.traceer_id) == (None, [], [])
    found, events, receipts = await store.history(PROVIDER, message.traceer_id)
    assert found is not None
    assert events
    assert receipts


# --- concurrency and durability ------------------------------------------------------------


async def test_two_stores_accepting_the_same_traceer_id_one_wins(db_path: Path) -> None:
    first, second = await asyncio.gather(
        SqliteMessageStore.open(db_path), SqliteMessageStore.open(db_path)
    )
    try:
        traceer_id = str(uuid.uuid4())
        a = _message(traceer_id, body=b"<a/>")
        b = _message(traceer_id, body=b"<b/>")
        results = await asyncio.gather(
            first.accept(a, _receipt(traceer_id)), second.accept(b, _receipt(traceer_id))
        )
        assert sorted(r is None for r in results) == [False, True]
        [existing] = [r for r in results if r is not None]
        winner = await first.find_message(traceer_id)
        assert winner is not None
        assert existing == winner
        assert winner.delivery_sha256 in {a.delivery_sha256, b.delivery_sha256}
    finally:
        await first.close()
        await second.close()
    assert _count(db_path, "messages") == 1
    assert _count(db_path, "receipts") == 1
    assert _count(db_path, "events") == 2


async def test_many_concurrent_accepts_over_two_connections(db_path: Path) -> None:
    first = await SqliteMessageStore.open(db_path)
    second = await SqliteMessageStore.open(db_path)
    try:
        ids = [str(uuid.uuid4()) for _ in range(10)]
        calls = [store.accept(_message(t), _receipt(t)) for t in ids for store in (first, second)]
        results = await asyncio.gather(*calls)
        assert sum(r is None for r in results) == len(ids)
    finally:
        await first.close()
        await second.close()
    assert _count(db_path, "messages") == len(ids)


async def test_an_accepted_message_is_committed(store: SqliteMessageStore, db_path: Path) -> None:
    message, receipt = await _accept(store)
    # A brand-new connection, while the store is still open: the row is on disk.
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "SELECT state, receipt_id FROM messages WHERE traceer_id = ?", (message.traceer_id,)
        ).fetchone()
    assert row == ("Aangeboden", receipt.bevestiging_id)


async def test_store_unavailable_while_another_connection_holds_the_write_lock(
    db_path: Path,
) -> None:
    store = await SqliteMessageStore.open(db_path, busy_timeout_ms=50)
    blocker = sqlite3.connect(db_path, isolation_level=None, timeout=0.05)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        message = _message()
        with pytest.raises(StoreUnavailable):
            await store.accept(message, _receipt(message.traceer_id))
        with pytest.raises(StoreUnavailable):
            await store.record_rejection(_receipt(message.traceer_id), "GW210")
        with pytest.raises(StoreUnavailable):
            await store.acknowledge(INBOX, message.traceer_id, _receipt(message.traceer_id))
        with pytest.raises(StoreUnavailable):
            await store.acknowledge_receipt(PROVIDER, str(uuid.uuid4()))
        blocker.execute("ROLLBACK")
        # Once the lock is gone the same message goes in: nothing half-written before.
        assert await store.accept(message, _receipt(message.traceer_id)) is None
    finally:
        blocker.close()
        await store.close()


async def test_store_unavailable_on_a_read_only_database(db_path: Path) -> None:
    store = await SqliteMessageStore.open(db_path)
    try:
        await store._conn.execute("PRAGMA query_only=ON")
        message = _message()
        with pytest.raises(StoreUnavailable):
            await store.accept(message, _receipt(message.traceer_id))
        with pytest.raises(StoreUnavailable):
            await store.record_rejection(_receipt(message.traceer_id), "GW210")
        assert await store.find_message(message.traceer_id) is None  # reads still work
        await store.ping()
    finally:
        await store.close()


async def test_store_unavailable_on_reads_of_a_closed_connection(db_path: Path) -> None:
    store = await SqliteMessageStore.open(db_path)
    await store._conn.execute("DROP TABLE messages")  # a broken database, not a missing row
    try:
        with pytest.raises(StoreUnavailable):
            await store.find_message(str(uuid.uuid4()))
        with pytest.raises(StoreUnavailable):
            await store.list_inbox(INBOX, 10)
    finally:
        await store.close()


async def test_concurrent_requests_on_one_store_each_get_their_own_transaction(
    store: SqliteMessageStore,
) -> None:
    """One connection per process: a second BEGIN while another coroutine's is open must wait."""
    messages = [_message() for _ in range(20)]
    results = await asyncio.gather(
        *(store.accept(m, _receipt(m.traceer_id)) for m in messages),
        *(store.list_inbox(INBOX, 250) for _ in range(5)),
    )
    assert all(r is None for r in results[: len(messages)])
    assert len(await store.list_inbox(INBOX, 250)) == len(messages)
