"""XSLT rule sets of a national standard: loaded once, confined, run as published.

The stylesheets under schemas/iwlz/2.2 are the published files; these tests run them
through gateway.rulesets and compare with lxml running the same bytes directly,
and show what the loader refuses (a stylesheet outside its folder, document(),
Details that could carry a document value, a broken stylesheet) and what happens
when a stylesheet fails on one message.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import structlog
from lxml import etree

from gateway.domain.meldingen import Ernst
from gateway.messagetypes import (
    DEFAULT_ROOT,
    ELEMENT_LIMIT_CODE,
    RULE_SET_FAILED_CODE,
    MessageType,
    MessageTypeError,
    MessageTypeRegistry,
)
from gateway.rulesets import (
    RAPPORT_NAMESPACE,
    RuleSetError,
    compile_rule_set,
    compile_schematron,
    locate,
    resolve_path,
)
from gateway.security.xmlparse import parse_untrusted

RECEIVED_AT = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
RELEASE = DEFAULT_ROOT / "iwlz" / "2.2"
XSLT_DIR = RELEASE / "iWlz-Xslt" / "xslt-validatie"
R = f"{{{RAPPORT_NAMESPACE}}}"
XSL_HEAD = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'


@pytest.fixture(scope="module")
def registry() -> MessageTypeRegistry:
    return MessageTypeRegistry.load()


def _type(registry: MessageTypeRegistry, naam: str) -> MessageType:
    found = registry.get(naam, "5.2")
    assert found is not None
    assert found.standard is not None
    assert found.standard.rule_set is not None
    return found


def _examples() -> list[object]:
    return [
        pytest.param(naam, path, id=f"{naam}-{path.stem}")
        for naam in ("iwlz-aw35", "iwlz-aw39")
        for path in sorted((DEFAULT_ROOT / naam / "5.2" / "examples").glob("*.xml"))
        if "GW301" not in path.name  # the rule set runs only on schema-valid documents
    ]


# --- the same bytes, the same findings -------------------------------------------------------


@pytest.mark.parametrize(("naam", "path"), _examples())
def test_findings_equal_lxml_running_the_published_stylesheet_directly(
    registry: MessageTypeRegistry, naam: str, path: Path
) -> None:
    message_type = _type(registry, naam)
    document = parse_untrusted(path.read_bytes()).getroot()
    stylesheet = XSLT_DIR / "wlz" / "2_2" / f"{naam.removeprefix('iwlz-').upper()}.xsl"
    direct = etree.XSLT(etree.parse(str(stylesheet)))(etree.parse(str(path)))
    expected = [
        (
            fout.findtext(f"{R}Code"),
            fout.findtext(f"{R}Details"),
            [resolve_path(loc.text or "", document) for loc in fout.iterfind(f"{R}Locatie")],
        )
        for fout in direct.getroot().iter(f"{R}Fout")
    ]

    rule_set = message_type.standard.rule_set  # type: ignore[union-attr]
    # The rule set's findings (our own Schematron rules report under other codes).
    meldingen = [
        m
        for m in message_type.validate(document, received_at=RECEIVED_AT)
        if m.code == rule_set.code
    ]

    assert len(meldingen) == len(expected)
    for melding, (code, details, elements) in zip(meldingen, expected, strict=True):
        assert melding.code == rule_set.code
        assert melding.ernst is Ernst.FOUT
        assert melding.omschrijving == f"{code}: {details}"
        assert all(el is not None for el in elements)
        assert melding.locatie is not None
        assert len(melding.locatie.split("; ")) == len(elements)


def test_a_locatie_names_the_element_with_its_line(registry: MessageTypeRegistry) -> None:
    path = DEFAULT_ROOT / "iwlz-aw35" / "5.2" / "examples" / "invalid-GW441-tr101-client-dubbel.xml"
    document = parse_untrusted(path.read_bytes()).getroot()

    [melding] = _type(registry, "iwlz-aw35").validate(document, received_at=RECEIVED_AT)

    assert (
        melding.locatie
        == "/Bericht/Clienten/Client[1] (regel 19); /Bericht/Clienten/Client[2] (regel 46)"
    )


def test_the_rapport_header_is_never_copied(registry: MessageTypeRegistry) -> None:
    # The Rapport's Header echoes Identificatie and Dagtekening; a Melding never does.
    path = (
        DEFAULT_ROOT
        / "iwlz-aw35"
        / "5.2"
        / "examples"
        / "invalid-GW441-cs062-leveringsstatus-niet-in-zorg.xml"
    )
    text = path.read_text().replace("AW35-000001", "GEHEIM-42")
    document = parse_untrusted(text.encode()).getroot()

    meldingen = _type(registry, "iwlz-aw35").validate(document, received_at=RECEIVED_AT)

    assert meldingen
    assert not [m for m in meldingen if "GEHEIM" in f"{m.omschrijving}{m.locatie}"]


def test_details_come_from_the_standards_fixed_table(registry: MessageTypeRegistry) -> None:
    rule_set = _type(registry, "iwlz-aw35").standard.rule_set  # type: ignore[union-attr]

    assert rule_set.details["CS062"] == "4 (In zorg) vullen"
    assert rule_set.details["TR100"].startswith("Ontvanger")
    assert {"CS062", "TR101", "TR100"} <= rule_set.known_codes


# --- loading: confined, literal Details, broken files named --------------------------------


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_an_include_outside_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.xsl").write_text(f"{XSL_HEAD}</xsl:stylesheet>")
    folder = _folder(
        tmp_path / "set",
        {"main.xsl": f'{XSL_HEAD}<xsl:include href="../outside.xsl"/></xsl:stylesheet>'},
    )

    with pytest.raises(RuleSetError, match=r"main\.xsl: \.\./outside\.xsl lies outside"):
        compile_rule_set(folder / "main.xsl", [folder], "GW481")


@pytest.mark.parametrize(
    "body",
    [
        '<xsl:template match="/"><xsl:copy-of select="document(\'x.xml\')"/></xsl:template>',
        '<xsl:template match="*" mode="getDetails"><xsl:value-of select="."/></xsl:template>',
        '<xsl:template match="/"><xsl:call-template name="addError">'
        '<xsl:with-param name="pDetails" select="string(.)"/></xsl:call-template></xsl:template>',
        '<xsl:template match="*" mode="getDetails"><xsl:choose>'
        "<xsl:when test=\"contains(., 'x')\">tekst</xsl:when></xsl:choose></xsl:template>",
    ],
    ids=["document()", "value-of in getDetails", "own pDetails", "getDetails test on content"],
)
def test_a_stylesheet_that_could_copy_document_values_is_refused(tmp_path: Path, body: str) -> None:
    folder = _folder(tmp_path, {"main.xsl": f"{XSL_HEAD}{body}</xsl:stylesheet>"})

    with pytest.raises(RuleSetError, match=r"main\.xsl"):
        compile_rule_set(folder / "main.xsl", [folder], "GW481")


def test_a_broken_stylesheet_stops_the_load_naming_the_file(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "main.xsl": f"{XSL_HEAD}<xsl:template match='/'><xsl:value-of select='((('/>"
            "</xsl:template></xsl:stylesheet>"
        },
    )

    with pytest.raises(RuleSetError, match=r"main\.xsl: not a valid XSLT 1\.0 stylesheet"):
        compile_rule_set(folder / "main.xsl", [folder], "GW481")


def test_a_broken_vendored_stylesheet_stops_the_registry_naming_it(tmp_path: Path) -> None:
    root = tmp_path / "schemas"
    shutil.copytree(DEFAULT_ROOT, root)
    target = (
        root
        / "iwlz"
        / "2.2"
        / "iWlz-Xslt"
        / "xslt-validatie"
        / "wlz"
        / "2_2"
        / "rules"
        / "TR100.xsl"
    )
    target.write_text(target.read_text().replace("</xsl:stylesheet>", ""))

    with pytest.raises(MessageTypeError, match=r"TR100\.xsl"):
        MessageTypeRegistry.load(root)


def test_a_name_differing_only_in_case_resolves_to_the_published_file() -> None:
    folder = RELEASE / "XSD-iWlz" / "XSD"

    assert locate(folder / "basisschema.xsd", RELEASE) == folder / "Basisschema.xsd"
    assert locate(folder / ".." / ".." / ".." / "registry.toml", RELEASE) is None


# --- run time ------------------------------------------------------------------------------


def test_a_stylesheet_failing_at_run_time_is_a_melding_and_an_operator_log_line(
    tmp_path: Path, registry: MessageTypeRegistry
) -> None:
    folder = _folder(
        tmp_path,
        {
            "main.xsl": f'{XSL_HEAD}<xsl:template match="/">'
            '<xsl:message terminate="yes">stop</xsl:message></xsl:template></xsl:stylesheet>'
        },
    )
    rule_set = compile_rule_set(folder / "main.xsl", [folder], "GW481")
    aw35 = _type(registry, "iwlz-aw35")
    assert aw35.standard is not None
    failing = MessageType(
        naam=aw35.naam,
        versie=aw35.versie,
        namespace=aw35.namespace,
        root_tag=aw35.root_tag,
        schema=aw35.schema,
        standard=type(aw35.standard)(header=aw35.standard.header, rule_set=rule_set),
    )
    path = DEFAULT_ROOT / "iwlz-aw35" / "5.2" / "examples" / "valid-zorgzwaartepakket.xml"

    with structlog.testing.capture_logs() as logs:
        meldingen = failing.validate(
            parse_untrusted(path.read_bytes()).getroot(), received_at=RECEIVED_AT
        )

    assert [(m.code, m.ernst) for m in meldingen] == [(RULE_SET_FAILED_CODE, Ernst.FOUT)]
    assert [(e["event"], e["log_level"], e["stylesheet"]) for e in logs] == [
        ("ruleset_failed", "error", "main.xsl")
    ]


def test_a_document_over_the_element_cap_never_reaches_the_rule_set(tmp_path: Path) -> None:
    root = tmp_path / "schemas"
    shutil.copytree(DEFAULT_ROOT, root)
    registry_file = root / "registry.toml"
    registry_file.write_text(
        registry_file.read_text().replace("max_elementen = 5000", "max_elementen = 30", 1)
    )
    aw35 = MessageTypeRegistry.load(root).get("iwlz-aw35", "5.2")
    assert aw35 is not None
    path = DEFAULT_ROOT / "iwlz-aw35" / "5.2" / "examples" / "invalid-GW441-tr101-client-dubbel.xml"

    meldingen = aw35.validate(parse_untrusted(path.read_bytes()).getroot(), received_at=RECEIVED_AT)

    assert [(m.code, m.locatie) for m in meldingen] == [(ELEMENT_LIMIT_CODE, "/Bericht (regel 2)")]


# --- a third type by data only ------------------------------------------------------------------

# AW33 itself is registered since issue 13 (zorgkantoor -> zorgaanbieder); this adds the
# same standard's message a second time, under a trial name and with its Header read the
# other way round, to show that a type is data only.
AW33_ENTRY = """
[[berichttype]]
naam = "iwlz-aw33-proef"
versie = "5.2"
map = "iwlz-aw33-proef/5.2"
standaard = "iwlz/2.2"
schema = "XSD-iWlz/XSD/AW33.xsd"
xslt = "iWlz-Xslt/xslt-validatie/wlz/2_2/AW33.xsl"
regelset_code = "GW481"
namespaces = { iwlz = "http://www.istandaarden.nl/iwlz/2_2/basisschema/schema" }
kop.afzender = "t:Header/t:Ontvanger"
kop.geadresseerde = "t:Header/t:Afzender"
kop.bericht_versie = "concat(t:Header/t:BerichtVersie, '.', t:Header/t:BerichtSubversie)"
kop.identificatie = "t:Header/t:BerichtIdentificatie/iwlz:Identificatie"
kop.dagtekening = "t:Header/t:BerichtIdentificatie/iwlz:Dagtekening"
"""

AW33_DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Bericht xmlns="http://www.istandaarden.nl/iwlz/2_2/aw33/schema"
         xmlns:iwlz="http://www.istandaarden.nl/iwlz/2_2/basisschema/schema">
  <Header>
    <BerichtCode>351</BerichtCode>
    <BerichtVersie>5</BerichtVersie>
    <BerichtSubversie>2</BerichtSubversie>
    <Afzender>5509</Afzender>
    <Ontvanger>12345678</Ontvanger>
    <BerichtIdentificatie>
      <iwlz:Identificatie>AW33-1</iwlz:Identificatie>
      <iwlz:Dagtekening>2026-11-22</iwlz:Dagtekening>
    </BerichtIdentificatie>
  </Header>
  <Clienten>
    <Client>
      <Bsn>999990018</Bsn>
    </Client>
  </Clienten>
</Bericht>
"""


