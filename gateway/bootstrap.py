"""The one wiring place: picks the adapters, loads keys, builds and runs the apps."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import ssl
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import structlog
from aiohttp import web

from adapters.sqlite_audit import SqliteAuditStore
from adapters.sqlite_store import SqliteMessageStore
from gateway.admin import Operations
from gateway.allocator import pin_mmap_threshold
from gateway.audit import AuditStore, AuditTrail, CheckpointPolicy, Pseudonymizer
from gateway.config import ConfigError, GatewayConfig, load_gateway_config, load_registry
from gateway.messagetypes import MessageTypeRegistry
from gateway.metrics import GatewayMetrics
from gateway.ports import Clock, EventFanout, MessageStore, StageFanout, SystemClock
from gateway.security.certs import TrustStore
from gateway.security.keys import DecryptionKeyRing, KeyPair, load_key_pair
from gateway.services.context import GatewayContext, ReceiveSettings, RetentionSettings, Snapshot
from gateway.services.purge import PurgeReport, purge_periodically, run_purge
from gateway.web.app import DRAIN, OPS, make_api_app, make_ops_app
from gateway.web.handshakes import HandshakeLog
from gateway.web.limits import LimitedTCPSite
from gateway.web.tls import ReloadableServerContext, limit_tls_read_buffer

log = structlog.get_logger("gateway.bootstrap")

DRAIN_SECONDS = 30.0  # on SIGTERM, requests in flight get this long to finish
SHUTDOWN_SECONDS = 10.0  # then aiohttp's own shutdown of what is left


def load_snapshot(config: GatewayConfig) -> Snapshot:
    """Registry and trust (anchors + CRLs): the parts that reload without a restart."""
    registry = load_registry(config.participants_file)
    try:
        trust = TrustStore.from_files(config.trust_anchors, config.crls)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"trust anchors or CRLs cannot be loaded: {exc}") from exc
    return Snapshot.build(registry, trust)


def load_keys(config: GatewayConfig) -> tuple[list[KeyPair], list[KeyPair]]:
    """The gateway's encryption and receipt-signing key pairs, in configuration order."""
    try:
        enc_pairs = [load_key_pair(k.certificate, k.key) for k in config.encryption_keys]
        signing = [load_key_pair(k.certificate, k.key) for k in config.signing_keys]
    except (OSError, ValueError) as exc:
        raise ConfigError(f"gateway keys cannot be loaded: {exc}") from exc
    if not enc_pairs or not signing:
        raise ConfigError(f"{config.source}: encryption and signing keys are required")
    return enc_pairs, signing


async def open_message_store(config: GatewayConfig, *, migrate: bool = False) -> MessageStore:
    """The configured message store ([store] backend). Without ``migrate`` a schema that
    is behind raises SchemaMismatch: ``meerzorg-gateway migrate`` applies it."""
    store_config = config.store
    if store_config.backend == "postgresql":
        from adapters.postgres_store import PostgresMessageStore

        assert store_config.dsn is not None  # checked by the config loader
        return await PostgresMessageStore.open(
            store_config.dsn,
            schema=store_config.schema,
            pool_size=store_config.pool_size,
            connect_timeout=store_config.connect_timeout_seconds,
            command_timeout=store_config.command_timeout_seconds,
            migrate=migrate,
        )
    return await SqliteMessageStore.open(config.data_dir / "gateway.sqlite3", migrate=migrate)


async def open_audit_store(config: GatewayConfig, *, migrate: bool = False) -> AuditStore:
    """The configured audit store: same backend (and database) as the message store."""
    store_config = config.store
    if store_config.backend == "postgresql":
        from adapters.postgres_audit import PostgresAuditStore

        assert store_config.dsn is not None
        return await PostgresAuditStore.open(
            store_config.dsn,
            schema=store_config.schema,
            connect_timeout=store_config.connect_timeout_seconds,
            command_timeout=store_config.command_timeout_seconds,
            migrate=migrate,
        )
    return await SqliteAuditStore.open(config.data_dir / "audit.sqlite3", migrate=migrate)


class _Versioned(Protocol):
    """What every store adapter tells about its schema after opening."""

    schema_version: int
    migrated_from: int

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Migrated:
    """One store's schema version before and after ``meerzorg-gateway migrate``."""

    store: str
    before: int
    after: int


async def migrate(config: GatewayConfig) -> list[Migrated]:
    """Apply every pending schema migration (message store, then audit store).

    Safe to run from several processes at once: each store serialises its
    migrations in the database.
    """
    done: list[Migrated] = []
    for name, opener in (("messages", open_message_store), ("audit", open_audit_store)):
        store: _Versioned = await opener(config, migrate=True)  # type: ignore[assignment]
        try:
            done.append(Migrated(name, store.migrated_from, store.schema_version))
        finally:
            await store.close()
    return done


