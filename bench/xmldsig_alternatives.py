"""XML Signature candidates side by side, in one process: the gateway's profile verifier and
template signer against signxml, python-xmlsec and the cost floor.

``PYTHONPATH=. .venv/bin/python -m bench.xmldsig_alternatives [--rounds 5] [--block-ms 150]``

Two operations the gateway does per message, on real inputs built with the project's own
code before any timing (a dev PKI from ``bench.fixtures.make_pki(root, 2048)``):

1. verify the provider's RSA-2048 signature over a signed 5 KiB meerzorgplan payload
   (``payload_of_size`` + Berichtkop, signed by ``sign_document`` as ``build_envelope`` does);
   every candidate starts from the tree ``parse_untrusted`` made (the gateway's receive path
   parses once, in its own stage);
2. sign a receipt (``build_receipt``, as ``issue_receipt``) with the gateway's ECDSA P-256
   receipt key and serialise it (every candidate starts from a deep copy of the unsigned
   receipt, since some sign in place);
3. the cryptography alone of those two (no XML at all).

Candidates: the gateway's own path (its profile verifier and template signer, with the
shape checks and allow-lists; since issue 14 no longer signxml), bare signxml,
python-xmlsec (if it imports; reported as unavailable otherwise) and a cost floor
of lxml exclusive c14n + ``cryptography``. The floor is NOT a verifier or a signer: no
shape, reference or key checks, the key is loaded once; it only bounds what any
implementation must spend.

Every candidate is checked once before timing (a verify that fails is not a measurement;
xmlsec must also refuse a tampered payload, and the signatures made by xmlsec and by the
floor must pass the gateway's ``verify_signature``). Timing interleaves the candidates:
each of ``--rounds`` rounds runs every candidate for about ``--block-ms`` (iterations
calibrated once, the same in every round), in a rotated order, so that machine noise hits
all alike; the table gives the median of the rounds' ms/op.
"""

from __future__ import annotations

import argparse
import base64
import copy
import gc
import hashlib
import importlib.metadata
import os
import platform
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.backends.openssl.backend import backend as openssl_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from lxml import etree
from signxml.verifier import XMLVerifier

from bench.fixtures import KIB, fresh_kop, make_pki, payload_of_size
from gateway.client import add_berichtkop
from gateway.domain.receipts import Receipt, Soort, Status
from gateway.security.keys import KeyPair, load_key_pair
from gateway.security.xmldsig import (
    DEFAULT_SIGNATURE_POLICY,
    DS,
    _signer_certificate,
    check_signature_shape,
    sign_document,
    verify_signature,
)
from gateway.security.xmlparse import parse_untrusted
from gateway.xmlcodec import build_receipt

_NS = {"ds": DS}
PAYLOAD_BYTES = 5 * KIB

OP_VERIFY = "1. verify RSA-2048, 5 KiB payload"
OP_SIGN = "2. sign receipt, ECDSA P-256"
OP_CRYPTO = "3. crypto floor only"


