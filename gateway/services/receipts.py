"""Issue signed receipts (protocol 6)."""

from __future__ import annotations

import uuid
from datetime import datetime

from gateway.domain.meldingen import Melding
from gateway.domain.receipts import Receipt, Soort, Status
from gateway.ports import StoredReceipt
from gateway.security.keys import KeyPair
from gateway.security.xmldsig import sign_document
from gateway.xmlcodec import build_receipt


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
) -> StoredReceipt:
    """Build and sign one receipt, ready to store and send."""
    receipt = Receipt(
        bevestiging_id=str(uuid.uuid4()),
        soort=soort,
        traceer_id=traceer_id,
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
