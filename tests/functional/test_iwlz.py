"""iWlz 2.2 messages, the standard's own documents, over real mutual TLS.

A provider posts an AW35 built from the standard (signed and encrypted as in protocol
5): 202. The same with one of the standard's rules broken: 422 with Meldingen naming
the iWlz rule codes at their locations. The zorgkantoor fetches the delivery and,
after removing the signature, holds the original document (canonically equal).
One test uses xmlsec1 and curl as the provider's whole stack.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from gateway.config import load_gateway_config
from gateway.devpki import DevPki, GatewayConfigSpec, render_gateway_toml
from gateway.domain.envelope import Kop
from gateway.runtime import start_gateway
from gateway.security.xmldsig import sign_document
from gateway.security.xmlparse import parse_untrusted
from tests.conftest import REPO, SCHEMAS, client, require_tool
from tests.functional.helpers import (
    PROVIDER,
    PROVIDER_AGB,
    ZK,
    check_receipt,
    codes,
    kop_for,
    open_as,
    signer,
    wrap,
)

DS = "http://www.w3.org/2000/09/xmldsig#"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AW35 = SCHEMAS / "iwlz-aw35" / "5.2" / "examples"
AW39 = SCHEMAS / "iwlz-aw39" / "5.2" / "examples"


def dated(example: Path, today: date) -> bytes:
    """The example with its dates moved to ``today`` (the Dagtekening must be the
    Aanmaaktijdstip's date), keeping their order; the layout (and lines) unchanged."""
    root = parse_untrusted(example.read_bytes()).getroot()
    shift = {
        "Dagtekening": today,
        "ToewijzingIngangsdatum": today - timedelta(days=21),
        "Begindatum": today - timedelta(days=6),
        "Mutatiedatum": today - timedelta(days=2),
    }
    for el in root.iter():
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if name in shift and el.text and el.text.strip() <= "2026-11-22":
            el.text = shift[name].isoformat()
    return bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8"))


def iwlz_kop(bericht_type: str = "iwlz-aw35", **changes: object) -> Kop:
    return kop_for(bericht_type, **{"geadresseerde": "5509", "bericht_versie": "5.2", **changes})  # type: ignore[arg-type]


def today_in_amsterdam(kop: Kop) -> date:
    return kop.aanmaaktijdstip.astimezone(AMSTERDAM).date()


def envelope(pki: DevPki, kop: Kop, document: bytes) -> tuple[bytes, bytes]:
    """Sign the standard's document as it is (signature appended) and encrypt it."""
    signed = sign_document(parse_untrusted(document).getroot(), signer(pki))
    return wrap(pki, kop, signed), signed


def without_signature(payload: bytes) -> bytes:
    """What a zorgkantoor does to get the standard's document back: drop ds:Signature."""
    root = parse_untrusted(payload).getroot()
    signature = root.find(f"{{{DS}}}Signature")
    assert signature is not None
    root.remove(signature)
    return c14n(root)


def c14n(root: etree._Element) -> bytes:
    return etree.tostring(root, method="c14n")


async def post(gw, pki: DevPki, body: bytes):  # type: ignore[no-untyped-def]
    async with client(gw, pki, PROVIDER) as provider:
        return await provider.request("POST", "/v1/berichten", body=body)


@pytest.mark.parametrize(
    ("bericht_type", "example"),
    [
        ("iwlz-aw35", AW35 / "valid-zorgzwaartepakket.xml"),
        ("iwlz-aw39", AW39 / "valid-overlijden.xml"),
    ],
)
async def test_iwlz_message_is_accepted_and_delivered_as_the_original_document(
    start, dev_pki, bericht_type, example
):
    gw = await start(dev_pki)
    kop = iwlz_kop(bericht_type)
    document = dated(example, today_in_amsterdam(kop))
    body, signed = envelope(dev_pki, kop, document)

    resp = await post(gw, dev_pki, body)

    assert resp.status == 202, resp.body
    assert check_receipt(dev_pki, resp.body, body).status == "Geaccepteerd"
    async with client(gw, dev_pki, ZK) as zk:
        listing = (await zk.request("GET", "/v1/postvak")).json()["berichten"]
        assert [(m["traceerId"], m["berichtType"], m["berichtVersie"]) for m in listing] == [
            (kop.traceer_id, bericht_type, "5.2")
        ]
        fetched = await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")
        assert fetched.status == 200
        opened = open_as(dev_pki, ZK, fetched.body, zk.identity.trust())
        assert str(opened.signer_party) == f"AGB-{PROVIDER_AGB}"
        assert opened.payload == signed  # the provider's signed bytes, untouched
        # Without its signature, the standard's own document: canonically the original.
        assert without_signature(opened.payload) == c14n(parse_untrusted(document).getroot())
        assert (await zk.request("DELETE", f"/v1/postvak/{kop.traceer_id}")).status == 204


async def test_broken_iwlz_rule_gets_422_naming_the_standards_code_at_its_location(start, dev_pki):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    example = AW35 / "invalid-GW441-cs062-leveringsstatus-niet-in-zorg.xml"
    body, _signed = envelope(dev_pki, kop, dated(example, today_in_amsterdam(kop)))

    resp = await post(gw, dev_pki, body)

    assert resp.status == 422, resp.body
    receipt = check_receipt(dev_pki, resp.body, body)
    assert receipt.status == "Afgekeurd"
    assert receipt.meldingen == [
        {
            "Code": "GW441",
            "Ernst": "fout",
            "Omschrijving": "CS062: 4 (In zorg) vullen",
            "Locatie": "/Bericht/Clienten/Client/GeleverdeZorgzwaartepakketten"
            "/GeleverdZorgzwaartepakket/Leveringsstatus (regel 39)",
        }
    ]
    async with client(gw, dev_pki, ZK) as zk:
        assert (await zk.request("GET", "/v1/postvak")).json()["berichten"] == []


async def test_several_broken_rules_each_give_their_own_melding(start, dev_pki):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    document = dated(AW35 / "invalid-GW441-tr101-client-dubbel.xml", today_in_amsterdam(kop))
    document = document.replace(b"<Leveringsstatus>4<", b"<Leveringsstatus>3<", 1)
    body, _signed = envelope(dev_pki, kop, document)

    resp = await post(gw, dev_pki, body)

    assert resp.status == 422, resp.body
    receipt = check_receipt(dev_pki, resp.body, body)
    found = sorted(m["Omschrijving"].split(":")[0] for m in receipt.meldingen)
    assert found == ["CS062", "TR101"]
    assert set(codes(receipt)) == {"GW441"}
    # No value from the document in any Melding (the BSN appears twice in it).
    assert b"999990019" not in resp.body


@pytest.mark.parametrize(
    ("change", "locatie"),
    [
        (
            {"geadresseerde": "5511"},
            "/Bericht/Header/Ontvanger (regel 8)",
        ),  # zk-5509 holds 5511 too
        ({"afzender": "87654321"}, None),  # not the TLS client: GW110 first
    ],
)
async def test_envelope_kop_must_equal_the_documents_header(start, dev_pki, change, locatie):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    document = dated(AW35 / "valid-zorgzwaartepakket.xml", today_in_amsterdam(kop))
    body, _signed = envelope(dev_pki, replace(kop, **change), document)

    resp = await post(gw, dev_pki, body)

    receipt = check_receipt(dev_pki, resp.body, body)
    if locatie is None:
        assert (resp.status, codes(receipt)) == (403, ["GW110"])
        return
    assert (resp.status, codes(receipt)) == (422, ["GW220"])
    assert receipt.meldingen[0]["Locatie"] == locatie


async def test_dagtekening_must_be_the_aanmaaktijdstips_date_in_amsterdam(start, dev_pki):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    yesterday = today_in_amsterdam(kop) - timedelta(days=1)
    body, _signed = envelope(dev_pki, kop, dated(AW35 / "valid-zorgzwaartepakket.xml", yesterday))

    resp = await post(gw, dev_pki, body)

    assert resp.status == 422, resp.body
    receipt = check_receipt(dev_pki, resp.body, body)
    assert codes(receipt) == ["GW220"]
    assert "Dagtekening" in receipt.meldingen[0]["Omschrijving"]
    assert receipt.meldingen[0]["Locatie"].startswith(
        "/Bericht/Header/BerichtIdentificatie/Dagtekening"
    )


async def test_dagtekening_is_the_dutch_date_just_after_midnight_utc(start, dev_pki):
    # 23:30 UTC on a winter day is 00:30 the next day in Amsterdam: that is the Dagtekening.
    gw = await start(dev_pki)
    now = datetime.now(UTC)
    late = now.replace(hour=23, minute=30, second=0, microsecond=0)
    if late > now:
        late -= timedelta(days=1)
    kop = iwlz_kop(now=late)
    dutch = late.astimezone(AMSTERDAM).date()
    assert dutch != late.date()
    body, _signed = envelope(dev_pki, kop, dated(AW35 / "valid-zorgzwaartepakket.xml", dutch))

    resp = await post(gw, dev_pki, body)

    assert resp.status == 202, resp.body


async def test_wrong_version_and_malformed_iwlz_documents_get_clear_codes(start, dev_pki):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    today = today_in_amsterdam(kop)
    valid = dated(AW35 / "valid-zorgzwaartepakket.xml", today)
    cases = [
        # BerichtSubversie 1 (iWlz 2.1) against a Kop saying 5.2: the Header is the truth.
        (valid.replace(b"<BerichtSubversie>2<", b"<BerichtSubversie>1<"), iwlz_kop(), ["GW220"]),
        # A version the gateway does not know at all.
        (valid, iwlz_kop(bericht_versie="5.1"), ["GW120"]),
        # Schema-invalid: a BSN of eight digits.
        (valid.replace(b"<Bsn>999990019<", b"<Bsn>99999001<"), iwlz_kop(), ["GW301"]),
        # An AW39 document sent as an AW35.
        (dated(AW39 / "valid-overlijden.xml", today), iwlz_kop(), ["GW220"]),
    ]
    for document, case_kop, expected in cases:
        body, _signed = envelope(dev_pki, case_kop, document)
        resp = await post(gw, dev_pki, body)
        assert resp.status == 422, resp.body
        assert codes(check_receipt(dev_pki, resp.body, body)) == expected
    # The gateway keeps serving.
    body, _signed = envelope(dev_pki, iwlz_kop(), valid)
    assert (await post(gw, dev_pki, body)).status == 202


# --- xmlsec1 and curl as the provider's whole stack --------------------------------------


@pytest.mark.xmlsec1
async def test_aw35_signed_and_encrypted_with_xmlsec1_is_accepted(start, fresh_pki, tmp_path):
    from tests.functional.test_interop_xmlsec1 import (
        RSA_SHA256,
        curl,
        fill,
        run,
        xmlsec1_encrypt,
        xmlsec1_verify,
    )

    for tool in ("xmlsec1", "curl", "openssl"):
        require_tool(tool)
    gw = await start(fresh_pki)
    work = tmp_path / "work"
    work.mkdir()
    now = datetime.now(UTC)
    values = {
        "TRACEER_ID": str(uuid.uuid4()),
        "BERICHT_TYPE": "iwlz-aw35",
        "BERICHT_VERSIE": "5.2",
        "AFZENDER": PROVIDER_AGB,
        "GEADRESSEERDE": "5509",
        "AANMAAKTIJDSTIP": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "SIGNATURE_METHOD": RSA_SHA256,
    }
    document = dated(AW35 / "valid-zorgzwaartepakket.xml", now.astimezone(AMSTERDAM).date())
    # The standard's document with the signature template as its last child.
    head, _end = document.rsplit(b"</Bericht>", 1)
    template = work / "payload-template.xml"
    # No whitespace around it: removing the signature then gives the document back exactly.
    template.write_bytes(head + fill("signature.xml", values).strip() + b"</Bericht>\n")
    signed = work / "payload.xml"
    party = fresh_pki.root / PROVIDER
    done = await run(
        "xmlsec1", "sign", "--privkey-pem", f"{party / 'sign.key'},{party / 'sign.crt'}",
        "--output", signed, template,
    )  # fmt: skip
    assert done.returncode == 0, done
    assert (await xmlsec1_verify(fresh_pki, signed)).returncode == 0
    body = await xmlsec1_encrypt(fresh_pki, work, signed, values)

    status, answer = await curl(
        gw, fresh_pki, PROVIDER, "POST", "/v1/berichten",
        "-H", "Content-Type: application/xml", "--data-binary", f"@{work / 'envelope.xml'}",
    )  # fmt: skip

    assert status == 202, answer
    assert check_receipt(fresh_pki, answer, body).status == "Geaccepteerd"
    # The zorgkantoor with curl and xmlsec1 only: decrypt, verify, and the standard's
    # document is what is left once the signature is dropped.
    status, delivery = await curl(gw, fresh_pki, ZK, "GET", f"/v1/postvak/{values['TRACEER_ID']}")
    assert status == 200, delivery
    (work / "delivery.xml").write_bytes(delivery)
    zk = fresh_pki.root / ZK
    done = await run(
        "xmlsec1", "decrypt", "--privkey-pem", f"{zk / 'enc.key'},{zk / 'enc.crt'}",
        "--output", work / "received.xml", work / "delivery.xml",
    )  # fmt: skip
    assert done.returncode == 0, done
    assert (work / "received.xml").read_bytes() == signed.read_bytes()
    assert (await xmlsec1_verify(fresh_pki, work / "received.xml")).returncode == 0
    assert without_signature(signed.read_bytes()) == c14n(parse_untrusted(document).getroot())


def test_a_broken_vendored_stylesheet_stops_serve_naming_the_file(fresh_pki, tmp_path):
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    broken = schemas / "iwlz/2.2/iWlz-Xslt/xslt-validatie/wlz/2_2/rules/TR100.xsl"
    broken.write_text(broken.read_text().replace("</xsl:stylesheet>", ""))

    done = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--config", str(fresh_pki.root / "gateway.toml"),
         "--port", "0", "--ops-port", "0", "--data-dir", str(tmp_path / "data"), "--migrate"],
        env={**os.environ, "MEERZORG_SCHEMAS": str(schemas)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert done.returncode == 2, done
    assert "cannot start the gateway: message types:" in done.stderr
    assert "TR100.xsl" in done.stderr
    assert "Traceback" not in done.stderr


async def test_an_identificatie_is_accepted_once_per_sender_and_type(start, dev_pki):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    document = dated(AW35 / "valid-zorgzwaartepakket.xml", today_in_amsterdam(kop))
    body, _signed = envelope(dev_pki, kop, document)
    assert (await post(gw, dev_pki, body)).status == 202
    # The very same envelope again: 200 and the original receipt, as for every type.
    assert (await post(gw, dev_pki, body)).status == 200

    # Another message (new TraceerId, other content) under the same Identificatie.
    second = iwlz_kop()
    changed = document.replace(b"<Behandeling>1<", b"<Behandeling>2<")
    body2, _signed = envelope(dev_pki, second, changed)
    resp = await post(gw, dev_pki, body2)

    assert resp.status == 409, resp.body
    receipt = check_receipt(dev_pki, resp.body, body2)
    assert (receipt.status, codes(receipt)) == ("Afgekeurd", ["GW141"])
    # A new Identificatie is a new message.
    body3, _signed = envelope(dev_pki, iwlz_kop(), changed.replace(b"AW35-000001", b"AW35-000002"))
    assert (await post(gw, dev_pki, body3)).status == 202
    async with client(gw, dev_pki, ZK) as zk:
        listing = (await zk.request("GET", "/v1/postvak")).json()["berichten"]
        assert [m["traceerId"] for m in listing] == [kop.traceer_id, listing[1]["traceerId"]]
        assert second.traceer_id not in {m["traceerId"] for m in listing}


async def test_a_deployments_hooks_make_tr100_refuse_a_zorgkantoor_of_another_contract(
    dev_pki, tmp_path
):
    hooks = tmp_path / "hooks"
    shutil.copytree(REPO / "docs" / "examples" / "iwlz-hooks", hooks)
    # The dev PKI's own configuration, next to its certificates, plus the hooks folder.
    config_file = dev_pki.root / f"gateway-hooks-{os.getpid()}.toml"
    config_file.write_text(
        render_gateway_toml(
            replace(GatewayConfigSpec(), port=0, ops_port=0, data_dir=str(tmp_path / "data"))
        )
        + f'\n[message_types]\nhooks = "{hooks}"\n'
    )
    gw = await start_gateway(load_gateway_config(config_file), migrate=True)
    try:
        kop = iwlz_kop()
        document = dated(AW35 / "valid-zorgzwaartepakket.xml", today_in_amsterdam(kop))
        body, _signed = envelope(dev_pki, kop, document)
        assert (await post(gw, dev_pki, body)).status == 202
        # 5501 belongs to another concessiehouder: routable, but not this provider's contract.
        other = iwlz_kop(geadresseerde="5501")
        moved = document.replace(b"<Ontvanger>5509<", b"<Ontvanger>5501<").replace(
            b"AW35-000001", b"AW35-000002"
        )
        body, _signed = envelope(dev_pki, other, moved)

        resp = await post(gw, dev_pki, body)

        assert resp.status == 422, resp.body
        receipt = check_receipt(dev_pki, resp.body, body)
        assert codes(receipt) == ["GW441"]
        assert receipt.meldingen[0]["Omschrijving"].startswith("TR100: ")
    finally:
        await gw.stop()


async def test_our_client_sends_the_standards_document_without_a_berichtkop(start, dev_pki):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    document = dated(AW35 / "valid-zorgzwaartepakket.xml", today_in_amsterdam(kop))

    async with client(gw, dev_pki, PROVIDER) as provider:
        resp, receipt, _envelope = await provider.send(document, kop)

    assert resp.status == 202, resp.body
    assert receipt is not None
    assert receipt.status == "Geaccepteerd"


async def test_no_bsn_or_name_of_an_iwlz_message_in_logs_receipts_or_files(
    start, fresh_pki, captured_logs
):
    gw = await start(fresh_pki)
    kop = iwlz_kop()
    today = today_in_amsterdam(kop)
    accepted, _ = envelope(fresh_pki, kop, dated(AW35 / "valid-twee-clienten.xml", today))
    bad_kop = iwlz_kop()
    bad = dated(AW35 / "invalid-GW441-cs002-bsn-elfproef.xml", today)
    rejected, _ = envelope(fresh_pki, bad_kop, bad.replace(b"AW35-000001", b"AW35-000003"))
    answers = [await post(gw, fresh_pki, accepted), await post(gw, fresh_pki, rejected)]
    assert [a.status for a in answers] == [202, 422]
    secrets = [b"999990019", b"999990020", b"999990018", b"Testpersoon", b"1940-03-01"]

    for answer in answers:
        assert not [s for s in secrets if s in answer.body], answer.body
    assert {"GW000", "GW441"} <= {e.get("code") for e in captured_logs.entries}
    logged = repr(captured_logs.entries).encode()
    assert not [s for s in secrets if s in logged]
    await gw.stop()
    gw.ctx.audit = None  # stopped: the fixture's stop must not close it twice
    for path in (p for p in gw.config.data_dir.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert not [s for s in secrets if s in data], path.name


async def test_a_rule_set_failing_at_run_time_is_422_for_that_message_only(
    start, dev_pki, tmp_path, monkeypatch
):
    # A copy of the schemas whose CS062 stylesheet stops the transformation on AW35 input.
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    cs062 = schemas / "iwlz/2.2/iWlz-Xslt/xslt-validatie/wlz/2_2/constraints/CS062.xsl"
    text = cs062.read_text()
    marker = (
        '<xsl:template match="aw35:GeleverdZorgzwaartepakket/aw35:Leveringsstatus" mode="CS062">'
    )
    assert marker in text
    cs062.write_text(text.replace(marker, marker + '<xsl:message terminate="yes">x</xsl:message>'))
    monkeypatch.setenv("MEERZORG_SCHEMAS", str(schemas))
    gw = await start(dev_pki)
    kop = iwlz_kop()
    body, _signed = envelope(
        dev_pki, kop, dated(AW35 / "valid-zorgzwaartepakket.xml", today_in_amsterdam(kop))
    )

    resp = await post(gw, dev_pki, body)

    assert resp.status == 422, resp.body
    receipt = check_receipt(dev_pki, resp.body, body)
    assert (receipt.status, codes(receipt)) == ("Afgekeurd", ["GW303"])
    # The gateway keeps serving: an AW39 (its own stylesheet) goes through.
    kop39 = iwlz_kop("iwlz-aw39")
    body39, _signed = envelope(
        dev_pki, kop39, dated(AW39 / "valid-overlijden.xml", today_in_amsterdam(kop39))
    )
    assert (await post(gw, dev_pki, body39)).status == 202


async def test_a_document_over_the_element_cap_gets_gw302_without_running_the_rule_set(
    start, dev_pki
):
    gw = await start(dev_pki)
    kop = iwlz_kop()
    document = dated(AW35 / "valid-zorgzwaartepakket.xml", today_in_amsterdam(kop))
    root = parse_untrusted(document).getroot()
    clienten = root[1]
    template = clienten[0]
    number = 100_000_000
    while len(clienten) < 300:  # about 6,300 elements, over max_elementen (5,000)
        number += 1
        digits = f"{number:09d}"
        if sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True)) % 11:
            continue
        client_el = copy.deepcopy(template)
        client_el[0].text = digits
        clienten.append(client_el)
    big = bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8"))
    body, _signed = envelope(dev_pki, kop, big)

    resp = await post(gw, dev_pki, body)

    assert resp.status == 422, resp.body
    receipt = check_receipt(dev_pki, resp.body, body)
    assert codes(receipt) == ["GW302"]
    assert receipt.meldingen[0]["Locatie"] == "/Bericht (regel 2)"


