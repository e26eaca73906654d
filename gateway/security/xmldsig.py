"""XML Signature under the protocol's allow-list and shape rules (protocol 5.1).

signxml does the canonicalisation and the cryptographic check; this module
first pins the shape (one enveloped signature, one ``URI=""`` reference, the
two allowed transforms) and the algorithms, and afterwards hands on only what
the verifier returned as signed.
"""

from __future__ import annotations

import base64
import binascii
import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree
from signxml.algorithms import (
    CanonicalizationMethod,
    DigestAlgorithm,
    SignatureConstructionMethod,
    SignatureMethod,
)
from signxml.exceptions import InvalidInput, SignXMLException
from signxml.signer import XMLSigner
from signxml.verifier import SignatureConfiguration, XMLVerifier

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
from gateway.security.xmlparse import (
    check_depth,
    check_no_forbidden_markup,
    make_parser,
    parse_untrusted,
)

DS = "http://www.w3.org/2000/09/xmldsig#"
DSIG11 = "http://www.w3.org/2009/xmldsig11#"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
# The one parameter exclusive c14n takes (exc-c14n section 3); no other child is allowed.
INCLUSIVE_NAMESPACES = f"{{{EXC_C14N}}}InclusiveNamespaces"
_NS = {"ds": DS}

ALLOWED_SIGNATURE_METHODS = frozenset(
    {
        SignatureMethod.RSA_SHA256,
        SignatureMethod.RSA_SHA384,
        SignatureMethod.RSA_SHA512,
        SignatureMethod.ECDSA_SHA256,
        SignatureMethod.ECDSA_SHA384,
        SignatureMethod.ECDSA_SHA512,
        SignatureMethod.SHA256_RSA_MGF1,
        SignatureMethod.SHA384_RSA_MGF1,
        SignatureMethod.SHA512_RSA_MGF1,
    }
)
ALLOWED_DIGESTS = frozenset(
    {DigestAlgorithm.SHA256, DigestAlgorithm.SHA384, DigestAlgorithm.SHA512}
)


@dataclass(frozen=True)
class SignaturePolicy:
    """Algorithm allow-lists; anything else is GW202 (signxml ``SignatureConfiguration``)."""

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

    def signxml_config(self, now: datetime | None) -> SignatureConfiguration:
        return SignatureConfiguration(
            require_x509=True,
            location="./",
            expect_references=1,
            signature_methods=self.signature_methods,
            digest_algorithms=self.digest_algorithms,
            verification_time=now,
        )


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


def check_signature_shape(root: etree._Element, policy: SignaturePolicy) -> etree._Element:
    """Pin protocol 5.1's shape; return the ds:Signature (GW210 shape, GW202 algorithms)."""
    signatures = root.findall(".//ds:Signature", _NS)
    if not signatures:
        raise SignatureInvalid("Handtekening ontbreekt.")
    if len(signatures) != 1:
        raise SignatureInvalid("Er mag precies één handtekening zijn.")
    signature = signatures[0]
    children = [c for c in root if isinstance(c.tag, str)]
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
    if not (value.text or "").strip():  # signxml would fail on it with a TypeError (a 500)
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
    return signature


