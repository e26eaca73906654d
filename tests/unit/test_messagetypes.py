"""Message type registry: loading, lookup, load errors, schema Meldingen, envelope schema."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from gateway.domain.meldingen import Ernst
from gateway.messagetypes import (
    DEFAULT_ROOT,
    MAX_SCHEMA_MELDINGEN,
    MessageType,
    MessageTypeError,
    MessageTypeRegistry,
)
from gateway.security.xmlparse import parse_untrusted

RECEIVED_AT = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
BK = "urn:nl:meerzorg:berichtenverkeer:1"
MZP = "urn:nl:meerzorg:meerzorgplan:1"
NS = {"mzp": MZP, "bk": BK}
LOCATIE_RE = re.compile(r"/[A-Za-z]+(?:\[[0-9]+\])?(?:/[A-Za-z]+(?:\[[0-9]+\])?)* \(regel [0-9]+\)")


@pytest.fixture(scope="module")
def registry() -> MessageTypeRegistry:
    return MessageTypeRegistry.load()


@pytest.fixture(scope="module")
def plan_type(registry: MessageTypeRegistry) -> MessageType:
    found = registry.get("meerzorgplan", "1.0")
    assert found is not None
    return found


@pytest.fixture
def schemas_copy(tmp_path: Path) -> Path:
    """A private copy of schemas/ that a test may change."""
    target = tmp_path / "schemas"
    shutil.copytree(DEFAULT_ROOT, target)
    return target


def plan_example(name: str = "valid-groepen.xml") -> etree._Element:
    path = DEFAULT_ROOT / "meerzorgplan" / "1.0" / "examples" / name
    return parse_untrusted(path.read_bytes()).getroot()


# --- loading and lookup ----------------------------------------------------------------------


def test_registry_loads_every_message_type(registry: MessageTypeRegistry) -> None:
    assert [(t.naam, t.versie) for t in registry.all()] == [
        ("evaluatie-groepsmeerzorg", "1.0"),
        ("iwlz-aw33", "5.2"),
        ("iwlz-aw35", "5.2"),
        ("iwlz-aw39", "5.2"),
        ("meerzorgbesluit", "1.0"),
        ("meerzorgplan", "1.0"),
        ("reactie-op-meerzorgplan", "1.0"),
    ]


def test_registry_says_which_role_sends_and_receives_each_type(
    registry: MessageTypeRegistry,
) -> None:
    directions = {
        (t.naam, t.afzender_rol.value, t.ontvanger_rol.value, t.antwoord_op) for t in registry.all()
    }

    assert ("meerzorgplan", "zorgaanbieder", "concessiehouder", ()) in directions
    assert ("iwlz-aw35", "zorgaanbieder", "concessiehouder", ()) in directions
    assert ("iwlz-aw33", "concessiehouder", "zorgaanbieder", ()) in directions
    assert (
        "reactie-op-meerzorgplan",
        "concessiehouder",
        "zorgaanbieder",
        ("meerzorgplan", "evaluatie-groepsmeerzorg"),
    ) in directions
    assert (
        "meerzorgbesluit",
        "concessiehouder",
        "zorgaanbieder",
        ("meerzorgplan", "evaluatie-groepsmeerzorg"),
    ) in directions


def test_unknown_role_in_registry_fails_at_load(schemas_copy: Path) -> None:
    add_testbericht(schemas_copy, extra_entry='afzender_rol = "zorgverzekeraar"\n')

    with pytest.raises(MessageTypeError, match="afzender_rol must be one of"):
        MessageTypeRegistry.load(schemas_copy)


def test_antwoord_op_must_name_types(schemas_copy: Path) -> None:
    add_testbericht(schemas_copy, extra_entry='antwoord_op = "meerzorgplan"\n')

    with pytest.raises(MessageTypeError, match="antwoord_op must be a list"):
        MessageTypeRegistry.load(schemas_copy)


def test_message_type_knows_its_namespace_and_root(plan_type: MessageType) -> None:
    assert plan_type.naam == "meerzorgplan"
    assert plan_type.versie == "1.0"
    assert plan_type.namespace == MZP
    assert plan_type.root_tag == f"{{{MZP}}}Meerzorgplan"
    assert {r.code for r in plan_type.rules} >= {"GW401", "GW409"}


def test_evaluatie_type_knows_its_root(registry: MessageTypeRegistry) -> None:
    evaluatie = registry.get("evaluatie-groepsmeerzorg", "1.0")

    assert evaluatie is not None
    assert evaluatie.root_tag == (
        "{urn:nl:meerzorg:evaluatie-groepsmeerzorg:1}EvaluatieGroepsmeerzorg"
    )


@pytest.mark.parametrize(
    ("naam", "versie"),
    [("meerzorgplan", "2.0"), ("meerzorgplan", "1"), ("onbekend", "1.0"), ("", "")],
)
def test_unknown_type_or_version_is_none(
    registry: MessageTypeRegistry, naam: str, versie: str
) -> None:
    assert registry.get(naam, versie) is None


def test_default_root_is_the_repository_schemas_folder() -> None:
    assert Path(__file__).resolve().parents[2] / "schemas" == DEFAULT_ROOT
    assert (DEFAULT_ROOT / "registry.toml").is_file()


def test_load_from_an_explicit_root(schemas_copy: Path) -> None:
    loaded = MessageTypeRegistry.load(schemas_copy)

    plan = loaded.get("meerzorgplan", "1.0")
    assert plan is not None
    assert plan.folder == schemas_copy.resolve() / "meerzorgplan" / "1.0"


# --- a type with only an XSD ----------------------------------------------------------------

TESTBERICHT_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:bk="urn:nl:meerzorg:berichtenverkeer:1"
           targetNamespace="urn:nl:meerzorg:testbericht:1"
           elementFormDefault="qualified">
  <xs:import namespace="urn:nl:meerzorg:berichtenverkeer:1"
             schemaLocation="../../common/1/berichtenverkeer.xsd"/>
  <xs:element name="Testbericht">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="bk:Berichtkop"/>
        <xs:element name="Opmerking" type="xs:string"/>
        <xs:any namespace="http://www.w3.org/2000/09/xmldsig#" processContents="skip"
                minOccurs="0"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""

BERICHTKOP = """<bk:Berichtkop>
    <bk:TraceerId>6eed99fb-4c74-4f4c-9aaf-9bf7692e2048</bk:TraceerId>
    <bk:BerichtVersie>1.0</bk:BerichtVersie>
    <bk:Afzender><bk:AgbCode>12345678</bk:AgbCode></bk:Afzender>
    <bk:Geadresseerde><bk:ZorgkantoorCode>5509</bk:ZorgkantoorCode></bk:Geadresseerde>
    <bk:Aanmaaktijdstip>2026-11-22T10:00:00Z</bk:Aanmaaktijdstip>
  </bk:Berichtkop>"""


def add_testbericht(schemas: Path, *, rules: str | None = None, extra_entry: str = "") -> None:
    folder = schemas / "testbericht" / "1.0"
    folder.mkdir(parents=True)
    (folder / "testbericht.xsd").write_text(TESTBERICHT_XSD, encoding="utf-8")
    entry = (
        '\n[[berichttype]]\nnaam = "testbericht"\nversie = "1.0"\n'
        'map = "testbericht/1.0"\nschema = "testbericht.xsd"\n' + extra_entry
    )
    if rules is not None:
        (folder / "rules.toml").write_text(rules, encoding="utf-8")
        entry += 'rules = "rules.toml"\n'
    with (schemas / "registry.toml").open("a", encoding="utf-8") as registry_file:
        registry_file.write(entry)


def make_testbericht(opmerking: str = "Alles in orde.", extra: str = "") -> etree._Element:
    xml = (
        f'<Testbericht xmlns="urn:nl:meerzorg:testbericht:1" xmlns:bk="{BK}">\n'
        f"  {BERICHTKOP}\n  <Opmerking>{opmerking}</Opmerking>{extra}\n</Testbericht>"
    )
    return parse_untrusted(xml.encode()).getroot()


def test_type_with_only_an_xsd_needs_no_code(schemas_copy: Path) -> None:
    add_testbericht(schemas_copy)

    loaded = MessageTypeRegistry.load(schemas_copy)
    test_type = loaded.get("testbericht", "1.0")

    assert test_type is not None
    assert test_type.root_tag == "{urn:nl:meerzorg:testbericht:1}Testbericht"
    assert test_type.rules == ()
    assert test_type.validate(make_testbericht(), received_at=RECEIVED_AT) == []
    invalid = make_testbericht(extra="<Onbekend/>")
    assert [m.code for m in test_type.validate(invalid, received_at=RECEIVED_AT)] == ["GW301"]


def test_type_without_rules_can_gain_rules_by_data_only(schemas_copy: Path) -> None:
    add_testbericht(
        schemas_copy,
        rules=(
            '[namespaces]\nt = "urn:nl:meerzorg:testbericht:1"\n\n'
            '[[rule]]\ncode = "GW481"\nernst = "fout"\nkind = "no_bsn_in_text"\n'
            'omschrijving = "Opmerking bevat een BSN."\nselect = "t:Opmerking"\n'
        ),
    )
    test_type = MessageTypeRegistry.load(schemas_copy).get("testbericht", "1.0")
    assert test_type is not None

    found = test_type.validate(make_testbericht("zie 111222333"), received_at=RECEIVED_AT)

    assert [(m.code, m.ernst, m.omschrijving) for m in found] == [
        ("GW481", Ernst.FOUT, "Opmerking bevat een BSN.")
    ]


# --- load-time errors -------------------------------------------------------------------------

GOOD_RULE = 'code = "GW481"\nernst = "fout"\nomschrijving = "Tekst."\n'


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ("[[rule]\n", "not valid TOML"),
        (f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\nselect = "t:Opmerking["\n', "invalid XPath"),
        (f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\nselect = "x:Opmerking"\n', "invalid XPath"),
        (f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\n', "missing parameter 'select'"),
        (f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\nselect = "."\nselekt = "."\n', "selekt"),
        (f'[[rule]]\n{GOOD_RULE}kind = "regex"\nselect = "."\n', "kind must be one of"),
        (
            '[[rule]]\ncode = "GW301"\nernst = "fout"\nomschrijving = "x"\nkind = "elfproef"\n'
            'select = "."\n',
            "GW4xx",
        ),
        (
            '[[rule]]\ncode = "GW481"\nernst = "fatal"\nomschrijving = "x"\nkind = "elfproef"\n'
            'select = "."\n',
            "ernst",
        ),
        (
            '[[rule]]\ncode = "GW481"\nernst = "fout"\nomschrijving = ""\nkind = "elfproef"\n'
            'select = "."\n',
            "omschrijving",
        ),
        (
            f'[[rule]]\n{GOOD_RULE}kind = "min_count"\ncontext = "."\nselect = "."\nmin = "2"\n',
            "'min' must be an integer",
        ),
        (
            f'[[rule]]\n{GOOD_RULE}kind = "received_before"\nyear = "."\nmonth = 2\nday = 30\n',
            "calendar day",
        ),
        (
            f'[[rule]]\n{GOOD_RULE}kind = "min_days_before"\nselect = "."\ndays = 28\n'
            'timezone = "Mars/Olympus"\n',
            "timezone",
        ),
        (
            f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\nselect = "."\n\n'
            f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\nselect = "."\n',
            "defined twice",
        ),
        (f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\nselect = "."\n[extra]\nx = 1\n', "unknown key"),
    ],
)
def test_broken_rules_toml_fails_at_load_naming_the_file(
    schemas_copy: Path, rules: str, problem: str
) -> None:
    add_testbericht(
        schemas_copy,
        rules='[namespaces]\nt = "urn:nl:meerzorg:testbericht:1"\n' + rules
        if not rules.startswith("[[rule]\n")
        else rules,
    )

    with pytest.raises(MessageTypeError) as info:
        MessageTypeRegistry.load(schemas_copy)

    message = str(info.value)
    assert str(schemas_copy.resolve() / "testbericht" / "1.0" / "rules.toml") in message
    assert problem in message


def test_bad_rule_error_names_the_rule(schemas_copy: Path) -> None:
    add_testbericht(
        schemas_copy,
        rules=f'[[rule]]\n{GOOD_RULE}kind = "elfproef"\nselect = "q:Opmerking"\n',
    )

    with pytest.raises(MessageTypeError, match=r"rule #1 \(GW481\)"):
        MessageTypeRegistry.load(schemas_copy)


def test_rule_code_used_by_two_types_fails_at_load(schemas_copy: Path) -> None:
    add_testbericht(
        schemas_copy,
        rules=f'[[rule]]\n{GOOD_RULE.replace("GW481", "GW401")}kind = "elfproef"\nselect = "."\n',
    )

    with pytest.raises(MessageTypeError, match=r"GW401 is also used in .*meerzorgplan"):
        MessageTypeRegistry.load(schemas_copy)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s.replace('map = "meerzorgplan/1.0"', 'map = "../meerzorgplan/1.0"'), "map"),
        (lambda s: s.replace('schema = "meerzorgplan.xsd"', 'schema = "weg.xsd"'), "weg.xsd"),
        (lambda s: s.replace('naam = "meerzorgplan"', 'naam = "Meerzorgplan"'), "form"),
        (lambda s: s.replace('versie = "1.0"', 'versie = "1.0"\nextra = 1', 1), "extra"),
        (lambda s: s + s[s.index("\n[[berichttype]]") :], "listed twice"),
    ],
)
def test_broken_registry_fails_at_load(schemas_copy: Path, change: object, problem: str) -> None:
    registry_file = schemas_copy / "registry.toml"
    assert callable(change)
    registry_file.write_text(change(registry_file.read_text(encoding="utf-8")), encoding="utf-8")

    with pytest.raises(MessageTypeError, match=re.escape(problem)):
        MessageTypeRegistry.load(schemas_copy)


@pytest.mark.parametrize(
    "location", ["http://example.org/berichtenverkeer.xsd", "/etc/berichtenverkeer.xsd"]
)
def test_schema_import_from_outside_is_refused(schemas_copy: Path, location: str) -> None:
    add_testbericht(schemas_copy)
    xsd = schemas_copy / "testbericht" / "1.0" / "testbericht.xsd"
    xsd.write_text(
        TESTBERICHT_XSD.replace("../../common/1/berichtenverkeer.xsd", location), encoding="utf-8"
    )

    with pytest.raises(MessageTypeError, match="relative path"):
        MessageTypeRegistry.load(schemas_copy)


def test_schema_with_doctype_is_refused(schemas_copy: Path) -> None:
    add_testbericht(schemas_copy)
    xsd = schemas_copy / "testbericht" / "1.0" / "testbericht.xsd"
    xsd.write_text(
        TESTBERICHT_XSD.replace("<xs:schema", '<!DOCTYPE x [<!ENTITY e "e">]>\n<xs:schema', 1),
        encoding="utf-8",
    )

    with pytest.raises(MessageTypeError, match="DTD-free"):
        MessageTypeRegistry.load(schemas_copy)


def test_invalid_xsd_fails_at_load(schemas_copy: Path) -> None:
    add_testbericht(schemas_copy)
    xsd = schemas_copy / "testbericht" / "1.0" / "testbericht.xsd"
    xsd.write_text(TESTBERICHT_XSD.replace('type="xs:string"', 'type="xs:strung"'), "utf-8")

    with pytest.raises(MessageTypeError, match="not a valid XML Schema"):
        MessageTypeRegistry.load(schemas_copy)


# --- schema findings: GW301 --------------------------------------------------------------------


def test_schema_errors_are_gw301_with_path_and_line(plan_type: MessageType) -> None:
    root = plan_example()
    bsn = root.xpath("mzp:Groep[2]/mzp:Client[2]/mzp:Bsn", namespaces=NS)
    assert isinstance(bsn, list)
    assert isinstance(bsn[0], etree._Element)
    bsn[0].text = "12345"

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert len(found) == 1
    melding = found[0]
    assert (melding.code, melding.ernst) == ("GW301", Ernst.FOUT)
    assert melding.locatie == f"/Meerzorgplan/Groep[2]/Client[2]/Bsn (regel {bsn[0].sourceline})"
    assert "Bsn" in melding.omschrijving
    assert "12345" not in melding.omschrijving


def test_schema_error_stops_before_rules(plan_type: MessageType) -> None:
    root = plan_example()
    root.find("mzp:Zorgaanbieder/mzp:AgbCode", NS).text = "87654321"  # type: ignore[union-attr]
    root.find("mzp:Kalenderjaar", NS).text = "27"  # type: ignore[union-attr]

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == ["GW301"]


SECRET_VALUES = ["99999001", "Jansen-Pietersen", "VG99", "2027-13-45", "geheime tekst"]


def payload_with_many_errors() -> etree._Element:
    root = plan_example()
    client = root.find("mzp:Groep/mzp:Client", NS)
    assert client is not None
    client.find("mzp:Bsn", NS).text = SECRET_VALUES[0]  # type: ignore[union-attr]
    client.find("mzp:Zorgprofiel", NS).text = SECRET_VALUES[2]  # type: ignore[union-attr]
    root.find("mzp:Zorgaanbieder/mzp:Naam", NS).text = SECRET_VALUES[1] * 20  # type: ignore[union-attr]
    root.find("mzp:Planperiode/mzp:Begindatum", NS).text = SECRET_VALUES[3]  # type: ignore[union-attr]
    stray = etree.SubElement(root.find("mzp:Begroting", NS), f"{{{MZP}}}Extra")  # type: ignore[arg-type]
    stray.text = SECRET_VALUES[4]
    betrokkenheid = root.find("mzp:Betrokkenheid", NS)
    assert betrokkenheid is not None
    betrokkenheid.remove(betrokkenheid[0])
    return parse_untrusted(etree.tostring(root)).getroot()  # fresh line numbers


def test_schema_meldingen_never_quote_a_value(plan_type: MessageType) -> None:
    found = plan_type.validate(payload_with_many_errors(), received_at=RECEIVED_AT)

    assert len(found) >= 5
    for melding in found:
        assert melding.code == "GW301"
        shown = f"{melding.omschrijving} {melding.locatie}"
        assert not [v for v in SECRET_VALUES if v in shown], melding
        assert "{urn:" not in melding.omschrijving  # no lxml message internals
        assert melding.locatie is not None
        assert LOCATIE_RE.fullmatch(melding.locatie), melding


def test_schema_meldingen_describe_the_kind_of_error(plan_type: MessageType) -> None:
    found = plan_type.validate(payload_with_many_errors(), received_at=RECEIVED_AT)
    texts = {m.locatie.split(" ")[0]: m.omschrijving for m in found if m.locatie}

    assert texts["/Meerzorgplan/Groep[1]/Client[1]/Bsn"] == (
        "De waarde van element Bsn heeft niet het voorgeschreven formaat."
    )
    assert texts["/Meerzorgplan/Groep[1]/Client[1]/Zorgprofiel"] == (
        "De waarde van element Zorgprofiel is geen toegestane waarde."
    )
    assert texts["/Meerzorgplan/Zorgaanbieder/Naam"] == (
        "De waarde van element Naam is langer dan toegestaan."
    )
    assert texts["/Meerzorgplan/Planperiode/Begindatum"] == (
        "De waarde van element Begindatum is geen geldige waarde van het voorgeschreven "
        "gegevenstype."
    )
    assert texts["/Meerzorgplan/Begroting/Extra"].startswith(
        "Element Extra wordt op deze plaats niet verwacht."
    )
    assert texts["/Meerzorgplan/Betrokkenheid/ClientvertegenwoordigingBetrokken"] == (
        "Element ClientvertegenwoordigingBetrokken wordt op deze plaats niet verwacht. "
        "Verwacht: CceBetrokken."
    )


def test_missing_child_names_the_expected_element(plan_type: MessageType) -> None:
    root = plan_example()
    begroting = root.find("mzp:Begroting", NS)
    assert begroting is not None
    begroting.remove(begroting[1])

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [m.omschrijving for m in found] == [
        "Element Begroting mist een verplicht kindelement. Verwacht: IndirecteKosten."
    ]


def test_at_most_20_schema_meldingen(plan_type: MessageType) -> None:
    root = plan_example()
    group = root.find("mzp:Groep", NS)
    assert group is not None
    for _ in range(30):
        client = etree.SubElement(group, f"{{{MZP}}}Client")
        for name, value in (("Bsn", "1"), ("Zorgprofiel", "VG7"), ("Meerzorgcategorie", "1")):
            etree.SubElement(client, f"{{{MZP}}}{name}").text = value

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert len(found) == MAX_SCHEMA_MELDINGEN
    assert {m.code for m in found} == {"GW301"}


def test_wrong_root_element_is_gw301(plan_type: MessageType) -> None:
    evaluatie = DEFAULT_ROOT / "evaluatie-groepsmeerzorg/1.0/examples/valid-voortzetten.xml"
    root = parse_untrusted(evaluatie.read_bytes()).getroot()

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [(m.code, m.locatie) for m in found] == [
        ("GW301", f"/EvaluatieGroepsmeerzorg (regel {root.sourceline})")
    ]


def test_berichtkop_alone_is_not_a_meerzorgplan(plan_type: MessageType) -> None:
    """The compiled schema knows the imported global elements; the root check refuses them."""
    root = plan_example()
    kop = parse_untrusted(etree.tostring(root[0])).getroot()

    found = plan_type.validate(kop, received_at=RECEIVED_AT)

    assert [m.code for m in found] == ["GW301"]


def test_payload_with_its_signature_still_validates(plan_type: MessageType) -> None:
    root = plan_example()
    signature = etree.SubElement(root, "{http://www.w3.org/2000/09/xmldsig#}Signature")
    etree.SubElement(signature, "{http://www.w3.org/2000/09/xmldsig#}SignedInfo")

    assert plan_type.validate(root, received_at=RECEIVED_AT) == []


def test_signature_must_be_last(plan_type: MessageType) -> None:
    root = plan_example()
    signature = etree.Element("{http://www.w3.org/2000/09/xmldsig#}Signature")
    root.insert(1, signature)

    assert [m.code for m in plan_type.validate(root, received_at=RECEIVED_AT)] == ["GW301"]


# --- the envelope schema --------------------------------------------------------------------

ENVELOPE = f"""<Bericht xmlns="{BK}">
  <Kop>
    <TraceerId>0b6f2c9e-5d7a-4c1e-9f3b-2a1d4e5f6a7b</TraceerId>
    <ConversatieId>0B6F2C9E-5D7A-4C1E-9F3B-2A1D4E5F6A7C</ConversatieId>
    <BerichtType>meerzorgplan</BerichtType>
    <BerichtVersie>1.0</BerichtVersie>
    <Afzender><AgbCode>12345678</AgbCode></Afzender>
    <Geadresseerde><ZorgkantoorCode>5509</ZorgkantoorCode></Geadresseerde>
    <Aanmaaktijdstip>2026-11-22T10:00:00Z</Aanmaaktijdstip>{{ontvangst}}
  </Kop>
  <Inhoud>
    <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" MimeType="application/xml">
      <xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData>
    </xenc:EncryptedData>
  </Inhoud>