def test_a_third_type_is_added_from_a_folder_without_code(tmp_path: Path) -> None:
    root = tmp_path / "schemas"
    shutil.copytree(DEFAULT_ROOT, root)
    (root / "iwlz-aw33-proef" / "5.2").mkdir(parents=True)
    with (root / "registry.toml").open("a") as registry_file:
        registry_file.write(AW33_ENTRY)

    aw33 = MessageTypeRegistry.load(root).get("iwlz-aw33-proef", "5.2")

    assert aw33 is not None
    assert aw33.standard is not None
    document = parse_untrusted(AW33_DOCUMENT).getroot()
    header = aw33.standard.read_header(document)
    assert (header.afzender, header.geadresseerde, header.bericht_versie) == (
        "12345678",
        "5509",
        "5.2",
    )
    assert header.identificatie == "AW33-1"
    # The incomplete document fails its schema; the rule set, run alone, names CS002.
    assert {m.code for m in aw33.validate(document, received_at=RECEIVED_AT)} == {"GW301"}
    assert aw33.standard.rule_set is not None
    findings = aw33.standard.rule_set.run(document)
    assert [(m.code, m.omschrijving.split(":")[0], m.locatie) for m in findings] == [
        ("GW481", "CS002", "/Bericht/Clienten/Client/Bsn (regel 17)"),
        ("GW481", "TR021", "/Bericht/Header/Ontvanger (regel 9)"),
    ]


