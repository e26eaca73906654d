"""Both directions over real mutual TLS (issue 13): zorgkantoren answer, providers have
an inbox, conversations are threaded, and who may send what is the registry's data."""

from __future__ import annotations

import hashlib
import uuid

from gateway.devpki import DevPki
from gateway.domain.envelope import Kop
from gateway.runtime import RunningGateway
from tests.conftest import client, example
from tests.functional.helpers import (
    OTHER_PROVIDER,
    OTHER_ZK,
    PROVIDER,
    ZK,
    check_receipt,
    codes,
    envelope_for,
    kop_for,
    open_as,
    post,
)

REACTIE = "reactie-op-meerzorgplan"
BESLUIT = "meerzorgbesluit"


def reactie_payload() -> bytes:
    return example(REACTIE, "valid-vragen.xml")


def besluit_payload() -> bytes:
    return example(BESLUIT, "valid-groep-toegekend-client-afgewezen.xml")


def answer_kop(bericht_type: str, plan: str, **changes: object) -> Kop:
    """A zorgkantoor's Kop: from 5509 to provider 12345678, in the plan's conversation."""
    fields: dict[str, object] = {
        "afzender": "5509",
        "geadresseerde": "12345678",
        "conversatie_id": plan,
        "als_antwoord_op": plan,
    }
    fields.update(changes)
    return kop_for(bericht_type, **fields)  # type: ignore[arg-type]


async def send_plan(gw: RunningGateway, pki: DevPki, geadresseerde: str = "5509") -> str:
    envelope, kop = envelope_for(pki, kop=kop_for(geadresseerde=geadresseerde))
    resp = await post(gw, pki, envelope)
    assert resp.status == 202, resp.body
    return kop.traceer_id


async def send_answer(
    gw: RunningGateway, pki: DevPki, kop: Kop, payload: bytes, *, party: str = ZK
) -> tuple[int, list[str], bytes]:
    """Post a zorgkantoor's message; the status and the codes of its verified receipt."""
    envelope, _kop = envelope_for(pki, payload, kop=kop, party=party)
    resp = await post(gw, pki, envelope, party=party)
    info = check_receipt(pki, resp.body, envelope)
    return resp.status, codes(info), envelope


async def test_plan_reactie_and_besluit_in_one_conversation(start, dev_pki):
    """The issue's "done when": both directions through the one pipeline."""
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)

    # The zorgkantoor fetches the plan, verifies the provider's signature, acknowledges.
    async with client(gw, dev_pki, ZK) as zk:
        fetched = await zk.request("GET", f"/v1/postvak/{plan}")
        assert fetched.status == 200
        signer = str(open_as(dev_pki, ZK, fetched.body, zk.identity.trust()).signer_party)
        assert signer == "AGB-12345678"
        assert (await zk.request("DELETE", f"/v1/postvak/{plan}")).status == 204

    # It answers with a reactie, and later a besluit, in the plan's conversation.
    reactie_kop = answer_kop(REACTIE, plan)
    status, found, _ = await send_answer(gw, dev_pki, reactie_kop, reactie_payload())
    assert (status, found) == (202, [])
    besluit_kop = answer_kop(BESLUIT, plan)
    status, found, _ = await send_answer(gw, dev_pki, besluit_kop, besluit_payload())
    assert (status, found) == (202, [])
    answers = [reactie_kop.traceer_id, besluit_kop.traceer_id]

    # The provider's inbox: both, oldest first; opened with its own key, the zorgkantoor's
    # signature verified; then acknowledged.
    async with client(gw, dev_pki, PROVIDER) as provider:
        listing = (await provider.request("GET", "/v1/postvak")).json()["berichten"]
        assert [m["traceerId"] for m in listing] == answers
        assert [m["berichtType"] for m in listing] == [REACTIE, BESLUIT]
        assert {(m["afzender"], m["geadresseerde"]) for m in listing} == {("5509", "12345678")}
        delivered = {}
        for entry in listing:
            got = await provider.request("GET", f"/v1/postvak/{entry['traceerId']}")
            assert got.status == 200
            assert hashlib.sha256(got.body).hexdigest() == entry["sha256"]
            opened = open_as(dev_pki, PROVIDER, got.body, provider.identity.trust())
            signer, payload = str(opened.signer_party), opened.payload
            assert signer == "ZK-5509"
            assert b"ZorgkantoorCode>5509<" in payload
            delivered[entry["traceerId"]] = got.body
            assert (
                await provider.request("DELETE", f"/v1/postvak/{entry['traceerId']}")
            ).status == 204
        assert (await provider.request("GET", "/v1/postvak")).json()["berichten"] == []
        seen_by_provider = (await provider.request("GET", f"/v1/conversaties/{plan}")).json()

    # The zorgkantoor's receipts: Ontvangst- and Afleverbevestiging for each answer.
    async with client(gw, dev_pki, ZK) as zk:
        pending = (await zk.request("GET", "/v1/bevestigingen")).json()["bevestigingen"]
        assert sorted((r["traceerId"], r["soort"], r["status"]) for r in pending) == sorted(
            [(tid, "Ontvangstbevestiging", "Geaccepteerd") for tid in answers]
            + [(tid, "Afleverbevestiging", "Bezorgd") for tid in answers]
        )
        for r in pending:
            got = await zk.request("GET", f"/v1/bevestigingen/{r['bevestigingId']}")
            info = (
                check_receipt(dev_pki, got.body, delivered[r["traceerId"]])
                if (r["soort"] == "Afleverbevestiging")
                else None
            )
            if info is not None:
                assert info.status == "Bezorgd"
            assert (
                await zk.request("DELETE", f"/v1/bevestigingen/{r['bevestigingId']}")
            ).status == 204
        seen_by_zk = (await zk.request("GET", f"/v1/conversaties/{plan.upper()}")).json()

    # The conversation view: all three, in order, with status and receipts (metadata only).
    for seen in (seen_by_provider, seen_by_zk):
        assert seen["conversatieId"] == plan
        assert [m["traceerId"] for m in seen["berichten"]] == [plan, *answers]
        assert [m["berichtType"] for m in seen["berichten"]] == ["meerzorgplan", REACTIE, BESLUIT]
        assert [m["status"] for m in seen["berichten"]] == ["Bezorgd"] * 3
    assert [m["richting"] for m in seen_by_provider["berichten"]] == [
        "verzonden",
        "ontvangen",
        "ontvangen",
    ]
    assert [m["richting"] for m in seen_by_zk["berichten"]] == [
        "ontvangen",
        "verzonden",
        "verzonden",
    ]
    plan_receipts = seen_by_provider["berichten"][0]["bevestigingen"]
    assert [(r["soort"], r["status"]) for r in plan_receipts] == [
        ("Ontvangstbevestiging", "Geaccepteerd"),
        ("Afleverbevestiging", "Bezorgd"),
    ]
    assert seen_by_provider["berichten"][1]["bevestigingen"] == []
    assert [len(m["bevestigingen"]) for m in seen_by_zk["berichten"]] == [0, 2, 2]

    # Isolation: another provider or concessiehouder sees nothing of it.
    for other in (OTHER_PROVIDER, OTHER_ZK):
        async with client(gw, dev_pki, other) as c:
            missing = await c.request("GET", f"/v1/conversaties/{plan}")
            assert missing.status == 404
            assert missing.json()["omschrijving"] == "Niet gevonden."
            assert (await c.request("GET", "/v1/postvak")).json()["berichten"] == []
            for tid in answers:
                assert (await c.request("GET", f"/v1/postvak/{tid}")).status == 404


