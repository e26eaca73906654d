"""The desk application in process (aiohttp's test server on a real socket): what a person
sees when something unexpected fails, and how documents are rendered."""

from __future__ import annotations

from typing import Any

import structlog
from aiohttp import web

from gateway.client import Identity
from gateway.desk.app import DeskConfig, create_desk_app
from gateway.desk.security import COOKIE, DeskSecrets
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
            cookies={COOKIE: secrets.session},
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
