"""The desk application in process (aiohttp's test server on a real socket): what a person
sees when something unexpected fails, and how documents are rendered."""

from __future__ import annotations

from typing import Any

import structlog
from aiohttp import web

from gateway.client import Identity
from gateway.desk.app import DeskConfig, create_desk_app
from gateway.desk.security import DeskSecrets, cookie_name
from gateway.devpki import DevPki


async def failing(request: web.Request) -> web.StreamResponse:
    raise RuntimeError("client 123456782 broke something")


async def test_an_unexpected_error_is_a_dutch_page_without_details(
    aiohttp_client: Any, dev_pki: DevPki
) -> None:
    identity = Identity.from_party_dir(dev_pki.root / "agb-12345678")
    secrets = DeskSecrets()
    app = create_desk_app(DeskConfig("https://localhost:1", identity, 0), secrets)
    app.router.add_get("/kapot", failing)
    client = await aiohttp_client(app)
    with structlog.testing.capture_logs() as logs:
        response = await client.get(
            "/kapot",
            cookies={cookie_name(0): secrets.session},
            headers={"Host": "127.0.0.1:0"},  # the address the desk was configured with
        )
        text = await response.text()
    assert response.status == 500
    assert "Er ging iets mis in de desk" in text
    assert "Traceback" not in text
    assert "123456782" not in text
    assert "RuntimeError" not in text
    errors = [e for e in logs if e["event"] == "desk_error"]
    assert errors == [{"event": "desk_error", "error": "RuntimeError", "log_level": "error"}]
    assert "123456782" not in repr(logs)


def render_document(example: str) -> str:
    from types import SimpleNamespace

    from gateway.desk.app import make_jinja
    from gateway.desk.documents import attachment_sizes, to_view
    from gateway.security.xmlparse import parse_untrusted
    from tests.conftest import SCHEMAS

    path = SCHEMAS / "meerzorgplan" / "1.0" / "examples" / example
    root = parse_untrusted(path.read_bytes()).getroot()
    opened = SimpleNamespace(kop=SimpleNamespace(traceer_id="ee5212ff-95fd-4a96-a4fe-e3aef1e2097f"))
    template = make_jinja().get_template("doc_meerzorgplan.html")
    return template.render(doc=to_view(root), opened=opened, sizes=attachment_sizes(root))


def test_a_plan_with_groups_reads_per_group_and_client_with_bsns_masked() -> None:
    import re

    html = render_document("valid-groepen.xml")
    assert "Groep GRP-LINDE-03" in html
    assert "Groep GRP-LINDE-04" in html
    assert "••••••333" in html
    # The full BSN is only inside the closed <details> a person opens on purpose.
    visible = re.sub(r'<span class="full">[0-9]+</span>', "", html)
    assert "111222333" not in visible
    assert '<span class="full">111222333</span>' in html


def test_attachments_are_listed_for_download() -> None:
    html = render_document("valid-met-bijlage.xml")
    assert "zorgplan-groep-kastanje.pdf" in html
    assert "/postvak/ee5212ff-95fd-4a96-a4fe-e3aef1e2097f/bijlage/0" in html


def test_a_type_without_its_own_template_is_shown_generically_with_bsns_masked() -> None:
    """How a later reactie or besluit opens before it has a template of its own."""
    from gateway.desk.app import make_jinja
    from gateway.desk.documents import sections, to_view
    from gateway.security.xmlparse import parse_untrusted

    root = parse_untrusted(
        b'<Reactie xmlns="urn:example:reactie"><Besluit>akkoord</Besluit>'
        b"<Client><Bsn>123456782</Bsn></Client><Toelichting>Prima plan.</Toelichting></Reactie>"
    ).getroot()
    html = make_jinja().get_template("doc_generic.html").render(sections=sections(to_view(root)))
    assert "akkoord" in html
    assert "Prima plan." in html
    assert "••••••782" in html


async def test_an_attachment_over_5_mb_is_refused_at_its_field(
    aiohttp_client: Any, dev_pki: DevPki
) -> None:
    import io

    import aiohttp

    identity = Identity.from_party_dir(dev_pki.root / "agb-12345678")
    secrets = DeskSecrets()
    client = await aiohttp_client(
        create_desk_app(DeskConfig("https://localhost:1", identity, 0), secrets)
    )
    session = {"cookies": {cookie_name(0): secrets.session}, "headers": {"Host": "127.0.0.1:0"}}
    new = await client.get("/nieuw/meerzorgplan", allow_redirects=False, **session)
    assert new.status == 303
    form = aiohttp.FormData()
    form.add_field("csrf", secrets.csrf_token())
    form.add_field("actie", "controleren")
    form.add_field("bijlage", io.BytesIO(b"x" * (5 * 1024 * 1024 + 1)), filename="groot.pdf")
    response = await client.post(new.headers["Location"], data=form, **session)
    text = await response.text()
    assert response.status == 422
    assert "groter dan 5 MB" in text
    assert "groot.pdf (" not in text  # not added to the draft
