"""aiohttp applications: the mutual-TLS API (protocol 3) and the operations listener."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any

import structlog
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.admin import (
    Operations,
    certificate_report,
    inbox_report,
    message_report,
    participants_check,
    status_report,
)
from gateway.config import LimitsConfig
from gateway.domain.errors import (
    CertificateRejected,
    GatewayError,
    MessageTooLarge,
    StoreUnavailable,
)
from gateway.domain.participants import Participant
from gateway.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from gateway.ports import AckOutcome, Caller, StoredMessage, StoredReceipt
from gateway.security.certs import CertificatePurpose, fingerprint, party_code_of
from gateway.services import conversations, delivery, receipts, receive
from gateway.services.context import GatewayContext, rollover_status
from gateway.web.aiohttp_internals import RequestHandler, has_parsed_requests
from gateway.web.errors import error_body
from gateway.web.limits import ParticipantLimiter, participant_limits
from gateway.web.openapi import openapi_json, openapi_path
from gateway.xmlcodec import format_time


class Drain:
    """Requests in flight, and whether the listener is stopping (graceful shutdown).

    aiohttp's own shutdown stops reading request bodies at once, so an upload
    under way at SIGTERM would be cut off; the gateway first closes the
    listening socket, then waits here until the requests in flight are done.
    """

    def __init__(self, on_change: Callable[[int], None] | None = None) -> None:
        self.in_flight = 0
        self.busy: dict[RequestHandler, int] = {}  # connection -> its requests in a handler
        self.stopping = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._on_change = on_change  # the requests_in_flight gauge

    def enter(self, connection: RequestHandler) -> None:
        self.in_flight += 1
        self.busy[connection] = self.busy.get(connection, 0) + 1
        self._idle.clear()
        if self._on_change is not None:
            self._on_change(self.in_flight)

    def leave(self, connection: RequestHandler) -> None:
        self.in_flight -= 1
        if (left := self.busy.pop(connection, 1) - 1) > 0:
            self.busy[connection] = left
        if self.in_flight == 0:
            self._idle.set()
        if self._on_change is not None:
            self._on_change(self.in_flight)

    def close_idle(self, connections: Iterable[RequestHandler]) -> None:
        """Close the kept-alive connections that have no request under way.

        Not aiohttp's ``Server.pre_shutdown``: it also stops reading the bodies of
        uploads under way. A request parsed but not yet in a handler counts as busy.
        """
        for connection in connections:
            if connection not in self.busy and not has_parsed_requests(connection):
                connection.force_close()

    async def wait_idle(self, grace: float) -> bool:
        """True when every request finished within ``grace`` seconds."""
        try:
            async with asyncio.timeout(grace):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True


@web.middleware
async def track_in_flight(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count the request while it runs; once stopping, answer with ``Connection: close``."""
    drain = request.app[DRAIN]
    drain.enter(request.protocol)
    try:
        response = await handler(request)
    finally:
        drain.leave(request.protocol)
    if drain.stopping:
        response.force_close()
    return response


CONTEXT = web.AppKey("context", GatewayContext)
DRAIN = web.AppKey("drain", Drain)
MAX_BODY = web.AppKey("max_body", int)
BODY_TIMEOUT = web.AppKey("body_timeout", float)
OPS = web.AppKey("ops", Operations)
OPENAPI = web.AppKey("openapi", bytes)
PARTICIPANT = web.RequestKey("participant", Participant)
FINGERPRINT = web.RequestKey("fingerprint", str)
LOG_FIELDS = web.RequestKey("log_fields", dict)
RETRY_AFTER_SECONDS = "5"
XML = "application/xml"
_UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)

log = structlog.get_logger("gateway.web")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


NOT_FOUND_TEXT = "Niet gevonden."
# aiohttp's own errors (an unsupported method, a malformed request) in Dutch.
_STATUS_TEXTS = {
    400: "Ongeldig verzoek.",
    405: "Deze methode is hier niet toegestaan.",
    413: "Het verzoek is te groot.",
}


