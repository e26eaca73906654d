"""Every example payload of every registered message type gives exactly the Meldingen its name says.

``valid-*.xml`` gives none; ``invalid-GWxxx-<slug>.xml`` gives that code and no
other. Every rule in every rules.toml needs an invalid example, so a rule
cannot be added without showing that it fires.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from gateway.domain.meldingen import Ernst
from gateway.messagetypes import DEFAULT_ROOT, MessageType, MessageTypeRegistry
from gateway.security.xmlparse import parse_untrusted

RECEIVED_AT = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
SCH = "{http://purl.oclc.org/dsdl/schematron}"
REGISTRY = MessageTypeRegistry.load()
NAME_RE = re.compile(r"(?:valid|invalid-(?P<code>GW[0-9]{3}))-[a-z0-9-]+\.xml")
# An external standard's rule set: invalid-GW441-cs062-<slug>.xml names the standard's rule too.
STANDARD_RULE_RE = re.compile(r"invalid-GW[0-9]{3}-(?P<rule>[a-z]{2}[0-9]{3})-[a-z0-9-]+\.xml")


def _examples(message_type: MessageType) -> list[Path]:
    assert message_type.folder is not None
    return sorted((message_type.folder / "examples").glob("*.xml"))


def _example_params() -> list[object]:
    return [
        pytest.param(t, path, id=f"{t.naam}-{t.versie}-{path.stem}")
        for t in REGISTRY.all()
        for path in _examples(t)
    ]


def _type_params() -> list[object]:
    return [pytest.param(t, id=f"{t.naam}-{t.versie}") for t in REGISTRY.all()]


def _rule_codes_from_toml(message_type: MessageType) -> dict[str, str]:
    """Code -> ernst, read straight from the files (not through the loader under test)."""
    registry = tomllib.loads((DEFAULT_ROOT / "registry.toml").read_text(encoding="utf-8"))
    for entry in registry["berichttype"]:
        if (entry["naam"], entry["versie"]) == (message_type.naam, message_type.versie):
            # An external standard's rule set reports under its one code, always fout.
            own = {entry["regelset_code"]: "fout"} if "regelset_code" in entry else {}
            if "schematron" in entry:  # own rules in ISO Schematron: id = code, role = ernst
                sch = etree.parse(str(DEFAULT_ROOT / entry["map"] / entry["schematron"]))
                for node in sch.iter(f"{SCH}assert", f"{SCH}report"):
                    own[node.get("id")] = node.get("role", "fout")
            if "rules" not in entry:
                return own
            rules_file = DEFAULT_ROOT / entry["map"] / entry["rules"]
            rules = tomllib.loads(rules_file.read_text(encoding="utf-8"))
            return own | {rule["code"]: rule["ernst"] for rule in rules.get("rule", [])}
    raise AssertionError(f"{message_type.naam} {message_type.versie} not in registry.toml")


def _document_values(root: etree._Element) -> set[str]:
    """Text values that must never show up in a receipt: numbers, dates, codes, longer text."""
    values = set()
    for el in root.iter():
        text = (el.text or "").strip()
        if (len(text) >= 4 and any(c.isdigit() for c in text)) or len(text) >= 12:
            values.add(text)
    return values


@pytest.mark.parametrize(("message_type", "path"), _example_params())
def test_example_gives_the_meldingen_its_name_says(message_type: MessageType, path: Path) -> None:
    match = NAME_RE.fullmatch(path.name)
    assert match, f"example name must be valid-<slug>.xml or invalid-GWxxx-<slug>.xml: {path.name}"
    root = parse_untrusted(path.read_bytes()).getroot()

    meldingen = message_type.validate(root, received_at=RECEIVED_AT)

    code = match["code"]
    if code is None:
        assert meldingen == []
        return
    assert {m.code for m in meldingen} == {code}, [(m.code, m.locatie) for m in meldingen]
    rule_ernst = _rule_codes_from_toml(message_type)
    assert code == "GW301" or code in rule_ernst, f"{code} is not a rule of {message_type.naam}"
    expected = Ernst(rule_ernst.get(code, "fout"))
    assert all(m.ernst is expected for m in meldingen)
    rule_set = message_type.standard.rule_set if message_type.standard else None
    if rule_set is not None and code == rule_set.code:
        standard_rule = STANDARD_RULE_RE.fullmatch(path.name)
        assert standard_rule, f"name the standard's rule: invalid-{code}-cs062-<slug>.xml"
        prefix = f"{standard_rule['rule'].upper()}: "
        assert all(m.omschrijving.startswith(prefix) for m in meldingen), meldingen


@pytest.mark.parametrize(("message_type", "path"), _example_params())
def test_meldingen_never_quote_a_document_value(message_type: MessageType, path: Path) -> None:
    root = parse_untrusted(path.read_bytes()).getroot()
    values = _document_values(root)

    for melding in message_type.validate(root, received_at=RECEIVED_AT):
        shown = f"{melding.omschrijving} {melding.locatie}"
        assert not [v for v in values if v in shown], melding
        assert len(melding.omschrijving) <= 1000


@pytest.mark.parametrize("message_type", _type_params())
def test_every_rule_has_an_invalid_example(message_type: MessageType) -> None:
    example_codes = {m["code"] for p in _examples(message_type) if (m := NAME_RE.fullmatch(p.name))}

    missing = set(_rule_codes_from_toml(message_type)) - example_codes

    assert not missing, f"rules without an invalid example: {sorted(missing)}"


@pytest.mark.parametrize("message_type", _type_params())
def test_every_loaded_rule_comes_from_its_rules_toml(message_type: MessageType) -> None:
    rule_set = message_type.standard.rule_set if message_type.standard else None
    loaded = {r.code for r in message_type.rules} | ({rule_set.code} if rule_set else set())
    if message_type.schematron is not None:
        loaded |= set(message_type.schematron.codes)
    assert loaded == set(_rule_codes_from_toml(message_type))


@pytest.mark.parametrize("message_type", _type_params())
def test_every_type_has_three_valid_and_two_schema_invalid_examples(
    message_type: MessageType,
) -> None:
    names = [p.name for p in _examples(message_type)]

    assert sum(n.startswith("valid-") for n in names) >= 3
    assert sum(n.startswith("invalid-GW301-") for n in names) >= 2


@pytest.mark.parametrize("message_type", _type_params())
def test_examples_are_unsigned_payloads_with_berichtkop_first(message_type: MessageType) -> None:
    for path in _examples(message_type):
        root = parse_untrusted(path.read_bytes()).getroot()
        assert root.tag == message_type.root_tag, path.name
        # An external standard's document is the standard's own: no Berichtkop.
        first = "Header" if message_type.standard is not None else "Berichtkop"
        assert etree.QName(root[0]).localname == first, path.name
        assert root.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None, path.name


def test_rule_codes_are_unique_across_types() -> None:
    seen: dict[str, str] = {}
    for message_type in REGISTRY.all():
        for code in _rule_codes_from_toml(message_type):
            assert code not in seen, f"{code} in {message_type.naam} and {seen[code]}"
            seen[code] = message_type.naam


def test_every_rule_code_is_documented_in_the_readme() -> None:
    readme = (DEFAULT_ROOT / "README.md").read_text(encoding="utf-8")
    for message_type in REGISTRY.all():
        for code, ernst in _rule_codes_from_toml(message_type).items():
            assert re.search(rf"^\| {code} \| {ernst} \| {message_type.naam} \|", readme, re.M), (
                code
            )
