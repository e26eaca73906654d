"""The purge job (gateway/services/purge.py) against FakeRetentionStore (tests/fakes.py): no
socket, no database. What each pass removes, in which order, with which audit event and
signed notice; the real stores' side of each promise is in tests/contract/, the job over a
real server in tests/functional/test_retention.py.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from gateway.config import RetentionConfig
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.messagetypes import MessageTypeRegistry
from gateway.ports import EventKind, StoredMessage, StoredReceipt
from gateway.services import purge
from gateway.services.context import GatewayContext, RetentionSettings, Snapshot
from gateway.services.purge import run_purge
from tests.conftest import FakeClock
from tests.fakes import FakeEventSink, FakeRetentionStore
from tests.functional.helpers import PROVIDER, ZK

NOW = datetime.now(UTC).replace(microsecond=0)
# The defaults: payload 24 hours after acknowledgement, undelivered 30 days, metadata a year.
RETENTION = RetentionSettings.of(RetentionConfig())
PSEUDONYMS = ("pseudonym-1", "pseudonym-2")

Context = GatewayContext[FakeRetentionStore]


@pytest.fixture
async def ctx(snapshot: Snapshot, message_types: MessageTypeRegistry) -> AsyncIterator[Context]:
    context = GatewayContext(
        store=FakeRetentionStore(),  # retention, and the pseudonyms of what expires
        clock=FakeClock(NOW),
        message_types=message_types,
        snapshot=snapshot,
        events=FakeEventSink(),
        retention=RETENTION,
    )
    yield context
    await context.close()


def events_of(ctx: Context) -> FakeEventSink:
    assert isinstance(ctx.events, FakeEventSink)
    return ctx.events


def message(
    received: timedelta,
    state: MessageState,
    *,
    acknowledged: timedelta | None = None,
) -> StoredMessage:
    """A message received ``received`` ago, acknowledged ``acknowledged`` ago (if given)."""
    return StoredMessage(
        traceer_id=str(uuid.uuid4()),
        sender=PROVIDER,
        afzender="12345678",
        inbox=ZK,
        geadresseerde="5509",
        bericht_type="meerzorgplan",
        bericht_versie="1.0",
        envelope_digest=b"\0" * 32,
        delivery_sha256=b"\1" * 32,
        size=100,
        received_at=NOW - received,
        state=state,
        receipt_id=f"ontvangst-{uuid.uuid4()}",
        acknowledged_at=None if acknowledged is None else NOW - acknowledged,
    )


def put(store: FakeRetentionStore, *messages: StoredMessage) -> None:
    for m in messages:
        store.messages[m.traceer_id] = m
        store.deliveries[m.traceer_id] = b"<delivery/>"
        store.pseudonyms[m.traceer_id] = PSEUDONYMS


def receipt(traceer_id: str, owner: str, age: timedelta) -> StoredReceipt:
    return StoredReceipt(
        bevestiging_id=str(uuid.uuid4()),
        owner=owner,
        traceer_id=traceer_id,
        soort=Soort.ONTVANGST,
        status=Status.AFGEKEURD,
        tijdstip=NOW - age,
        xml=b"<receipt/>",
    )


async def test_payloads_go_a_day_after_acknowledgement_with_one_audit_event_each(
    ctx: Context,
) -> None:
    old = message(timedelta(days=2), MessageState.BEZORGD, acknowledged=timedelta(hours=25))
    recent = message(timedelta(days=2), MessageState.BEZORGD, acknowledged=timedelta(hours=23))
    put(ctx.store, old, recent)
    report = await run_purge(ctx)
    assert (report.payloads, report.expired, report.metadata) == (1, 0, 0)
    assert set(ctx.store.deliveries) == {recent.traceer_id}
    assert set(ctx.store.messages) == {old.traceer_id, recent.traceer_id}  # rows stay
    [event] = events_of(ctx).events
    assert (event.kind, event.outcome, event.caller) == (EventKind.PURGED, "payload", None)
    assert (event.traceer_id, event.inbox, event.afzender) == (old.traceer_id, ZK, "12345678")
    assert event.bsn_pseudonyms == PSEUDONYMS
    assert event.at == NOW


async def test_an_undelivered_message_expires_after_30_days_with_a_signed_gw601_notice(
    ctx: Context,
) -> None:
    stale = message(timedelta(days=31), MessageState.AANGEBODEN)
    waiting = message(timedelta(days=29), MessageState.AANGEBODEN)
    put(ctx.store, stale, waiting)
    report = await run_purge(ctx)
    assert (report.payloads, report.expired, report.metadata) == (0, 1, 0)
    assert ctx.store.messages[stale.traceer_id].state is MessageState.AFGEKEURD
    assert ctx.store.messages[waiting.traceer_id].state is MessageState.AANGEBODEN
    assert set(ctx.store.deliveries) == {waiting.traceer_id}
    [notice] = ctx.store.receipts.values()
    assert (notice.owner, notice.traceer_id) == (PROVIDER, stale.traceer_id)
    assert (notice.soort, notice.status) == (Soort.AFLEVER, Status.AFGEKEURD)
    assert b"GW601" in notice.xml
    assert b"SignatureValue" in notice.xml
    [event] = events_of(ctx).events
    assert (event.kind, event.outcome) == (EventKind.PURGED, "GW601")
    assert (event.traceer_id, event.bsn_pseudonyms) == (stale.traceer_id, PSEUDONYMS)


async def test_a_message_acknowledged_while_its_notice_is_signed_is_not_expired(
    ctx: Context,
) -> None:
    class AcknowledgedMeanwhile(FakeRetentionStore):
        async def list_expiring(self, received_before, limit):  # type: ignore[no-untyped-def]
            listed = await super().list_expiring(received_before, limit)
            for m in listed:  # the recipient acknowledges it before expire() runs
                self.messages[m.traceer_id] = replace(
                    m, state=MessageState.BEZORGD, acknowledged_at=NOW
                )
            return listed

    ctx.store = AcknowledgedMeanwhile()
    stale = message(timedelta(days=31), MessageState.AANGEBODEN)
    put(ctx.store, stale)
    report = await run_purge(ctx)
    assert report.expired == 0
    assert ctx.store.messages[stale.traceer_id].state is MessageState.BEZORGD
    assert ctx.store.receipts == {}
    assert events_of(ctx).events == []


async def test_metadata_goes_after_a_year_rejections_included_never_a_waiting_message(
    ctx: Context,
) -> None:
    delivered = message(timedelta(days=400), MessageState.BEZORGD, acknowledged=timedelta(days=399))
    waiting = message(timedelta(days=400), MessageState.AANGEBODEN, acknowledged=None)
    young = message(timedelta(days=300), MessageState.BEZORGD, acknowledged=timedelta(days=299))
    put(ctx.store, delivered, young)
    ctx.store.messages[waiting.traceer_id] = waiting  # no payload: only the row counts here
    rejected = receipt(str(uuid.uuid4()), PROVIDER, timedelta(days=366))
    ctx.store.receipts[rejected.bevestiging_id] = rejected
    # The expiry pass would take the waiting message first: keep it out of that pass.
    ctx.retention = replace(RETENTION, undelivered=timedelta(days=1000))
    report = await run_purge(ctx)
    assert (report.payloads, report.metadata) == (2, 2)  # metadata: a message, a rejection
    assert set(ctx.store.messages) == {waiting.traceer_id, young.traceer_id}
    assert ctx.store.receipts == {}
    purged = [(e.outcome, e.traceer_id) for e in events_of(ctx).events]
    assert purged == [
        ("payload", delivered.traceer_id),  # the payload pass comes first
        ("payload", young.traceer_id),
        ("metadata", delivered.traceer_id),
        ("metadata", rejected.traceer_id),
    ]


async def test_one_pass_runs_payload_then_expiry_then_metadata_each_until_nothing_is_left(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(purge, "BATCH", 2)  # the expiry pass lists two at a time
    old_payloads = [
        message(timedelta(days=3), MessageState.BEZORGD, acknowledged=timedelta(days=2))
        for _ in range(3)
    ]
    stale = [message(timedelta(days=31), MessageState.AANGEBODEN) for _ in range(3)]
    put(ctx.store, *old_payloads, *stale)
    report = await run_purge(ctx)
    assert (report.payloads, report.expired, report.metadata) == (3, 3, 0)
    assert ctx.store.calls == [
        "purge_payloads",
        "purge_payloads",  # empty: the payload pass is done
        "list_expiring",
        *["expire", "message_pseudonyms"] * 2,
        "list_expiring",  # fewer than BATCH: the expiry pass is done
        "expire",
        "message_pseudonyms",
        "purge_metadata",  # nothing is a year old
    ]
    outcomes = [e.outcome for e in events_of(ctx).events]
    assert outcomes == ["payload"] * 3 + ["GW601"] * 3
