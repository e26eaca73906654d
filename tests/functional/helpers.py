"""Building envelopes for functional tests, the way a provider system would."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from lxml import etree

from gateway.client import (
    OpenedMessage,
    ReceiptInfo,
    Response,
    add_berichtkop,
    build_envelope,
    new_kop,
    open_delivery,
    verify_receipt,
)
from gateway.devpki import DevPki
from gateway.domain.envelope import Kop
from gateway.messagetypes import MessageTypeRegistry
from gateway.runtime import RunningGateway
from gateway.security import xmlenc
from gateway.security.certs import TrustStore
from gateway.security.keys import DecryptionKeyRing, KeyPair, load_certificate, load_key_pair
from gateway.security.xmldsig import sign_document
from gateway.xmlcodec import render_envelope
from tests.conftest import SCHEMAS, client

PROVIDER = "agb-12345678"
PROVIDER_AGB = "12345678"
OTHER_PROVIDER = "agb-87654321"
ZK = "zk-5509"
OTHER_ZK = "zk-5501"

TYPES = ("meerzorgplan", "evaluatie-groepsmeerzorg")

XML = "application/xml"
DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"
NSMAP = {"ds": DS, "xenc": XENC}


def valid_examples(bericht_type: str) -> list[Path]:
    return sorted((SCHEMAS / bericht_type / "1.0" / "examples").glob("valid-*.xml"))


def first_valid(bericht_type: str = "meerzorgplan") -> bytes:
    return valid_examples(bericht_type)[0].read_bytes()


def signer(pki: DevPki, party: str = PROVIDER) -> KeyPair:
    d = pki.root / party
    return load_key_pair(d / "sign.crt", d / "sign.key")


def gateway_enc(pki: DevPki) -> x509.Certificate:
    return load_certificate(pki.root / "gateway" / "enc.crt")


def gateway_signer_cert(pki: DevPki) -> x509.Certificate:
    return load_certificate(pki.root / "gateway" / "sign.crt")


def kop_for(
    bericht_type: str = "meerzorgplan",
    *,
    afzender: str = PROVIDER_AGB,
    geadresseerde: str = "5509",
    now: datetime | None = None,
    **changes: object,
) -> Kop:
    kop = new_kop(
        bericht_type=bericht_type,
        afzender=afzender,
        geadresseerde=geadresseerde,
        now=now or datetime.now(UTC),
    )
    return replace(kop, **changes)  # type: ignore[arg-type]


def envelope_for(
    pki: DevPki,
    payload: bytes | None = None,
    *,
    kop: Kop | None = None,
    party: str = PROVIDER,
    recipient: x509.Certificate | None = None,
) -> tuple[bytes, Kop]:
    kop = kop or kop_for()
    payload = payload if payload is not None else first_valid(kop.bericht_type)
    envelope, _signed = build_envelope(
        payload, kop, signer(pki, party), recipient or gateway_enc(pki)
    )
    return envelope, kop


def check_receipt(pki: DevPki, body: bytes, envelope: bytes) -> ReceiptInfo:
    """Verify a receipt as a provider must: signature by the gateway, digest of what we sent."""
    info = verify_receipt(body, [gateway_signer_cert(pki)])
    assert info.digest == hashlib.sha256(envelope).digest()
    return info


def codes(info: ReceiptInfo) -> list[str]:
    return [m["Code"] for m in info.meldingen]


# --- crafting messages by hand (protocol-code tests and the attack corpus) ---------

Change = Callable[[etree._Element], None]


async def post(
    gw: RunningGateway,
    pki: DevPki,
    body: bytes,
    *,
    party: str = PROVIDER,
    content_type: str = XML,
) -> Response:
    async with client(gw, pki, party) as c:
        return await c.request("POST", "/v1/berichten", body=body, content_type=content_type)


def sign_payload(
    pki: DevPki, kop: Kop, payload: bytes | None = None, *, key: KeyPair | None = None
) -> bytes:
    """The signed payload document for ``kop`` (Berichtkop first, signature last)."""
    payload = payload if payload is not None else first_valid(kop.bericht_type)
    return sign_document(add_berichtkop(payload, kop), key or signer(pki))


def wrap(
    pki: DevPki, kop: Kop, plaintext: bytes, *, recipient: x509.Certificate | None = None
) -> bytes:
    """Encrypt exact plaintext bytes (to the gateway by default) into an envelope with ``kop``."""
    return render_envelope(kop, xmlenc.encrypt_bytes(plaintext, recipient or gateway_enc(pki)))


def rewrite(document: bytes, change: Change) -> bytes:
    """Parse our own bytes, change the tree, serialise again."""
    root = etree.fromstring(document)
    change(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = root.xpath(xpath, namespaces=NSMAP)
    assert isinstance(found, list)
    assert len(found) == 1, xpath
    el = found[0]
    assert isinstance(el, etree._Element)
    return el


def set_attribute(xpath: str, name: str, value: str) -> Change:
    def change(root: etree._Element) -> None:
        one(root, xpath).set(name, value)

    return change


def after_declaration(document: bytes, markup: str) -> bytes:
    """Insert markup (a DOCTYPE) between the XML declaration and the root element."""
    declaration, rest = document.split(b"?>", 1)
    return declaration + b"?>\n" + markup.encode() + rest


def assert_plain_error(resp: Response, status: int, code: str | None) -> None:
    """Before a parsed envelope: a JSON body with the code (where the protocol has one)
    and no parser internals."""
    assert resp.status == status, resp.body
    assert resp.content_type == "application/json"
    if code is not None:
        assert resp.json()["code"] == code
    text = resp.body.decode().lower()
    for leak in ("traceback", "lxml", "xmlsyntaxerror", "line ", "column", "root:", "lol"):
        assert leak not in text


@functools.cache
def envelope_schema() -> etree.XMLSchema:
    """The envelope XSD, loaded once for all tests (loading every message type is not cheap)."""
    return MessageTypeRegistry.load().envelope_schema


def open_as(pki: DevPki, party: str, envelope: bytes, trust: TrustStore) -> OpenedMessage:
    """What ``party`` reads of a delivery envelope, as its own system would: decrypted with
    its encryption key, the sender's signature verified against ``trust``."""
    enc = load_key_pair(pki.root / party / "enc.crt", pki.root / party / "enc.key")
    return open_delivery(envelope, DecryptionKeyRing([enc]), trust, envelope_schema())
