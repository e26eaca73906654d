"""The rule kinds of ``rules.toml`` and a Rule: each finds the elements that break it
(locations only, never a value)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from gateway.domain.bsn import contains_bsn_like, passes_elfproef
from gateway.domain.meldingen import Ernst, Melding
from gateway.locatie import locatie_of
from gateway.messagetypes.common import (
    COMMON_NAMESPACE,
    DEFAULT_TIMEZONE,
    MessageTypeError,
)

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


# Characters of a base64 text decoded and hashed per step (a bijlage may be 15 MiB).
_SHA256_STEP = 1 << 20
_BASE64_ALPHABET = re.compile(rb"[A-Za-z0-9+/]*")


def _leaf_text(node: etree._Element) -> str:
    """:func:`_text` of a node; for an element with only text in it, its ``.text``, the
    same string made once (XPath ``string()`` copies a 15 MiB text three times)."""
    if isinstance(node, etree._Element) and len(node) == 0:
        return node.text or ""
    return _text(node)


def sha256_of_base64(text: str) -> str | None:
    """Hex SHA-256 of ``base64.b64decode("".join(text.split()), validate=True)``, or None
    where that raises; decoded and hashed in steps, so that a large text is never held
    again without whitespace nor decoded whole.

    Each step before the first ``=`` must be base64 alphabet only (as validate demands)
    and is decoded in whole quanta but one; from the first ``=`` on, the rest (with what
    was kept back) is decoded by b64decode itself, which judges the padding.
    """
    digest = hashlib.sha256()
    pending = b""
    try:
        if len(text) <= _SHA256_STEP:  # every ordinary bijlage: one call, as it always was
            digest.update(base64.b64decode("".join(text.split()), validate=True))
            return digest.hexdigest()
        for start in range(0, len(text), _SHA256_STEP):
            piece = pending + "".join(text[start : start + _SHA256_STEP].split()).encode("ascii")
            if b"=" in piece:
                rest = piece + "".join(text[start + _SHA256_STEP :].split()).encode("ascii")
                digest.update(base64.b64decode(rest, validate=True))
                return digest.hexdigest()
            if not _BASE64_ALPHABET.fullmatch(piece):
                return None
            # One quantum is kept back: what follows the first "=" is judged with it.
            usable = max(0, (len(piece) // 4 - 1) * 4)
            digest.update(binascii.a2b_base64(piece[:usable]))
            pending = piece[usable:]
        digest.update(base64.b64decode(pending, validate=True))
    except (binascii.Error, ValueError):
        return None
    return digest.hexdigest()


def _kind_sha256_matches(p: _Params) -> _Check:
    """Per context node: hex SHA-256 at ``digest`` equals the hash of base64 ``content``."""
    context, digest, content = p.xpath("context"), p.xpath("digest"), p.xpath("content")

    def check(doc: _Input) -> Iterator[etree._Element]:
        for ctx in _nodes(context, doc.root):
            digest_node, content_node = _first(digest, ctx), _first(content, ctx)
            if digest_node is None or content_node is None:
                continue
            hexdigest = sha256_of_base64(_leaf_text(content_node))
            # Content that cannot be decoded cannot match.
            if hexdigest is None or hexdigest != _text(digest_node).strip().lower():
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
