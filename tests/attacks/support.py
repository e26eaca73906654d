"""Shared helpers of the attack corpus: posting, the expected answers, health checks."""

from __future__ import annotations

from collections.abc import Callable

import aiohttp
from cryptography import x509
from lxml import etree

from gateway.bootstrap import RunningGateway
from gateway.client import ReceiptInfo, Response, add_berichtkop
from gateway.devpki import DevPki
from gateway.domain.envelope import Kop
from gateway.security import xmlenc
from gateway.security.keys import KeyPair
from gateway.security.xmldsig import sign_document
from gateway.xmlcodec import render_envelope
from tests.conftest import client
from tests.functional.helpers import (
    DS as DS,  # re-exported for the attack modules
)
from tests.functional.helpers import (
    NSMAP,
    PROVIDER,
    XML,
    check_receipt,
    codes,
    envelope_for,
    first_valid,
    gateway_enc,
    kop_for,
    signer,
)
from tests.functional.helpers import (
    XENC as XENC,  # re-exported for the attack modules
)

PAYLOAD_NS = "urn:nl:meerzorg:meerzorgplan:1"
P = f"{{{PAYLOAD_NS}}}"

Change = Callable[[etree._Element], None]


async def post(
    gw: RunningGateway, pki: DevPki, body: bytes, *, content_type: str = XML
) -> Response:
    async with client(gw, pki, PROVIDER) as c:
        return await c.request("POST", "/v1/berichten", body=body, content_type=content_type)


async def assert_healthz(gw: RunningGateway) -> None:
    """The operations listener still answers /healthz with 200."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{gw.ops_port}/healthz") as resp,
    ):
        assert resp.status == 200


async def assert_accepts_valid(gw: RunningGateway, pki: DevPki) -> None:
    """A valid message is still accepted (202, signed Geaccepteerd receipt)."""
    envelope, _kop = envelope_for(pki, kop=kop_for(now=gw.ctx.clock.now()))
    resp = await post(gw, pki, envelope)
    assert resp.status == 202, resp.body
    assert check_receipt(pki, resp.body, envelope).status == "Geaccepteerd"


async def assert_healthy(gw: RunningGateway, pki: DevPki) -> None:
    await assert_healthz(gw)
    await assert_accepts_valid(gw, pki)


def assert_plain_error(resp: Response, status: int, code: str | None) -> None:
    """Before a parsed envelope: a JSON body (with the code where the protocol has one)."""
    assert resp.status == status, resp.body
    assert resp.content_type == "application/json"
    if code is not None:
        assert resp.json()["code"] == code
    text = resp.body.decode().lower()
    for leak in ("traceback", "lxml", "xmlsyntaxerror", "root:", "lol"):
        assert leak not in text


def assert_receipt(
    pki: DevPki, resp: Response, envelope: bytes, code: str, status: int = 422
) -> ReceiptInfo:
    """After a parsed envelope: a signed Afgekeurd receipt for exactly these bytes, with code."""
    assert resp.status == status, resp.body
    assert resp.content_type == XML
    info = check_receipt(pki, resp.body, envelope)
    assert info.status == "Afgekeurd"
    assert code in codes(info), info.meldingen
    return info


def sign_payload(
    pki: DevPki, kop: Kop, payload: bytes | None = None, *, key: KeyPair | None = None
) -> bytes:
    """The signed payload document for ``kop`` (Berichtkop first, signature last)."""
    payload = payload if payload is not None else first_valid(kop.bericht_type)
    return sign_document(add_berichtkop(payload, kop), key or signer(pki))


def wrap(
    pki: DevPki, kop: Kop, plaintext: bytes, *, recipient: x509.Certificate | None = None
) -> bytes:
    """Encrypt exact plaintext bytes to the gateway into an envelope with ``kop``."""
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
