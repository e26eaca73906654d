"""Retention: drop payloads after delivery, expire undelivered messages, delete old metadata.

Runs inside the gateway on a schedule and as ``meerzorg-gateway purge``. Every
purged message is one PURGED event (audit trail). The audit store itself is
never purged here (NEN 7513: at least 5 years; see docs/privacy.md). It needs only
a ``PurgeStore`` (tests/unit/test_purge_service.py runs it on FakeRetentionStore).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

import structlog

from gateway.domain.meldingen import Ernst, Melding
from gateway.domain.receipts import Status
from gateway.ports import EventKind, PurgedMessage, PurgeStore, message_event
from gateway.services.context import GatewayContext
from gateway.services.receipts import issue_afleverbevestiging

log = structlog.get_logger("gateway.purge")

EXPIRED_CODE = "GW601"
EXPIRED = Melding(
    EXPIRED_CODE,
    Ernst.FOUT,
    "Bericht is niet afgehaald binnen de bewaartermijn; het is niet afgeleverd en verwijderd.",
)
PAYLOAD_OUTCOME = "payload"  # the delivery envelope of a delivered message was deleted
METADATA_OUTCOME = "metadata"  # the message's row, history and receipts were deleted
BATCH = 100


@dataclass(frozen=True)
class PurgeReport:
    payloads: int = 0
    expired: int = 0
    metadata: int = 0


async def _emit(ctx: GatewayContext[PurgeStore], outcome: str, purged: PurgedMessage) -> None:
    await ctx.events.emit(
        message_event(
            EventKind.PURGED,
            outcome,
            ctx.clock.now(),
            None,  # the gateway itself
            purged,
            inbox=purged.inbox,
            bsn_pseudonyms=purged.bsn_pseudonyms,
        )
    )


async def expire_undelivered(ctx: GatewayContext[PurgeStore]) -> int:
    """Messages not acknowledged in time leave the inbox; the sender gets a signed notice."""
    cutoff = ctx.clock.now() - ctx.retention.undelivered
    expired = 0
    while True:
        batch = await ctx.store.list_expiring(cutoff, BATCH)
        for message in batch:
            notice = await issue_afleverbevestiging(ctx, message, Status.AFGEKEURD, (EXPIRED,))
            if not await ctx.store.expire(message.traceer_id, notice, EXPIRED_CODE):
                continue  # acknowledged meanwhile: it was delivered after all
            expired += 1
            pseudonyms = await ctx.store.message_pseudonyms(message.traceer_id)
            purged = PurgedMessage(
                message.traceer_id,
                message.sender,
                message.afzender,
                message.geadresseerde,
                message.inbox,
                message.bericht_type,
                pseudonyms,
            )
            await _emit(ctx, EXPIRED_CODE, purged)
        if len(batch) < BATCH:
            return expired


async def _purge_in_batches(
    ctx: GatewayContext[PurgeStore],
    purge: Callable[[], Awaitable[list[PurgedMessage]]],
    outcome: str,
) -> int:
    """Call ``purge`` (one short transaction each) until it finds nothing; audit each."""
    count = 0
    while batch := await purge():
        for purged in batch:
            await _emit(ctx, outcome, purged)
        count += len(batch)
    return count


async def run_purge(ctx: GatewayContext[PurgeStore]) -> PurgeReport:
    """One pass over every retention window, in the order payload, expiry, metadata."""
    now = ctx.clock.now()
    payloads = await _purge_in_batches(
        ctx,
        partial(ctx.store.purge_payloads, now - ctx.retention.payload_after_ack),
        PAYLOAD_OUTCOME,
    )
    expired = await expire_undelivered(ctx)
    metadata = await _purge_in_batches(
        ctx, partial(ctx.store.purge_metadata, now - ctx.retention.metadata), METADATA_OUTCOME
    )
    report = PurgeReport(payloads, expired, metadata)
    log.info("purged", payloads=report.payloads, expired=report.expired, metadata=report.metadata)
    return report


async def purge_periodically(ctx: GatewayContext[PurgeStore]) -> None:
    """The in-gateway schedule: a pass at start and then every ``purge_interval``."""
    while True:
        try:
            await run_purge(ctx)
        except Exception:  # keep the schedule alive; the next pass retries
            log.exception("purge_failed")
        await asyncio.sleep(ctx.retention.purge_interval.total_seconds())
