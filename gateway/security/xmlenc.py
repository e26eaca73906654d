"""XML Encryption of the payload as opaque bytes (protocol 5.2), with a strict allow-list.

No Python XML Encryption library enforces an algorithm allow-list on
decryption, so this module reads exactly one shape of ``xenc:EncryptedData``
(the one ``xmlsec1 encrypt --binary-data`` writes from the recipe's template,
shared/xmlsec1-recipe.md section 2) on top of cryptography's AES-GCM and RSA-OAEP.

Decryption runs in three phases so that policy is enforced before any key is
touched:

1. shape and policy (XML Encryption 1.1, sections 3 and 5): every algorithm and
   feature choice is checked; a choice we do not allow is GW202
   (:class:`AlgorithmNotAllowed`), a structure we cannot read is GW201;
2. resolution: base64, the recipient's certificate, the key from the ring;
3. cryptography: RSA-OAEP unwrap, key length, AES-GCM. A failed unwrap or a
   key of the wrong length goes on with a random key (implicit rejection), so
   every failure ends in the same AES-GCM tag check.

Phases 2 and 3 only ever raise :class:`DecryptionFailed` with its one fixed
text, so a sender cannot tell a wrong key from a bad tag (no oracle).

Decisions the protocol leaves open:

- ``MimeType`` may be absent; when present it must be ``application/xml``
  (anything else is GW202: we only accept the payload document as opaque XML bytes).
- Attributes other than ``Id`` and ``MimeType`` on EncryptedData (``Type``,
  ``Encoding``, anything else), and other than ``Id`` and ``Recipient`` on
  EncryptedKey, are GW202. ``Recipient`` is ignored.
- ``xenc:EncryptionProperties`` is tolerated in its schema position and ignored:
  it is neither authenticated nor used.
- A missing EncryptionMethod or KeyInfo is GW202 (the algorithm or key would be
  implied by prior agreement, which this protocol does not have).
- ``ds:KeyInfo`` of EncryptedData must hold exactly one EncryptedKey; anything
  else there (a second EncryptedKey for another recipient, AgreementMethod,
  RetrievalMethod, KeyName, KeyValue, ...) is GW202.
- An empty ``ds:X509IssuerSerial`` (xmlsec1 leaves a template's empty one
  empty) counts as absent; when both the certificate and issuer/serial are
  given, the key ring's pair must match both.
- Comments between elements are skipped, as xmlsec1 does; character data between
  elements is ignored. Value elements (CipherValue, X509Certificate, ...) must
  hold text only.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, cast

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from lxml import etree

from gateway.domain.errors import AlgorithmNotAllowed, DecryptionFailed
from gateway.security.keys import DecryptionKeyRing, format_issuer_name, parse_issuer_name

XENC_NS = "http://www.w3.org/2001/04/xmlenc#"
XENC11_NS = "http://www.w3.org/2009/xmlenc11#"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
DSMORE_NS = "http://www.w3.org/2001/04/xmldsig-more#"

# Block encryption (XML Encryption 1.1 section 5.2).
AES128_GCM = XENC11_NS + "aes128-gcm"
AES256_GCM = XENC11_NS + "aes256-gcm"
AES128_CBC = XENC_NS + "aes128-cbc"
AES256_CBC = XENC_NS + "aes256-cbc"
TRIPLEDES_CBC = XENC_NS + "tripledes-cbc"

# Key transport (section 5.5).
RSA_1_5 = XENC_NS + "rsa-1_5"
RSA_OAEP_MGF1P = XENC_NS + "rsa-oaep-mgf1p"
RSA_OAEP = XENC11_NS + "rsa-oaep"

# Digests (section 5.7) and mask generation functions (section 5.5.2).
MD5 = DSMORE_NS + "md5"
SHA1 = DS_NS + "sha1"
SHA256 = XENC_NS + "sha256"
SHA384 = DSMORE_NS + "sha384"
SHA512 = XENC_NS + "sha512"
MGF1_SHA1 = XENC11_NS + "mgf1sha1"
MGF1_SHA256 = XENC11_NS + "mgf1sha256"
MGF1_SHA384 = XENC11_NS + "mgf1sha384"
MGF1_SHA512 = XENC11_NS + "mgf1sha512"

MIME_TYPE_XML = "application/xml"

GCM_IV_BYTES = 12
GCM_TAG_BYTES = 16


@dataclass(frozen=True)
class EncryptionPolicy:
    """Algorithm allow-lists for decryption (protocol 5.2); policy is data."""

    content_algorithms: frozenset[str] = frozenset({AES256_GCM, AES128_GCM})
    key_transport_algorithms: frozenset[str] = frozenset({RSA_OAEP_MGF1P, RSA_OAEP})
    oaep_digests_mgf1p: frozenset[str] = frozenset({SHA1, SHA256})
    oaep_digests_11: frozenset[str] = frozenset({SHA256, SHA384, SHA512})
    oaep_mgfs_11: frozenset[str] = frozenset({MGF1_SHA256, MGF1_SHA384, MGF1_SHA512})


DEFAULT_POLICY = EncryptionPolicy()

# What this module implements; a policy naming anything else still gets GW202.
_CONTENT_KEY_BYTES: dict[str, int] = {AES128_GCM: 16, AES256_GCM: 32}
_DIGESTS: dict[str, type[hashes.HashAlgorithm]] = {
    SHA1: hashes.SHA1,
    SHA256: hashes.SHA256,
    SHA384: hashes.SHA384,
    SHA512: hashes.SHA512,
}
_MGFS: dict[str, type[hashes.HashAlgorithm]] = {
    MGF1_SHA256: hashes.SHA256,
    MGF1_SHA384: hashes.SHA384,
    MGF1_SHA512: hashes.SHA512,
}


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


ENCRYPTED_DATA = _q(XENC_NS, "EncryptedData")
_ENCRYPTED_KEY = _q(XENC_NS, "EncryptedKey")
_ENCRYPTION_METHOD = _q(XENC_NS, "EncryptionMethod")
_ENCRYPTION_PROPERTIES = _q(XENC_NS, "EncryptionProperties")
_CIPHER_DATA = _q(XENC_NS, "CipherData")
_CIPHER_VALUE = _q(XENC_NS, "CipherValue")
_CIPHER_REFERENCE = _q(XENC_NS, "CipherReference")
_OAEP_PARAMS = _q(XENC_NS, "OAEPparams")
_MGF = _q(XENC11_NS, "MGF")
_KEY_INFO = _q(DS_NS, "KeyInfo")
_DIGEST_METHOD = _q(DS_NS, "DigestMethod")
_X509_DATA = _q(DS_NS, "X509Data")
_X509_CERTIFICATE = _q(DS_NS, "X509Certificate")
_X509_ISSUER_SERIAL = _q(DS_NS, "X509IssuerSerial")
_X509_ISSUER_NAME = _q(DS_NS, "X509IssuerName")
_X509_SERIAL_NUMBER = _q(DS_NS, "X509SerialNumber")

_ED = "EncryptedData"
_EK = f"{_ED}/KeyInfo/EncryptedKey"

# XML whitespace (XML 1.0 production S) may wrap base64 (xmlsec1 wraps at 64).
_XML_WHITESPACE = re.compile(r"[ \t\r\n]+")
_XML_WHITESPACE_BYTES = b" \t\r\n"
_DECIMAL = re.compile(r"-?[0-9]{1,64}", re.ASCII)


# --- phase 1: shape and policy ---------------------------------------------------


@dataclass(frozen=True)
class _Recipient:
    """How the EncryptedKey names the recipient's certificate (still undecoded)."""

    certificate_b64: str | None
    issuer_name: str | None
    serial_number: str | None


