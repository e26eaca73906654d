"""XML Signature for protocol 5.1's one profile, at its cryptographic cost.

Protocol 5.1 pins a single shape (one enveloped signature, last child of the root; one
``Reference URI=""``; enveloped-signature then exclusive c14n; allow-listed algorithms;
the signer's certificate in KeyInfo). :func:`check_signature_shape` enforces that shape
first, and under it verification is a fixed recipe (XMLDSig 1.1 section 3.2):

1. exclusive c14n of SignedInfo in its document context (lxml, i.e. libxml2);
2. the enveloped-signature transform: the Signature leaves the tree, and with it what
   exclusive c14n leaves out (comments, namespace declarations nothing uses), so that the
   tree handed on is exactly what the digest covers;
3. exclusive c14n of that document, its digest compared in constant time;
4. the signature over the canonical SignedInfo, checked with ``cryptography``.

Canonicalisation is always libxml2's, never our own. signxml and xmlsec1 are the
oracles of this recipe in the tests (tests/unit/test_xmldsig_differential.py), not
runtime dependencies. Signing (receipts, and the client's payloads) fills a template
of the same shape: one c14n of the document, one signature.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from lxml import etree

from gateway.domain.errors import (
    AlgorithmNotAllowed,
    CertificateRejected,
    GatewayError,
    SignatureInvalid,
    SignerNotTrusted,
)
from gateway.domain.participants import PartyCode
from gateway.security.certs import CertificatePurpose, TrustStore, party_code_of
from gateway.security.keys import KeyPair
from gateway.security.xmlparse import check_no_forbidden_markup

DS = "http://www.w3.org/2000/09/xmldsig#"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
# The one parameter exclusive c14n takes (exc-c14n section 3); no other child is allowed.
INCLUSIVE_NAMESPACES = f"{{{EXC_C14N}}}InclusiveNamespaces"
_NS = {"ds": DS}


class SignatureMethod(StrEnum):
    """The signature methods protocol 5.1 allows (XMLDSig 1.1 section 6.4, RFC 6931)."""

    RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    RSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
    RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
    ECDSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
    SHA256_RSA_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
    SHA384_RSA_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1"
    SHA512_RSA_MGF1 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"


class DigestAlgorithm(StrEnum):
    """The digest methods protocol 5.1 allows."""

    SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"


_HASHES: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    DigestAlgorithm.SHA256: hashes.SHA256,
    DigestAlgorithm.SHA384: hashes.SHA384,
    DigestAlgorithm.SHA512: hashes.SHA512,
}
_HASHLIB = {
    DigestAlgorithm.SHA256: hashlib.sha256,
    DigestAlgorithm.SHA384: hashlib.sha384,
    DigestAlgorithm.SHA512: hashlib.sha512,
}


class _Scheme(StrEnum):
    PKCS1 = "pkcs1"
    PSS = "pss"
    ECDSA = "ecdsa"


_METHODS: dict[str, tuple[_Scheme, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]]] = {
    SignatureMethod.RSA_SHA256: (_Scheme.PKCS1, hashes.SHA256),
    SignatureMethod.RSA_SHA384: (_Scheme.PKCS1, hashes.SHA384),
    SignatureMethod.RSA_SHA512: (_Scheme.PKCS1, hashes.SHA512),
    SignatureMethod.ECDSA_SHA256: (_Scheme.ECDSA, hashes.SHA256),
    SignatureMethod.ECDSA_SHA384: (_Scheme.ECDSA, hashes.SHA384),
    SignatureMethod.ECDSA_SHA512: (_Scheme.ECDSA, hashes.SHA512),
    SignatureMethod.SHA256_RSA_MGF1: (_Scheme.PSS, hashes.SHA256),
    SignatureMethod.SHA384_RSA_MGF1: (_Scheme.PSS, hashes.SHA384),
    SignatureMethod.SHA512_RSA_MGF1: (_Scheme.PSS, hashes.SHA512),
}

ALLOWED_SIGNATURE_METHODS = frozenset(SignatureMethod)
ALLOWED_DIGESTS = frozenset(DigestAlgorithm)


@dataclass(frozen=True)
class SignaturePolicy:
    """Algorithm allow-lists; anything else is GW202 (as signxml's ``SignatureConfiguration``)."""

    signature_methods: frozenset[SignatureMethod] = ALLOWED_SIGNATURE_METHODS
    digest_algorithms: frozenset[DigestAlgorithm] = ALLOWED_DIGESTS
    transforms: tuple[str, ...] = (ENVELOPED, EXC_C14N)
    canonicalization: str = EXC_C14N
    _allowed_uris: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        uris = {m.value for m in self.signature_methods} | {d.value for d in self.digest_algorithms}
        object.__setattr__(self, "_allowed_uris", frozenset(uris))

    def allows(self, algorithm: str | None) -> bool:
        return algorithm is not None and algorithm in self._allowed_uris


DEFAULT_SIGNATURE_POLICY = SignaturePolicy()


@dataclass(frozen=True)
class VerifiedDocument:
    """What the verifier vouches for: the signed root (without its Signature) and the signer."""

    root: etree._Element
    signer: x509.Certificate
    party: PartyCode | None


def _only(parent: etree._Element, tag: str, error: type[GatewayError]) -> etree._Element:
    found = parent.findall(tag, _NS)
    if len(found) != 1:
        raise error()
    return found[0]


def _check_c14n_parameters(method: etree._Element) -> None:
    """Exclusive c14n may carry one InclusiveNamespaces parameter, nothing else."""
    children = list(method)
    if len(children) > 1 or any(
        c.tag != INCLUSIVE_NAMESPACES or len(c) or set(c.attrib) != {"PrefixList"} for c in children
    ):
        raise SignatureInvalid("Alleen InclusiveNamespaces is toegestaan als parameter van c14n.")


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [c for c in parent if isinstance(c.tag, str)]


def _ds(local: str) -> str:
    return f"{{{DS}}}{local}"


# The layout of protocol 5.1's Signature, element by element (XMLDSig 1.1 section 4's
# schema, narrowed to the profile): children in this order, and the attributes allowed.
_LAYOUT: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    _ds(local): (tuple(_ds(c) for c in children), frozenset(attributes))
    for local, children, attributes in (
        ("Signature", ("SignedInfo", "SignatureValue", "KeyInfo"), {"Id"}),
        ("SignedInfo", ("CanonicalizationMethod", "SignatureMethod", "Reference"), {"Id"}),
        ("SignatureMethod", (), {"Algorithm"}),
        ("Reference", ("Transforms", "DigestMethod", "DigestValue"), {"Id", "URI", "Type"}),
        ("Transforms", ("Transform", "Transform"), set()),
        ("DigestMethod", (), {"Algorithm"}),
        ("DigestValue", (), set()),
        ("SignatureValue", (), {"Id"}),
        ("KeyInfo", ("X509Data",), {"Id"}),
        ("X509Data", ("X509Certificate",), set()),
        ("X509Certificate", (), set()),
    )
}