AW33 = SCHEMAS / "iwlz-aw33" / "5.2" / "examples"


async def test_aw33_goes_from_the_zorgkantoor_to_the_provider(start, dev_pki):
    """Issue 13: AW33 (toewijzing) travels zorgkantoor -> zorgaanbieder; its Header's
    Afzender is the zorgkantoor code, as the registry declares for this type."""
    gw = await start(dev_pki)
    kop = iwlz_kop("iwlz-aw33", afzender="5509", geadresseerde=PROVIDER_AGB)
    document = dated(AW33 / "valid-toewijzing-zorgzwaartepakket.xml", today_in_amsterdam(kop))
    signed = sign_document(parse_untrusted(document).getroot(), signer(dev_pki, ZK))
    body = wrap(dev_pki, kop, signed)
    async with client(gw, dev_pki, ZK) as zk:
        resp = await zk.request("POST", "/v1/berichten", body=body)
    assert resp.status == 202, resp.body
    assert check_receipt(dev_pki, resp.body, body).status == "Geaccepteerd"
    async with client(gw, dev_pki, PROVIDER) as provider:
        listing = (await provider.request("GET", "/v1/postvak")).json()["berichten"]
        assert [(m["berichtType"], m["afzender"], m["geadresseerde"]) for m in listing] == [
            ("iwlz-aw33", "5509", PROVIDER_AGB)
        ]
        fetched = await provider.request("GET", f"/v1/postvak/{kop.traceer_id}")
        opened = open_as(dev_pki, PROVIDER, fetched.body, provider.identity.trust())
        assert str(opened.signer_party) == "ZK-5509"
        assert without_signature(opened.payload) == c14n(parse_untrusted(document).getroot())
        assert (await provider.request("DELETE", f"/v1/postvak/{kop.traceer_id}")).status == 204


