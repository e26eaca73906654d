"""Building envelopes for functional tests, the way a provider system would."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509

from gateway.client import ReceiptInfo, build_envelope, new_kop, verify_receipt
from gateway.devpki import DevPki
from gateway.domain.envelope import Kop
from gateway.security.keys import KeyPair, load_certificate, load_key_pair
from tests.conftest import SCHEMAS

PROVIDER = "agb-12345678"
PROVIDER_AGB = "12345678"
OTHER_PROVIDER = "agb-87654321"
ZK = "zk-5509"
OTHER_ZK = "zk-5501"

TYPES = ("meerzorgplan", "evaluatie-groepsmeerzorg")

XML = "application/xml"
DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"
NSMAP = {"ds": DS, "xenc": XENC}


def valid_examples(bericht_type: str) -> list[Path]:
    return sorted((SCHEMAS / bericht_type / "1.0" / "examples").glob("valid-*.xml"))


def first_valid(bericht_type: str = "meerzorgplan") -> bytes:
    return valid_examples(bericht_type)[0].read_bytes()


def signer(pki: DevPki, party: str = PROVIDER) -> KeyPair:
    d = pki.root / party
    return load_key_pair(d / "sign.crt", d / "sign.key")


def gateway_enc(pki: DevPki) -> x509.Certificate:
    return load_certificate(pki.root / "gateway" / "enc.crt")


def gateway_signer_cert(pki: DevPki) -> x509.Certificate:
    return load_certificate(pki.root / "gateway" / "sign.crt")


def kop_for(
    bericht_type: str = "meerzorgplan",
    *,
    afzender: str = PROVIDER_AGB,
    geadresseerde: str = "5509",
    now: datetime | None = None,
    **changes: object,
) -> Kop:
    kop = new_kop(
        bericht_type=bericht_type,
        afzender=afzender,
        geadresseerde=geadresseerde,
        now=now or datetime.now(UTC),
    )
    return replace(kop, **changes)  # type: ignore[arg-type]


def envelope_for(
    pki: DevPki,
    payload: bytes | None = None,
    *,
    kop: Kop | None = None,
    party: str = PROVIDER,
    recipient: x509.Certificate | None = None,
) -> tuple[bytes, Kop]:
    kop = kop or kop_for()
    payload = payload if payload is not None else first_valid(kop.bericht_type)
    envelope, _signed = build_envelope(
        payload, kop, signer(pki, party), recipient or gateway_enc(pki)
    )
    return envelope, kop


def check_receipt(pki: DevPki, body: bytes, envelope: bytes) -> ReceiptInfo:
    """Verify a receipt as a provider must: signature by the gateway, digest of what we sent."""
    info = verify_receipt(body, [gateway_signer_cert(pki)])
    assert info.digest == hashlib.sha256(envelope).digest()
    return info


def codes(info: ReceiptInfo) -> list[str]:
    return [m["Code"] for m in info.meldingen]
