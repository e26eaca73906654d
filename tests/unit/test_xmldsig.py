"""XML Signature of payloads and receipts (protocol 5.1): round trips, shape rules, trust."""

from __future__ import annotations

import base64
import copy
import hashlib
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gateway.devpki import DevCA, KeyType, Purpose
from gateway.domain.errors import AlgorithmNotAllowed, GatewayError, SignatureInvalid
from gateway.domain.participants import PartyCode, PartyKind
from gateway.security.certs import TrustStore
from gateway.security.keys import KeyPair
from gateway.security.xmldsig import (
    DEFAULT_SIGNATURE_POLICY,
    DS,
    EXC_C14N,
    VerifiedDocument,
    check_signature_shape,
    sign_document,
    signature_method_for,
    verify_document,
    verify_signature,
)
from gateway.security.xmlparse import parse_untrusted
from tests.conftest import require_tool

NS = {"ds": DS}
EC_NS = EXC_C14N
PAYLOAD_NS = "urn:nl:meerzorg:meerzorgplan:1"
PAYLOAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<Meerzorgplan xmlns="urn:nl:meerzorg:meerzorgplan:1">\n'
    b"  <Toelichting>hello</Toelichting>\n"
    b"  <Zorg>\n"
    b"    <Uren>12</Uren>\n"
    b"  </Zorg>\n"
    b"</Meerzorgplan>\n"
)
P = f"{{{PAYLOAD_NS}}}"

TRANSFORM_XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
TRANSFORM_XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
C14N_INCLUSIVE = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_EXC_WITH_COMMENTS = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
DSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#dsa-sha1"
SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"


@dataclass(frozen=True)
class Pki:
    ca: DevCA
    rsa: KeyPair
    ec: KeyPair
    uzi: KeyPair
    trust: TrustStore


def _pair(ca: DevCA, key_type: KeyType, **kwargs: object) -> KeyPair:
    issued = ca.issue(
        common_name="Ondertekenaar", purpose=Purpose.SIGN, key_type=key_type, **kwargs
    )  # type: ignore[arg-type]
    return KeyPair(issued.certificate, issued.private_key)


@pytest.fixture(scope="module")
def pki() -> Pki:
    ca = DevCA.create()
    return Pki(
        ca=ca,
        rsa=_pair(ca, KeyType.RSA2048, party="AGB-12345678"),
        ec=_pair(ca, KeyType.EC_P256, party="AGB-12345678"),
        uzi=_pair(ca, KeyType.EC_P256, uzi_agb="87654321"),
        trust=TrustStore((ca.certificate,), ((ca.crl(), "crl.pem"),)),
    )


def _sign(signer: KeyPair, data: bytes = PAYLOAD) -> bytes:
    return sign_document(parse_untrusted(data).getroot(), signer)


def _verify(data: bytes) -> VerifiedDocument:
    return verify_signature(parse_untrusted(data, malformed=SignatureInvalid))