async def test_aw33_from_a_provider_gets_gw121(start, dev_pki):
    """Which role sends an iWlz type is data: a provider cannot send a toewijzing."""
    gw = await start(dev_pki)
    kop = iwlz_kop("iwlz-aw33")
    document = dated(AW33 / "valid-toewijzing-zorgzwaartepakket.xml", today_in_amsterdam(kop))
    body, _signed = envelope(dev_pki, kop, document)
    resp = await post(gw, dev_pki, body)
    assert resp.status == 422
    assert codes(check_receipt(dev_pki, resp.body, body)) == ["GW121"]


async def test_aw33_breaking_a_rule_of_the_standard_gets_gw495(start, dev_pki):
    gw = await start(dev_pki)
    kop = iwlz_kop("iwlz-aw33", afzender="5509", geadresseerde=PROVIDER_AGB)
    document = dated(AW33 / "invalid-GW495-cd052-opname-ontbreekt.xml", today_in_amsterdam(kop))
    signed = sign_document(parse_untrusted(document).getroot(), signer(dev_pki, ZK))
    body = wrap(dev_pki, kop, signed)
    async with client(gw, dev_pki, ZK) as zk:
        resp = await zk.request("POST", "/v1/berichten", body=body)
    assert resp.status == 422
    info = check_receipt(dev_pki, resp.body, body)
    assert codes(info) == ["GW495"]
    assert info.meldingen[0]["Omschrijving"].startswith("CD052: ")
    async with client(gw, dev_pki, PROVIDER) as provider:
        assert (await provider.request("GET", "/v1/postvak")).json()["berichten"] == []