def _check_layout(element: etree._Element) -> None:
    """What signxml's XMLDSig schema check did, for the profile's one layout (GW210)."""
    children, attributes = _LAYOUT[element.tag]
    if not attributes.issuperset(element.attrib):
        raise SignatureInvalid("Handtekening bevat een niet toegestaan attribuut.")
    if not children and len(element):
        # A leaf holds text only: a comment would split a DigestValue or SignatureValue
        # into what one reader takes (the text before it) and another the whole.
        raise SignatureInvalid("Handtekening heeft niet de voorgeschreven opbouw.")
    found = _elements(element)
    if tuple(c.tag for c in found) != children:
        raise SignatureInvalid("Handtekening heeft niet de voorgeschreven opbouw.")
    for child in found:
        if child.tag in _LAYOUT:
            _check_layout(child)


def check_signature_shape(root: etree._Element, policy: SignaturePolicy) -> etree._Element:
    """Pin protocol 5.1's shape; return the ds:Signature (GW210 shape, GW202 algorithms)."""
    signatures = root.findall(".//ds:Signature", _NS)
    if not signatures:
        raise SignatureInvalid("Handtekening ontbreekt.")
    if len(signatures) != 1:
        raise SignatureInvalid("Er mag precies één handtekening zijn.")
    signature = signatures[0]
    children = _elements(root)
    if signature.getparent() is not root or children[-1] is not signature:
        raise SignatureInvalid("De handtekening moet het laatste kind van het root-element zijn.")
    allowed_children = {f"{{{DS}}}SignedInfo", f"{{{DS}}}SignatureValue", f"{{{DS}}}KeyInfo"}
    for child in signature:
        if isinstance(child.tag, str) and child.tag not in allowed_children:
            raise SignatureInvalid("Handtekening bevat een niet toegestaan element.")
    signed_info = _only(signature, "ds:SignedInfo", SignatureInvalid)
    c14n = _only(signed_info, "ds:CanonicalizationMethod", SignatureInvalid)
    if c14n.get("Algorithm") != policy.canonicalization:
        raise AlgorithmNotAllowed("Canonicalisatiemethode niet toegestaan.")
    _check_c14n_parameters(c14n)
    method = _only(signed_info, "ds:SignatureMethod", SignatureInvalid)
    if not policy.allows(method.get("Algorithm")):
        raise AlgorithmNotAllowed("Handtekeningalgoritme niet toegestaan.")
    value = _only(signature, "ds:SignatureValue", SignatureInvalid)
    if not (value.text or "").strip():
        raise SignatureInvalid("Handtekeningwaarde ontbreekt.")
    references = signed_info.findall("ds:Reference", _NS)
    if len(references) != 1:
        raise SignatureInvalid("Er mag precies één Reference zijn.")
    reference = references[0]
    if reference.get("URI") != "":
        raise SignatureInvalid('De Reference moet URI="" hebben.')
    transforms = _only(reference, "ds:Transforms", SignatureInvalid).findall("ds:Transform", _NS)
    algorithms = tuple(t.get("Algorithm") for t in transforms)
    if any(a not in policy.transforms for a in algorithms):
        raise AlgorithmNotAllowed("Transform niet toegestaan.")
    if algorithms != policy.transforms:
        raise SignatureInvalid("Transforms moeten enveloped-signature en exclusive c14n zijn.")
    for transform in transforms:
        if transform.get("Algorithm") == EXC_C14N:
            _check_c14n_parameters(transform)
        elif len(transform):
            raise SignatureInvalid("Transform heeft geen parameters.")
    digest = _only(reference, "ds:DigestMethod", SignatureInvalid)
    if not policy.allows(digest.get("Algorithm")):
        raise AlgorithmNotAllowed("Digestalgoritme niet toegestaan.")
    if digest.get("Algorithm") not in _HASHES or method.get("Algorithm") not in _METHODS:
        raise AlgorithmNotAllowed("Algoritme niet toegestaan.")  # a policy wider than we know
    _check_layout(signature)
    return signature


