"""Message types as data: XSDs and declarative business rules per type and version.

A message type is a folder under ``schemas/`` listed in ``schemas/registry.toml``:
an XSD (compiled once at load) and an optional ``rules.toml`` whose rules use a
small set of generic rule kinds (``elfproef``, ``date_order``, ...). Adding a
type or version needs no code change. The gateway calls
``MessageType.validate`` on a verified payload (protocol 5.1): schema first
(GW301), then every business rule (GW4xx).

Every Melding produced here names elements and locations only, never a value
from the document: receipts must not carry a BSN or any other content.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import threading
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog
from lxml import etree

from gateway.domain.bsn import contains_bsn_like, passes_elfproef
from gateway.domain.envelope import DocumentHeader
from gateway.domain.errors import GatewayError
from gateway.domain.meldingen import Ernst, Melding
from gateway.domain.participants import Role
from gateway.locatie import locatie_of
from gateway.rulesets import (
    ConfinedResolver,
    RuleSetError,
    RuleSetFailed,
    SchematronRules,
    XsltRuleSet,
    compile_rule_set,
    compile_schematron,
    locate,
    parse_confined,
)
from gateway.security.xmlparse import parse_untrusted

log = structlog.get_logger("gateway.messagetypes")

COMMON_NAMESPACE = "urn:nl:meerzorg:berichtenverkeer:1"
XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "schemas"
# Where an installed gateway (e.g. the Docker image) finds its message types.
SCHEMAS_ENV = "MEERZORG_SCHEMAS"
REGISTRY_FILE = "registry.toml"
COMMON_SCHEMA = Path("common") / "1" / "berichtenverkeer.xsd"

SCHEMA_CODE = "GW301"
ELEMENT_LIMIT_CODE = "GW302"
RULE_SET_FAILED_CODE = "GW303"
# Elements an external-standard document may hold before its rule set runs (registry
# ``max_elementen``): the iWlz stylesheets grow quadratically with the clients (bench/).
DEFAULT_MAX_ELEMENTS = 20_000
MAX_SCHEMA_MELDINGEN = 20
DEFAULT_TIMEZONE = "Europe/Amsterdam"  # the domain's deadlines are Dutch calendar dates

_NAAM_RE = re.compile(r"[a-z][a-z0-9-]{0,63}")
_VERSIE_RE = re.compile(r"[0-9]+\.[0-9]+")
_RULE_CODE_RE = re.compile(r"GW4[0-9]{2}")
_PREFIX_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_MAX_OMSCHRIJVING = 1000  # the receipt schema's maxLength


class MessageTypeError(Exception):
    """The registry, an XSD or a rules.toml is unusable (raised at load, never per message)."""


# --- locations and values ----------------------------------------------------------

_STRING_VALUE = etree.XPath("string()")
# A name we are willing to print in a receipt: an XML name, nothing that looks like data.
_SAFE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,99}")


def _local_name(el: etree._Element) -> str:
    return etree.QName(el).localname


_locatie = locatie_of


def _text(node: etree._Element) -> str:
    return str(_STRING_VALUE(node))


_DATE_RE = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?\s*")
_YEAR_RE = re.compile(r"\s*([0-9]{4})(?:Z|[+-][0-9]{2}:[0-9]{2})?\s*")


def _parse_date(text: str) -> date | None:
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _parse_year(text: str) -> int | None:
    match = _YEAR_RE.fullmatch(text)
    return int(match[1]) if match else None


def _parse_decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- rule kinds ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Input:
    """What a rule looks at: the payload root and when the gateway received it."""

    root: etree._Element
    received_at: datetime


# A check yields the offending nodes; each becomes one Melding.
_Check = Callable[[_Input], Iterator[etree._Element]]


def _nodes(xpath: etree.XPath, context: etree._Element) -> list[etree._Element]:
    result = xpath(context)
    if not isinstance(result, list):
        return []
    # Elements only: comments and processing instructions are _Element subclasses without a name.
    return [
        node for node in result if isinstance(node, etree._Element) and isinstance(node.tag, str)
    ]


def _first(xpath: etree.XPath, context: etree._Element) -> etree._Element | None:
    found = _nodes(xpath, context)
    return found[0] if found else None


class _Params:
    """A rule's kind-specific parameters, checked and compiled once at load."""

    def __init__(self, raw: Mapping[str, Any], namespaces: Mapping[str, str], where: str):
        self._raw = dict(raw)
        self._namespaces = dict(namespaces)
        self._used: set[str] = set()
        self.where = where

    def fail(self, problem: str) -> MessageTypeError:
        return MessageTypeError(f"{self.where}: {problem}")

    def _get(self, key: str, default: Any = None) -> Any:
        self._used.add(key)
        if key not in self._raw:
            if default is None:
                raise self.fail(f"missing parameter {key!r}")
            return default
        return self._raw[key]

    def xpath(self, key: str, default: str | None = None) -> etree.XPath:
        expr = self._get(key, default)
        if not isinstance(expr, str) or not expr.strip():
            raise self.fail(f"parameter {key!r} must be a non-empty XPath string")
        try:
            compiled = etree.XPath(expr, namespaces=self._namespaces, smart_strings=False)
            # lxml reports unknown prefixes and functions only when evaluating.
            compiled(etree.Element("probe"))
        except etree.XPathError as exc:
            raise self.fail(f"parameter {key!r}: invalid XPath {expr!r}: {exc}") from exc
        return compiled

    def integer(self, key: str, *, minimum: int, default: int | None = None) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(f"parameter {key!r} must be an integer >= {minimum}")
        return value

    def decimal(self, key: str) -> Decimal:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail(f"parameter {key!r} must be a number")
        parsed = _parse_decimal(str(value))
        if parsed is None:
            raise self.fail(f"parameter {key!r} must be a number")
        return parsed

    def timezone(self) -> ZoneInfo:
        name = self._get("timezone", DEFAULT_TIMEZONE)
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise self.fail(f"unknown timezone {name!r}") from exc

    def finish(self) -> None:
        unknown = sorted(set(self._raw) - self._used)
        if unknown:
            raise self.fail(f"unknown parameter(s) {', '.join(unknown)}")


