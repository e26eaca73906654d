"""``send``'s local side: read the user's payload file, check the command line and the
payload (XSD and rules, with the same ``MessageType.validate`` the gateway runs)
before anything is posted, and show each Locatie with the line of the user's own file.

The gateway counts lines in the signed payload it received, which is the user's file
rewritten: ``send`` replaces or adds the Berichtkop (written on one line) and appends
the signature. ``line_map`` pairs the elements of both documents in document order
(the Berichtkop and the signature left out), so a receipt's "(regel N)" can be
translated back.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from gateway import PROTOCOL_NAMESPACE
from gateway.cli.support import Refused, UsageError
from gateway.domain.envelope import Kop
from gateway.domain.errors import GatewayError
from gateway.domain.meldingen import Melding
from gateway.messagetypes import MessageType, MessageTypeRegistry

_ZK_CODE = re.compile(r"[0-9]{4}")
_ZK_DIR = re.compile(r"(?i).*?zk-?([0-9]{4})/?")
_AGB_CODE = re.compile(r"[0-9]{8}")
_AGB_DIR = re.compile(r"(?i).*?agb-?([0-9]{8})/?")
_BERICHTKOP = f"{{{PROTOCOL_NAMESPACE}}}Berichtkop"
_SIGNATURE = "{http://www.w3.org/2000/09/xmldsig#}Signature"
_REGEL = re.compile(r" \(regel ([0-9]+)\)$")


def check_geadresseerde(to: str) -> str:
    """The ``--to`` value as a zorgkantoor code (or, for a zorgkantoor's message to a
    provider, an 8-digit AGB code), or a UsageError with a hint."""
    if _ZK_CODE.fullmatch(to) or _AGB_CODE.fullmatch(to):
        return to
    named_provider = _AGB_DIR.fullmatch(to)
    if named_provider:
        raise UsageError(
            f"--to {to}: not an AGB code; use the AGB code itself: --to {named_provider.group(1)}"
        )
    named = _ZK_DIR.fullmatch(to)
    if named:
        return _refuse_to(to, f"use the zorgkantoor code itself: --to {named.group(1)}")
    return _refuse_to(
        to,
        "give the 4-digit zorgkantoor code of the Geadresseerde, e.g. --to 5509 "
        "(or a provider's 8-digit AGB code)",
    )


def _refuse_to(to: str, hint: str) -> str:
    raise UsageError(f"--to {to}: not a zorgkantoor code; {hint}")


def check_traceer_id(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise UsageError(
            f"--traceer-id {value}: not a UUID; give the TraceerId of the message to resubmit"
        ) from None


@dataclass(frozen=True)
class UserPayload:
    """The user's payload file: its bytes and its tree (with the file's line numbers)."""

    path: Path
    data: bytes
    tree: etree._ElementTree


def read_payload(path: Path) -> UserPayload:
    """Read and parse the payload file with the gateway's hardened parser."""
    from gateway.domain.errors import ForbiddenMarkup
    from gateway.security.xmlparse import make_parser, parse_untrusted

    if path.is_dir():
        raise UsageError(f"payload {path}: is a directory; give the payload's XML file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"payload {path}: file not found") from None
    except OSError as exc:
        raise UsageError(f"payload {path}: cannot be read ({exc.strerror})") from None
    try:
        tree = parse_untrusted(data)
    except ForbiddenMarkup:
        raise Refused(
            f"payload {path}: a DOCTYPE, entity or processing instruction is not allowed "
            "in a message (the gateway refuses it with GW102); remove it"
        ) from None
    except GatewayError:
        raise Refused(
            f"payload {path}: not well-formed XML ({_syntax_error(data, make_parser())}); "
            "fix the file"
        ) from None
    return UserPayload(path, data, tree)


def _syntax_error(data: bytes, parser: etree.XMLParser) -> str:
    """lxml's first error with its line (messages name markup, not values)."""
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        message = str(exc.msg).split(", line ")[0] if exc.msg else "syntax error"
        return f"line {line}: {message}" if line else message
    return "too deeply nested"


def message_type_for(
    registry: MessageTypeRegistry, payload: UserPayload, naam: str | None, versie: str
) -> MessageType:
    """The registry entry for ``--type``/``--versie``, or the one of the root element."""
    root_tag = payload.tree.getroot().tag
    if naam is None:
        matches = [t for t in registry.all() if t.root_tag == root_tag]
        if not matches:
            known = ", ".join(sorted({t.naam for t in registry.all()}))
            raise UsageError(
                f"payload {payload.path}: its root element is not one of a known BerichtType "
                f"({known}); pass --type"
            )
        naam = matches[0].naam
    message_type = registry.get(naam, versie)
    if message_type is None:
        known = ", ".join(f"{t.naam} {t.versie}" for t in registry.all())
        raise UsageError(f"--type {naam} --versie {versie}: unknown BerichtType; known: {known}")
    return message_type


def check_locally(
    message_type: MessageType, payload: UserPayload, kop: Kop, *, now: datetime | None = None
) -> list[Melding]:
    """The gateway's own validation of the payload as it will be sent (with the Berichtkop
    ``send`` writes), with Locaties pointing at the lines of the user's file."""
    from gateway.client import add_berichtkop

    root = add_berichtkop(payload.data, kop)  # parses the same bytes: same line numbers
    return message_type.validate(root, received_at=now or datetime.now(UTC))


def melding_dict(melding: Melding) -> dict[str, str]:
    """A Melding as ``send`` prints the receipt's (element names of protocol 5.1)."""
    out = {"Code": melding.code, "Ernst": melding.ernst.value, "Omschrijving": melding.omschrijving}
    if melding.locatie:
        out["Locatie"] = melding.locatie
    return out


# --- line numbers -----------------------------------------------------------------------


def _content_elements(root: etree._Element) -> Iterator[etree._Element]:
    """Elements in document order, without a Berichtkop and a signature (and their insides)."""
    yield root
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.getparent() is root and child.tag in (_BERICHTKOP, _SIGNATURE):
            continue
        yield from _content_elements(child)


def line_map(original: etree._Element, sent: bytes) -> dict[int, int]:
    """Line in the signed payload sent -> line of the same element in the user's file."""
    from gateway.security.xmlparse import parse_untrusted

    mapping: dict[int, int] = {}
    sent_root = parse_untrusted(sent).getroot()
    for theirs, ours in zip(
        _content_elements(sent_root), _content_elements(original), strict=False
    ):
        sent_line: int | None = getattr(theirs, "sourceline", None)  # lxml-stubs: Any
        own_line: int | None = getattr(ours, "sourceline", None)
        if sent_line and own_line:
            mapping.setdefault(sent_line, own_line)
    return mapping


def relocate(meldingen: list[dict[str, str]], mapping: dict[int, int]) -> list[dict[str, str]]:
    """Rewrite each Locatie's "(regel N)" to the user's line; drop a line with no match
    (the Berichtkop ``send`` wrote is in no line of the user's file)."""
    out = []
    for melding in meldingen:
        locatie = melding.get("Locatie")
        match = _REGEL.search(locatie) if locatie else None
        if locatie and match:
            line = mapping.get(int(match.group(1)))
            path = locatie[: match.start()]
            melding = {**melding, "Locatie": f"{path} (regel {line})" if line else path}
        out.append(melding)
    return out
