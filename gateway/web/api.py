"""The participant API over mutual TLS (protocol 3): its handlers and ``make_api_app``.
Thin: each handler reads the request, calls one service and writes the answer."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.config import LimitsConfig
from gateway.domain.errors import (
    GatewayError,
    MessageTooLarge,
)
from gateway.domain.participants import Participant
from gateway.ports import AckOutcome, Caller, MessageStore, StoredMessage, StoredReceipt
from gateway.security.certs import fingerprint
from gateway.services import conversations, delivery, receipts, receive
from gateway.services.context import GatewayContext, rollover_status
from gateway.web.errors import error_body
from gateway.web.keys import (
    BODY_TIMEOUT,
    CONTEXT,
    COUNT_RE,
    DRAIN,
    FINGERPRINT,
    LOG_FIELDS,
    MAX_BODY,
    OPENAPI,
    OPS,
    PARTICIPANT,
    UUID_RE,
    XML,
    Drain,
    Operations,
    context,
)
from gateway.web.limits import ParticipantLimiter, participant_limits
from gateway.web.middlewares import (
    authenticate,
    canonical_log,
    json_errors,
    participant_id,
    plain_error,
    store_errors,
    track_in_flight,
)
from gateway.web.openapi import openapi_json, openapi_path
from gateway.xmlcodec import EnvelopeFeed, format_time


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
    if not UUID_RE.match(value):
        raise web.HTTPNotFound()
    return value.lower()


def _bad_query(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(
        text=json.dumps(error_body(400, message)),
        content_type="application/json",
    )


def _limit(request: web.Request) -> int:
    raw = request.query.get("limit", str(delivery.MAX_LIST))
    if not COUNT_RE.fullmatch(raw) or int(raw) < 1:
        raise _bad_query("limit moet een positief geheel getal zijn.")
    return min(int(raw), delivery.MAX_LIST)


def _lease(request: web.Request) -> timedelta | None:
    """``?lease=SECONDS`` (1 to 3600), or None for a plain protocol-v1 listing."""
    raw = request.query.get("lease")
    if raw is None:
        return None
    if not COUNT_RE.fullmatch(raw) or not 1 <= int(raw) <= delivery.MAX_LEASE_SECONDS:
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
    ctx = context(request)
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


async def _read_body(request: web.Request) -> bytes | EnvelopeFeed:
    """Read at most the configured limit; refuse a larger body before reading it whole.
    A large body is parsed as it arrives (receive.EnvelopeIntake); its parse errors are
    answered once the whole body is in, so the limit and the timeout come first as ever."""
    limit = request.app[MAX_BODY]
    if request.content_length is not None and request.content_length > limit:
        raise MessageTooLarge()
    intake = receive.EnvelopeIntake()
    size = 0
    # A slow client may not hold a connection and a concurrency slot forever ([limits]).
    async with asyncio.timeout(request.app[BODY_TIMEOUT]):
        async for chunk in request.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise MessageTooLarge()
            intake.feed(chunk)
    return intake.finish()


async def post_bericht(request: web.Request) -> web.StreamResponse:
    client = _participant(request)
    if request.content_type != XML:
        return plain_error(415, "Content-Type moet application/xml zijn.")
    ctx = context(request)
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
    message, events, issued = await context(request).store.history(client.id, traceer_id)
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
        context(request), _caller(request), inbox, _limit(request), lease
    )
    request[LOG_FIELDS].update(count=len(messages))
    listed = [_inbox_json(m, leased=lease is not None) for m in messages]
    return web.json_response({"berichten": listed})


async def get_postvak_bericht(request: web.Request) -> web.Response:
    inbox = _participant(request)
    traceer_id = _traceer_id(request)
    request[LOG_FIELDS].update(traceer_id=traceer_id)
    found = await delivery.fetch_delivery(context(request), _caller(request), inbox, traceer_id)
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
        context(request), _caller(request), inbox, traceer_id
    )
    request[LOG_FIELDS].update(outcome=outcome.value)
    if outcome is AckOutcome.NOT_FOUND:
        raise web.HTTPNotFound()
    return web.Response(status=204)


async def get_bevestigingen(request: web.Request) -> web.Response:
    owner = _participant(request)
    pending = await context(request).store.list_receipts(owner.id, _limit(request))
    return web.json_response({"bevestigingen": [_receipt_json(r) for r in pending]})


async def get_bevestiging(request: web.Request) -> web.Response:
    owner = _participant(request)
    receipt = await receipts.fetch_receipt(
        context(request), _caller(request), owner, _traceer_id(request, "id")
    )
    if receipt is None:
        raise web.HTTPNotFound()
    request[LOG_FIELDS].update(traceer_id=receipt.traceer_id)
    return web.Response(body=receipt.xml, content_type=XML)


async def delete_bevestiging(request: web.Request) -> web.Response:
    owner = _participant(request)
    ok = await receipts.acknowledge_receipt(
        context(request), _caller(request), owner, _traceer_id(request, "id")
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
        context(request), _caller(request), participant, conversation
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


def make_api_app(
    ctx: GatewayContext[MessageStore],
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
        participant_id,
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
