"""Envelopes and receipts to and from XML (protocol 4 and 6).

Parsing here works on trees from the hardened parser; rendering builds trees
with lxml and never string-formats XML.
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from gateway import PROTOCOL_NAMESPACE as NS
from gateway.domain.envelope import Berichtkop, Kop, Written
from gateway.domain.errors import EnvelopeInvalid, KopMismatch
from gateway.domain.receipts import Receipt
from gateway.security.xmlenc import CipherValueSink
from gateway.security.xmlparse import UntrustedFeed, parse_untrusted

XENC = "http://www.w3.org/2001/04/xmlenc#"
SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256"
_N = {"b": NS}


def q(local: str) -> str:
    """Clark name in the protocol namespace."""
    return f"{{{NS}}}{local}"


def format_time(value: datetime) -> str:
    """UTC xs:dateTime with milliseconds and a Z."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        raise ValueError("timestamp without timezone")
    return value


def _text(parent: etree._Element, path: str) -> str | None:
    el = parent.find(path, _N)
    return None if el is None or el.text is None else el.text.strip()


def parse_envelope(
    data: bytes, envelope_schema: etree.XMLSchema
) -> tuple[etree._ElementTree, Kop, etree._Element]:
    """Parse and schema-check an envelope; return the tree, its Kop and the EncryptedData."""
    return _read_envelope(parse_untrusted(data), envelope_schema)


def _read_envelope(
    tree: etree._ElementTree, envelope_schema: etree.XMLSchema
) -> tuple[etree._ElementTree, Kop, etree._Element]:
    root = tree.getroot()
    if root.tag != q("Bericht") or not envelope_schema.validate(tree):
        raise EnvelopeInvalid()
    kop = root.find("b:Kop", _N)
    encrypted = root.find("b:Inhoud", _N)
    if kop is None or encrypted is None:  # the schema guarantees both
        raise EnvelopeInvalid()
    try:
        written = Written(
            traceer_id=_req(kop, "b:TraceerId"),
            aanmaaktijdstip=_req(kop, "b:Aanmaaktijdstip"),
            conversatie_id=_text(kop, "b:ConversatieId") or None,
            als_antwoord_op=_text(kop, "b:AlsAntwoordOp") or None,
        )
        parsed = Kop(
            traceer_id=written.traceer_id.lower(),
            bericht_type=_req(kop, "b:BerichtType"),
            bericht_versie=_req(kop, "b:BerichtVersie"),
            afzender=_party(kop, "Afzender"),
            geadresseerde=_party(kop, "Geadresseerde"),
            aanmaaktijdstip=parse_time(written.aanmaaktijdstip),
            conversatie_id=_opt_lower(written.conversatie_id),
            als_antwoord_op=_opt_lower(written.als_antwoord_op),
            written=written,
        )
    except ValueError as exc:
        raise EnvelopeInvalid() from exc
    children = [c for c in encrypted if isinstance(c.tag, str)]
    return tree, parsed, children[0]


# Where the envelope's ciphertext is: Bericht/Inhoud/EncryptedData/CipherData/CipherValue.
_CIPHER_VALUE_PATH = (
    q("Bericht"),
    q("Inhoud"),
    f"{{{XENC}}}EncryptedData",
    f"{{{XENC}}}CipherData",
    f"{{{XENC}}}CipherValue",
)


@dataclass(frozen=True)
class StreamedEnvelope:
    """A streamed envelope, parsed and schema-checked: its Kop, its EncryptedData
    (whose data CipherValue is empty in the tree), the sink holding that CipherValue's
    octets, and the SHA-256 (BerichtDigest) and size of the bytes as received."""

    kop: Kop
    encrypted: etree._Element
    cipher_value: CipherValueSink
    digest: bytes
    size: int