def load_xmlsec() -> tuple[Any | None, str]:
    """python-xmlsec, or None and why not (not installed, or its libxml2 check failed)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            import xmlsec  # optional, imported lazily on purpose
        except Exception as exc:  # noqa: BLE001  # ImportError, or xmlsec.InternalError (libxml2 mismatch)
            return None, f"{type(exc).__name__}: {exc}"
    note = "; ".join(str(w.message) for w in caught)
    return xmlsec, (f"imported with warnings: {note}" if note else "imported")


# --- inputs ------------------------------------------------------------------------


@dataclass
class Inputs:
    provider: KeyPair  # RSA-2048, agb-12345678
    receipt_signer: KeyPair  # ECDSA P-256, the gateway's receipt key
    signed_payload: bytes
    tree: etree._ElementTree  # parse_untrusted(signed_payload), shared by the verifiers
    floor_tree: etree._ElementTree  # a second parse, which the floor mutates and restores
    receipt: etree._Element  # unsigned, from build_receipt
    signed_info_template: bytes  # canonical receipt SignedInfo with a DigestValue placeholder
    notes: list[str] = field(default_factory=list)


DIGEST_PLACEHOLDER = b"@DIGEST@"


def prepare(root: Path) -> Inputs:
    pki = make_pki(root, 2048)
    provider = pki.signer()
    assert isinstance(provider.private_key, rsa.RSAPrivateKey)
    assert provider.private_key.key_size == 2048
    receipt_signer = load_key_pair(root / "gateway" / "sign.crt", root / "gateway" / "sign.key")
    assert isinstance(receipt_signer.private_key, ec.EllipticCurvePrivateKey)
    assert isinstance(receipt_signer.private_key.curve, ec.SECP256R1)

    signed_payload = sign_document(
        add_berichtkop(payload_of_size(PAYLOAD_BYTES), fresh_kop()), provider
    )
    receipt = build_receipt(
        Receipt(
            bevestiging_id="5f0c8d52-3f5e-4c1e-9a55-2b8b1f0e6a10",
            soort=Soort.ONTVANGST,
            traceer_id="0b6f4c9e-7d1a-4f3b-8e2c-6a5d9c8b7e41",
            afzender="12345678",
            geadresseerde="5509",
            status=Status.GEACCEPTEERD,
            tijdstip=datetime.now(UTC).replace(microsecond=0),
            digest=hashlib.sha256(signed_payload).digest(),
        )
    )
    # The canonical SignedInfo signxml writes for a receipt, DigestValue left open: what the
    # floor signs (it only formats the digest into it).
    reference = parse_untrusted(sign_document(copy.deepcopy(receipt), receipt_signer)).getroot()
    signed_info = reference.find("ds:Signature/ds:SignedInfo", _NS)
    assert signed_info is not None
    digest_value = signed_info.findtext("ds:Reference/ds:DigestValue", namespaces=_NS)
    assert digest_value
    canonical = etree.tostring(signed_info, method="c14n", exclusive=True)
    assert canonical.count(digest_value.encode()) == 1
    return Inputs(
        provider=provider,
        receipt_signer=receipt_signer,
        signed_payload=signed_payload,
        tree=parse_untrusted(signed_payload),
        floor_tree=parse_untrusted(signed_payload),
        receipt=receipt,
        signed_info_template=canonical.replace(digest_value.encode(), DIGEST_PLACEHOLDER),
    )


# --- the floor ---------------------------------------------------------------------


def floor_verify(tree: etree._ElementTree, public_key: rsa.RSAPublicKey) -> None:
    """Cost floor of verifying, NOT a verifier: exc-c14n of the document minus its
    Signature, SHA-256 against DigestValue, exc-c14n of SignedInfo, RSA PKCS#1 v1.5 verify
    with a key loaded beforehand. No shape, algorithm, reference or KeyInfo checks."""
    root = tree.getroot()
    signature = root[-1]  # the Signature is the last child (protocol 5.1)
    root.remove(signature)
    try:
        document = etree.tostring(root, method="c14n", exclusive=True, with_comments=False)
    finally:
        root.append(signature)
    signed_info = signature[0]
    digest = base64.b64decode(signed_info[2][2].text or "")  # Reference/DigestValue
    if hashlib.sha256(document).digest() != digest:
        raise ValueError("digest mismatch")
    canonical = etree.tostring(signed_info, method="c14n", exclusive=True)
    public_key.verify(
        base64.b64decode(signature[1].text or ""), canonical, padding.PKCS1v15(), hashes.SHA256()
    )


def floor_sign(receipt: etree._Element, template: bytes, key: ec.EllipticCurvePrivateKey) -> bytes:
    """Cost floor of signing, NOT a signer: exc-c14n of the receipt, SHA-256, the digest
    formatted into a fixed canonical SignedInfo, ECDSA P-256 sign, DER to raw r||s, base64.
    No Signature element is built and nothing is serialised."""
    document = etree.tostring(receipt, method="c14n", exclusive=True, with_comments=False)
    digest = base64.b64encode(hashlib.sha256(document).digest())
    signed_info = template.replace(DIGEST_PLACEHOLDER, digest)
    r, s = decode_dss_signature(key.sign(signed_info, ec.ECDSA(hashes.SHA256())))
    return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def assemble_floor_signature(inputs: Inputs) -> bytes:
    """The floor's pieces put into a real enveloped Signature (once, to check them)."""
    receipt = copy.deepcopy(inputs.receipt)
    document = etree.tostring(receipt, method="c14n", exclusive=True, with_comments=False)
    digest = base64.b64encode(hashlib.sha256(document).digest())
    signed_info = etree.fromstring(inputs.signed_info_template.replace(DIGEST_PLACEHOLDER, digest))
    value = floor_sign(receipt, inputs.signed_info_template, _ec(inputs.receipt_signer))
    signature = etree.SubElement(receipt, f"{{{DS}}}Signature", nsmap={"ds": DS})
    signature.append(signed_info)
    etree.SubElement(signature, f"{{{DS}}}SignatureValue").text = value.decode()
    cert = etree.SubElement(
        etree.SubElement(etree.SubElement(signature, f"{{{DS}}}KeyInfo"), f"{{{DS}}}X509Data"),
        f"{{{DS}}}X509Certificate",
    )
    cert.text = base64.b64encode(_der(inputs.receipt_signer.certificate)).decode()
    return bytes(etree.tostring(receipt, xml_declaration=True, encoding="UTF-8"))


