"""The operator's reports (gateway/services/reports.py) against FakeOperatorQueries
(tests/fakes.py): no socket, no database. What /readyz, /admin/status, /admin/inbox-stats
and /admin/messages say, the 24-hour window, and the one CRL summary behind /admin, the
readiness problems and the log lines; the same reports over a real server are in
tests/functional/test_admin.py.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from gateway.devpki import CRL_DAYS
from gateway.domain.participants import Role
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.messagetypes import MessageTypeRegistry
from gateway.ports import HistoryEvent, StoredMessage, StoredReceipt
from gateway.services.context import GatewayContext, Snapshot
from gateway.services.reports import (
    crl_log_fields,
    crl_report,
    crl_summaries,
    inbox_report,
    message_report,
    readiness_problems,
    status_report,
)
from tests.conftest import FakeClock
from tests.fakes import FakeOperatorQueries
from tests.functional.helpers import OTHER_PROVIDER, PROVIDER, ZK

Context = GatewayContext[FakeOperatorQueries]


@pytest.fixture
async def ctx(snapshot: Snapshot, message_types: MessageTypeRegistry) -> AsyncIterator[Context]:
    context = GatewayContext(
        store=FakeOperatorQueries(),  # the operator's queries only
        clock=FakeClock(datetime.now(UTC).replace(microsecond=0)),
        message_types=message_types,
        snapshot=snapshot,
    )
    yield context
    await context.close()


def waiting_message(ctx: Context, age: timedelta) -> StoredMessage:
    received = ctx.clock.now() - age
    m = StoredMessage(
        traceer_id=str(uuid.uuid4()),
        sender=PROVIDER,
        afzender="12345678",
        inbox=ZK,
        geadresseerde="5509",
        bericht_type="meerzorgplan",
        bericht_versie="1.0",
        envelope_digest=b"\0" * 32,
        delivery_sha256=b"\1" * 32,
        size=1234,
        received_at=received,
        state=MessageState.AANGEBODEN,
        receipt_id=str(uuid.uuid4()),
    )
    ctx.store.messages[m.traceer_id] = m
    ctx.store.history_events[m.traceer_id] = [
        HistoryEvent(MessageState.ONTVANGEN, received),
        HistoryEvent(MessageState.AANGEBODEN, received),
    ]
    ctx.store.receipts[m.receipt_id] = StoredReceipt(
        m.receipt_id,
        PROVIDER,
        m.traceer_id,
        Soort.ONTVANGST,
        Status.GEACCEPTEERD,
        received,
        b"<SignedReceipt>secret</SignedReceipt>",
    )
    return m


def rejection(ctx: Context, age: timedelta, code: str) -> None:
    at = ctx.clock.now() - age
    traceer_id = str(uuid.uuid4())
    ctx.store.history_events[traceer_id] = [HistoryEvent(MessageState.AFGEKEURD, at, code)]
    bevestiging_id = str(uuid.uuid4())
    ctx.store.receipts[bevestiging_id] = StoredReceipt(
        bevestiging_id, OTHER_PROVIDER, traceer_id, Soort.ONTVANGST, Status.AFGEKEURD, at, b"<r/>"
    )


async def test_ready_when_the_store_answers_and_crls_and_keys_are_current(ctx: Context) -> None:
    assert await readiness_problems(ctx) == []
    assert ctx.store.calls == ["ping"]


async def test_an_unreachable_store_is_a_readiness_problem(ctx: Context) -> None:
    ctx.store.up = False
    assert await readiness_problems(ctx) == ["store unreachable"]


async def test_a_crl_past_its_next_update_is_named_in_the_problems_and_marked_stale(
    ctx: Context,
) -> None:
    assert isinstance(ctx.clock, FakeClock)
    ctx.clock.advance(days=CRL_DAYS + 1)
    problems = await readiness_problems(ctx)
    [issuer] = [c.issuer for c in crl_summaries(ctx.snapshot.trust, ctx.clock.now())]
    assert problems[0] == f"a CRL is missing or past its nextUpdate (stale: {issuer})"
    [summary] = crl_summaries(ctx.snapshot.trust, ctx.clock.now())
    assert summary.stale
    assert summary.seconds_to_next_update is not None
    assert summary.seconds_to_next_update < 0


async def test_admin_and_the_log_show_the_same_crl_summary_in_their_own_form(
    ctx: Context,
) -> None:
    now = ctx.clock.now()
    [summary] = crl_summaries(ctx.snapshot.trust, now)
    [report] = crl_report(ctx.snapshot.trust, now)
    [logged] = crl_log_fields(ctx.snapshot.trust, now)
    assert report["issuer"] == logged["issuer"] == summary.issuer
    assert report["revoked"] == logged["revoked"] == summary.revoked
    assert report["ageSeconds"] == round(summary.age_seconds)
    assert logged["age_seconds"] == int(summary.age_seconds)
    assert report["secondsToNextUpdate"] == round(summary.seconds_to_next_update or 0)
    assert summary.next_update is not None
    assert logged["next_update"] == summary.next_update.isoformat()
    assert not summary.stale


async def test_status_counts_the_last_24_hours_only_and_lists_every_inbox(ctx: Context) -> None:
    oldest = waiting_message(ctx, timedelta(hours=2))
    waiting_message(ctx, timedelta(minutes=5))
    rejection(ctx, timedelta(hours=1), "GW202")
    rejection(ctx, timedelta(hours=3), "GW202")
    rejection(ctx, timedelta(hours=25), "GW110")  # outside the window
    report = await status_report(ctx, None, [])
    assert report["ready"] is True
    assert report["flow"] == {"Afgekeurd": 2, "Aangeboden": 2, "Ontvangen": 2}
    assert report["rejectionsByCode"] == {"GW202": 2}
    inboxes = {i["inbox"]: i for i in report["inboxes"]}
    concessiehouders = {
        p.id for p in ctx.snapshot.registry.participants if p.role is Role.CONCESSIEHOUDER
    }
    assert set(inboxes) == concessiehouders  # the empty ones too
    assert inboxes[ZK]["depth"] == 2
    assert inboxes[ZK]["oldestAgeSeconds"] == 7200.0
    assert inboxes[ZK]["oldestReceivedAt"] is not None
    assert oldest.received_at.isoformat()[:19] in inboxes[ZK]["oldestReceivedAt"]
    assert all(i["depth"] == 0 for name, i in inboxes.items() if name != ZK)
    assert report["receiptsWaiting"] == {OTHER_PROVIDER: 3, PROVIDER: 2}
    assert report["expiringCertificates"] == []  # the dev PKI's are fresh
    assert report["crls"] == crl_report(ctx.snapshot.trust, ctx.clock.now())


async def test_status_passes_the_readiness_problems_on(ctx: Context) -> None:
    report = await status_report(ctx, None, ["store unreachable"])
    assert (report["ready"], report["problems"]) == (False, ["store unreachable"])


async def test_inbox_stats_name_the_concessiehouder_and_count_from_the_store(
    ctx: Context,
) -> None:
    waiting_message(ctx, timedelta(seconds=90))
    report = await inbox_report(ctx)
    [zk] = [i for i in report["inboxes"] if i["inbox"] == ZK]
    participant = ctx.snapshot.registry.by_id(ZK)
    assert participant is not None
    assert (zk["naam"], zk["depth"], zk["oldestAgeSeconds"]) == (participant.naam, 1, 90.0)
    assert ctx.store.calls == ["inbox_stats", "pending_receipts"]


async def test_message_show_gives_metadata_and_history_never_content(ctx: Context) -> None:
    m = waiting_message(ctx, timedelta(minutes=1))
    report = await message_report(ctx, m.traceer_id)
    assert report is not None
    assert report["bericht"]["inbox"] == ZK
    assert report["bericht"]["grootte"] == 1234
    assert [h["status"] for h in report["historie"]] == ["Ontvangen", "Aangeboden"]
    [receipt] = report["bevestigingen"]
    assert (receipt["soort"], receipt["afgehaald"]) == (Soort.ONTVANGST.value, False)
    assert "secret" not in json.dumps(report)  # a receipt's XML is never in a report


async def test_message_show_of_an_unknown_traceer_id_is_none(ctx: Context) -> None:
    assert await message_report(ctx, str(uuid.uuid4())) is None
