"""Envelopes and receipts to and from XML (protocol 4 and 6)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree

from gateway import PROTOCOL_NAMESPACE
from gateway.devpki import DevCA, KeyType, Purpose
from gateway.domain.envelope import Berichtkop, Kop
from gateway.domain.errors import EnvelopeInvalid, GatewayError, KopMismatch
from gateway.domain.meldingen import Ernst, Melding
from gateway.domain.receipts import Receipt, Soort, Status
from gateway.messagetypes import MessageTypeRegistry
from gateway.security.keys import KeyPair
from gateway.security.xmldsig import sign_document, verify_signature
from gateway.security.xmlparse import parse_untrusted
from gateway.xmlcodec import (
    XENC,
    build_kop,
    build_receipt,
    format_time,
    parse_berichtkop,
    parse_envelope,
    parse_time,
    q,
    render_envelope,
)

NS = {"b": PROTOCOL_NAMESPACE}
WHEN = datetime(2026, 11, 22, 10, 0, 0, 123000, tzinfo=UTC)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return MessageTypeRegistry.load().envelope_schema


def _kop(**changes: object) -> Kop:
    kop = Kop(
        traceer_id=str(uuid.uuid4()),
        bericht_type="meerzorgplan",
        bericht_versie="1.0",
        afzender="12345678",
        geadresseerde="5509",
        aanmaaktijdstip=WHEN,
    )
    return replace(kop, **changes)  # type: ignore[arg-type]


def _encrypted() -> etree._Element:
    el = etree.Element(f"{{{XENC}}}EncryptedData", MimeType="application/xml")
    etree.SubElement(
        etree.SubElement(el, f"{{{XENC}}}CipherData"), f"{{{XENC}}}CipherValue"
    ).text = base64.b64encode(b"\x00" * 48).decode()
    return el


# --- format_time / parse_time -------------------------------------------------------------


def test_format_time_is_utc_with_milliseconds_and_z() -> None:
    assert format_time(WHEN) == "2026-11-22T10:00:00.123Z"
    assert format_time(WHEN.replace(microsecond=999999)) == "2026-11-22T10:00:00.999Z"
    assert format_time(WHEN.replace(microsecond=0)) == "2026-11-22T10:00:00.000Z"


def test_format_time_converts_other_offsets_to_utc() -> None:
    amsterdam = WHEN.astimezone(timezone(timedelta(hours=1)))
    assert format_time(amsterdam) == "2026-11-22T10:00:00.123Z"


def test_parse_time_round_trips_and_needs_a_timezone() -> None:
    assert parse_time(format_time(WHEN)) == WHEN
    assert parse_time(" 2026-11-22T11:00:00+01:00 ") == WHEN.replace(microsecond=0)
    with pytest.raises(ValueError, match="timezone"):
        parse_time("2026-11-22T10:00:00")


# --- envelopes ----------------------------------------------------------------------------


def test_envelope_round_trip(schema: etree.XMLSchema) -> None:
    kop = _kop()
    data = render_envelope(kop, _encrypted())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    tree, parsed, encrypted = parse_envelope(data, schema)
    assert parsed == kop
    assert encrypted.tag == f"{{{XENC}}}EncryptedData"
    assert tree.getroot().tag == q("Bericht")


def test_envelope_round_trip_with_conversation(schema: etree.XMLSchema) -> None:
    kop = _kop(conversatie_id=str(uuid.uuid4()), als_antwoord_op=str(uuid.uuid4()))
    _tree, parsed, _enc = parse_envelope(render_envelope(kop, _encrypted()), schema)
    assert parsed == kop
    assert parsed.conversatie_id == kop.conversatie_id
    assert parsed.als_antwoord_op == kop.als_antwoord_op


def test_kop_elements_are_in_schema_order() -> None:
    kop = _kop(
        conversatie_id=str(uuid.uuid4()), als_antwoord_op=str(uuid.uuid4()), ontvangsttijdstip=WHEN
    )
    el = build_kop(etree.Element("x"), kop)
    assert [etree.QName(c).localname for c in el] == [
        "TraceerId",
        "ConversatieId",
        "AlsAntwoordOp",
        "BerichtType",
        "BerichtVersie",
        "Afzender",
        "Geadresseerde",
        "Aanmaaktijdstip",
        "Ontvangsttijdstip",
    ]


def test_traceer_ids_are_read_in_lowercase(schema: etree.XMLSchema) -> None:
    upper = str(uuid.uuid4()).upper()
    _tree, parsed, _enc = parse_envelope(
        render_envelope(_kop(traceer_id=upper, conversatie_id=upper), _encrypted()), schema
    )
    assert parsed.traceer_id == upper.lower()
    assert parsed.conversatie_id == upper.lower()


def test_delivery_envelope_with_ontvangsttijdstip_validates(schema: etree.XMLSchema) -> None:
    kop = _kop(ontvangsttijdstip=WHEN + timedelta(seconds=1))
    data = render_envelope(kop, _encrypted())
    tree = parse_untrusted(data)
    schema.assertValid(tree)
    assert tree.getroot().findtext("b:Kop/b:Ontvangsttijdstip", namespaces=NS) == (
        "2026-11-22T10:00:01.123Z"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(b"<AgbCode>12345678</AgbCode>", b"<AgbCode>1234567</AgbCode>", id="short-agb"),
        pytest.param(b"<ZorgkantoorCode>5509", b"<ZorgkantoorCode>55091", id="long-zk"),
        pytest.param(b"<BerichtType>meerzorgplan", b"<BerichtType>Meerzorgplan", id="type-case"),
        pytest.param(b"Z</Aanmaaktijdstip>", b"</Aanmaaktijdstip>", id="no-timezone"),
        pytest.param(b"<Inhoud>", b"<Inhoud><Extra/>", id="extra-in-inhoud"),
    ],
)
def test_envelope_schema_violations_are_gw101(
    schema: etree.XMLSchema, old: bytes, new: bytes
) -> None:
    data = render_envelope(_kop(), _encrypted())
    assert old in data
    with pytest.raises(EnvelopeInvalid) as info:
        parse_envelope(data.replace(old, new, 1), schema)
    assert info.value.code == "GW101"


def test_an_envelope_with_another_root_is_gw101(schema: etree.XMLSchema) -> None:
    with pytest.raises(EnvelopeInvalid):
        parse_envelope(b'<Bericht xmlns="urn:other"/>', schema)


# --- Berichtkop -----------------------------------------------------------------------------


def _payload(kop: Kop, *, first: bool = True) -> etree._Element:
    root = etree.Element("{urn:nl:meerzorg:meerzorgplan:1}Meerzorgplan")
    if not first:
        etree.SubElement(root, "{urn:nl:meerzorg:meerzorgplan:1}Client")
    build_kop(root, kop, local="Berichtkop")
    return root


def test_parse_berichtkop_reads_the_signed_kop() -> None:
    kop = _kop()
    assert parse_berichtkop(_payload(kop)) == Berichtkop(
        traceer_id=kop.traceer_id,
        bericht_versie="1.0",
        afzender="12345678",
        geadresseerde="5509",
        aanmaaktijdstip=WHEN,
    )


def test_berichtkop_has_only_the_signed_fields() -> None:
    kop = _kop(conversatie_id=str(uuid.uuid4()), ontvangsttijdstip=WHEN)
    bk = _payload(kop)[0]
    assert [etree.QName(c).localname for c in bk] == [
        "TraceerId",
        "BerichtVersie",
        "Afzender",
        "Geadresseerde",
        "Aanmaaktijdstip",
    ]


def _without(root: etree._Element, path: str) -> etree._Element:
    el = root.find(path, NS)
    assert el is not None
    parent = el.getparent()
    assert parent is not None
    parent.remove(el)
    return root


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: etree.Element("{urn:x}Leeg"), id="no-children"),
        pytest.param(lambda: _payload(_kop(), first=False), id="not-first"),
        pytest.param(
            lambda: _without(_payload(_kop()), "b:Berichtkop/b:TraceerId"), id="no-traceerid"
        ),
        pytest.param(
            lambda: _without(_payload(_kop()), "b:Berichtkop/b:Afzender/b:AgbCode"), id="no-agb"
        ),
        pytest.param(
            lambda: _without(_payload(_kop()), "b:Berichtkop/b:Aanmaaktijdstip"), id="no-time"
        ),
    ],
)
def test_parse_berichtkop_errors_are_gw220(make: object) -> None:
    with pytest.raises(KopMismatch) as info:
        parse_berichtkop(make())  # type: ignore[operator]
    assert info.value.code == "GW220"
    assert info.value.locatie == "/Berichtkop"


@pytest.mark.parametrize("text", ["morgen", "2026-11-22T10:00:00", ""])
def test_unreadable_berichtkop_time_is_gw220(text: str) -> None:
    root = _payload(_kop())
    el = root.find("b:Berichtkop/b:Aanmaaktijdstip", NS)
    assert el is not None
    el.text = text
    with pytest.raises(GatewayError) as info:
        parse_berichtkop(root)
    assert info.value.code == "GW220"


# --- receipts -------------------------------------------------------------------------------


def _receipt(*meldingen: Melding, soort: Soort = Soort.ONTVANGST) -> Receipt:
    return Receipt(
        bevestiging_id=str(uuid.uuid4()),
        soort=soort,
        traceer_id=str(uuid.uuid4()),
        afzender="12345678",
        geadresseerde="5509",
        status=Status.AFGEKEURD if meldingen else Status.GEACCEPTEERD,
        tijdstip=WHEN,
        digest=hashlib.sha256(b"envelope").digest(),
        meldingen=meldingen,
    )


@pytest.fixture(scope="module")
def gateway_signer() -> KeyPair:
    issued = DevCA.create().issue(
        common_name="meerzorg-gateway receipts", purpose=Purpose.SIGN, key_type=KeyType.EC_P256
    )
    return KeyPair(issued.certificate, issued.private_key)


MELDINGEN = (
    Melding("GW301", Ernst.FOUT, "Niet geldig volgens het schema.", "/Meerzorgplan/Client[2]/Bsn"),
    Melding("GW401", Ernst.WAARSCHUWING, "Opmerking zonder locatie."),
)


@pytest.mark.parametrize("meldingen", [(), MELDINGEN], ids=["without-meldingen", "with-meldingen"])
@pytest.mark.parametrize("soort", list(Soort))
def test_receipt_validates_before_and_after_signing(
    schema: etree.XMLSchema,
    gateway_signer: KeyPair,
    meldingen: tuple[Melding, ...],
    soort: Soort,
) -> None:
    receipt = _receipt(*meldingen, soort=soort)
    root = build_receipt(receipt)
    schema.assertValid(etree.ElementTree(root))
    signed = sign_document(root, gateway_signer)
    tree = parse_untrusted(signed)
    schema.assertValid(tree)
    verified = verify_signature(tree, expected_signer=gateway_signer.certificate)
    assert verified.root.tag == q(soort.value)
    schema.assertValid(etree.ElementTree(verified.root))


def test_receipt_content() -> None:
    receipt = _receipt(*MELDINGEN)
    root = build_receipt(receipt)
    assert root.findtext("b:BevestigingId", namespaces=NS) == receipt.bevestiging_id
    assert root.findtext("b:Status", namespaces=NS) == "Afgekeurd"
    assert root.findtext("b:Tijdstip", namespaces=NS) == "2026-11-22T10:00:00.123Z"
    digest = root.find("b:BerichtDigest", NS)
    assert digest is not None
    assert digest.get("Algorithm") == "http://www.w3.org/2001/04/xmlenc#sha256"
    assert base64.b64decode(digest.text or "") == hashlib.sha256(b"envelope").digest()
    meldingen = root.findall("b:Meldingen/b:Melding", NS)
    assert [m.findtext("b:Code", namespaces=NS) for m in meldingen] == ["GW301", "GW401"]
    assert [m.findtext("b:Ernst", namespaces=NS) for m in meldingen] == ["fout", "waarschuwing"]
    assert meldingen[0].findtext("b:Locatie", namespaces=NS) == "/Meerzorgplan/Client[2]/Bsn"
    assert meldingen[1].find("b:Locatie", NS) is None


def test_receipt_without_meldingen_has_no_meldingen_element() -> None:
    assert build_receipt(_receipt()).find("b:Meldingen", NS) is None


def test_long_omschrijving_is_cut_to_the_schema_limit(schema: etree.XMLSchema) -> None:
    root = build_receipt(_receipt(Melding("GW301", Ernst.FOUT, "x" * 5000)))
    assert len(root.findtext("b:Meldingen/b:Melding/b:Omschrijving", namespaces=NS) or "") == 1000
    schema.assertValid(etree.ElementTree(root))