SQLITE_STORE_FILES = ("gateway.sqlite3", "audit.sqlite3")


async def create_store_if_fresh(config: GatewayConfig) -> bool:
    """``serve`` on an empty data directory creates the SQLite schemas, as ``migrate`` would.

    Only when *neither* file exists: a message store without its audit trail (or the
    reverse) is a lost file, not a fresh start, and still refuses (run ``migrate``);
    a store that is behind refuses too. PostgreSQL always needs ``migrate`` (its
    schema is shared by many hosts and may need other rights than the gateway's role).
    """
    if config.store.backend != "sqlite":
        return False
    paths = [config.data_dir / name for name in SQLITE_STORE_FILES]
    if any(await asyncio.to_thread(lambda: [p.exists() for p in paths])):
        return False
    done = await migrate(config)
    log.info(
        "store_created",
        data_dir=str(config.data_dir),
        versions={step.store: step.after for step in done},
    )
    return True


async def build_context(
    config: GatewayConfig,
    *,
    clock: Clock | None = None,
    metrics: GatewayMetrics | None = None,
    migrate: bool = False,
) -> GatewayContext:
    """Load keys, registry, trust and message types; open the stores.

    ``migrate`` applies pending schema migrations first (tests, benchmarks);
    ``serve`` only checks them and refuses a database that is behind.
    """
    enc_pairs, signing = load_keys(config)
    snapshot = load_snapshot(config)
    pseudonymizer = _load_pseudonymizer(config)
    store = await open_message_store(config, migrate=migrate)
    ctx = GatewayContext(
        store=store,
        clock=clock or SystemClock(),
        message_types=MessageTypeRegistry.load(hooks=config.rule_set_hooks),
        decryption_keys=DecryptionKeyRing(enc_pairs),
        encryption_certificates=tuple(p.certificate for p in enc_pairs),
        signing_keys=tuple(signing),
        snapshot=snapshot,
        settings=ReceiveSettings(
            max_age=timedelta(seconds=config.max_age_seconds),
            max_future=timedelta(seconds=config.max_future_seconds),
            delivery_key_transport=config.delivery_key_transport,
            delivery_content_encryption=config.delivery_content_encryption,
        ),
        events=EventFanout(),
        stages=StageFanout(),
        pseudonymizer=pseudonymizer,
        retention=RetentionSettings(
            payload_after_ack=timedelta(hours=config.retention.payload_hours),
            undelivered=timedelta(days=config.retention.undelivered_days),
            metadata=timedelta(days=config.retention.metadata_days),
            purge_interval=timedelta(seconds=config.retention.purge_interval_seconds),
        ),
    )
    try:
        await _attach_observers(ctx, config, metrics, migrate=migrate)
    except BaseException:
        await store.close()
        raise
    return ctx


def _load_pseudonymizer(config: GatewayConfig) -> Pseudonymizer:
    if config.audit.secret_file is None:
        raise ConfigError(f"{config.source}: [audit] secret_file is required")
    try:
        return Pseudonymizer.from_file(config.audit.secret_file)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"[audit] secret_file cannot be used: {exc}") from exc


async def _attach_observers(
    ctx: GatewayContext,
    config: GatewayConfig,
    metrics: GatewayMetrics | None = None,
    *,
    migrate: bool = False,
) -> None:
    """Plug the event sinks (audit trail, metrics) and stage observers into ``ctx``.

    ``ctx.events`` is an EventFanout and ``ctx.stages`` a StageFanout: each
    concern appends its own sink here, in the order events must reach them.
    """
    events, stages = ctx.events, ctx.stages
    if not isinstance(events, EventFanout) or not isinstance(stages, StageFanout):
        raise TypeError("build_context wires an EventFanout and a StageFanout")
    # NEN 7513 audit trail first: an event it cannot store fails the request (503).
    ctx.audit = AuditTrail(
        await open_audit_store(config, migrate=migrate),
        ctx.signing_key,
        ctx.clock,
        CheckpointPolicy(
            every=config.audit.checkpoint_every,
            interval=timedelta(seconds=config.audit.checkpoint_seconds),
        ),
    )
    events.sinks.append(ctx.audit)
    # Metrics (gateway/metrics.py): counts every event and stage timing; keep it last.
    if metrics is not None:
        events.sinks.append(metrics.sink(ctx))
        stages.observers.append(metrics)


