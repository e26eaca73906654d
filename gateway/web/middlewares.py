"""The API's middlewares (in-flight tracking for the drain, the canonical log line,
mutual-TLS authentication, store outages as 503, plain JSON errors) and the error bodies
they answer with."""

from __future__ import annotations

import time
import uuid

import structlog
from aiohttp import web
from cryptography import x509

from gateway.domain.errors import (
    CertificateRejected,
    StoreUnavailable,
)
from gateway.domain.participants import Participant
from gateway.security.certs import CertificatePurpose, fingerprint, party_code_of
from gateway.web.errors import error_body
from gateway.web.keys import (
    DRAIN,
    FINGERPRINT,
    LOG_FIELDS,
    OPS,
    PARTICIPANT,
    RETRY_AFTER_SECONDS,
    Handler,
    context,
    log,
)


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
    ctx = context(request)
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
    except Exception:  # noqa: BLE001 (logged with its traceback; the answer is a plain 500)
        log.exception("unhandled_error")
        return plain_error(500, "Interne fout.")


def participant_id(request: web.Request) -> str | None:
    participant = request.get(PARTICIPANT)
    return participant.id if participant is not None else None