class EnvelopeFeed:
    """:func:`parse_envelope` for an envelope arriving in pieces (issue 14, item 4).

    The pieces go to the hardened parser as they come (:class:`UntrustedFeed`) and into
    the SHA-256 of the envelope; the CipherValue's base64 text is decoded as it is
    parsed (:class:`CipherValueSink`). Neither the body nor that text is ever held
    whole. Refusals are parse_envelope's, raised by :meth:`close`.
    """

    def __init__(self) -> None:
        self._sink = CipherValueSink()
        self._parser = UntrustedFeed(_CIPHER_VALUE_PATH, self._sink)
        self._digest = hashlib.sha256()
        self.size = 0
        self.seconds = 0.0  # time spent parsing, over all the pieces and the close

    def feed(self, data: bytes) -> None:
        started = time.perf_counter()
        self.size += len(data)
        self._digest.update(data)
        self._parser.feed(data)
        self.seconds += time.perf_counter() - started

    def close(self, envelope_schema: etree.XMLSchema) -> StreamedEnvelope:
        started = time.perf_counter()
        try:
            _tree, kop, encrypted = _read_envelope(self._parser.close(), envelope_schema)
        finally:
            self.seconds += time.perf_counter() - started
        return StreamedEnvelope(kop, encrypted, self._sink, self._digest.digest(), self.size)


def _req(parent: etree._Element, path: str) -> str:
    value = _text(parent, path)
    if not value:
        raise ValueError(path)
    return value


def _party(parent: etree._Element, local: str) -> str:
    """An Afzender's or Geadresseerde's code: AgbCode or ZorgkantoorCode (the schema
    allows exactly one; the code's form says which kind it is)."""
    return _text(parent, f"b:{local}/b:AgbCode") or _req(parent, f"b:{local}/b:ZorgkantoorCode")


def _party_element(parent: etree._Element, local: str, code: str) -> None:
    _sub(_sub(parent, local), "AgbCode" if len(code) == 8 else "ZorgkantoorCode", code)


def _opt_lower(value: str | None) -> str | None:
    return value.lower() if value else None


def _signed_berichtkop(payload_root: etree._Element) -> etree._Element:
    children = [c for c in payload_root if isinstance(c.tag, str)]
    if not children or children[0].tag != q("Berichtkop"):
        raise KopMismatch("Ondertekende Berichtkop ontbreekt.", locatie="/Berichtkop")
    return children[0]


def parse_berichtkop(payload_root: etree._Element) -> Berichtkop:
    """The signed Berichtkop, the payload root's first child (GW220 if absent or unreadable)."""
    bk = _signed_berichtkop(payload_root)
    try:
        return Berichtkop(
            traceer_id=_req(bk, "b:TraceerId").lower(),
            bericht_versie=_req(bk, "b:BerichtVersie"),
            afzender=_party(bk, "Afzender"),
            geadresseerde=_party(bk, "Geadresseerde"),
            aanmaaktijdstip=parse_time(_req(bk, "b:Aanmaaktijdstip")),
        )
    except ValueError as exc:
        raise KopMismatch("Ondertekende Berichtkop is onvolledig.", locatie="/Berichtkop") from exc


def berichtkop_as_written(payload_root: etree._Element) -> Written:
    """The sender's text of the signed Berichtkop's TraceerId and Aanmaaktijdstip
    (after :func:`parse_berichtkop` accepted it)."""
    bk = _signed_berichtkop(payload_root)
    try:
        return Written(
            traceer_id=_req(bk, "b:TraceerId"), aanmaaktijdstip=_req(bk, "b:Aanmaaktijdstip")
        )
    except ValueError as exc:
        raise KopMismatch("Ondertekende Berichtkop is onvolledig.", locatie="/Berichtkop") from exc


def _sub(parent: etree._Element, local: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, q(local))
    if text is not None:
        el.text = text
    return el


