"""What the services depend on, gathered once by the wiring in ``gateway.bootstrap``; the
parts that reload form one frozen ``Snapshot``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Generic, TypeVar

from cryptography import x509

from gateway.audit import Pseudonymizer
from gateway.config import GatewayConfig, RetentionConfig
from gateway.domain.participants import Participant, Registry
from gateway.messagetypes import MessageTypeRegistry
from gateway.ports import (
    AuditLog,
    Clock,
    Closable,
    EventSink,
    NoEvents,
    NoStages,
    StageObserver,
)
from gateway.security.certs import TrustStore
from gateway.security.keys import DecryptionKeyRing, KeyPair
from gateway.services.cpu import CpuLanes

# Rollover status of one of the gateway's own certificates (GET /v1/certificaten).
ACTUEEL = "actueel"  # use it now: providers encrypt to it; receipts are signed with it
VOLGEND = "volgend"  # published ahead: not yet valid (notBefore in the future)
VORIG = "vorig"  # valid and still accepted (decrypted, receipts verify), no longer used


def rollover_status(certificates: Sequence[x509.Certificate], now: datetime) -> list[str | None]:
    """The status of each certificate, given in configuration order (oldest first).

    ``actueel``: the last one in the list that is valid now; ``vorig``: the other
    valid ones; ``volgend``: not yet valid; None: expired (no longer published).
    """
    valid = [i for i, c in enumerate(certificates) if _valid(c, now)]
    current = valid[-1] if valid else None
    result: list[str | None] = []
    for i, cert in enumerate(certificates):
        if now < cert.not_valid_before_utc:
            result.append(VOLGEND)
        elif i == current:
            result.append(ACTUEEL)
        elif _valid(cert, now):
            result.append(VORIG)
        else:
            result.append(None)
    return result


def _valid(cert: x509.Certificate, now: datetime) -> bool:
    return cert.not_valid_before_utc <= now < cert.not_valid_after_utc


@dataclass(frozen=True)
class ReceiveSettings:
    """The receive policy in the pipeline's units: gateway.toml's [policy] and [delivery]."""

    max_age: timedelta
    max_future: timedelta
    delivery_key_transport: str
    delivery_content_encryption: str

    @classmethod
    def of(cls, config: GatewayConfig) -> ReceiveSettings:
        return cls(
            max_age=timedelta(seconds=config.max_age_seconds),
            max_future=timedelta(seconds=config.max_future_seconds),
            delivery_key_transport=config.delivery_key_transport,
            delivery_content_encryption=config.delivery_content_encryption,
        )


@dataclass(frozen=True)
class RetentionSettings:
    """How long what is kept (docs/privacy.md; gateway.toml's [retention]); the purge job
    applies them."""

    payload_after_ack: timedelta
    undelivered: timedelta
    metadata: timedelta
    purge_interval: timedelta

    @classmethod
    def of(cls, config: RetentionConfig) -> RetentionSettings:
        return cls(
            payload_after_ack=timedelta(hours=config.payload_hours),
            undelivered=timedelta(days=config.undelivered_days),
            metadata=timedelta(days=config.metadata_days),
            purge_interval=timedelta(seconds=config.purge_interval_seconds),
        )


# Every setting at its default: each default is declared once, on gateway.config's fields.
_DEFAULTS = GatewayConfig(source=Path("gateway.toml"))


@dataclass(frozen=True)
class Snapshot:
    """Everything that reloads without a restart: registry, trust (anchors and CRLs) and
    the gateway's own keys. Built whole and assigned to ``GatewayContext.snapshot`` in one
    step, so a request sees either the old set or the new one, never a mix."""

    registry: Registry
    trust: TrustStore
    # Parsed encryption certificates per concessiehouder id.
    recipient_certs: dict[str, tuple[x509.Certificate, ...]] = field(default_factory=dict)
    # The gateway's keys ([keys] of gateway.toml); empty in a snapshot of registry and
    # trust alone (``participants check --config``).
    decryption_keys: DecryptionKeyRing = field(default_factory=lambda: DecryptionKeyRing(()))
    encryption_certificates: tuple[x509.Certificate, ...] = ()  # configuration order
    # Receipt-signing keys in configuration order; ``signing_key`` picks the current one.
    signing_keys: tuple[KeyPair, ...] = ()

    @classmethod
    def build(
        cls,
        registry: Registry,
        trust: TrustStore,
        encryption: Sequence[KeyPair] = (),
        signing: Sequence[KeyPair] = (),
    ) -> Snapshot:
        certs = {
            p.id: tuple(x509.load_der_x509_certificate(der) for der in p.encryption_certificates)
            for p in registry.participants
            if p.encryption_certificates
        }
        return cls(
            registry,
            trust,
            certs,
            DecryptionKeyRing(encryption),
            tuple(p.certificate for p in encryption),
            tuple(signing),
        )


# The store as the code at hand uses it (covariant: a context holding the whole
# MessageStore serves wherever one of its ports is asked for).
StoreT_co = TypeVar("StoreT_co", covariant=True)


@dataclass
class GatewayContext(Generic[StoreT_co]):
    """What a service works with: the store, the clock, the message types, the reloadable
    snapshot, the event sinks and the settings.

    ``store`` is typed by use: each service names the narrowest port it needs
    (``GatewayContext[ExchangeStore]`` for receive and delivery, ``[PurgeStore]`` for
    purge, ``[OperatorQueries]`` for the reports, ``[object]`` where the store is not
    touched), and the wiring builds a ``GatewayContext[MessageStore]``; mypy proves that
    no service reaches past its port, and a test runs one on a fake of that port alone.
    """

    store: StoreT_co
    clock: Clock
    message_types: MessageTypeRegistry
    snapshot: Snapshot  # replaced whole on reload (gateway/runtime.py), never mutated
    settings: ReceiveSettings = field(default_factory=lambda: ReceiveSettings.of(_DEFAULTS))
    events: EventSink = field(default_factory=NoEvents)
    stages: StageObserver = field(default_factory=NoStages)
    # Keyed BSN pseudonyms for audit events; None: events carry none (tools, benchmarks).
    pseudonymizer: Pseudonymizer | None = None
    audit: AuditLog | None = None  # also in ``events``; kept here to close it last
    retention: RetentionSettings = field(
        default_factory=lambda: RetentionSettings.of(_DEFAULTS.retention)
    )
    # The CPU-bound work of messages and receipts (services/cpu.py).
    cpu: CpuLanes = field(default_factory=CpuLanes)

    async def close(self: GatewayContext[Closable]) -> None:
        """Close what the context holds: the store, then the audit trail (last: its
        final signed checkpoint covers every event)."""
        self.cpu.close()
        await self.store.close()
        if self.audit is not None:
            await self.audit.close()

    @property
    def decryption_keys(self) -> DecryptionKeyRing:
        return self.snapshot.decryption_keys

    @property
    def encryption_certificates(self) -> tuple[x509.Certificate, ...]:
        return self.snapshot.encryption_certificates

    @property
    def signing_keys(self) -> tuple[KeyPair, ...]:
        return self.snapshot.signing_keys

    @property
    def signing_key(self) -> KeyPair:
        """The key receipts are signed with now: the ``actueel`` one (the last if none is)."""
        statuses = rollover_status([k.certificate for k in self.signing_keys], self.clock.now())
        for pair, status in zip(self.signing_keys, statuses, strict=True):
            if status == ACTUEEL:
                return pair
        return self.signing_keys[-1]

    @property
    def signing_certificates(self) -> tuple[x509.Certificate, ...]:
        """Every configured receipt-signing certificate (published with its status)."""
        return tuple(k.certificate for k in self.signing_keys)

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
