"""What the services depend on, gathered once by the wiring in ``gateway.bootstrap``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography import x509

from gateway.audit import Pseudonymizer
from gateway.domain.participants import Participant, Registry
from gateway.messagetypes import MessageTypeRegistry
from gateway.ports import (
    AuditLog,
    Clock,
    EventSink,
    MessageStore,
    NoEvents,
    NoStages,
    StageObserver,
)
from gateway.security.certs import TrustStore
from gateway.security.keys import DecryptionKeyRing, KeyPair


@dataclass(frozen=True)
class ReceiveSettings:
    max_age: timedelta = timedelta(hours=24)
    max_future: timedelta = timedelta(minutes=5)
    delivery_key_transport: str = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    delivery_content_encryption: str = "http://www.w3.org/2009/xmlenc11#aes256-gcm"


@dataclass(frozen=True)
class RetentionSettings:
    """How long what is kept (docs/privacy.md); the purge job applies them."""

    payload_after_ack: timedelta = timedelta(hours=24)
    undelivered: timedelta = timedelta(days=30)
    metadata: timedelta = timedelta(days=365)
    purge_interval: timedelta = timedelta(hours=1)


@dataclass
class Snapshot:
    """The parts that reload without a restart; replaced whole, never mutated."""

    registry: Registry
    trust: TrustStore
    # Parsed encryption certificates per concessiehouder id.
    recipient_certs: dict[str, tuple[x509.Certificate, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, registry: Registry, trust: TrustStore) -> Snapshot:
        certs = {
            p.id: tuple(x509.load_der_x509_certificate(der) for der in p.encryption_certificates)
            for p in registry.participants
            if p.encryption_certificates
        }
        return cls(registry, trust, certs)


@dataclass
class GatewayContext:
    store: MessageStore
    clock: Clock
    message_types: MessageTypeRegistry
    decryption_keys: DecryptionKeyRing
    encryption_certificates: tuple[x509.Certificate, ...]
    signing_key: KeyPair
    snapshot: Snapshot
    settings: ReceiveSettings = field(default_factory=ReceiveSettings)
    events: EventSink = field(default_factory=NoEvents)
    stages: StageObserver = field(default_factory=NoStages)
    # Keyed BSN pseudonyms for audit events; None: events carry none (tools, benchmarks).
    pseudonymizer: Pseudonymizer | None = None
    audit: AuditLog | None = None  # also in ``events``; kept here to close it last
    retention: RetentionSettings = field(default_factory=RetentionSettings)

    def delivery_certificate(self, inbox: Participant, now: datetime) -> x509.Certificate | None:
        """The recipient's current encryption certificate: valid now, newest first."""
        candidates = [
            c
            for c in self.snapshot.recipient_certs.get(inbox.id, ())
            if c.not_valid_before_utc <= now < c.not_valid_after_utc
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda c: c.not_valid_before_utc)