def _kind_elfproef(p: _Params) -> _Check:
    """Every selected node's text is a BSN passing the elfproef."""
    select = p.xpath("select")

    def check(doc: _Input) -> Iterator[etree._Element]:
        for node in _nodes(select, doc.root):
            if not passes_elfproef(_text(node).strip()):
                yield node

    return check


def _kind_date_order(p: _Params) -> _Check:
    """Per context node: the date at ``first`` is on or before the date at ``second``."""
    context, first, second = p.xpath("context", "."), p.xpath("first"), p.xpath("second")

    def check(doc: _Input) -> Iterator[etree._Element]:
        for ctx in _nodes(context, doc.root):
            a, b = _first(first, ctx), _first(second, ctx)
            if a is None or b is None:
                continue
            da, db = _parse_date(_text(a)), _parse_date(_text(b))
            if da is not None and db is not None and da > db:
                yield a

    return check


def _kind_date_within_year(p: _Params) -> _Check:
    """Per context node: every date at ``select`` falls in the year at ``year``."""
    context, select, year = p.xpath("context", "."), p.xpath("select"), p.xpath("year")

    def check(doc: _Input) -> Iterator[etree._Element]:
        for ctx in _nodes(context, doc.root):
            year_node = _first(year, ctx)
            expected = _parse_year(_text(year_node)) if year_node is not None else None
            if expected is None:
                continue
            for node in _nodes(select, ctx):
                parsed = _parse_date(_text(node))
                if parsed is not None and parsed.year != expected:
                    yield node

    return check


def _kind_min_count(p: _Params) -> _Check:
    """Per context node: ``select`` finds at least ``min`` nodes."""
    context, select = p.xpath("context"), p.xpath("select")
    minimum = p.integer("min", minimum=1)

    def check(doc: _Input) -> Iterator[etree._Element]:
        for ctx in _nodes(context, doc.root):
            if len(_nodes(select, ctx)) < minimum:
                yield ctx

    return check


def _kind_min_value(p: _Params) -> _Check:
    """Every selected node's number is at least ``min``."""
    select, minimum = p.xpath("select"), p.decimal("min")

    def check(doc: _Input) -> Iterator[etree._Element]:
        for node in _nodes(select, doc.root):
            value = _parse_decimal(_text(node))
            if value is not None and value < minimum:
                yield node

    return check


def _kind_equals_berichtkop(p: _Params) -> _Check:
    """Every selected node's text equals ``field`` of the signed Berichtkop."""
    select, kop_field = p.xpath("select"), p.xpath("field")

    def check(doc: _Input) -> Iterator[etree._Element]:
        kop = doc.root.find(f"{{{COMMON_NAMESPACE}}}Berichtkop")
        expected_node = _first(kop_field, kop) if kop is not None else None
        if expected_node is None:
            return
        expected = _text(expected_node).strip()
        for node in _nodes(select, doc.root):
            if _text(node).strip() != expected:
                yield node

    return check


