"""XSD validation errors as Meldingen: element names and locations, never a value."""

from __future__ import annotations

import re

from lxml import etree

from gateway.domain.meldingen import Ernst, Melding
from gateway.messagetypes.common import (
    MAX_SCHEMA_MELDINGEN,
    SCHEMA_CODE,
)
from gateway.messagetypes.rules import (
    _SAFE_NAME_RE,
    _local_name,
    _locatie,
)

# --- schema errors to Meldingen ---------------------------------------------------------

_NOT_OF_TYPE = "is geen geldige waarde van het voorgeschreven gegevenstype"
_VALUE_TEXTS = {
    "SCHEMAV_CVC_PATTERN_VALID": "heeft niet het voorgeschreven formaat",
    "SCHEMAV_CVC_LENGTH_VALID": "heeft niet de toegestane lengte",
    "SCHEMAV_CVC_MINLENGTH_VALID": "is korter dan toegestaan",
    "SCHEMAV_CVC_MAXLENGTH_VALID": "is langer dan toegestaan",
    "SCHEMAV_CVC_ENUMERATION_VALID": "is geen toegestane waarde",
    "SCHEMAV_CVC_MININCLUSIVE_VALID": "is kleiner dan toegestaan",
    "SCHEMAV_CVC_MINEXCLUSIVE_VALID": "is kleiner dan toegestaan",
    "SCHEMAV_CVC_MAXINCLUSIVE_VALID": "is groter dan toegestaan",
    "SCHEMAV_CVC_MAXEXCLUSIVE_VALID": "is groter dan toegestaan",
    "SCHEMAV_CVC_TOTALDIGITS_VALID": "heeft te veel cijfers",
    "SCHEMAV_CVC_FRACTIONDIGITS_VALID": "heeft te veel decimalen",
    "SCHEMAV_CVC_DATATYPE_VALID_1_2_1": _NOT_OF_TYPE,
    "SCHEMAV_CVC_DATATYPE_VALID_1_2_2": _NOT_OF_TYPE,
    "SCHEMAV_CVC_DATATYPE_VALID_1_2_3": _NOT_OF_TYPE,
    "SCHEMAV_CVC_VC_VALID": "is niet de voorgeschreven vaste waarde",
}
_STRUCTURE_TEXTS = {
    "SCHEMAV_CVC_COMPLEX_TYPE_2_1": "Element {naam} moet leeg zijn.",
    "SCHEMAV_CVC_COMPLEX_TYPE_2_3": "Element {naam} mag geen tekst bevatten.",
    "SCHEMAV_CVC_TYPE_3_1_2": "Element {naam} mag geen kindelementen bevatten.",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_2_1": "Element {naam} heeft een attribuut dat niet is toegestaan.",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_2_2": "Element {naam} heeft een attribuut dat niet is toegestaan.",
    "SCHEMAV_CVC_COMPLEX_TYPE_4": "Element {naam} mist een verplicht attribuut.",
    "SCHEMAV_CVC_ELT_1": "Element {naam} is niet gedeclareerd in het schema.",
}
_FALLBACK_TEXT = "Waarde of structuur niet geldig volgens het schema."
_EXPECTED_RE = re.compile(r"Expected is (?:one of )?\((.*)\)")
_EXPECTED_NAME_RE = re.compile(r"\{[^}]*\}([A-Za-z_][A-Za-z0-9_.-]*)")
_MESSAGE_ELEMENT_RE = re.compile(r"Element '(?:\{[^}]*\})?([^']*)'")


def _expected_names(message: str) -> list[str]:
    """Element names the schema expected: these come from the schema, not the document."""
    match = _EXPECTED_RE.search(message)
    if match is None:
        return []
    names = _EXPECTED_NAME_RE.findall(match[1])
    return [name for name in dict.fromkeys(names) if _SAFE_NAME_RE.fullmatch(name)]


def _describe_schema_error(entry: etree._LogEntry, element_name: str | None) -> str:
    """A Dutch text for one lxml schema error: the element name, never the value."""
    naam = element_name if element_name and _SAFE_NAME_RE.fullmatch(element_name) else None
    type_name = entry.type_name
    if naam is None:
        return _FALLBACK_TEXT
    if type_name in _VALUE_TEXTS:
        return f"De waarde van element {naam} {_VALUE_TEXTS[type_name]}."
    if type_name in _STRUCTURE_TEXTS:
        return _STRUCTURE_TEXTS[type_name].format(naam=naam)
    if type_name in ("SCHEMAV_ELEMENT_CONTENT", "SCHEMAV_CVC_COMPLEX_TYPE_2_4"):
        expected = _expected_names(entry.message)
        hint = f" Verwacht: {', '.join(expected)}." if expected else ""
        if "Missing child" in entry.message:
            return f"Element {naam} mist een verplicht kindelement.{hint}"
        return f"Element {naam} wordt op deze plaats niet verwacht.{hint}"
    return f"Element {naam}: {_FALLBACK_TEXT[0].lower()}{_FALLBACK_TEXT[1:]}"


def _schema_meldingen(error_log: etree._ListErrorLog, root: etree._Element) -> list[Melding]:
    document = root.getroottree()
    meldingen: list[Melding] = []
    seen: set[str] = set()
    for entry in error_log:
        element: etree._Element | None = None
        if entry.path:
            try:
                found = document.xpath(entry.path)
            except etree.XPathError:
                found = None
            if isinstance(found, list) and found and isinstance(found[0], etree._Element):
                element = found[0]
        if element is not None:
            locatie = _locatie(element, root)
            naam: str | None = _local_name(element)
        else:
            locatie = f"(regel {entry.line})"
            match = _MESSAGE_ELEMENT_RE.match(entry.message)
            naam = match[1] if match else None
        if locatie in seen:  # libxml2 may report one bad value twice (facet, then type)
            continue
        seen.add(locatie)
        meldingen.append(
            Melding(SCHEMA_CODE, Ernst.FOUT, _describe_schema_error(entry, naam), locatie)
        )
        if len(meldingen) >= MAX_SCHEMA_MELDINGEN:
            break
    if not meldingen:
        meldingen.append(Melding(SCHEMA_CODE, Ernst.FOUT, _FALLBACK_TEXT, _locatie(root, root)))
    return meldingen
