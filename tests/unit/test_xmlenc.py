"""XML Encryption of the payload (protocol 5.2): round trips, xmlsec1 interop, rejections."""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from gateway.domain.errors import AlgorithmNotAllowed, DecryptionFailed
from gateway.security import xmlenc
from gateway.security.keys import (
    DecryptionKeyRing,
    KeyPair,
    format_issuer_name,
    load_certificate,
    load_certificates,
    load_key_pair,
    parse_issuer_name,
)
from gateway.security.xmlenc import (
    AES128_CBC,
    AES128_GCM,
    AES256_CBC,
    AES256_GCM,
    DS_NS,
    MD5,
    MGF1_SHA1,
    MGF1_SHA256,
    MGF1_SHA384,
    MGF1_SHA512,
    RSA_1_5,
    RSA_OAEP,
    RSA_OAEP_MGF1P,
    SHA1,
    SHA256,
    SHA384,
    SHA512,
    TRIPLEDES_CBC,
    XENC11_NS,
    XENC_NS,
    EncryptionPolicy,
    decrypt_encrypted_data,
    encrypt_bytes,
)
from gateway.security.xmlparse import parse_untrusted
from tests.conftest import require_tool

BERICHT_NS = "urn:nl:meerzorg:berichtenverkeer:1"
NS = {"xenc": XENC_NS, "ds": DS_NS, "xenc11": XENC11_NS}

# A payload as a provider sends it: its own declaration, namespaces, non-ASCII, CRLF.
PAYLOAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\r\n'
    b'<Meerzorgplan xmlns="urn:nl:meerzorg:meerzorgplan:1">\r\n'
    b"  <Toelichting>Zorg voor cli\xc3\xabnt &amp; gezin</Toelichting>\r\n"
    b"</Meerzorgplan>\r\n"
)


# --- a small PKI ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pki:
    ca_key: rsa.RSAPrivateKey
    ca_cert: x509.Certificate
    recipient: KeyPair
    other: KeyPair  # another party's encryption key, same CA


def _name(common_name: str) -> x509.Name:
    # A comma, a multi-byte character and organizationIdentifier exercise
    # X509IssuerName parsing the way real (PKIoverheid-like) names do.
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Zorgkantoor Zuid, test"),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, "NTRNL-12345678"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _issue(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    usage = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    if ca:
        usage.update(key_cert_sign=True, crl_sign=True)
    else:
        usage.update(key_encipherment=True)
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def pki() -> Pki:
    ca_key = _rsa_key()
    ca_name = _name("Test CA \u00e9")
    ca_cert = _issue(ca_name, ca_key, ca_name, ca_key, ca=True)
    pairs = []
    for cn in ("gateway-enc", "other-enc"):
        key = _rsa_key()
        pairs.append(KeyPair(_issue(_name(cn), key, ca_name, ca_key, ca=False), key))
    return Pki(ca_key, ca_cert, pairs[0], pairs[1])


@pytest.fixture
def ring(pki: Pki) -> DecryptionKeyRing:
    return DecryptionKeyRing([pki.recipient])


def _pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _pem_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@pytest.fixture
def pem_files(pki: Pki, tmp_path: Path) -> Path:
    """ca.crt, enc.crt and enc.key of the recipient in tmp_path."""
    (tmp_path / "ca.crt").write_bytes(_pem_cert(pki.ca_cert))
    (tmp_path / "enc.crt").write_bytes(_pem_cert(pki.recipient.certificate))
    (tmp_path / "enc.key").write_bytes(_pem_key(pki.recipient.private_key))  # type: ignore[arg-type]
    return tmp_path


# --- doubles that prove the order of checks ---------------------------------------------