# --- hooks: a deployment overrides the standard's always-pass templates --------------------

HOOKS_EXAMPLE = DEFAULT_ROOT.parent / "docs" / "examples" / "iwlz-hooks"


def test_a_deployments_hook_makes_tr100_fire_for_a_zorgkantoor_not_given_to_the_provider() -> None:
    registry = MessageTypeRegistry.load(hooks=HOOKS_EXAMPLE)
    aw35 = _type(registry, "iwlz-aw35")
    path = DEFAULT_ROOT / "iwlz-aw35" / "5.2" / "examples" / "valid-zorgzwaartepakket.xml"
    allowed = parse_untrusted(path.read_bytes()).getroot()
    elsewhere = parse_untrusted(
        path.read_bytes().replace(b"<Ontvanger>5509<", b"<Ontvanger>5501<")
    ).getroot()

    assert aw35.validate(allowed, received_at=RECEIVED_AT) == []
    [melding] = aw35.validate(elsewhere, received_at=RECEIVED_AT)
    assert melding.code == "GW441"
    assert melding.omschrijving.startswith("TR100: Ontvanger")
    assert (
        melding.locatie == "/Bericht/Header/Afzender (regel 7); /Bericht/Header/Ontvanger (regel 8)"
    )
    # Without the hooks the standard's default passes; AW39 (no hook file) is untouched.
    assert (
        _type(MessageTypeRegistry.load(), "iwlz-aw35").validate(elsewhere, received_at=RECEIVED_AT)
        == []
    )


