"""NEN 7513 audit trail: keyed BSN pseudonyms, a hash chain, signed checkpoints.

Every record is canonical JSON with its sequence number; its hash is
SHA-256(previous hash, newline, record), so a changed, removed or reordered
record breaks the chain. Every ``checkpoint_every`` events (or at the first
event after ``checkpoint_seconds``, and when the gateway stops) a checkpoint
record is appended whose hash is signed with the gateway's receipt-signing
key: a chain rewritten from some point on cannot carry valid signatures.
The storage is a port (``AuditStore``); ``adapters.sqlite_audit`` keeps it in
its own append-only SQLite file. See docs/privacy.md for what this proves.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import structlog
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from gateway.config import AuditConfig
from gateway.domain.errors import StoreUnavailable
from gateway.ports import Clock, Event
from gateway.security.keys import KeyPair

log = structlog.get_logger("gateway.audit")

GENESIS = "0" * 64
MIN_SECRET_BYTES = 32
EVENT = "event"
CHECKPOINT = "checkpoint"


class AuditUnavailable(StoreUnavailable):
    """The audit store cannot append: the request is refused (503), never served unaudited."""


# --- pseudonyms ----------------------------------------------------------------------


class Pseudonymizer:
    """HMAC-SHA-256 of a BSN under the gateway's secret: the same client, the same pseudonym."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_SECRET_BYTES:
            raise ValueError(f"the pseudonym key must have at least {MIN_SECRET_BYTES} bytes")
        self._key = key

    @classmethod
    def from_file(cls, path: Path) -> Pseudonymizer:
        """Read a key file of hex digits (``dev-pki`` writes 32 random bytes)."""
        text = path.read_text(encoding="ascii").strip()
        try:
            key = bytes.fromhex(text)
        except ValueError as exc:
            raise ValueError(f"{path} must hold the key as hex digits") from exc
        return cls(key)

    def pseudonym(self, bsn: str) -> str:
        return hmac.new(self._key, bsn.strip().encode("ascii"), hashlib.sha256).hexdigest()

    def pseudonyms(self, bsns: Iterable[str]) -> tuple[str, ...]:
        """Sorted, so the order of clients in a message reveals nothing."""
        return tuple(sorted({self.pseudonym(b) for b in bsns}))


# --- records ----------------------------------------------------------------------------


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def chain_hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One appended record: an event or a checkpoint, as stored and as verified."""

    seq: int
    prev_hash: str
    hash: str
    body: bytes  # canonical JSON, includes "seq" and "type"
    signature: bytes | None = None

    def fields(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.body)
        return data

    @property
    def type(self) -> str:
        return str(self.fields().get("type"))


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The end of the chain as the store sees it inside its write transaction."""

    seq: int = 0
    hash: str = GENESIS
    events_since_checkpoint: int = 0
    last_checkpoint_at: datetime | None = None