class RecordingKey(rsa.RSAPrivateKey):
    """An RSA private key that counts decrypt calls."""

    def __init__(self, inner: rsa.RSAPrivateKey) -> None:
        self._inner = inner
        self.decrypt_calls = 0

    def decrypt(self, ciphertext: bytes, padding: Any) -> bytes:
        self.decrypt_calls += 1
        return self._inner.decrypt(ciphertext, padding)

    @property
    def key_size(self) -> int:
        return self._inner.key_size

    def public_key(self) -> rsa.RSAPublicKey:
        return self._inner.public_key()

    def sign(self, *args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("decryption never signs")

    def private_numbers(self) -> rsa.RSAPrivateNumbers:
        raise AssertionError("decryption never exports the key")

    def private_bytes(self, *args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("decryption never exports the key")

    def __copy__(self) -> RecordingKey:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> RecordingKey:
        return self


class RecordingKeyRing(DecryptionKeyRing):
    """A key ring that records every lookup, holding the recipient's key in a RecordingKey."""

    def __init__(self, pair: KeyPair) -> None:
        self.key = RecordingKey(pair.private_key)  # type: ignore[arg-type]
        super().__init__([KeyPair(pair.certificate, self.key)])
        self.find_calls = 0

    def find(self, **criteria: Any) -> KeyPair | None:
        self.find_calls += 1
        return super().find(**criteria)


# --- helpers --------------------------------------------------------------------------------


def _reparse(el: etree._Element) -> etree._Element:
    """Serialize and parse back with the hardened parser, as the gateway receives it."""
    return parse_untrusted(etree.tostring(el)).getroot()


def _one(el: etree._Element, path: str) -> etree._Element:
    found = el.find(path, NS)
    assert found is not None, path
    return found


def _b64_edit(el: etree._Element, path: str, edit: Callable[[bytearray], bytes]) -> None:
    value = _one(el, path)
    value.text = base64.b64encode(edit(bytearray(base64.b64decode(value.text or "")))).decode()


def _flip(index: int) -> Callable[[bytearray], bytes]:
    def edit(data: bytearray) -> bytes:
        data[index] ^= 0x01
        return bytes(data)

    return edit


CONTENT_VALUE = "xenc:CipherData/xenc:CipherValue"
KEY_VALUE = "ds:KeyInfo/xenc:EncryptedKey/xenc:CipherData/xenc:CipherValue"
KEY_METHOD = "ds:KeyInfo/xenc:EncryptedKey/xenc:EncryptionMethod"
ENCRYPTED_KEY = "ds:KeyInfo/xenc:EncryptedKey"
X509_DATA = f"{ENCRYPTED_KEY}/ds:KeyInfo/ds:X509Data"
ISSUER_SERIAL = f"{X509_DATA}/ds:X509IssuerSerial"


def _ds(name: str) -> str:
    return f"{{{DS_NS}}}{name}"


def _xenc(name: str) -> str:
    return f"{{{XENC_NS}}}{name}"


# --- round trips ours -> ours ---------------------------------------------------------------

OAEP_VARIANTS = [
    pytest.param(RSA_OAEP_MGF1P, None, None, id="mgf1p-sha1-default"),
    pytest.param(RSA_OAEP_MGF1P, SHA256, None, id="mgf1p-sha256"),
    pytest.param(RSA_OAEP, SHA256, MGF1_SHA256, id="oaep11-sha256-mgf256"),
    pytest.param(RSA_OAEP, SHA384, MGF1_SHA384, id="oaep11-sha384-mgf384"),
    pytest.param(RSA_OAEP, SHA512, MGF1_SHA512, id="oaep11-sha512-mgf512"),
    pytest.param(RSA_OAEP, SHA512, MGF1_SHA256, id="oaep11-sha512-mgf256"),
]


@pytest.mark.parametrize("content_algorithm", [AES256_GCM, AES128_GCM])
@pytest.mark.parametrize(("key_transport", "digest", "mgf"), OAEP_VARIANTS)
@pytest.mark.parametrize("key_info", ["certificate", "issuer-serial"])
def test_round_trip_returns_exact_bytes(
    pki: Pki,
    ring: DecryptionKeyRing,
    content_algorithm: str,
    key_transport: str,
    digest: str | None,
    mgf: str | None,
    key_info: Any,
) -> None:
    el = encrypt_bytes(
        PAYLOAD,
        pki.recipient.certificate,
        key_transport=key_transport,
        content_algorithm=content_algorithm,
        oaep_digest=digest,
        oaep_mgf=mgf,
        key_info=key_info,
    )
    assert decrypt_encrypted_data(_reparse(el), ring) == PAYLOAD


def test_round_trip_of_empty_and_binary_plaintext(pki: Pki, ring: DecryptionKeyRing) -> None:
    for plaintext in (b"", bytes(range(256)) * 3):
        el = encrypt_bytes(plaintext, pki.recipient.certificate)
        assert decrypt_encrypted_data(_reparse(el), ring) == plaintext


def test_default_output_has_the_xmlsec1_template_shape(pki: Pki) -> None:
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    assert el.tag == _xenc("EncryptedData")
    assert list(el.nsmap.items()) == [(None, XENC_NS)]
    assert list(el.attrib.items()) == [("MimeType", "application/xml")]
    assert [c.tag for c in el] == [_xenc("EncryptionMethod"), _ds("KeyInfo"), _xenc("CipherData")]
    assert _one(el, "xenc:EncryptionMethod").get("Algorithm") == AES256_GCM
    method = _one(el, KEY_METHOD)
    assert method.get("Algorithm") == RSA_OAEP_MGF1P
    assert len(method) == 0  # SHA-1 default: no DigestMethod, exactly what xmlsec1 1.2 reads
    cert_text = _one(el, f"{X509_DATA}/ds:X509Certificate").text
    assert base64.b64decode(cert_text or "") == pki.recipient.certificate.public_bytes(
        serialization.Encoding.DER
    )
    content = base64.b64decode(_one(el, CONTENT_VALUE).text or "")
    assert len(content) == 12 + len(PAYLOAD) + 16


def test_oaep11_output_names_digest_and_mgf(pki: Pki) -> None:
    el = encrypt_bytes(
        PAYLOAD, pki.recipient.certificate, key_transport=RSA_OAEP, oaep_digest=SHA384
    )
    method = _one(el, KEY_METHOD)
    assert _one(method, "ds:DigestMethod").get("Algorithm") == SHA384
    assert _one(method, "xenc11:MGF").get("Algorithm") == MGF1_SHA256  # default MGF


def test_fresh_key_and_iv_per_call(pki: Pki) -> None:
    first = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    second = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    first_content = base64.b64decode(_one(first, CONTENT_VALUE).text or "")
    second_content = base64.b64decode(_one(second, CONTENT_VALUE).text or "")
    assert first_content[:12] != second_content[:12]
    assert first_content != second_content
    assert _one(first, KEY_VALUE).text != _one(second, KEY_VALUE).text


@pytest.mark.parametrize(
    "kwargs",
    [
        {"content_algorithm": AES256_CBC},
        {"key_transport": RSA_1_5},
        {"key_transport": RSA_OAEP_MGF1P, "oaep_mgf": MGF1_SHA256},
        {"key_transport": RSA_OAEP_MGF1P, "oaep_digest": SHA512},
        {"key_transport": RSA_OAEP, "oaep_digest": SHA1},
        {"key_transport": RSA_OAEP, "oaep_mgf": MGF1_SHA1},
        {"key_info": "key-name"},
    ],
)
def test_encrypt_refuses_what_decryption_would_reject(pki: Pki, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"."):
        encrypt_bytes(PAYLOAD, pki.recipient.certificate, **kwargs)


def test_ring_picks_the_named_key_during_rollover(pki: Pki) -> None:
    rollover = DecryptionKeyRing([pki.other, pki.recipient])
    for key_info in ("certificate", "issuer-serial"):
        el = encrypt_bytes(PAYLOAD, pki.recipient.certificate, key_info=key_info)
        assert decrypt_encrypted_data(_reparse(el), rollover) == PAYLOAD


def test_issuer_name_as_openssl_writes_it_finds_the_key(pki: Pki, ring: DecryptionKeyRing) -> None:
    # xmlsec1 writes X509IssuerName with OpenSSL's RFC 2253 flags: multi-byte
    # characters as \XX escapes, OpenSSL attribute names.
    openssl_form = (
        r"CN=Test CA \C3\A9,organizationIdentifier=NTRNL-12345678,"
        r"O=Zorgkantoor Zuid\, test,C=NL"
    )
    assert parse_issuer_name(openssl_form) == pki.ca_cert.subject
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate, key_info="issuer-serial")
    _one(el, f"{ISSUER_SERIAL}/ds:X509IssuerName").text = openssl_form
    assert decrypt_encrypted_data(_reparse(el), ring) == PAYLOAD


def test_format_issuer_name_uses_openssl_attribute_names(pki: Pki) -> None:
    text = format_issuer_name(pki.ca_cert.subject)
    expected = r"CN=Test CA é,organizationIdentifier=NTRNL-12345678,O=Zorgkantoor Zuid\, test,C=NL"
    assert text == expected
    assert parse_issuer_name(text) == pki.ca_cert.subject


def test_recipient_attribute_and_encryption_properties_are_ignored(
    pki: Pki, ring: DecryptionKeyRing
) -> None:
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    _one(el, ENCRYPTED_KEY).set("Recipient", "someone else entirely")
    props = etree.SubElement(el, _xenc("EncryptionProperties"))
    etree.SubElement(props, _xenc("EncryptionProperty")).text = "ignored"
    el.insert(0, etree.Comment(" comments between elements are skipped "))
    assert decrypt_encrypted_data(_reparse(el), ring) == PAYLOAD


def test_wrapped_base64_with_line_breaks_is_accepted(pki: Pki, ring: DecryptionKeyRing) -> None:
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    for path in (CONTENT_VALUE, KEY_VALUE):
        value = _one(el, path)
        text = value.text or ""
        value.text = "\n" + "\r\n".join(text[i : i + 64] for i in range(0, len(text), 64)) + "\n"
    assert decrypt_encrypted_data(_reparse(el), ring) == PAYLOAD


def test_oaep_label_from_oaepparams_is_used(pki: Pki, ring: DecryptionKeyRing) -> None:
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    label = b"meerzorg"
    sha1 = hashes.SHA1()  # noqa: S303 - rsa-oaep-mgf1p's own OAEP hash, not a signature
    content_key = pki.recipient.private_key.decrypt(  # type: ignore[union-attr]
        base64.b64decode(_one(el, KEY_VALUE).text or ""),
        padding.OAEP(mgf=padding.MGF1(sha1), algorithm=sha1, label=None),
    )
    wrapped = pki.recipient.certificate.public_key().encrypt(  # type: ignore[union-attr]
        content_key,
        padding.OAEP(mgf=padding.MGF1(sha1), algorithm=sha1, label=label),
    )
    _one(el, KEY_VALUE).text = base64.b64encode(wrapped).decode()
    etree.SubElement(_one(el, KEY_METHOD), _xenc("OAEPparams")).text = base64.b64encode(
        label
    ).decode()
    assert decrypt_encrypted_data(_reparse(el), ring) == PAYLOAD


# --- keys -------------------------------------------------------------------------------------


def test_load_key_pair_checks_the_key_matches(pki: Pki, tmp_path: Path) -> None:
    (tmp_path / "enc.crt").write_bytes(_pem_cert(pki.recipient.certificate))
    (tmp_path / "enc.key").write_bytes(_pem_key(pki.recipient.private_key))  # type: ignore[arg-type]
    (tmp_path / "other.key").write_bytes(_pem_key(pki.other.private_key))  # type: ignore[arg-type]
    pair = load_key_pair(tmp_path / "enc.crt", tmp_path / "enc.key")
    assert pair.certificate == pki.recipient.certificate
    assert pair.fingerprint == pki.recipient.certificate.fingerprint(hashes.SHA256()).hex()
    assert "private_key" not in repr(pair)
    with pytest.raises(ValueError, match="does not match"):
        load_key_pair(tmp_path / "enc.crt", tmp_path / "other.key")


def test_load_certificates_reads_a_bundle(pki: Pki, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(_pem_cert(pki.recipient.certificate) + _pem_cert(pki.ca_cert))
    assert load_certificates(bundle) == [pki.recipient.certificate, pki.ca_cert]
    assert load_certificate(bundle) == pki.recipient.certificate


def test_key_ring_find_requires_every_given_criterion(pki: Pki) -> None:
    ring = DecryptionKeyRing([pki.recipient, pki.other])
    cert = pki.other.certificate
    der = cert.public_bytes(serialization.Encoding.DER)
    assert ring.find(certificate_der=der) is pki.other
    assert ring.find(issuer=cert.issuer, serial=cert.serial_number) is pki.other
    assert ring.find(certificate_der=der, issuer=cert.issuer, serial=cert.serial_number + 1) is None
    with pytest.raises(ValueError, match="together"):
        ring.find(issuer=cert.issuer)
    with pytest.raises(ValueError, match="give a certificate"):
        ring.find()


# --- interop with xmlsec1 ---------------------------------------------------------------------

RECIPE_TEMPLATE = """\
<Bericht xmlns="urn:nl:meerzorg:berichtenverkeer:1">
  <Kop><TraceerId>5f0c2a8e-8a4b-4e0b-9d43-2d7f2c1e9a10</TraceerId></Kop>
  <Inhoud>
    <EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#" MimeType="application/xml">
      <EncryptionMethod Algorithm="{content_algorithm}"/>
      <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">
        <EncryptedKey xmlns="http://www.w3.org/2001/04/xmlenc#">
          <EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>
          <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate/></X509Data></KeyInfo>
          <CipherData><CipherValue/></CipherData>
        </EncryptedKey>
      </KeyInfo>
      <CipherData><CipherValue/></CipherData>
    </EncryptedData>
  </Inhoud>
</Bericht>
"""


@pytest.fixture
def xmlsec1() -> str:
    return require_tool("xmlsec1")


def test_a_missing_tool_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require_tool("xmlsec1")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_tool("xmlsec1")


def _run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")


def _encrypted_data_of(envelope: bytes) -> etree._Element:
    return _one(parse_untrusted(envelope).getroot(), f"{{{BERICHT_NS}}}Inhoud/xenc:EncryptedData")


@pytest.mark.xmlsec1
@pytest.mark.parametrize(
    ("session_key", "content_algorithm"), [("aes-256", AES256_GCM), ("aes-128", AES128_GCM)]
)
def test_decrypts_what_xmlsec1_encrypts(
    xmlsec1: str,
    pem_files: Path,
    ring: DecryptionKeyRing,
    session_key: str,
    content_algorithm: str,
) -> None:
    (pem_files / "payload.xml").write_bytes(PAYLOAD)
    template = RECIPE_TEMPLATE.format(content_algorithm=content_algorithm)
    (pem_files / "template.xml").write_text(template, encoding="utf-8")
    _run(
        xmlsec1, "encrypt",
        "--pubkey-cert-pem", str(pem_files / "enc.crt"),
        "--session-key", session_key,
        "--binary-data", str(pem_files / "payload.xml"),
        "--output", str(pem_files / "env.xml"),
        str(pem_files / "template.xml"),
    )  # fmt: skip
    encrypted_data = _encrypted_data_of((pem_files / "env.xml").read_bytes())
    assert _one(encrypted_data, "xenc:EncryptionMethod").get("Algorithm") == content_algorithm
    assert decrypt_encrypted_data(encrypted_data, ring) == PAYLOAD


@pytest.mark.xmlsec1
@pytest.mark.parametrize("content_algorithm", [AES256_GCM, AES128_GCM])
@pytest.mark.parametrize("key_info", ["certificate", "issuer-serial"])
def test_xmlsec1_decrypts_what_we_encrypt(
    xmlsec1: str, pki: Pki, pem_files: Path, content_algorithm: str, key_info: Any
) -> None:
    bericht = etree.Element(f"{{{BERICHT_NS}}}Bericht", nsmap={None: BERICHT_NS})  # type: ignore[dict-item]
    etree.SubElement(bericht, f"{{{BERICHT_NS}}}Kop")
    inhoud = etree.SubElement(bericht, f"{{{BERICHT_NS}}}Inhoud")
    inhoud.append(
        encrypt_bytes(
            PAYLOAD,
            pki.recipient.certificate,
            content_algorithm=content_algorithm,
            key_info=key_info,
        )
    )
    (pem_files / "env.xml").write_bytes(
        etree.tostring(bericht, xml_declaration=True, encoding="UTF-8")
    )
    _run(
        xmlsec1, "decrypt",
        "--privkey-pem", f"{pem_files / 'enc.key'},{pem_files / 'enc.crt'}",
        "--trusted-pem", str(pem_files / "ca.crt"),
        "--output", str(pem_files / "out.xml"),
        str(pem_files / "env.xml"),
    )  # fmt: skip
    assert (pem_files / "out.xml").read_bytes() == PAYLOAD


# --- rejections: algorithm and feature choices are GW202, before any key is used ------------


def _set_algorithm(path: str, algorithm: str) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        _one(el, path).set("Algorithm", algorithm)

    return edit


def _oaep_params(
    digest: str | None, mgf: str | None, algorithm: str = RSA_OAEP
) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        method = _one(el, KEY_METHOD)
        method.set("Algorithm", algorithm)
        for child in list(method):
            method.remove(child)
        if digest is not None:
            etree.SubElement(method, _ds("DigestMethod"), Algorithm=digest)
        if mgf is not None:
            etree.SubElement(method, f"{{{XENC11_NS}}}MGF", Algorithm=mgf)

    return edit


def _replace_encrypted_key(new: Callable[[], etree._Element]) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        key_info = _one(el, "ds:KeyInfo")
        key_info.replace(_one(el, ENCRYPTED_KEY), new())

    return edit


def _agreement_method() -> etree._Element:
    agreement = etree.Element(
        _xenc("AgreementMethod"), Algorithm="http://www.w3.org/2009/xmlenc11#ECDH-ES"
    )
    etree.SubElement(
        agreement, f"{{{XENC11_NS}}}KeyDerivationMethod",
        Algorithm="http://www.w3.org/2009/xmlenc11#ConcatKDF",
    )  # fmt: skip
    return agreement


def _add_to_key_info(child: Callable[[], etree._Element]) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        _one(el, "ds:KeyInfo").append(child())

    return edit


def _retrieval_method() -> etree._Element:
    return etree.Element(
        _ds("RetrievalMethod"),
        URI="#key",
        Type="http://www.w3.org/2001/04/xmlenc#EncryptedKey",
    )


def _key_name() -> etree._Element:
    name = etree.Element(_ds("KeyName"))
    name.text = "gateway-enc"
    return name


def _duplicate_encrypted_key(el: etree._Element) -> None:
    _one(el, "ds:KeyInfo").append(copy.deepcopy(_one(el, ENCRYPTED_KEY)))


def _cipher_reference(path: str) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        cipher_data = _one(el, path)
        for child in list(cipher_data):
            cipher_data.remove(child)
        etree.SubElement(cipher_data, _xenc("CipherReference"), URI="http://example.org/ct")

    return edit


def _set_attribute(path: str, name: str, value: str) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        (el if path == "." else _one(el, path)).set(name, value)

    return edit


def _add_x509_child(name: str) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        x509_data = _one(el, X509_DATA)
        etree.SubElement(x509_data, _ds(name)).text = "CN=gateway-enc"

    return edit


def _remove(path: str) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        child = _one(el, path)
        parent = child.getparent()
        assert parent is not None
        parent.remove(child)

    return edit


GW202_CASES = [
    pytest.param(_set_algorithm("xenc:EncryptionMethod", AES128_CBC), id="aes128-cbc"),
    pytest.param(_set_algorithm("xenc:EncryptionMethod", AES256_CBC), id="aes256-cbc"),
    pytest.param(_set_algorithm("xenc:EncryptionMethod", TRIPLEDES_CBC), id="tripledes-cbc"),
    pytest.param(_remove("xenc:EncryptionMethod"), id="no-content-algorithm"),
    pytest.param(_set_algorithm(KEY_METHOD, RSA_1_5), id="rsa-1_5"),
    pytest.param(_oaep_params(SHA256, None), id="oaep11-without-mgf"),
    pytest.param(_oaep_params(SHA256, MGF1_SHA1), id="oaep11-mgf1sha1"),
    pytest.param(_oaep_params(None, MGF1_SHA256), id="oaep11-without-digest"),
    pytest.param(_oaep_params(MD5, MGF1_SHA256), id="oaep11-md5"),
    pytest.param(_oaep_params(SHA1, MGF1_SHA256), id="oaep11-sha1"),
    pytest.param(_oaep_params(SHA512, None, RSA_OAEP_MGF1P), id="mgf1p-sha512"),
    pytest.param(_oaep_params(SHA1, MGF1_SHA256, RSA_OAEP_MGF1P), id="mgf1p-with-mgf"),
    pytest.param(_replace_encrypted_key(_agreement_method), id="agreement-method"),
    pytest.param(_add_to_key_info(_agreement_method), id="agreement-method-beside-key"),
    pytest.param(_add_to_key_info(_retrieval_method), id="retrieval-method"),
    pytest.param(_replace_encrypted_key(_key_name), id="key-name-only"),
    pytest.param(_duplicate_encrypted_key, id="two-encrypted-keys"),
    pytest.param(_set_attribute(".", "Type", XENC_NS + "Element"), id="type-element"),
    pytest.param(_set_attribute(".", "Type", XENC_NS + "Content"), id="type-content"),
    pytest.param(_set_attribute(".", "MimeType", "text/plain"), id="mimetype"),
    pytest.param(_set_attribute(".", "Encoding", XENC_NS + "base64"), id="encoding"),
    pytest.param(_cipher_reference("xenc:CipherData"), id="cipher-reference"),
    pytest.param(_cipher_reference(f"{ENCRYPTED_KEY}/xenc:CipherData"), id="key-cipher-reference"),
    pytest.param(_add_x509_child("X509SubjectName"), id="x509-subject-name"),
    pytest.param(_remove(f"{ENCRYPTED_KEY}/ds:KeyInfo"), id="recipient-not-named"),
]


@pytest.mark.parametrize("edit", GW202_CASES)
def test_rejects_disallowed_choice_with_gw202_before_any_key_use(
    pki: Pki, edit: Callable[[etree._Element], None]
) -> None:
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate)  # valid for the ring's key
    edit(el)
    ring = RecordingKeyRing(pki.recipient)
    with pytest.raises(AlgorithmNotAllowed) as excinfo:
        decrypt_encrypted_data(_reparse(el), ring)
    assert excinfo.value.code == "GW202"
    assert ring.find_calls == 0
    assert ring.key.decrypt_calls == 0


def test_recording_doubles_see_a_successful_decryption(pki: Pki) -> None:
    """Positive control for the GW202 test: the doubles do observe key use."""
    ring = RecordingKeyRing(pki.recipient)
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    assert decrypt_encrypted_data(_reparse(el), ring) == PAYLOAD
    assert (ring.find_calls, ring.key.decrypt_calls) == (1, 1)


def test_policy_is_data(pki: Pki, ring: DecryptionKeyRing) -> None:
    only_aes256 = EncryptionPolicy(content_algorithms=frozenset({AES256_GCM}))
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate, content_algorithm=AES128_GCM)
    with pytest.raises(AlgorithmNotAllowed):
        decrypt_encrypted_data(_reparse(el), ring, only_aes256)