def not_found() -> web.Response:
    """The one 404 body: an unknown route, an unknown id and another participant's id
    all get exactly this, so no answer tells whether an id exists (protocol 3)."""
    body = {"status": 404, "code": None, "omschrijving": NOT_FOUND_TEXT}
    return web.json_response(body, status=404)


def plain_error(status: int, message: str, code: str | None = None) -> web.Response:
    """The plain error body for failures before a parsed envelope (protocol 3)."""
    body = error_body(status, message, code)
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if status in (429, 503) else None
    return web.json_response(body, status=status, headers=headers)


# --- middlewares ----------------------------------------------------------------


@web.middleware
async def canonical_log(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Bind per-request context and end each request in one log line."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=str(uuid.uuid4()))
    request[LOG_FIELDS] = {}
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        participant: Participant | None = request.get(PARTICIPANT)
        log.info(
            "request",
            method=request.method,
            route=_route_name(request),
            status=status,
            peer=participant.id if participant else None,
            peer_ip=request.remote,
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
            **request[LOG_FIELDS],
        )


def _route_name(request: web.Request) -> str:
    """The route template, never the concrete URL (ids stay out of metrics-like fields)."""
    info = request.match_info.route.resource
    return info.canonical if info is not None else "unmatched"


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Everything under /v1 needs a trusted client certificate of a known, active participant."""
    if not request.path.startswith("/v1/") and request.path != "/v1":
        return await handler(request)
    ssl_object = request.transport.get_extra_info("ssl_object") if request.transport else None
    der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
    if not der:
        return plain_error(401, "Clientcertificaat vereist.")
    ctx = request.app[CONTEXT]
    cert = x509.load_der_x509_certificate(der)
    try:
        ctx.snapshot.trust.check(cert, CertificatePurpose.TLS_CLIENT, now=ctx.clock.now())
    except CertificateRejected as exc:
        log.info("client_certificate_rejected", reason=str(exc), fingerprint=fingerprint(cert))
        return plain_error(403, "Clientcertificaat niet geaccepteerd.")
    code = party_code_of(cert)
    participant = ctx.snapshot.registry.by_party_code(code) if code else None
    if participant is None or not participant.active:
        log.info("unknown_participant", party=str(code) if code else None)
        return plain_error(403, "Onbekende of niet actieve deelnemer.")
    request[PARTICIPANT] = participant
    request[FINGERPRINT] = fingerprint(cert)
    return await handler(request)


def _caller(request: web.Request) -> Caller:
    """The authenticated caller, as services record it (NEN 7513: who and from where)."""
    return Caller(request[PARTICIPANT].id, request[FINGERPRINT], request.remote)


def _participant(request: web.Request) -> Participant:
    """The authenticated participant. Every role sends, has an inbox and receipts
    (issue 13); which types a role may send is the registry's data (GW121)."""
    participant: Participant = request[PARTICIPANT]
    return participant


def _traceer_id(request: web.Request, name: str = "traceerId") -> str:
    value = request.match_info[name]
    if not _UUID_RE.match(value):
        raise web.HTTPNotFound()
    return value.lower()


# ASCII digits only: str.isdigit() admits "²", which int() refuses (a 500, not a 400).
_COUNT_RE = re.compile(r"[0-9]{1,6}")


def _bad_query(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(
        text=json.dumps(error_body(400, message)),
        content_type="application/json",
    )


def _limit(request: web.Request) -> int:
    raw = request.query.get("limit", str(delivery.MAX_LIST))
    if not _COUNT_RE.fullmatch(raw) or int(raw) < 1:
        raise _bad_query("limit moet een positief geheel getal zijn.")
    return min(int(raw), delivery.MAX_LIST)


def _lease(request: web.Request) -> timedelta | None:
    """``?lease=SECONDS`` (1 to 3600), or None for a plain protocol-v1 listing."""
    raw = request.query.get("lease")
    if raw is None:
        return None
    if not _COUNT_RE.fullmatch(raw) or not 1 <= int(raw) <= delivery.MAX_LEASE_SECONDS:
        raise _bad_query(
            "lease moet een geheel aantal seconden zijn, "
            f"van 1 tot en met {delivery.MAX_LEASE_SECONDS}."
        )
    return timedelta(seconds=int(raw))


# --- handlers ---------------------------------------------------------------------


async def get_deelnemer(request: web.Request) -> web.Response:
    p: Participant = request[PARTICIPANT]
    return web.json_response(
        {
            "id": p.id,
            "rol": p.role.value,
            "naam": p.naam,
            "codes": list(p.codes),
            "certificaatSha256": request[FINGERPRINT],
        }
    )


def _cert_json(cert: x509.Certificate) -> dict[str, str]:
    return {
        "certificaat": cert.public_bytes(Encoding.PEM).decode("ascii"),
        "sha256": fingerprint(cert),
        "geldigVanaf": format_time(cert.not_valid_before_utc),
        "geldigTot": format_time(cert.not_valid_after_utc),
    }


async def get_certificaten(request: web.Request) -> web.Response:
    """Every configured certificate not yet expired, with its rollover status
    (``actueel``/``volgend``/``vorig``: README, Protocol notes)."""
    ctx = request.app[CONTEXT]
    now = ctx.clock.now()

    def entries(certs: tuple[x509.Certificate, ...]) -> list[dict[str, str]]:
        statuses = rollover_status(certs, now)
        return [
            {**_cert_json(c), "status": s}
            for c, s in zip(certs, statuses, strict=True)
            if s is not None
        ]

    return web.json_response(
        {
            "versleuteling": entries(ctx.encryption_certificates),
            "ondertekening": entries(ctx.signing_certificates),
        }
    )


async def get_openapi(request: web.Request) -> web.Response:
    """docs/openapi.yaml as JSON, for integrators' code generators."""
    return web.Response(body=request.app[OPENAPI], content_type="application/json")


async def _read_body(request: web.Request) -> bytes:
    """Read at most the configured limit; refuse a larger body before reading it whole."""
    limit = request.app[MAX_BODY]
    if request.content_length is not None and request.content_length > limit:
        raise MessageTooLarge()
    chunks: list[bytes] = []
    size = 0
    # A slow client may not hold a connection and a concurrency slot forever ([limits]).
    async with asyncio.timeout(request.app[BODY_TIMEOUT]):
        async for chunk in request.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise MessageTooLarge()
            chunks.append(chunk)
    return b"".join(chunks)


async def post_bericht(request: web.Request) -> web.StreamResponse:
    client = _participant(request)
    if request.content_type != XML:
        return plain_error(415, "Content-Type moet application/xml zijn.")
    ctx = request.app[CONTEXT]
    try:
        try:
            body = await _read_body(request)
        except TimeoutError:
            request[LOG_FIELDS].update(code="BODY_TIMEOUT")
            response = plain_error(408, "Het bericht is niet op tijd ontvangen.")
            response.force_close()
            # Close now: aiohttp would otherwise linger reading the slow body.
            await response.prepare(request)
            await response.write_eof()
            if request.transport is not None:
                request.transport.close()
            return response
        receiving = receive.receive_message(ctx, _caller(request), client, body)
        del body  # receive_message lets go of the body once parsed; so must we
        outcome = await receiving
    except GatewayError as exc:  # before a parsed envelope: plain error body
        request[LOG_FIELDS].update(code=exc.code)
        if isinstance(exc, MessageTooLarge):
            # Do not let the client keep streaming into a connection we will not read.
            response = plain_error(exc.http_status, exc.omschrijving, exc.code)
            response.force_close()
            return response
        return plain_error(exc.http_status, exc.omschrijving, exc.code)
    request[LOG_FIELDS].update(
        code=outcome.code,
        traceer_id=outcome.kop.traceer_id,
        bericht_type=outcome.kop.bericht_type,
    )
    return web.Response(body=outcome.receipt_xml, status=outcome.http_status, content_type=XML)


def _receipt_json(r: StoredReceipt) -> dict[str, Any]:
    return {
        "bevestigingId": r.bevestiging_id,
        "soort": r.soort.value,
        "traceerId": r.traceer_id,
        "status": r.status.value,
        "tijdstip": format_time(r.tijdstip),
    }


async def get_bericht(request: web.Request) -> web.Response:
    client = _participant(request)
    traceer_id = _traceer_id(request)
    request[LOG_FIELDS].update(traceer_id=traceer_id)
    message, events, issued = await request.app[CONTEXT].store.history(client.id, traceer_id)
    if message is None and not events and not issued:
        raise web.HTTPNotFound()
    return web.json_response(
        {
            "traceerId": traceer_id,
            "berichtType": message.bericht_type if message else None,
            "status": message.state.value if message else events[-1].state.value,
            "historie": [
                {"status": e.state.value, "tijdstip": format_time(e.at), "code": e.code}
                for e in events
            ],
            "bevestigingen": [_receipt_json(r) for r in issued],
        }
    )


def _inbox_json(m: StoredMessage, *, leased: bool) -> dict[str, Any]:
    """One listed message; ``leaseTot`` only in a leasing listing (protocol v1's has none,
    nor does it show another poller's lease)."""
    return {
        "traceerId": m.traceer_id,
        "berichtType": m.bericht_type,
        "berichtVersie": m.bericht_versie,
        "afzender": m.afzender,
        "geadresseerde": m.geadresseerde,
        "grootte": m.size,
        "sha256": m.delivery_sha256.hex(),
        "ontvangsttijdstip": format_time(m.received_at),
        **({"leaseTot": format_time(m.lease_until)} if leased and m.lease_until else {}),
    }


async def get_postvak(request: web.Request) -> web.Response:
    inbox = _participant(request)
    lease = _lease(request)
    messages = await delivery.list_inbox(
        request.app[CONTEXT], _caller(request), inbox, _limit(request), lease
    )
    request[LOG_FIELDS].update(count=len(messages))
    listed = [_inbox_json(m, leased=lease is not None) for m in messages]
    return web.json_response({"berichten": listed})


async def get_postvak_bericht(request: web.Request) -> web.Response:
    inbox = _participant(request)
    traceer_id = _traceer_id(request)
    request[LOG_FIELDS].update(traceer_id=traceer_id)
    found = await delivery.fetch_delivery(request.app[CONTEXT], _caller(request), inbox, traceer_id)
    if found is None:
        raise web.HTTPNotFound()
    message, envelope = found
    request[LOG_FIELDS].update(bericht_type=message.bericht_type)
    return web.Response(body=envelope, content_type=XML)


async def delete_postvak_bericht(request: web.Request) -> web.Response:
    inbox = _participant(request)
    traceer_id = _traceer_id(request)
    request[LOG_FIELDS].update(traceer_id=traceer_id)
    outcome = await delivery.acknowledge_delivery(
        request.app[CONTEXT], _caller(request), inbox, traceer_id
    )
    request[LOG_FIELDS].update(outcome=outcome.value)
    if outcome is AckOutcome.NOT_FOUND:
        raise web.HTTPNotFound()
    return web.Response(status=204)


async def get_bevestigingen(request: web.Request) -> web.Response:
    owner = _participant(request)
    pending = await request.app[CONTEXT].store.list_receipts(owner.id, _limit(request))
    return web.json_response({"bevestigingen": [_receipt_json(r) for r in pending]})


async def get_bevestiging(request: web.Request) -> web.Response:
    owner = _participant(request)
    receipt = await receipts.fetch_receipt(
        request.app[CONTEXT], _caller(request), owner, _traceer_id(request, "id")
    )
    if receipt is None:
        raise web.HTTPNotFound()
    request[LOG_FIELDS].update(traceer_id=receipt.traceer_id)
    return web.Response(body=receipt.xml, content_type=XML)


async def delete_bevestiging(request: web.Request) -> web.Response:
    owner = _participant(request)
    ok = await receipts.acknowledge_receipt(
        request.app[CONTEXT], _caller(request), owner, _traceer_id(request, "id")
    )
    if not ok:
        raise web.HTTPNotFound()
    return web.Response(status=204)


def _conversation_entry(
    participant: Participant, message: StoredMessage, issued: list[StoredReceipt]
) -> dict[str, Any]:
    sent = message.sender == participant.id
    return {
        "traceerId": message.traceer_id,
        "berichtType": message.bericht_type,
        "berichtVersie": message.bericht_versie,
        "afzender": message.afzender,
        "geadresseerde": message.geadresseerde,
        "richting": "verzonden" if sent else "ontvangen",
        "status": message.state.value,
        "ontvangsttijdstip": format_time(message.received_at),
        "bevestigingen": [_receipt_json(r) for r in issued],
    }


async def get_conversatie(request: web.Request) -> web.Response:
    participant = _participant(request)
    conversation = _traceer_id(request, "conversatieId")
    found = await conversations.show_conversation(
        request.app[CONTEXT], _caller(request), participant, conversation
    )
    if not found:
        raise web.HTTPNotFound()
    request[LOG_FIELDS].update(count=len(found))
    return web.json_response(
        {
            "conversatieId": conversation,
            "berichten": [_conversation_entry(participant, m, r) for m, r in found],
        }
    )


@web.middleware
async def store_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A store that cannot commit durably answers 503 with Retry-After, never 500."""
    try:
        return await handler(request)
    except StoreUnavailable as exc:
        log.error("store_unavailable", error=type(exc).__name__)
        ops = request.app.get(OPS)
        if ops is not None and ops.metrics is not None:
            ops.metrics.count_store_error("api")
        request[LOG_FIELDS].update(code="STORE")
        return plain_error(503, "De gateway kan nu niet duurzaam opslaan; probeer het later.")


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """HTTP errors get the plain JSON body; nothing unexpected leaks internals."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status == 404:
            return not_found()
        if exc.content_type == "application/json" or exc.status < 400:
            raise
        response = plain_error(exc.status, _STATUS_TEXTS.get(exc.status, exc.reason))
        if "Allow" in exc.headers:  # a 405 names the methods the path has (RFC 9110)
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except Exception:
        log.exception("unhandled_error")
        return plain_error(500, "Interne fout.")


def _participant_id(request: web.Request) -> str | None:
    participant = request.get(PARTICIPANT)
    return participant.id if participant is not None else None


def make_api_app(
    ctx: GatewayContext,
    *,
    max_body_bytes: int,
    ops: Operations | None = None,
    limits: LimitsConfig | None = None,
) -> web.Application:
    """The /v1 application, to be served over mutual TLS."""
    limits = limits or LimitsConfig()
    ops = ops or Operations()
    limiter = participant_limits(
        ParticipantLimiter(limits),
        _participant_id,
        plain_error,
        on_limit=ops.metrics.count_limited if ops.metrics is not None else None,
    )
    app = web.Application(
        middlewares=[
            track_in_flight,
            canonical_log,
            json_errors,
            authenticate,
            limiter,
            store_errors,
        ],
        client_max_size=max_body_bytes,
    )
    app[DRAIN] = Drain(ops.metrics.set_requests_in_flight if ops.metrics is not None else None)
    app[CONTEXT] = ctx
    app[MAX_BODY] = max_body_bytes
    app[BODY_TIMEOUT] = limits.body_timeout_seconds
    app[OPS] = ops
    app[OPENAPI] = openapi_json(openapi_path())
    r = app.router
    r.add_get("/v1/openapi.json", get_openapi)
    r.add_get("/v1/deelnemer", get_deelnemer)
    r.add_get("/v1/certificaten", get_certificaten)
    r.add_post("/v1/berichten", post_bericht)
    r.add_get("/v1/berichten/{traceerId}", get_bericht)
    r.add_get("/v1/postvak", get_postvak)
    r.add_get("/v1/postvak/{traceerId}", get_postvak_bericht)
    r.add_delete("/v1/postvak/{traceerId}", delete_postvak_bericht)
    r.add_get("/v1/bevestigingen", get_bevestigingen)
    r.add_get("/v1/bevestigingen/{id}", get_bevestiging)
    r.add_delete("/v1/bevestigingen/{id}", delete_bevestiging)
    r.add_get("/v1/conversaties/{conversatieId}", get_conversatie)
    return app


# --- operations listener --------------------------------------------------------


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readiness_problems(ctx: GatewayContext) -> list[str]:
    """What keeps the gateway from accepting messages (empty when ready)."""
    problems: list[str] = []
    try:
        await ctx.store.ping()
    except StoreUnavailable:
        problems.append("store unreachable")
    now = ctx.clock.now()
    if not ctx.snapshot.trust.crls_current(now):
        stale = [c.issuer for c in ctx.snapshot.trust.crl_status() if c.stale(now)]
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


async def readyz(request: web.Request) -> web.Response:
    problems = await readiness_problems(request.app[CONTEXT])
    if request.app[OPS].draining:
        problems.insert(0, "stopping")
    status = 503 if problems else 200
    return web.json_response({"ready": not problems, "problems": problems}, status=status)


async def get_metrics(request: web.Request) -> web.Response:
    """Prometheus exposition; store and certificate gauges are computed now."""
    ops = request.app[OPS]
    if ops.metrics is None:
        raise web.HTTPNotFound()
    await ops.metrics.refresh(request.app[CONTEXT], ops.tls_certificate())
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
    ctx = request.app[CONTEXT]
    problems = await readiness_problems(ctx)
    return _admin_json(await status_report(ctx, request.app[OPS].tls_certificate(), problems))


async def admin_inbox_stats(request: web.Request) -> web.Response:
    return _admin_json(await inbox_report(request.app[CONTEXT]))


async def admin_message(request: web.Request) -> web.Response:
    traceer_id = request.match_info["traceerId"]
    report = (
        await message_report(request.app[CONTEXT], traceer_id.lower())
        if _UUID_RE.match(traceer_id)
        else None
    )
    if report is None:
        return plain_error(404, "Onbekend TraceerId.")
    return _admin_json(report)


async def admin_participants_check(request: web.Request) -> web.Response:
    ctx = request.app[CONTEXT]
    raw = request.query.get("days", "30")
    if not _COUNT_RE.fullmatch(raw):
        return plain_error(400, "days moet een geheel getal zijn.")
    days = int(raw)
    report = participants_check(ctx.snapshot, ctx.clock.now(), days=days)
    report["gateway"] = certificate_report(ctx, request.app[OPS].tls_certificate(), days=days)
    return _admin_json(report)


async def admin_reload(request: web.Request) -> web.Response:
    ctx = request.app[CONTEXT]
    reload = request.app[OPS].reload
    if reload is None:
        return plain_error(501, "Herladen is hier niet beschikbaar.")
    ok = await reload()
    return _admin_json(
        {
            "reloaded": ok,
            "participants": len(ctx.snapshot.registry.participants),
            "crls": certificate_report(ctx, None)["crls"],
        },
        status=200 if ok else 500,
    )


def make_ops_app(ctx: GatewayContext, ops: Operations | None = None) -> web.Application:
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
