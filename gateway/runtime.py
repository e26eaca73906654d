"""The process runtime: listeners, the reload loop, the purge schedule, drain and signals.

``gateway.bootstrap`` builds the context; this module runs it. One ``AsyncExitStack``
per started gateway owns every resource it opens (stores, runners, background tasks)
and closes them in reverse order, on a failed start as on a stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import ssl
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from aiohttp import web

from gateway.allocator import pin_mmap_threshold
from gateway.bootstrap import build_context, load_snapshot
from gateway.config import ConfigError, GatewayConfig
from gateway.logging import bind_process_fields
from gateway.metrics import GatewayMetrics
from gateway.ports import Clock, MessageStore
from gateway.services.context import GatewayContext, Snapshot
from gateway.services.purge import PurgeReport, purge_periodically, run_purge
from gateway.services.reports import crl_log_fields
from gateway.web.aiohttp_internals import bound_port, listening_server
from gateway.web.api import make_api_app
from gateway.web.handshakes import HandshakeLog, limit_tls_read_buffer
from gateway.web.keys import DRAIN, OPS, Operations
from gateway.web.limits import LimitedTCPSite
from gateway.web.ops import make_ops_app
from gateway.web.tls import ReloadableServerContext

log = structlog.get_logger("gateway.runtime")

DRAIN_SECONDS = 30.0  # on SIGTERM, requests in flight get this long to finish
SHUTDOWN_SECONDS = 10.0  # then aiohttp's own shutdown of what is left


def _load_for_reload(config: GatewayConfig, tls: ReloadableServerContext | None) -> Snapshot | None:
    """Read registry, trust, keys and the TLS files (a thread's work); None on error."""
    try:
        snapshot = load_snapshot(config, with_keys=True)
        if tls is not None:
            tls.reload(config.trust_anchors, config.crls)
    except (ConfigError, OSError, ssl.SSLError) as exc:
        log.error("reload_failed", error=str(exc))
        return None
    return snapshot


async def reload_snapshot(
    ctx: GatewayContext[MessageStore],
    config: GatewayConfig,
    tls: ReloadableServerContext | None = None,
) -> bool:
    """Swap in a freshly loaded registry, trust store, TLS context (its certificate, key and
    trust) and the gateway's encryption and signing keys ([keys] of gateway.toml, re-read);
    keep the old on error. Other gateway.toml settings take a restart.

    The files are read on a thread; the new snapshot is assigned on the event loop in one
    step, so no request sees registry, trust and keys of different generations.
    """
    snapshot = await asyncio.to_thread(_load_for_reload, config, tls)
    if snapshot is None:
        return False
    ctx.snapshot = snapshot
    log.info(
        "reloaded",
        participants=len(snapshot.registry.participants),
        crls=crl_log_fields(snapshot.trust, ctx.clock.now()),
    )
    return True


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
    ctx: GatewayContext[MessageStore],
    config: GatewayConfig,
    tls: ReloadableServerContext | None = None,
) -> None:
    """Reload when the registry, a CRL, an anchor file or gateway.toml changes on disk."""
    seen = _mtimes(config)
    while True:
        await asyncio.sleep(config.registry_poll_seconds)
        current = _mtimes(config)
        if current != seen:
            seen = current
            await reload_snapshot(ctx, config, tls)


@dataclass
class RunningGateway:
    """A started gateway: its runners and actual ports (0 in the config means any free port)."""

    ctx: GatewayContext[MessageStore]
    config: GatewayConfig
    tls: ReloadableServerContext
    api: web.AppRunner
    ops: web.AppRunner
    api_port: int
    ops_port: int
    watcher: asyncio.Task[None]
    metrics: GatewayMetrics | None = None
    purger: asyncio.Task[None] | None = None
    # The one owner of what the start opened: closed in reverse order by ``stop``.
    resources: AsyncExitStack = field(default_factory=AsyncExitStack, repr=False)

    async def reload(self) -> bool:
        """Reload registry, CRLs, anchors, TLS certificate and keys now (what SIGHUP does)."""
        return await reload_snapshot(self.ctx, self.config, self.tls)

    async def drain(self, grace: float = DRAIN_SECONDS) -> None:
        """Stop accepting API connections, then let the requests in flight finish.

        /readyz turns 503 ("stopping") at once; kept-alive connections that are idle
        close now, busy ones after their request (``Connection: close``).
        """
        drain = self.api.app[DRAIN]
        drain.stopping = True
        self.ops.app[OPS].draining = True
        for site in self.api.sites:
            server = listening_server(site)  # the listening socket(s)
            if server is not None:
                server.close()
        if self.api.server is not None:
            drain.close_idle(self.api.server.connections)
        if not await drain.wait_idle(grace):
            log.error("requests_cut_off", count=drain.in_flight)

    async def stop(self) -> None:
        """Drain, then close every resource of the start (tasks, runners, stores)."""
        await self.drain()
        await self.resources.aclose()


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


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
    resources = AsyncExitStack()
    ctx = await build_context(config, clock=clock, metrics=metrics, migrate=migrate)
    # Every resource is registered as soon as it exists; the stack closes them in reverse.
    resources.push_async_callback(ctx.close)
    operations = Operations(
        metrics=metrics,
        tls_certificate_file=config.tls.certificate,
        reload=lambda: reload_snapshot(ctx, config, tls),
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
    resources.push_async_callback(ops.cleanup)
    resources.push_async_callback(api.cleanup)
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
        await resources.aclose()
        raise
    purger = asyncio.create_task(purge_periodically(ctx))
    resources.push_async_callback(_cancel, purger)
    watcher = asyncio.create_task(watch_for_changes(ctx, config, tls))
    resources.push_async_callback(_cancel, watcher)
    running = RunningGateway(
        ctx,
        config,
        tls,
        api,
        ops,
        bound_port(api),
        bound_port(ops),
        watcher,
        metrics,
        purger,
        resources,
    )
    log.info(
        "started",
        api_port=running.api_port,
        ops_port=running.ops_port,
        pid=os.getpid(),
        message_types=[f"{t.naam}/{t.versie}" for t in ctx.message_types.all()],
        crls=crl_log_fields(ctx.snapshot.trust, ctx.clock.now()),
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


async def watch_parent(parent_pid: int, stop: asyncio.Event, interval: float = 1.0) -> None:
    """In a worker: stop gracefully when the supervisor is gone (even after SIGKILL)."""
    while not stop.is_set():
        if os.getppid() != parent_pid:
            stop.set()  # first: the supervisor's log stream may have gone with it
            log.error("supervisor_gone", pid=parent_pid)
            return
        await asyncio.sleep(interval)