def test_gw202_names_the_place_but_never_echoes_message_content(
    pki: Pki, ring: DecryptionKeyRing
) -> None:
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    _one(el, "xenc:EncryptionMethod").set("Algorithm", "urn:attacker:<script>")
    with pytest.raises(AlgorithmNotAllowed) as excinfo:
        decrypt_encrypted_data(_reparse(el), ring)
    assert excinfo.value.locatie == "EncryptedData/EncryptionMethod/@Algorithm"
    assert "attacker" not in str(excinfo.value)
    assert all("attacker" not in str(m) for m in excinfo.value.meldingen)


# --- rejections: failures are GW201, all with the same text ---------------------------------


def _truncate(count: int) -> Callable[[bytearray], bytes]:
    def edit(data: bytearray) -> bytes:
        return bytes(data[:count])

    return edit


def _edit_value(path: str, edit: Callable[[bytearray], bytes]) -> Callable[[etree._Element], None]:
    def apply(el: etree._Element) -> None:
        _b64_edit(el, path, edit)

    return apply


def _set_text(path: str, text: str) -> Callable[[etree._Element], None]:
    def edit(el: etree._Element) -> None:
        _one(el, path).text = text

    return edit


def _declare_aes256(el: etree._Element) -> None:
    # The wrapped key is 16 bytes (encrypted with aes128-gcm); declare aes256-gcm.
    _one(el, "xenc:EncryptionMethod").set("Algorithm", AES256_GCM)


