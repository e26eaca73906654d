"""The memory-saving paths for large messages give exactly what the plain paths give."""

from __future__ import annotations

import base64
import datetime as dt
import random
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from lxml import etree

from gateway.domain.envelope import Kop
from gateway.domain.errors import DecryptionFailed, ForbiddenMarkup
from gateway.security import xmlenc
from gateway.security.keys import DecryptionKeyRing, KeyPair
from gateway.security.xmldsig import verify_signature
from gateway.security.xmlparse import parse_untrusted
from gateway.xmlcodec import render_envelope, render_envelope_pieces
from tests.base64cases import EDGE_CASES, plain_decode, random_cases, wrapped
from tests.keysupport import self_signed_pair

PAYLOAD = b'<?xml version="1.0"?>\n<Bijlage xmlns="urn:x">' + b"A" * 5000 + b"</Bijlage>\n"
CIPHER_VALUE = f"{{{xmlenc.XENC_NS}}}CipherValue"


@pytest.fixture(scope="module")
def recipient() -> KeyPair:
    return self_signed_pair("gateway-enc")


def _kop() -> Kop:
    return Kop(
        traceer_id=str(uuid.uuid4()),
        bericht_type="meerzorgplan",
        bericht_versie="1.0",
        afzender="12345678",
        geadresseerde="5509",
        aanmaaktijdstip=dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC),
        ontvangsttijdstip=dt.datetime(2026, 11, 22, 10, 0, 1, tzinfo=dt.UTC),
    )


def _stepped_decode(text: str) -> bytes | None:
    try:
        return bytes(xmlenc._b64decode_large(text))
    except DecryptionFailed:
        return None