def _kind_received_before(p: _Params) -> _Check:
    """Per context node: received (local date) before day/month of the year at ``year``."""
    context, year = p.xpath("context", "."), p.xpath("year")
    month = p.integer("month", minimum=1)
    day = p.integer("day", minimum=1)
    zone = p.timezone()
    try:
        date(2000, month, day)  # a leap year, so 29 February is allowed
    except ValueError as exc:
        raise p.fail("month/day is not a calendar day") from exc

    def check(doc: _Input) -> Iterator[etree._Element]:
        received = _as_utc(doc.received_at).astimezone(zone).date()
        for ctx in _nodes(context, doc.root):
            year_node = _first(year, ctx)
            value = _parse_year(_text(year_node)) if year_node is not None else None
            if year_node is None or value is None:
                continue
            try:
                deadline = date(value, month, day)
            except ValueError:
                continue
            if received >= deadline:
                yield year_node

    return check


def _kind_min_days_before(p: _Params) -> _Check:
    """Received (local date) at least ``days`` days before every selected date."""
    select = p.xpath("select")
    days = p.integer("days", minimum=0)
    zone = p.timezone()

    def check(doc: _Input) -> Iterator[etree._Element]:
        received = _as_utc(doc.received_at).astimezone(zone).date()
        for node in _nodes(select, doc.root):
            target = _parse_date(_text(node))
            if target is not None and (target - received).days < days:
                yield node

    return check


def _kind_no_bsn_in_text(p: _Params) -> _Check:
    """No selected (free-text) node holds an elfproef-valid 9-digit number."""
    select = p.xpath("select")

    def check(doc: _Input) -> Iterator[etree._Element]:
        for node in _nodes(select, doc.root):
            if contains_bsn_like(_text(node)):
                yield node

    return check


def _kind_sha256_matches(p: _Params) -> _Check:
    """Per context node: hex SHA-256 at ``digest`` equals the hash of base64 ``content``."""
    context, digest, content = p.xpath("context"), p.xpath("digest"), p.xpath("content")

    def check(doc: _Input) -> Iterator[etree._Element]:
        for ctx in _nodes(context, doc.root):
            digest_node, content_node = _first(digest, ctx), _first(content, ctx)
            if digest_node is None or content_node is None:
                continue
            encoded = "".join(_text(content_node).split())
            try:
                data = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                yield digest_node  # content that cannot be decoded cannot match
                continue
            if hashlib.sha256(data).hexdigest() != _text(digest_node).strip().lower():
                yield digest_node

    return check


RULE_KINDS: Mapping[str, Callable[[_Params], _Check]] = {
    "elfproef": _kind_elfproef,
    "date_order": _kind_date_order,
    "date_within_year": _kind_date_within_year,
    "min_count": _kind_min_count,
    "min_value": _kind_min_value,
    "equals_berichtkop": _kind_equals_berichtkop,
    "received_before": _kind_received_before,
    "min_days_before": _kind_min_days_before,
    "no_bsn_in_text": _kind_no_bsn_in_text,
    "sha256_matches": _kind_sha256_matches,
}


@dataclass(frozen=True)
class Rule:
    """One business rule of a message type, loaded from its rules.toml."""

    code: str
    ernst: Ernst
    omschrijving: str
    kind: str
    source: Path = field(compare=False)
    check: _Check = field(repr=False, compare=False)

    def apply(self, doc: _Input) -> list[Melding]:
        return [
            Melding(self.code, self.ernst, self.omschrijving, _locatie(node, doc.root))
            for node in self.check(doc)
        ]


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


# --- payloads in an external standard ----------------------------------------------------

HEADER_FIELDS = ("afzender", "geadresseerde", "bericht_versie", "identificatie", "dagtekening")


