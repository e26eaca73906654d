"""Prometheus metrics for the operations listener, all named ``meerzorg_gateway_*``.

Counters and histograms are fed by the services' Events and stage timings;
gauges that come from the store or from certificates are computed when
``/metrics`` is scraped (``refresh`` before ``render``). Each gateway owns one
``CollectorRegistry`` (never the global default), so several gateways in one
process, and one registry per worker process, never clash.

Labels carry protocol codes, message types, stages and participant ids only:
never a TraceerId, a BSN or anything taken unchecked from a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from cryptography import x509
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from gateway.domain.errors import StoreUnavailable
from gateway.domain.participants import Role
from gateway.logging import dropped_log_lines
from gateway.ports import Event, OperatorQueries
from gateway.services.context import GatewayContext
from gateway.services.reports import (
    backlog,
    certificate_inventory,
    crl_summaries,
    seconds_to_expiry,
)

CONTENT_TYPE = CONTENT_TYPE_LATEST
STAGES = frozenset({"parse", "decrypt", "verify", "validate", "encrypt", "receipt", "store"})
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_CODE_RE = re.compile(r"^(GW\d{3}|\d{3})$")
# Label values that are never taken from a message unchecked.
OTHER = "other"
NONE = "none"


class _ScrapeCollector(Collector):
    """Serves the gauges computed by the last refresh; swapped whole so a scrape is consistent."""

    def __init__(self) -> None:
        self.families: list[Metric] = []

    def collect(self) -> Iterator[Metric]:
        yield from self.families


# Why gateway/web/limits.py refused: 429s per participant, and connections.
# Why a TLS handshake was refused (gateway/web/handshakes.py decides which).
TLS_REJECT_REASONS = (
    "revoked",
    "untrusted_issuer",
    "expired",
    "wrong_usage",
    "no_certificate",
    "crl_unavailable",
    "other",
)
LIMIT_REASONS = ("submissions", "requests", "concurrency", "max_connections", "header_timeout")


class GatewayMetrics:
    """One gateway's metrics; also the StageObserver of its receive pipeline."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "meerzorg_gateway_messages",
            "Requests that touch a message or receipt, by message type, outcome (event kind) "
            "and protocol code (GW000 for success, 404 when not found).",
            ["type", "outcome", "code"],
            registry=self.registry,
        )
        self.stage_seconds = Histogram(
            "meerzorg_gateway_stage_seconds",
            "Time spent per stage of the receive pipeline.",
            ["stage"],
            buckets=STAGE_BUCKETS,
            registry=self.registry,
        )
        self.store_errors = Counter(
            "meerzorg_gateway_store_errors",
            "Store operations that failed (the API answered 503, or a scrape could not read).",
            ["source"],
            registry=self.registry,
        )
        for source in ("api", "admin", "scrape"):  # exported at 0, so increase() sees the first
            self.store_errors.labels(source)
        self.limited = Counter(
            "meerzorg_gateway_limited",
            "Requests (429) and connections refused by a [limits] setting, by reason.",
            ["reason"],
            registry=self.registry,
        )
        for reason in LIMIT_REASONS:
            self.limited.labels(reason)
        self.tls_rejected = Counter(
            "meerzorg_gateway_tls_handshakes_rejected",
            "TLS handshakes the API listener refused, by reason (revoked, untrusted_issuer, "
            "expired, wrong_usage, no_certificate, crl_unavailable, other); the log's "
            "tls_handshake_rejected events name the certificate and peer.",
            ["reason"],
            registry=self.registry,
        )
        for reason in TLS_REJECT_REASONS:
            self.tls_rejected.labels(reason)
        self.requests_in_flight = Gauge(
            "meerzorg_gateway_requests_in_flight",
            "API requests being handled now (a graceful stop waits for these).",
            registry=self.registry,
        )
        self._scraped = _ScrapeCollector()
        self.registry.register(self._scraped)

    # --- feeding ------------------------------------------------------------------

    def sink(self, ctx: GatewayContext[object]) -> MetricsSink:
        """The EventSink that counts ``ctx``'s events (message types checked against ``ctx``)."""
        return MetricsSink(self, ctx)

    def observe(self, stage: str, seconds: float) -> None:
        self.stage_seconds.labels(stage if stage in STAGES else OTHER).observe(seconds)

    def count_store_error(self, source: str) -> None:
        self.store_errors.labels(source).inc()

    def set_requests_in_flight(self, count: int) -> None:
        self.requests_in_flight.set(count)

    def count_tls_rejected(self, reason: str) -> None:
        self.tls_rejected.labels(reason if reason in TLS_REJECT_REASONS else OTHER).inc()

    def count_limited(self, reason: str) -> None:
        self.limited.labels(reason if reason in LIMIT_REASONS else OTHER).inc()

    # --- scraping -----------------------------------------------------------------

    async def refresh(
        self, ctx: GatewayContext[OperatorQueries], tls_certificate: x509.Certificate | None
    ) -> None:
        """Recompute the gauges from the store, the registry and the certificates."""
        now = ctx.clock.now()
        families = [*_certificate_families(ctx, tls_certificate, now), *_registry_families(ctx)]
        store_up = GaugeMetricFamily(
            "meerzorg_gateway_store_up", "1 when the store answered the last scrape, else 0."
        )
        try:
            families.extend(await _store_families(ctx, now))
            store_up.add_metric([], 1)
        except StoreUnavailable:
            self.count_store_error("scrape")
            store_up.add_metric([], 0)
        families.append(store_up)
        dropped = CounterMetricFamily(
            "meerzorg_gateway_log_lines_dropped",
            "Log lines this process could not write (its log stream refused them).",
        )
        dropped.add_metric([], dropped_log_lines())
        families.append(dropped)
        families.extend(_commit_families(ctx))
        self._scraped.families = families

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsSink:
    """Counts every Event; label values are checked so a message cannot invent new series."""

    def __init__(self, metrics: GatewayMetrics, ctx: GatewayContext[object]) -> None:
        self._metrics = metrics
        self._ctx = ctx

    def _type_label(self, bericht_type: str | None) -> str:
        if bericht_type is None:
            return NONE
        known = {t.naam for t in self._ctx.message_types.all()}
        return bericht_type if bericht_type in known else OTHER

    async def emit(self, event: Event) -> None:
        code = event.outcome if _CODE_RE.match(event.outcome) else OTHER
        self._metrics.messages.labels(
            self._type_label(event.bericht_type), event.kind.value, code
        ).inc()


