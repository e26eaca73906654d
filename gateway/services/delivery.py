"""The zorgkantoor side: list the inbox, hand out delivery envelopes, acknowledge."""

from __future__ import annotations

from datetime import timedelta

from gateway.domain.participants import Participant
from gateway.domain.receipts import Status
from gateway.ports import (
    AckOutcome,
    Caller,
    Event,
    EventKind,
    ExchangeStore,
    StoredMessage,
    message_event,
)
from gateway.services.context import GatewayContext
from gateway.services.receipts import issue_afleverbevestiging

MAX_LIST = 250
MAX_LEASE_SECONDS = 3600  # a poller claims messages for at most an hour (README: leases)


def _event(
    ctx: GatewayContext[ExchangeStore],
    kind: EventKind,
    outcome: str,
    caller: Caller,
    message: StoredMessage | None,
    traceer_id: str | None = None,
    bsn_pseudonyms: tuple[str, ...] = (),
) -> Event:
    return message_event(
        kind,
        outcome,
        ctx.clock.now(),
        caller,
        message,
        traceer_id=traceer_id,
        inbox=message.inbox if message else None,
        bsn_pseudonyms=bsn_pseudonyms,
    )


async def list_inbox(
    ctx: GatewayContext[ExchangeStore],
    caller: Caller,
    inbox: Participant,
    limit: int,
    lease: timedelta | None = None,
) -> list[StoredMessage]:
    """Ready messages for ``inbox``, oldest first, at most 250.

    With ``lease``: only messages no other poller holds, each claimed for that
    long (the store decides, so pollers in any process never overlap).
    """
    messages = await ctx.store.list_inbox(
        inbox.id, max(1, min(limit, MAX_LIST)), lease=lease, now=ctx.clock.now()
    )
    await ctx.events.emit(Event(EventKind.LISTED, "GW000", ctx.clock.now(), caller, inbox=inbox.id))
    return messages


async def fetch_delivery(
    ctx: GatewayContext[ExchangeStore], caller: Caller, inbox: Participant, traceer_id: str
) -> tuple[StoredMessage, bytes] | None:
    """The delivery envelope, or None (404) if it is not in this inbox."""
    found = await ctx.store.get_delivery(inbox.id, traceer_id)
    message = found[0] if found else None
    pseudonyms = await ctx.store.message_pseudonyms(traceer_id) if message else ()
    await ctx.events.emit(
        _event(
            ctx,
            EventKind.DOWNLOADED,
            "GW000" if found else "404",
            caller,
            message,
            traceer_id,
            pseudonyms,
        )
    )
    return found


async def acknowledge_delivery(
    ctx: GatewayContext[ExchangeStore], caller: Caller, inbox: Participant, traceer_id: str
) -> AckOutcome:
    """Take the message out of the inbox and give its sender a signed Afleverbevestiging."""
    message = await ctx.store.find_message(traceer_id)
    if message is None or message.inbox != inbox.id:
        outcome = AckOutcome.NOT_FOUND
    elif message.acknowledged_at is not None:
        outcome = AckOutcome.ALREADY
    else:
        receipt = await issue_afleverbevestiging(ctx, message, Status.BEZORGD)
        outcome = await ctx.store.acknowledge(inbox.id, traceer_id, receipt)
    visible = message if outcome is not AckOutcome.NOT_FOUND else None
    code = "404" if outcome is AckOutcome.NOT_FOUND else "GW000"
    pseudonyms = await ctx.store.message_pseudonyms(traceer_id) if visible else ()
    await ctx.events.emit(
        _event(ctx, EventKind.ACKNOWLEDGED, code, caller, visible, traceer_id, pseudonyms)
    )
    return outcome