# --- python-xmlsec -----------------------------------------------------------------


def xmlsec_verify(xmlsec: Any, tree: etree._ElementTree, key: Any) -> None:
    """python-xmlsec's verify of the enveloped signature with a key from the signer's cert."""
    signature = tree.getroot()[-1]
    ctx = xmlsec.SignatureContext()
    ctx.key = key
    ctx.verify(signature)  # raises xmlsec.VerificationError if the signature is bad


def xmlsec_verify_as_gateway(xmlsec: Any, tree: etree._ElementTree) -> etree._Element:
    """A sketch of xmlsec behind the gateway's own checks: protocol 5.1's shape and
    allow-lists (``check_signature_shape``), the signer from KeyInfo (key loaded per
    message), xmlsec's verify, then what was signed as a tree (a copy without the
    Signature and comments, which exc-c14n leaves out). No trust decision, like
    ``verify_signature``."""
    root = tree.getroot()
    signature = check_signature_shape(root, DEFAULT_SIGNATURE_POLICY)
    signer = _signer_certificate(signature)
    ctx = xmlsec.SignatureContext()
    ctx.key = xmlsec.Key.from_memory(_der(signer), xmlsec.KeyFormat.CERT_DER)
    ctx.verify(signature)
    signed = copy.deepcopy(root)
    signed.remove(signed[-1])
    etree.strip_tags(signed, etree.Comment)
    return signed


def xmlsec_sign(xmlsec: Any, receipt: etree._Element, key: Any) -> bytes:
    """python-xmlsec's enveloped signature as protocol 5.1 has it: exc-c14n, ecdsa-sha256,
    one Reference URI="" with enveloped + exc-c14n, SHA-256, KeyInfo/X509Data/X509Certificate."""
    template = xmlsec.template
    transform = xmlsec.Transform
    signature = template.create(receipt, transform.EXCL_C14N, transform.ECDSA_SHA256, ns="ds")
    receipt.append(signature)
    reference = template.add_reference(signature, transform.SHA256, uri="")
    template.add_transform(reference, transform.ENVELOPED)
    template.add_transform(reference, transform.EXCL_C14N)
    template.x509_data_add_certificate(template.add_x509_data(template.ensure_key_info(signature)))
    ctx = xmlsec.SignatureContext()
    ctx.key = key
    ctx.sign(signature)
    return bytes(etree.tostring(receipt, xml_declaration=True, encoding="UTF-8"))


def xmlsec_signing_key(xmlsec: Any, pair: KeyPair) -> Any:
    pem = pair.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key = xmlsec.Key.from_memory(pem, xmlsec.KeyFormat.PEM)
    key.load_cert_from_memory(_der(pair.certificate), xmlsec.KeyFormat.CERT_DER)
    return key


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _ec(pair: KeyPair) -> ec.EllipticCurvePrivateKey:
    assert isinstance(pair.private_key, ec.EllipticCurvePrivateKey)
    return pair.private_key


def _tampered(signed: bytes) -> etree._ElementTree:
    """The signed payload with one character of signed text changed."""
    tree = parse_untrusted(signed)
    for element in tree.getroot().iter(etree.Element):
        if element.text and element.text.strip() and not str(element.tag).startswith(f"{{{DS}}}"):
            element.text = element.text.strip()[:-1] + (
                "0" if element.text.strip()[-1] != "0" else "1"
            )
            return tree
    raise AssertionError("no text to tamper with")


# --- candidates and timing ---------------------------------------------------------


@dataclass
class Candidate:
    operation: str
    name: str
    fn: Callable[[], object] | None  # None: unavailable, see ``note``
    baseline: str  # the name of the candidate the ratio is taken against
    note: str = ""
    iterations: int = 0
    rounds_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.rounds_ms)