def _time(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def event_fields(event: Event) -> dict[str, Any]:
    """NEN 7513: what, when, outcome, who and from where, which object, which clients."""
    caller = event.caller
    return {
        "type": EVENT,
        "kind": event.kind.value,
        "outcome": event.outcome,
        "at": _time(event.at),
        "participant": caller.participant_id if caller else None,
        "fingerprint": caller.fingerprint if caller else None,
        "address": caller.address if caller else None,
        "traceer_id": event.traceer_id,
        "bericht_type": event.bericht_type,
        "afzender": event.afzender,
        "geadresseerde": event.geadresseerde,
        "inbox": event.inbox,
        "bsn_pseudonyms": list(event.bsn_pseudonyms),
    }


def make_record(head_seq: int, head_hash: str, fields: dict[str, Any]) -> AuditRecord:
    seq = head_seq + 1
    body = canonical({**fields, "seq": seq})
    return AuditRecord(seq, head_hash, chain_hash(head_hash, body), body)


def sign_hash(signer: KeyPair, digest_hex: str) -> bytes:
    data = digest_hex.encode("ascii")
    key = signer.private_key
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    raise TypeError("the signing key must be RSA or EC")


def signature_valid(certificate: x509.Certificate, digest_hex: str, signature: bytes) -> bool:
    data = digest_hex.encode("ascii")
    public = certificate.public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def make_checkpoint(head_seq: int, head_hash: str, at: datetime, signer: KeyPair) -> AuditRecord:
    """A checkpoint over every record before it, signed by the gateway's key."""
    record = make_record(
        head_seq,
        head_hash,
        {"type": CHECKPOINT, "at": _time(at), "records": head_seq, "signer": signer.fingerprint},
    )
    signature = sign_hash(signer, record.hash)
    return AuditRecord(record.seq, record.prev_hash, record.hash, record.body, signature)


_AUDIT = AuditConfig()  # each default is declared once, on the [audit] config's fields


@dataclass(frozen=True)
class CheckpointPolicy:
    """When the hash chain gets a signed checkpoint: every ``every`` events, or at the first
    event ``interval`` after the last one ([audit] checkpoint_every, checkpoint_seconds)."""

    every: int = _AUDIT.checkpoint_every
    interval: timedelta = timedelta(seconds=_AUDIT.checkpoint_seconds)

    @classmethod
    def of(cls, config: AuditConfig) -> CheckpointPolicy:
        return cls(config.checkpoint_every, timedelta(seconds=config.checkpoint_seconds))

    def due(self, head: AuditHead, now: datetime) -> bool:
        if head.events_since_checkpoint >= self.every:
            return True
        if head.events_since_checkpoint and head.last_checkpoint_at is not None:
            return now - head.last_checkpoint_at >= self.interval
        return False


# --- the store port and the sink ---------------------------------------------------------

Builder = Callable[[AuditHead], Sequence[AuditRecord]]


class AuditStore(Protocol):
    """Append-only storage of audit records; ``append`` runs ``build`` in its transaction."""

    async def append(self, build: Builder) -> list[AuditRecord]: ...

    async def records(self) -> list[AuditRecord]: ...

    async def about(self, pseudonym: str) -> list[AuditRecord]:
        """Records naming this pseudonym, and every record of the same TraceerIds."""
        ...

    async def high_water(self) -> int:
        """The highest sequence number ever assigned (survives deleting the tail)."""
        ...

    async def close(self) -> None: ...


@dataclass
class AuditTrail:
    """The EventSink that writes every Event to the audit store before the answer goes out."""

    store: AuditStore
    signer: KeyPair
    clock: Clock
    policy: CheckpointPolicy = field(default_factory=CheckpointPolicy)

    def _build(self, fields: dict[str, Any] | None, now: datetime) -> Builder:
        def build(head: AuditHead) -> list[AuditRecord]:
            out: list[AuditRecord] = []
            seq, last = head.seq, head.hash
            since = head.events_since_checkpoint
            if fields is not None:
                out.append(make_record(seq, last, fields))
                seq, last, since = out[-1].seq, out[-1].hash, since + 1
            checkpoint_at = head.last_checkpoint_at or now  # the first one after `every`
            due = self.policy.due(AuditHead(seq, last, since, checkpoint_at), now)
            if due or (fields is None and since):
                out.append(make_checkpoint(seq, last, now, self.signer))
            return out

        return build

    async def emit(self, event: Event) -> None:
        records = await self.store.append(self._build(event_fields(event), self.clock.now()))
        self._announce(records)

    async def checkpoint(self) -> None:
        """Sign the chain now if events were added since the last checkpoint."""
        self._announce(await self.store.append(self._build(None, self.clock.now())))

    async def close(self) -> None:
        try:
            await self.checkpoint()
        except StoreUnavailable:
            log.error("audit_checkpoint_failed")
        await self.store.close()

    @staticmethod
    def _announce(records: Sequence[AuditRecord]) -> None:
        # A witness outside the audit file: the operator log gets each signed head.
        for record in records:
            if record.signature is not None:
                log.info("audit_checkpoint", seq=record.seq, head=record.hash)


# --- verify and search ---------------------------------------------------------------------


@dataclass
class VerifyReport:
    records: int = 0
    events: int = 0
    checkpoints: int = 0
    unsigned_tail: int = 0  # events after the last checkpoint (not yet covered by a signature)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_records(
    records: Iterable[AuditRecord],
    certificates: x509.Certificate | Sequence[x509.Certificate],
    high_water: int = 0,
) -> VerifyReport:
    """Check every hash link, sequence number and checkpoint signature.

    ``certificates`` are the receipt-signing certificates the trail may have been
    signed with (all of them across key rollovers); each checkpoint names its
    signer by fingerprint and is checked against exactly that certificate.
    """
    if isinstance(certificates, x509.Certificate):
        certificates = [certificates]
    by_fingerprint = {c.fingerprint(hashes.SHA256()).hex(): c for c in certificates}
    report = VerifyReport()
    expected_prev, expected_seq = GENESIS, 1
    for record in records:
        report.records += 1
        where = f"record {record.seq}"
        try:
            fields = record.fields()
        except ValueError:
            report.problems.append(f"{where}: not valid JSON")
            fields = {}
        if record.seq != expected_seq or fields.get("seq") != record.seq:
            report.problems.append(f"{where}: expected sequence number {expected_seq}")
        if record.prev_hash != expected_prev:
            report.problems.append(f"{where}: does not link to the record before it")
        if chain_hash(record.prev_hash, record.body) != record.hash:
            report.problems.append(f"{where}: content does not match its hash")
        if fields.get("type") == CHECKPOINT:
            report.checkpoints += 1
            report.unsigned_tail = 0
            if fields.get("records") != record.seq - 1:
                report.problems.append(f"{where}: checkpoint covers a different number of records")
            certificate = by_fingerprint.get(str(fields.get("signer", "")))
            if certificate is None:
                report.problems.append(f"{where}: checkpoint signed by an unknown certificate")
            elif record.signature is None or not signature_valid(
                certificate, record.hash, record.signature
            ):
                report.problems.append(f"{where}: checkpoint signature is not valid")
        else:
            report.events += 1
            report.unsigned_tail += 1
        expected_prev, expected_seq = record.hash, record.seq + 1
    if high_water > expected_seq - 1:
        report.problems.append(f"records {expected_seq}..{high_water} were written and are missing")
    return report


def concerning(records: Iterable[AuditRecord], pseudonym: str) -> list[AuditRecord]:
    """Of the candidates an AuditStore found for ``about`` (naming the pseudonym, or of
    the same TraceerIds), those that are this client's events.

    Same TraceerId but naming other clients (a rejected TraceerId reused) is not this
    client's event; an event naming no client (receipt fetch, purge) belongs to it.
    """
    found = []
    for record in records:
        named = record.fields().get("bsn_pseudonyms", [])
        if not named or pseudonym in named:
            found.append(record)
    return found