@dataclass(frozen=True)
class _Plan:
    """Everything phase 1 read and allowed; nothing decoded or decrypted yet."""

    key_bytes: int
    oaep_digest: type[hashes.HashAlgorithm]
    mgf_digest: type[hashes.HashAlgorithm]
    oaep_label_b64: str | None
    recipient: _Recipient
    wrapped_key_b64: str
    # The element, not its text: a 20 MiB message's text is read once, in phase 3.
    cipher_value: etree._Element


def _not_allowed(locatie: str) -> AlgorithmNotAllowed:
    # The location is ours, never a value from the message: no client data in receipts.
    return AlgorithmNotAllowed(locatie=locatie)


def _element_children(el: etree._Element) -> list[etree._Element]:
    """Child elements, skipping comments (the parser already refused PIs and entities)."""
    return [child for child in el if isinstance(child.tag, str)]


def _take_children(
    el: etree._Element,
    sequence: tuple[str, ...],
    *,
    forbidden: frozenset[str] = frozenset(),
    where: str,
) -> dict[str, etree._Element]:
    """Children in schema order, each at most once; a forbidden feature is GW202."""
    found: dict[str, etree._Element] = {}
    position = 0
    for child in _element_children(el):
        if child.tag in forbidden:
            raise _not_allowed(f"{where}/{etree.QName(child).localname}")
        try:
            position = sequence.index(child.tag, position) + 1
        except ValueError:
            raise DecryptionFailed() from None
        found[child.tag] = child
    return found


def _check_attributes(el: etree._Element, allowed: frozenset[str], where: str) -> None:
    """Any attribute outside the profile (Type, Encoding, ...) is a feature we do not allow."""
    for name in el.attrib:
        if name not in allowed:
            raise _not_allowed(f"{where}/@{etree.QName(name).localname}")


def _leaf_text(el: etree._Element) -> str:
    """Text of a value element; an element or comment inside it makes it malformed."""
    if len(el):
        raise DecryptionFailed()
    return el.text or ""