GW_VERIFY = "(a) gateway `verify_signature` (profile verifier, on a copy of the tree)"
GW_SIGN = "(a) gateway `sign_document` (template signer)"


def _fresh(tree: etree._ElementTree) -> etree._ElementTree:
    """verify_signature consumes its tree (it hands the tree on as what was signed)."""
    return etree.ElementTree(copy.deepcopy(tree.getroot()))


def candidates(inputs: Inputs, xmlsec: Any | None, xmlsec_status: str) -> list[Candidate]:
    tree = inputs.tree
    root = tree.getroot()
    provider_cert = inputs.provider.certificate
    provider_public = provider_cert.public_key()
    assert isinstance(provider_public, rsa.RSAPublicKey)
    receipt_key = _ec(inputs.receipt_signer)
    receipt_signer = inputs.receipt_signer
    template = inputs.signed_info_template

    def fresh_receipt() -> etree._Element:
        return copy.deepcopy(inputs.receipt)

    # Inputs of the crypto-only rows: the real canonical bytes of both operations.
    signature = root[-1]
    payload_canonical = _canonical_without_signature(inputs.floor_tree)
    payload_signed_info = etree.tostring(signature[0], method="c14n", exclusive=True)
    payload_signature_value = base64.b64decode(signature[1].text or "")
    receipt_canonical = etree.tostring(inputs.receipt, method="c14n", exclusive=True)
    receipt_signed_info = template.replace(
        DIGEST_PLACEHOLDER, base64.b64encode(hashlib.sha256(receipt_canonical).digest())
    )

    result = [
        Candidate(OP_VERIFY, GW_VERIFY, lambda: verify_signature(_fresh(tree)), GW_VERIFY),
        Candidate(
            OP_VERIFY,
            "(b) bare signxml `XMLVerifier().verify(root, x509_cert=cert)`",
            lambda: XMLVerifier().verify(root, x509_cert=provider_cert),
            GW_VERIFY,
        ),
    ]
    xmlsec_verify_name = "(c) python-xmlsec `SignatureContext.verify` (key from cert, loaded once)"
    xmlsec_gateway_name = "(c+) python-xmlsec behind the gateway's shape/cert checks (sketch)"
    xmlsec_sign_name = "(b) python-xmlsec `SignatureContext.sign` + serialise"
    if xmlsec is None:
        result += [
            Candidate(
                OP_VERIFY, xmlsec_verify_name, None, GW_VERIFY, f"unavailable: {xmlsec_status}"
            ),
            Candidate(OP_VERIFY, xmlsec_gateway_name, None, GW_VERIFY, "unavailable"),
        ]
    else:
        provider_key = xmlsec.Key.from_memory(_der(provider_cert), xmlsec.KeyFormat.CERT_DER)
        result += [
            Candidate(
                OP_VERIFY,
                xmlsec_verify_name,
                lambda: xmlsec_verify(xmlsec, tree, provider_key),
                GW_VERIFY,
            ),
            Candidate(
                OP_VERIFY,
                xmlsec_gateway_name,
                lambda: xmlsec_verify_as_gateway(xmlsec, tree),
                GW_VERIFY,
            ),
        ]
    result.append(
        Candidate(
            OP_VERIFY,
            "(d) floor: lxml exc-c14n + SHA-256 + RSA verify (NOT a verifier)",
            lambda: floor_verify(inputs.floor_tree, provider_public),
            GW_VERIFY,
        )
    )

    result.append(
        Candidate(OP_SIGN, GW_SIGN, lambda: sign_document(fresh_receipt(), receipt_signer), GW_SIGN)
    )
    if xmlsec is None:
        result.append(Candidate(OP_SIGN, xmlsec_sign_name, None, GW_SIGN, "unavailable"))
    else:
        signing_key = xmlsec_signing_key(xmlsec, receipt_signer)
        result.append(
            Candidate(
                OP_SIGN,
                xmlsec_sign_name,
                lambda: xmlsec_sign(xmlsec, fresh_receipt(), signing_key),
                GW_SIGN,
            )
        )
    result += [
        Candidate(
            OP_SIGN,
            "(c) floor: lxml exc-c14n + SHA-256 + ECDSA sign (NOT a signer)",
            lambda: floor_sign(fresh_receipt(), template, receipt_key),
            GW_SIGN,
        ),
        Candidate(
            OP_CRYPTO,
            "RSA-2048 PKCS#1 v1.5 SHA-256 verify of the payload's SignedInfo",
            lambda: provider_public.verify(
                payload_signature_value, payload_signed_info, padding.PKCS1v15(), hashes.SHA256()
            ),
            GW_VERIFY,
        ),
        Candidate(
            OP_CRYPTO,
            f"SHA-256 of the canonical payload ({len(payload_canonical)} bytes)",
            lambda: hashlib.sha256(payload_canonical).digest(),
            GW_VERIFY,
        ),
        Candidate(
            OP_CRYPTO,
            "ECDSA P-256 SHA-256 sign of the receipt's SignedInfo",
            lambda: receipt_key.sign(receipt_signed_info, ec.ECDSA(hashes.SHA256())),
            GW_SIGN,
        ),
        Candidate(
            OP_CRYPTO,
            f"SHA-256 of the canonical receipt ({len(receipt_canonical)} bytes)",
            lambda: hashlib.sha256(receipt_canonical).digest(),
            GW_SIGN,
        ),
        Candidate(
            "context (not crypto)",
            "deepcopy of the parsed payload (included in (a)'s figure)",
            lambda: _fresh(tree),
            GW_VERIFY,
        ),
        Candidate(
            "context (not crypto)",
            f"`parse_untrusted` of the signed payload ({len(inputs.signed_payload)} bytes)",
            lambda: parse_untrusted(inputs.signed_payload),
            GW_VERIFY,
        ),
    ]
    return result