def _only_child(parent: etree._Element, tag: str) -> etree._Element:
    """Protocol 5.1: KeyInfo holds exactly X509Data/X509Certificate, nothing beside it."""
    children = _elements(parent)
    if len(children) != 1 or children[0].tag != tag:
        raise SignatureInvalid("KeyInfo moet precies één X509Data/X509Certificate bevatten.")
    return children[0]


def _b64decode(text: str | None, what: str) -> bytes:
    """Strict base64 of a ds:CryptoBinary or base64Binary text; whitespace may fold it."""
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureInvalid(f"{what} is onleesbaar.") from exc


def _signer_certificate(signature: etree._Element) -> x509.Certificate:
    return _signer(signature)[0]


def _signer(signature: etree._Element) -> tuple[x509.Certificate, PartyCode | None]:
    key_info = _only(signature, "ds:KeyInfo", SignatureInvalid)
    x509_data = _only_child(key_info, f"{{{DS}}}X509Data")
    cert_el = _only_child(x509_data, f"{{{DS}}}X509Certificate")
    return _load_signer(_b64decode(cert_el.text, "Certificaat in de handtekening"))


@functools.lru_cache(maxsize=256)
def _load_signer(der: bytes) -> tuple[x509.Certificate, PartyCode | None]:
    """A sender signs many messages with one certificate: read it (and its party) once."""
    try:
        certificate = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise SignatureInvalid("Certificaat in de handtekening is onleesbaar.") from exc
    return certificate, party_code_of(certificate)


