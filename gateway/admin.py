"""Operator tooling: the reports behind ``/admin/*`` on the operations listener (the
``meerzorg-gateway status | inbox stats | message show | participants check | reload``
commands that fetch them live in ``gateway.cli.operator``).

Reports carry counts, codes, participant ids, TraceerIds and times: never payload
content, a receipt's XML or a BSN. The commands talk plain HTTP to the operations
listener (127.0.0.1 by default, never exposed), so they work for any store and,
later, for each worker process; ``participants check --config`` also runs offline.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509

from gateway.domain.errors import CertificateRejected
from gateway.domain.participants import Participant, PartyCode, Role
from gateway.metrics import GatewayMetrics, certificate_inventory, seconds_to_expiry
from gateway.security.certs import CertificatePurpose, TrustStore, fingerprint, party_code_of
from gateway.security.keys import load_certificate
from gateway.services.context import GatewayContext, Snapshot
from gateway.xmlcodec import format_time

STATUS_WINDOW = timedelta(hours=24)
EXPIRING_DAYS = 30


@dataclass
class Operations:
    """What the operations listener needs beyond the context (built in ``gateway.bootstrap``)."""

    metrics: GatewayMetrics | None = None
    # Read when asked (cached per mtime): every reload also reloads the TLS files.
    tls_certificate_file: Path | None = None
    reload: Callable[[], Awaitable[bool]] | None = None
    draining: bool = False  # SIGTERM: /readyz says so, so that balancers look elsewhere
    _tls_cache: tuple[float, x509.Certificate] | None = field(default=None, repr=False)

    def tls_certificate(self) -> x509.Certificate | None:
        """The API listener's certificate as configured, or None if unreadable."""
        if self.tls_certificate_file is None:
            return None
        try:
            mtime = self.tls_certificate_file.stat().st_mtime
            if self._tls_cache is None or self._tls_cache[0] != mtime:
                self._tls_cache = (mtime, load_certificate(self.tls_certificate_file))
        except (OSError, ValueError):
            return None
        return self._tls_cache[1]


# --- reports (server side) ----------------------------------------------------------


def _age(now: datetime, then: datetime | None) -> float | None:
    return None if then is None else round(max(0.0, (now - then).total_seconds()), 3)


async def inbox_report(ctx: GatewayContext) -> dict[str, Any]:
    """Depth and oldest message per inbox (every concessiehouder), receipts waiting per provider."""
    now = ctx.clock.now()
    stats = {s.inbox: s for s in await ctx.store.inbox_stats()}
    waiting = await ctx.store.pending_receipts()
    registry = ctx.snapshot.registry
    inbox_ids = sorted(
        {p.id for p in registry.participants if p.role is Role.CONCESSIEHOUDER} | set(stats)
    )
    inboxes = []
    for inbox in inbox_ids:
        stat = stats.get(inbox)
        oldest = stat.oldest_received_at if stat else None
        participant = registry.by_id(inbox)
        inboxes.append(
            {
                "inbox": inbox,
                "naam": participant.naam if participant else None,
                "depth": stat.depth if stat else 0,
                "oldestReceivedAt": format_time(oldest) if oldest else None,
                "oldestAgeSeconds": _age(now, oldest),
            }
        )
    return {
        "generatedAt": format_time(now),
        "inboxes": inboxes,
        "receiptsWaiting": waiting,
    }


def certificate_report(
    ctx: GatewayContext, tls_certificate: x509.Certificate | None, *, days: int = EXPIRING_DAYS
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
    crls = [
        {
            "issuer": c.issuer,
            "source": c.source,
            "thisUpdate": format_time(c.this_update),
            "nextUpdate": format_time(c.next_update) if c.next_update else None,
            "ageSeconds": round(c.age_seconds(now)),
            "secondsToNextUpdate": _rounded(c.seconds_to_next_update(now)),
            "revoked": c.revoked_count,
        }
        for c in ctx.snapshot.trust.crl_status()
    ]
    return {"certificates": certificates, "crls": crls}


async def status_report(
    ctx: GatewayContext, tls_certificate: x509.Certificate | None, problems: list[str]
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


async def message_report(ctx: GatewayContext, traceer_id: str) -> dict[str, Any] | None:
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


def _rounded(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds)


def crl_summary(trust: TrustStore, now: datetime) -> list[dict[str, object]]:
    """Which CRLs are in force and how old they are, for the operator log (started,
    reloaded)."""
    return [
        {
            "issuer": c.issuer,
            "age_seconds": int(c.age_seconds(now)),
            "next_update": c.next_update.isoformat() if c.next_update else None,
            "revoked": c.revoked_count,
        }
        for c in trust.crl_status()
    ]
