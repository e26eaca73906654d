"""Verified payloads as documents a person reads: nested names and texts for the templates.

The conversion is generic (any message type becomes a tree of sections), with the
elements that repeat in a type always as lists; a type's template picks what it shows
and in which order. A type without a template of its own is shown by the generic
template.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from lxml import etree

from gateway.security.certs import party_code_of

DS_NS = "http://www.w3.org/2000/09/xmldsig#"
BK_NS = "urn:nl:meerzorg:berichtenverkeer:1"
REPEATING = frozenset(
    {
        "Groep",
        "Client",
        "IndividueleMeerzorg",
        "Component",
        "Verbeterdoel",
        "Interventie",
        "Bijlage",
        "Vraag",
        "Groepsbesluit",
        "Clientbesluit",
    }
)
TEMPLATES = {
    "meerzorgplan": "doc_meerzorgplan.html",
    "evaluatie-groepsmeerzorg": "doc_evaluatie.html",
    "reactie-op-meerzorgplan": "doc_reactie.html",
    "meerzorgbesluit": "doc_besluit.html",
}


def to_view(element: etree._Element) -> dict[str, Any]:
    """Children by local name: text for a leaf, a dict for a section, a list where it repeats.

    The Berichtkop and the signature are left out (shown from the verified envelope),
    and so is an attachment's content (downloaded separately).
    """
    view: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        if qname.namespace in (DS_NS, BK_NS) or qname.localname == "Inhoud":
            continue
        value: Any = to_view(child) if len(child) else (child.text or "").strip()
        if qname.localname in REPEATING:
            view.setdefault(qname.localname, []).append(value)
        else:
            view[qname.localname] = value
    return view


def sections(view: dict[str, Any]) -> list[tuple[str, Any]]:
    """For the generic template: the view's items in document order."""
    return list(view.items())


def attachment(payload: etree._Element, index: int) -> tuple[str, str, bytes] | None:
    """(name, MIME type, content) of the index-th Bijlage, only if its SHA-256 matches."""
    found = [c for c in payload if isinstance(c.tag, str) and etree.QName(c).localname == "Bijlage"]
    if not 0 <= index < len(found):
        return None
    fields = {etree.QName(c).localname: (c.text or "").strip() for c in found[index]}
    try:
        content = base64.b64decode(fields.get("Inhoud", ""), validate=True)
    except binascii.Error:
        return None
    if hashlib.sha256(content).hexdigest() != fields.get("Sha256", "").lower():
        return None
    return (
        fields.get("Naam", "bijlage"),
        fields.get("MimeType", "application/octet-stream"),
        content,
    )


def attachment_sizes(payload: etree._Element) -> list[int]:
    sizes = []
    for c in payload:
        if isinstance(c.tag, str) and etree.QName(c).localname == "Bijlage":
            text = "".join((c.findtext(f"{{{etree.QName(c).namespace}}}Inhoud") or "").split())
            sizes.append(len(text) * 3 // 4)
    return sizes


@dataclass(frozen=True)
class SignatureView:
    """What the reader is told about the provider's signature."""

    verified: bool
    signer: str = ""
    party: str = ""
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    problem: str = ""


def signature_view(payload: etree._Element) -> SignatureView:
    """Signer details from the (already verified) payload's certificate."""
    text = payload.findtext(f".//{{{DS_NS}}}X509Certificate")
    if not text:
        return SignatureView(False, problem="Geen handtekening gevonden.")
    cert = x509.load_der_x509_certificate(base64.b64decode("".join(text.split())))
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    signer = str(names[0].value) if names else cert.subject.rfc4514_string()
    party = party_code_of(cert)
    return SignatureView(
        True,
        signer=signer,
        party=str(party) if party else "",
        valid_from=cert.not_valid_before_utc,
        valid_to=cert.not_valid_after_utc,
    )