def _prefix_list(method: etree._Element) -> list[str] | None:
    """The InclusiveNamespaces PrefixList of an exc-c14n method or transform, if any."""
    parameter = method.find(INCLUSIVE_NAMESPACES)
    if parameter is None:
        return None
    return (parameter.get("PrefixList") or "").split()


def _canonical(node: etree._Element | etree._ElementTree, prefixes: list[str] | None) -> bytes:
    """Exclusive c14n without comments: libxml2's, never our own."""
    try:
        return etree.tostring(
            node,
            method="c14n",
            exclusive=True,
            with_comments=False,
            inclusive_ns_prefixes=prefixes,
        )
    except (etree.C14NError, ValueError) as exc:
        raise SignatureInvalid("Handtekening is ongeldig.") from exc


# c14n section 2.3's escaping of attribute values
_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    ('"', "&quot;"),
    ("\t", "&#x9;"),
    ("\n", "&#xA;"),
    ("\r", "&#xD;"),
)


def _lxml_prefixes(prefixes: list[str] | None) -> list[str] | None:
    """lxml hands libxml2 only prefixes the document uses by name, so ``#default`` never
    arrives; say so rather than pretend (what is canonicalised is what is digested)."""
    if prefixes is None:
        return None
    return [p for p in prefixes if p != "#default"]


def _canonical_digest(
    tree: etree._ElementTree, prefixes: list[str] | None, algorithm: DigestAlgorithm
) -> bytes:
    """The digest of the document's exclusive c14n (libxml2's).

    ``tostring`` rather than ``write_c14n`` into a hashing writer: measured on a 15 MiB
    text node, lxml's writer path raises the high-water mark by twice the canonical
    form, ``tostring`` by once (bench/README.md, "Issue 14").
    """
    return _HASHLIB[algorithm](_canonical(tree, prefixes)).digest()


def _canonical_in_context(element: etree._Element, prefixes: list[str] | None) -> bytes:
    """Exclusive c14n of SignedInfo in its document context.

    lxml renders a PrefixList's named prefixes from the ancestors' declarations, but
    drops ``#default`` (see :func:`_lxml_prefixes`). For SignedInfo that matters when
    a default namespace from above the Signature is in scope (exc-c14n section 3
    renders it on the apex, as xmlsec1 does): its declaration goes in here, first of
    the apex's namespace nodes as c14n orders them. A default namespace redeclared
    below the apex is not rendered: such a signature fails to verify (fail closed).
    """
    canonical = _canonical(element, _lxml_prefixes(prefixes))
    default = element.nsmap.get(None)
    if prefixes is None or "#default" not in prefixes or not default or element.prefix is None:
        return canonical
    for raw, escaped in _ATTRIBUTE_ESCAPES:
        default = default.replace(raw, escaped)
    apex = len(f"<{element.prefix}:{etree.QName(element).localname}".encode())
    return canonical[:apex] + f' xmlns="{default}"'.encode() + canonical[apex:]


def _apply_enveloped_transform(
    tree: etree._ElementTree, signature: etree._Element, prefixes: list[str] | None
) -> None:
    """The enveloped-signature transform, done on the tree itself (XMLDSig 1.1 section 6.6.4).

    The Signature leaves (its tail text stays: it is part of the document), then
    what exclusive c14n omits anyway: comments, and namespace declarations that no
    element or attribute name uses (except those the PrefixList renders). The tree
    then holds no more than its canonical form, which is what the digest covers.
    """
    root = tree.getroot()
    if signature.tail:
        previous = signature.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + signature.tail
        else:
            root.text = (root.text or "") + signature.tail
        signature.tail = None
    root.remove(signature)
    etree.strip_tags(root, etree.Comment)
    etree.cleanup_namespaces(root, keep_ns_prefixes=prefixes or None)