</Bericht>"""

RECEIPT = f"""<{{root}} xmlns="{BK}">
  <BevestigingId>5df4cd62-7e7c-4b9e-9be2-c5d4c1f5c47c</BevestigingId>
  <TraceerId>0b6f2c9e-5d7a-4c1e-9f3b-2a1d4e5f6a7b</TraceerId>
  <Afzender><AgbCode>12345678</AgbCode></Afzender>
  <Geadresseerde><ZorgkantoorCode>5509</ZorgkantoorCode></Geadresseerde>
  <Status>{{status}}</Status>
  <Tijdstip>2026-11-22T10:00:01+01:00</Tijdstip>
  <BerichtDigest Algorithm="http://www.w3.org/2001/04/xmlenc#sha256">q1MKE+RZFJgrefm34/uplM/R8/si9xzqGvvwK0YMbR0=</BerichtDigest>{{meldingen}}{{signature}}
</{{root}}>"""

MELDINGEN = """
  <Meldingen>
    <Melding>
      <Code>GW301</Code><Ernst>fout</Ernst>
      <Omschrijving>De waarde van element Bsn heeft niet het voorgeschreven formaat.</Omschrijving>
      <Locatie>/Meerzorgplan/Groep/Client[2]/Bsn (regel 14)</Locatie>
    </Melding>
    <Melding>
      <Code>GW406</Code><Ernst>waarschuwing</Ernst><Omschrijving>Na 1 februari.</Omschrijving>
    </Melding>
  </Meldingen>"""

SIGNATURE = """
  <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>"""


def envelope(ontvangst: str = "", **replace: str) -> etree._Element:
    xml = ENVELOPE.replace("{ontvangst}", ontvangst)
    for old, new in replace.items():
        xml = xml.replace(old, new)
    return etree.fromstring(xml.encode())


def receipt(
    root: str = "Ontvangstbevestiging",
    status: str = "Geaccepteerd",
    meldingen: str = "",
    signature: str = "",
    **replace: str,
) -> etree._Element:
    xml = (
        RECEIPT.replace("{root}", root)
        .replace("{status}", status)
        .replace("{meldingen}", meldingen)
        .replace("{signature}", signature)
    )
    for old, new in replace.items():
        xml = xml.replace(old, new)
    return etree.fromstring(xml.encode())


def test_envelope_schema_accepts_a_sample_envelope(registry: MessageTypeRegistry) -> None:
    assert registry.envelope_schema.validate(envelope())


def test_envelope_schema_accepts_a_delivery_envelope(registry: MessageTypeRegistry) -> None:
    delivery = envelope("\n    <Ontvangsttijdstip>2026-11-22T10:00:02.123Z</Ontvangsttijdstip>")

    assert registry.envelope_schema.validate(delivery)


@pytest.mark.parametrize(
    "sample",
    [
        pytest.param(lambda: receipt(), id="unsigned-accepted"),
        pytest.param(
            lambda: receipt(status="Afgekeurd", meldingen=MELDINGEN, signature=SIGNATURE),
            id="signed-rejected-with-meldingen",
        ),
        pytest.param(
            lambda: receipt("Afleverbevestiging", "Bezorgd", signature=SIGNATURE),
            id="afleverbevestiging",
        ),
    ],
)
def test_envelope_schema_accepts_sample_receipts(
    registry: MessageTypeRegistry, sample: object
) -> None:
    assert callable(sample)

    assert registry.envelope_schema.validate(sample())


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda: envelope(**{"<AgbCode>12345678": "<AgbCode>1234567"}), id="agb-7"),
        pytest.param(lambda: envelope(**{"<AgbCode>12345678": "<AgbCode>1234567a"}), id="agb-a"),
        pytest.param(
            lambda: envelope(**{"<AgbCode>12345678": "<AgbCode> 12345678"}), id="agb-space"
        ),
        pytest.param(lambda: envelope(**{"5509</Zorg": "55090</Zorg"}), id="zorgkantoor-5-digits"),
        pytest.param(
            lambda: envelope(**{"10:00:00Z</Aanmaak": "10:00:00</Aanmaak"}), id="no-timezone"
        ),
        pytest.param(lambda: envelope(**{"-2a1d4e5f6a7b<": "-2a1d4e5f6a7<"}), id="traceerid-short"),
        pytest.param(
            lambda: envelope(**{">meerzorgplan<": ">Meerzorgplan<"}), id="berichttype-caps"
        ),
        pytest.param(lambda: envelope(**{">1.0<": ">1<"}), id="versie"),
        pytest.param(
            lambda: envelope(**{"2001/04/xmlenc#": "2009/xmlenc11#"}), id="inhoud-not-xmlenc"
        ),
        pytest.param(
            lambda: envelope(
                **{
                    "</xenc:EncryptedData>": "</xenc:EncryptedData>"
                    '<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/>'
                }
            ),
            id="two-encrypted-data",
        ),
        pytest.param(lambda: receipt(**{"<AgbCode>12345678": "<AgbCode>123"}), id="receipt-agb"),
        pytest.param(lambda: receipt(status="OK"), id="receipt-status"),
        pytest.param(
            lambda: receipt(**{' Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"': ""}),
            id="digest-without-algorithm",
        ),
        pytest.param(
            lambda: receipt(meldingen=MELDINGEN.replace("GW301", "GW31")), id="melding-code"
        ),
        pytest.param(
            lambda: receipt(meldingen=MELDINGEN.replace(">fout<", ">error<")), id="melding-ernst"
        ),
        pytest.param(lambda: receipt(meldingen="\n  <Meldingen/>"), id="empty-meldingen"),
    ],
)
def test_envelope_schema_rejects(registry: MessageTypeRegistry, bad: object) -> None:
    assert callable(bad)

    assert not registry.envelope_schema.validate(bad())


def test_omschrijving_over_1000_characters_is_refused(registry: MessageTypeRegistry) -> None:
    long_text = MELDINGEN.replace("Na 1 februari.", "x" * 1001)

    assert not registry.envelope_schema.validate(receipt(meldingen=long_text))