def test_a_hook_file_is_held_to_the_same_rules_as_the_standard(tmp_path: Path) -> None:
    (tmp_path / "iwlz-aw35-5.2.xsl").write_text(
        f'{XSL_HEAD}<xsl:template match="*" mode="validZorginstelling">'
        "<xsl:copy-of select=\"document('/etc/passwd')\"/></xsl:template></xsl:stylesheet>"
    )

    with pytest.raises(MessageTypeError, match=r"iwlz-aw35-5\.2\.xsl: document\(\) is not allowed"):
        MessageTypeRegistry.load(hooks=tmp_path)


# --- own rules in ISO Schematron ---------------------------------------------------------------

SCH_HEAD = (
    '<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">'
    '<sch:ns prefix="aw35" uri="http://www.istandaarden.nl/iwlz/2_2/aw35/schema"/>'
    '<sch:pattern><sch:rule context="aw35:Client">'
)
SCH_TAIL = "</sch:rule></sch:pattern></sch:schema>"
CLIENT_XML = DEFAULT_ROOT / "iwlz-aw35" / "5.2" / "examples" / "valid-twee-clienten.xml"


def test_schematron_findings_carry_code_ernst_fixed_text_and_location(tmp_path: Path) -> None:
    (tmp_path / "r.sch").write_text(
        f'{SCH_HEAD}<sch:report id="GW443" role="waarschuwing" test="aw35:Geslacht = 2">'
        f"Client met geslacht 2.</sch:report>{SCH_TAIL}"
    )
    rules = compile_schematron(tmp_path / "r.sch", tmp_path)

    found = rules.run(parse_untrusted(CLIENT_XML.read_bytes()).getroot())

    assert [(m.code, m.ernst, m.omschrijving, m.locatie) for m in found] == [
        (
            "GW443",
            Ernst.WAARSCHUWING,
            "Client met geslacht 2.",
            "/Bericht/Clienten/Client[1] (regel 19)",
        ),
        (
            "GW443",
            Ernst.WAARSCHUWING,
            "Client met geslacht 2.",
            "/Bericht/Clienten/Client[2] (regel 46)",
        ),
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            '<sch:assert id="GW443" test="false()">Bsn '
            '<sch:value-of select="aw35:Bsn"/>.</sch:assert>',
            "value-of is not allowed",
        ),
        ('<sch:assert id="GW443" test="false()">Fout.<sch:name/></sch:assert>', "must be literal"),
        ('<sch:assert test="false()">Fout.</sch:assert>', "id must be the rule's code"),
        ('<sch:assert id="GW443" role="fatal" test="false()">Fout.</sch:assert>', "role must be"),
        (
            '<sch:assert id="GW443" test="document(\'x\')">Fout.</sch:assert>',
            r"document\(\) is not allowed",
        ),
    ],
    ids=["value-of", "name", "no id", "bad role", "document()"],
)
def test_schematron_that_could_copy_document_values_is_refused(
    tmp_path: Path, body: str, problem: str
) -> None:
    (tmp_path / "r.sch").write_text(f"{SCH_HEAD}{body}{SCH_TAIL}")

    with pytest.raises(RuleSetError, match=problem):
        compile_schematron(tmp_path / "r.sch", tmp_path)


