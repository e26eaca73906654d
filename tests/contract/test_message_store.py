"""The MessageStore contract, on every backend: atomicity, ownership, leases, concurrency.

"Two stores" on one backend are two gateway processes as far as the database
is concerned (two SQLite connections to one file, two PostgreSQL pools on one
schema): whatever must hold between processes is tested that way.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from gateway.domain.errors import IdentificatieConflict, StoreUnavailable
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.ports import (
    AckOutcome,
    HistoryEvent,
    InboxStat,
    NewMessage,
    PurgedMessage,
    SchemaMismatch,
    StoredReceipt,
)
from tests.contract.backends import AnyMessageStore, Backend
from tests.storedata import (
    INBOX,
    OTHER_INBOX,
    OTHER_PROVIDER,
    PROVIDER,
    T0,
)
from tests.storedata import new_message as _message
from tests.storedata import new_receipt as _receipt

LEASE = timedelta(minutes=5)


@pytest.fixture
async def store(backend: Backend) -> AnyMessageStore:
    return await backend.open_store()  # the backend closes it


def _aflever(traceer_id: str, *, at: datetime = T0 + timedelta(minutes=5)) -> StoredReceipt:
    return _receipt(traceer_id, soort=Soort.AFLEVER, status=Status.BEZORGD, at=at)


async def _accept(store: AnyMessageStore, **kwargs: object) -> tuple[NewMessage, StoredReceipt]:
    message = _message(**kwargs)  # type: ignore[arg-type]
    receipt = _receipt(message.traceer_id, owner=message.sender, at=message.received_at)
    assert await store.accept(message, receipt) is None
    return message, receipt


async def _meeting(
    backend: Backend, traceer_id: str, *calls: Coroutine[Any, Any, Any]
) -> list[Any]:
    """Run ``calls`` at once, made to meet at one message row held by another connection:
    each call has started (and taken its snapshot) before any of them can finish."""
    async with backend.hold_message(traceer_id):
        tasks = [asyncio.ensure_future(call) for call in calls]
        await asyncio.sleep(0.1)
    return await asyncio.gather(*tasks)


async def _counts(backend: Backend) -> tuple[int, int, int]:
    return (
        await backend.count("messages"),
        await backend.count("receipts"),
        await backend.count("events"),
    )


# --- schema versions -----------------------------------------------------------------------


async def test_an_empty_database_needs_migrate(backend: Backend) -> None:
    with pytest.raises(SchemaMismatch, match=r"version 0, .* run `meerzorg-gateway migrate`"):
        await backend.open_store(migrate=False)


async def test_migrate_then_open_without_migrate(backend: Backend) -> None:
    first = await backend.open_store(migrate=True)
    assert (first.migrated_from, first.schema_version) == (0, first.schema_version)
    assert first.schema_version >= 1
    message, _ = await _accept(first)
    await first.close()
    again = await backend.open_store(migrate=False)
    assert again.migrated_from == again.schema_version == first.schema_version
    assert (await again.find_message(message.traceer_id)) is not None


async def test_migrate_twice_is_a_no_op(backend: Backend) -> None:
    first = await backend.open_store(migrate=True)
    message, _ = await _accept(first)
    second = await backend.open_store(migrate=True)
    assert second.migrated_from == second.schema_version
    assert (await second.find_message(message.traceer_id)) is not None
    assert await _counts(backend) == (1, 1, 2)


async def test_two_concurrent_migrates_are_safe(backend: Backend) -> None:
    first, second = await asyncio.gather(
        backend.open_store(migrate=True), backend.open_store(migrate=True)
    )
    latest = first.schema_version
    assert sorted([first.migrated_from, second.migrated_from]) == [0, latest]
    await _accept(first)
    await _accept(second)
    assert await backend.count("messages") == 2


@pytest.mark.parametrize("migrate", [False, True], ids=["open", "migrate"])
async def test_refuses_a_database_of_a_newer_gateway(backend: Backend, migrate: bool) -> None:
    latest = (await backend.open_store()).schema_version
    await backend.set_version("messages", latest + 1)
    with pytest.raises(SchemaMismatch, match="too old"):
        await backend.open_store(migrate=migrate)


# --- accept and reject ---------------------------------------------------------------------


async def test_accept_stores_message_receipt_and_history(
    store: AnyMessageStore, backend: Backend
) -> None:
    message, receipt = await _accept(store)
    stored = await store.find_message(message.traceer_id)
    assert stored is not None
    assert (stored.sender, stored.inbox, stored.state) == (PROVIDER, INBOX, MessageState.AANGEBODEN)
    assert stored.receipt_id == receipt.bevestiging_id
    assert stored.size == len(message.delivery_envelope)
    assert stored.delivery_sha256 == message.delivery_sha256
    assert stored.envelope_digest == message.envelope_digest
    assert stored.received_at == T0
    assert (stored.acknowledged_at, stored.lease_until) == (None, None)
    assert await store.get_receipt_xml(receipt.bevestiging_id) == receipt.xml
    history_message, events, receipts = await store.history(PROVIDER, message.traceer_id)
    assert history_message == stored
    assert [e.state for e in events] == [MessageState.ONTVANGEN, MessageState.AANGEBODEN]
    assert [r.bevestiging_id for r in receipts] == [receipt.bevestiging_id]
    assert await _counts(backend) == (1, 1, 2)


async def test_the_traceer_id_as_its_sender_wrote_it_is_kept_where_it_differs(
    store: AnyMessageStore,
) -> None:
    """The Afleverbevestiging repeats the sender's text (README, "Values repeated as written")."""
    written = str(uuid.uuid4()).upper()
    message = replace(_message(written.lower()), traceer_id_as_written=written)
    receipt = _receipt(message.traceer_id, owner=message.sender, at=message.received_at)
    assert await store.accept(message, receipt) is None
    plain, _ = await _accept(store)
    stored = await store.find_message(message.traceer_id)
    assert stored is not None
    assert stored.traceer_id_as_written == written
    found = await store.get_delivery(INBOX, message.traceer_id)
    assert found is not None
    assert found[0].traceer_id_as_written == written
    assert found[1] == message.delivery_envelope  # the column after the message's own
    [leased, _other] = await store.list_inbox(INBOX, 10, lease=LEASE, now=T0)
    assert leased.traceer_id_as_written == written
    assert (await store.find_message(plain.traceer_id)).traceer_id_as_written is None  # type: ignore[union-attr]


