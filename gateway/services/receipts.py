"""Issue signed receipts (protocol 6)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from gateway.domain.meldingen import Melding
from gateway.domain.participants import Participant
from gateway.domain.receipts import Receipt, Soort, Status
from gateway.ports import Caller, Event, EventKind, ExchangeStore, StoredMessage, StoredReceipt
from gateway.security.keys import KeyPair
from gateway.security.xmldsig import sign_document
from gateway.xmlcodec import build_receipt

if TYPE_CHECKING:
    from gateway.services.context import GatewayContext


def issue_receipt(
    *,
    signer: KeyPair,
    owner: str,
    soort: Soort,
    status: Status,
    traceer_id: str,
    afzender: str,
    geadresseerde: str,
    digest: bytes,
    now: datetime,
    meldingen: tuple[Melding, ...] = (),
    traceer_id_as_written: str | None = None,
) -> StoredReceipt:
    """Build and sign one receipt, ready to store and send.

    The signed receipt repeats the TraceerId as the sender wrote it (upper-case hex
    stays upper case); the store keys it by the normalised ``traceer_id``.
    """
    receipt = Receipt(
        bevestiging_id=str(uuid.uuid4()),
        soort=soort,
        traceer_id=traceer_id_as_written or traceer_id,
        afzender=afzender,
        geadresseerde=geadresseerde,
        status=status,
        tijdstip=now,
        digest=digest,
        meldingen=meldingen,
    )
    xml = sign_document(build_receipt(receipt), signer)
    return StoredReceipt(
        bevestiging_id=receipt.bevestiging_id,
        owner=owner,
        traceer_id=traceer_id,
        soort=soort,
        status=status,
        tijdstip=now,
        xml=xml,
    )


async def issue_afleverbevestiging(
    ctx: GatewayContext[object],
    message: StoredMessage,
    status: Status,
    meldingen: tuple[Melding, ...] = (),
) -> StoredReceipt:
    """Sign the Afleverbevestiging for a message (delivered, or expired undelivered)."""
    return await ctx.cpu.run(
        0,  # a receipt is small, whatever the message
        issue_receipt,
        signer=ctx.signing_key,
        owner=message.sender,
        soort=Soort.AFLEVER,
        status=status,
        traceer_id=message.traceer_id,
        afzender=message.afzender,
        geadresseerde=message.geadresseerde,
        digest=message.delivery_sha256,
        now=ctx.clock.now(),
        meldingen=meldingen,
        traceer_id_as_written=message.traceer_id_as_written,
    )


async def _emit(
    ctx: GatewayContext[ExchangeStore],
    caller: Caller,
    kind: EventKind,
    receipt: StoredReceipt | None,
    ok: bool,
) -> None:
    await ctx.events.emit(
        Event(
            kind,
            "GW000" if ok else "404",
            ctx.clock.now(),
            caller,
            traceer_id=receipt.traceer_id if receipt else None,
        )
    )


async def fetch_receipt(
    ctx: GatewayContext[ExchangeStore], caller: Caller, owner: Participant, bevestiging_id: str
) -> StoredReceipt | None:
    """One of the provider's receipts, or None (404)."""
    receipt = await ctx.store.get_receipt(owner.id, bevestiging_id)
    await _emit(ctx, caller, EventKind.RECEIPT_FETCHED, receipt, receipt is not None)
    return receipt


async def acknowledge_receipt(
    ctx: GatewayContext[ExchangeStore], caller: Caller, owner: Participant, bevestiging_id: str
) -> bool:
    """Mark a receipt as collected; False (404) if it is not the provider's."""
    receipt = await ctx.store.get_receipt(owner.id, bevestiging_id)
    ok = receipt is not None and await ctx.store.acknowledge_receipt(
        owner.id, bevestiging_id, ctx.clock.now()
    )
    await _emit(ctx, caller, EventKind.RECEIPT_ACKNOWLEDGED, receipt, ok)
    return ok