def _only_child(parent: etree._Element, tag: str) -> etree._Element:
    """Protocol 5.1: KeyInfo holds exactly X509Data/X509Certificate, nothing beside it."""
    children = [c for c in parent if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag != tag:
        raise SignatureInvalid("KeyInfo moet precies één X509Data/X509Certificate bevatten.")
    return children[0]


def _signer_certificate(signature: etree._Element) -> x509.Certificate:
    key_info = _only(signature, "ds:KeyInfo", SignatureInvalid)
    x509_data = _only_child(key_info, f"{{{DS}}}X509Data")
    cert_el = _only_child(x509_data, f"{{{DS}}}X509Certificate")
    try:
        der = base64.b64decode("".join((cert_el.text or "").split()), validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as exc:
        raise SignatureInvalid("Certificaat in de handtekening is onleesbaar.") from exc


class _Verifier(XMLVerifier):
    """signxml's verifier, with its schema check able to see exc-c14n's parameter.

    The XMLDSig schema's CanonicalizationMethod takes any element strictly, and
    signxml ships no schema for ``ec:InclusiveNamespaces``, so it would refuse the
    one parameter protocol 5.1 allows there. check_signature_shape has pinned
    that parameter already; the schema checks the rest of the Signature.
    """

    def validate_schema(self, signature: etree._Element) -> None:
        stripped = copy.deepcopy(signature)
        for method in stripped.findall("ds:SignedInfo/ds:CanonicalizationMethod", _NS):
            for parameter in method.findall(INCLUSIVE_NAMESPACES):
                method.remove(parameter)
        super().validate_schema(stripped)  # type: ignore[no-untyped-call]  # signxml: untyped

    def get_root(self, data: object) -> etree._Element:
        """Take a tree from the hardened parser as it is: parse once (a 15 MiB payload is
        not serialised and parsed again). signxml only reads it (it copies before the
        enveloped transform); its checks of a parse (no DTD, no entities) still run."""
        if not isinstance(data, etree._Element):
            return super().get_root(data)  # type: ignore[no-any-return,no-untyped-call]  # signxml: untyped
        docinfo = data.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise InvalidInput("DTD declarations are not supported in XML input")
        for _entity in data.iter(etree.Entity):
            raise InvalidInput("Entities are not supported in XML input")
        return data


def verify_signature(
    tree: etree._ElementTree,
    *,
    expected_signer: x509.Certificate | None = None,
    policy: SignaturePolicy = DEFAULT_SIGNATURE_POLICY,
    now: datetime | None = None,
) -> VerifiedDocument:
    """Shape, algorithms and the signature itself, without any trust decision.

    ``tree`` comes from :func:`parse_untrusted`; signxml verifies that tree (the one
    the shape was checked on) rather than parsing the document again.
    The signer is the certificate in KeyInfo; with ``expected_signer`` it must be
    exactly that certificate (how participants check the gateway's receipts).
    The caller decides whether the signer is trusted.
    """
    root = tree.getroot()
    signature = check_signature_shape(root, policy)
    signer = _signer_certificate(signature)
    if expected_signer is not None and signer != expected_signer:
        raise SignatureInvalid("Handtekening is niet gezet met het verwachte certificaat.")
    verifier = _Verifier()
    verifier.excise_empty_xmlns_declarations = True  # accept xmlsec1's output (see brief)
    try:
        result = verifier.verify(
            root,
            x509_cert=signer,
            # signxml would call an expired certificate an invalid signature (GW210);
            # validity is a question of trust in the signer (GW211), decided below.
            expect_config=policy.signxml_config(signer.not_valid_before_utc),
            parser=make_parser(),
        )
    except (SignXMLException, ValueError, TypeError, etree.DocumentInvalid) as exc:
        raise SignatureInvalid("Handtekening is ongeldig.") from exc
    assert not isinstance(result, list)  # expect_references=1 gives one result
    moment = now or datetime.now(UTC)
    if not signer.not_valid_before_utc <= moment <= signer.not_valid_after_utc:
        raise SignerNotTrusted()
    signed = _signed_root(result.signed_xml, result.signed_data, root, signature)
    return VerifiedDocument(root=signed, signer=signer, party=party_code_of(signer))


def _signed_root(
    parsed: etree._Element | None,
    signed_data: bytes,
    original: etree._Element,
    signature: etree._Element,
) -> etree._Element:
    """What was signed as a tree, with the sender's line numbers (for Locatie in receipts).

    signxml has parsed the canonical bytes already (with our hardened parser); that
    tree gets parse_untrusted's checks and the original's line numbers. Should the
    elements not correspond, re-parse the canonical bytes, padded so that the lines
    of the root match at least.
    """
    if parsed is not None:
        check_no_forbidden_markup(parsed.getroottree())
        check_depth(parsed)
        if _copy_source_lines(original, signature, parsed):
            return parsed
    line = int(original.sourceline or 1)  # type: ignore[call-overload]  # lxml-stubs mistypes sourceline
    padding = b"\n" * max(0, line - 1)
    signed = parse_untrusted(padding + signed_data, malformed=SignatureInvalid).getroot()
    _copy_source_lines(original, signature, signed)
    return signed


def _copy_source_lines(
    original: etree._Element, signature: etree._Element, signed: etree._Element
) -> bool:
    """Give the signed elements the sender's line numbers (for Locatie in receipts).

    Canonical form drops comments and folds multi-line start tags, so padding alone
    shifts lines; the signed tree has the original's elements minus the Signature,
    in the same document order. Line numbers are metadata only: nothing is copied
    unless the two trees have the same elements.
    """
    excluded = set(signature.iter())
    sources = [e for e in original.iter(etree.Element) if e not in excluded]
    targets = list(signed.iter(etree.Element))
    if len(sources) != len(targets):
        return False
    pairs = list(zip(sources, targets, strict=True))
    if any(source.tag != target.tag for source, target in pairs):
        return False
    for source, target in pairs:
        target.sourceline = source.sourceline
    return True


def verify_document(
    tree: etree._ElementTree,
    trust: TrustStore,
    *,
    policy: SignaturePolicy = DEFAULT_SIGNATURE_POLICY,
    now: datetime | None = None,
) -> VerifiedDocument:
    """Verify the enveloped signature of ``tree`` (from :func:`parse_untrusted`).

    Shape and algorithms first (no cryptography on a document of the wrong
    shape), then the signature with signxml against the certificate in KeyInfo,
    then trust in that certificate for signing (GW211).
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


class _HardenedSigner(XMLSigner):
    """signxml's signer re-parses its input; make it use our hardened parser (large
    payloads need libxml2's huge-tree mode, and signxml's shared default parser is
    not one we control)."""

    @property
    def parser(self) -> etree.XMLParser:
        return make_parser()


def sign_document(root: etree._Element, signer: KeyPair) -> bytes:
    """Sign ``root`` enveloped per protocol 5.1 and return the document's bytes."""
    xml_signer = _HardenedSigner(
        method=SignatureConstructionMethod.enveloped,
        signature_algorithm=signature_method_for(signer.private_key),
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    signed = xml_signer.sign(root, key=signer.private_key, cert=[signer.certificate])
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))
