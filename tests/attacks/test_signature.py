"""XML signature attacks over the real server: wrapping, stripping, downgrades, comment tricks.

Protocol 5.1 pins the shape (one Signature, last child of the root, one Reference
URI="", enveloped + exc-c14n): any other shape is GW210, a disallowed algorithm GW202.
Comments and harmless whitespace inside signed markup keep the signature valid
(exc-c14n without comments): accepted, and only the signed text is processed.
"""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from gateway.client import add_berichtkop
from gateway.security.xmldsig import verify_signature
from gateway.security.xmlparse import parse_untrusted
from tests.attacks.support import (
    DS,
    NSMAP,
    Change,
    P,
    assert_healthy,
    assert_receipt,
    one,
    post,
    rewrite,
    set_attribute,
    sign_payload,
    wrap,
)
from tests.conftest import client
from tests.functional.helpers import ZK, check_receipt, first_valid, kop_for, open_as

SIGNATURE = "/*/ds:Signature"
SIGNED_INFO = f"{SIGNATURE}/ds:SignedInfo"
REFERENCE = f"{SIGNED_INFO}/ds:Reference"
TRANSFORMS = f"{REFERENCE}/ds:Transforms"


def _sig(root: etree._Element) -> etree._Element:
    return one(root, SIGNATURE)


# --- wrapping: GW210 -------------------------------------------------------------------


def _second_root_like_element(root: etree._Element) -> None:
    forged = etree.Element(f"{P}Meerzorgplan")
    etree.SubElement(forged, f"{P}Toelichting").text = "vervalst"
    _sig(root).addprevious(forged)


def _moved_under_new_root(root: etree._Element) -> None:
    """The classic wrapping: forged content on top, the signed original hidden below."""
    original = copy.deepcopy(root)
    signature = _sig(original)
    for child in list(root):
        root.remove(child)
    etree.SubElement(root, f"{P}Toelichting").text = "vervalst"
    etree.SubElement(root, f"{P}Bijlage").append(original)
    root.append(signature)  # the Signature is again the root's last child


def _nested_in_new_root(root: etree._Element) -> None:
    original = copy.deepcopy(root)
    for child in list(root):
        root.remove(child)
    etree.SubElement(root, f"{P}Toelichting").text = "vervalst"
    root.append(original)


def _moved_signed_element(root: etree._Element) -> None:
    """A signed element moved elsewhere in the document (order changes the digest)."""
    naam = one(root, "/*/*[local-name()='Zorgaanbieder']/*[local-name()='Naam']")
    parent = naam.getparent()
    assert parent is not None
    parent.remove(naam)
    _sig(root).addprevious(naam)


def _second_signature(root: etree._Element) -> None:
    root.append(copy.deepcopy(_sig(root)))


def _second_signature_nested(root: etree._Element) -> None:
    one(root, "/*/*[local-name()='Zorgaanbieder']").append(copy.deepcopy(_sig(root)))


def _second_reference(root: etree._Element) -> None:
    reference = one(root, REFERENCE)
    extra = copy.deepcopy(reference)
    extra.set("URI", "#x")
    reference.addnext(extra)


def _id_reference(root: etree._Element) -> None:
    root.set("Id", "x")
    one(root, REFERENCE).set("URI", "#x")


def _id_reference_to_forged_element(root: etree._Element) -> None:
    forged = etree.SubElement(root, f"{P}Toelichting", Id="x")
    forged.text = "vervalst"
    _sig(root).addprevious(forged)
    one(root, REFERENCE).set("URI", "#x")


def _signature_not_last(root: etree._Element) -> None:
    signature = _sig(root)
    root.remove(signature)
    root.insert(len(root) - 1, signature)


def _stripped(root: etree._Element) -> None:
    root.remove(_sig(root))


def _empty_signature_value(root: etree._Element) -> None:
    one(root, f"{SIGNATURE}/ds:SignatureValue").text = ""


def _foreign_key_info(root: etree._Element) -> None:
    etree.SubElement(one(root, f"{SIGNATURE}/ds:KeyInfo"), f"{{{DS}}}KeyName").text = "x"


