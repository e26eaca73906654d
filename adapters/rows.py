"""The rows both store backends share: their columns, and how they map to the port's types.

The two schemas hold the same columns; they differ in how a value is kept.
SQLite keeps timestamps as ISO 8601 text and a message's BSN pseudonyms as one
space-separated string; PostgreSQL has ``timestamptz`` and ``text[]``. Each
adapter passes its own converters, so a column added or moved is changed here once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from gateway.audit import AuditRecord
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.ports import NewMessage, PurgedMessage, StoredMessage, StoredReceipt

Convert = Callable[[Any], Any]


def _as_is(value: Any) -> Any:
    return value


# What a StoredMessage is read from (message_from_row).
MESSAGE_COLUMNS = (
    "traceer_id, sender, afzender, inbox, geadresseerde, bericht_type, bericht_versie, "
    "envelope_digest, delivery_sha256, size, received_at, state, receipt_id, acknowledged_at, "
    "lease_until, traceer_id_as_written, conversatie_id"
)
MESSAGE_COLUMN_COUNT = len(MESSAGE_COLUMNS.split(", "))  # a column selected after them
# What accept() writes of a new message (new_message_values), in this order.
NEW_MESSAGE_COLUMNS = (
    "traceer_id, sender, afzender, inbox, geadresseerde, bericht_type, bericht_versie, "
    "conversatie_id, envelope_digest, delivery_envelope, delivery_sha256, size, received_at, "
    "state, receipt_id, bsn_pseudonyms, bericht_identificatie, traceer_id_as_written"
)
NEW_MESSAGE_COLUMN_COUNT = len(NEW_MESSAGE_COLUMNS.split(", "))  # placeholders follow it
PURGED_COLUMNS = "traceer_id, sender, afzender, geadresseerde, inbox, bericht_type, bsn_pseudonyms"
RECEIPT_COLUMNS = "bevestiging_id, owner, traceer_id, soort, status, tijdstip, xml, acknowledged_at"
AUDIT_COLUMNS = "seq, prev_hash, hash, body, signature"


def message_from_row(row: Any, time: Convert = _as_is) -> StoredMessage:
    """A StoredMessage from the MESSAGE_COLUMNS of a row; ``time`` reads a stored
    timestamp (``None`` stays ``None``)."""
    return StoredMessage(
        traceer_id=row[0],
        sender=row[1],
        afzender=row[2],
        inbox=row[3],
        geadresseerde=row[4],
        bericht_type=row[5],
        bericht_versie=row[6],
        envelope_digest=bytes(row[7]),
        delivery_sha256=bytes(row[8]),
        size=int(row[9]),
        received_at=time(row[10]),
        state=MessageState(row[11]),
        receipt_id=row[12],
        acknowledged_at=time(row[13]),
        lease_until=time(row[14]),
        traceer_id_as_written=row[15],
        conversatie_id=row[16],
    )


def new_message_values(
    m: NewMessage,
    receipt_id: str,
    state: MessageState,
    *,
    time: Convert = _as_is,
    pseudonyms: Convert = _as_is,
) -> tuple[Any, ...]:
    """The NEW_MESSAGE_COLUMNS of a message to insert; ``pseudonyms`` gets the tuple."""
    return (
        m.traceer_id,
        m.sender,
        m.afzender,
        m.inbox,
        m.geadresseerde,
        m.bericht_type,
        m.bericht_versie,
        m.conversatie_id,
        m.envelope_digest,
        m.delivery_envelope,
        m.delivery_sha256,
        len(m.delivery_envelope),
        time(m.received_at),
        state.value,
        receipt_id,
        pseudonyms(m.bsn_pseudonyms),
        m.bericht_identificatie,
        m.traceer_id_as_written,
    )


def purged_from_row(row: Any, pseudonyms: Convert = tuple) -> PurgedMessage:
    """A PurgedMessage from the PURGED_COLUMNS of a row; ``pseudonyms`` reads the stored
    pseudonyms as a tuple."""
    return PurgedMessage(
        traceer_id=row[0],
        sender=row[1],
        afzender=row[2],
        geadresseerde=row[3],
        inbox=row[4],
        bericht_type=row[5],
        bsn_pseudonyms=pseudonyms(row[6]),
    )


def receipt_from_row(row: Any, time: Convert = _as_is) -> StoredReceipt:
    """A StoredReceipt from the RECEIPT_COLUMNS of a row."""
    return StoredReceipt(
        bevestiging_id=row[0],
        owner=row[1],
        traceer_id=row[2],
        soort=Soort(row[3]),
        status=Status(row[4]),
        tijdstip=time(row[5]),
        xml=bytes(row[6]),
        acknowledged_at=time(row[7]),
    )


def receipt_values(r: StoredReceipt, time: Convert = _as_is) -> tuple[Any, ...]:
    """The first seven RECEIPT_COLUMNS of a receipt to insert (not yet acknowledged)."""
    return (
        r.bevestiging_id,
        r.owner,
        r.traceer_id,
        r.soort.value,
        r.status.value,
        time(r.tijdstip),
        r.xml,
    )


def _bytes(value: Any) -> bytes:
    # Written as bytes; an edit outside the gateway may leave text (verify must still read it).
    return value.encode() if isinstance(value, str) else bytes(value)


def audit_record_from_row(row: Any) -> AuditRecord:
    """An AuditRecord from the AUDIT_COLUMNS of a row."""
    return AuditRecord(
        seq=int(row[0]),
        prev_hash=str(row[1]),
        hash=str(row[2]),
        body=_bytes(row[3]),
        signature=None if row[4] is None else _bytes(row[4]),
    )


def parse_time(value: str | None) -> datetime | None:
    """SQLite's stored timestamp (ISO 8601 text) as a datetime."""
    return None if value is None else datetime.fromisoformat(value)