def _declare_sha256(el: etree._Element) -> None:
    # Wrapped with OAEP SHA-1, declared SHA-256: OAEP unwrapping fails.
    etree.SubElement(_one(el, KEY_METHOD), _ds("DigestMethod"), Algorithm=SHA256)


GW201_CASES = [
    pytest.param(_edit_value(CONTENT_VALUE, _truncate(-1)), {}, id="truncated-by-one"),
    pytest.param(_edit_value(CONTENT_VALUE, _truncate(27)), {}, id="shorter-than-iv-and-tag"),
    pytest.param(_edit_value(CONTENT_VALUE, _truncate(0)), {}, id="empty-ciphertext"),
    pytest.param(_edit_value(CONTENT_VALUE, _flip(-1)), {}, id="flipped-tag-byte"),
    pytest.param(_edit_value(CONTENT_VALUE, _flip(0)), {}, id="flipped-iv-byte"),
    pytest.param(_edit_value(CONTENT_VALUE, _flip(20)), {}, id="flipped-ciphertext-byte"),
    pytest.param(_edit_value(KEY_VALUE, _flip(100)), {}, id="flipped-wrapped-key-byte"),
    pytest.param(_edit_value(KEY_VALUE, _truncate(255)), {}, id="short-wrapped-key"),
    pytest.param(_set_text(CONTENT_VALUE, "not base64!"), {}, id="invalid-base64"),
    pytest.param(_set_text(CONTENT_VALUE, "QUJD"[:3]), {}, id="bad-base64-padding"),
    pytest.param(_set_text(KEY_VALUE, "@@@@"), {}, id="invalid-base64-wrapped-key"),
    pytest.param(
        _set_text(f"{X509_DATA}/ds:X509Certificate", "%%"),
        {},
        id="invalid-base64-certificate",
    ),
    pytest.param(_declare_aes256, {"content_algorithm": AES128_GCM}, id="wrong-aes-key-length"),
    pytest.param(_declare_sha256, {}, id="wrong-oaep-digest"),
    pytest.param(_remove("xenc:CipherData"), {}, id="no-cipher-data"),
    pytest.param(
        _set_text(
            f"{ISSUER_SERIAL}/ds:X509SerialNumber",
            "0x1f",
        ),
        {"key_info": "issuer-serial"},
        id="serial-not-decimal",
    ),
    pytest.param(
        _set_text(
            f"{ISSUER_SERIAL}/ds:X509IssuerName",
            "this is not a name",
        ),
        {"key_info": "issuer-serial"},
        id="issuer-not-a-name",
    ),
]