def _object_in_signature(root: etree._Element) -> None:
    etree.SubElement(_sig(root), f"{{{DS}}}Object").text = "vervalst"


def _tampered_text(root: etree._Element) -> None:
    one(root, "/*/*[local-name()='Zorgaanbieder']/*[local-name()='Naam']").text = "Andere"


def _added_whitespace_in_text(root: etree._Element) -> None:
    naam = one(root, "/*/*[local-name()='Zorgaanbieder']/*[local-name()='Naam']")
    naam.text = f" {naam.text} "


WRAPPING: dict[str, Change] = {
    "second-root-like-element": _second_root_like_element,
    "signed-content-moved-under-new-root": _moved_under_new_root,
    "signed-document-nested-in-new-root": _nested_in_new_root,
    "moved-signed-element": _moved_signed_element,
    "second-signature": _second_signature,
    "second-signature-nested": _second_signature_nested,
    "second-reference": _second_reference,
    "id-reference-to-root": _id_reference,
    "id-reference-to-forged-element": _id_reference_to_forged_element,
    "reference-uri-absent": lambda root: one(root, REFERENCE).attrib.pop("URI"),
    "signature-not-last-child": _signature_not_last,
    "signature-stripped": _stripped,
    "signature-value-empty": _empty_signature_value,
    "key-info-extra-key-name": _foreign_key_info,
    "object-in-signature": _object_in_signature,
    "signed-text-tampered": _tampered_text,
    "whitespace-added-to-signed-text": _added_whitespace_in_text,
}


@pytest.mark.parametrize("case", list(WRAPPING))
async def test_wrapping_and_stripping_get_gw210(start, dev_pki, case):
    gw = await start(dev_pki)
    kop = kop_for()
    envelope = wrap(dev_pki, kop, rewrite(sign_payload(dev_pki, kop), WRAPPING[case]))
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW210")
    await assert_healthy(gw, dev_pki)


