"""The order of the receive pipeline's checks (protocol.md; gateway/services/receive.py),
pinned against the fakes of tests/fakes.py: no socket, no database, no thread but the CPU
lane's. Each envelope breaks several rules at once; the first check in the order decides
the code, and the fake store shows what was asked and that nothing rejected was stored.

The same codes one at a time, over mutual TLS against real stores, are in
tests/functional/test_protocol_codes.py; these tests say which one wins.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from gateway.devpki import DevPki
from gateway.domain.participants import Participant
from gateway.domain.receipts import MessageState
from gateway.messagetypes import MessageTypeRegistry
from gateway.ports import Caller, StoredMessage
from gateway.security.keys import load_certificate
from gateway.services.context import GatewayContext, Snapshot
from gateway.services.receive import ReceiveOutcome, receive_message
from tests.conftest import FakeClock
from tests.fakes import FakeExchangeStore
from tests.functional.helpers import (
    OTHER_PROVIDER,
    PROVIDER,
    PROVIDER_AGB,
    envelope_for,
    first_valid,
    kop_for,
)

STALE = timedelta(days=2)  # older than the 24 hours protocol v1 allows


@pytest.fixture
async def ctx(
    message_types: MessageTypeRegistry, snapshot: Snapshot
) -> AsyncIterator[GatewayContext[FakeExchangeStore]]:
    context = GatewayContext(
        store=FakeExchangeStore(),  # the exchange part only: receive_message needs no more
        clock=FakeClock(datetime.now(UTC)),
        message_types=message_types,
        snapshot=snapshot,
    )
    yield context
    await context.close()


def store_of(ctx: GatewayContext[FakeExchangeStore]) -> FakeExchangeStore:
    return ctx.store


def participant(ctx: GatewayContext[FakeExchangeStore], participant_id: str) -> Participant:
    found = ctx.snapshot.registry.by_id(participant_id)
    assert found is not None
    return found


async def receive(
    ctx: GatewayContext[FakeExchangeStore], sender: str, envelope: bytes
) -> ReceiveOutcome:
    caller = Caller(sender, "00" * 32, "127.0.0.1")
    return await receive_message(ctx, caller, participant(ctx, sender), envelope)


def rejected_with(
    ctx: GatewayContext[FakeExchangeStore], outcome: ReceiveOutcome, code: str
) -> None:
    """A signed rejection with ``code``: one rejection receipt stored, no message."""
    assert outcome.code == code
    assert outcome.http_status in {403, 409, 422}
    assert b"Afgekeurd" in outcome.receipt_xml
    store = store_of(ctx)
    assert store.messages == {}
    assert [c for _r, c in store.rejections] == [code]


async def test_sender_binding_comes_first_before_the_store_is_asked(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    # Another provider's Afzender, an unknown type, too old, to nobody: GW110 decides.
    kop = kop_for(
        "bestaat-niet",
        afzender=PROVIDER_AGB,
        geadresseerde="9999",
        now=ctx.clock.now() - STALE,
    )
    envelope, _ = envelope_for(dev_pki, first_valid(), kop=kop)
    outcome = await receive(ctx, OTHER_PROVIDER, envelope)
    rejected_with(ctx, outcome, "GW110")
    assert store_of(ctx).calls == ["record_rejection"]


async def test_a_traceer_id_of_another_sender_comes_before_the_type(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    kop = kop_for("bestaat-niet", geadresseerde="9999", now=ctx.clock.now() - STALE)
    store_of(ctx).messages[kop.traceer_id] = StoredMessage(
        traceer_id=kop.traceer_id,
        sender=OTHER_PROVIDER,
        afzender="87654321",
        inbox="zk-5509",
        geadresseerde="5509",
        bericht_type="meerzorgplan",
        bericht_versie="1.0",
        envelope_digest=b"\0" * 32,
        delivery_sha256=b"\0" * 32,
        size=1,
        received_at=ctx.clock.now(),
        state=MessageState.ONTVANGEN,
        receipt_id=str(uuid.uuid4()),
    )
    envelope, _ = envelope_for(dev_pki, first_valid(), kop=kop)
    outcome = await receive(ctx, PROVIDER, envelope)
    assert outcome.code == "GW140"
    assert [c for _r, c in store_of(ctx).rejections] == ["GW140"]
    assert store_of(ctx).calls == ["find_message", "record_rejection"]


async def test_an_unknown_type_comes_before_role_time_and_route(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    kop = kop_for("bestaat-niet", geadresseerde="9999", now=ctx.clock.now() - STALE)
    envelope, _ = envelope_for(dev_pki, first_valid(), kop=kop)
    rejected_with(ctx, await receive(ctx, PROVIDER, envelope), "GW120")


async def test_the_senders_role_comes_before_the_time_window(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    # A provider sending a zorgkantoor's type, too old and to nobody.
    kop = kop_for("reactie-op-meerzorgplan", geadresseerde="9999", now=ctx.clock.now() - STALE)
    envelope, _ = envelope_for(dev_pki, first_valid(), kop=kop)
    rejected_with(ctx, await receive(ctx, PROVIDER, envelope), "GW121")


async def test_the_time_window_comes_before_the_route(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    kop = kop_for(geadresseerde="9999", now=ctx.clock.now() - STALE)
    envelope, _ = envelope_for(dev_pki, kop=kop)
    rejected_with(ctx, await receive(ctx, PROVIDER, envelope), "GW130")


async def test_an_unknown_addressee_comes_before_the_answer_check(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    kop = kop_for(geadresseerde="9999", now=ctx.clock.now(), als_antwoord_op=str(uuid.uuid4()))
    envelope, _ = envelope_for(dev_pki, kop=kop)
    rejected_with(ctx, await receive(ctx, PROVIDER, envelope), "GW501")


async def test_an_addressee_of_the_wrong_role_comes_before_the_answer_check(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    # A meerzorgplan goes to a zorgkantoor; this one names a provider's AGB code.
    kop = kop_for(geadresseerde="87654321", now=ctx.clock.now(), als_antwoord_op=str(uuid.uuid4()))
    envelope, _ = envelope_for(dev_pki, kop=kop)
    rejected_with(ctx, await receive(ctx, PROVIDER, envelope), "GW502")


async def test_the_answer_check_comes_before_decryption(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    # Encrypted to a zorgkantoor's certificate: the gateway could not decrypt it (GW201),
    # but an AlsAntwoordOp naming nothing the sender received decides first.
    kop = kop_for(now=ctx.clock.now(), als_antwoord_op=str(uuid.uuid4()))
    elsewhere = load_certificate(dev_pki.root / "zk-5509" / "enc.crt")
    envelope, _ = envelope_for(dev_pki, kop=kop, recipient=elsewhere)
    rejected_with(ctx, await receive(ctx, PROVIDER, envelope), "GW503")


async def test_decryption_comes_after_every_check_of_the_kop(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    kop = kop_for(now=ctx.clock.now())
    elsewhere = load_certificate(dev_pki.root / "zk-5509" / "enc.crt")
    envelope, _ = envelope_for(dev_pki, kop=kop, recipient=elsewhere)
    rejected_with(ctx, await receive(ctx, PROVIDER, envelope), "GW201")
    assert store_of(ctx).calls == ["find_message", "record_rejection"]


async def test_a_message_that_passes_every_check_is_stored_once_with_its_receipt(
    ctx: GatewayContext[FakeExchangeStore], dev_pki: DevPki
) -> None:
    envelope, kop = envelope_for(dev_pki, kop=kop_for(now=ctx.clock.now()))
    outcome = await receive(ctx, PROVIDER, envelope)
    assert (outcome.http_status, outcome.code) == (202, "GW000")
    store = store_of(ctx)
    assert list(store.messages) == [kop.traceer_id]
    stored = store.messages[kop.traceer_id]
    assert (stored.sender, stored.inbox) == (PROVIDER, "zk-5509")
    assert store.receipts[stored.receipt_id].xml == outcome.receipt_xml
    assert store.rejections == []
    assert store.calls == ["find_message", "accept"]
    receipt = etree.fromstring(outcome.receipt_xml)
    assert kop.traceer_id.encode() in etree.tostring(receipt)
    # The same envelope again: the original receipt, nothing stored twice (200).
    again = await receive(ctx, PROVIDER, envelope)
    assert (again.http_status, again.receipt_xml) == (200, outcome.receipt_xml)
    assert list(store.messages) == [kop.traceer_id]
