"""gateway/web/handshakes.py without sockets: reasons, the certificate from a handshake
message, the rate limit of the log, and the CPython hooks it relies on."""

from __future__ import annotations

import asyncio.sslproto
import hashlib
import ssl

import pytest
import structlog
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.devpki import DevPki
from gateway.metrics import TLS_REJECT_REASONS
from gateway.security.keys import load_certificate
from gateway.web.handshakes import REASONS, HandshakeLog, classify, first_certificate


def verify_error(code: int, message: str) -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_code = code
    error.verify_message = message
    error.reason = "CERTIFICATE_VERIFY_FAILED"
    return error


def ssl_error(reason: str) -> ssl.SSLError:
    error = ssl.SSLError(1, reason)
    error.reason = reason
    return error


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (verify_error(23, "certificate revoked"), "revoked"),
        (verify_error(10, "certificate has expired"), "expired"),
        (verify_error(9, "certificate is not yet valid"), "expired"),
        (verify_error(20, "unable to get local issuer certificate"), "untrusted_issuer"),
        (verify_error(18, "self-signed certificate"), "untrusted_issuer"),
        (verify_error(26, "unsupported certificate purpose"), "wrong_usage"),
        (verify_error(3, "unable to get certificate CRL"), "crl_unavailable"),
        (verify_error(12, "CRL has expired"), "crl_unavailable"),
        (verify_error(95, "something new"), "other"),
        (ssl_error("PEER_DID_NOT_RETURN_A_CERTIFICATE"), "no_certificate"),
        (ssl_error("UNSUPPORTED_PROTOCOL"), "other"),
        (ssl_error("HTTP_REQUEST"), "other"),
        (ConnectionResetError(), "other"),
    ],
)
def test_classify(error: BaseException, reason: str) -> None:
    assert classify(error)[0] == reason
    assert reason in REASONS


def test_the_metric_and_the_log_use_the_same_reasons() -> None:
    assert tuple(TLS_REJECT_REASONS) == REASONS


def _certificate_message(der: bytes, tls13: bool) -> bytes:
    entry = len(der).to_bytes(3, "big") + der + (b"\x00\x00" if tls13 else b"")
    body = (b"\x00" if tls13 else b"") + len(entry).to_bytes(3, "big") + entry
    return b"\x0b" + len(body).to_bytes(3, "big") + body


@pytest.mark.parametrize("tls13", [False, True])
def test_first_certificate_of_a_certificate_message(dev_pki: DevPki, tls13: bool) -> None:
    der = load_certificate(dev_pki.root / "agb-12345678" / "tls.crt").public_bytes(Encoding.DER)
    assert first_certificate(_certificate_message(der, tls13), tls13) == der
    empty = b"\x0b\x00\x00\x04\x00\x00\x00\x00" if tls13 else b"\x0b\x00\x00\x03\x00\x00\x00"
    assert first_certificate(empty, tls13) is None
    assert first_certificate(_certificate_message(der, tls13)[:100], tls13) is None


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_one_line_per_certificate_and_reason_per_window_and_every_one_counted(
    dev_pki: DevPki,
) -> None:
    der = load_certificate(dev_pki.root / "agb-12345678" / "tls.crt").public_bytes(Encoding.DER)
    counted: list[str] = []
    clock = Clock()
    handshakes = HandshakeLog(counted.append, window=60, clock=clock)
    revoked = verify_error(23, "certificate revoked")
    with structlog.testing.capture_logs() as logs:
        for _ in range(5):
            handshakes.rejected(revoked, ("192.0.2.7", 50000), der)
        handshakes.rejected(ssl_error("PEER_DID_NOT_RETURN_A_CERTIFICATE"), ("192.0.2.8", 1), None)
        clock.now = 61
        handshakes.rejected(revoked, ("192.0.2.7", 50001), der)
    assert counted == ["revoked"] * 5 + ["no_certificate", "revoked"]
    assert [(e["reason"], e.get("repeated")) for e in logs] == [
        ("revoked", None),
        ("no_certificate", None),
        ("revoked", 4),
    ]
    first = logs[0]
    assert first["fingerprint"] == hashlib.sha256(der).hexdigest()
    assert first["party"] == "AGB-12345678"
    assert first["peer_ip"] == "192.0.2.7"
    assert first["detail"] == "certificate revoked"
    assert first["log_level"] == "warning"
    assert "Meerzorg Dev CA" in first["issuer"]


def test_a_flood_of_addresses_is_capped_and_the_cap_is_reported() -> None:
    clock = Clock()
    handshakes = HandshakeLog(window=60, burst=3, clock=clock)
    with structlog.testing.capture_logs() as logs:
        for i in range(10):
            handshakes.rejected(ssl_error("HTTP_REQUEST"), (f"198.51.100.{i}", 1), None)
        clock.now = 60
        handshakes.rejected(ssl_error("HTTP_REQUEST"), ("203.0.113.1", 1), None)
    assert len(logs) == 4
    assert logs[-1]["suppressed"] == 7
    assert all(e["log_level"] == "info" for e in logs)  # "other": not about a certificate


def test_the_cpython_hooks_are_still_there() -> None:
    """Private CPython attributes handshakes.py uses; a Python release that drops them
    must fail here, not silently stop reporting."""
    assert callable(asyncio.sslproto.SSLProtocol._on_handshake_complete)
    assert callable(asyncio.sslproto.SSLProtocol._process_outgoing)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context._msg_callback = lambda *args: None
    assert context._msg_callback is not None
    handshakes = HandshakeLog()
    handshakes.peer_certificates.install(context)
    assert ssl._SSLContext._msg_callback.__get__(context) is handshakes.peer_certificates