def _check_signature_value(
    signer: x509.Certificate, method: str, value: bytes, signed_info: bytes
) -> None:
    """The signature over the canonical SignedInfo (XMLDSig 1.1 section 6.4), with cryptography."""
    scheme, hash_type = _METHODS[method]
    key = signer.public_key()
    try:
        if scheme is _Scheme.ECDSA:
            if not isinstance(key, ec.EllipticCurvePublicKey):
                raise SignatureInvalid("Sleutel past niet bij het handtekeningalgoritme.")
            size = (key.curve.key_size + 7) // 8
            if len(value) != 2 * size:  # XMLDSig 1.1 section 6.4.3: r || s, each padded
                raise SignatureInvalid("Handtekeningwaarde heeft de verkeerde lengte.")
            r, s = int.from_bytes(value[:size], "big"), int.from_bytes(value[size:], "big")
            key.verify(encode_dss_signature(r, s), signed_info, ec.ECDSA(hash_type()))
            return
        if not isinstance(key, rsa.RSAPublicKey):
            raise SignatureInvalid("Sleutel past niet bij het handtekeningalgoritme.")
        if scheme is _Scheme.PSS:  # RFC 6931 section 2.3.10: salt as long as the hash
            pss = padding.PSS(mgf=padding.MGF1(hash_type()), salt_length=hash_type.digest_size)
            key.verify(value, signed_info, pss, hash_type())
        else:
            key.verify(value, signed_info, padding.PKCS1v15(), hash_type())
    except (InvalidSignature, UnsupportedAlgorithm, ValueError) as exc:
        raise SignatureInvalid("Handtekening is ongeldig.") from exc


def verify_signature(
    tree: etree._ElementTree,
    *,
    expected_signer: x509.Certificate | None = None,
    policy: SignaturePolicy = DEFAULT_SIGNATURE_POLICY,
    now: datetime | None = None,
) -> VerifiedDocument:
    """Shape, algorithms and the signature itself, without any trust decision.

    ``tree`` comes from :func:`parse_untrusted` and is consumed: once the shape and
    the signer are known, the Signature, comments and unused namespace declarations
    leave it, and the tree is then exactly what the digest covered. On success its
    root is handed on as what was signed, with the sender's line numbers (Locatie).
    The signer is the certificate in KeyInfo; with ``expected_signer`` it must be
    exactly that certificate (how participants check the gateway's receipts).
    The caller decides whether the signer is trusted.
    """
    check_no_forbidden_markup(tree)  # parse_untrusted's, again: a tree may come from elsewhere
    root = tree.getroot()
    signature = check_signature_shape(root, policy)
    signer, party = _signer(signature)
    if expected_signer is not None and signer != expected_signer:
        raise SignatureInvalid("Handtekening is niet gezet met het verwachte certificaat.")
    signed_info = signature[_child_index(signature, "SignedInfo")]
    c14n_method, method_el, reference = _elements(signed_info)
    transform = _elements(reference[_child_index(reference, "Transforms")])[1]
    digest_method, digest_value = _elements(reference)[1:]
    method = method_el.get("Algorithm") or ""
    digest_algorithm = digest_method.get("Algorithm") or ""
    expected_digest = _b64decode(digest_value.text, "DigestValue")
    value = _b64decode(
        signature[_child_index(signature, "SignatureValue")].text, "Handtekeningwaarde"
    )
    # SignedInfo in its document context, before the Signature leaves the tree.
    canonical_signed_info = _canonical_in_context(signed_info, _prefix_list(c14n_method))
    prefixes = _lxml_prefixes(_prefix_list(transform))
    _apply_enveloped_transform(tree, signature, prefixes)
    digest = _canonical_digest(tree, prefixes, DigestAlgorithm(digest_algorithm))
    if not hmac.compare_digest(digest, expected_digest):
        raise SignatureInvalid("Handtekening is ongeldig.")
    _check_signature_value(signer, method, value, canonical_signed_info)
    moment = now or datetime.now(UTC)
    if not signer.not_valid_before_utc <= moment <= signer.not_valid_after_utc:
        raise SignerNotTrusted()
    return VerifiedDocument(root=root, signer=signer, party=party)


def _child_index(parent: etree._Element, local: str) -> int:
    for index, child in enumerate(parent):
        if child.tag == f"{{{DS}}}{local}":
            return index
    raise SignatureInvalid("Handtekening heeft niet de voorgeschreven opbouw.")