def _canonical_without_signature(tree: etree._ElementTree) -> bytes:
    root = tree.getroot()
    signature = root[-1]
    root.remove(signature)
    try:
        return etree.tostring(root, method="c14n", exclusive=True, with_comments=False)
    finally:
        root.append(signature)


def check(inputs: Inputs, xmlsec: Any | None) -> list[str]:
    """Run every candidate's real work once and say what it proved; raise if one fails."""
    lines = []
    verified = verify_signature(_fresh(inputs.tree))
    lines.append(f"gateway verify_signature of the payload: ok (signer party {verified.party})")
    XMLVerifier().verify(inputs.tree.getroot(), x509_cert=inputs.provider.certificate)
    lines.append("bare signxml verify of the payload: ok")
    public = inputs.provider.certificate.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    floor_verify(inputs.floor_tree, public)
    lines.append("floor: c14n digest equals DigestValue and the RSA signature checks: ok")
    try:
        floor_verify(_tampered(inputs.signed_payload), public)
    except ValueError:
        lines.append("floor: tampered payload gives a digest mismatch: ok")
    else:
        raise SystemExit("floor accepted a tampered payload")
    floor_doc = assemble_floor_signature(inputs)
    verify_signature(parse_untrusted(floor_doc), expected_signer=inputs.receipt_signer.certificate)
    lines.append("floor: its receipt signature, put in a Signature, passes verify_signature: ok")
    if xmlsec is None:
        return lines
    key = xmlsec.Key.from_memory(_der(inputs.provider.certificate), xmlsec.KeyFormat.CERT_DER)
    try:
        xmlsec_verify(xmlsec, inputs.tree, key)
    except xmlsec.Error as exc:
        raise SystemExit(f"python-xmlsec FAILED to verify the gateway's payload: {exc!r}") from exc
    lines.append("python-xmlsec verify of the signxml-signed payload: ok (returned without error)")
    try:
        xmlsec_verify(xmlsec, _tampered(inputs.signed_payload), key)
    except xmlsec.VerificationError:
        lines.append("python-xmlsec verify of a tampered payload: refused (VerificationError): ok")
    else:
        raise SystemExit("python-xmlsec ACCEPTED a tampered payload: its figures mean nothing")
    signed = xmlsec_verify_as_gateway(xmlsec, inputs.tree)
    same = etree.tostring(signed, method="c14n", exclusive=True) == etree.tostring(
        verified.root, method="c14n", exclusive=True
    )
    lines.append(f"python-xmlsec sketch: its signed tree equals the gateway's: {same}")
    signing_key = xmlsec_signing_key(xmlsec, inputs.receipt_signer)
    receipt = xmlsec_sign(xmlsec, copy.deepcopy(inputs.receipt), signing_key)
    verify_signature(parse_untrusted(receipt), expected_signer=inputs.receipt_signer.certificate)
    lines.append("python-xmlsec signed receipt passes the gateway's verify_signature: ok")
    return lines


