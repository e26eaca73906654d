"""Interfaces the services need; adapters implement them (cosmicpython style).

The message store is split by use: ``ExchangeStore`` (a request's services),
``RetentionStore`` (the purge job; ``PurgeStore`` adds the pseudonym lookup its audit
events need) and ``OperatorQueries`` (readiness and the operator's reports);
``MessageStore`` is all of them, as the adapters implement it. tests/fakes.py holds a
``Fake*`` of each use, tests/contract/ proves the real adapters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from gateway.domain.receipts import MessageState, Soort, Status


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock UTC time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class StoredReceipt:
    """A signed receipt as stored: the XML is what the participant gets, byte for byte."""

    bevestiging_id: str
    owner: str  # participant id of the provider that receives it, e.g. "agb-12345678"
    traceer_id: str
    soort: Soort
    status: Status
    tijdstip: datetime
    xml: bytes
    acknowledged_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class NewMessage:
    """An accepted message, ready for its inbox; the payload is encrypted to the inbox."""

    traceer_id: str
    sender: str  # participant id
    afzender: str  # AGB code
    inbox: str  # participant id of the concessiehouder
    geadresseerde: str
    bericht_type: str
    bericht_versie: str
    envelope_digest: bytes  # SHA-256 of the received envelope
    delivery_envelope: bytes
    delivery_sha256: bytes
    received_at: datetime
    conversatie_id: str | None = None
    bsn_pseudonyms: tuple[str, ...] = ()  # keyed pseudonyms, for the audit trail only
    # A payload in an external standard: its own identification (iWlz Identificatie),
    # accepted once per (afzender, bericht_type); None for the other types.
    bericht_identificatie: str | None = None
    traceer_id_as_written: str | None = None  # only where it is not ``traceer_id`` itself


@dataclass(frozen=True, slots=True)
class StoredMessage:
    traceer_id: str
    sender: str
    afzender: str
    inbox: str
    geadresseerde: str
    bericht_type: str
    bericht_versie: str
    envelope_digest: bytes
    delivery_sha256: bytes
    size: int
    received_at: datetime
    state: MessageState
    receipt_id: str
    acknowledged_at: datetime | None = None
    lease_until: datetime | None = None  # set while a poller's lease holds (README: leases)
    traceer_id_as_written: str | None = None  # the sender's text, where it differs
    conversatie_id: str | None = None  # the Kop's ConversatieId (lower case), if any

    @property
    def conversation(self) -> str:
        """The conversation a message belongs to: its ConversatieId, or else its own
        TraceerId (a message without one starts a conversation)."""
        return self.conversatie_id or self.traceer_id


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    state: MessageState
    at: datetime
    code: str | None = None


@dataclass(frozen=True, slots=True)
class InboxStat:
    """How far an inbox is backed up (operations; no message content)."""

    inbox: str
    depth: int
    oldest_received_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReceiptMetadata:
    """A receipt without its XML, for operators."""

    bevestiging_id: str
    owner: str
    soort: Soort
    status: Status
    tijdstip: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True, slots=True)
class MessageMetadata:
    """One TraceerId as an operator sees it: the message row (if accepted), history, receipts."""

    traceer_id: str
    message: StoredMessage | None
    history: tuple[HistoryEvent, ...]
    receipts: tuple[ReceiptMetadata, ...]


class AckOutcome(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    ALREADY = "already"
    NOT_FOUND = "not-found"


class SchemaMismatch(Exception):
    """The database's schema version is not the one this gateway was built for.

    Older: run ``meerzorg-gateway migrate``. Newer: this gateway is too old for it.
    """


PURGE_BATCH = 500  # rows per purge call: each call is one short transaction


class ExchangeStore(Protocol):
    """The exchange: receive (ontvangstcontrole, accept, rejections), inboxes, receipts,
    history and conversations. The services of a request need only this part.

    Every write method returns only after a durable commit; uniqueness (one
    message per TraceerId), delivery and acknowledgement are enforced by the
    store (constraints and transactions), not by process memory, so any number
    of gateway processes may share one store.
    """

    async def find_message(self, traceer_id: str) -> StoredMessage | None: ...

    async def get_receipt_xml(self, bevestiging_id: str) -> bytes | None: ...

    async def accept(self, message: NewMessage, receipt: StoredReceipt) -> StoredMessage | None:
        """Store message, history and receipt atomically.

        Returns None when stored; if a message with that TraceerId already
        exists, stores nothing and returns the existing one. Raises
        IdentificatieConflict (stores nothing) when another TraceerId already holds
        the same (afzender, bericht_type, bericht_identificatie).
        """
        ...

    async def record_rejection(self, receipt: StoredReceipt, code: str) -> None: ...

    async def list_inbox(
        self,
        inbox: str,
        limit: int,
        *,
        lease: timedelta | None = None,
        now: datetime | None = None,
    ) -> list[StoredMessage]:
        """Messages offered in ``inbox`` and not yet acknowledged, oldest first.

        Without ``lease``: every such message (protocol v1), leased or not. With
        ``lease`` (``now`` is then required): only messages whose lease is absent or
        ended at ``now``, each claimed until ``now + lease`` in the same transaction,
        so two concurrent listings (any process) never return the same message.
        """
        ...

    async def get_delivery(self, inbox: str, traceer_id: str) -> tuple[StoredMessage, bytes] | None:
        """The message and its delivery envelope, if it is in that inbox and not acknowledged."""
        ...

    async def acknowledge(
        self, inbox: str, traceer_id: str, receipt: StoredReceipt
    ) -> AckOutcome: ...

    async def list_receipts(self, owner: str, limit: int) -> list[StoredReceipt]: ...

    async def get_receipt(self, owner: str, bevestiging_id: str) -> StoredReceipt | None: ...

    async def acknowledge_receipt(self, owner: str, bevestiging_id: str, at: datetime) -> bool:
        """Mark a receipt collected at ``at`` (the Clock's time); a second call keeps the
        first moment. False if the owner has no such receipt."""
        ...

    async def history(
        self, sender: str, traceer_id: str
    ) -> tuple[StoredMessage | None, list[HistoryEvent], list[StoredReceipt]]: ...

    async def list_conversation(
        self, participant: str, conversation: str, limit: int
    ) -> list[StoredMessage]:
        """The messages of one conversation that ``participant`` sent or received, in
        the order they were accepted, at most ``limit``. A message is in conversation
        C when its ConversatieId is C, or when it is C itself (it started C)."""
        ...

    async def message_pseudonyms(self, traceer_id: str) -> tuple[str, ...]:
        """The BSN pseudonyms stored with a message (audit events of download and ack)."""
        ...


class RetentionStore(Protocol):
    """Retention (docs/privacy.md): the purge job's payload, expiry and metadata passes."""

    async def purge_payloads(
        self, acknowledged_before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        """Drop the delivery envelope of messages acknowledged before the cut-off: at most
        ``limit`` per call; call again until it returns nothing."""
        ...

    async def list_expiring(self, received_before: datetime, limit: int) -> list[StoredMessage]:
        """Messages still in an inbox that were received before the cut-off."""
        ...

    async def expire(self, traceer_id: str, receipt: StoredReceipt, code: str) -> bool:
        """Take a message out of its inbox unread, drop its payload, store the notice.

        False if it was acknowledged (or expired) meanwhile; nothing is stored then.
        """
        ...

    async def purge_metadata(
        self, before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        """Delete what the retention period has passed (never an undelivered message).

        A message received before the cut-off goes with its own receipts and history,
        newer ones included; a rejection (receipts and history without a message) goes
        once it is older than the cut-off itself. Rows are chosen by their own keys: a
        later record under the same TraceerId (it may be reused after a rejection) stays.
        One entry per message and per rejected TraceerId and owner. At most ``limit``
        messages and the rejections of about ``limit`` receipts per call (one short
        transaction); call again until it returns nothing.
        """
        ...


class OperatorQueries(Protocol):
    """Readiness and the operator's reports (/admin/*, metrics): counts, never content."""

    async def ping(self) -> None: ...

    async def inbox_stats(self) -> list[InboxStat]:
        """Per inbox: messages offered and not yet acknowledged, and the oldest one's arrival."""
        ...

    async def pending_receipts(self) -> dict[str, int]:
        """Receipts not yet acknowledged, per owning provider."""
        ...

    async def flow_since(self, moment: datetime) -> dict[str, int]:
        """History events since ``moment`` per state (Ontvangen, Afgekeurd, Bezorgd, ...)."""
        ...

    async def rejections_since(self, moment: datetime) -> dict[str, int]:
        """Recorded rejections (state Afgekeurd) since ``moment`` per protocol code."""
        ...

    async def message_metadata(self, traceer_id: str) -> MessageMetadata:
        """Everything an operator may see of one TraceerId: rows and history, no payload."""
        ...


class PurgeStore(RetentionStore, Protocol):
    """What the purge job uses (``gateway.services.purge``): the retention port, and the
    exchange's pseudonym lookup, for the audit event of each message it expires."""

    async def message_pseudonyms(self, traceer_id: str) -> tuple[str, ...]: ...


class Closable(Protocol):
    """Something the context closes when the gateway stops (a store, the audit trail)."""

    async def close(self) -> None: ...


class MessageStore(ExchangeStore, RetentionStore, OperatorQueries, Protocol):
    """Durable storage of messages, receipts and their history: the three uses in one
    adapter (SqliteMessageStore, PostgresMessageStore), proven by tests/contract/."""

    async def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Caller:
    """Who made a request: the authenticated participant and where it came from (NEN 7513)."""

    participant_id: str
    fingerprint: str  # SHA-256 of the TLS client certificate
    address: str | None  # network address of the peer


class EventKind(StrEnum):
    """What happened to a message or receipt; every kind is audited and counted."""

    RECEIVED = "received"  # accepted (202)
    DUPLICATE = "duplicate"  # byte-identical resubmission (200)
    REJECTED = "rejected"  # refused with a signed receipt
    LISTED = "listed"  # inbox listing
    DOWNLOADED = "downloaded"  # delivery envelope fetched
    ACKNOWLEDGED = "acknowledged"  # delivery acknowledged, Afleverbevestiging issued
    RECEIPT_FETCHED = "receipt_fetched"
    RECEIPT_ACKNOWLEDGED = "receipt_acknowledged"
    PURGED = "purged"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened; carries codes and ids, never payload content or a BSN.

    ``bsn_pseudonyms`` are keyed pseudonyms (never the BSNs themselves) of the
    clients a message concerns, for the NEN 7513 audit trail.
    """

    kind: EventKind
    outcome: str  # "GW000", a protocol code, or "404"
    at: datetime
    caller: Caller | None
    traceer_id: str | None = None
    bericht_type: str | None = None
    afzender: str | None = None
    geadresseerde: str | None = None
    inbox: str | None = None
    bsn_pseudonyms: tuple[str, ...] = ()


class MessageFacts(Protocol):
    """What an event names of a message: a Kop, a stored or a purged message."""

    @property
    def traceer_id(self) -> str: ...
    @property
    def bericht_type(self) -> str | None: ...
    @property
    def afzender(self) -> str | None: ...
    @property
    def geadresseerde(self) -> str | None: ...


def message_event(
    kind: EventKind,
    outcome: str,
    at: datetime,
    caller: Caller | None,
    message: MessageFacts | None,
    *,
    traceer_id: str | None = None,
    inbox: str | None = None,
    bsn_pseudonyms: tuple[str, ...] = (),
) -> Event:
    """The one way an Event about a message is built (receive, delivery, purge): its ids
    from the message when there is one, else only ``traceer_id`` as given."""
    if message is None:
        return Event(kind, outcome, at, caller, traceer_id=traceer_id)
    return Event(
        kind,
        outcome,
        at,
        caller,
        traceer_id=message.traceer_id,
        bericht_type=message.bericht_type,
        afzender=message.afzender,
        geadresseerde=message.geadresseerde,
        inbox=inbox,
        bsn_pseudonyms=bsn_pseudonyms,
    )


class EventSink(Protocol):
    """Receives every Event (audit trail, metrics); awaited before the answer is sent."""

    async def emit(self, event: Event) -> None: ...


class StageObserver(Protocol):
    """Told how long each stage of the receive pipeline took (metrics, benchmarks)."""

    def observe(self, stage: str, seconds: float) -> None: ...


class NoEvents:
    """An EventSink that drops events (for tools that need none)."""

    async def emit(self, event: Event) -> None:
        return None


class NoStages:
    def observe(self, stage: str, seconds: float) -> None:
        return None


class EventFanout:
    """Send each event to several sinks in order."""

    def __init__(self, *sinks: EventSink) -> None:
        self.sinks = list(sinks)

    async def emit(self, event: Event) -> None:
        for sink in self.sinks:
            await sink.emit(event)


class StageFanout:
    """Send each stage timing to several observers."""

    def __init__(self, *observers: StageObserver) -> None:
        self.observers = list(observers)

    def observe(self, stage: str, seconds: float) -> None:
        for observer in self.observers:
            observer.observe(stage, seconds)


@dataclass(frozen=True, slots=True)
class PurgedMessage:
    """What a purge removed, for its audit event (no content)."""

    traceer_id: str
    sender: str
    afzender: str | None = None
    geadresseerde: str | None = None
    inbox: str | None = None
    bericht_type: str | None = None
    bsn_pseudonyms: tuple[str, ...] = ()


class AuditLog(EventSink, Protocol):
    """The NEN 7513 audit trail: append-only, hash-chained, separate from operator logs."""

    async def close(self) -> None: ...