async def test_a_second_accept_of_the_same_traceer_id_stores_nothing(
    store: AnyMessageStore, backend: Backend
) -> None:
    message, _first = await _accept(store)
    again = _message(message.traceer_id, body=b"<Bericht>anders</Bericht>")
    second_receipt = _receipt(message.traceer_id)
    existing = await store.accept(again, second_receipt)
    assert existing is not None
    assert existing.traceer_id == message.traceer_id
    assert existing.delivery_sha256 == message.delivery_sha256  # the first one, untouched
    assert await store.get_receipt_xml(second_receipt.bevestiging_id) is None
    assert await _counts(backend) == (1, 1, 2)


async def test_a_standards_identificatie_is_accepted_once_per_sender_and_type(
    store: AnyMessageStore, backend: Backend
) -> None:
    """iWlz: Identificatie is unique per berichtsoort for the sending party (TR056)."""
    first, _ = await _accept(store, bericht_type="iwlz-aw35", identificatie="AW35-1")
    clash = _message(bericht_type="iwlz-aw35", identificatie="AW35-1", body=b"<anders/>")
    clash_receipt = _receipt(clash.traceer_id)

    with pytest.raises(IdentificatieConflict):
        await store.accept(clash, clash_receipt)

    assert await store.find_message(clash.traceer_id) is None
    assert await store.get_receipt_xml(clash_receipt.bevestiging_id) is None
    assert await _counts(backend) == (1, 1, 2)
    # The same identification from another sender, or for another type, is another message.
    await _accept(store, sender=OTHER_PROVIDER, bericht_type="iwlz-aw35", identificatie="AW35-1")
    await _accept(store, bericht_type="iwlz-aw39", identificatie="AW35-1")
    # Types without one never clash; the same TraceerId again is the original, not a clash.
    await _accept(store)
    await _accept(store)
    again = _message(first.traceer_id, bericht_type="iwlz-aw35", identificatie="AW35-1")
    existing = await store.accept(again, _receipt(first.traceer_id))
    assert existing is not None
    assert existing.traceer_id == first.traceer_id
    assert await backend.count("messages") == 5