def _check_content_method(method: etree._Element | None, policy: EncryptionPolicy) -> int:
    """The content algorithm's key length, if the algorithm is allowed (checked first)."""
    where = f"{_ED}/EncryptionMethod"
    if method is None:
        raise _not_allowed(where)
    algorithm = method.get("Algorithm")
    if algorithm not in policy.content_algorithms or algorithm not in _CONTENT_KEY_BYTES:
        raise _not_allowed(f"{where}/@Algorithm")
    if _element_children(method):  # KeySize or anything else: no parameters for AES-GCM
        raise _not_allowed(where)
    return _CONTENT_KEY_BYTES[algorithm]


@dataclass(frozen=True)
class _Oaep:
    digest: type[hashes.HashAlgorithm]
    mgf_digest: type[hashes.HashAlgorithm]
    label_b64: str | None


def _check_key_transport(method: etree._Element | None, policy: EncryptionPolicy) -> _Oaep:
    """RSA-OAEP parameters (XML Encryption 1.1 section 5.5.2), all on the allow-list."""
    where = f"{_EK}/EncryptionMethod"
    if method is None:
        raise _not_allowed(where)
    algorithm = method.get("Algorithm")
    if algorithm not in policy.key_transport_algorithms or algorithm not in (
        RSA_OAEP_MGF1P,
        RSA_OAEP,
    ):
        raise _not_allowed(f"{where}/@Algorithm")
    params: dict[str, etree._Element] = {}
    for child in _element_children(method):
        if child.tag not in (_DIGEST_METHOD, _MGF, _OAEP_PARAMS):
            raise _not_allowed(f"{where}/{etree.QName(child).localname}")
        if child.tag in params:
            raise DecryptionFailed()
        params[child.tag] = child
    for tag in (_DIGEST_METHOD, _MGF):
        if tag in params and _element_children(params[tag]):
            raise _not_allowed(f"{where}/{etree.QName(tag).localname}")

    digest_el = params.get(_DIGEST_METHOD)
    mgf_el = params.get(_MGF)
    if algorithm == RSA_OAEP_MGF1P:
        # MGF1 with SHA-1 by definition; the digest defaults to SHA-1 (section 5.5.2.1).
        if mgf_el is not None:
            raise _not_allowed(f"{where}/MGF")
        digest_uri = SHA1 if digest_el is None else digest_el.get("Algorithm")
        allowed_digests = policy.oaep_digests_mgf1p
        mgf_digest: type[hashes.HashAlgorithm] = hashes.SHA1
    else:
        # xmlenc11#rsa-oaep: the defaults (SHA-1, mgf1sha1) are not allowed, so both
        # must be explicit.
        if digest_el is None:
            raise _not_allowed(f"{where}/DigestMethod")
        if mgf_el is None:
            raise _not_allowed(f"{where}/MGF")
        digest_uri = digest_el.get("Algorithm")
        allowed_digests = policy.oaep_digests_11
        mgf_uri = mgf_el.get("Algorithm")
        if mgf_uri not in policy.oaep_mgfs_11 or mgf_uri not in _MGFS:
            raise _not_allowed(f"{where}/MGF/@Algorithm")
        mgf_digest = _MGFS[mgf_uri]
    if digest_uri not in allowed_digests or digest_uri not in _DIGESTS:
        raise _not_allowed(f"{where}/DigestMethod/@Algorithm")
    label_el = params.get(_OAEP_PARAMS)
    return _Oaep(
        digest=_DIGESTS[digest_uri],
        mgf_digest=mgf_digest,
        label_b64=None if label_el is None else _leaf_text(label_el),
    )


def _check_recipient(key_info: etree._Element | None) -> _Recipient:
    """The recipient certificate named in EncryptedKey/KeyInfo/X509Data."""
    where = f"{_EK}/KeyInfo"
    if key_info is None:
        raise _not_allowed(where)
    children = _element_children(key_info)
    for child in children:
        if child.tag != _X509_DATA:
            raise _not_allowed(f"{where}/{etree.QName(child).localname}")
    if len(children) != 1:
        raise DecryptionFailed()
    x509_data: dict[str, etree._Element] = {}
    for child in _element_children(children[0]):
        if child.tag not in (_X509_CERTIFICATE, _X509_ISSUER_SERIAL):
            # X509SKI, X509SubjectName, X509CRL, ...: the protocol names two ways only.
            raise _not_allowed(f"{where}/X509Data/{etree.QName(child).localname}")
        if child.tag in x509_data:
            raise DecryptionFailed()
        x509_data[child.tag] = child

    certificate_el = x509_data.get(_X509_CERTIFICATE)
    certificate_b64 = None if certificate_el is None else _leaf_text(certificate_el)
    issuer_name = serial_number = None
    issuer_serial_el = x509_data.get(_X509_ISSUER_SERIAL)
    # xmlsec1 leaves an empty <X509IssuerSerial/> of a template empty: treat it as absent.
    if issuer_serial_el is not None and (
        _element_children(issuer_serial_el) or (issuer_serial_el.text or "").strip()
    ):
        parts = _element_children(issuer_serial_el)
        if [part.tag for part in parts] != [_X509_ISSUER_NAME, _X509_SERIAL_NUMBER]:
            raise DecryptionFailed()
        issuer_name, serial_number = _leaf_text(parts[0]), _leaf_text(parts[1])
    if certificate_b64 is None and issuer_name is None:
        raise DecryptionFailed()
    return _Recipient(certificate_b64, issuer_name, serial_number)


