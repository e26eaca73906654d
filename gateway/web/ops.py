"""The operations listener (127.0.0.1): health, readiness, metrics and the operator's
``/admin/*`` reports; ``make_ops_app``. Thin: the reports are computed by
``gateway.services.reports``; this module checks the request and serves them."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from gateway.domain.errors import (
    StoreUnavailable,
)
from gateway.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from gateway.ports import MessageStore
from gateway.services.context import GatewayContext
from gateway.services.reports import (
    certificate_report,
    crl_report,
    inbox_report,
    message_report,
    participants_check,
    readiness_problems,
    status_report,
)
from gateway.web.keys import (
    CONTEXT,
    COUNT_RE,
    OPS,
    UUID_RE,
    Handler,
    Operations,
    context,
    log,
)
from gateway.web.middlewares import (
    plain_error,
)

# --- operations listener --------------------------------------------------------


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    problems = await readiness_problems(context(request))
    if request.app[OPS].draining:
        problems.insert(0, "stopping")
    status = 503 if problems else 200
    return web.json_response({"ready": not problems, "problems": problems}, status=status)


async def get_metrics(request: web.Request) -> web.Response:
    """Prometheus exposition; store and certificate gauges are computed now."""
    ops = request.app[OPS]
    if ops.metrics is None:
        raise web.HTTPNotFound()
    await ops.metrics.refresh(context(request), ops.tls_certificate())
    return web.Response(body=ops.metrics.render(), headers={"Content-Type": METRICS_CONTENT_TYPE})


def _admin_json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers={"Cache-Control": "no-store"})


@web.middleware
async def admin_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """/admin is for local tools only: no browser (Origin) and no DNS-rebound host name."""
    if request.path.startswith("/admin/"):
        host = (request.url.host or "").strip("[]")
        local = host == "localhost" or re.fullmatch(r"[0-9.]+|[0-9a-fA-F:]+", host)
        if "Origin" in request.headers or not local:
            return plain_error(403, "Alleen voor lokale beheertools.")
        try:
            return await handler(request)
        except StoreUnavailable as exc:
            log.error("store_unavailable", error=type(exc).__name__)
            ops = request.app[OPS]
            if ops.metrics is not None:
                ops.metrics.count_store_error("admin")
            return plain_error(503, "De opslag is niet bereikbaar.")
    return await handler(request)


async def admin_status(request: web.Request) -> web.Response:
    ctx = context(request)
    problems = await readiness_problems(ctx)
    return _admin_json(await status_report(ctx, request.app[OPS].tls_certificate(), problems))


async def admin_inbox_stats(request: web.Request) -> web.Response:
    return _admin_json(await inbox_report(context(request)))


async def admin_message(request: web.Request) -> web.Response:
    traceer_id = request.match_info["traceerId"]
    report = (
        await message_report(context(request), traceer_id.lower())
        if UUID_RE.match(traceer_id)
        else None
    )
    if report is None:
        return plain_error(404, "Onbekend TraceerId.")
    return _admin_json(report)


async def admin_participants_check(request: web.Request) -> web.Response:
    ctx = context(request)
    raw = request.query.get("days", "30")
    if not COUNT_RE.fullmatch(raw):
        return plain_error(400, "days moet een geheel getal zijn.")
    days = int(raw)
    report = participants_check(ctx.snapshot, ctx.clock.now(), days=days)
    report["gateway"] = certificate_report(ctx, request.app[OPS].tls_certificate(), days=days)
    return _admin_json(report)


async def admin_reload(request: web.Request) -> web.Response:
    ctx = context(request)
    reload = request.app[OPS].reload
    if reload is None:
        return plain_error(501, "Herladen is hier niet beschikbaar.")
    ok = await reload()
    return _admin_json(
        {
            "reloaded": ok,
            "participants": len(ctx.snapshot.registry.participants),
            "crls": crl_report(ctx.snapshot.trust, ctx.clock.now()),
        },
        status=200 if ok else 500,
    )


def make_ops_app(
    ctx: GatewayContext[MessageStore], ops: Operations | None = None
) -> web.Application:
    """Plain-HTTP operations endpoints, bound to 127.0.0.1 by default."""
    app = web.Application(middlewares=[admin_guard])
    app[CONTEXT] = ctx
    app[OPS] = ops or Operations()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", get_metrics)
    app.router.add_get("/admin/status", admin_status)
    app.router.add_get("/admin/inbox-stats", admin_inbox_stats)
    app.router.add_get("/admin/messages/{traceerId}", admin_message)
    app.router.add_get("/admin/participants-check", admin_participants_check)
    app.router.add_post("/admin/reload", admin_reload)
    return app