async def test_provider_posting_a_besluit_gets_gw121(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for(BESLUIT)  # from provider 12345678 to 5509: a provider never decides
    envelope, _ = envelope_for(dev_pki, besluit_payload(), kop=kop)
    resp = await post(gw, dev_pki, envelope)
    assert resp.status == 422
    assert codes(check_receipt(dev_pki, resp.body, envelope)) == ["GW121"]
    async with client(gw, dev_pki, ZK) as zk:
        assert (await zk.request("GET", "/v1/postvak")).json()["berichten"] == []


async def test_zorgkantoor_posting_a_meerzorgplan_gets_gw121(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for("meerzorgplan", afzender="5509", geadresseerde="12345678")
    status, found, _ = await send_answer(
        gw, dev_pki, kop, example("meerzorgplan", "valid-individueel.xml")
    )
    assert (status, found) == (422, ["GW121"])


async def test_reactie_to_another_zorgkantoor_gets_gw502(start, dev_pki):
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)
    kop = answer_kop(REACTIE, plan, geadresseerde="5501")  # a zorgkantoor does not receive it
    status, found, _ = await send_answer(gw, dev_pki, kop, reactie_payload())
    assert (status, found) == (422, ["GW502"])
    async with client(gw, dev_pki, OTHER_ZK) as other:
        assert (await other.request("GET", "/v1/postvak")).json()["berichten"] == []


async def test_answer_without_conversatie_id_or_als_antwoord_op_gets_gw504(start, dev_pki):
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)
    for missing in ({"conversatie_id": None}, {"als_antwoord_op": None}):
        kop = answer_kop(REACTIE, plan, **missing)
        status, found, _ = await send_answer(gw, dev_pki, kop, reactie_payload())
        assert (status, found) == (422, ["GW504"]), missing


async def test_zorgkantoor_answering_a_conversation_it_is_not_in_gets_gw503(start, dev_pki):
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)  # to 5509 (zk-5509), not to zk-5501
    kop = answer_kop(REACTIE, plan, afzender="5501")
    status, found, _ = await send_answer(gw, dev_pki, kop, reactie_payload(), party=OTHER_ZK)
    assert (status, found) == (422, ["GW503"])
    async with client(gw, dev_pki, PROVIDER) as provider:
        assert (await provider.request("GET", "/v1/postvak")).json()["berichten"] == []
    # Nor does it see the conversation.
    async with client(gw, dev_pki, OTHER_ZK) as other:
        assert (await other.request("GET", f"/v1/conversaties/{plan}")).status == 404