def _mutate(data: bytes, change: Callable[[etree._Element], None]) -> bytes:
    """Change the parsed document and serialise it again (what an attacker can send)."""
    root = parse_untrusted(data).getroot()
    change(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _sig(root: etree._Element) -> etree._Element:
    found = root.find("ds:Signature", NS)
    assert found is not None
    return found


def _one(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def _ds(local: str, **attrs: str) -> etree._Element:
    return etree.Element(f"{{{DS}}}{local}", attrs)


def _code(data: bytes) -> str:
    with pytest.raises(GatewayError) as info:
        _verify(data)
    return info.value.code


# --- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["rsa", "ec"])
def test_sign_and_verify_round_trip(pki: Pki, key: str) -> None:
    signer: KeyPair = getattr(pki, key)
    signed = _sign(signer)
    verified = verify_document(parse_untrusted(signed), pki.trust)
    assert verified.signer == signer.certificate
    assert verified.party == PartyCode(PartyKind.AGB, "12345678")
    assert verified.root.tag == f"{P}Meerzorgplan"
    assert verified.root.find("ds:Signature", NS) is None
    assert verified.root.findtext(f"{P}Toelichting") == "hello"


@pytest.mark.parametrize("key", ["rsa", "ec"])
def test_signature_method_follows_the_key_type(pki: Pki, key: str) -> None:
    signer: KeyPair = getattr(pki, key)
    method = _one(
        parse_untrusted(_sign(signer)).getroot(), "ds:Signature/ds:SignedInfo/ds:SignatureMethod"
    )
    assert method.get("Algorithm") == signature_method_for(signer.private_key).value
    assert ("ecdsa" in (method.get("Algorithm") or "")) is (key == "ec")


def test_verify_signature_with_the_expected_signer(pki: Pki) -> None:
    signed = _sign(pki.rsa)
    tree = parse_untrusted(signed)
    assert verify_signature(tree, expected_signer=pki.rsa.certificate).signer == (
        pki.rsa.certificate
    )
    with pytest.raises(SignatureInvalid, match="verwachte certificaat"):
        verify_signature(parse_untrusted(signed), expected_signer=pki.ec.certificate)


def test_the_verified_tree_is_the_parsed_tree_without_signature_and_comments(pki: Pki) -> None:
    """What was digested is handed on: the tree itself, canonicalising to the digested bytes."""
    signed = _sign(pki.rsa).replace(b"<Uren>", b"<!-- opmerking --><Uren>")
    tree = parse_untrusted(signed)
    verified = verify_signature(tree)
    assert verified.root is tree.getroot()
    assert verified.root.find("ds:Signature", NS) is None
    assert list(verified.root.iter(etree.Comment)) == []
    digest = (
        parse_untrusted(signed)
        .getroot()
        .findtext("ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue", namespaces=NS)
    )
    canonical = etree.tostring(tree, method="c14n", exclusive=True, with_comments=False)
    assert base64.b64encode(hashlib.sha256(canonical).digest()).decode() == digest


def test_unused_namespace_declarations_are_not_handed_on(pki: Pki) -> None:
    """exc-c14n does not digest them, so an attacker could change them: they are dropped."""
    signed = _sign(pki.rsa)
    changed = signed.replace(
        b'<Meerzorgplan xmlns="urn:nl:meerzorg:meerzorgplan:1"',
        b'<Meerzorgplan xmlns="urn:nl:meerzorg:meerzorgplan:1" xmlns:x="urn:untrusted"',
    )
    assert changed != signed
    verified = _verify(changed)
    assert "x" not in verified.root.nsmap
    assert all("urn:untrusted" not in el.nsmap.values() for el in verified.root.iter())


def test_signing_leaves_the_callers_tree_as_it_was(pki: Pki) -> None:
    root = parse_untrusted(PAYLOAD).getroot()
    before = etree.tostring(root)
    sign_document(root, pki.ec)
    assert etree.tostring(root) == before


@pytest.mark.parametrize("key", ["rsa", "ec"])
def test_rejects_a_key_that_does_not_fit_the_signature_method_with_gw210(
    pki: Pki, key: str
) -> None:
    """An RSA signer claiming ecdsa-sha256 (and the other way round) is refused, not a crash."""
    signer: KeyPair = getattr(pki, key)
    other = "rsa-sha256" if key == "ec" else "ecdsa-sha256"
    signed = _mutate(
        _sign(signer),
        _set_algorithm(
            f"{SIGNED_INFO}/ds:SignatureMethod", f"http://www.w3.org/2001/04/xmldsig-more#{other}"
        ),
    )
    assert _code(signed) == "GW210"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue", "niet base64!"),
        ("ds:Signature/ds:SignatureValue", "niet base64!"),
        ("ds:Signature/ds:SignatureValue", "AAAA"),
    ],
)
def test_rejects_unreadable_digest_or_signature_values_with_gw210(
    pki: Pki, path: str, text: str
) -> None:
    def garble(root: etree._Element) -> None:
        _one(root, path).text = text

    for key in ("rsa", "ec"):
        assert _code(_mutate(_sign(getattr(pki, key)), garble)) == "GW210"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: s.find("ds:SignedInfo", NS).set("Extra", "1"), id="attribute"),
        pytest.param(
            lambda s: s.find("ds:SignedInfo/ds:SignatureMethod", NS).append(
                _ds("HMACOutputLength")
            ),
            id="signature-method-child",
        ),
        pytest.param(
            lambda s: s.find("ds:SignedInfo/ds:Reference/ds:DigestMethod", NS).append(
                etree.Element("{urn:x}Param")
            ),
            id="digest-method-child",
        ),
        pytest.param(
            lambda s: s.find("ds:SignedInfo", NS).insert(0, s.find("ds:SignedInfo", NS)[1]),
            id="signed-info-order",
        ),
        pytest.param(lambda s: s.insert(0, s[1]), id="signature-order"),
        pytest.param(
            lambda s: s.find("ds:SignatureValue", NS).append(etree.Comment("x")),
            id="comment-in-signature-value",
        ),
        pytest.param(
            lambda s: s.find("ds:SignedInfo/ds:Reference/ds:DigestValue", NS).append(
                etree.Comment("x")
            ),
            id="comment-in-digest-value",
        ),
    ],
)
def test_rejects_a_signature_layout_outside_the_profile_with_gw210(
    pki: Pki, change: Callable[[etree._Element], None]
) -> None:
    assert _code(_mutate(_sign(pki.rsa), lambda root: change(_sig(root)))) == "GW210"