def test_schematron_include_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.sch").write_text(
        '<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">'
        '<sch:include href="/etc/passwd"/></sch:schema>'
    )

    with pytest.raises(RuleSetError, match="include is not allowed"):
        compile_schematron(tmp_path / "r.sch", tmp_path)


def test_the_aw35_schematron_rule_runs_beside_the_standards_rule_set(
    registry: MessageTypeRegistry,
) -> None:
    aw35 = _type(registry, "iwlz-aw35")
    assert aw35.schematron is not None
    text = (
        DEFAULT_ROOT
        / "iwlz-aw35"
        / "5.2"
        / "examples"
        / "invalid-GW441-cs062-leveringsstatus-niet-in-zorg.xml"
    ).read_text()
    both = text.replace(
        "<ToewijzingIngangsdatum>2026-11-01<", "<ToewijzingIngangsdatum>2026-11-17<"
    )

    found = aw35.validate(parse_untrusted(both.encode()).getroot(), received_at=RECEIVED_AT)

    assert sorted((m.code, m.omschrijving.split(":")[0]) for m in found) == [
        ("GW441", "CS062"),
        ("GW442", "Begindatum ligt voor de ToewijzingIngangsdatum."),
    ]


# --- where the rule set runs -------------------------------------------------------------------


def test_a_type_with_a_rule_set_runs_on_the_large_message_lane(
    registry: MessageTypeRegistry,
) -> None:
    from types import SimpleNamespace

    from gateway.services.cpu import CpuLanes
    from gateway.services.receive import _lane_size

    lanes = CpuLanes()
    ctx = SimpleNamespace(cpu=lanes)
    try:
        aw35 = _type(registry, "iwlz-aw35")
        plan = registry.get("meerzorgplan", "1.0")
        assert plan is not None
        assert lanes.lane(_lane_size(ctx, aw35, 5 * 1024)) is lanes.lane(lanes.large_from)  # type: ignore[arg-type]
        assert lanes.lane(_lane_size(ctx, plan, 5 * 1024)) is lanes.lane(0)  # type: ignore[arg-type]
        assert lanes.lane(0) is not lanes.lane(lanes.large_from)
    finally:
        lanes.close()


# --- a shared import loaded once ---------------------------------------------------------------


def _all_iwlz_examples() -> list[object]:
    return [
        pytest.param(naam, path, id=f"{naam}-{path.stem}")
        for naam in ("iwlz-aw33", "iwlz-aw35", "iwlz-aw39")
        for path in sorted((DEFAULT_ROOT / naam / "5.2" / "examples").glob("*.xml"))
    ]


def _published(naam: str) -> Path:
    return XSLT_DIR / "wlz" / "2_2" / f"{naam.removeprefix('iwlz-').upper()}.xsl"