async def test_never_signed_payload_gets_gw210(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for()
    unsigned = etree.tostring(add_berichtkop(first_valid(), kop), xml_declaration=True)
    envelope = wrap(dev_pki, kop, bytes(unsigned))
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW210")
    await assert_healthy(gw, dev_pki)


async def test_signature_of_another_document_transplanted_gets_gw210(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for()
    donor = etree.fromstring(sign_payload(dev_pki, kop_for()))  # other TraceerId, validly signed

    def transplant(root: etree._Element) -> None:
        _sig(root).getparent().replace(_sig(root), _sig(donor))  # type: ignore[union-attr]

    envelope = wrap(dev_pki, kop, rewrite(sign_payload(dev_pki, kop), transplant))
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW210")
    await assert_healthy(gw, dev_pki)


# --- algorithm downgrades: GW202 ---------------------------------------------------------


def _add_transform(algorithm: str, child: str | None = None) -> Change:
    def change(root: etree._Element) -> None:
        transform = etree.SubElement(one(root, TRANSFORMS), f"{{{DS}}}Transform")
        transform.set("Algorithm", algorithm)
        if child:
            etree.SubElement(transform, f"{{{DS}}}{child}").text = "true()"

    return change


DOWNGRADES: dict[str, Change] = {
    # signxml refuses to sign with these; sign with SHA-256 and rename the method:
    # the allow-list must refuse it before any cryptography.
    "signature-rsa-sha1": set_attribute(
        f"{SIGNED_INFO}/ds:SignatureMethod", "Algorithm", f"{DS}rsa-sha1"
    ),
    "signature-dsa-sha1": set_attribute(
        f"{SIGNED_INFO}/ds:SignatureMethod", "Algorithm", f"{DS}dsa-sha1"
    ),
    "signature-hmac-sha1": set_attribute(
        f"{SIGNED_INFO}/ds:SignatureMethod", "Algorithm", f"{DS}hmac-sha1"
    ),
    "signature-hmac-sha256": set_attribute(
        f"{SIGNED_INFO}/ds:SignatureMethod",
        "Algorithm",
        "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
    ),
    "signature-rsa-md5": set_attribute(
        f"{SIGNED_INFO}/ds:SignatureMethod",
        "Algorithm",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
    ),
    "digest-sha1": set_attribute(f"{REFERENCE}/ds:DigestMethod", "Algorithm", f"{DS}sha1"),
    "digest-md5": set_attribute(
        f"{REFERENCE}/ds:DigestMethod", "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#md5"
    ),
    "transform-xpath": _add_transform("http://www.w3.org/TR/1999/REC-xpath-19991116", "XPath"),
    "transform-xpath-filter2": _add_transform("http://www.w3.org/2002/06/xmldsig-filter2"),
    "transform-xslt": _add_transform("http://www.w3.org/TR/1999/REC-xslt-19991116"),
    "transform-base64": _add_transform(f"{DS}base64"),
    "canonicalization-inclusive": set_attribute(
        f"{SIGNED_INFO}/ds:CanonicalizationMethod",
        "Algorithm",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    ),
    "canonicalization-with-comments": set_attribute(
        f"{SIGNED_INFO}/ds:CanonicalizationMethod",
        "Algorithm",
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    ),
}


@pytest.mark.parametrize("case", list(DOWNGRADES))
async def test_algorithm_downgrades_get_gw202(start, dev_pki, case):
    gw = await start(dev_pki)
    kop = kop_for()
    envelope = wrap(dev_pki, kop, rewrite(sign_payload(dev_pki, kop), DOWNGRADES[case]))
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW202")
    await assert_healthy(gw, dev_pki)


# --- comments and whitespace inside signed markup: accepted, signed text processed -------

NAAM = b"<Naam>Stichting De Linde Zorg</Naam>"
BSN = b"<Bsn>999990044</Bsn>"

TRICKS: dict[str, tuple[bytes, bytes]] = {
    # a careless reader would see "Stichting" and "9999" (which fails the schema: GW301)
    "comment-in-name": (NAAM, b"<Naam>Stichting<!-- De Linde --> De Linde Zorg</Naam>"),
    "comment-in-bsn": (BSN, b"<Bsn>9999<!---->90044</Bsn>"),
    "cdata-section": (NAAM, b"<Naam><![CDATA[Stichting De Linde Zorg]]></Naam>"),
    "whitespace-inside-tags": (NAAM, b"<Naam \n\t>Stichting De Linde Zorg</Naam\n >"),
    "character-references": (NAAM, b"<Naam>&#83;tichting De Linde Zorg</Naam>"),
}


@pytest.mark.parametrize("case", list(TRICKS))
async def test_comment_and_whitespace_tricks_are_accepted_and_only_signed_text_counts(
    start, dev_pki, case
):
    gw = await start(dev_pki)
    kop = kop_for()
    signed = sign_payload(dev_pki, kop)
    before, after = TRICKS[case]
    assert signed.count(before) == 1, case
    plaintext = signed.replace(before, after)
    envelope = wrap(dev_pki, kop, plaintext)
    resp = await post(gw, dev_pki, envelope)
    assert resp.status == 202, resp.body
    assert check_receipt(dev_pki, resp.body, envelope).status == "Geaccepteerd"

    # What the zorgkantoor receives: the provider's bytes, untouched, with a valid
    # signature whose signed text is the original one (no comment, whole text).
    async with client(gw, dev_pki, ZK) as zk:
        fetched = await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")
        assert fetched.status == 200
        opened = open_as(dev_pki, ZK, fetched.body, zk.identity.trust())
    assert opened.payload == plaintext
    verified = verify_signature(parse_untrusted(opened.payload))
    assert list(verified.root.iter(etree.Comment)) == []
    reference = etree.fromstring(signed)
    for tag in ("Naam", "Bsn"):  # the whole signed text, as the gateway validated it
        assert [e.text for e in verified.root.iter(f"{P}{tag}")] == [
            e.text for e in reference.iter(f"{P}{tag}")
        ]
    assert one(verified.root, "/*").tag == f"{P}Meerzorgplan"
    assert verified.root.find(f"{{{DS}}}Signature", NSMAP) is None
    await assert_healthy(gw, dev_pki)
