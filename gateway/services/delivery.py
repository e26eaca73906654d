"""The zorgkantoor side: list the inbox, hand out delivery envelopes, acknowledge."""

from __future__ import annotations

import asyncio

from gateway.domain.participants import Participant
from gateway.domain.receipts import Soort, Status
from gateway.ports import AckOutcome, StoredMessage
from gateway.services.context import GatewayContext
from gateway.services.receipts import issue_receipt

MAX_LIST = 250


async def list_inbox(ctx: GatewayContext, inbox: Participant, limit: int) -> list[StoredMessage]:
    """Ready messages for ``inbox``, oldest first, at most 250."""
    return await ctx.store.list_inbox(inbox.id, max(1, min(limit, MAX_LIST)))


async def fetch_delivery(
    ctx: GatewayContext, inbox: Participant, traceer_id: str
) -> tuple[StoredMessage, bytes] | None:
    """The delivery envelope, or None (404) if it is not in this inbox."""
    return await ctx.store.get_delivery(inbox.id, traceer_id)


async def acknowledge_delivery(
    ctx: GatewayContext, inbox: Participant, traceer_id: str
) -> AckOutcome:
    """Take the message out of the inbox and give its sender a signed Afleverbevestiging."""
    message = await ctx.store.find_message(traceer_id)
    if message is None or message.inbox != inbox.id:
        return AckOutcome.NOT_FOUND
    if message.acknowledged_at is not None:
        return AckOutcome.ALREADY
    receipt = await asyncio.to_thread(
        issue_receipt,
        signer=ctx.signing_key,
        owner=message.sender,
        soort=Soort.AFLEVER,
        status=Status.BEZORGD,
        traceer_id=message.traceer_id,
        afzender=message.afzender,
        geadresseerde=message.geadresseerde,
        digest=message.delivery_sha256,
        now=ctx.clock.now(),
    )
    return await ctx.store.acknowledge(inbox.id, traceer_id, receipt)