async def test_als_antwoord_op_must_name_a_received_message_of_that_conversation(start, dev_pki):
    """GW503, one answer for each way it fails: an id nobody used, a message of another
    conversation, a message the answering zorgkantoor sent itself."""
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)
    other_plan = await send_plan(gw, dev_pki)
    reactie = answer_kop(REACTIE, plan)
    assert (await send_answer(gw, dev_pki, reactie, reactie_payload()))[:2] == (202, [])
    for changes in (
        {"als_antwoord_op": str(uuid.uuid4())},
        {"conversatie_id": other_plan},  # the plan, but named in the wrong conversation
        {"als_antwoord_op": reactie.traceer_id},  # its own reactie: it went this way
    ):
        kop = answer_kop(BESLUIT, plan, **changes)
        status, found, _ = await send_answer(gw, dev_pki, kop, besluit_payload())
        assert (status, found) == (422, ["GW503"]), changes


async def test_provider_naming_a_message_it_never_received_gets_gw503(start, dev_pki):
    """Any type: AlsAntwoordOp names a message the sender received (here its own plan)."""
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)
    kop = kop_for(als_antwoord_op=plan, conversatie_id=plan)
    envelope, _ = envelope_for(dev_pki, kop=kop)
    resp = await post(gw, dev_pki, envelope)
    assert resp.status == 422
    assert codes(check_receipt(dev_pki, resp.body, envelope)) == ["GW503"]


async def test_provider_answers_a_reactie_with_a_new_plan_in_the_conversation(start, dev_pki):
    """A provider answers the zorgkantoor's questions (heraanvraag) in the same conversation."""
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)
    reactie = answer_kop(REACTIE, plan)
    assert (await send_answer(gw, dev_pki, reactie, reactie_payload()))[:2] == (202, [])
    kop = kop_for(conversatie_id=plan, als_antwoord_op=reactie.traceer_id)
    envelope, _ = envelope_for(dev_pki, kop=kop)
    resp = await post(gw, dev_pki, envelope)
    assert resp.status == 202, resp.body
    async with client(gw, dev_pki, ZK) as zk:
        seen = (await zk.request("GET", f"/v1/conversaties/{plan}")).json()
        assert [m["traceerId"] for m in seen["berichten"]] == [
            plan,
            reactie.traceer_id,
            kop.traceer_id,
        ]


async def test_zorgkantoor_signing_with_another_partys_certificate_gets_gw211(start, dev_pki):
    """The signer must be the Afzender zorgkantoor code: zk-5501's signature on 5509's reactie."""
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)
    from gateway.client import build_envelope
    from tests.functional.helpers import gateway_enc, signer

    kop = answer_kop(REACTIE, plan)
    envelope, _ = build_envelope(
        reactie_payload(), kop, signer(dev_pki, OTHER_ZK), gateway_enc(dev_pki)
    )
    resp = await post(gw, dev_pki, envelope, party=ZK)
    assert resp.status == 422
    assert codes(check_receipt(dev_pki, resp.body, envelope)) == ["GW211"]


async def test_a_providers_inbox_leases_like_a_zorgkantoors(start, dev_pki):
    """Same listing, lease and acknowledge semantics for every inbox (one pipeline)."""
    gw = await start(dev_pki)
    plan = await send_plan(gw, dev_pki)
    reactie = answer_kop(REACTIE, plan)
    assert (await send_answer(gw, dev_pki, reactie, reactie_payload()))[:2] == (202, [])
    async with client(gw, dev_pki, PROVIDER) as provider:
        leased = (await provider.request("GET", "/v1/postvak?lease=60")).json()["berichten"]
        assert [m["traceerId"] for m in leased] == [reactie.traceer_id]
        assert "leaseTot" in leased[0]
        again = (await provider.request("GET", "/v1/postvak?lease=60")).json()["berichten"]
        assert again == []  # another poller of this inbox gets nothing while it is leased
        assert (await provider.request("GET", "/v1/postvak?lease=0")).status == 400
        ack = await provider.request("DELETE", f"/v1/postvak/{reactie.traceer_id}")
        assert ack.status == 204
        # Idempotent, and no second Afleverbevestiging.
        ack = await provider.request("DELETE", f"/v1/postvak/{reactie.traceer_id}")
        assert ack.status == 204
    async with client(gw, dev_pki, ZK) as zk:
        pending = (await zk.request("GET", "/v1/bevestigingen")).json()["bevestigingen"]
        assert sorted(r["soort"] for r in pending) == [
            "Afleverbevestiging",
            "Ontvangstbevestiging",
        ]
        history = (await zk.request("GET", f"/v1/berichten/{reactie.traceer_id}")).json()
        assert [h["status"] for h in history["historie"]] == ["Ontvangen", "Aangeboden", "Bezorgd"]