@pytest.mark.parametrize(("edit", "encrypt_kwargs"), GW201_CASES)
def test_failure_is_gw201_with_the_one_text(
    pki: Pki,
    ring: DecryptionKeyRing,
    edit: Callable[[etree._Element], None],
    encrypt_kwargs: dict[str, Any],
) -> None:
    el = encrypt_bytes(PAYLOAD, pki.recipient.certificate, **encrypt_kwargs)
    edit(el)
    with pytest.raises(DecryptionFailed) as excinfo:
        decrypt_encrypted_data(_reparse(el), ring)
    _assert_the_one_gw201(excinfo.value)


def _assert_the_one_gw201(error: DecryptionFailed) -> None:
    reference = DecryptionFailed()
    assert type(error) is DecryptionFailed
    assert str(error) == str(reference)
    assert error.meldingen == reference.meldingen
    assert error.locatie is None


@pytest.mark.parametrize("key_info", ["certificate", "issuer-serial"])
def test_encrypted_key_for_another_recipient_is_gw201(
    pki: Pki, ring: DecryptionKeyRing, key_info: Any
) -> None:
    el = encrypt_bytes(PAYLOAD, pki.other.certificate, key_info=key_info)
    with pytest.raises(DecryptionFailed) as excinfo:
        decrypt_encrypted_data(_reparse(el), ring)
    _assert_the_one_gw201(excinfo.value)


