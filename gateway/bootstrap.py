"""The one wiring place: picks the adapters, loads keys, registry and trust, and builds
the ``GatewayContext`` the services use. It runs nothing: ``gateway.runtime`` starts the
listeners and background jobs, ``gateway.cli`` the commands."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import structlog

from adapters.sqlite_audit import SqliteAuditStore
from adapters.sqlite_store import SqliteMessageStore
from gateway.audit import AuditStore, AuditTrail, CheckpointPolicy, Pseudonymizer
from gateway.config import ConfigError, GatewayConfig, load_gateway_config, load_registry
from gateway.messagetypes import MessageTypeRegistry
from gateway.metrics import GatewayMetrics
from gateway.ports import Clock, EventFanout, MessageStore, StageFanout, SystemClock
from gateway.security.certs import TrustStore
from gateway.security.keys import KeyPair, load_key_pair
from gateway.services.context import GatewayContext, ReceiveSettings, RetentionSettings, Snapshot

log = structlog.get_logger("gateway.bootstrap")


def load_snapshot(config: GatewayConfig, *, with_keys: bool = False) -> Snapshot:
    """Registry and trust (anchors + CRLs), and with ``with_keys`` the gateway's keys
    ([keys] of gateway.toml, re-read from its file): the parts that reload without a
    restart, as one snapshot."""
    registry = load_registry(config.participants_file)
    try:
        trust = TrustStore.from_files(config.trust_anchors, config.crls)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"trust anchors or CRLs cannot be loaded: {exc}") from exc
    if not with_keys:
        return Snapshot.build(registry, trust)
    enc_pairs, signing = load_keys(load_gateway_config(config.source))
    return Snapshot.build(registry, trust, enc_pairs, signing)


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
) -> GatewayContext[MessageStore]:
    """Load keys, registry, trust and message types; open the stores.

    ``migrate`` applies pending schema migrations first (tests, benchmarks);
    ``serve`` only checks them and refuses a database that is behind. If any step
    fails, what the earlier steps opened is closed again (an ``AsyncExitStack``); once
    built, the context owns it all and ``GatewayContext.close`` closes it.
    """
    enc_pairs, signing = load_keys(config)
    snapshot = load_snapshot(config)
    snapshot = Snapshot.build(snapshot.registry, snapshot.trust, enc_pairs, signing)
    pseudonymizer = _load_pseudonymizer(config)
    async with AsyncExitStack() as opened:
        store = await open_message_store(config, migrate=migrate)
        opened.push_async_callback(store.close)
        ctx = GatewayContext(
            store=store,
            clock=clock or SystemClock(),
            message_types=MessageTypeRegistry.load(hooks=config.rule_set_hooks),
            snapshot=snapshot,
            settings=ReceiveSettings.of(config),
            events=EventFanout(),
            stages=StageFanout(),
            pseudonymizer=pseudonymizer,
            retention=RetentionSettings.of(config.retention),
        )
        opened.callback(ctx.cpu.close)
        await _attach_observers(ctx, config, metrics, migrate=migrate, opened=opened)
        opened.pop_all()  # built: from here on ``ctx.close`` closes what was opened
    return ctx


def _load_pseudonymizer(config: GatewayConfig) -> Pseudonymizer:
    if config.audit.secret_file is None:
        raise ConfigError(f"{config.source}: [audit] secret_file is required")
    try:
        return Pseudonymizer.from_file(config.audit.secret_file)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"[audit] secret_file cannot be used: {exc}") from exc


async def _attach_observers(
    ctx: GatewayContext[MessageStore],
    config: GatewayConfig,
    metrics: GatewayMetrics | None,
    *,
    migrate: bool,
    opened: AsyncExitStack,
) -> None:
    """Plug the event sinks (audit trail, metrics) and stage observers into ``ctx``; the
    audit store it opens goes on ``opened``, closed again if the build fails.

    ``ctx.events`` is an EventFanout and ``ctx.stages`` a StageFanout: each
    concern appends its own sink here, in the order events must reach them.
    """
    events, stages = ctx.events, ctx.stages
    if not isinstance(events, EventFanout) or not isinstance(stages, StageFanout):
        raise TypeError("build_context wires an EventFanout and a StageFanout")
    # NEN 7513 audit trail first: an event it cannot store fails the request (503).
    audit_store = await open_audit_store(config, migrate=migrate)
    opened.push_async_callback(audit_store.close)
    ctx.audit = AuditTrail(
        audit_store,
        ctx.signing_key,
        ctx.clock,
        CheckpointPolicy.of(config.audit),
    )
    events.sinks.append(ctx.audit)
    # Metrics (gateway/metrics.py): counts every event and stage timing; keep it last.
    if metrics is not None:
        events.sinks.append(metrics.sink(ctx))
        stages.observers.append(metrics)


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