def test_party_is_read_from_the_subject_serial_number(pki: Pki) -> None:
    assert _verify(_sign(pki.ec)).party == PartyCode(PartyKind.AGB, "12345678")


def test_party_is_read_from_a_uzi_other_name(pki: Pki) -> None:
    assert _verify(_sign(pki.uzi)).party == PartyCode(PartyKind.AGB, "87654321")


def test_party_is_none_for_a_certificate_without_a_code(pki: Pki) -> None:
    assert _verify(_sign(_pair(pki.ca, KeyType.EC_P256))).party is None


# --- shape rules: GW210 -----------------------------------------------------------------


def test_rejects_a_document_without_signature_with_gw210() -> None:
    assert _code(PAYLOAD) == "GW210"


def test_rejects_two_signatures_with_gw210(pki: Pki) -> None:
    def add_second(root: etree._Element) -> None:
        root.append(copy.deepcopy(_sig(root)))

    assert _code(_mutate(_sign(pki.rsa), add_second)) == "GW210"


def test_rejects_a_signature_that_is_not_the_last_child_with_gw210(pki: Pki) -> None:
    def append_after(root: etree._Element) -> None:
        etree.SubElement(root, f"{P}Extra").text = "na de handtekening"

    assert _code(_mutate(_sign(pki.rsa), append_after)) == "GW210"


def test_rejects_a_signature_nested_deeper_with_gw210(pki: Pki) -> None:
    def nest(root: etree._Element) -> None:
        zorg = _one(root, f"{P}Zorg")
        zorg.append(_sig(root))

    assert _code(_mutate(_sign(pki.rsa), nest)) == "GW210"


def test_rejects_a_ds_object_child_with_gw210(pki: Pki) -> None:
    def add_object(root: etree._Element) -> None:
        _sig(root).append(_ds("Object"))

    assert _code(_mutate(_sign(pki.rsa), add_object)) == "GW210"


def test_rejects_two_references_with_gw210(pki: Pki) -> None:
    def add_reference(root: etree._Element) -> None:
        signed_info = _one(root, "ds:Signature/ds:SignedInfo")
        signed_info.append(copy.deepcopy(_one(signed_info, "ds:Reference")))

    assert _code(_mutate(_sign(pki.rsa), add_reference)) == "GW210"


@pytest.mark.parametrize("uri", ["#id", "#xpointer(/)", None])
def test_rejects_a_reference_other_than_the_whole_document_with_gw210(
    pki: Pki, uri: str | None
) -> None:
    def set_uri(root: etree._Element) -> None:
        reference = _one(root, "ds:Signature/ds:SignedInfo/ds:Reference")
        if uri is None:
            del reference.attrib["URI"]
        else:
            reference.set("URI", uri)
        root.set("Id", "id")

    assert _code(_mutate(_sign(pki.rsa), set_uri)) == "GW210"


TRANSFORMS = "ds:Signature/ds:SignedInfo/ds:Reference/ds:Transforms"