def reload_snapshot(
    ctx: GatewayContext, config: GatewayConfig, tls: ReloadableServerContext | None = None
) -> bool:
    """Swap in a freshly loaded registry, trust store, TLS context (its certificate, key and
    trust) and the gateway's encryption and signing keys ([keys] of gateway.toml, re-read);
    keep the old on error. Other gateway.toml settings take a restart."""
    try:
        snapshot = load_snapshot(config)
        enc_pairs, signing = load_keys(load_gateway_config(config.source))
        if tls is not None:
            tls.reload(config.trust_anchors, config.crls)
    except (ConfigError, OSError, ssl.SSLError) as exc:
        log.error("reload_failed", error=str(exc))
        return False
    ctx.snapshot = snapshot
    # Decryption first: a provider that sees a new certificate published can use it at once.
    ctx.decryption_keys = DecryptionKeyRing(enc_pairs)
    ctx.encryption_certificates = tuple(p.certificate for p in enc_pairs)
    ctx.signing_keys = tuple(signing)
    log.info(
        "reloaded",
        participants=len(ctx.snapshot.registry.participants),
        crls=crl_summary(ctx.snapshot.trust, ctx.clock.now()),
    )
    return True


def crl_summary(trust: TrustStore, now: datetime) -> list[dict[str, object]]:
    """Which CRLs are in force and how old they are, for the operator log."""
    return [
        {
            "issuer": c.issuer,
            "age_seconds": int((now - c.this_update).total_seconds()),
            "next_update": c.next_update.isoformat() if c.next_update else None,
            "revoked": c.revoked_count,
        }
        for c in trust.crl_status()
    ]


def _mtimes(config: GatewayConfig) -> tuple[float, ...]:
    paths = [config.participants_file, *config.crls, *config.trust_anchors, config.source]
    result = []
    for p in paths:
        try:
            result.append(p.stat().st_mtime)
        except OSError:
            result.append(-1.0)
    return tuple(result)


async def watch_for_changes(
    ctx: GatewayContext, config: GatewayConfig, tls: ReloadableServerContext | None = None
) -> None:
    """Reload when the registry, a CRL, an anchor file or gateway.toml changes on disk."""
    seen = _mtimes(config)
    while True:
        await asyncio.sleep(config.registry_poll_seconds)
        current = _mtimes(config)
        if current != seen:
            seen = current
            await asyncio.to_thread(reload_snapshot, ctx, config, tls)


@dataclass
class RunningGateway:
    """A started gateway: its runners and actual ports (0 in the config means any free port)."""

    ctx: GatewayContext
    config: GatewayConfig
    tls: ReloadableServerContext
    api: web.AppRunner
    ops: web.AppRunner
    api_port: int
    ops_port: int
    watcher: asyncio.Task[None]
    metrics: GatewayMetrics | None = None
    purger: asyncio.Task[None] | None = None

    async def reload(self) -> bool:
        """Reload registry, CRLs, anchors, TLS certificate and keys now (what SIGHUP does)."""
        return await asyncio.to_thread(reload_snapshot, self.ctx, self.config, self.tls)

    async def drain(self, grace: float = DRAIN_SECONDS) -> None:
        """Stop accepting API connections, then let the requests in flight finish.

        /readyz turns 503 ("stopping") at once; kept-alive connections that are idle
        close now, busy ones after their request (``Connection: close``).
        """
        drain = self.api.app[DRAIN]
        drain.stopping = True
        self.ops.app[OPS].draining = True
        for site in self.api.sites:
            server = getattr(site, "_server", None)  # the listening socket(s)
            if server is not None:
                server.close()
        if self.api.server is not None:
            drain.close_idle(self.api.server.connections)
        if not await drain.wait_idle(grace):
            log.error("requests_cut_off", count=drain.in_flight)

    async def stop(self) -> None:
        await self.drain()
        self.watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.watcher
        if self.purger is not None:
            self.purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.purger
        await self.api.cleanup()
        await self.ops.cleanup()
        await self.ctx.close()


def _bound_port(runner: web.AppRunner) -> int:
    for site in runner.sites:
        server = getattr(site, "_server", None)
        if server is not None and server.sockets:
            return int(server.sockets[0].getsockname()[1])
    raise RuntimeError("site not started")