@dataclass(frozen=True)
class ExternalStandard:
    """A payload that is a national standard's own document (an iWlz ``Bericht``).

    There is no Berichtkop: ``header`` holds the registry's XPaths to the Kop fields in
    the document's own Header. After a clean XSD check the standard's XSLT rule set
    runs, unless the document holds more than ``max_elements`` elements (GW302).
    """

    header: Mapping[str, etree.XPath] = field(repr=False)
    rule_set: XsltRuleSet | None = field(repr=False)
    max_elements: int = DEFAULT_MAX_ELEMENTS

    def read_header(self, root: etree._Element) -> DocumentHeader:
        """The Kop fields as the signed document states them ("" where absent)."""
        values: dict[str, str] = {}
        locaties: dict[str, str] = {}
        for name, path in self.header.items():
            result = path(root)
            if isinstance(result, list):
                node = next((n for n in result if isinstance(n, etree._Element)), None)
                values[name] = _text(node).strip() if node is not None else ""
                if node is not None:
                    locaties[name] = _locatie(node, root)
            else:
                values[name] = str(result).strip()
        return DocumentHeader(
            afzender=values["afzender"],
            geadresseerde=values["geadresseerde"],
            bericht_versie=values["bericht_versie"],
            identificatie=values["identificatie"],
            dagtekening=_parse_date(values["dagtekening"]),
            locaties=locaties,
        )

    def check(self, payload: etree._Element, naam: str) -> list[Melding]:
        """The rule set's findings; the element cap first, so a huge document costs little."""
        if self.rule_set is None:
            return []
        for count, _ in enumerate(payload.iter(), start=1):
            if count > self.max_elements:
                return [
                    Melding(
                        ELEMENT_LIMIT_CODE,
                        Ernst.FOUT,
                        "Bericht bevat meer elementen dan dit berichttype toestaat.",
                        _locatie(payload, payload),
                    )
                ]
        try:
            return self.rule_set.run(payload)
        except RuleSetFailed:
            # The operator must see this; the sender gets a 422 for this message only.
            log.error("ruleset_failed", bericht_type=naam, stylesheet=self.rule_set.path.name)
            return [
                Melding(
                    RULE_SET_FAILED_CODE,
                    Ernst.FOUT,
                    "De regelcontrole van de standaard kon niet worden uitgevoerd.",
                    _locatie(payload, payload),
                )
            ]


# --- message types ---------------------------------------------------------------------


@dataclass(frozen=True)
class MessageType:
    """One BerichtType and BerichtVersie: its compiled schema and its business rules."""

    naam: str
    versie: str
    namespace: str
    root_tag: str  # Clark notation: "{urn:...}Meerzorgplan"
    schema: etree.XMLSchema = field(repr=False, compare=False)
    rules: tuple[Rule, ...] = field(default=(), repr=False, compare=False)
    folder: Path | None = field(default=None, repr=False, compare=False)
    # Where the payload holds BSNs (registry.toml ``bsn_xpaths``), for audit pseudonyms.
    bsn_paths: tuple[etree.XPath, ...] = field(default=(), repr=False, compare=False)
    # Set for a payload in an external standard (no Berichtkop; its own header and rule set).
    standard: ExternalStandard | None = field(default=None, repr=False, compare=False)
    # Own rules in ISO Schematron (registry ``schematron``), beside rules.toml.
    schematron: SchematronRules | None = field(default=None, repr=False, compare=False)
    # Who sends it and who receives it (registry ``afzender_rol`` / ``ontvanger_rol``).
    afzender_rol: Role = Role.ZORGAANBIEDER
    ontvanger_rol: Role = Role.CONCESSIEHOUDER
    # The BerichtTypes this type answers (registry ``antwoord_op``): when set, the Kop
    # needs ConversatieId and AlsAntwoordOp, naming one of them the sender received.
    antwoord_op: tuple[str, ...] = ()
    # lxml keeps one error log per XMLSchema object: one validation at a time.
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def validate(self, payload: etree._Element, *, received_at: datetime) -> list[Melding]:
        """Schema first, then rules: the payload's findings; an empty list means clean.

        Any schema error gives GW301 fout Meldingen (at most 20) and no rule runs.
        Otherwise every rule runs and all its findings (fout and waarschuwing) return.
        """
        if payload.tag != self.root_tag:
            naam = etree.QName(payload).localname if isinstance(payload.tag, str) else None
            text = (
                f"Root-element {naam} is niet het root-element van dit berichttype."
                if naam and _SAFE_NAME_RE.fullmatch(naam)
                else "Root-element is niet het root-element van dit berichttype."
            )
            return [Melding(SCHEMA_CODE, Ernst.FOUT, text, _locatie(payload, payload))]
        with self._lock:
            valid = self.schema.validate(payload)
            error_log = self.schema.error_log
        if not valid:
            return _schema_meldingen(error_log, payload)
        findings: list[Melding] = []
        if self.standard is not None:
            findings = self.standard.check(payload, self.naam)
            if any(m.code in (ELEMENT_LIMIT_CODE, RULE_SET_FAILED_CODE) for m in findings):
                return findings
        if self.schematron is not None:
            try:
                findings = findings + self.schematron.run(payload)
            except RuleSetFailed:
                log.error(
                    "ruleset_failed", bericht_type=self.naam, stylesheet=self.schematron.path.name
                )
                return [
                    Melding(
                        RULE_SET_FAILED_CODE,
                        Ernst.FOUT,
                        "De regelcontrole van de standaard kon niet worden uitgevoerd.",
                        _locatie(payload, payload),
                    )
                ]
        return findings + self.check_rules(payload, received_at=received_at)

    def bsns(self, payload: etree._Element) -> list[str]:
        """The 9-digit BSN values the payload carries, deduplicated, in document order.

        Only for the keyed pseudonyms of the NEN 7513 audit trail: never log or store them.
        """
        found: list[str] = []
        for path in self.bsn_paths:
            result = path(payload)
            for node in result if isinstance(result, list) else []:
                value = (_text(node) if isinstance(node, etree._Element) else str(node)).strip()
                if len(value) == 9 and value.isascii() and value.isdigit() and value not in found:
                    found.append(value)
        return found

    def check_rules(self, payload: etree._Element, *, received_at: datetime) -> list[Melding]:
        """Only the business rules, without the schema (``validate`` is what the gateway calls)."""
        doc = _Input(payload, received_at)
        findings: list[Melding] = []
        for rule in self.rules:
            findings.extend(rule.apply(doc))
        return findings


