"""Rows for the store tests: a NewMessage and its receipts, with no payload of substance.

Shared by the contract suite (tests/contract/) and the adapter-specific tests
(tests/integration/), so that every store test speaks of the same message.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from gateway.domain.receipts import Soort, Status
from gateway.ports import NewMessage, StoredReceipt

T0 = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
PROVIDER = "agb-12345678"
OTHER_PROVIDER = "agb-87654321"
INBOX = "zk-5509"
OTHER_INBOX = "zk-5501"


def new_message(
    traceer_id: str | None = None,
    *,
    sender: str = PROVIDER,
    inbox: str = INBOX,
    at: datetime = T0,
    body: bytes = b"<Bericht>delivery</Bericht>",
    pseudonyms: tuple[str, ...] = (),
    bericht_type: str = "meerzorgplan",
    identificatie: str | None = None,
    conversatie_id: str | None = None,
) -> NewMessage:
    return NewMessage(
        traceer_id=traceer_id or str(uuid.uuid4()),
        sender=sender,
        afzender=sender.removeprefix("agb-").removeprefix("zk-"),
        inbox=inbox,
        geadresseerde=inbox.removeprefix("zk-").removeprefix("agb-"),
        bericht_type=bericht_type,
        bericht_versie="1.0",
        envelope_digest=hashlib.sha256(b"envelope" + body).digest(),
        delivery_envelope=body,
        delivery_sha256=hashlib.sha256(body).digest(),
        received_at=at,
        conversatie_id=conversatie_id,
        bsn_pseudonyms=pseudonyms,
        bericht_identificatie=identificatie,
    )


def new_receipt(
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
