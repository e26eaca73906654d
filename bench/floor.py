"""The crypto floor: per message, only the primitives protocol v1 forces, in a tight loop.

Receiving one message cannot cost less than: RSA-OAEP unwrap of the content key,
AES-GCM decrypt, the SHA-256 digests (BerichtDigest of the envelope and the
XMLDSig reference digest of the payload), verification of the provider's signature
(RSA PKCS#1 v1.5 with SHA-256), the receipt's signature (ECDSA P-256 with SHA-256,
the gateway's key type in the dev PKI), RSA-OAEP wrap of a fresh content key for the
zorgkantoor and AES-GCM encrypt. Everything else the gateway does is overhead
measured against this. ``cryptography`` is used directly, keys loaded once.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bench.fixtures import BenchPki, make_envelope, payload_of_size
from gateway.client import add_berichtkop
from gateway.security.keys import load_certificate
from gateway.security.xmldsig import sign_document

# rsa-oaep-mgf1p: what senders use by default and what delivery uses (SHA-1 OAEP, MGF1-SHA1).
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)  # noqa: S303
SIGNED_INFO_BYTES = 600  # a canonical SignedInfo is about this long


@dataclass(frozen=True)
class Primitives:
    """Keys and inputs for one message of a given size, prepared before timing."""

    gateway_key: rsa.RSAPrivateKey
    provider_public: rsa.RSAPublicKey
    receipt_key: ec.EllipticCurvePrivateKey
    recipient_public: rsa.RSAPublicKey
    wrapped_key: bytes
    iv: bytes
    ciphertext: bytes
    envelope: bytes
    signed_info: bytes
    signature: bytes
    receipt: bytes


def _private(path: str) -> object:
    with open(path, "rb") as handle:
        return serialization.load_pem_private_key(handle.read(), password=None)


def prepare(pki: BenchPki, payload_size: int) -> Primitives:
    """Real inputs: the signed payload as the gateway decrypts it, real keys from the PKI."""
    payload = payload_of_size(payload_size)
    envelope, kop = make_envelope(pki, payload)
    signer = pki.signer()
    signed = sign_document(add_berichtkop(payload, kop), signer)
    gateway_key = _private(str(pki.root / "gateway" / "enc.key"))
    receipt_key = _private(str(pki.root / "gateway" / "sign.key"))
    assert isinstance(gateway_key, rsa.RSAPrivateKey)
    assert isinstance(receipt_key, ec.EllipticCurvePrivateKey)
    assert isinstance(signer.private_key, rsa.RSAPrivateKey)
    content_key = os.urandom(32)
    iv = os.urandom(12)
    signed_info = os.urandom(SIGNED_INFO_BYTES)
    provider_public = signer.private_key.public_key()
    recipient = _certificate_key(pki)
    return Primitives(
        gateway_key=gateway_key,
        provider_public=provider_public,
        receipt_key=receipt_key,
        recipient_public=recipient,
        wrapped_key=gateway_key.public_key().encrypt(content_key, OAEP),
        iv=iv,
        ciphertext=AESGCM(content_key).encrypt(iv, signed, None),
        envelope=envelope,
        signed_info=signed_info,
        signature=signer.private_key.sign(signed_info, padding.PKCS1v15(), hashes.SHA256()),
        receipt=os.urandom(1200),
    )


def _certificate_key(pki: BenchPki) -> rsa.RSAPublicKey:
    key = load_certificate(pki.zk / "enc.crt").public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    return key


# --- the primitives, one function each ---------------------------------------------


def unwrap(p: Primitives) -> bytes:
    return p.gateway_key.decrypt(p.wrapped_key, OAEP)


def decrypt(p: Primitives, key: bytes) -> bytes:
    return AESGCM(key).decrypt(p.iv, p.ciphertext, None)


def digests(p: Primitives, plaintext: bytes) -> None:
    hashlib.sha256(p.envelope).digest()  # BerichtDigest
    hashlib.sha256(plaintext).digest()  # the Reference digest of the signed payload


def verify(p: Primitives) -> None:
    p.provider_public.verify(p.signature, p.signed_info, padding.PKCS1v15(), hashes.SHA256())


def sign_receipt(p: Primitives) -> bytes:
    hashlib.sha256(p.receipt).digest()
    return p.receipt_key.sign(p.signed_info, ec.ECDSA(hashes.SHA256()))


def wrap_and_encrypt(p: Primitives, plaintext: bytes) -> bytes:
    key = os.urandom(32)
    iv = os.urandom(12)
    p.recipient_public.encrypt(key, OAEP)
    return AESGCM(key).encrypt(iv, plaintext, None)


def one_message(p: Primitives) -> None:
    """Everything one message forces, in pipeline order."""
    key = unwrap(p)
    plaintext = decrypt(p, key)
    digests(p, plaintext)
    verify(p)
    sign_receipt(p)
    wrap_and_encrypt(p, plaintext)


def durable_commit_ms(directory: Path, row_bytes: int, *, min_seconds: float) -> float:
    """Not part of the floor, for context: one SQLite WAL commit with synchronous=FULL (what
    the store must do before a 202) of one row of ``row_bytes``, on this machine's disk."""
    directory.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(directory / "commit.sqlite3", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body BLOB)")
        row = os.urandom(row_bytes)

        def commit() -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (body) VALUES (?)", (row,))
            conn.execute("COMMIT")

        return _mean_ms(commit, min_seconds=min_seconds, min_runs=3)
    finally:
        conn.close()


def _mean_ms(fn: Callable[[], object], *, min_seconds: float, min_runs: int) -> float:
    fn()  # warm up
    runs = 0
    started = time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - started
        if runs >= min_runs and elapsed >= min_seconds:
            return elapsed / runs * 1000


def measure(pki: BenchPki, payload_size: int, *, min_seconds: float = 1.0) -> dict[str, float]:
    """Mean milliseconds per message for the whole floor and for each primitive."""
    p = prepare(pki, payload_size)
    key = unwrap(p)
    plaintext = decrypt(p, key)
    runs = 3 if min_seconds < 0.5 else 20
    part = min_seconds / 4
    result = {
        "total_ms": _mean_ms(lambda: one_message(p), min_seconds=min_seconds, min_runs=runs),
        "rsa_oaep_unwrap_ms": _mean_ms(lambda: unwrap(p), min_seconds=part, min_runs=runs),
        "aes_gcm_decrypt_ms": _mean_ms(lambda: decrypt(p, key), min_seconds=part, min_runs=runs),
        "sha256_digests_ms": _mean_ms(
            lambda: digests(p, plaintext), min_seconds=part, min_runs=runs
        ),
        "rsa_verify_ms": _mean_ms(lambda: verify(p), min_seconds=part, min_runs=runs),
        "ecdsa_p256_sign_ms": _mean_ms(lambda: sign_receipt(p), min_seconds=part, min_runs=runs),
        "rsa_oaep_wrap_aes_gcm_encrypt_ms": _mean_ms(
            lambda: wrap_and_encrypt(p, plaintext), min_seconds=part, min_runs=runs
        ),
    }
    result["plaintext_bytes"] = float(len(plaintext))
    result["envelope_bytes"] = float(len(p.envelope))
    return result