def verify_document(
    tree: etree._ElementTree,
    trust: TrustStore,
    *,
    policy: SignaturePolicy = DEFAULT_SIGNATURE_POLICY,
    now: datetime | None = None,
) -> VerifiedDocument:
    """Verify the enveloped signature of ``tree`` (from :func:`parse_untrusted`; consumed).

    Shape and algorithms first (no cryptography on a document of the wrong
    shape), then the signature against the certificate in KeyInfo, then trust in
    that certificate for signing (GW211).
    """
    verified = verify_signature(tree, policy=policy, now=now)
    try:
        trust.check(verified.signer, CertificatePurpose.SIGNING, now=now)
    except CertificateRejected as exc:
        raise SignerNotTrusted() from exc
    return verified


def signature_method_for(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> SignatureMethod:
    """RSA keys sign with rsa-sha256, EC keys with ecdsa-sha256 (what xmlsec1 1.2 reads)."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return SignatureMethod.ECDSA_SHA256
    return SignatureMethod.RSA_SHA256


_DIGEST_SLOT = "@DIGEST@"


def _signature_element(method: SignatureMethod, digest: str) -> etree._Element:
    """An enveloped Signature of protocol 5.1's shape; built per call (lxml trees are not
    shared between the CPU threads), SignatureValue and certificate still empty."""

    def ds(parent: etree._Element, local: str, **attrs: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{DS}}}{local}", attrs)

    signature = etree.Element(f"{{{DS}}}Signature", nsmap={"ds": DS})
    signed_info = ds(signature, "SignedInfo")
    ds(signed_info, "CanonicalizationMethod", Algorithm=EXC_C14N)
    ds(signed_info, "SignatureMethod", Algorithm=method.value)
    reference = ds(signed_info, "Reference", URI="")
    transforms = ds(reference, "Transforms")
    ds(transforms, "Transform", Algorithm=ENVELOPED)
    ds(transforms, "Transform", Algorithm=EXC_C14N)
    ds(reference, "DigestMethod", Algorithm=DigestAlgorithm.SHA256.value)
    ds(reference, "DigestValue").text = digest
    ds(signature, "SignatureValue")
    ds(ds(ds(signature, "KeyInfo"), "X509Data"), "X509Certificate")
    return signature


@functools.lru_cache(maxsize=4)
def _signed_info_template(method: SignatureMethod) -> tuple[bytes, bytes]:
    """The canonical SignedInfo cut around its DigestValue. Exclusive c14n of SignedInfo
    renders only its own ds declaration, so it does not depend on the document the
    Signature is put in (checked by signing tests against xmlsec1 and signxml)."""
    signed_info = _signature_element(method, _DIGEST_SLOT)[0]
    canonical = etree.tostring(signed_info, method="c14n", exclusive=True, with_comments=False)
    head, tail = canonical.split(_DIGEST_SLOT.encode())
    return head, tail


def _sign_bytes(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        size = (key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


@functools.lru_cache(maxsize=8)
def _certificate_text(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode("ascii")


def sign_document(root: etree._Element, signer: KeyPair) -> bytes:
    """Sign ``root`` enveloped per protocol 5.1 and return the document's bytes.

    From a template: one exclusive c14n of the document, one signature over the
    template's canonical SignedInfo with the digest filled in. ``root`` itself is
    left as it was.
    """
    key = signer.private_key
    method = signature_method_for(key)
    head, tail = _signed_info_template(method)
    if root.getparent() is None:
        document = _canonical_digest(root.getroottree(), None, DigestAlgorithm.SHA256)
    else:
        document = hashlib.sha256(_canonical(root, None)).digest()
    digest = base64.b64encode(document)
    value = _sign_bytes(key, head + digest + tail)
    signature = _signature_element(method, digest.decode("ascii"))
    signature[1].text = base64.b64encode(value).decode("ascii")  # SignatureValue
    signature[2][0][0].text = _certificate_text(signer.certificate)  # KeyInfo/X509Data/…
    root.append(signature)
    try:
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    finally:
        root.remove(signature)
