"""The whole exchange over real mutual TLS: submit, receipt, poll, fetch, acknowledge."""

from __future__ import annotations

import hashlib

import pytest

from gateway.client import verify_receipt
from tests.conftest import client
from tests.functional.helpers import (
    OTHER_PROVIDER,
    OTHER_ZK,
    PROVIDER,
    TYPES,
    ZK,
    check_receipt,
    envelope_for,
    gateway_signer_cert,
    kop_for,
    open_as,
    valid_examples,
)


@pytest.mark.parametrize("bericht_type", TYPES)
async def test_round_trip_from_provider_to_zorgkantoor_and_back(start, dev_pki, bericht_type):
    gw = await start(dev_pki)
    payload = valid_examples(bericht_type)[0].read_bytes()
    kop = kop_for(bericht_type, geadresseerde="5511")  # 5511 is one of zk-5509's regions
    envelope, kop = envelope_for(dev_pki, payload, kop=kop)

    async with client(gw, dev_pki, PROVIDER) as provider:
        resp = await provider.request("POST", "/v1/berichten", body=envelope)
        assert resp.status == 202, resp.body
        receipt = check_receipt(dev_pki, resp.body, envelope)
        assert receipt.soort == "Ontvangstbevestiging"
        assert receipt.status == "Geaccepteerd"
        assert receipt.traceer_id == kop.traceer_id

    async with client(gw, dev_pki, ZK) as zk:
        listing = (await zk.request("GET", "/v1/postvak")).json()["berichten"]
        assert [m["traceerId"] for m in listing] == [kop.traceer_id]
        entry = listing[0]
        assert entry["berichtType"] == bericht_type
        assert entry["afzender"] == "12345678"
        assert entry["geadresseerde"] == "5511"
        fetched = await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")
        assert fetched.status == 200
        assert hashlib.sha256(fetched.body).hexdigest() == entry["sha256"]
        assert len(fetched.body) == entry["grootte"]
        opened = open_as(dev_pki, ZK, fetched.body, zk.identity.trust())
        # The zorgkantoor gets the provider's signed bytes, untouched by the gateway.
        assert b"<Berichtkop" in opened.payload or b":Berichtkop" in opened.payload
        assert str(opened.signer_party) == "AGB-12345678"
        assert opened.kop.ontvangsttijdstip is not None
        ack = await zk.request("DELETE", f"/v1/postvak/{kop.traceer_id}")
        assert ack.status == 204
        assert (await zk.request("GET", "/v1/postvak")).json()["berichten"] == []
        assert (await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")).status == 404

    async with client(gw, dev_pki, PROVIDER) as provider:
        pending = (await provider.request("GET", "/v1/bevestigingen")).json()["bevestigingen"]
        assert [(r["soort"], r["status"]) for r in pending] == [
            ("Ontvangstbevestiging", "Geaccepteerd"),
            ("Afleverbevestiging", "Bezorgd"),
        ]
        aflever = await provider.request("GET", f"/v1/bevestigingen/{pending[1]['bevestigingId']}")
        info = verify_receipt(aflever.body, [gateway_signer_cert(dev_pki)])
        assert info.status == "Bezorgd"
        # Afleverbevestiging digests the delivery envelope the zorgkantoor fetched.
        assert info.digest == hashlib.sha256(fetched.body).digest()
        history = (await provider.request("GET", f"/v1/berichten/{kop.traceer_id}")).json()
        assert [h["status"] for h in history["historie"]] == ["Ontvangen", "Aangeboden", "Bezorgd"]
        assert history["status"] == "Bezorgd"
        for r in pending:
            assert (
                await provider.request("DELETE", f"/v1/bevestigingen/{r['bevestigingId']}")
            ).status == 204
        assert (await provider.request("GET", "/v1/bevestigingen")).json()["bevestigingen"] == []


async def test_inbox_lists_oldest_first_and_honours_limit(start, dev_pki):
    gw = await start(dev_pki)
    sent = []
    async with client(gw, dev_pki, PROVIDER) as provider:
        for _ in range(3):
            envelope, kop = envelope_for(dev_pki)
            assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 202
            sent.append(kop.traceer_id)
    async with client(gw, dev_pki, ZK) as zk:
        listing = (await zk.request("GET", "/v1/postvak")).json()["berichten"]
        assert [m["traceerId"] for m in listing] == sent
        limited = (await zk.request("GET", "/v1/postvak?limit=2")).json()["berichten"]
        assert [m["traceerId"] for m in limited] == sent[:2]
        # "%C2%B2" is "²": a digit to str.isdigit(), not to int().
        for bad in ("0", "-1", "abc", "%C2%B2", "9" * 5000):
            assert (await zk.request("GET", f"/v1/postvak?limit={bad}")).status == 400, bad


async def test_participants_never_see_each_others_resources(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as provider:
        receipt = check_receipt(
            dev_pki, (await provider.request("POST", "/v1/berichten", body=envelope)).body, envelope
        )
    tid = kop.traceer_id
    async with client(gw, dev_pki, OTHER_ZK) as other_zk:
        assert (await other_zk.request("GET", "/v1/postvak")).json()["berichten"] == []
        assert (await other_zk.request("GET", f"/v1/postvak/{tid}")).status == 404
        assert (await other_zk.request("DELETE", f"/v1/postvak/{tid}")).status == 404
    async with client(gw, dev_pki, OTHER_PROVIDER) as other:
        assert (await other.request("GET", f"/v1/berichten/{tid}")).status == 404
        assert (
            await other.request("GET", f"/v1/bevestigingen/{receipt.bevestiging_id}")
        ).status == 404
        assert (
            await other.request("DELETE", f"/v1/bevestigingen/{receipt.bevestiging_id}")
        ).status == 404
        assert (await other.request("GET", "/v1/bevestigingen")).json()["bevestigingen"] == []
        # Exactly as for an id that does not exist.
        missing = await other.request("GET", "/v1/berichten/00000000-0000-4000-8000-000000000000")
        assert missing.status == 404
    async with client(gw, dev_pki, ZK) as zk:
        # Every role sends and has receipts (issue 13), but a zorgkantoor cannot post
        # the provider's envelope (GW110), nor see the provider's receipts.
        posted = await zk.request("POST", "/v1/berichten", body=envelope)
        assert posted.status == 403
        assert b"<Code>GW110</Code>" in posted.body
        # Its listing holds only its own rejection, nothing of the provider's.
        listed = (await zk.request("GET", "/v1/bevestigingen")).json()["bevestigingen"]
        assert [(r["traceerId"], r["status"]) for r in listed] == [(tid, "Afgekeurd")]
        assert receipt.bevestiging_id not in {r["bevestigingId"] for r in listed}
        assert (
            await zk.request("GET", f"/v1/bevestigingen/{receipt.bevestiging_id}")
        ).status == 404
    async with client(gw, dev_pki, PROVIDER) as provider:
        # Every participant has an inbox; the provider's holds nothing of the zorgkantoor's.
        assert (await provider.request("GET", "/v1/postvak")).json()["berichten"] == []
        assert (await provider.request("GET", f"/v1/postvak/{tid}")).status == 404


async def test_deelnemer_and_certificaten(start, dev_pki):
    gw = await start(dev_pki)
    async with client(gw, dev_pki, ZK) as zk:
        me = (await zk.request("GET", "/v1/deelnemer")).json()
        assert me["rol"] == "concessiehouder"
        assert me["codes"] == ["5509", "5511", "5517"]
        assert len(me["certificaatSha256"]) == 64
        enc, sign = await zk.gateway_certificates()
        assert len(enc) == 1
        assert len(sign) == 1
    async with client(gw, dev_pki, "agb-87654321") as uzi_provider:
        # Identified through the UZI otherName, not a serialNumber.
        me = (await uzi_provider.request("GET", "/v1/deelnemer")).json()
        assert me["rol"] == "zorgaanbieder"
        assert me["codes"] == ["87654321"]


async def test_acknowledging_twice_issues_one_afleverbevestiging(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as provider:
        assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 202
    async with client(gw, dev_pki, ZK) as zk:
        assert (await zk.request("DELETE", f"/v1/postvak/{kop.traceer_id}")).status == 204
        assert (await zk.request("DELETE", f"/v1/postvak/{kop.traceer_id}")).status == 204
    async with client(gw, dev_pki, PROVIDER) as provider:
        pending = (await provider.request("GET", "/v1/bevestigingen")).json()["bevestigingen"]
        assert [r["soort"] for r in pending] == ["Ontvangstbevestiging", "Afleverbevestiging"]