async def start_gateway(
    config: GatewayConfig,
    *,
    clock: Clock | None = None,
    migrate: bool = False,
    reuse_port: bool = False,
) -> RunningGateway:
    """Start the API (mutual TLS) and operations listeners.

    ``migrate`` applies pending schema migrations (otherwise a schema that is
    behind stops the start); ``reuse_port`` lets several workers share the API
    port (``serve --workers``).
    """
    if config.tls is None:
        raise ConfigError(f"{config.source}: [tls] is required")
    # One registry per gateway (per process): see docs/runbook.md, "Scale out".
    metrics = GatewayMetrics()
    # Refused TLS handshakes: logged (rate-limited) and counted (gateway/web/handshakes.py).
    handshakes = HandshakeLog(metrics.count_tls_rejected)
    tls = ReloadableServerContext(
        config.tls.certificate,
        config.tls.key,
        config.trust_anchors,
        config.crls,
        configure=handshakes.peer_certificates.install,
    )
    limit_tls_read_buffer()
    ctx = await build_context(config, clock=clock, metrics=metrics, migrate=migrate)
    operations = Operations(
        metrics=metrics,
        tls_certificate_file=config.tls.certificate,
        reload=lambda: asyncio.to_thread(reload_snapshot, ctx, config, tls),
    )
    api = web.AppRunner(
        make_api_app(
            ctx, max_body_bytes=config.max_body_bytes, ops=operations, limits=config.limits
        ),
        access_log=None,
        handle_signals=False,
        shutdown_timeout=SHUTDOWN_SECONDS,
        keepalive_timeout=config.limits.idle_timeout_seconds,
    )
    ops = web.AppRunner(make_ops_app(ctx, operations), access_log=None, handle_signals=False)
    try:
        await api.setup()
        await ops.setup()
        # Connection bound, TLS handshake and request-head timeouts (gateway/web/limits.py).
        await LimitedTCPSite(
            api,
            config.host,
            config.port,
            ssl_context=tls.listener,
            limits=config.limits,
            on_limit=metrics.count_limited,
            handshakes=handshakes,
            reuse_port=reuse_port or None,
        ).start()
        await web.TCPSite(ops, config.ops_host, config.ops_port).start()
    except BaseException:
        # Close what was opened (the store's thread would keep the process alive).
        await api.cleanup()
        await ops.cleanup()
        await ctx.close()
        raise
    watcher = asyncio.create_task(watch_for_changes(ctx, config, tls))
    running = RunningGateway(
        ctx, config, tls, api, ops, _bound_port(api), _bound_port(ops), watcher, metrics
    )
    running.purger = asyncio.create_task(purge_periodically(ctx))
    log.info(
        "started",
        api_port=running.api_port,
        ops_port=running.ops_port,
        pid=os.getpid(),
        message_types=[f"{t.naam}/{t.versie}" for t in ctx.message_types.all()],
        crls=crl_summary(ctx.snapshot.trust, ctx.clock.now()),
    )
    return running


async def serve(
    config: GatewayConfig,
    *,
    port_file: Path | None = None,
    migrate: bool = False,
    worker_index: int | None = None,
    parent_pid: int | None = None,
) -> None:
    """Run until SIGTERM or SIGINT; SIGHUP reloads registry, CRLs and keys.

    On SIGTERM the API stops accepting connections, requests in flight are
    finished (up to the runner's shutdown timeout), then the stores close.
    ``worker_index`` and ``parent_pid`` are set when a ``serve --workers``
    supervisor runs this process.
    """
    if worker_index is not None:
        from gateway.logging import bind_process_fields

        bind_process_fields(worker=worker_index)
    pin_mmap_threshold()  # large messages: memory goes back to the system (allocator.py)
    # Until the reload handler is in place a SIGHUP (a reload hook, `kill -HUP` during a
    # rollout) would end the process: ignore it meanwhile. What it asked for happens
    # anyway: the start reads the current files, and the file watcher sees later changes.
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    running = await start_gateway(config, migrate=migrate, reuse_port=worker_index is not None)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    reloads: set[asyncio.Task[bool]] = set()

    def on_sighup() -> None:
        task = loop.create_task(running.reload())
        reloads.add(task)  # keep a reference until it is done
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, on_sighup)
    orphan_check = None
    if parent_pid is not None:
        from gateway.workers import watch_parent

        orphan_check = loop.create_task(watch_parent(parent_pid, stop))
    # Announce the ports only once the signal handlers are in place.
    if port_file is not None:
        await asyncio.to_thread(port_file.write_text, f"{running.api_port} {running.ops_port}\n")
    try:
        await stop.wait()
    finally:
        log.info("stopping")
        if orphan_check is not None:
            orphan_check.cancel()
        await running.stop()
        log.info("stopped")


async def purge_once(config: GatewayConfig) -> PurgeReport:
    """``meerzorg-gateway purge``: one retention pass on the database, audited like the job."""
    ctx = await build_context(config)
    try:
        return await run_purge(ctx)
    finally:
        await ctx.close()


def with_overrides(
    config: GatewayConfig, *, port: int | None, ops_port: int | None, data_dir: Path | None
) -> GatewayConfig:
    """Apply command-line overrides to a loaded configuration."""
    changes: dict[str, object] = {}
    if port is not None:
        changes["port"] = port
    if ops_port is not None:
        changes["ops_port"] = ops_port
    if data_dir is not None:
        changes["data_dir"] = data_dir.resolve()
    return replace(config, **changes)  # type: ignore[arg-type]
