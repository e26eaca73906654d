"""GET /v1/openapi.json over mutual TLS, and the one not-found answer of the /v1 API."""

from __future__ import annotations

import json

import yaml

from gateway.web.openapi import DEFAULT_PATH
from tests.conftest import client
from tests.functional.helpers import (
    OTHER_PROVIDER,
    OTHER_ZK,
    PROVIDER,
    ZK,
    check_receipt,
    envelope_for,
)

NOT_FOUND = {"status": 404, "code": None, "omschrijving": "Niet gevonden."}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def test_any_participant_gets_the_openapi_document(start, dev_pki):
    gw = await start(dev_pki)
    expected = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    for party in (PROVIDER, ZK):
        async with client(gw, dev_pki, party) as c:
            resp = await c.request("GET", "/v1/openapi.json")
        assert resp.status == 200
        assert resp.content_type == "application/json"
        assert json.loads(resp.body) == expected


async def test_every_not_found_is_the_same_body_whether_or_not_the_id_exists(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as provider:
        sent = await provider.request("POST", "/v1/berichten", body=envelope)
        receipt = check_receipt(dev_pki, sent.body, envelope)
    tid, bid = kop.traceer_id, receipt.bevestiging_id
    answers = []
    async with client(gw, dev_pki, OTHER_PROVIDER) as other:
        for method, path in [
            ("GET", f"/v1/berichten/{tid}"),  # another provider's message
            ("GET", f"/v1/berichten/{UNKNOWN}"),  # no such message
            ("GET", "/v1/berichten/not-a-uuid"),
            ("GET", f"/v1/bevestigingen/{bid}"),  # another provider's receipt
            ("DELETE", f"/v1/bevestigingen/{bid}"),
            ("GET", f"/v1/bevestigingen/{UNKNOWN}"),
            ("DELETE", f"/v1/bevestigingen/{UNKNOWN}"),
            ("GET", "/v1/onbekend"),  # no such route
            ("GET", "/v2/berichten"),
            ("GET", "/"),
        ]:
            answers.append((method, path, await other.request(method, path)))
    async with client(gw, dev_pki, OTHER_ZK) as other_zk:
        for method, path in [
            ("GET", f"/v1/postvak/{tid}"),  # in another inbox
            ("DELETE", f"/v1/postvak/{tid}"),
            ("GET", f"/v1/postvak/{UNKNOWN}"),
            ("DELETE", f"/v1/postvak/{UNKNOWN}"),
        ]:
            answers.append((method, path, await other_zk.request(method, path)))
    bodies = {resp.body for _m, _p, resp in answers}
    for method, path, resp in answers:
        assert resp.status == 404, (method, path)
        assert resp.content_type == "application/json", (method, path)
        assert resp.json() == NOT_FOUND, (method, path)
    assert len(bodies) == 1  # byte for byte the same answer


async def test_a_method_the_path_lacks_is_405_with_allow_and_the_plain_body(start, dev_pki):
    gw = await start(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as provider:
        resp = await provider.request("PUT", "/v1/deelnemer")
    assert resp.status == 405
    body = resp.json()
    assert body["status"] == 405
    assert body["omschrijving"] == "Deze methode is hier niet toegestaan."


async def test_a_request_the_parser_refuses_gets_the_plain_body_without_an_echo(start, dev_pki):
    """Found by schemathesis: aiohttp answered a request line over 8190 bytes itself, in
    text/plain, quoting the request."""
    gw = await start(dev_pki)
    marker = "geheim" * 2000
    async with client(gw, dev_pki, ZK) as zk:
        refused = await zk.request("GET", f"/v1/postvak?limit={marker}")
    assert refused.status == 400
    assert refused.content_type == "application/json"
    assert refused.json() == {"status": 400, "omschrijving": "Ongeldig HTTP-verzoek."}
    assert b"geheim" not in refused.body
    async with client(gw, dev_pki, ZK) as zk:  # the gateway keeps serving
        assert (await zk.request("GET", "/v1/postvak")).status == 200