def _check_cipher_value(cipher_data: etree._Element | None, where: str) -> etree._Element:
    """The CipherValue (text only); a CipherReference (fetching ciphertext elsewhere) is GW202."""
    if cipher_data is None:
        raise DecryptionFailed()
    children = _element_children(cipher_data)
    if any(child.tag == _CIPHER_REFERENCE for child in children):
        raise _not_allowed(f"{where}/CipherData/CipherReference")
    if [child.tag for child in children] != [_CIPHER_VALUE]:
        raise DecryptionFailed()
    if len(children[0]):  # as _leaf_text, without copying the text yet
        raise DecryptionFailed()
    return children[0]


def _check_encrypted_key(key_info: etree._Element | None) -> etree._Element:
    """The one EncryptedKey in EncryptedData/KeyInfo."""
    if key_info is None:
        raise _not_allowed(f"{_ED}/KeyInfo")
    children = _element_children(key_info)
    if len(children) != 1 or children[0].tag != _ENCRYPTED_KEY:
        # Key agreement, retrieval, key names, several recipients: none of it is ours.
        odd = next((c for c in children if c.tag != _ENCRYPTED_KEY), None)
        name = "EncryptedKey" if odd is None else etree.QName(odd).localname
        raise _not_allowed(f"{_ED}/KeyInfo/{name}")
    return children[0]


def _check_encrypted_data(el: etree._Element, policy: EncryptionPolicy) -> _Plan:
    """Phase 1: the whole structure against the profile and the allow-lists."""
    if el.tag != ENCRYPTED_DATA:
        raise DecryptionFailed()
    _check_attributes(el, frozenset({"Id", "MimeType"}), _ED)
    mime_type = el.get("MimeType")
    if mime_type is not None and mime_type != MIME_TYPE_XML:
        raise _not_allowed(f"{_ED}/@MimeType")
    parts = _take_children(
        el, (_ENCRYPTION_METHOD, _KEY_INFO, _CIPHER_DATA, _ENCRYPTION_PROPERTIES), where=_ED
    )
    key_bytes = _check_content_method(parts.get(_ENCRYPTION_METHOD), policy)

    encrypted_key = _check_encrypted_key(parts.get(_KEY_INFO))
    _check_attributes(encrypted_key, frozenset({"Id", "Recipient"}), _EK)
    ek_parts = _take_children(
        encrypted_key,
        (_ENCRYPTION_METHOD, _KEY_INFO, _CIPHER_DATA, _ENCRYPTION_PROPERTIES),
        forbidden=frozenset({_q(XENC_NS, "ReferenceList"), _q(XENC_NS, "CarriedKeyName")}),
        where=_EK,
    )
    oaep = _check_key_transport(ek_parts.get(_ENCRYPTION_METHOD), policy)
    recipient = _check_recipient(ek_parts.get(_KEY_INFO))
    wrapped_key_b64 = _leaf_text(_check_cipher_value(ek_parts.get(_CIPHER_DATA), _EK))
    cipher_value = _check_cipher_value(parts.get(_CIPHER_DATA), _ED)
    return _Plan(
        key_bytes=key_bytes,
        oaep_digest=oaep.digest,
        mgf_digest=oaep.mgf_digest,
        oaep_label_b64=oaep.label_b64,
        recipient=recipient,
        wrapped_key_b64=wrapped_key_b64,
        cipher_value=cipher_value,
    )


# --- phase 2: resolution -----------------------------------------------------------


def _b64decode(text: str) -> bytes:
    """Strict base64 after removing XML whitespace; any failure is GW201.

    The whitespace goes with ``bytes.translate`` rather than the regular expression
    (about 4 x faster on a 5 KiB message's CipherValue); non-ASCII text, which
    base64 cannot be, fails at the encoding, as it failed in ``b64decode`` before.
    """
    try:
        raw = text.encode("ascii").translate(None, _XML_WHITESPACE_BYTES)
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        raise DecryptionFailed() from exc


# Characters of CipherValue text decoded per step: bounds the transient copies.
_B64_STEP = 1 << 20


