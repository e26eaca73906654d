"""The operator's reports, each computed once: readiness, certificates and CRLs, inbox
depths, the status overview, one TraceerId's metadata and the registry check.

The operations listener serves them at ``/admin/*`` and ``/readyz`` (``gateway.web.ops``),
the commands print them (``gateway.cli.operator``), ``/metrics`` reads the certificate
inventory and the CRL summaries (``gateway.metrics``), and the ``started`` and
``reloaded`` log lines carry the CRL summaries (``gateway.runtime``). Reports carry
counts, codes, participant ids, TraceerIds and times: never payload content, a
receipt's XML or a BSN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509

from gateway.domain.errors import CertificateRejected, StoreUnavailable
from gateway.domain.participants import Participant, PartyCode, Role
from gateway.ports import OperatorQueries
from gateway.security.certs import (
    CertificatePurpose,
    CrlStatus,
    TrustStore,
    fingerprint,
    party_code_of,
)
from gateway.services.context import GatewayContext, Snapshot
from gateway.xmlcodec import format_time

STATUS_WINDOW = timedelta(hours=24)
EXPIRING_DAYS = 30


def _rounded(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds)


# --- CRLs ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrlSummary:
    """One CRL in force as the operator sees it at ``now``: the one computation behind
    ``/admin``, ``/readyz``, ``/metrics`` and the ``started``/``reloaded`` log lines."""

    issuer: str
    source: str
    this_update: datetime
    next_update: datetime | None
    age_seconds: float
    seconds_to_next_update: float | None  # negative once passed; None: names no nextUpdate
    revoked: int
    stale: bool

    @classmethod
    def of(cls, status: CrlStatus, now: datetime) -> CrlSummary:
        return cls(
            issuer=status.issuer,
            source=status.source,
            this_update=status.this_update,
            next_update=status.next_update,
            age_seconds=status.age_seconds(now),
            seconds_to_next_update=status.seconds_to_next_update(now),
            revoked=status.revoked_count,
            stale=status.stale(now),
        )

    def as_report(self) -> dict[str, Any]:
        """The ``/admin/*`` form (``status``, ``participants check``, ``reload``)."""
        return {
            "issuer": self.issuer,
            "source": self.source,
            "thisUpdate": format_time(self.this_update),
            "nextUpdate": format_time(self.next_update) if self.next_update else None,
            "ageSeconds": round(self.age_seconds),
            "secondsToNextUpdate": _rounded(self.seconds_to_next_update),
            "revoked": self.revoked,
        }

    def as_log(self) -> dict[str, object]:
        """The operator log's form (docs/logging.md, ``started`` and ``reloaded``)."""
        return {
            "issuer": self.issuer,
            "age_seconds": int(self.age_seconds),
            "next_update": self.next_update.isoformat() if self.next_update else None,
            "revoked": self.revoked,
        }


def crl_summaries(trust: TrustStore, now: datetime) -> list[CrlSummary]:
    """The CRLs in force, in the order they were configured."""
    return [CrlSummary.of(status, now) for status in trust.crl_status()]


def crl_report(trust: TrustStore, now: datetime) -> list[dict[str, Any]]:
    """The CRLs in force, as ``/admin/*`` reports them."""
    return [c.as_report() for c in crl_summaries(trust, now)]


def crl_log_fields(trust: TrustStore, now: datetime) -> list[dict[str, object]]:
    """Which CRLs are in force and how old they are, for the operator log (started,
    reloaded)."""
    return [c.as_log() for c in crl_summaries(trust, now)]


# --- readiness -----------------------------------------------------------------------


async def readiness_problems(ctx: GatewayContext[OperatorQueries]) -> list[str]:
    """What keeps the gateway from accepting messages (empty when ready): ``/readyz`` and
    ``/admin/status``."""
    problems: list[str] = []
    try:
        await ctx.store.ping()
    except StoreUnavailable:
        problems.append("store unreachable")
    now = ctx.clock.now()
    if not ctx.snapshot.trust.crls_current(now):
        stale = [c.issuer for c in crl_summaries(ctx.snapshot.trust, now) if c.stale]
        problems.append(
            "a CRL is missing or past its nextUpdate"
            + (f" (stale: {'; '.join(stale)})" if stale else "")
        )
    if not ctx.encryption_certificates or not any(
        c.not_valid_before_utc <= now < c.not_valid_after_utc for c in ctx.encryption_certificates
    ):
        problems.append("no valid encryption key")
    if not ctx.signing_key.certificate.not_valid_after_utc > now:
        problems.append("receipt-signing certificate expired")
    return problems


# --- certificates --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CertificateEntry:
    """One certificate the gateway depends on, named by role and party (never by content)."""

    role: str  # tls, encryption, signing, trust_anchor, recipient_encryption
    party: str  # "gateway", a participant id, or the anchor's subject
    certificate: x509.Certificate


def certificate_inventory(
    ctx: GatewayContext[object], tls_certificate: x509.Certificate | None
) -> list[CertificateEntry]:
    """The gateway's own certificates, its trust anchors and the participants' encryption ones."""
    entries: list[CertificateEntry] = []
    if tls_certificate is not None:
        entries.append(CertificateEntry("tls", "gateway", tls_certificate))
    entries.extend(
        CertificateEntry("encryption", "gateway", c) for c in ctx.encryption_certificates
    )
    entries.append(CertificateEntry("signing", "gateway", ctx.signing_key.certificate))
    entries.extend(
        CertificateEntry("trust_anchor", a.subject.rfc4514_string(), a)
        for a in ctx.snapshot.trust.anchors
    )
    for participant_id, certs in sorted(ctx.snapshot.recipient_certs.items()):
        entries.extend(CertificateEntry("recipient_encryption", participant_id, c) for c in certs)
    return entries


def seconds_to_expiry(cert: x509.Certificate, now: datetime) -> float:
    return (cert.not_valid_after_utc - now).total_seconds()


def certificate_report(
    ctx: GatewayContext[object],
    tls_certificate: x509.Certificate | None,
    *,
    days: int = EXPIRING_DAYS,
) -> dict[str, Any]:
    """Every certificate the gateway depends on, and the CRLs in force, with time left."""
    now = ctx.clock.now()
    limit = timedelta(days=days).total_seconds()
    certificates = []
    for entry in certificate_inventory(ctx, tls_certificate):
        left = seconds_to_expiry(entry.certificate, now)
        certificates.append(
            {
                "role": entry.role,
                "party": entry.party,
                "sha256": fingerprint(entry.certificate),
                "geldigTot": format_time(entry.certificate.not_valid_after_utc),
                "secondsToExpiry": round(left),
                "expiring": left < limit,
                "expired": left <= 0,
            }
        )
    return {"certificates": certificates, "crls": crl_report(ctx.snapshot.trust, now)}


# --- the store's side ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InboxDepth:
    """How far one inbox is backed up."""

    inbox: str
    naam: str | None
    depth: int
    oldest_received_at: datetime | None

    def oldest_age_seconds(self, now: datetime) -> float | None:
        """Seconds since the oldest waiting message arrived; None when the inbox is empty."""
        received = self.oldest_received_at
        return None if received is None else max(0.0, (now - received).total_seconds())


@dataclass(frozen=True, slots=True)
class Backlog:
    """What waits to be collected: every concessiehouder's inbox (and any other that holds
    messages), and receipts not yet acknowledged per provider. ``/admin`` and ``/metrics``."""

    inboxes: tuple[InboxDepth, ...]
    receipts_waiting: dict[str, int]


async def backlog(ctx: GatewayContext[OperatorQueries]) -> Backlog:
    stats = {s.inbox: s for s in await ctx.store.inbox_stats()}
    waiting = await ctx.store.pending_receipts()
    registry = ctx.snapshot.registry
    inbox_ids = sorted(
        {p.id for p in registry.participants if p.role is Role.CONCESSIEHOUDER} | set(stats)
    )
    inboxes = []
    for inbox in inbox_ids:
        stat = stats.get(inbox)
        participant = registry.by_id(inbox)
        inboxes.append(
            InboxDepth(
                inbox,
                participant.naam if participant else None,
                stat.depth if stat else 0,
                stat.oldest_received_at if stat else None,
            )
        )
    return Backlog(tuple(inboxes), waiting)


async def inbox_report(ctx: GatewayContext[OperatorQueries]) -> dict[str, Any]:
    """Depth and oldest message per inbox (every concessiehouder), receipts waiting per provider."""
    now = ctx.clock.now()
    waiting = await backlog(ctx)
    inboxes = []
    for inbox in waiting.inboxes:
        oldest = inbox.oldest_received_at
        age = inbox.oldest_age_seconds(now)
        inboxes.append(
            {
                "inbox": inbox.inbox,
                "naam": inbox.naam,
                "depth": inbox.depth,
                "oldestReceivedAt": format_time(oldest) if oldest else None,
                "oldestAgeSeconds": None if age is None else round(age, 3),
            }
        )
    return {
        "generatedAt": format_time(now),
        "inboxes": inboxes,
        "receiptsWaiting": waiting.receipts_waiting,
    }


async def status_report(
    ctx: GatewayContext[OperatorQueries],
    tls_certificate: x509.Certificate | None,
    problems: list[str],
) -> dict[str, Any]:
    """The at-a-glance view: readiness, flows and rejections of the last 24 hours, depths,
    and the certificates that expire within 30 days."""
    now = ctx.clock.now()
    since = now - STATUS_WINDOW
    inboxes = await inbox_report(ctx)
    certs = certificate_report(ctx, tls_certificate)
    return {
        "generatedAt": format_time(now),
        "ready": not problems,
        "problems": problems,
        "window": {"from": format_time(since), "to": format_time(now)},
        "flow": await ctx.store.flow_since(since),
        "rejectionsByCode": await ctx.store.rejections_since(since),
        "inboxes": inboxes["inboxes"],
        "receiptsWaiting": inboxes["receiptsWaiting"],
        "expiringCertificates": [c for c in certs["certificates"] if c["expiring"]],
        "crls": certs["crls"],
    }


async def message_report(
    ctx: GatewayContext[OperatorQueries], traceer_id: str
) -> dict[str, Any] | None:
    """Metadata and status history of one TraceerId; None when the gateway never saw it."""
    meta = await ctx.store.message_metadata(traceer_id)
    if meta.message is None and not meta.history and not meta.receipts:
        return None
    m = meta.message
    return {
        "traceerId": meta.traceer_id,
        "bericht": None
        if m is None
        else {
            "berichtType": m.bericht_type,
            "berichtVersie": m.bericht_versie,
            "afzender": m.afzender,
            "afzenderDeelnemer": m.sender,
            "geadresseerde": m.geadresseerde,
            "inbox": m.inbox,
            "grootte": m.size,
            "sha256": m.delivery_sha256.hex(),
            "ontvangsttijdstip": format_time(m.received_at),
            "status": m.state.value,
            "bevestigdOp": format_time(m.acknowledged_at) if m.acknowledged_at else None,
        },
        "historie": [
            {"status": e.state.value, "tijdstip": format_time(e.at), "code": e.code}
            for e in meta.history
        ],
        "bevestigingen": [
            {
                "bevestigingId": r.bevestiging_id,
                "soort": r.soort.value,
                "status": r.status.value,
                "eigenaar": r.owner,
                "tijdstip": format_time(r.tijdstip),
                "afgehaald": r.acknowledged_at is not None,
            }
            for r in meta.receipts
        ],
    }


# --- the registry against the certificates -------------------------------------------

PROVIDER_NOTE = (
    "TLS and signing certificates of providers are not in the registry (only AGB codes); "
    "the gateway checks them on every request against the trust anchors and CRLs."
)


def _check_encryption_certificate(
    snapshot: Snapshot, p: Participant, cert: x509.Certificate, now: datetime, days: int
) -> dict[str, Any]:
    problems: list[str] = []
    code = party_code_of(cert)
    if code is None:
        problems.append("unknown: the certificate names no party code")
    elif code not in {PartyCode(p.party_kind, c) for c in p.codes}:
        owner = snapshot.registry.by_party_code(code)
        problems.append(
            f"unknown: the certificate names {code}, "
            + (f"which belongs to {owner.id}" if owner else "which is in no registry entry")
        )
    try:
        snapshot.trust.check(cert, CertificatePurpose.ENCRYPTION, now=now)
    except CertificateRejected as exc:
        problems.append(f"not usable: {exc}")
    left = seconds_to_expiry(cert, now)
    if 0 < left < timedelta(days=days).total_seconds():
        problems.append(f"expiring: {left / 86400:.1f} days left")
    return {
        "sha256": fingerprint(cert),
        "partyCode": str(code) if code else None,
        "geldigVanaf": format_time(cert.not_valid_before_utc),
        "geldigTot": format_time(cert.not_valid_after_utc),
        "secondsToExpiry": round(left),
        "problems": problems,
    }


def participants_check(
    snapshot: Snapshot, now: datetime, *, days: int = EXPIRING_DAYS
) -> dict[str, Any]:
    """The registry against the certificates: unknown, expiring, missing encryption certificates."""
    rows = []
    total = 0
    for p in snapshot.registry.participants:
        problems: list[str] = []
        notes: list[str] = []
        certs = snapshot.recipient_certs.get(p.id, ())
        checked = [_check_encryption_certificate(snapshot, p, c, now, days) for c in certs]
        if p.role is Role.CONCESSIEHOUDER:
            usable = [
                c for c in checked if not any(x.startswith("not usable") for x in c["problems"])
            ]
            if not certs:
                problems.append("missing: no encryption certificate configured")
            elif not usable:
                problems.append("missing: no usable encryption certificate (messages get GW501)")
        else:
            notes.append(PROVIDER_NOTE)
            if not certs:  # optional for a provider (issue 13): it only sends then
                notes.append(
                    "no encryption certificate: messages from zorgkantoren to it get GW501"
                )
        if not p.active:
            notes.append("inactive: its TLS client certificate is refused (403)")
        total += len(problems) + sum(len(c["problems"]) for c in checked)
        rows.append(
            {
                "id": p.id,
                "rol": p.role.value,
                "naam": p.naam,
                "codes": list(p.codes),
                "active": p.active,
                "encryptionCertificates": checked,
                "problems": problems,
                "notes": notes,
            }
        )
    return {
        "checkedAt": format_time(now),
        "expiringWithinDays": days,
        "participants": rows,
        "problemCount": total,
        "note": PROVIDER_NOTE,
    }
