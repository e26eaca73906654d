"""Every code of protocol section 7, proven over a real mutual-TLS gateway.

Each test posts one deliberately wrong envelope and checks the answer the
protocol promises (section 3): the HTTP status; before a parsed envelope a plain
JSON body with the code; after it a signed Ontvangstbevestiging (signature and
BerichtDigest checked the way a provider must), Status ``Afgekeurd``, the code
in its Meldingen, and nothing in any inbox. Where cheap, the same gateway then
still accepts a valid message.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import re
import tomllib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gateway.client import Identity, ReceiptInfo, Response, add_berichtkop
from gateway.devpki import DevCA, DevPki, Purpose, render_participants_toml, write_dev_pki
from gateway.domain.envelope import Kop
from gateway.runtime import RunningGateway
from gateway.security import xmlenc
from gateway.security.keys import KeyPair, load_certificate
from tests.conftest import SCHEMAS, FakeClock, client, url
from tests.functional.helpers import (
    DS,
    NSMAP,
    OTHER_PROVIDER,
    OTHER_ZK,
    PROVIDER,
    TYPES,
    XML,
    ZK,
    after_declaration,
    assert_plain_error,
    check_receipt,
    codes,
    envelope_for,
    first_valid,
    kop_for,
    post,
    rewrite,
    set_attribute,
    sign_payload,
    signer,
    wrap,
)

# The rule examples are designed for receipt at this moment (schemas/README.md).
EXAMPLES_RECEIVED_AT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


# --- fixtures and helpers ---------------------------------------------------------


@pytest.fixture(scope="module")
def pinned_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """A dev PKI whose certificates and CRL are already valid at EXAMPLES_RECEIVED_AT.

    The session PKI is made "now" (valid from one hour ago); a gateway whose clock
    stands at the examples' receive time would find every certificate not yet
    valid and the CRL from the future. This one is made an hour before the
    earlier of that moment and the real time, and its CRL stays current well past
    both, so TLS (real time) and the gateway's checks (fake time) both pass.
    """
    real_now = datetime.now(UTC).replace(microsecond=0)
    made = min(real_now, EXAMPLES_RECEIVED_AT) - timedelta(hours=1)
    pki = write_dev_pki(tmp_path_factory.mktemp("pinned-pki"), now=made)
    crl = pki.ca.crl(
        this_update=made, next_update=max(real_now, EXAMPLES_RECEIVED_AT) + timedelta(days=30)
    )
    pki.crl.write_bytes(crl.public_bytes(Encoding.PEM))
    return pki


async def inboxes(gw: RunningGateway, pki: DevPki) -> dict[str, list[str]]:
    """TraceerIds waiting in both demo inboxes."""
    result = {}
    for zk in (ZK, OTHER_ZK):
        async with client(gw, pki, zk) as c:
            resp = await c.request("GET", "/v1/postvak")
            assert resp.status == 200, resp.body
            result[zk] = [m["traceerId"] for m in resp.json()["berichten"]]
    return result


async def assert_nothing_stored(gw: RunningGateway, pki: DevPki) -> None:
    assert await inboxes(gw, pki) == {ZK: [], OTHER_ZK: []}


async def assert_still_serves(gw: RunningGateway, pki: DevPki) -> None:
    """A valid message is accepted by the same gateway afterwards."""
    envelope, kop = envelope_for(pki, kop=kop_for(now=gw.ctx.clock.now()))
    resp = await post(gw, pki, envelope)
    assert resp.status == 202, resp.body
    assert check_receipt(pki, resp.body, envelope).status == "Geaccepteerd"
    assert kop.traceer_id in (await inboxes(gw, pki))[ZK]


async def assert_rejected(
    gw: RunningGateway,
    pki: DevPki,
    resp: Response,
    envelope: bytes,
    code: str,
    *,
    status: int = 422,
    then_accepts: bool = True,
) -> ReceiptInfo:
    """A signed Afgekeurd receipt for exactly what was sent, with ``code``; nothing stored."""
    assert resp.status == status, resp.body
    assert resp.content_type == XML
    info = check_receipt(pki, resp.body, envelope)
    assert info.soort == "Ontvangstbevestiging"
    assert info.status == "Afgekeurd"
    assert code in codes(info), info.meldingen
    assert all(m["Ernst"] in ("fout", "waarschuwing") for m in info.meldingen)
    await assert_nothing_stored(gw, pki)
    if then_accepts:
        await assert_still_serves(gw, pki)
    return info


def identity(pki: DevPki, party: str = PROVIDER) -> Identity:
    return Identity.from_party_dir(pki.root / party)


def melding_text(info: ReceiptInfo) -> str:
    return " ".join(v for m in info.meldingen for v in m.values())


# --- GW101: envelope not well-formed or not schema-valid (400, plain) -------------


async def test_rejects_not_well_formed_envelope_with_gw101(start, dev_pki):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    resp = await post(gw, dev_pki, envelope[: len(envelope) // 2])
    assert_plain_error(resp, 400, "GW101")
    await assert_nothing_stored(gw, dev_pki)
    await assert_still_serves(gw, dev_pki)


async def test_rejects_schema_invalid_envelope_with_gw101(start, dev_pki):
    gw = await start(dev_pki)
    # The schema checks the form of codes: an AGB code has 8 digits.
    envelope, _kop = envelope_for(dev_pki, kop=kop_for(afzender="1234567"))
    resp = await post(gw, dev_pki, envelope)
    assert_plain_error(resp, 400, "GW101")
    await assert_nothing_stored(gw, dev_pki)


async def test_rejects_xml_that_is_not_an_envelope_with_gw101(start, dev_pki):
    gw = await start(dev_pki)
    resp = await post(gw, dev_pki, first_valid())
    assert_plain_error(resp, 400, "GW101")


# --- GW102: DOCTYPE, entity declaration, processing instruction ------------------

_BILLION_LAUGHS = (
    '<!DOCTYPE Bericht [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


@pytest.mark.parametrize(
    ("markup", "entity_ref"),
    [
        pytest.param("<!DOCTYPE Bericht>", "", id="doctype"),
        pytest.param(_BILLION_LAUGHS, "&lol9;", id="billion-laughs"),
        pytest.param(
            '<!DOCTYPE Bericht [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;", id="xxe"
        ),
    ],
)
async def test_rejects_doctype_and_entities_in_envelope_with_gw102(
    start, dev_pki, markup, entity_ref
):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    envelope = after_declaration(envelope, markup)
    if entity_ref:
        envelope = envelope.replace(b"<BerichtVersie>", b"<BerichtVersie>" + entity_ref.encode())
    resp = await post(gw, dev_pki, envelope)
    assert_plain_error(resp, 400, "GW102")
    assert b"lol" not in resp.body
    assert b"root:" not in resp.body
    await assert_nothing_stored(gw, dev_pki)
    await assert_still_serves(gw, dev_pki)


@pytest.mark.parametrize("where", ["before-root", "inside-kop"])
async def test_rejects_processing_instruction_in_envelope_with_gw102(start, dev_pki, where):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    if where == "before-root":
        envelope = after_declaration(envelope, '<?xml-stylesheet href="x.xsl"?>')
    else:
        envelope = envelope.replace(b"<Kop>", b"<Kop><?route somewhere?>", 1)
    resp = await post(gw, dev_pki, envelope)
    assert_plain_error(resp, 400, "GW102")
    await assert_nothing_stored(gw, dev_pki)


async def test_rejects_doctype_inside_encrypted_payload_with_gw102_receipt(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for()
    signed = sign_payload(dev_pki, kop)
    plaintext = after_declaration(signed, "<!DOCTYPE Meerzorgplan>")
    envelope = wrap(dev_pki, kop, plaintext)
    resp = await post(gw, dev_pki, envelope)
    # The envelope itself is usable, so this is a rejected content: 422 with a receipt.
    info = await assert_rejected(gw, dev_pki, resp, envelope, "GW102")
    assert info.traceer_id == kop.traceer_id


# --- GW103: larger than the limit (413, plain) -------------------------------------


async def test_refuses_body_over_the_limit_with_gw103(start, dev_pki):
    gw = await start(dev_pki, max_body_bytes=4096)
    envelope, _kop = envelope_for(dev_pki)
    assert len(envelope) > 4096
    resp = await post(gw, dev_pki, envelope)
    assert_plain_error(resp, 413, "GW103")
    await assert_nothing_stored(gw, dev_pki)


async def test_refuses_chunked_body_over_the_limit_with_gw103(start, dev_pki):
    gw = await start(dev_pki, max_body_bytes=4096)
    envelope, _kop = envelope_for(dev_pki)
    assert len(envelope) > 4096

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked transfer
        for i in range(0, len(envelope), 1024):
            yield envelope[i : i + 1024]

    async with (
        aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=identity(dev_pki).ssl_context())
        ) as session,
        session.post(
            f"{url(gw)}/v1/berichten", data=chunks(), headers={"Content-Type": XML}
        ) as raw,
    ):
        resp = Response(raw.status, await raw.read(), raw.content_type)
    assert raw.request_info.headers.get("Transfer-Encoding") == "chunked"
    assert_plain_error(resp, 413, "GW103")
    await assert_nothing_stored(gw, dev_pki)


# --- GW110: Afzender is not the client certificate's participant (403) -----------


async def test_rejects_afzender_of_another_provider_with_gw110(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for(afzender="87654321")
    envelope, _ = envelope_for(dev_pki, kop=kop, party=OTHER_PROVIDER)
    # Correctly signed by 87654321, but posted over 12345678's TLS connection.
    resp = await post(gw, dev_pki, envelope, party=PROVIDER)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW110", status=403)


# --- GW120: unknown BerichtType or BerichtVersie ---------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"bericht_type": "meerzorgaanvraag"}, id="unknown-type"),
        pytest.param({"bericht_versie": "9.9"}, id="unknown-version"),
    ],
)
async def test_rejects_unknown_message_type_or_version_with_gw120(start, dev_pki, changes):
    gw = await start(dev_pki)
    kop = kop_for(**changes)
    envelope = wrap(dev_pki, kop, sign_payload(dev_pki, kop, first_valid()))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW120")


# --- GW130: Aanmaaktijdstip outside the window -------------------------------------


@pytest.mark.parametrize(
    "offset",
    [
        pytest.param(timedelta(days=-2), id="two-days-old"),
        pytest.param(timedelta(hours=1), id="future"),
    ],
)
async def test_rejects_aanmaaktijdstip_outside_default_window_with_gw130(start, dev_pki, offset):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki, kop=kop_for(now=datetime.now(UTC) + offset))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW130")


async def test_time_window_boundaries_are_the_configured_ones_on_the_gateway_clock(start, dev_pki):
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    gw = await start(
        dev_pki,
        clock=clock,
        aanmaaktijdstip_max_age_seconds=600,
        aanmaaktijdstip_max_future_seconds=60,
    )
    now = clock.now()
    accepted = []
    for offset, expected in [(-600, 202), (-601, 422), (60, 202), (61, 422)]:
        envelope, kop = envelope_for(dev_pki, kop=kop_for(now=now + timedelta(seconds=offset)))
        resp = await post(gw, dev_pki, envelope)
        assert resp.status == expected, (offset, resp.body)
        info = check_receipt(dev_pki, resp.body, envelope)
        if expected == 202:
            assert info.status == "Geaccepteerd"
            accepted.append(kop.traceer_id)
        else:
            assert info.status == "Afgekeurd"
            assert codes(info) == ["GW130"]
    assert (await inboxes(gw, dev_pki)) == {ZK: accepted, OTHER_ZK: []}

    # The window moves with the gateway's clock, not the sender's.
    created = clock.now()
    envelope, _ = envelope_for(dev_pki, kop=kop_for(now=created))
    assert (await post(gw, dev_pki, envelope)).status == 202
    clock.advance(seconds=601)
    envelope, _ = envelope_for(dev_pki, kop=kop_for(now=created))
    resp = await post(gw, dev_pki, envelope)
    assert resp.status == 422
    assert codes(check_receipt(dev_pki, resp.body, envelope)) == ["GW130"]


# --- GW140: TraceerId reuse ------------------------------------------------------


async def test_rejects_reused_traceer_id_with_different_content_with_gw140(start, dev_pki):
    gw = await start(dev_pki)
    first, kop = envelope_for(dev_pki)
    assert (await post(gw, dev_pki, first)).status == 202
    before = await inboxes(gw, dev_pki)
    async with client(gw, dev_pki, ZK) as zk:
        listing_before = (await zk.request("GET", "/v1/postvak")).json()["berichten"]

    # Same Kop, same payload, but a fresh encryption: different bytes.
    second, _ = envelope_for(dev_pki, kop=kop)
    assert second != first
    resp = await post(gw, dev_pki, second)
    assert resp.status == 409, resp.body
    info = check_receipt(dev_pki, resp.body, second)
    assert info.status == "Afgekeurd"
    assert codes(info) == ["GW140"]
    assert info.traceer_id == kop.traceer_id
    assert await inboxes(gw, dev_pki) == before == {ZK: [kop.traceer_id], OTHER_ZK: []}
    async with client(gw, dev_pki, ZK) as zk:
        # The stored message is still the first one, untouched.
        assert (await zk.request("GET", "/v1/postvak")).json()["berichten"] == listing_before


async def test_byte_identical_resubmission_gets_the_original_receipt_with_200(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    first = await post(gw, dev_pki, envelope)
    assert first.status == 202
    again = await post(gw, dev_pki, envelope)
    assert again.status == 200, again.body
    assert again.body == first.body  # the original receipt bytes, not a new one
    original = check_receipt(dev_pki, first.body, envelope)
    repeated = check_receipt(dev_pki, again.body, envelope)
    assert repeated.bevestiging_id == original.bevestiging_id
    assert repeated.status == "Geaccepteerd"
    assert await inboxes(gw, dev_pki) == {ZK: [kop.traceer_id], OTHER_ZK: []}


async def test_concurrent_identical_submissions_are_stored_once(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as c:
        responses = await asyncio.gather(
            *(c.request("POST", "/v1/berichten", body=envelope) for _ in range(2))
        )
    assert sorted(r.status for r in responses) == [200, 202], [r.body for r in responses]
    receipts = [check_receipt(dev_pki, r.body, envelope) for r in responses]
    assert {r.bevestiging_id for r in receipts} == {receipts[0].bevestiging_id}
    assert all(r.status == "Geaccepteerd" for r in receipts)
    assert await inboxes(gw, dev_pki) == {ZK: [kop.traceer_id], OTHER_ZK: []}


# --- GW201: decryption failed --------------------------------------------------------


async def test_rejects_payload_encrypted_to_another_certificate_with_gw201(start, dev_pki):
    gw = await start(dev_pki)
    zk_enc = load_certificate(dev_pki.root / ZK / "enc.crt")
    wrong_key, _ = envelope_for(dev_pki, recipient=zk_enc)
    resp = await post(gw, dev_pki, wrong_key)
    wrong_key_info = await assert_rejected(
        gw, dev_pki, resp, wrong_key, "GW201", then_accepts=False
    )

    envelope, _ = envelope_for(dev_pki)

    def flip(root: etree._Element) -> None:
        value = root.find("{*}Inhoud/xenc:EncryptedData/xenc:CipherData/xenc:CipherValue", NSMAP)
        assert value is not None
        assert value.text
        data = bytearray(base64.b64decode(value.text))
        data[len(data) // 2] ^= 0x01
        value.text = base64.b64encode(bytes(data)).decode()

    flipped = rewrite(envelope, flip)
    resp = await post(gw, dev_pki, flipped)
    flipped_info = await assert_rejected(gw, dev_pki, resp, flipped, "GW201")
    # One answer for every decryption failure: no oracle.
    assert wrong_key_info.meldingen == flipped_info.meldingen


# --- GW202: algorithm not allowed ------------------------------------------------------


def _envelope_rewrite(xpath: str, value: str) -> Callable[[DevPki], tuple[bytes, Kop]]:
    def build(pki: DevPki) -> tuple[bytes, Kop]:
        envelope, kop = envelope_for(pki)
        return rewrite(envelope, set_attribute(xpath, "Algorithm", value)), kop

    return build


def _payload_rewrite(
    change: Callable[[etree._Element], None],
) -> Callable[[DevPki], tuple[bytes, Kop]]:
    def build(pki: DevPki) -> tuple[bytes, Kop]:
        kop = kop_for()
        return wrap(pki, kop, rewrite(sign_payload(pki, kop), change)), kop

    return build


def _add_xpath_transform(root: etree._Element) -> None:
    transforms = root.find("ds:Signature/ds:SignedInfo/ds:Reference/ds:Transforms", NSMAP)
    assert transforms is not None
    transform = etree.SubElement(
        transforms, f"{{{DS}}}Transform", Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"
    )
    etree.SubElement(transform, f"{{{DS}}}XPath").text = "not(ancestor-or-self::ds:Signature)"


_GW202_CASES = {
    "content-aes-cbc": _envelope_rewrite(
        "//xenc:EncryptedData/xenc:EncryptionMethod", xmlenc.AES256_CBC
    ),
    "key-transport-rsa-1_5": _envelope_rewrite(
        "//xenc:EncryptedKey/xenc:EncryptionMethod", xmlenc.RSA_1_5
    ),
    # signxml refuses to sign with SHA-1; sign with SHA-256 and rename the method:
    # the shape check must refuse it before any cryptography.
    "signature-rsa-sha1": _payload_rewrite(
        set_attribute(
            "/*/ds:Signature/ds:SignedInfo/ds:SignatureMethod",
            "Algorithm",
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        )
    ),
    "digest-sha1": _payload_rewrite(
        set_attribute(
            "/*/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestMethod",
            "Algorithm",
            "http://www.w3.org/2000/09/xmldsig#sha1",
        )
    ),
    "xpath-transform": _payload_rewrite(_add_xpath_transform),
}


@pytest.mark.parametrize("case", list(_GW202_CASES))
async def test_rejects_algorithm_not_allowed_with_gw202(start, dev_pki, case):
    gw = await start(dev_pki)
    envelope, _kop = _GW202_CASES[case](dev_pki)
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW202")


# --- GW210: signature missing, invalid, or of the wrong shape -----------------------


def _tamper(root: etree._Element) -> None:
    naam = root.find(".//{*}Zorgaanbieder/{*}Naam")
    assert naam is not None
    naam.text = "Een andere zorgaanbieder"


def _second_signature(root: etree._Element) -> None:
    signature = root.find("ds:Signature", NSMAP)
    assert signature is not None
    root.append(copy.deepcopy(signature))


def _signature_not_last(root: etree._Element) -> None:
    signature = root.find("ds:Signature", NSMAP)
    assert signature is not None
    root.remove(signature)
    root.insert(len(root) - 1, signature)


_GW210_CASES: dict[str, Callable[[etree._Element], None]] = {
    "tampered-content": _tamper,
    "two-signatures": _second_signature,
    "reference-to-fragment": set_attribute(
        "/*/ds:Signature/ds:SignedInfo/ds:Reference", "URI", "#x"
    ),
    "signature-not-last-child": _signature_not_last,
}


async def test_rejects_unsigned_payload_with_gw210(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for()
    unsigned = etree.tostring(
        add_berichtkop(first_valid(), kop), xml_declaration=True, encoding="UTF-8"
    )
    envelope = wrap(dev_pki, kop, bytes(unsigned))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW210")


@pytest.mark.parametrize("case", list(_GW210_CASES))
async def test_rejects_bad_signature_with_gw210(start, dev_pki, case):
    gw = await start(dev_pki)
    kop = kop_for()
    envelope = wrap(dev_pki, kop, rewrite(sign_payload(dev_pki, kop), _GW210_CASES[case]))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW210")


# --- GW211: signer certificate not trusted or not the Afzender's --------------------


def _no_digital_signature() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=True,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _key_pair(ca: DevCA, **issue: object) -> KeyPair:
    issued = ca.issue(common_name="Zorggroep De Linde", purpose=Purpose.SIGN, **issue)  # type: ignore[arg-type]
    return KeyPair(issued.certificate, issued.private_key)  # type: ignore[arg-type]


async def test_rejects_payload_signed_by_another_provider_with_gw211(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for()  # Afzender 12345678, sent over 12345678's TLS connection
    envelope = wrap(dev_pki, kop, sign_payload(dev_pki, kop, key=signer(dev_pki, OTHER_PROVIDER)))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW211")


@pytest.mark.parametrize("case", ["other-ca", "no-digital-signature"])
async def test_rejects_untrusted_signer_certificate_with_gw211(start, dev_pki, case):
    gw = await start(dev_pki)
    if case == "other-ca":
        key = _key_pair(DevCA.create("Another CA"), party="AGB-12345678")
    else:
        key = _key_pair(dev_pki.ca, party="AGB-12345678", key_usage=_no_digital_signature())
    kop = kop_for()
    envelope = wrap(dev_pki, kop, sign_payload(dev_pki, kop, key=key))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW211")


async def test_rejects_revoked_signer_certificate_with_gw211(start, fresh_pki):
    ca = DevCA.load(fresh_pki.ca_cert, fresh_pki.ca_key)
    # A second signing certificate of the provider; revoking only it keeps TLS working.
    key = _key_pair(ca, party="AGB-12345678")

    before = await start(fresh_pki)
    kop = kop_for()
    envelope = wrap(fresh_pki, kop, sign_payload(fresh_pki, kop, key=key))
    assert (await post(before, fresh_pki, envelope)).status == 202  # valid until revoked

    fresh_pki.crl.write_bytes(ca.crl([key.certificate], number=2).public_bytes(Encoding.PEM))
    gw = await start(fresh_pki)  # reads the new CRL at start
    kop = kop_for()
    envelope = wrap(fresh_pki, kop, sign_payload(fresh_pki, kop, key=key))
    resp = await post(gw, fresh_pki, envelope)
    await assert_rejected(gw, fresh_pki, resp, envelope, "GW211")


# --- GW220: signed Berichtkop differs from the envelope Kop --------------------------


async def test_rejects_berichtkop_with_other_geadresseerde_with_gw220(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for(geadresseerde="5509")
    signed = sign_payload(dev_pki, replace(kop, geadresseerde="5511"))  # same inbox, other code
    envelope = wrap(dev_pki, kop, signed)
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW220")


async def test_rejects_payload_of_another_message_type_with_gw220(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for("meerzorgplan")
    signed = sign_payload(dev_pki, kop, first_valid("evaluatie-groepsmeerzorg"))
    envelope = wrap(dev_pki, kop, signed)
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW220")


# --- GW301: payload not valid against its schema ----------------------------------

_NINE_DIGITS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")


def _examples(pattern: str) -> list[object]:
    return [
        pytest.param(bericht_type, path, id=path.stem)
        for bericht_type in TYPES
        for path in sorted((SCHEMAS / bericht_type / "1.0" / "examples").glob(pattern))
    ]


def _text_values(payload: bytes) -> set[str]:
    """Text content of the payload that must never show up in a receipt."""
    root = etree.fromstring(payload)
    values = set()
    for el in root.iter():
        text = (el.text or "").strip() if isinstance(el.tag, str) else ""
        if (len(text) >= 4 and any(c.isdigit() for c in text)) or len(text) >= 8:
            values.add(text)
    return values


@pytest.mark.parametrize(("bericht_type", "path"), _examples("invalid-GW301-*.xml"))
async def test_rejects_schema_invalid_payload_with_gw301(start, dev_pki, bericht_type, path):
    gw = await start(dev_pki)
    payload = path.read_bytes()
    envelope, _kop = envelope_for(dev_pki, payload, kop=kop_for(bericht_type))
    resp = await post(gw, dev_pki, envelope)
    info = await assert_rejected(gw, dev_pki, resp, envelope, "GW301", then_accepts=False)
    assert set(codes(info)) == {"GW301"}
    for melding in info.meldingen:  # path and line (protocol 7)
        assert melding.get("Locatie", "").startswith("/"), melding
        assert re.search(r"\b(regel|line) [0-9]+", melding["Locatie"]), melding
    text = melding_text(info)
    assert not _NINE_DIGITS.search(text), text
    for value in _text_values(payload):
        assert value not in text, value


# --- GW4xx: business rules ---------------------------------------------------------


def _rule_ernst() -> dict[str, str]:
    ernst = {}
    for bericht_type in TYPES:
        rules = tomllib.loads((SCHEMAS / bericht_type / "1.0" / "rules.toml").read_text())
        ernst.update({rule["code"]: rule["ernst"] for rule in rules["rule"]})
    return ernst


RULE_ERNST = _rule_ernst()


def test_rule_examples_cover_every_rule_code():
    covered = {
        path.name.split("-")[1]
        for bericht_type in TYPES
        for path in (SCHEMAS / bericht_type / "1.0" / "examples").glob("invalid-GW4*.xml")
    }
    assert covered == set(RULE_ERNST)
    assert {c for c, e in RULE_ERNST.items() if e == "waarschuwing"} == {
        "GW406",
        "GW410",
        "GW422",
    }


@pytest.mark.parametrize(("bericht_type", "path"), _examples("invalid-GW4*.xml"))
async def test_business_rule_examples_give_their_code(start, pinned_pki, bericht_type, path):
    # The rules compare dates with the gateway's receive time (GW406, GW410, GW422 and
    # whether a valid example stays warning-free), so the gateway's clock stands at the
    # moment the examples were designed for; pinned_pki is valid at that moment.
    clock = FakeClock(EXAMPLES_RECEIVED_AT)
    gw = await start(pinned_pki, clock=clock)
    code = path.name.split("-")[1]
    payload = path.read_bytes()
    envelope, kop = envelope_for(pinned_pki, payload, kop=kop_for(bericht_type, now=clock.now()))
    resp = await post(gw, pinned_pki, envelope)
    if RULE_ERNST[code] == "fout":
        info = await assert_rejected(gw, pinned_pki, resp, envelope, code, then_accepts=False)
        assert codes(info) == [code]
        assert info.meldingen[0]["Ernst"] == "fout"
        assert not _NINE_DIGITS.search(melding_text(info))
    else:
        assert resp.status == 202, resp.body
        info = check_receipt(pinned_pki, resp.body, envelope)
        assert info.status == "Geaccepteerd"
        assert [(m["Code"], m["Ernst"]) for m in info.meldingen] == [(code, "waarschuwing")]
        assert await inboxes(gw, pinned_pki) == {ZK: [kop.traceer_id], OTHER_ZK: []}


@pytest.mark.parametrize(("bericht_type", "path"), _examples("valid-*.xml"))
async def test_valid_examples_are_accepted_without_meldingen(start, pinned_pki, bericht_type, path):
    clock = FakeClock(EXAMPLES_RECEIVED_AT)
    gw = await start(pinned_pki, clock=clock)
    envelope, kop = envelope_for(
        pinned_pki, path.read_bytes(), kop=kop_for(bericht_type, now=clock.now())
    )
    resp = await post(gw, pinned_pki, envelope)
    assert resp.status == 202, resp.body
    info = check_receipt(pinned_pki, resp.body, envelope)
    assert (info.status, info.meldingen) == ("Geaccepteerd", [])
    assert (await inboxes(gw, pinned_pki))[ZK] == [kop.traceer_id]


# --- GW501: no route ---------------------------------------------------------------


async def test_rejects_unknown_geadresseerde_with_gw501(start, dev_pki):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki, kop=kop_for(geadresseerde="5515"))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW501")


async def test_rejects_inactive_geadresseerde_code_with_gw501(start, dev_pki):
    text = render_participants_toml()
    marker = 'codes = ["5509", "5511", "5517"]\n'
    assert marker in text
    text = text.replace(marker, marker + 'inactive_codes = ["5517"]\n')
    name = f"participants-inactive-{uuid.uuid4().hex}.toml"
    (dev_pki.root / name).write_text(text)
    gw = await start(dev_pki, participants_file=name)

    envelope, _kop = envelope_for(dev_pki, kop=kop_for(geadresseerde="5517"))
    resp = await post(gw, dev_pki, envelope)
    await assert_rejected(gw, dev_pki, resp, envelope, "GW501", then_accepts=False)
    # The holder's other codes still route.
    envelope, kop = envelope_for(dev_pki, kop=kop_for(geadresseerde="5511"))
    assert (await post(gw, dev_pki, envelope)).status == 202
    assert (await inboxes(gw, dev_pki))[ZK] == [kop.traceer_id]