@pytest.mark.parametrize(("naam", "path"), _all_iwlz_examples())
def test_a_shared_import_loaded_once_gives_the_published_output_byte_for_byte(
    registry: MessageTypeRegistry, naam: str, path: Path
) -> None:
    """Every iWlz rule module imports common/basis.xsl; the gateway compiles it once
    (84 MiB less for AW33) and the Rapport is the one lxml makes of the published
    stylesheet as it is, byte for byte, for every example (valid or not)."""
    rule_set = _type(registry, naam).standard.rule_set  # type: ignore[union-attr]
    assert rule_set is not None
    assert rule_set.shared_import == XSLT_DIR / "wlz" / "2_2" / "common" / "basis.xsl"
    assert rule_set.imports_skipped > 10
    document = etree.parse(str(path))
    direct = etree.XSLT(etree.parse(str(_published(naam))))(document)
    ours = rule_set.transform(document)
    assert bytes(ours) == bytes(direct)
    assert etree.tostring(ours) == etree.tostring(direct)


def test_the_hooks_keep_the_published_output_with_the_shared_import_loaded_once(
    tmp_path: Path,
) -> None:
    hooks = DEFAULT_ROOT.parent / "docs" / "examples" / "iwlz-hooks" / "iwlz-aw35-5.2.xsl"
    stylesheet = _published("iwlz-aw35")
    rule_set = compile_rule_set(stylesheet, [XSLT_DIR], "GW441", hooks=hooks)
    assert rule_set.imports_skipped > 10
    wrapper = tmp_path / "wrapper.xsl"
    wrapper.write_text(
        f'{XSL_HEAD}<xsl:import href="{stylesheet.as_uri()}"/>'
        f'<xsl:import href="{hooks.as_uri()}"/></xsl:stylesheet>'
    )
    direct = etree.XSLT(etree.parse(str(wrapper)))
    for path in sorted((DEFAULT_ROOT / "iwlz-aw35" / "5.2" / "examples").glob("*.xml")):
        document = etree.parse(str(path))
        assert bytes(rule_set.transform(document)) == bytes(direct(document)), path.name


def _write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"{XSL_HEAD}{body}</xsl:stylesheet>")
    return path


_SHAPES = {
    # one stylesheet imported by every module: loaded once
    "one-import": (
        True,
        {
            "main.xsl": '<xsl:import href="base.xsl"/><xsl:include href="a.xsl"/>'
            '<xsl:include href="b.xsl"/>'
            '<xsl:template match="/"><r><xsl:apply-templates select="*"/></r></xsl:template>',
            "a.xsl": '<xsl:import href="base.xsl"/>',
            "b.xsl": '<xsl:import href="base.xsl"/>',
            "base.xsl": '<xsl:template match="*"><base/></xsl:template>',
        },
    ),
    # another stylesheet imported between two imports of base, overriding its template:
    # the second copy of base wins in XSLT, so loading base once would change the output
    "another-import-in-between": (
        False,
        {
            "main.xsl": '<xsl:include href="a.xsl"/><xsl:include href="b.xsl"/>'
            '<xsl:template match="/"><r><xsl:apply-templates select="*"/></r></xsl:template>',
            "a.xsl": '<xsl:import href="base.xsl"/><xsl:import href="other.xsl"/>',
            "b.xsl": '<xsl:import href="base.xsl"/>',
            "base.xsl": '<xsl:template match="*"><base/></xsl:template>',
            "other.xsl": '<xsl:template match="*"><other/></xsl:template>',
        },
    ),
    # base is also included somewhere: its templates at the including level
    "also-included": (
        False,
        {
            "main.xsl": '<xsl:import href="base.xsl"/><xsl:include href="a.xsl"/>'
            '<xsl:template match="/"><r><xsl:apply-templates select="*"/></r></xsl:template>',
            "a.xsl": '<xsl:include href="base.xsl"/>',
            "base.xsl": '<xsl:template match="x"><base/></xsl:template>',
        },
    ),
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_a_shared_import_is_loaded_once_only_where_that_cannot_change_the_output(
    tmp_path: Path, shape: str
) -> None:
    once, files = _SHAPES[shape]
    for name, body in files.items():
        _write(tmp_path, name, body)
    rule_set = compile_rule_set(tmp_path / "main.xsl", [tmp_path], "GW441")
    assert (rule_set.shared_import is not None) is once
    document = etree.fromstring(b"<x/>")
    direct = etree.XSLT(etree.parse(str(tmp_path / "main.xsl")))(document)
    assert bytes(rule_set.transform(document)) == bytes(direct)