def _set_transforms(*algorithms: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        transforms = _one(root, TRANSFORMS)
        for t in list(transforms):
            transforms.remove(t)
        for algorithm in algorithms:
            transforms.append(_ds("Transform", Algorithm=algorithm))

    return change


@pytest.mark.parametrize(
    "algorithms",
    [
        pytest.param((EXC_C14N, ENVELOPED), id="wrong-order"),
        pytest.param((ENVELOPED,), id="only-enveloped"),
        pytest.param((EXC_C14N,), id="only-c14n"),
        pytest.param((), id="none"),
        pytest.param((ENVELOPED, EXC_C14N, EXC_C14N), id="extra-c14n"),
        pytest.param((ENVELOPED, ENVELOPED, EXC_C14N), id="extra-enveloped"),
    ],
)
def test_rejects_transforms_other_than_enveloped_then_exc_c14n_with_gw210(
    pki: Pki, algorithms: tuple[str, ...]
) -> None:
    assert _code(_mutate(_sign(pki.rsa), _set_transforms(*algorithms))) == "GW210"


def test_rejects_two_transforms_elements_with_gw210(pki: Pki) -> None:
    def split(root: etree._Element) -> None:
        transforms = _one(root, TRANSFORMS)
        second = _ds("Transforms")
        second.append(transforms[1])
        transforms.addnext(second)

    assert _code(_mutate(_sign(pki.rsa), split)) == "GW210"


@pytest.mark.parametrize(
    "algorithms",
    [
        pytest.param((ENVELOPED, TRANSFORM_XPATH), id="xpath-instead"),
        pytest.param((ENVELOPED, EXC_C14N, TRANSFORM_XPATH), id="xpath-extra"),
        pytest.param((TRANSFORM_XSLT, ENVELOPED, EXC_C14N), id="xslt"),
        pytest.param((ENVELOPED, C14N_INCLUSIVE), id="inclusive-c14n"),
    ],
)
def test_rejects_xpath_xslt_and_other_transforms_with_gw202(
    pki: Pki, algorithms: tuple[str, ...]
) -> None:
    assert _code(_mutate(_sign(pki.rsa), _set_transforms(*algorithms))) == "GW202"


def _set_algorithm(path: str, algorithm: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        _one(root, path).set("Algorithm", algorithm)

    return change


SIGNED_INFO = "ds:Signature/ds:SignedInfo"
EXC_TRANSFORM = f"{TRANSFORMS}/ds:Transform[2]"
ENV_TRANSFORM = f"{TRANSFORMS}/ds:Transform[1]"
C14N_METHOD = f"{SIGNED_INFO}/ds:CanonicalizationMethod"


@pytest.mark.parametrize("algorithm", [C14N_INCLUSIVE, C14N_EXC_WITH_COMMENTS])
def test_rejects_other_canonicalization_methods_with_gw202(pki: Pki, algorithm: str) -> None:
    signed = _mutate(
        _sign(pki.rsa), _set_algorithm(f"{SIGNED_INFO}/ds:CanonicalizationMethod", algorithm)
    )
    assert _code(signed) == "GW202"


@pytest.mark.parametrize("algorithm", [RSA_SHA1, HMAC_SHA256, DSA_SHA1, ""])
def test_rejects_weak_or_symmetric_signature_methods_with_gw202(pki: Pki, algorithm: str) -> None:
    signed = _mutate(_sign(pki.rsa), _set_algorithm(f"{SIGNED_INFO}/ds:SignatureMethod", algorithm))
    assert _code(signed) == "GW202"


def test_rejects_sha1_digest_with_gw202(pki: Pki) -> None:
    path = f"{SIGNED_INFO}/ds:Reference/ds:DigestMethod"
    assert _code(_mutate(_sign(pki.rsa), _set_algorithm(path, SHA1))) == "GW202"


def test_algorithm_errors_are_algorithm_not_allowed(pki: Pki) -> None:
    signed = _mutate(_sign(pki.rsa), _set_algorithm(f"{SIGNED_INFO}/ds:SignatureMethod", RSA_SHA1))
    with pytest.raises(AlgorithmNotAllowed):
        check_signature_shape(parse_untrusted(signed).getroot(), DEFAULT_SIGNATURE_POLICY)


@pytest.mark.parametrize("key", ["rsa", "ec"])
def test_rejects_a_tampered_text_node_with_gw210(pki: Pki, key: str) -> None:
    signed = _sign(getattr(pki, key))
    assert b"<Uren>12</Uren>" in signed
    assert _code(signed.replace(b"<Uren>12</Uren>", b"<Uren>99</Uren>")) == "GW210"


@pytest.mark.parametrize("key", ["rsa", "ec"])
def test_rejects_a_tampered_signature_value_with_gw210(pki: Pki, key: str) -> None:
    def flip(root: etree._Element) -> None:
        value = _one(root, "ds:Signature/ds:SignatureValue")
        raw = bytearray(base64.b64decode("".join((value.text or "").split())))
        raw[len(raw) // 2] ^= 0x01
        value.text = base64.b64encode(bytes(raw)).decode("ascii")

    assert _code(_mutate(_sign(getattr(pki, key)), flip)) == "GW210"


def test_rejects_a_missing_key_info_with_gw210(pki: Pki) -> None:
    def drop(root: etree._Element) -> None:
        signature = _sig(root)
        signature.remove(_one(signature, "ds:KeyInfo"))

    assert _code(_mutate(_sign(pki.rsa), drop)) == "GW210"


def test_rejects_key_info_with_two_certificates_with_gw210(pki: Pki) -> None:
    def add(root: etree._Element) -> None:
        cert = _one(root, "ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate")
        cert.addnext(copy.deepcopy(cert))

    assert _code(_mutate(_sign(pki.rsa), add)) == "GW210"


def test_rejects_an_unreadable_certificate_with_gw210(pki: Pki) -> None:
    def garble(root: etree._Element) -> None:
        _one(
            root, "ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate"
        ).text = "bm90IGEgY2VydA=="

    assert _code(_mutate(_sign(pki.rsa), garble)) == "GW210"


def test_rejects_a_signature_the_xmldsig_schema_refuses_with_gw210(pki: Pki) -> None:
    """signxml's schema check fails with an lxml error; it must still be GW210, never a crash."""

    def add(root: etree._Element) -> None:
        _one(root, "ds:Signature/ds:KeyInfo").append(_ds("Onbekend"))

    assert _code(_mutate(_sign(pki.rsa), add)) == "GW210"


def test_rejects_a_certificate_swapped_in_key_info_with_gw210(pki: Pki) -> None:
    """Another certificate in KeyInfo does not make the signature someone else's."""
    other = base64.b64encode(pki.ec.certificate.public_bytes(Encoding.DER)).decode("ascii")

    def swap(root: etree._Element) -> None:
        _one(root, "ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate").text = other

    assert _code(_mutate(_sign(pki.rsa), swap)) == "GW210"


# --- InclusiveNamespaces: the one parameter of exclusive c14n --------------------------


def _resign_signed_info(root: etree._Element, signer: KeyPair) -> None:
    """Sign SignedInfo again after changing it (RSA), as a sender's own tooling would."""
    assert isinstance(signer.private_key, rsa.RSAPrivateKey)
    signed_info = _one(root, SIGNED_INFO)
    c14n = etree.tostring(signed_info, method="c14n", exclusive=True, with_comments=False)
    value = signer.private_key.sign(c14n, padding.PKCS1v15(), hashes.SHA256())
    _one(root, "ds:Signature/ds:SignatureValue").text = base64.b64encode(value).decode("ascii")


@pytest.mark.parametrize("on_c14n_method", [False, True])
def test_accepts_inclusive_namespaces_on_the_exc_c14n_transform(
    pki: Pki, on_c14n_method: bool
) -> None:
    def add_parameter(root: etree._Element) -> None:
        # A prefix the document does not use: the reference's digest stays the same.
        _one(root, EXC_TRANSFORM).append(_inclusive("unused"))
        if on_c14n_method:
            _one(root, C14N_METHOD).append(_inclusive("unused"))
        _resign_signed_info(root, pki.rsa)

    signed = _mutate(_sign(pki.rsa), add_parameter)
    verified = verify_document(parse_untrusted(signed), pki.trust)
    assert verified.root.findtext(f"{P}Toelichting") == "hello"


def test_resigned_signed_info_without_parameters_still_verifies(pki: Pki) -> None:
    """The helper above signs exactly as signxml does (so the acceptance test means something)."""
    signed = _mutate(_sign(pki.rsa), lambda root: _resign_signed_info(root, pki.rsa))
    assert _verify(signed).signer == pki.rsa.certificate


def _add_child(path: str, child: etree._Element) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        _one(root, path).append(child)

    return change


def _inclusive(prefixes: str | None = "x") -> etree._Element:
    el = etree.Element(f"{{{EC_NS}}}InclusiveNamespaces")
    if prefixes is not None:
        el.set("PrefixList", prefixes)
    return el


@pytest.mark.parametrize(
    ("path", "child"),
    [
        pytest.param(EXC_TRANSFORM, _ds("XPath"), id="xpath-in-c14n-transform"),
        pytest.param(
            EXC_TRANSFORM,
            etree.Element("{urn:other}InclusiveNamespaces", PrefixList="x"),
            id="foreign-ns",
        ),
        pytest.param(EXC_TRANSFORM, _inclusive(None), id="without-prefix-list"),
        pytest.param(ENV_TRANSFORM, _inclusive(), id="parameter-on-enveloped"),
        pytest.param(ENV_TRANSFORM, _ds("XPath"), id="xpath-in-enveloped"),
        pytest.param(C14N_METHOD, _ds("XPath"), id="xpath-in-canonicalization"),
        pytest.param(C14N_METHOD, etree.Comment("x"), id="comment-in-canonicalization"),
    ],
)
def test_rejects_any_other_child_of_a_transform_or_canonicalization_with_gw210(
    pki: Pki, path: str, child: etree._Element
) -> None:
    signed = _mutate(_sign(pki.rsa), _add_child(path, copy.deepcopy(child)))
    assert _code(signed) == "GW210"


@pytest.mark.parametrize("path", [EXC_TRANSFORM, C14N_METHOD])
def test_rejects_two_inclusive_namespaces_with_gw210(pki: Pki, path: str) -> None:
    def add_two(root: etree._Element) -> None:
        _one(root, path).extend([_inclusive(), _inclusive()])

    assert _code(_mutate(_sign(pki.rsa), add_two)) == "GW210"


# --- signature wrapping and comments -----------------------------------------------------


def test_rejects_a_second_root_like_element_added_after_signing(pki: Pki) -> None:
    def add_copy(root: etree._Element) -> None:
        forged = etree.Element(f"{P}Meerzorgplan")
        etree.SubElement(forged, f"{P}Toelichting").text = "vervalst"
        _sig(root).addprevious(forged)

    assert _code(_mutate(_sign(pki.rsa), add_copy)) == "GW210"


def test_rejects_signed_content_moved_under_a_new_root(pki: Pki) -> None:
    """The classic wrapping attack: forged content on top, the signed original hidden below."""
    signed = _sign(pki.rsa)
    original = parse_untrusted(signed).getroot()
    signature = _sig(original)
    wrapper = etree.Element(f"{P}Meerzorgplan", nsmap={None: PAYLOAD_NS})  # type: ignore[dict-item]
    etree.SubElement(wrapper, f"{P}Toelichting").text = "vervalst"
    hidden = etree.SubElement(wrapper, f"{P}Bijlage")
    hidden.append(original)
    wrapper.append(signature)  # moves it: the signature is again the root's last child
    data = bytes(etree.tostring(wrapper, xml_declaration=True, encoding="UTF-8"))
    assert _code(data) == "GW210"


def test_rejects_the_signed_document_nested_in_a_new_root(pki: Pki) -> None:
    signed = _sign(pki.rsa)
    original = parse_untrusted(signed).getroot()
    wrapper = etree.Element(f"{P}Meerzorgplan", nsmap={None: PAYLOAD_NS})  # type: ignore[dict-item]
    etree.SubElement(wrapper, f"{P}Toelichting").text = "vervalst"
    wrapper.append(original)
    data = bytes(etree.tostring(wrapper, xml_declaration=True, encoding="UTF-8"))
    assert _code(data) == "GW210"


def test_comments_inserted_after_signing_do_not_reach_the_gateway(pki: Pki) -> None:
    """exc-c14n without comments: the signature holds, and the verified tree has the signed text."""
    signed = _sign(pki.rsa)
    assert b"<Toelichting>hello</Toelichting>" in signed
    commented = signed.replace(
        b"<Toelichting>hello</Toelichting>", b"<Toelichting>hel<!-- x -->lo</Toelichting>"
    )
    naive = parse_untrusted(commented).getroot()
    assert naive.findtext(f"{P}Toelichting") == "hel"  # what a careless reader would see
    verified = _verify(commented)
    assert list(verified.root.iter(etree.Comment)) == []
    assert verified.root.findtext(f"{P}Toelichting") == "hello"
    element = verified.root.find(f"{P}Toelichting")
    assert element is not None
    assert element.text == "hello"
    assert len(element) == 0


# --- trust in the signer: GW211 ---------------------------------------------------------


def _code_with_trust(data: bytes, trust: TrustStore, now: datetime | None = None) -> str:
    with pytest.raises(GatewayError) as info:
        verify_document(parse_untrusted(data), trust, now=now)
    return info.value.code


def test_rejects_a_signer_of_another_ca_with_gw211(pki: Pki) -> None:
    other = DevCA.create("Andere CA")
    signed = _sign(_pair(other, KeyType.EC_P256, party="AGB-12345678"))
    assert _verify(signed).party == PartyCode(PartyKind.AGB, "12345678")  # the signature is fine
    assert _code_with_trust(signed, pki.trust) == "GW211"


def test_rejects_a_revoked_signer_with_gw211(pki: Pki) -> None:
    signer = _pair(pki.ca, KeyType.EC_P256, party="AGB-12345678")
    trust = TrustStore((pki.ca.certificate,), ((pki.ca.crl([signer.certificate]), "crl.pem"),))
    signed = _sign(signer)
    verify_document(parse_untrusted(signed), pki.trust)  # trusted before revocation
    assert _code_with_trust(signed, trust) == "GW211"


def test_rejects_an_expired_signer_with_gw211(pki: Pki) -> None:
    now = datetime.now(UTC)
    signer = _pair(
        pki.ca,
        KeyType.EC_P256,
        party="AGB-12345678",
        not_before=now - timedelta(days=30),
        not_after=now - timedelta(days=1),
    )
    assert _code_with_trust(_sign(signer), pki.trust) == "GW211"


def test_rejects_a_signer_that_is_valid_only_later_with_gw211(pki: Pki) -> None:
    signed = _sign(pki.rsa)
    later = datetime.now(UTC) + timedelta(days=3650)
    trust = TrustStore(
        (pki.ca.certificate,), ((pki.ca.crl(this_update=later - timedelta(hours=1)), "crl"),)
    )
    assert _code_with_trust(signed, trust, now=later) == "GW211"


def test_rejects_an_encryption_certificate_as_signer_with_gw211(pki: Pki) -> None:
    issued = pki.ca.issue(common_name="enc", purpose=Purpose.ENC, party="AGB-12345678")
    assert _code_with_trust(_sign(KeyPair(issued.certificate, issued.private_key)), pki.trust) == (
        "GW211"
    )


# --- line numbers of the verified tree ---------------------------------------------------


def _lines(root: etree._Element) -> list[tuple[str, int | None]]:
    return [
        (etree.QName(el).localname, el.sourceline)  # type: ignore[arg-type]
        for el in root.iter(etree.Element)
        if etree.QName(el).namespace != DS  # type: ignore[arg-type]
    ]


def test_verified_tree_keeps_the_line_numbers_of_the_document(pki: Pki) -> None:
    signed = _sign(pki.rsa)
    assert signed.startswith(b"<?xml")
    original = parse_untrusted(signed).getroot()
    verified = _verify(signed)
    assert _lines(verified.root) == _lines(original)
    assert dict(_lines(verified.root))["Uren"] == 5


def test_line_numbers_survive_multi_line_comments_and_start_tags(pki: Pki) -> None:
    """Canonical form drops comments and folds start tags; Locatie keeps the sender's lines."""
    signed = _sign(pki.rsa)
    reshaped = signed.replace(
        b"<Toelichting>hello</Toelichting>",
        b"<!-- een\n  opmerking\n  over drie regels --><Toelichting\n    >hello</Toelichting>",
    ).replace(b"<Zorg>", b"<Zorg\n  >")
    original = parse_untrusted(reshaped).getroot()
    verified = _verify(reshaped)
    assert _lines(verified.root) == _lines(original)
    assert dict(_lines(verified.root))["Uren"] == 9


# --- interoperability: xmlsec1 -----------------------------------------------------------

TEMPLATE = """<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
  <SignedInfo>
    <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">{params}</CanonicalizationMethod>
    <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#{method}"/>
    <Reference URI="">
      <Transforms>
        <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
        <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">{params}</Transform>
      </Transforms>
      <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
      <DigestValue/>
    </Reference>
  </SignedInfo>
  <SignatureValue/>
  <KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo>
</Signature>
"""


def _xmlsec1_sign(tmp_path: Path, ca: DevCA, key_type: KeyType, params: str = "") -> bytes:
    xmlsec1 = require_tool("xmlsec1")
    issued = ca.issue(
        common_name="xmlsec1", purpose=Purpose.SIGN, key_type=key_type, party="AGB-12345678"
    )
    cert_path, key_path = issued.write(tmp_path, "sign")
    method = "ecdsa-sha256" if key_type is KeyType.EC_P256 else "rsa-sha256"
    template = PAYLOAD.replace(
        b"</Meerzorgplan>",
        TEMPLATE.format(method=method, params=params).encode() + b"</Meerzorgplan>",
    )
    (tmp_path / "template.xml").write_bytes(template)
    out = tmp_path / "signed.xml"
    subprocess.run(
        [
            xmlsec1,
            "sign",
            "--privkey-pem",
            f"{key_path},{cert_path}",
            "--output",
            str(out),
            str(tmp_path / "template.xml"),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return out.read_bytes()


@pytest.mark.xmlsec1
@pytest.mark.parametrize("key_type", [KeyType.RSA2048, KeyType.EC_P256])
def test_accepts_a_signature_made_by_xmlsec1(pki: Pki, tmp_path: Path, key_type: KeyType) -> None:
    signed = _xmlsec1_sign(tmp_path, pki.ca, key_type)
    verified = verify_document(parse_untrusted(signed), pki.trust)
    assert verified.party == PartyCode(PartyKind.AGB, "12345678")
    assert verified.root.findtext(f"{P}Toelichting") == "hello"
    assert _lines(verified.root) == _lines(parse_untrusted(signed).getroot())


@pytest.mark.xmlsec1
def test_accepts_xmlsec1_signature_with_inclusive_namespaces(pki: Pki, tmp_path: Path) -> None:
    params = f'<InclusiveNamespaces xmlns="{EC_NS}" PrefixList="#default"/>'
    signed = _xmlsec1_sign(tmp_path, pki.ca, KeyType.RSA2048, params)
    root = parse_untrusted(signed).getroot()
    assert root.find(f"{EXC_TRANSFORM}/{{{EC_NS}}}InclusiveNamespaces", NS) is not None
    assert root.find(f"{C14N_METHOD}/{{{EC_NS}}}InclusiveNamespaces", NS) is not None
    verified = verify_document(parse_untrusted(signed), pki.trust)
    assert verified.root.findtext(f"{P}Toelichting") == "hello"


@pytest.mark.xmlsec1
def test_xmlsec1_signature_tampered_after_signing_is_rejected(pki: Pki, tmp_path: Path) -> None:
    signed = _xmlsec1_sign(tmp_path, pki.ca, KeyType.EC_P256)
    assert _code(signed.replace(b"<Uren>12</Uren>", b"<Uren>13</Uren>")) == "GW210"


def test_certificate_in_key_info_is_the_signer(pki: Pki) -> None:
    verified = _verify(_sign(pki.ec))
    assert isinstance(verified.signer, x509.Certificate)
    assert verified.signer.serial_number == pki.ec.certificate.serial_number