def calibrate(candidate: Candidate, block_s: float, min_iterations: int) -> None:
    fn = candidate.fn
    assert fn is not None
    for _ in range(3):
        fn()
    runs, started = 0, time.perf_counter()
    while runs < 5 or time.perf_counter() - started < block_s / 10:
        fn()
        runs += 1
    per_op = (time.perf_counter() - started) / runs
    candidate.iterations = max(min_iterations, round(block_s / per_op))


def run_rounds(measured: list[Candidate], rounds: int) -> None:
    for r in range(rounds):
        shift = r % len(measured)
        for candidate in measured[shift:] + measured[:shift]:
            fn = candidate.fn
            assert fn is not None
            n = candidate.iterations
            gc.collect()
            started = time.perf_counter()
            for _ in range(n):
                fn()
            candidate.rounds_ms.append((time.perf_counter() - started) / n * 1000)


# --- report ------------------------------------------------------------------------


def versions(xmlsec: Any | None, xmlsec_status: str) -> list[str]:
    def dotted(v: tuple[int, ...]) -> str:
        return ".".join(str(p) for p in v)

    lines = [
        f"python {platform.python_version()}",
        f"signxml {importlib.metadata.version('signxml')}",
        f"lxml {dotted(etree.LXML_VERSION)}, libxml2 {dotted(etree.LIBXML_VERSION)} "
        f"(compiled against {dotted(etree.LIBXML_COMPILED_VERSION)})",
        f"cryptography {importlib.metadata.version('cryptography')}, "
        f"{openssl_backend.openssl_version_text()}",
    ]
    if xmlsec is None:
        lines.append(f"python-xmlsec: unavailable ({xmlsec_status})")
    else:
        lines.append(
            f"python-xmlsec {importlib.metadata.version('xmlsec')}, "
            f"libxmlsec1 {dotted(xmlsec.get_libxmlsec_version())}, "
            f"its libxml2 {dotted(xmlsec.get_libxml_version())} "
            f"(compiled against {dotted(xmlsec.get_libxml_compiled_version())}); {xmlsec_status}"
        )
    return lines


def table(all_candidates: list[Candidate], rounds: int) -> list[str]:
    by_name = {c.name: c for c in all_candidates}
    lines = [
        f"| operation | candidate | ms/op (median of {rounds} rounds) | rounds min–max | "
        "iterations/round | ratio to the gateway's path |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for c in all_candidates:
        if c.fn is None:
            lines.append(f"| {c.operation} | {c.name} | {c.note} | | | |")
            continue
        base = by_name[c.baseline]
        ratio = c.median_ms / base.median_ms
        lines.append(
            f"| {c.operation} | {c.name} | {c.median_ms:.4f} | "
            f"{min(c.rounds_ms):.4f}–{max(c.rounds_ms):.4f} | {c.iterations} | {ratio:.3f}× |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--block-ms", type=float, default=150.0, help="per candidate per round")
    parser.add_argument("--min-iterations", type=int, default=20)
    args = parser.parse_args()

    xmlsec, xmlsec_status = load_xmlsec()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="xmldsig-bench-") as tmp:
        inputs = prepare(Path(tmp) / "pki")
    checks = check(inputs, xmlsec)
    all_candidates = candidates(inputs, xmlsec, xmlsec_status)
    measured = [c for c in all_candidates if c.fn is not None]
    for candidate in measured:
        calibrate(candidate, args.block_ms / 1000, args.min_iterations)
    run_rounds(measured, args.rounds)
    elapsed = time.perf_counter() - started

    print("## XML Signature candidates (bench/xmldsig_alternatives.py)\n")
    print("\n".join(table(all_candidates, args.rounds)))
    print("\nVersions:")
    print("\n".join(f"- {line}" for line in versions(xmlsec, xmlsec_status)))
    print("\nChecks before timing:")
    print("\n".join(f"- {line}" for line in checks))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\nSigned payload {len(inputs.signed_payload)} bytes (RSA-2048, agb-12345678); "
        f"{args.rounds} rounds × ~{args.block_ms:.0f} ms per candidate, order rotated per round; "
        f"{elapsed:.1f} s in all; load average {load}; {os.cpu_count()} CPUs."
    )


if __name__ == "__main__":
    main()