def build_kop(parent: etree._Element, kop: Kop, *, local: str = "Kop") -> etree._Element:
    """Append a Kop (or, with ``local="Berichtkop"``, a Berichtkop) element for ``kop``.

    Values a sender wrote (``kop.written``) are repeated as written, never re-formatted.
    """
    w = kop.written
    el = _sub(parent, local)
    _sub(el, "TraceerId", w.traceer_id if w else kop.traceer_id)
    if local == "Kop":
        if kop.conversatie_id:
            _sub(el, "ConversatieId", (w and w.conversatie_id) or kop.conversatie_id)
        if kop.als_antwoord_op:
            _sub(el, "AlsAntwoordOp", (w and w.als_antwoord_op) or kop.als_antwoord_op)
        _sub(el, "BerichtType", kop.bericht_type)
    _sub(el, "BerichtVersie", kop.bericht_versie)
    _party_element(el, "Afzender", kop.afzender)
    _party_element(el, "Geadresseerde", kop.geadresseerde)
    _sub(el, "Aanmaaktijdstip", w.aanmaaktijdstip if w else format_time(kop.aanmaaktijdstip))
    if local == "Kop" and kop.ontvangsttijdstip is not None:
        _sub(el, "Ontvangsttijdstip", format_time(kop.ontvangsttijdstip))
    return el


def render_envelope(kop: Kop, encrypted_data: etree._Element) -> bytes:
    """An envelope (or, with ``kop.ontvangsttijdstip`` set, a delivery envelope)."""
    root = etree.Element(q("Bericht"), nsmap={None: NS})  # type: ignore[dict-item]  # lxml-stubs: default ns
    build_kop(root, kop)
    _sub(root, "Inhoud").append(encrypted_data)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


# Stands in for the CipherValue text while the rest is serialised; never valid base64,
# and with a fresh random part per call, so no value from a sender can contain it.
_TEXT_MARK = "\u00a7meerzorg-ciphervalue-{}\u00a7"


def render_envelope_pieces(
    kop: Kop,
    encrypted_data: etree._Element,
    cipher_value: etree._Element,
    text_pieces: Iterable[bytes],
) -> bytes:
    """:func:`render_envelope`, with ``cipher_value``'s text (ASCII base64, which needs
    no escaping) written from ``text_pieces`` straight into the serialised bytes: a
    20 MiB text is never held as a str, a text node and a document at once."""
    mark = _TEXT_MARK.format(secrets.token_hex(16))
    cipher_value.text = mark
    head, tail = render_envelope(kop, encrypted_data).split(mark.encode("utf-8"))
    cipher_value.text = None
    out = io.BytesIO()
    out.write(head)
    for piece in text_pieces:
        out.write(piece)
    out.write(tail)
    return out.getvalue()  # the buffer itself, not a copy


def build_receipt(receipt: Receipt) -> etree._Element:
    """The unsigned receipt element; the caller signs it."""
    root = etree.Element(q(receipt.soort.value), nsmap={None: NS})  # type: ignore[dict-item]  # lxml-stubs: default ns
    _sub(root, "BevestigingId", receipt.bevestiging_id)
    _sub(root, "TraceerId", receipt.traceer_id)
    _party_element(root, "Afzender", receipt.afzender)
    _party_element(root, "Geadresseerde", receipt.geadresseerde)
    _sub(root, "Status", receipt.status.value)
    _sub(root, "Tijdstip", format_time(receipt.tijdstip))
    digest = _sub(root, "BerichtDigest", base64.b64encode(receipt.digest).decode("ascii"))
    digest.set("Algorithm", SHA256_URI)
    if receipt.meldingen:
        meldingen = _sub(root, "Meldingen")
        for m in receipt.meldingen:
            el = _sub(meldingen, "Melding")
            _sub(el, "Code", m.code)
            _sub(el, "Ernst", m.ernst.value)
            _sub(el, "Omschrijving", m.omschrijving[:1000])
            if m.locatie:
                _sub(el, "Locatie", m.locatie)
    return root