def test_wrong_key_named_as_ours_is_gw201(pki: Pki, ring: DecryptionKeyRing) -> None:
    # Encrypted to the other key but claiming our certificate: OAEP fails, same answer.
    el = encrypt_bytes(PAYLOAD, pki.other.certificate)
    ours = encrypt_bytes(PAYLOAD, pki.recipient.certificate)
    path = f"{X509_DATA}/ds:X509Certificate"
    _one(el, path).text = _one(ours, path).text
    with pytest.raises(DecryptionFailed) as excinfo:
        decrypt_encrypted_data(_reparse(el), ring)
    _assert_the_one_gw201(excinfo.value)


def test_not_encrypted_data_is_gw201(pki: Pki, ring: DecryptionKeyRing) -> None:
    el = etree.fromstring(b'<EncryptedKey xmlns="http://www.w3.org/2001/04/xmlenc#"/>')
    with pytest.raises(DecryptionFailed) as excinfo:
        decrypt_encrypted_data(el, ring)
    _assert_the_one_gw201(excinfo.value)


# --- base64 of CipherValue and CipherValue-like texts -----------------------------------------

_B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _regex_b64decode(text: str) -> bytes | None:
    """The decoding before it used ``bytes.translate``: the reference it must agree with."""
    try:
        return base64.b64decode(re.sub(r"[ \t\r\n]+", "", text), validate=True)
    except (binascii.Error, ValueError):
        return None


@given(
    st.one_of(
        st.text(alphabet=_B64_ALPHABET + "= \t\r\n", max_size=64),
        st.text(alphabet=_B64_ALPHABET + "= \t\r\n\x0b\x0c\xa0\u2028é", max_size=64),
        st.binary(max_size=48).map(lambda b: base64.encodebytes(b).decode()),
    )
)
@settings(max_examples=400, derandomize=True)
def test_cipher_text_decoding_agrees_with_strict_base64(text: str) -> None:
    expected = _regex_b64decode(text)
    if expected is None:
        with pytest.raises(DecryptionFailed):
            xmlenc._b64decode(text)
    else:
        assert xmlenc._b64decode(text) == expected