def _certificate_families(
    ctx: GatewayContext[object], tls_certificate: x509.Certificate | None, now: datetime
) -> Iterable[Metric]:
    expiry = GaugeMetricFamily(
        "meerzorg_gateway_certificate_expiry_seconds",
        "Seconds until the certificate expires (negative: expired); with several certificates "
        "of one role and party (a rollover), the one that lasts longest.",
        labels=["role", "party"],
    )
    latest: dict[tuple[str, str], float] = {}
    for entry in certificate_inventory(ctx, tls_certificate):
        key = (entry.role, entry.party)
        seconds = seconds_to_expiry(entry.certificate, now)
        latest[key] = max(seconds, latest.get(key, seconds))
    for (role, party), seconds in sorted(latest.items()):
        expiry.add_metric([role, party], seconds)
    next_update = GaugeMetricFamily(
        "meerzorg_gateway_crl_next_update_seconds",
        "Seconds until the CRL's nextUpdate (negative: stale, the gateway refuses everyone).",
        labels=["issuer"],
    )
    age = GaugeMetricFamily(
        "meerzorg_gateway_crl_age_seconds",
        "Seconds since the CRL's thisUpdate.",
        labels=["issuer"],
    )
    for crl in crl_summaries(ctx.snapshot.trust, now):
        if crl.seconds_to_next_update is not None:
            next_update.add_metric([crl.issuer], crl.seconds_to_next_update)
        age.add_metric([crl.issuer], crl.age_seconds)
    return [expiry, next_update, age]


def _registry_families(ctx: GatewayContext[object]) -> Iterable[Metric]:
    participants = GaugeMetricFamily(
        "meerzorg_gateway_participants",
        "Participants in the registry, by role and whether active.",
        labels=["role", "active"],
    )
    counts: dict[tuple[str, str], int] = {}
    for p in ctx.snapshot.registry.participants:
        key = (p.role.value, "true" if p.active else "false")
        counts[key] = counts.get(key, 0) + 1
    for (role, active), n in sorted(counts.items()):
        participants.add_metric([role, active], n)
    return [participants]


def _commit_families(ctx: GatewayContext[OperatorQueries]) -> list[Metric]:
    """Group commit (adapters/groupcommit.py): durable commits and the writes they carried,
    per store of this process; writes / commits is how many shared one fsync."""
    commits = CounterMetricFamily(
        "meerzorg_gateway_store_commits",
        "Durable commits (one transaction, one fsync) of this process, per store.",
        labels=["store"],
    )
    writes = CounterMetricFamily(
        "meerzorg_gateway_store_committed_writes",
        "Write operations those commits carried (acceptances, audit appends, ...), per store.",
        labels=["store"],
    )
    audit_store = getattr(ctx.audit, "store", None)
    for name, store in (("messages", ctx.store), ("audit", audit_store)):
        stats = getattr(store, "commit_stats", None)
        if stats is None:
            continue
        commits.add_metric([name], stats.batches)
        writes.add_metric([name], stats.operations)
    return [commits, writes]


async def _store_families(ctx: GatewayContext[OperatorQueries], now: datetime) -> list[Metric]:
    waiting = await backlog(ctx)
    registry = ctx.snapshot.registry.participants
    providers = sorted(
        {p.id for p in registry if p.role is Role.ZORGAANBIEDER} | set(waiting.receipts_waiting)
    )
    depth = GaugeMetricFamily(
        "meerzorg_gateway_inbox_depth",
        "Messages offered to the inbox and not yet acknowledged.",
        labels=["inbox"],
    )
    oldest = GaugeMetricFamily(
        "meerzorg_gateway_inbox_oldest_age_seconds",
        "Age of the oldest unacknowledged message in the inbox (0 when empty).",
        labels=["inbox"],
    )
    for inbox in waiting.inboxes:
        depth.add_metric([inbox.inbox], inbox.depth)
        oldest.add_metric([inbox.inbox], inbox.oldest_age_seconds(now) or 0)
    receipts = GaugeMetricFamily(
        "meerzorg_gateway_receipts_waiting",
        "Receipts (Ontvangst-/Afleverbevestigingen) the provider has not acknowledged yet.",
        labels=["provider"],
    )
    for provider in providers:
        receipts.add_metric([provider], waiting.receipts_waiting.get(provider, 0))
    return [depth, oldest, receipts]
