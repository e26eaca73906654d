"""Test doubles of the ports (gateway/ports.py): in memory, no thread, no database.

``FakeExchangeStore`` keeps the exchange's promises the contract suite proves of the real
adapters (tests/contract/): one message per TraceerId, the receipt stored with its
message, a rejection stored as a receipt only. ``FakeRetentionStore`` keeps the purge
job's: payloads go only after acknowledgement, an expiry only takes a message still in
its inbox, metadata never goes while a message waits, every call at most ``limit``.
``FakeOperatorQueries`` counts from the same kind of rows what the operator's reports
read. Fast service tests run the services on them (tests/unit/test_receive_order.py,
test_purge_service.py, test_reports.py); the real adapters stay proven by
tests/contract/ and the functional tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from gateway.domain.errors import StoreUnavailable
from gateway.domain.receipts import MessageState
from gateway.ports import (
    PURGE_BATCH,
    AckOutcome,
    Event,
    HistoryEvent,
    InboxStat,
    MessageMetadata,
    NewMessage,
    PurgedMessage,
    ReceiptMetadata,
    StoredMessage,
    StoredReceipt,
)


@dataclass
class FakeExchangeStore:
    """The exchange part of the message store (``gateway.ports.ExchangeStore``) in memory."""

    messages: dict[str, StoredMessage] = field(default_factory=dict)
    deliveries: dict[str, bytes] = field(default_factory=dict)
    pseudonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    receipts: dict[str, StoredReceipt] = field(default_factory=dict)
    rejections: list[tuple[StoredReceipt, str]] = field(default_factory=list)
    history_events: dict[str, list[HistoryEvent]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)  # method names, in order
    closed: bool = False

    async def find_message(self, traceer_id: str) -> StoredMessage | None:
        self.calls.append("find_message")
        return self.messages.get(traceer_id)

    async def get_receipt_xml(self, bevestiging_id: str) -> bytes | None:
        self.calls.append("get_receipt_xml")
        receipt = self.receipts.get(bevestiging_id)
        return None if receipt is None else receipt.xml

    async def accept(self, message: NewMessage, receipt: StoredReceipt) -> StoredMessage | None:
        self.calls.append("accept")
        existing = self.messages.get(message.traceer_id)
        if existing is not None:
            return existing
        self.messages[message.traceer_id] = StoredMessage(
            traceer_id=message.traceer_id,
            sender=message.sender,
            afzender=message.afzender,
            inbox=message.inbox,
            geadresseerde=message.geadresseerde,
            bericht_type=message.bericht_type,
            bericht_versie=message.bericht_versie,
            envelope_digest=message.envelope_digest,
            delivery_sha256=message.delivery_sha256,
            size=len(message.delivery_envelope),
            received_at=message.received_at,
            state=MessageState.ONTVANGEN,
            receipt_id=receipt.bevestiging_id,
            traceer_id_as_written=message.traceer_id_as_written,
            conversatie_id=message.conversatie_id,
        )
        self.deliveries[message.traceer_id] = message.delivery_envelope
        self.pseudonyms[message.traceer_id] = message.bsn_pseudonyms
        self.receipts[receipt.bevestiging_id] = receipt
        self.history_events.setdefault(message.traceer_id, []).append(
            HistoryEvent(MessageState.ONTVANGEN, message.received_at, None)
        )
        return None

    async def record_rejection(self, receipt: StoredReceipt, code: str) -> None:
        self.calls.append("record_rejection")
        self.receipts[receipt.bevestiging_id] = receipt
        self.rejections.append((receipt, code))

    async def list_inbox(
        self,
        inbox: str,
        limit: int,
        *,
        lease: timedelta | None = None,
        now: datetime | None = None,
    ) -> list[StoredMessage]:
        self.calls.append("list_inbox")
        ready = [
            m for m in self.messages.values() if m.inbox == inbox and m.acknowledged_at is None
        ]
        if lease is not None:
            if now is None:
                raise ValueError("a lease needs now")
            ready = [m for m in ready if m.lease_until is None or m.lease_until <= now]
            for m in ready[:limit]:
                self.messages[m.traceer_id] = replace(m, lease_until=now + lease)
        return ready[:limit]

    async def get_delivery(self, inbox: str, traceer_id: str) -> tuple[StoredMessage, bytes] | None:
        self.calls.append("get_delivery")
        message = self.messages.get(traceer_id)
        if message is None or message.inbox != inbox or message.acknowledged_at is not None:
            return None
        return message, self.deliveries[traceer_id]

    async def acknowledge(self, inbox: str, traceer_id: str, receipt: StoredReceipt) -> AckOutcome:
        self.calls.append("acknowledge")
        message = self.messages.get(traceer_id)
        if message is None or message.inbox != inbox:
            return AckOutcome.NOT_FOUND
        if message.acknowledged_at is not None:
            return AckOutcome.ALREADY
        self.messages[traceer_id] = replace(
            message, acknowledged_at=receipt.tijdstip, state=MessageState.BEZORGD
        )
        self.receipts[receipt.bevestiging_id] = receipt
        return AckOutcome.ACKNOWLEDGED

    async def list_receipts(self, owner: str, limit: int) -> list[StoredReceipt]:
        self.calls.append("list_receipts")
        return [
            r for r in self.receipts.values() if r.owner == owner and r.acknowledged_at is None
        ][:limit]

    async def get_receipt(self, owner: str, bevestiging_id: str) -> StoredReceipt | None:
        self.calls.append("get_receipt")
        receipt = self.receipts.get(bevestiging_id)
        return receipt if receipt is not None and receipt.owner == owner else None

    async def acknowledge_receipt(self, owner: str, bevestiging_id: str, at: datetime) -> bool:
        self.calls.append("acknowledge_receipt")
        receipt = await self.get_receipt(owner, bevestiging_id)
        if receipt is None:
            return False
        if receipt.acknowledged_at is None:
            self.receipts[bevestiging_id] = replace(receipt, acknowledged_at=at)
        return True

    async def history(
        self, sender: str, traceer_id: str
    ) -> tuple[StoredMessage | None, list[HistoryEvent], list[StoredReceipt]]:
        self.calls.append("history")
        message = self.messages.get(traceer_id)
        if message is None or message.sender != sender:
            return None, [], []
        receipts = [r for r in self.receipts.values() if r.traceer_id == traceer_id]
        return message, list(self.history_events.get(traceer_id, [])), receipts

    async def list_conversation(
        self, participant: str, conversation: str, limit: int
    ) -> list[StoredMessage]:
        self.calls.append("list_conversation")
        return [
            m
            for m in self.messages.values()
            if m.conversation == conversation and participant in (m.sender, m.inbox)
        ][:limit]

    async def message_pseudonyms(self, traceer_id: str) -> tuple[str, ...]:
        self.calls.append("message_pseudonyms")
        return self.pseudonyms.get(traceer_id, ())

    async def close(self) -> None:
        self.closed = True


def _purged(message: StoredMessage, pseudonyms: tuple[str, ...]) -> PurgedMessage:
    return PurgedMessage(
        message.traceer_id,
        message.sender,
        message.afzender,
        message.geadresseerde,
        message.inbox,
        message.bericht_type,
        pseudonyms,
    )


@dataclass
class FakeRetentionStore:
    """The purge job's part of the message store (``gateway.ports.PurgeStore``) in memory.

    Rows as in FakeExchangeStore: a message waits in its inbox while its state is
    Aangeboden, is delivered (Bezorgd) with ``acknowledged_at``, and keeps its delivery
    envelope in ``deliveries`` until purged. A TraceerId reused after a rejection, which
    the real stores tell apart by their row keys, is not modelled.
    """

    messages: dict[str, StoredMessage] = field(default_factory=dict)
    deliveries: dict[str, bytes] = field(default_factory=dict)
    pseudonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    receipts: dict[str, StoredReceipt] = field(default_factory=dict)
    history_events: dict[str, list[HistoryEvent]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)  # method names, in order

    async def purge_payloads(
        self, acknowledged_before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        self.calls.append("purge_payloads")
        due = [
            m
            for m in self.messages.values()
            if m.state is MessageState.BEZORGD
            and m.acknowledged_at is not None
            and m.acknowledged_at < acknowledged_before
            and m.traceer_id in self.deliveries
        ][:limit]
        for m in due:
            del self.deliveries[m.traceer_id]
        return [_purged(m, self.pseudonyms.get(m.traceer_id, ())) for m in due]

    async def list_expiring(self, received_before: datetime, limit: int) -> list[StoredMessage]:
        self.calls.append("list_expiring")
        return [
            m
            for m in self.messages.values()
            if m.state is MessageState.AANGEBODEN and m.received_at < received_before
        ][:limit]

    async def expire(self, traceer_id: str, receipt: StoredReceipt, code: str) -> bool:
        self.calls.append("expire")
        message = self.messages.get(traceer_id)
        if message is None or message.state is not MessageState.AANGEBODEN:
            return False
        self.messages[traceer_id] = replace(message, state=MessageState.AFGEKEURD)
        self.deliveries.pop(traceer_id, None)
        self.receipts[receipt.bevestiging_id] = receipt
        self.history_events.setdefault(traceer_id, []).append(
            HistoryEvent(MessageState.AFGEKEURD, receipt.tijdstip, code)
        )
        return True

    async def purge_metadata(
        self, before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        self.calls.append("purge_metadata")
        due = [
            m
            for m in self.messages.values()
            if m.received_at < before and m.state is not MessageState.AANGEBODEN
        ][:limit]
        purged = []
        for m in due:
            del self.messages[m.traceer_id]
            self.deliveries.pop(m.traceer_id, None)
            self.history_events.pop(m.traceer_id, None)
            for r in [r for r in self.receipts.values() if r.traceer_id == m.traceer_id]:
                del self.receipts[r.bevestiging_id]
            purged.append(_purged(m, self.pseudonyms.pop(m.traceer_id, ())))
        # Rejections: receipts without a message, once older than the cut-off.
        rejected = [
            r
            for r in self.receipts.values()
            if r.tijdstip < before and r.traceer_id not in self.messages
        ]
        ids = list(dict.fromkeys(r.traceer_id for r in rejected))[:limit]
        gone = [r for r in rejected if r.traceer_id in ids]
        for r in gone:
            del self.receipts[r.bevestiging_id]
        for traceer_id in ids:
            events = [e for e in self.history_events.get(traceer_id, []) if e.at >= before]
            self.history_events[traceer_id] = events
        purged += [
            PurgedMessage(*key) for key in dict.fromkeys((r.traceer_id, r.owner) for r in gone)
        ]
        return purged

    async def message_pseudonyms(self, traceer_id: str) -> tuple[str, ...]:
        self.calls.append("message_pseudonyms")
        return self.pseudonyms.get(traceer_id, ())

    async def close(self) -> None:
        return None


@dataclass
class FakeOperatorQueries:
    """The operator's queries (``gateway.ports.OperatorQueries``), counted from rows in
    memory like FakeExchangeStore's; ``up = False`` makes every query fail as an
    unreachable store does (StoreUnavailable)."""

    messages: dict[str, StoredMessage] = field(default_factory=dict)
    receipts: dict[str, StoredReceipt] = field(default_factory=dict)
    history_events: dict[str, list[HistoryEvent]] = field(default_factory=dict)
    up: bool = True
    calls: list[str] = field(default_factory=list)  # method names, in order

    def _ask(self, name: str) -> None:
        self.calls.append(name)
        if not self.up:
            raise StoreUnavailable("the fake store is down")

    def _events(self, moment: datetime) -> list[HistoryEvent]:
        return [e for events in self.history_events.values() for e in events if e.at >= moment]

    async def ping(self) -> None:
        self._ask("ping")

    async def inbox_stats(self) -> list[InboxStat]:
        self._ask("inbox_stats")
        waiting: dict[str, list[StoredMessage]] = {}
        for m in self.messages.values():
            if m.state is MessageState.AANGEBODEN:
                waiting.setdefault(m.inbox, []).append(m)
        return [
            InboxStat(inbox, len(ms), min(m.received_at for m in ms))
            for inbox, ms in sorted(waiting.items())
        ]

    async def pending_receipts(self) -> dict[str, int]:
        self._ask("pending_receipts")
        counts: dict[str, int] = {}
        for r in self.receipts.values():
            if r.acknowledged_at is None:
                counts[r.owner] = counts.get(r.owner, 0) + 1
        return dict(sorted(counts.items()))

    async def flow_since(self, moment: datetime) -> dict[str, int]:
        self._ask("flow_since")
        counts: dict[str, int] = {}
        for e in self._events(moment):
            counts[e.state.value] = counts.get(e.state.value, 0) + 1
        return dict(sorted(counts.items()))

    async def rejections_since(self, moment: datetime) -> dict[str, int]:
        self._ask("rejections_since")
        counts: dict[str, int] = {}
        for e in self._events(moment):
            if e.state is MessageState.AFGEKEURD:
                counts[e.code or ""] = counts.get(e.code or "", 0) + 1
        return dict(sorted(counts.items()))

    async def message_metadata(self, traceer_id: str) -> MessageMetadata:
        self._ask("message_metadata")
        return MessageMetadata(
            traceer_id,
            self.messages.get(traceer_id),
            tuple(self.history_events.get(traceer_id, [])),
            tuple(
                ReceiptMetadata(
                    r.bevestiging_id, r.owner, r.soort, r.status, r.tijdstip, r.acknowledged_at
                )
                for r in self.receipts.values()
                if r.traceer_id == traceer_id
            ),
        )

    async def close(self) -> None:
        return None


@dataclass
class FakeEventSink:
    """An EventSink (``gateway.ports.EventSink``) that keeps every Event, in order."""

    events: list[Event] = field(default_factory=list)

    async def emit(self, event: Event) -> None:
        self.events.append(event)