class MessageTypeRegistry:
    """All message types from ``schemas/registry.toml``, plus the common envelope schema."""

    def __init__(
        self, types: Mapping[tuple[str, str], MessageType], envelope_schema: etree.XMLSchema
    ):
        self._types = dict(types)
        self.envelope_schema = envelope_schema

    @classmethod
    def load(cls, root: Path | None = None, *, hooks: Path | None = None) -> MessageTypeRegistry:
        """Read the registry and compile every XSD and rules.toml (MessageTypeError on a flaw).

        ``hooks`` is a deployment's folder: ``<naam>-<versie>.xsl`` there overrides the
        hook templates of that type's XSLT rule set (schemas/README.md, "Hooks").
        """
        env_root = os.environ.get(SCHEMAS_ENV)
        root = (root or (Path(env_root) if env_root else DEFAULT_ROOT)).resolve()
        registry_file = root / REGISTRY_FILE
        data = _read_toml(registry_file)
        envelope_schema = _compile_schema(root / COMMON_SCHEMA, root)
        entries = data.get("berichttype", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise MessageTypeError(f"{registry_file}: 'berichttype' must be an array of tables")
        unknown_top = sorted(set(data) - {"berichttype"})
        if unknown_top:
            raise MessageTypeError(f"{registry_file}: unknown key(s) {', '.join(unknown_top)}")
        types: dict[tuple[str, str], MessageType] = {}
        rule_sources: dict[str, Path] = {}
        for index, entry in enumerate(entries, start=1):
            message_type = _load_type(
                entry, root, f"{registry_file}: berichttype #{index}", hooks=hooks
            )
            key = (message_type.naam, message_type.versie)
            if key in types:
                raise MessageTypeError(f"{registry_file}: {key[0]} {key[1]} is listed twice")
            sources = [(rule.code, rule.source) for rule in message_type.rules]
            if message_type.schematron is not None:
                sources += [
                    (c, message_type.schematron.path) for c in message_type.schematron.codes
                ]
            if message_type.standard is not None and message_type.standard.rule_set is not None:
                rule_set = message_type.standard.rule_set
                sources.append((rule_set.code, rule_set.path))
            for code, source in sources:
                if code in rule_sources:
                    raise MessageTypeError(
                        f"{source}: rule code {code} is also used in {rule_sources[code]}"
                    )
                rule_sources[code] = source
            types[key] = message_type
        return cls(types, envelope_schema)

    def get(self, naam: str, versie: str) -> MessageType | None:
        return self._types.get((naam, versie))

    def all(self) -> list[MessageType]:
        return sorted(self._types.values(), key=lambda t: (t.naam, t.versie))


# --- loading -----------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise MessageTypeError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MessageTypeError(f"{path}: not valid TOML: {exc}") from exc


def _inside(path: Path, folder: Path, where: str) -> Path:
    resolved = path.resolve()
    if not resolved.is_relative_to(folder):
        raise MessageTypeError(f"{where}: {path} lies outside {folder}")
    if not resolved.is_file():
        raise MessageTypeError(f"{where}: {path} does not exist")
    return resolved


def _parse_xsd(path: Path) -> etree._ElementTree:
    """Parse one XSD with the hardened parser (no DTD, no entities, no network)."""
    try:
        tree = parse_untrusted(path.read_bytes())
    except OSError as exc:
        raise MessageTypeError(f"{path}: cannot read: {exc.strerror}") from exc
    except GatewayError as exc:
        raise MessageTypeError(f"{path}: not a well-formed, DTD-free XML document") from exc
    tree.docinfo.URL = str(path)  # so relative schemaLocations resolve next to the file
    return tree


def _check_imports(path: Path, tree: etree._ElementTree, root: Path, seen: set[Path]) -> None:
    """Every imported or included XSD is a relative file under ``root`` and parses safely."""
    seen.add(path)
    locations = tree.xpath(
        "/xs:schema/xs:import/@schemaLocation | /xs:schema/xs:include/@schemaLocation"
        " | /xs:schema/xs:redefine/@schemaLocation | /xs:schema/xs:override/@schemaLocation",
        namespaces={"xs": XSD_NAMESPACE},
    )
    for location in map(str, locations if isinstance(locations, list) else []):
        if ":" in location or location.startswith(("/", "\\")):
            raise MessageTypeError(f"{path}: schemaLocation {location!r} must be a relative path")
        target = locate(path.parent / location, root)
        if target is None:
            raise MessageTypeError(f"{path}: {location} lies outside {root} or does not exist")
        if target not in seen:
            _check_imports(target, _parse_xsd(target), root, seen)


def _compile_schema(path: Path, root: Path) -> etree.XMLSchema:
    path = _inside(path, root, str(root / REGISTRY_FILE))
    tree = _parse_xsd(path)
    _check_imports(path, tree, root, set())
    # Parsed again with a resolver that keeps imports under root and finds a file whose
    # name differs only in case (iWlz: basisschema.xsd is published as Basisschema.xsd).
    resolver = ConfinedResolver([root])
    try:
        schema = etree.XMLSchema(parse_confined(path, resolver))
    except RuleSetError as exc:
        raise MessageTypeError(str(exc)) from exc
    except etree.XMLSchemaParseError as exc:
        raise MessageTypeError(f"{path}: not a valid XML Schema: {exc}") from exc
    if resolver.refused:
        raise MessageTypeError(f"{path}: imports {resolver.refused[0]}, outside {root}")
    return schema


def _required_str(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise MessageTypeError(f"{where}: {key!r} must be a non-empty string")
    return value


_REGISTRY_KEYS = {
    "naam",
    "versie",
    "map",
    "schema",
    "rules",
    "schematron",
    "root",
    "bsn_xpaths",
    "afzender_rol",
    "ontvanger_rol",
    "antwoord_op",
}


def _role(entry: Mapping[str, Any], key: str, default: Role, where: str) -> Role:
    """``afzender_rol`` / ``ontvanger_rol``: zorgaanbieder or concessiehouder."""
    raw = entry.get(key, default.value)
    try:
        return Role(raw)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise MessageTypeError(f"{where}: {key} must be one of {roles}") from None


def _antwoord_op(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    raw = entry.get("antwoord_op", [])
    if not isinstance(raw, list) or not all(
        isinstance(x, str) and _NAAM_RE.fullmatch(x) for x in raw
    ):
        raise MessageTypeError(f"{where}: antwoord_op must be a list of BerichtType names")
    return tuple(raw)


# A payload in an external standard (README "payloads in an external standard").
_STANDARD_KEYS = {"standaard", "xslt", "regelset_code", "max_elementen", "kop", "namespaces"}


def _bsn_paths(raw: object, namespace: str, where: str) -> tuple[etree.XPath, ...]:
    """``bsn_xpaths``: XPaths from the payload root; prefix ``t`` is the type's namespace."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise MessageTypeError(f"{where}: bsn_xpaths must be a list of XPath strings")
    try:
        return tuple(etree.XPath(x, namespaces={"t": namespace}) for x in raw)
    except etree.XPathSyntaxError as exc:
        raise MessageTypeError(f"{where}: bsn_xpaths: {exc}") from exc


def _load_type(
    entry: Mapping[str, Any], root: Path, where: str, *, hooks: Path | None = None
) -> MessageType:
    unknown = sorted(set(entry) - _REGISTRY_KEYS - _STANDARD_KEYS)
    if unknown:
        raise MessageTypeError(f"{where}: unknown key(s) {', '.join(unknown)}")
    naam = _required_str(entry, "naam", where)
    versie = _required_str(entry, "versie", where)
    if not _NAAM_RE.fullmatch(naam) or not _VERSIE_RE.fullmatch(versie):
        raise MessageTypeError(f"{where}: naam or versie does not have the envelope's form")
    where = f"{where} ({naam} {versie})"
    folder = (root / _required_str(entry, "map", where)).resolve()
    if not folder.is_relative_to(root) or not folder.is_dir():
        raise MessageTypeError(f"{where}: map must be a folder under {root}")
    standard_folder = folder
    if "standaard" in entry:
        standard_folder = (root / _required_str(entry, "standaard", where)).resolve()
        if not standard_folder.is_relative_to(root) or not standard_folder.is_dir():
            raise MessageTypeError(f"{where}: standaard must be a folder under {root}")
    elif set(entry) & _STANDARD_KEYS:
        raise MessageTypeError(f"{where}: {sorted(set(entry) & _STANDARD_KEYS)} need 'standaard'")
    schema_path = _inside(
        standard_folder / _required_str(entry, "schema", where), standard_folder, where
    )
    schema = _compile_schema(schema_path, root)
    namespace, root_name = _schema_root(schema_path, entry.get("root"), where)
    standard = (
        _load_standard(entry, standard_folder, namespace, where, hooks=hooks)
        if "standaard" in entry
        else None
    )
    rules: tuple[Rule, ...] = ()
    if "rules" in entry:
        rules_path = _inside(folder / _required_str(entry, "rules", where), folder, where)
        rules = _load_rules(rules_path)
    schematron = None
    if "schematron" in entry:
        sch_path = _inside(folder / _required_str(entry, "schematron", where), folder, where)
        try:
            schematron = compile_schematron(sch_path, folder)
        except RuleSetError as exc:
            raise MessageTypeError(f"{where}: {exc}") from exc
        clash = set(schematron.codes) & {r.code for r in rules}
        if clash:
            raise MessageTypeError(f"{where}: {sorted(clash)} in both rules and schematron")
    return MessageType(
        naam=naam,
        versie=versie,
        namespace=namespace,
        root_tag=f"{{{namespace}}}{root_name}",
        schema=schema,
        rules=rules,
        folder=folder,
        bsn_paths=_bsn_paths(entry.get("bsn_xpaths"), namespace, where),
        standard=standard,
        schematron=schematron,
        afzender_rol=_role(entry, "afzender_rol", Role.ZORGAANBIEDER, where),
        ontvanger_rol=_role(entry, "ontvanger_rol", Role.CONCESSIEHOUDER, where),
        antwoord_op=_antwoord_op(entry, where),
    )


def _load_standard(
    entry: Mapping[str, Any],
    folder: Path,
    namespace: str,
    where: str,
    *,
    hooks: Path | None = None,
) -> ExternalStandard:
    """Header XPaths, element cap and XSLT rule set of an external-standard type."""
    namespaces = entry.get("namespaces", {})
    if not isinstance(namespaces, dict) or not all(
        isinstance(k, str) and _PREFIX_RE.fullmatch(k) and k != "t" and isinstance(v, str) and v
        for k, v in namespaces.items()
    ):
        raise MessageTypeError(f"{where}: namespaces must map prefixes (not 't') to URIs")
    namespaces = {**namespaces, "t": namespace}
    kop = entry.get("kop")
    if not isinstance(kop, dict) or set(kop) != set(HEADER_FIELDS):
        raise MessageTypeError(f"{where}: kop must give exactly {', '.join(HEADER_FIELDS)}")
    header: dict[str, etree.XPath] = {}
    for name in HEADER_FIELDS:
        params = _Params({"select": kop[name]}, namespaces, f"{where}: kop.{name}")
        header[name] = params.xpath("select")
    max_elements = entry.get("max_elementen", DEFAULT_MAX_ELEMENTS)
    if isinstance(max_elements, bool) or not isinstance(max_elements, int) or max_elements < 1:
        raise MessageTypeError(f"{where}: max_elementen must be a positive integer")
    rule_set = None
    if "xslt" in entry:
        code = _required_str(entry, "regelset_code", where)
        if not _RULE_CODE_RE.fullmatch(code):
            raise MessageTypeError(f"{where}: regelset_code must look like GW4xx")
        xslt_path = _inside(folder / _required_str(entry, "xslt", where), folder, where)
        hook_file = None
        if hooks is not None:
            candidate = hooks / f"{entry['naam']}-{entry['versie']}.xsl"
            hook_file = candidate.resolve() if candidate.is_file() else None
        try:
            rule_set = compile_rule_set(xslt_path, [folder], code, hooks=hook_file)
        except RuleSetError as exc:
            raise MessageTypeError(f"{where}: {exc}") from exc
    elif "regelset_code" in entry:
        raise MessageTypeError(f"{where}: regelset_code without xslt")
    return ExternalStandard(header=header, rule_set=rule_set, max_elements=max_elements)


def _schema_root(path: Path, configured: object, where: str) -> tuple[str, str]:
    """The type's namespace and root element: the XSD's only global element, or ``root``."""
    schema_el = _parse_xsd(path).getroot()
    namespace = schema_el.get("targetNamespace")
    if not namespace:
        raise MessageTypeError(f"{path}: a message type schema needs a targetNamespace")
    names = [str(el.get("name")) for el in schema_el.iterchildren(f"{{{XSD_NAMESPACE}}}element")]
    if configured is not None:
        if not isinstance(configured, str) or configured not in names:
            raise MessageTypeError(f"{where}: root must name a global element of {path.name}")
        return namespace, configured
    if len(names) != 1:
        raise MessageTypeError(
            f"{where}: {path.name} declares {len(names)} global elements; name one with 'root'"
        )
    return namespace, names[0]


_RULE_COMMON_KEYS = ("code", "ernst", "omschrijving", "kind")


def _load_rules(path: Path) -> tuple[Rule, ...]:
    data = _read_toml(path)
    unknown = sorted(set(data) - {"namespaces", "rule"})
    if unknown:
        raise MessageTypeError(f"{path}: unknown key(s) {', '.join(unknown)}")
    namespaces = data.get("namespaces", {})
    if not isinstance(namespaces, dict) or not all(
        isinstance(k, str) and _PREFIX_RE.fullmatch(k) and isinstance(v, str) and v
        for k, v in namespaces.items()
    ):
        raise MessageTypeError(f"{path}: [namespaces] must map prefixes to namespace URIs")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise MessageTypeError(f"{path}: 'rule' must be an array of tables ([[rule]])")
    rules: list[Rule] = []
    for index, raw in enumerate(raw_rules, start=1):
        rule = _load_rule(raw, namespaces, path, f"{path}: rule #{index}")
        if any(r.code == rule.code for r in rules):
            raise MessageTypeError(f"{path}: rule {rule.code} is defined twice")
        rules.append(rule)
    return tuple(rules)


def _load_rule(
    raw: Mapping[str, Any], namespaces: Mapping[str, str], source: Path, where: str
) -> Rule:
    code = raw.get("code")
    if isinstance(code, str):
        where = f"{where} ({code})"
    if not isinstance(code, str) or not _RULE_CODE_RE.fullmatch(code):
        raise MessageTypeError(f"{where}: code must look like GW4xx")
    try:
        ernst = Ernst(str(raw.get("ernst")))
    except ValueError as exc:
        raise MessageTypeError(f"{where}: ernst must be 'fout' or 'waarschuwing'") from exc
    omschrijving = raw.get("omschrijving")
    if not isinstance(omschrijving, str) or not omschrijving.strip():
        raise MessageTypeError(f"{where}: omschrijving must be a non-empty string")
    if len(omschrijving) > _MAX_OMSCHRIJVING:
        raise MessageTypeError(f"{where}: omschrijving is longer than {_MAX_OMSCHRIJVING}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in RULE_KINDS:
        raise MessageTypeError(
            f"{where}: kind must be one of {', '.join(sorted(RULE_KINDS))}, not {kind!r}"
        )
    params = _Params(
        {k: v for k, v in raw.items() if k not in _RULE_COMMON_KEYS}, namespaces, where
    )
    check = RULE_KINDS[kind](params)
    params.finish()
    return Rule(
        code=code,
        ernst=ernst,
        omschrijving=omschrijving.strip(),
        kind=kind,
        source=source,
        check=check,
    )