@pytest.mark.parametrize("step", [1, 4, 5, 8, 1 << 20])
def test_stepped_base64_decoding_accepts_and_refuses_exactly_what_strict_decoding_does(
    monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    monkeypatch.setattr(xmlenc, "_B64_STEP", step)
    rng = random.Random(6)
    cases = [*EDGE_CASES, *random_cases(6, 3000), wrapped(rng.randbytes(300), 7, " \n")]
    for text in cases:
        assert _stepped_decode(text) == plain_decode(text), repr(text)


def test_consuming_decryption_drops_the_cipher_text_and_returns_the_plaintext(
    recipient: KeyPair,
) -> None:
    ring = DecryptionKeyRing([recipient])
    kept = parse_untrusted(etree.tostring(xmlenc.encrypt_bytes(PAYLOAD, recipient.certificate)))
    consumed = parse_untrusted(etree.tostring(xmlenc.encrypt_bytes(PAYLOAD, recipient.certificate)))
    assert xmlenc.decrypt_encrypted_data(kept.getroot(), ring) == PAYLOAD
    assert xmlenc.decrypt_encrypted_data(consumed.getroot(), ring, consume=True) == PAYLOAD
    data_value = "xenc:CipherData/xenc:CipherValue"
    namespaces = {"xenc": xmlenc.XENC_NS}
    assert kept.getroot().findtext(data_value, namespaces=namespaces)
    assert consumed.getroot().find(data_value, namespaces=namespaces).text is None


def test_streamed_octets_are_iv_then_aes_gcm_ciphertext_and_tag(
    monkeypatch: pytest.MonkeyPatch, recipient: KeyPair
) -> None:
    monkeypatch.setattr(xmlenc, "_SEAL_STEP", 3 * 7)
    parts = xmlenc.encrypt_parts(PAYLOAD, recipient.certificate)
    octets = b"".join(parts.octets)
    wrapped = parts.element.find(f".//{{{xmlenc.XENC_NS}}}EncryptedKey//{CIPHER_VALUE}")
    assert wrapped is not None
    key = recipient.private_key.decrypt(  # type: ignore[union-attr]  # an RSA key
        base64.b64decode(wrapped.text or ""),
        xmlenc.padding.OAEP(
            mgf=xmlenc.padding.MGF1(hashes.SHA1()),  # noqa: S303 - rsa-oaep-mgf1p
            algorithm=hashes.SHA1(),  # noqa: S303 - rsa-oaep-mgf1p
            label=None,
        ),
    )
    assert AESGCM(key).decrypt(octets[:12], octets[12:], None) == PAYLOAD


def test_base64_in_pieces_equals_base64_of_the_whole() -> None:
    rng = random.Random(6)
    for _ in range(300):
        pieces = [rng.randbytes(rng.randrange(10)) for _ in range(rng.randrange(8))]
        joined = b"".join(xmlenc.b64encode_pieces(pieces))
        assert joined == base64.b64encode(b"".join(pieces))


def test_envelope_rendered_from_pieces_is_byte_identical(recipient: KeyPair) -> None:
    kop = _kop()
    parts = xmlenc.encrypt_parts(PAYLOAD, recipient.certificate)
    octets = list(parts.octets)
    streamed = render_envelope_pieces(
        kop, parts.element, parts.cipher_value, xmlenc.b64encode_pieces(iter(octets))
    )
    parts.cipher_value.text = base64.b64encode(b"".join(octets)).decode("ascii")
    assert streamed == render_envelope(kop, parts.element)
    ring = DecryptionKeyRing([recipient])
    encrypted = parse_untrusted(streamed).getroot().find(f".//{{{xmlenc.XENC_NS}}}EncryptedData")
    assert encrypted is not None
    assert xmlenc.decrypt_encrypted_data(encrypted, ring) == PAYLOAD


def test_verifier_given_a_tree_still_refuses_a_dtd() -> None:
    root = etree.fromstring(b'<!DOCTYPE a [<!ELEMENT a ANY>]><a xmlns="urn:x"/>')
    with pytest.raises(ForbiddenMarkup):
        verify_signature(root.getroottree())


def _one_shot(text: str, key: bytes) -> bytes | None:
    """The reference: strict base64 of the whole text, then AES-GCM in one call."""
    try:
        data = xmlenc._b64decode(text)
    except DecryptionFailed:
        return None
    if len(data) < xmlenc.GCM_IV_BYTES + xmlenc.GCM_TAG_BYTES:
        return None
    try:
        return AESGCM(key).decrypt(data[: xmlenc.GCM_IV_BYTES], data[xmlenc.GCM_IV_BYTES :], None)
    except InvalidTag:
        return None


def _streamed(text: str, key: bytes) -> bytes | None:
    try:
        return bytes(xmlenc._gcm_decrypt_text(text, key))
    except DecryptionFailed:
        return None


@pytest.mark.parametrize("step", [4, 8, 12, 16, 20, 28, 1 << 20])
def test_streamed_gcm_decryption_accepts_and_refuses_exactly_what_one_shot_decryption_does(
    monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    """Base64 steps straight through AES-GCM into one buffer: same plaintext, same refusals
    (bad tag, truncation, bad base64), whatever the step and the whitespace."""
    monkeypatch.setattr(xmlenc, "_B64_STEP", step)
    rng = random.Random(step)
    key = rng.randbytes(32)
    for size in [0, 1, 3, 11, 12, 15, 16, 17, 27, 28, 29, 100, 1000]:
        iv = rng.randbytes(xmlenc.GCM_IV_BYTES)
        sealed = iv + AESGCM(key).encrypt(iv, rng.randbytes(size), None)
        encoded = base64.b64encode(sealed).decode()
        folded = "\n".join(encoded[i : i + 64] for i in range(0, len(encoded), 64))
        flipped = bytearray(sealed)
        flipped[rng.randrange(len(flipped))] ^= 0x01
        cases = [
            encoded,
            folded,
            base64.b64encode(bytes(flipped)).decode(),  # IV, ciphertext or tag changed
            base64.b64encode(sealed[:-1]).decode(),  # truncated
            base64.b64encode(sealed[: xmlenc.GCM_IV_BYTES + 3]).decode(),  # shorter than IV + tag
            encoded[:-4] + "!!!!",
            encoded + "QUFB",  # more after the tag
        ]
        for text in cases:
            assert _streamed(text, key) == _one_shot(text, key), (size, text)
        assert _streamed(encoded, key) is not None
        assert _streamed(encoded, rng.randbytes(32)) is None  # another key: refused


def test_streamed_gcm_decryption_returns_one_buffer_of_the_plaintext_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xmlenc, "_B64_STEP", 1024)  # a "large" text: the streamed path
    key = bytes(32)
    iv = bytes(12)
    plaintext = bytes(range(256)) * 40
    text = base64.b64encode(iv + AESGCM(key).encrypt(iv, plaintext, None)).decode()
    out = xmlenc._gcm_decrypt_text(text, key)
    assert isinstance(out, bytearray)
    assert out == plaintext
    assert len(out) == len(plaintext)
