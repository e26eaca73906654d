"""A throw-away self-signed RSA key pair for unit tests that need a recipient key and
certificate but no PKI (the dev PKI lives in gateway.devpki and the dev_pki fixture)."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from gateway.security.keys import KeyPair


def self_signed_pair(common_name: str, *, key_size: int = 2048) -> KeyPair:
    """An RSA key with a self-signed certificate valid from five minutes ago for a day."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return KeyPair(cert, key)