async def test_accept_is_atomic_when_the_receipt_cannot_be_stored(
    store: AnyMessageStore, backend: Backend
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
    with pytest.raises(backend.integrity_error):
        await store.accept(other, clash)
    assert await store.find_message(other.traceer_id) is None
    assert await _counts(backend) == (1, 1, 2)


async def test_record_rejection_stores_receipt_and_event_but_no_message(
    store: AnyMessageStore,
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


async def test_an_accepted_message_is_committed(store: AnyMessageStore, backend: Backend) -> None:
    message, receipt = await _accept(store)
    # A connection of its own, while the store is still open: the row is committed.
    rows = await backend.rows(
        "SELECT state, receipt_id FROM messages WHERE traceer_id = ?", message.traceer_id
    )
    assert rows == [("Aangeboden", receipt.bevestiging_id)]


# --- inbox and delivery --------------------------------------------------------------------


async def test_list_inbox_is_oldest_first_with_a_limit(store: AnyMessageStore) -> None:
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
    store: AnyMessageStore,
) -> None:
    message, _ = await _accept(store)
    found = await store.get_delivery(INBOX, message.traceer_id)
    assert found is not None
    stored, body = found
    assert body == message.delivery_envelope
    assert stored.traceer_id == message.traceer_id
    assert stored == await store.find_message(message.traceer_id)
    assert await store.get_delivery(OTHER_INBOX, message.traceer_id) is None
    assert await store.get_delivery(INBOX, str(uuid.uuid4())) is None
    aflever = _receipt(message.traceer_id, soort=Soort.AFLEVER, status=Status.BEZORGD)
    assert await store.acknowledge(INBOX, message.traceer_id, aflever) is AckOutcome.ACKNOWLEDGED
    assert await store.get_delivery(INBOX, message.traceer_id) is None
    assert await store.list_inbox(INBOX, 250) == []


async def test_acknowledge_outcomes_and_one_afleverbevestiging(
    store: AnyMessageStore, backend: Backend
) -> None:
    message, _ = await _accept(store)
    later = T0 + timedelta(minutes=5)
    first = _aflever(message.traceer_id, at=later)
    second = _aflever(message.traceer_id, at=later)
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
    assert (
        await backend.scalar("SELECT count(*) FROM receipts WHERE soort = ?", Soort.AFLEVER.value)
        == 1
    )


# --- leases --------------------------------------------------------------------------------


async def test_a_lease_claims_the_listed_messages_until_it_ends(store: AnyMessageStore) -> None:
    accepted = [
        (await _accept(store, at=T0 + timedelta(seconds=i)))[0].traceer_id for i in range(5)
    ]
    now = T0 + timedelta(hours=1)
    first = await store.list_inbox(INBOX, 3, lease=LEASE, now=now)
    assert [m.traceer_id for m in first] == accepted[:3]
    assert {m.lease_until for m in first} == {now + LEASE}
    claimed = await store.find_message(accepted[0])
    assert claimed is not None
    assert claimed.lease_until == now + LEASE
    # A second poller at the same moment gets the others, then nothing.
    second = await store.list_inbox(INBOX, 3, lease=LEASE, now=now)
    assert [m.traceer_id for m in second] == accepted[3:]
    assert await store.list_inbox(INBOX, 3, lease=LEASE, now=now + LEASE / 2) == []
    # Protocol v1 listing shows every offered message, leased or not, with its lease.
    v1 = await store.list_inbox(INBOX, 250)
    assert [m.traceer_id for m in v1] == accepted
    assert {m.lease_until for m in v1} == {now + LEASE}


async def test_a_lapsed_lease_lets_the_message_be_listed_again(store: AnyMessageStore) -> None:
    message, _ = await _accept(store)
    now = T0 + timedelta(hours=1)
    assert len(await store.list_inbox(INBOX, 10, lease=LEASE, now=now)) == 1
    assert await store.list_inbox(INBOX, 10, lease=LEASE, now=now + LEASE - timedelta(0, 1)) == []
    ended = now + LEASE  # lease_until <= now: the lease is over
    again = await store.list_inbox(INBOX, 10, lease=LEASE, now=ended)
    assert [(m.traceer_id, m.lease_until) for m in again] == [(message.traceer_id, ended + LEASE)]


async def test_an_acknowledged_or_expired_message_is_not_leased(store: AnyMessageStore) -> None:
    delivered, _ = await _accept(store)
    expired, _ = await _accept(store)
    waiting, _ = await _accept(store, inbox=OTHER_INBOX)
    now = T0 + timedelta(hours=1)
    assert len(await store.list_inbox(INBOX, 10, lease=LEASE, now=now)) == 2
    ack = _aflever(delivered.traceer_id)
    assert await store.acknowledge(INBOX, delivered.traceer_id, ack) is AckOutcome.ACKNOWLEDGED
    notice = _receipt(expired.traceer_id, soort=Soort.AFLEVER, status=Status.AFGEKEURD)
    assert await store.expire(expired.traceer_id, notice, "GW601") is True
    assert await store.list_inbox(INBOX, 10, lease=LEASE, now=now + 2 * LEASE) == []
    assert await store.list_inbox(INBOX, 10) == []
    others = await store.list_inbox(OTHER_INBOX, 10, lease=LEASE, now=now)
    assert [m.traceer_id for m in others] == [waiting.traceer_id]


async def test_a_lease_needs_the_time(store: AnyMessageStore) -> None:
    with pytest.raises(ValueError, match="now"):
        await store.list_inbox(INBOX, 10, lease=LEASE)


async def test_concurrent_lease_listings_from_two_stores_never_overlap(backend: Backend) -> None:
    first = await backend.open_store()
    second = await backend.open_store()
    accepted = [(await _accept(first))[0].traceer_id for _ in range(30)]
    now = T0 + timedelta(hours=1)
    listings = await _meeting(
        backend,
        accepted[0],
        *(store.list_inbox(INBOX, 4, lease=LEASE, now=now) for store in (first, second) * 3),
    )
    listings += await asyncio.gather(
        *(store.list_inbox(INBOX, 4, lease=LEASE, now=now) for store in (first, second) * 3)
    )
    listed = [m.traceer_id for listing in listings for m in listing]
    assert len(listed) == len(set(listed))  # no message in two listings
    rest = await first.list_inbox(INBOX, 250, lease=LEASE, now=now)
    assert set(listed) | {m.traceer_id for m in rest} == set(accepted)


# --- receipts and history belong to their owner --------------------------------------------


async def test_receipts_are_listed_fetched_and_acknowledged_by_their_owner_only(
    store: AnyMessageStore,
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
    assert got == mine
    assert await store.get_receipt(PROVIDER, theirs.bevestiging_id) is None
    # The moment comes from the caller (the Clock port), not the adapter's own clock.
    acked_at = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert await store.acknowledge_receipt(PROVIDER, theirs.bevestiging_id, acked_at) is False
    assert [r.bevestiging_id for r in await store.list_receipts(OTHER_PROVIDER, 10)] == [
        theirs.bevestiging_id
    ]
    assert await store.acknowledge_receipt(PROVIDER, mine.bevestiging_id, acked_at) is True
    assert [r.bevestiging_id for r in await store.list_receipts(PROVIDER, 10)] == [
        mine_later.bevestiging_id
    ]
    acknowledged = await store.get_receipt(PROVIDER, mine.bevestiging_id)
    assert acknowledged is not None
    assert acknowledged.acknowledged_at is not None
    assert acknowledged.acknowledged_at == acked_at
    # Acknowledging again is harmless and keeps the first moment.
    later = acked_at + timedelta(hours=1)
    assert await store.acknowledge_receipt(PROVIDER, mine.bevestiging_id, later) is True
    again = await store.get_receipt(PROVIDER, mine.bevestiging_id)
    assert again is not None
    assert again.acknowledged_at == acknowledged.acknowledged_at
    assert await store.acknowledge_receipt(PROVIDER, str(uuid.uuid4()), datetime.now(UTC)) is False


async def test_history_is_only_for_the_sender(store: AnyMessageStore) -> None:
    message, _ = await _accept(store)
    assert await store.history(OTHER_PROVIDER, message.traceer_id) == (None, [], [])
    assert await store.history(INBOX, message.traceer_id) == (None, [], [])
    found, events, receipts = await store.history(PROVIDER, message.traceer_id)
    assert found is not None
    assert events
    assert receipts


# --- conversations (issue 13) ------------------------------------------------------------


async def test_a_conversation_lists_what_the_participant_sent_or_received_in_order(
    store: AnyMessageStore,
) -> None:
    plan, _ = await _accept(store, at=T0)  # starts the conversation: no ConversatieId
    answer, _ = await _accept(
        store, sender=INBOX, inbox=PROVIDER, conversatie_id=plan.traceer_id, at=T0
    )
    elsewhere, _ = await _accept(
        store, sender=OTHER_PROVIDER, conversatie_id=plan.traceer_id, at=T0
    )
    await _accept(store)  # another conversation
    conversation = plan.traceer_id

    def ids(found: list[Any]) -> list[str]:
        return [m.traceer_id for m in found]

    assert ids(await store.list_conversation(PROVIDER, conversation, 250)) == [
        plan.traceer_id,
        answer.traceer_id,
    ]
    assert ids(await store.list_conversation(INBOX, conversation, 250)) == [
        plan.traceer_id,
        answer.traceer_id,
        elsewhere.traceer_id,
    ]
    assert ids(await store.list_conversation(OTHER_PROVIDER, conversation, 250)) == [
        elsewhere.traceer_id
    ]
    assert await store.list_conversation(OTHER_INBOX, conversation, 250) == []
    assert await store.list_conversation(PROVIDER, str(uuid.uuid4()), 250) == []
    assert ids(await store.list_conversation(INBOX, conversation, 2)) == [
        plan.traceer_id,
        answer.traceer_id,
    ]
    found = await store.list_conversation(PROVIDER, conversation, 250)
    assert [(m.conversatie_id, m.conversation) for m in found] == [
        (None, conversation),
        (conversation, conversation),
    ]


async def test_find_message_gives_what_the_answer_check_needs(store: AnyMessageStore) -> None:
    """AlsAntwoordOp (GW503) is checked with find_message: who received it, in which
    conversation, from whom, of which type."""
    plan, _ = await _accept(store)
    answer, _ = await _accept(
        store,
        sender=INBOX,
        inbox=PROVIDER,
        conversatie_id=plan.traceer_id,
        bericht_type="reactie-op-meerzorgplan",
    )
    found = await store.find_message(answer.traceer_id)
    assert found is not None
    assert (found.sender, found.inbox, found.bericht_type) == (
        INBOX,
        PROVIDER,
        "reactie-op-meerzorgplan",
    )
    assert found.conversation == plan.traceer_id
    original = await store.find_message(plan.traceer_id)
    assert original is not None
    assert (original.conversatie_id, original.conversation) == (None, plan.traceer_id)


# --- retention: payloads, expiry, metadata -------------------------------------------------


async def test_message_pseudonyms_are_kept_with_the_message(store: AnyMessageStore) -> None:
    message, _ = await _accept(store, pseudonyms=("a" * 64, "b" * 64))
    assert await store.message_pseudonyms(message.traceer_id) == ("a" * 64, "b" * 64)
    bare, _ = await _accept(store)
    assert await store.message_pseudonyms(bare.traceer_id) == ()
    assert await store.message_pseudonyms(str(uuid.uuid4())) == ()


async def test_purge_payloads_drops_delivered_envelopes_after_the_cutoff(
    store: AnyMessageStore,
) -> None:
    old, _ = await _accept(store, pseudonyms=("a" * 64,))
    recent, _ = await _accept(store)
    offered, _ = await _accept(store)
    ack_old = _aflever(old.traceer_id, at=T0 + timedelta(hours=1))
    ack_recent = _aflever(recent.traceer_id, at=T0 + timedelta(hours=3))
    assert await store.acknowledge(INBOX, old.traceer_id, ack_old) is AckOutcome.ACKNOWLEDGED
    assert await store.acknowledge(INBOX, recent.traceer_id, ack_recent) is AckOutcome.ACKNOWLEDGED
    purged = await store.purge_payloads(T0 + timedelta(hours=2))
    assert purged == [
        PurgedMessage(
            old.traceer_id,
            PROVIDER,
            old.afzender,
            old.geadresseerde,
            INBOX,
            "meerzorgplan",
            ("a" * 64,),
        )
    ]
    assert await store.purge_payloads(T0 + timedelta(hours=2)) == []  # done once
    kept = await store.find_message(old.traceer_id)
    assert kept is not None
    assert kept.state is MessageState.BEZORGD  # the row stays; only the payload is gone
    assert await store.get_delivery(INBOX, offered.traceer_id) is not None


async def test_expiry_takes_an_unread_message_out_of_its_inbox(store: AnyMessageStore) -> None:
    old, _ = await _accept(store, at=T0)
    await _accept(store, at=T0 + timedelta(days=20))
    expiring = await store.list_expiring(T0 + timedelta(days=10), 10)
    assert [m.traceer_id for m in expiring] == [old.traceer_id]
    assert expiring[0] == await store.find_message(old.traceer_id)
    notice = _receipt(
        old.traceer_id, soort=Soort.AFLEVER, status=Status.AFGEKEURD, at=T0 + timedelta(days=30)
    )
    assert await store.expire(old.traceer_id, notice, "GW601") is True
    assert await store.expire(old.traceer_id, _aflever(old.traceer_id), "GW601") is False
    assert await store.get_delivery(INBOX, old.traceer_id) is None
    gone = await store.find_message(old.traceer_id)
    assert gone is not None
    assert gone.state is MessageState.AFGEKEURD
    _m, events, receipts = await store.history(PROVIDER, old.traceer_id)
    assert [(e.state, e.code) for e in events][-1] == (MessageState.AFGEKEURD, "GW601")
    assert [r.bevestiging_id for r in receipts][-1] == notice.bevestiging_id
    assert await store.list_expiring(T0 + timedelta(days=10), 10) == []
    # An acknowledged message is not expired.
    delivered, _ = await _accept(store)
    ack = _aflever(delivered.traceer_id)
    assert await store.acknowledge(INBOX, delivered.traceer_id, ack) is AckOutcome.ACKNOWLEDGED
    assert (
        await store.expire(delivered.traceer_id, _aflever(delivered.traceer_id), "GW601") is False
    )


async def test_purge_metadata_deletes_old_rows_but_never_undelivered_messages(
    store: AnyMessageStore, backend: Backend
) -> None:
    delivered, _ = await _accept(store, at=T0)
    undelivered, _ = await _accept(store, at=T0)
    young, _ = await _accept(store, at=T0 + timedelta(days=40))
    ack = _aflever(delivered.traceer_id)
    assert await store.acknowledge(INBOX, delivered.traceer_id, ack) is AckOutcome.ACKNOWLEDGED
    rejected = str(uuid.uuid4())
    await store.record_rejection(_receipt(rejected, status=Status.AFGEKEURD, at=T0), "GW210")
    await store.record_rejection(
        _receipt(str(uuid.uuid4()), status=Status.AFGEKEURD, at=T0 + timedelta(days=40)), "GW210"
    )
    purged = await store.purge_metadata(T0 + timedelta(days=30))
    assert [(p.traceer_id, p.sender) for p in purged] == [
        (delivered.traceer_id, PROVIDER),
        (rejected, PROVIDER),
    ]
    assert purged[0].inbox == INBOX
    assert await store.find_message(delivered.traceer_id) is None
    assert await store.history(PROVIDER, rejected) == (None, [], [])
    assert await store.find_message(undelivered.traceer_id) is not None
    assert await store.find_message(young.traceer_id) is not None
    assert await store.purge_metadata(T0 + timedelta(days=30)) == []
    assert await _counts(backend) == (2, 3, 5)


async def test_purges_go_in_batches_and_report_each_record_once(
    store: AnyMessageStore, backend: Backend
) -> None:
    """Each call is one short transaction of at most ``limit`` messages (a large backlog
    would otherwise outlast the command timeout, roll back and repeat at every pass);
    a rejected TraceerId's receipts go together, in one batch."""
    messages = [(await _accept(store))[0] for _ in range(5)]
    for m in messages:
        await store.acknowledge(INBOX, m.traceer_id, _aflever(m.traceer_id))
    rejected = [str(uuid.uuid4()) for _ in range(3)]
    for traceer_id in rejected:
        for _ in range(2):
            await store.record_rejection(_receipt(traceer_id, status=Status.AFGEKEURD), "GW210")
    later = T0 + timedelta(days=60)
    payloads = []
    while batch := await store.purge_payloads(later, limit=2):
        payloads.append([p.traceer_id for p in batch])
    assert [len(b) for b in payloads] == [2, 2, 1]
    assert sorted(t for b in payloads for t in b) == sorted(m.traceer_id for m in messages)
    metadata = []
    while batch := await store.purge_metadata(later, limit=2):
        metadata.append([p.traceer_id for p in batch])
    assert len(metadata) == 3
    assert all(sum(t not in rejected for t in b) <= 2 for b in metadata)
    reported = [t for b in metadata for t in b]
    assert sorted(reported) == sorted([m.traceer_id for m in messages] + rejected)
    assert await _counts(backend) == (0, 0, 0)


async def test_purge_metadata_leaves_later_rows_under_the_same_traceer_id(
    store: AnyMessageStore, backend: Backend
) -> None:
    """A message takes its own receipts and history along, also those newer than the
    cut-off; a later rejection of its TraceerId (another sender reusing it) is a record
    of its own and stays until it is old enough itself."""
    delivered, _ = await _accept(store, at=T0)
    late_ack = _aflever(delivered.traceer_id, at=T0 + timedelta(days=35))
    assert await store.acknowledge(INBOX, delivered.traceer_id, late_ack) is AckOutcome.ACKNOWLEDGED
    reuse = _receipt(
        delivered.traceer_id,
        owner=OTHER_PROVIDER,
        status=Status.AFGEKEURD,
        at=T0 + timedelta(days=40),
    )
    await store.record_rejection(reuse, "GW140")
    purged = await store.purge_metadata(T0 + timedelta(days=30))
    assert [(p.traceer_id, p.sender) for p in purged] == [(delivered.traceer_id, PROVIDER)]
    assert await store.history(PROVIDER, delivered.traceer_id) == (None, [], [])
    _m, events, receipts = await store.history(OTHER_PROVIDER, delivered.traceer_id)
    assert [(e.state, e.code) for e in events] == [(MessageState.AFGEKEURD, "GW140")]
    assert [r.bevestiging_id for r in receipts] == [reuse.bevestiging_id]
    assert await _counts(backend) == (0, 1, 1)
    purged = await store.purge_metadata(T0 + timedelta(days=50))
    assert [(p.traceer_id, p.sender) for p in purged] == [(delivered.traceer_id, OTHER_PROVIDER)]
    assert await _counts(backend) == (0, 0, 0)


async def test_purge_metadata_keeps_a_message_whose_traceer_id_was_rejected_before(
    store: AnyMessageStore, backend: Backend
) -> None:
    """A rejected TraceerId may be used again; the message it then names is not due."""
    traceer_id = str(uuid.uuid4())
    await store.record_rejection(_receipt(traceer_id, status=Status.AFGEKEURD, at=T0), "GW301")
    _message, receipt = await _accept(store, traceer_id=traceer_id, at=T0 + timedelta(days=40))
    assert await store.purge_metadata(T0 + timedelta(days=30)) == []
    found = await store.find_message(traceer_id)
    assert found is not None
    assert found.state is MessageState.AANGEBODEN
    assert await store.get_receipt(PROVIDER, receipt.bevestiging_id) is not None
    assert await _counts(backend) == (1, 2, 3)


# --- operations ----------------------------------------------------------------------------


async def test_operator_figures(store: AnyMessageStore) -> None:
    await store.ping()
    assert await store.inbox_stats() == []
    assert await store.pending_receipts() == {}
    first, mine = await _accept(store, at=T0)
    await _accept(store, at=T0 + timedelta(minutes=1))
    await _accept(store, inbox=OTHER_INBOX, at=T0 + timedelta(minutes=2), sender=OTHER_PROVIDER)
    await store.record_rejection(
        _receipt(str(uuid.uuid4()), status=Status.AFGEKEURD, at=T0 + timedelta(hours=1)), "GW210"
    )
    await store.record_rejection(
        _receipt(str(uuid.uuid4()), status=Status.AFGEKEURD, at=T0 + timedelta(hours=1)), "GW210"
    )
    await store.record_rejection(
        _receipt(str(uuid.uuid4()), status=Status.AFGEKEURD, at=T0 - timedelta(hours=1)), "GW120"
    )
    ack = _aflever(first.traceer_id)
    assert await store.acknowledge(INBOX, first.traceer_id, ack) is AckOutcome.ACKNOWLEDGED
    assert await store.acknowledge_receipt(PROVIDER, mine.bevestiging_id, datetime.now(UTC))
    assert await store.inbox_stats() == [
        InboxStat(OTHER_INBOX, 1, T0 + timedelta(minutes=2)),
        InboxStat(INBOX, 1, T0 + timedelta(minutes=1)),
    ]
    assert await store.pending_receipts() == {PROVIDER: 5, OTHER_PROVIDER: 1}
    assert await store.flow_since(T0) == {
        "Ontvangen": 3,
        "Aangeboden": 3,
        "Bezorgd": 1,
        "Afgekeurd": 2,
    }
    assert await store.rejections_since(T0) == {"GW210": 2}
    assert await store.rejections_since(T0 - timedelta(days=1)) == {"GW210": 2, "GW120": 1}


async def test_message_metadata_shows_rows_history_and_receipts_without_payload(
    store: AnyMessageStore,
) -> None:
    message, receipt = await _accept(store)
    ack = _aflever(message.traceer_id)
    assert await store.acknowledge(INBOX, message.traceer_id, ack) is AckOutcome.ACKNOWLEDGED
    meta = await store.message_metadata(message.traceer_id)
    assert meta.message == await store.find_message(message.traceer_id)
    assert meta.history == (
        HistoryEvent(MessageState.ONTVANGEN, T0),
        HistoryEvent(MessageState.AANGEBODEN, T0),
        HistoryEvent(MessageState.BEZORGD, ack.tijdstip),
    )
    assert [(r.bevestiging_id, r.soort, r.acknowledged_at) for r in meta.receipts] == [
        (receipt.bevestiging_id, Soort.ONTVANGST, None),
        (ack.bevestiging_id, Soort.AFLEVER, None),
    ]
    unknown = await store.message_metadata(str(uuid.uuid4()))
    assert (unknown.message, unknown.history, unknown.receipts) == (None, (), ())


# --- several processes on one database -----------------------------------------------------


async def test_two_stores_accepting_the_same_traceer_id_one_wins(backend: Backend) -> None:
    first, second = await asyncio.gather(backend.open_store(), backend.open_store())
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
    assert await _counts(backend) == (1, 1, 2)


async def test_two_stores_accepting_the_same_identificatie_one_wins(backend: Backend) -> None:
    first, second = await asyncio.gather(backend.open_store(), backend.open_store())
    a = _message(bericht_type="iwlz-aw35", identificatie="AW35-9", body=b"<a/>")
    b = _message(bericht_type="iwlz-aw35", identificatie="AW35-9", body=b"<b/>")

    results = await asyncio.gather(
        first.accept(a, _receipt(a.traceer_id)),
        second.accept(b, _receipt(b.traceer_id)),
        return_exceptions=True,
    )

    assert sorted(type(r).__name__ for r in results) == ["IdentificatieConflict", "NoneType"]
    assert await _counts(backend) == (1, 1, 2)


async def test_many_concurrent_accepts_over_two_stores(backend: Backend) -> None:
    first = await backend.open_store()
    second = await backend.open_store()
    ids = [str(uuid.uuid4()) for _ in range(10)]
    calls = [store.accept(_message(t), _receipt(t)) for t in ids for store in (first, second)]
    results = await asyncio.gather(*calls)
    assert sum(r is None for r in results) == len(ids)
    assert await backend.count("messages") == len(ids)


async def test_concurrent_acknowledges_from_two_stores_acknowledge_once(backend: Backend) -> None:
    first = await backend.open_store()
    second = await backend.open_store()
    messages = [(await _accept(first))[0] for _ in range(4)]
    for m in messages:
        outcomes = await _meeting(
            backend,
            m.traceer_id,
            *(s.acknowledge(INBOX, m.traceer_id, _aflever(m.traceer_id)) for s in (first, second)),
        )
        assert sorted(outcomes) == sorted([AckOutcome.ACKNOWLEDGED, AckOutcome.ALREADY])
    aflever = await backend.scalar(
        "SELECT count(*) FROM receipts WHERE soort = ?", Soort.AFLEVER.value
    )
    assert aflever == len(messages)
    assert await backend.scalar("SELECT count(*) FROM events WHERE state = 'Bezorgd'") == len(
        messages
    )


async def test_expiry_and_acknowledge_at_once_exactly_one_wins(backend: Backend) -> None:
    first = await backend.open_store()
    second = await backend.open_store()
    messages = [(await _accept(first))[0] for _ in range(4)]
    for message in messages:
        expired, acked = await _meeting(
            backend,
            message.traceer_id,
            first.expire(message.traceer_id, _aflever(message.traceer_id), "GW601"),
            second.acknowledge(INBOX, message.traceer_id, _aflever(message.traceer_id)),
        )
        assert expired != (acked is AckOutcome.ACKNOWLEDGED), message.traceer_id
        stored = await first.find_message(message.traceer_id)
        assert stored is not None
        expected = MessageState.AFGEKEURD if expired else MessageState.BEZORGD
        assert stored.state is expected
    # One Afleverbevestiging per message: the delivery or the expiry notice.
    assert await backend.scalar(
        "SELECT count(*) FROM receipts WHERE soort = ?", Soort.AFLEVER.value
    ) == len(messages)


async def test_concurrent_purges_report_each_message_once(backend: Backend) -> None:
    first = await backend.open_store()
    second = await backend.open_store()
    messages = [(await _accept(first))[0] for _ in range(12)]
    for m in messages:
        await first.acknowledge(INBOX, m.traceer_id, _aflever(m.traceer_id))
    for i in range(4):
        # Two rejections under each TraceerId: its rows are one record, reported once.
        rejected = str(uuid.uuid4())
        for _ in range(2):
            await first.record_rejection(_receipt(rejected, status=Status.AFGEKEURD), f"GW{i}")
    later = T0 + timedelta(days=60)
    held = messages[0].traceer_id
    payloads = await _meeting(backend, held, *(s.purge_payloads(later) for s in (first, second)))
    payloads.append(await first.purge_payloads(later))  # what the others skipped
    reported = [p.traceer_id for batch in payloads for p in batch]
    assert sorted(reported) == sorted(m.traceer_id for m in messages)
    metadata = await _meeting(backend, held, *(s.purge_metadata(later) for s in (first, second)))
    metadata.append(await second.purge_metadata(later))
    reported = [p.traceer_id for batch in metadata for p in batch]
    assert len(reported) == len(set(reported)) == len(messages) + 4
    assert await _counts(backend) == (0, 0, 0)


async def test_concurrent_requests_on_one_store_each_get_their_own_transaction(
    store: AnyMessageStore,
) -> None:
    """A second BEGIN while another coroutine's transaction is open must wait, not interleave."""
    messages = [_message() for _ in range(20)]
    results = await asyncio.gather(
        *(store.accept(m, _receipt(m.traceer_id)) for m in messages),
        *(store.list_inbox(INBOX, 250) for _ in range(5)),
    )
    assert all(r is None for r in results[: len(messages)])
    assert len(await store.list_inbox(INBOX, 250)) == len(messages)


# --- unavailable ---------------------------------------------------------------------------


async def test_store_unavailable_while_another_connection_holds_the_write_lock(
    backend: Backend,
) -> None:
    store = await backend.open_store(impatient=True)
    message = _message()
    async with backend.hold_write_lock():
        with pytest.raises(StoreUnavailable):
            await store.accept(message, _receipt(message.traceer_id))
        with pytest.raises(StoreUnavailable):
            await store.record_rejection(_receipt(message.traceer_id), "GW210")
        with pytest.raises(StoreUnavailable):
            await store.acknowledge(INBOX, message.traceer_id, _receipt(message.traceer_id))
        with pytest.raises(StoreUnavailable):
            await store.acknowledge_receipt(PROVIDER, str(uuid.uuid4()), datetime.now(UTC))
        with pytest.raises(StoreUnavailable):
            await store.list_inbox(INBOX, 10, lease=LEASE, now=T0)
    # Once the lock is gone the same message goes in: nothing half-written before.
    assert await store.accept(message, _receipt(message.traceer_id)) is None


async def test_store_unavailable_on_reads_of_a_broken_database(backend: Backend) -> None:
    store = await backend.open_store()
    await backend.execute("DROP TABLE messages")  # a broken database, not a missing row
    with pytest.raises(StoreUnavailable):
        await store.find_message(str(uuid.uuid4()))
    with pytest.raises(StoreUnavailable):
        await store.list_inbox(INBOX, 10)
