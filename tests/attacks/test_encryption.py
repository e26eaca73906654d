"""Encryption attacks over the real server: downgrades, another recipient, tampered ciphertext.

Protocol 5.2 and README "GW201 vs GW202": an algorithm or structure not on the
allow-list is GW202 (before any private-key operation); every decryption failure
afterwards is the one GW201 answer, with one text (no oracle).
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from lxml import etree

from gateway.security import xmlenc
from gateway.security.keys import load_certificate
from tests.attacks.support import (
    DS,
    XENC,
    Change,
    assert_healthy,
    assert_receipt,
    one,
    post,
    rewrite,
    set_attribute,
)
from tests.functional.helpers import ZK, envelope_for

ED = "//xenc:EncryptedData"
EK = f"{ED}/ds:KeyInfo/xenc:EncryptedKey"
CONTENT = f"{ED}/xenc:CipherData/xenc:CipherValue"
WRAPPED_KEY = f"{EK}/xenc:CipherData/xenc:CipherValue"


def _add(xpath: str, tag: str, **attrib: str) -> Change:
    def change(root: etree._Element) -> None:
        etree.SubElement(one(root, xpath), tag, attrib)

    return change


def _second_encrypted_key(root: etree._Element) -> None:
    key = one(root, EK)
    key.addnext(etree.fromstring(etree.tostring(key)))


def _cipher_reference(root: etree._Element) -> None:
    cipher_data = one(root, f"{ED}/xenc:CipherData")
    for child in list(cipher_data):
        cipher_data.remove(child)
    etree.SubElement(cipher_data, f"{{{XENC}}}CipherReference", URI="file:///etc/passwd")


DOWNGRADES: dict[str, Change] = {
    "content-aes256-cbc": set_attribute(
        f"{ED}/xenc:EncryptionMethod", "Algorithm", xmlenc.AES256_CBC
    ),
    "content-aes128-cbc": set_attribute(
        f"{ED}/xenc:EncryptionMethod", "Algorithm", xmlenc.AES128_CBC
    ),
    "content-3des": set_attribute(f"{ED}/xenc:EncryptionMethod", "Algorithm", xmlenc.TRIPLEDES_CBC),
    "key-transport-rsa-1_5": set_attribute(
        f"{EK}/xenc:EncryptionMethod", "Algorithm", xmlenc.RSA_1_5
    ),
    "oaep-digest-md5": _add(
        f"{EK}/xenc:EncryptionMethod", f"{{{DS}}}DigestMethod", Algorithm=xmlenc.MD5
    ),
    "type-attribute-element": set_attribute(ED, "Type", f"{XENC}Element"),
    "second-encrypted-key": _second_encrypted_key,
    "cipher-reference": _cipher_reference,
    "key-agreement": _add(f"{ED}/ds:KeyInfo", f"{{{XENC}}}AgreementMethod", Algorithm=f"{XENC}dh"),
    "key-retrieval-method": _add(f"{ED}/ds:KeyInfo", f"{{{DS}}}RetrievalMethod", URI="#k"),
}


@pytest.mark.parametrize("case", list(DOWNGRADES))
async def test_encryption_downgrades_and_structures_get_gw202(start, dev_pki, case):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    envelope = rewrite(envelope, DOWNGRADES[case])
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW202")
    await assert_healthy(gw, dev_pki)


def _bytes_of(xpath: str, change: Callable[[bytes], bytes]) -> Change:
    def rewrite_value(root: etree._Element) -> None:
        el = one(root, xpath)
        el.text = base64.b64encode(change(base64.b64decode(el.text or ""))).decode()

    return rewrite_value


def _flip(index: int) -> Callable[[bytes], bytes]:
    def flip(data: bytes) -> bytes:
        changed = bytearray(data)
        changed[index] ^= 0x01
        return bytes(changed)

    return flip


def _text(xpath: str, text: str) -> Change:
    def change(root: etree._Element) -> None:
        one(root, xpath).text = text

    return change


TAMPERING: dict[str, Change] = {
    "iv-flipped": _bytes_of(CONTENT, _flip(0)),
    "ciphertext-flipped": _bytes_of(CONTENT, lambda d: _flip(len(d) // 2)(d)),
    "tag-flipped": _bytes_of(CONTENT, _flip(-1)),
    "tag-removed": _bytes_of(CONTENT, lambda d: d[:-16]),
    "truncated-by-one": _bytes_of(CONTENT, lambda d: d[:-1]),
    "truncated-to-half": _bytes_of(CONTENT, lambda d: d[: len(d) // 2]),
    "truncated-below-iv-and-tag": _bytes_of(CONTENT, lambda d: d[:20]),
    "ciphertext-empty": _text(CONTENT, ""),
    "ciphertext-extended": _bytes_of(CONTENT, lambda d: d + b"\0" * 16),
    "ciphertext-not-base64": _text(CONTENT, "!!niet-base64!!"),
    "wrapped-key-flipped": _bytes_of(WRAPPED_KEY, _flip(5)),
    "wrapped-key-truncated": _bytes_of(WRAPPED_KEY, lambda d: d[:-1]),
    "wrapped-key-zeroes": _bytes_of(WRAPPED_KEY, lambda d: b"\0" * len(d)),
    "recipient-certificate-garbage": _text(
        f"{EK}/ds:KeyInfo/ds:X509Data/ds:X509Certificate", "AAAA"
    ),
}


@pytest.mark.parametrize("case", ["another-recipient", *TAMPERING])
async def test_tampered_or_misaddressed_ciphertext_gets_the_one_gw201(start, dev_pki, case):
    gw = await start(dev_pki)
    if case == "another-recipient":
        # EncryptedKey for the zorgkantoor's certificate, not the gateway's.
        zk_enc = load_certificate(dev_pki.root / ZK / "enc.crt")
        envelope, _kop = envelope_for(dev_pki, recipient=zk_enc)
    else:
        envelope, _kop = envelope_for(dev_pki)
        envelope = rewrite(envelope, TAMPERING[case])
    resp = await post(gw, dev_pki, envelope)
    info = assert_receipt(dev_pki, resp, envelope, "GW201")
    # One answer for every decryption failure: no padding or tag oracle.
    assert [(m["Code"], m["Omschrijving"]) for m in info.meldingen] == [
        ("GW201", "De inhoud kon niet worden ontsleuteld.")
    ]
    assert all("Locatie" not in m for m in info.meldingen)
    await assert_healthy(gw, dev_pki)
