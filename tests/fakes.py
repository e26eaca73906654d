"""Test doubles of the ports (gateway/ports.py): in memory, no thread, no database.

``FakeExchangeStore`` keeps the exchange's promises the contract suite proves of the real
adapters (tests/contract/): one message per TraceerId, the receipt stored with its
message, a rejection stored as a receipt only. Fast service tests run the services on it;
the real adapters stay proven by tests/contract/ and the functional tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from gateway.domain.receipts import MessageState
from gateway.ports import (
    AckOutcome,
    HistoryEvent,
    NewMessage,
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
