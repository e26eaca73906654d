"""The desk's aiohttp application: server-rendered Jinja2 pages, no front-end build step.

Handlers are thin: the gateway work is ``DeskService`` (on ``gateway.client``), forms are
``forms`` and ``drafts``, documents are ``documents``. No client data goes into a URL
(forms post; paths carry only TraceerIds, BevestigingIds and random draft ids), a log
line, or browser storage (pages are ``no-store``; no script stores anything).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
import structlog
from aiohttp import web
from multidict import MultiDictProxy

from gateway.client import GatewayClient, Identity
from gateway.domain.meldingen import Ernst, Melding
from gateway.domain.participants import Registry
from gateway.messagetypes import MessageTypeRegistry

from . import labels
from .documents import TEMPLATES, attachment, attachment_sizes, sections, to_view
from .drafts import Bijlage, Draft, DraftBook, apply_action, parse_fields
from .forms import FORMS, Checked, FormSpec, check_draft
from .regions import REGIONS, region_name
from .security import DeskSecrets, add_headers, allowed_hosts, check_origin, cookie_name
from .service import DeskError, DeskService, UnverifiedMessage

log = structlog.get_logger("gateway.desk")
HERE = Path(__file__).parent
TIMEZONE = ZoneInfo("Europe/Amsterdam")
MAX_UPLOAD = 5 * 1024 * 1024  # one attachment; the gateway's body limit bounds the whole plan
MAX_ATTACHMENTS = 10  # the meerzorgplan XSD's maxOccurs


@dataclass(frozen=True)
class DeskConfig:
    gateway_url: str
    identity: Identity
    port: int
    participants: Registry | None = None


CONFIG = web.AppKey("config", DeskConfig)
SECRETS = web.AppKey("secrets", DeskSecrets)
SERVICE = web.AppKey("service", DeskService)
DRAFTS = web.AppKey("drafts", DraftBook)
JINJA = web.AppKey("jinja", jinja2.Environment)


# --- rendering -------------------------------------------------------------------------------


def _when(value: str | datetime | None) -> str:
    """An ISO time as Dutch local time: ``7-12-2026 02:04``."""
    if not value:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(TIMEZONE)
    return f"{local.day}-{local.month}-{local.year} {local:%H:%M}"


def _day(value: str) -> str:
    try:
        d = date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return f"{d.day}-{d.month}-{d.year}"


def _size(value: int) -> str:
    return f"{value / 1024:.0f} kB" if value >= 1024 else f"{value} bytes"


def _money(value: str) -> str:
    try:
        amount = f"{float(value):,.2f}"
    except (TypeError, ValueError):
        return value
    return "€ " + amount.replace(",", " ").replace(".", ",").replace(" ", ".")


def make_jinja() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=_when, day=_day, size=_size, money=_money, region=region_name)
    env.globals.update(labels=labels, regions=REGIONS, zip=zip, explain=labels.code_uitleg)
    return env


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    app = request.app
    service = app[SERVICE]
    text = (
        app[JINJA]
        .get_template(template)
        .render(
            csrf=app[SECRETS].csrf_token(),
            is_provider=service.is_provider,
            party=service.party_code,
            drafts=app[DRAFTS].all() if service.is_provider else [],
            **context,
        )
    )
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def problem(request: web.Request, text: str, status: int = 502, **context: Any) -> web.Response:
    return render(request, "problem.html", status=status, text=text, **context)


# --- middlewares ----------------------------------------------------------------------------


@web.middleware
async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
    """Host and Origin, the access token and session cookie, CSRF, headers, one log line."""
    started = time.perf_counter()
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:  # redirects and 404s raised by handlers
        add_headers(exc)
        _log_request(request, exc.status, started)
        raise
    add_headers(response)
    _log_request(request, response.status, started)
    return response


def _log_request(request: web.Request, status: int, started: float) -> None:
    """Method, route template and status only: never a query, a form field or a path value."""
    route = request.match_info.route.resource
    log.info(
        "desk_request",
        method=request.method,
        route=route.canonical if route is not None else "",
        status=status,
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )


async def _guarded(request: web.Request, handler: Any) -> web.StreamResponse:
    app = request.app
    desk_secrets = app[SECRETS]
    if not check_origin(request, allowed_hosts(app[CONFIG].port)):
        return web.Response(status=403, text="Verboden: onbekende herkomst.")
    token = request.query.get("token")
    if token is not None:
        if not desk_secrets.token_ok(token):
            return _refused()
        # Trade the token for a cookie and take it out of the address bar and history.
        response = web.Response(status=303, headers={"Location": "/"})
        response.set_cookie(
            cookie_name(app[CONFIG].port),
            desk_secrets.session,
            httponly=True,
            samesite="Strict",
            path="/",
        )
        return response
    if not desk_secrets.session_ok(request.cookies.get(cookie_name(app[CONFIG].port))):
        return _refused()
    if request.method == "POST":
        form = await request.post()
        if not desk_secrets.csrf_ok(str(form.get("csrf", ""))):
            return web.Response(status=403, text="Verboden: het formulier is verlopen (CSRF).")
    try:
        handled: web.StreamResponse = await handler(request)
        return handled
    except web.HTTPException:
        raise
    except DeskError as exc:
        return problem(request, str(exc))
    except Exception as exc:  # noqa: BLE001  (the person gets a page, never a trace)
        log.error("desk_error", error=type(exc).__name__)
        return problem(request, "Er ging iets mis in de desk. Er is niets verstuurd.", status=500)


def _refused() -> web.Response:
    return web.Response(
        status=403,
        text="Geen toegang. Open de desk met de link die bij het starten werd getoond.",
    )


# --- pages ------------------------------------------------------------------------------------


async def home(request: web.Request) -> web.StreamResponse:
    service = request.app[SERVICE]
    if not service.is_provider:
        raise web.HTTPSeeOther("/postvak")
    return render(request, "home.html", forms=FORMS, sent=list(service.sent.values())[::-1])


def _sender_name(request: web.Request, agb: str) -> str:
    if len(agb) == 4:  # a zorgkantoor's reactie or besluit (issue 13): its region
        return region_name(agb)
    registry = request.app[CONFIG].participants
    participant = registry.provider(agb) if registry is not None else None
    if participant is not None:
        return participant.naam
    for opened in request.app[SERVICE].opened.values():
        if opened.kop.afzender == agb:
            naam = to_view(opened.payload).get("Zorgaanbieder", {})
            if isinstance(naam, dict) and naam.get("Naam"):
                return str(naam["Naam"])
    return ""


async def inbox(request: web.Request) -> web.StreamResponse:
    service = request.app[SERVICE]
    messages = await service.inbox()
    for m in messages:
        m["afzenderNaam"] = _sender_name(request, m.get("afzender", ""))
    acknowledged = [o for o in service.opened.values() if o.acknowledged]
    return render(request, "inbox.html", messages=messages, acknowledged=acknowledged)


async def message(request: web.Request) -> web.StreamResponse:
    service = request.app[SERVICE]
    traceer_id = request.match_info["traceer_id"]
    try:
        opened = await service.open_message(traceer_id)
    except UnverifiedMessage:
        return problem(
            request,
            "Dit bericht is NIET getoond: het kon niet worden ontsleuteld of de handtekening "
            "van de afzender is niet geldig. Neem contact op met de afzender.",
            status=200,
            unverified=True,
        )
    view = to_view(opened.payload)
    kind = opened.kop.bericht_type
    return render(
        request,
        "message.html",
        opened=opened,
        doc=view,
        doc_template=TEMPLATES.get(kind, "doc_generic.html"),
        sections=sections(view),
        sizes=attachment_sizes(opened.payload),
        sender_name=_sender_name(request, opened.kop.afzender),
        print_view=request.path.endswith("/afdruk"),
    )


async def acknowledge(request: web.Request) -> web.StreamResponse:
    traceer_id = request.match_info["traceer_id"]
    await request.app[SERVICE].acknowledge(traceer_id)
    raise web.HTTPSeeOther(f"/postvak/{traceer_id}")


async def download(request: web.Request) -> web.StreamResponse:
    opened = request.app[SERVICE].opened.get(request.match_info["traceer_id"])
    if opened is None:
        raise web.HTTPNotFound(text="Open het bericht eerst.")
    found = attachment(opened.payload, int(request.match_info["index"]))
    if found is None:
        raise web.HTTPNotFound(text="Deze bijlage bestaat niet of is beschadigd.")
    naam, mime, content = found
    safe = "".join(c for c in naam if c.isalnum() or c in "._- ") or "bijlage"
    return web.Response(
        body=content,
        content_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "X-Bijlage-Type": mime if mime.isascii() else "application/octet-stream",
        },
    )


# --- composing --------------------------------------------------------------------------------


async def new_draft(request: web.Request) -> web.StreamResponse:
    spec = FORMS.get(request.match_info["kind"])
    if spec is None or not request.app[SERVICE].is_provider:
        raise web.HTTPNotFound()
    draft = Draft(spec.kind, spec.new(datetime.now(TIMEZONE).date()))
    plan = request.query.get("plan", "")
    if spec.kind == "evaluatie-groepsmeerzorg" and _UUID_RE.fullmatch(plan):
        draft.data["plan_traceer_id"] = plan  # "Evaluatie opstellen" from a sent plan
    request.app[DRAFTS].put(draft)
    raise web.HTTPSeeOther(f"/concept/{draft.id}")


_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _draft(request: web.Request) -> tuple[Draft, FormSpec]:
    draft = request.app[DRAFTS].get(request.match_info["draft_id"])
    if draft is None:
        raise web.HTTPNotFound(text="Dit concept bestaat niet (meer).")
    return draft, FORMS[draft.kind]


def _form_page(
    request: web.Request,
    draft: Draft,
    spec: FormSpec,
    checked: Checked | None = None,
    failure: str = "",
    status: int = 200,
) -> web.Response:
    return render(
        request,
        spec.template,
        status=status,
        draft=draft,
        spec=spec,
        d=draft.data,
        errors=checked.field_errors if checked else {},
        other=checked.other if checked else [],
        checked=checked,
        failure=failure,
        sent_plans=[
            m for m in request.app[SERVICE].sent.values() if m.bericht_type == "meerzorgplan"
        ],
    )


async def edit_draft(request: web.Request) -> web.StreamResponse:
    draft, spec = _draft(request)
    return _form_page(request, draft, spec)


async def post_draft(request: web.Request) -> web.StreamResponse:
    draft, spec = _draft(request)
    form = await request.post()
    draft.data = parse_fields(_text_fields(form), spec.rows)
    upload_problem = _take_uploads(draft, form)
    request.app[DRAFTS].put(draft)
    action = str(form.get("actie", "controleren"))
    if upload_problem:
        refused = Checked(b"")
        refused.add("bijlage", Melding("", Ernst.FOUT, upload_problem))
        return _form_page(request, draft, spec, refused, status=422)
    if action.startswith(("add:", "remove:")):
        apply_action(draft.data, action, spec.rows)
        return _form_page(request, draft, spec)
    if action.startswith("bijlage-weg:"):
        index = action.partition(":")[2]
        if index.isdigit() and int(index) < len(draft.bijlagen):
            del draft.bijlagen[int(index)]
        return _form_page(request, draft, spec)
    service = request.app[SERVICE]
    to = str(form.get("aan", ""))
    message_type = service.registry.get(spec.kind, "1.0")
    if message_type is None:
        raise DeskError("Dit berichttype kent deze versie van de desk niet.")
    checked = await asyncio.to_thread(
        check_draft, spec, draft, message_type, service.party_code, to
    )
    if to not in REGIONS:
        checked.add("aan", Melding("", Ernst.FOUT, "Kies het zorgkantoor."))
    if action != "versturen" or checked.has_fout:
        return _form_page(request, draft, spec, checked, status=422 if checked.has_fout else 200)
    try:
        http_status, receipt = await service.send(spec.kind, checked.payload, to)
    except DeskError as exc:
        # The plan stays as it was: nothing is lost when the gateway is down.
        return _form_page(request, draft, spec, checked, failure=str(exc), status=503)
    if http_status in (200, 202):
        request.app[DRAFTS].discard(draft.id)
    return render(request, "sent.html", receipt=receipt, draft=draft, http_status=http_status)


_Form = MultiDictProxy[str | bytes | bytearray | web.FileField]
_CONTROL_FIELDS = frozenset({"csrf", "actie"})


def _text_fields(form: _Form) -> list[tuple[str, str]]:
    return [(k, v) for k, v in form.items() if isinstance(v, str) and k not in _CONTROL_FIELDS]


def _take_uploads(draft: Draft, form: _Form) -> str:
    """Adds an uploaded attachment to the draft; a problem to show at the field, or ''."""
    upload = form.get("bijlage")
    if not isinstance(upload, web.FileField) or not upload.filename:
        return ""
    if len(draft.bijlagen) >= MAX_ATTACHMENTS:
        return f"Een plan heeft ten hoogste {MAX_ATTACHMENTS} bijlagen."
    content = upload.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        return "Deze bijlage is groter dan 5 MB en is niet toegevoegd."
    name = upload.filename.replace("/", "_").replace("\\", "_")[:255]
    mime = upload.content_type if "/" in (upload.content_type or "") else "application/pdf"
    draft.bijlagen.append(Bijlage(name, mime.lower(), content))
    return ""


async def drop_draft(request: web.Request) -> web.StreamResponse:
    draft, _spec = _draft(request)
    request.app[DRAFTS].discard(draft.id)
    raise web.HTTPSeeOther("/")


# --- receipts and history ----------------------------------------------------------------------


async def receipts(request: web.Request) -> web.StreamResponse:
    if not request.app[SERVICE].is_provider:
        raise web.HTTPNotFound()
    listing = await request.app[SERVICE].receipts()
    return render(request, "receipts.html", receipts=listing)


async def receipt(request: web.Request) -> web.StreamResponse:
    info = await request.app[SERVICE].receipt(request.match_info["bevestiging_id"])
    return render(request, "receipt.html", receipt=info)


async def handle_receipt(request: web.Request) -> web.StreamResponse:
    await request.app[SERVICE].acknowledge_receipt(request.match_info["bevestiging_id"])
    raise web.HTTPSeeOther("/bevestigingen")


async def history(request: web.Request) -> web.StreamResponse:
    traceer_id = request.match_info["traceer_id"]
    data = await request.app[SERVICE].history(traceer_id)
    return render(request, "history.html", data=data, traceer_id=traceer_id)


async def conversation(request: web.Request) -> web.StreamResponse:
    conversatie_id = request.match_info["traceer_id"]
    data = await request.app[SERVICE].conversation(conversatie_id)
    return render(request, "conversation.html", data=data)


# --- the application ------------------------------------------------------------------------


async def _client_ctx(app: web.Application) -> AsyncIterator[None]:
    config = app[CONFIG]
    async with GatewayClient(config.gateway_url, config.identity) as client:
        app[SERVICE] = DeskService(client, MessageTypeRegistry.load())
        yield


_ID = r"{traceer_id:[0-9a-fA-F-]{36}}"


def create_desk_app(config: DeskConfig, desk_secrets: DeskSecrets) -> web.Application:
    """The desk for one participant; the gateway client is opened in ``cleanup_ctx``."""
    app = web.Application(middlewares=[guard], client_max_size=12 * 1024 * 1024)
    app[CONFIG] = config
    app[SECRETS] = desk_secrets
    app[DRAFTS] = DraftBook()
    app[JINJA] = make_jinja()
    app.cleanup_ctx.append(_client_ctx)
    app.router.add_get("/", home)
    app.router.add_get("/postvak", inbox)
    app.router.add_get(f"/postvak/{_ID}", message)
    app.router.add_get(f"/postvak/{_ID}/afdruk", message)
    app.router.add_post(f"/postvak/{_ID}/ontvangen", acknowledge)
    app.router.add_get(f"/postvak/{_ID}/bijlage/{{index:[0-9]{{1,2}}}}", download)
    app.router.add_get("/nieuw/{kind:[a-z-]{1,40}}", new_draft)
    app.router.add_get("/concept/{draft_id:[A-Za-z0-9_-]{1,40}}", edit_draft)
    app.router.add_post("/concept/{draft_id:[A-Za-z0-9_-]{1,40}}", post_draft)
    app.router.add_post("/concept/{draft_id:[A-Za-z0-9_-]{1,40}}/weg", drop_draft)
    app.router.add_get("/bevestigingen", receipts)
    app.router.add_get("/bevestigingen/{bevestiging_id:[0-9A-Za-z-]{1,64}}", receipt)
    app.router.add_post(
        "/bevestigingen/{bevestiging_id:[0-9A-Za-z-]{1,64}}/afhandelen", handle_receipt
    )
    app.router.add_get(f"/berichten/{_ID}", history)
    app.router.add_get(f"/conversaties/{_ID}", conversation)
    app.router.add_static("/static", HERE / "static", append_version=True)
    return app