def _b64_steps(text: str) -> Iterator[bytes]:
    """The strict base64 decoding of ``text`` (XML whitespace removed), in steps.

    Strictness is unchanged: every step but the last is whole base64 quanta
    without padding, which strict decoding accepts exactly when the whole text's
    strict decoding gets past them; from the first ``=`` on (and always one
    quantum before it, so the last step never starts with padding) the rest is
    decoded in one call. Raises :class:`DecryptionFailed` where strict decoding fails.
    """
    pending = ""
    try:
        for start in range(0, len(text), _B64_STEP):
            piece = pending + _XML_WHITESPACE.sub("", text[start : start + _B64_STEP])
            if "=" in piece:
                pending = piece + _XML_WHITESPACE.sub("", text[start + _B64_STEP :])
                break
            usable = max(0, (len(piece) // 4 - 1) * 4)
            yield binascii.a2b_base64(piece[:usable], strict_mode=True)
            pending = piece[usable:]
        yield binascii.a2b_base64(pending, strict_mode=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionFailed() from exc


def _b64decode_large(text: str) -> bytearray:
    """What :func:`_b64decode` returns, decoded in steps without a whitespace-free copy."""
    out = bytearray()
    for step in _b64_steps(text):
        out += step
    return out


def _gcm_decrypt_text(text: str, content_key: bytes) -> bytes | bytearray:
    """Base64 CipherValue text (IV, ciphertext, tag) to plaintext, in one buffer.

    Each decoded step goes straight through AES-GCM into the plaintext buffer,
    allocated once (base64 never decodes to more than 3/4 of its characters), so
    the decoded ciphertext is never held whole. Nothing of the buffer leaves this
    function unless the tag checks (``finalize_with_tag``): unauthenticated
    plaintext is never returned. A text of one step (every ordinary message) is
    decoded and decrypted in one call each: the copies are small, the calls fewer.
    """
    if len(text) <= _B64_STEP:
        data = _b64decode(text)
        if len(data) < GCM_IV_BYTES + GCM_TAG_BYTES:
            raise DecryptionFailed()
        try:
            return AESGCM(content_key).decrypt(
                data[:GCM_IV_BYTES], memoryview(data)[GCM_IV_BYTES:], None
            )
        except InvalidTag as exc:
            raise DecryptionFailed() from exc
    out = bytearray(max(0, len(text) * 3 // 4))
    view = memoryview(out)
    written = 0
    head = b""
    lag = b""  # the last GCM_TAG_BYTES seen: the tag, once the text ends
    decryptor = None
    try:
        for step in _b64_steps(text):
            if decryptor is None:
                head += step
                if len(head) < GCM_IV_BYTES:
                    continue
                cipher = Cipher(algorithms.AES(content_key), modes.GCM(head[:GCM_IV_BYTES]))
                decryptor = cipher.decryptor()
                step = head[GCM_IV_BYTES:]
            data = lag + step if lag else step
            if len(data) <= GCM_TAG_BYTES:
                lag = data
                continue
            body = memoryview(data)[:-GCM_TAG_BYTES]
            lag = bytes(data[-GCM_TAG_BYTES:])
            written += decryptor.update_into(body, view[written:])
        if decryptor is None or len(lag) != GCM_TAG_BYTES:
            raise DecryptionFailed()
        decryptor.finalize_with_tag(lag)
    except InvalidTag as exc:
        raise DecryptionFailed() from exc
    finally:
        view.release()
    del out[written:]
    return out


# Once a text has padding, more than this after its first "=" can never decode strictly.
_AFTER_PADDING = 64


class CipherValueSink:
    """The data CipherValue's base64 text, decoded as the parser delivers it (an
    :class:`gateway.security.xmlparse.TextSink`): a streamed envelope's 20 MiB text is
    never held, only its octets (IV, ciphertext, tag), which later become the plaintext
    in place (:func:`decrypt_encrypted_data` with ``streamed``).

    Strictness is :func:`_b64_steps`'s: XML whitespace removed, whole quanta decoded
    while one is kept back, everything from the first ``=`` on decoded in one call at
    the end. A text that cannot decode is not refused here (the parser is still reading
    the envelope, whose checks come first) but when decryption asks for the octets.
    """

    def __init__(self) -> None:
        self.element: etree._Element | None = None
        self._octets: bytearray | None = bytearray()
        self._pending = b""
        self._padded = False

    def start(self, element: etree._Element) -> None:
        self.element = element

    def write(self, text: str) -> None:
        if self._octets is None:
            return
        try:
            # Non-ASCII text is never base64 (UnicodeEncodeError is a ValueError); as
            # bytes, XML whitespace goes in one C call rather than one regex match a line.
            piece = self._pending + text.encode("ascii").translate(None, _XML_WHITESPACE_BYTES)
            if self._padded or b"=" in piece:
                self._padded = True
                self._pending = piece
                if len(piece) - piece.index(b"=") > _AFTER_PADDING:
                    self._fail()
                return
            usable = max(0, (len(piece) // 4 - 1) * 4)
            if usable:
                self._octets += binascii.a2b_base64(piece[:usable], strict_mode=True)
            self._pending = piece[usable:]
        except (binascii.Error, ValueError):
            self._fail()

    def _fail(self) -> None:
        self._octets = None
        self._pending = b""

    def take(self) -> bytearray:
        """The decoded octets, handed over once (the sink lets go of them);
        :class:`DecryptionFailed` where strict decoding of the whole text fails."""
        octets, self._octets = self._octets, None
        pending, self._pending = self._pending, b""
        if octets is None:
            raise DecryptionFailed()
        try:
            octets += binascii.a2b_base64(pending, strict_mode=True)
        except (binascii.Error, ValueError) as exc:
            raise DecryptionFailed() from exc
        return octets


def _gcm_decrypt_in_place(data: bytearray, content_key: bytes) -> bytearray:
    """IV, ciphertext and tag to plaintext in the same buffer, a step at a time.

    Each step's plaintext is written 12 bytes before where its ciphertext was, over
    ciphertext already read. If the tag does not check, the buffer is emptied before
    the error is raised: unauthenticated plaintext is never handed on.
    """
    if len(data) < GCM_IV_BYTES + GCM_TAG_BYTES:
        raise DecryptionFailed()
    end = len(data) - GCM_TAG_BYTES
    tag = bytes(data[end:])
    decryptor = Cipher(algorithms.AES(content_key), modes.GCM(bytes(data[:GCM_IV_BYTES])))
    decrypting = decryptor.decryptor()
    view = memoryview(data)
    written = 0
    try:
        for start in range(GCM_IV_BYTES, end, _B64_STEP):
            piece = decrypting.update(view[start : min(start + _B64_STEP, end)])
            view[written : written + len(piece)] = piece
            written += len(piece)
        decrypting.finalize_with_tag(tag)
    except InvalidTag as exc:
        view.release()
        del data[:]
        raise DecryptionFailed() from exc
    view.release()
    del data[written:]
    return data


def _cipher_text(cipher_value: etree._Element, *, consume: bool) -> str:
    """The CipherValue's text; with ``consume`` the tree's copy is dropped at once."""
    text = cipher_value.text or ""
    if consume:
        cipher_value.text = None
    return text


def _find_private_key(recipient: _Recipient, keys: DecryptionKeyRing) -> rsa.RSAPrivateKey:
    certificate_der = None
    if recipient.certificate_b64 is not None:
        certificate_der = _b64decode(recipient.certificate_b64)
    issuer: x509.Name | None = None
    serial: int | None = None
    if recipient.issuer_name is not None and recipient.serial_number is not None:
        serial_text = recipient.serial_number.strip()
        if not _DECIMAL.fullmatch(serial_text):
            raise DecryptionFailed()
        serial = int(serial_text)
        try:
            issuer = parse_issuer_name(recipient.issuer_name)
        except ValueError as exc:
            raise DecryptionFailed() from exc
    pair = keys.find(certificate_der=certificate_der, issuer=issuer, serial=serial)
    if pair is None or not isinstance(pair.private_key, rsa.RSAPrivateKey):
        raise DecryptionFailed()
    return pair.private_key


# --- phase 3: cryptography ---------------------------------------------------------


def _unwrap_and_decrypt(
    plan: _Plan,
    private_key: rsa.RSAPrivateKey,
    *,
    consume: bool = False,
    streamed: CipherValueSink | None = None,
) -> bytes | bytearray:
    label = _b64decode(plan.oaep_label_b64) if plan.oaep_label_b64 is not None else b""
    wrapped_key = _b64decode(plan.wrapped_key_b64)

    oaep = padding.OAEP(
        mgf=padding.MGF1(plan.mgf_digest()),
        algorithm=plan.oaep_digest(),
        label=label or None,
    )
    unwrap_error: ValueError | None = None
    try:
        content_key = private_key.decrypt(wrapped_key, oaep)
    except ValueError as exc:
        unwrap_error = exc
        content_key = b""
    wrong_length = len(content_key) != plan.key_bytes
    if unwrap_error is not None or wrong_length:
        # Implicit rejection: go on with a random key so that an OAEP failure, a
        # key of the wrong length and a bad tag take the same path (Manger's attack).
        content_key = os.urandom(plan.key_bytes)

    try:
        if streamed is not None and streamed.element is plan.cipher_value:
            # The parser handed this element's text to the sink: its octets, not the tree.
            plaintext: bytes | bytearray = _gcm_decrypt_in_place(streamed.take(), content_key)
        else:
            # No name holds the text: it is freed as soon as it is decrypted.
            plaintext = _gcm_decrypt_text(
                _cipher_text(plan.cipher_value, consume=consume), content_key
            )
    except DecryptionFailed as exc:
        raise DecryptionFailed() from (unwrap_error or exc)
    if unwrap_error is not None or wrong_length:  # pragma: no cover - 2**-128 chance
        raise DecryptionFailed() from unwrap_error
    return plaintext


def decrypt_encrypted_data(
    encrypted_data: etree._Element,
    keys: DecryptionKeyRing,
    policy: EncryptionPolicy = DEFAULT_POLICY,
    *,
    consume: bool = False,
    streamed: CipherValueSink | None = None,
) -> bytes | bytearray:
    """Decrypt an ``xenc:EncryptedData`` to the exact plaintext bytes (protocol 5.2).

    Raises :class:`AlgorithmNotAllowed` (GW202) for any algorithm or feature
    outside the policy, always before the key ring or a private key is used,
    and :class:`DecryptionFailed` (GW201, one fixed text) for everything else.
    With ``consume`` the ciphertext's text is removed from the tree once read
    (after every policy check), so that a large message is not held twice.
    ``streamed`` is the sink that took the CipherValue's text while a streamed envelope
    was parsed (:class:`CipherValueSink`); its octets are decrypted in place.
    """
    plan = _check_encrypted_data(encrypted_data, policy)
    private_key = _find_private_key(plan.recipient, keys)
    return _unwrap_and_decrypt(plan, private_key, consume=consume, streamed=streamed)


# --- encryption --------------------------------------------------------------------


def _default_ns(uri: str) -> Mapping[str, str]:
    """A default-namespace nsmap; lxml's key is None, which lxml-stubs types as str."""
    return cast("Mapping[str, str]", {None: uri})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _oaep_parameters(
    key_transport: str, oaep_digest: str | None, oaep_mgf: str | None
) -> tuple[str, str | None]:
    """The digest and MGF URIs to use, defaulted and checked against the default policy."""
    policy = DEFAULT_POLICY
    if key_transport == RSA_OAEP_MGF1P:
        if oaep_mgf is not None:
            raise ValueError("rsa-oaep-mgf1p always uses MGF1 with SHA-1; give no oaep_mgf")
        digest = oaep_digest or SHA1
        if digest not in policy.oaep_digests_mgf1p:
            raise ValueError(f"digest not allowed for rsa-oaep-mgf1p: {digest}")
        return digest, None
    if key_transport == RSA_OAEP:
        digest = oaep_digest or SHA256
        mgf = oaep_mgf or MGF1_SHA256
        if digest not in policy.oaep_digests_11:
            raise ValueError(f"digest not allowed for rsa-oaep: {digest}")
        if mgf not in policy.oaep_mgfs_11:
            raise ValueError(f"MGF not allowed for rsa-oaep: {mgf}")
        return digest, mgf
    raise ValueError(f"key transport not allowed: {key_transport}")


@functools.lru_cache(maxsize=256)
def _certificate_b64(certificate: x509.Certificate) -> str:
    """A recipient certificate's base64 DER for its KeyInfo, encoded once per certificate
    (every delivery envelope to an inbox names the same one)."""
    return _b64(certificate.public_bytes(serialization.Encoding.DER))


def _recipient_key_info(
    parent: etree._Element,
    recipient: x509.Certificate,
    key_info: Literal["certificate", "issuer-serial"],
) -> None:
    key_info_el = etree.SubElement(parent, _KEY_INFO, nsmap=_default_ns(DS_NS))
    x509_data = etree.SubElement(key_info_el, _X509_DATA)
    if key_info == "certificate":
        cert_el = etree.SubElement(x509_data, _X509_CERTIFICATE)
        cert_el.text = _certificate_b64(recipient)
    elif key_info == "issuer-serial":
        issuer_serial = etree.SubElement(x509_data, _X509_ISSUER_SERIAL)
        etree.SubElement(issuer_serial, _X509_ISSUER_NAME).text = format_issuer_name(
            recipient.issuer
        )
        etree.SubElement(issuer_serial, _X509_SERIAL_NUMBER).text = str(recipient.serial_number)
    else:
        raise ValueError(f"unknown key_info: {key_info}")


# Plaintext bytes encrypted per step; a multiple of 3, so each step's base64 stands alone.
_SEAL_STEP = 3 << 18


@dataclass(frozen=True)
class EncryptedParts:
    """An ``xenc:EncryptedData`` whose data CipherValue is still empty, and its octets.

    ``octets`` yields, lazily and once, what the CipherValue holds in base64: the IV,
    the AES-GCM ciphertext in steps, the tag. A large payload is then never held
    encrypted, base64-encoded and serialised all at once.
    """

    element: etree._Element
    cipher_value: etree._Element
    octets: Iterator[bytes]


def _gcm_octets(content_key: bytes, iv: bytes, plaintext: bytes | bytearray) -> Iterator[bytes]:
    """IV, ciphertext and tag: the same octets as ``iv + AESGCM(key).encrypt(iv, ...)``."""
    encryptor = Cipher(algorithms.AES(content_key), modes.GCM(iv)).encryptor()
    yield iv
    view = memoryview(plaintext)
    for start in range(0, len(view), _SEAL_STEP):
        yield encryptor.update(view[start : start + _SEAL_STEP])
    yield encryptor.finalize() + encryptor.tag


def b64encode_pieces(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Base64 of the concatenated ``pieces``, in pieces (no line breaks, as :func:`_b64`)."""
    carry = b""
    for piece in pieces:
        data = carry + piece if carry else piece
        whole = len(data) - len(data) % 3
        if whole:
            yield base64.b64encode(data[:whole] if whole != len(data) else data)
        carry = data[whole:]
    if carry:
        yield base64.b64encode(carry)


def encrypt_parts(
    plaintext: bytes | bytearray,
    recipient: x509.Certificate,
    *,
    key_transport: str = RSA_OAEP_MGF1P,
    content_algorithm: str = AES256_GCM,
    oaep_digest: str | None = None,
    oaep_mgf: str | None = None,
    mime_type: str = MIME_TYPE_XML,
    key_info: Literal["certificate", "issuer-serial"] = "certificate",
) -> EncryptedParts:
    """:func:`encrypt_bytes`, with the ciphertext left to be produced while it is written."""
    key_bytes = _CONTENT_KEY_BYTES.get(content_algorithm)
    if key_bytes is None or content_algorithm not in DEFAULT_POLICY.content_algorithms:
        raise ValueError(f"content algorithm not allowed: {content_algorithm}")
    digest_uri, mgf_uri = _oaep_parameters(key_transport, oaep_digest, oaep_mgf)
    public_key = recipient.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise ValueError("the recipient certificate must hold an RSA key for RSA-OAEP")

    content_key = os.urandom(key_bytes)
    iv = os.urandom(GCM_IV_BYTES)
    mgf_hash = _MGFS[mgf_uri]() if mgf_uri is not None else hashes.SHA1()  # noqa: S303 - MGF1 of rsa-oaep-mgf1p
    wrapped_key = public_key.encrypt(
        content_key,
        padding.OAEP(mgf=padding.MGF1(mgf_hash), algorithm=_DIGESTS[digest_uri](), label=None),
    )

    encrypted_data = etree.Element(
        ENCRYPTED_DATA, attrib={"MimeType": mime_type}, nsmap=_default_ns(XENC_NS)
    )
    etree.SubElement(encrypted_data, _ENCRYPTION_METHOD, Algorithm=content_algorithm)
    outer_key_info = etree.SubElement(encrypted_data, _KEY_INFO, nsmap=_default_ns(DS_NS))
    encrypted_key = etree.SubElement(outer_key_info, _ENCRYPTED_KEY, nsmap=_default_ns(XENC_NS))
    method = etree.SubElement(encrypted_key, _ENCRYPTION_METHOD, Algorithm=key_transport)
    if digest_uri != SHA1:  # SHA-1 is the default: omit it, as xmlsec1 1.2 writes and reads
        etree.SubElement(method, _DIGEST_METHOD, Algorithm=digest_uri, nsmap=_default_ns(DS_NS))
    if mgf_uri is not None:
        etree.SubElement(method, _MGF, Algorithm=mgf_uri, nsmap={"xenc11": XENC11_NS})
    _recipient_key_info(encrypted_key, recipient, key_info)
    key_cipher_data = etree.SubElement(encrypted_key, _CIPHER_DATA)
    etree.SubElement(key_cipher_data, _CIPHER_VALUE).text = _b64(wrapped_key)
    cipher_data = etree.SubElement(encrypted_data, _CIPHER_DATA)
    cipher_value = etree.SubElement(cipher_data, _CIPHER_VALUE)
    return EncryptedParts(encrypted_data, cipher_value, _gcm_octets(content_key, iv, plaintext))


def encrypt_bytes(
    plaintext: bytes,
    recipient: x509.Certificate,
    *,
    key_transport: str = RSA_OAEP_MGF1P,
    content_algorithm: str = AES256_GCM,
    oaep_digest: str | None = None,
    oaep_mgf: str | None = None,
    mime_type: str = MIME_TYPE_XML,
    key_info: Literal["certificate", "issuer-serial"] = "certificate",
) -> etree._Element:
    """Encrypt bytes to a recipient certificate as an ``xenc:EncryptedData`` element.

    The shape is the xmlsec1 recipe's template; the defaults (aes256-gcm,
    rsa-oaep-mgf1p with SHA-1 and no DigestMethod) are what xmlsec1 1.2 can read.
    A fresh content key and IV are drawn on every call.
    """
    parts = encrypt_parts(
        plaintext,
        recipient,
        key_transport=key_transport,
        content_algorithm=content_algorithm,
        oaep_digest=oaep_digest,
        oaep_mgf=oaep_mgf,
        mime_type=mime_type,
        key_info=key_info,
    )
    parts.cipher_value.text = _b64(b"".join(parts.octets))
    return parts.element
