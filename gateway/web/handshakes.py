"""Refused TLS handshakes, made visible: "our provider cannot connect" answered from the log.

asyncio drops a failed server handshake silently, and without sending OpenSSL's alert,
so neither the operator nor the client learns why. ``ObservedSSLProtocol`` is
asyncio's own SSLProtocol with one change at the point the handshake fails: it sends
the alert (the client reads "certificate revoked", not "connection reset") and tells
``HandshakeLog``, which writes a rate-limited ``tls_handshake_rejected`` event with the
reason, the certificate's fingerprint and party code when there was one, and the peer
address, and counts every refusal by reason (``meerzorg_gateway_tls_handshakes_rejected``).

The client's certificate of a failed handshake is gone once OpenSSL refuses it; the
server context's message callback (``PeerCertificates``) keeps the first certificate of
each handshake's Certificate message for the moment the failure is reported. Both hooks
use CPython attributes that are not public API (``SSLProtocol._on_handshake_complete``,
``SSLContext._msg_callback``); tests/unit/test_handshakes.py fails when a Python release
drops them. This module is the one place for asyncio's TLS internals: the per-connection
read buffer (``SSLProtocol.max_size``, tests/unit/test_tls_buffer.py) is set here too.
"""

from __future__ import annotations

import asyncio
import asyncio.sslproto
import contextlib
import ssl
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from cryptography import x509

from gateway.metrics import TLS_REJECT_REASONS

log = structlog.get_logger("gateway.web.handshakes")

# The label values of the metric and the log's ``reason`` (a fixed set).
REASONS = TLS_REJECT_REASONS

# OpenSSL X509_V_ERR_* codes (include/openssl/x509_vfy.h) -> reason.
_VERIFY_REASONS = {
    23: "revoked",  # CERT_REVOKED
    9: "expired",  # CERT_NOT_YET_VALID: outside its validity period as well
    10: "expired",  # CERT_HAS_EXPIRED
    2: "untrusted_issuer",  # UNABLE_TO_GET_ISSUER_CERT
    7: "untrusted_issuer",  # CERT_SIGNATURE_FAILURE
    18: "untrusted_issuer",  # DEPTH_ZERO_SELF_SIGNED_CERT
    19: "untrusted_issuer",  # SELF_SIGNED_CERT_IN_CHAIN
    20: "untrusted_issuer",  # UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    21: "untrusted_issuer",  # UNABLE_TO_VERIFY_LEAF_SIGNATURE
    24: "untrusted_issuer",  # INVALID_CA
    26: "wrong_usage",  # INVALID_PURPOSE (key usage / extended key usage)
    28: "wrong_usage",  # CERT_REJECTED
    3: "crl_unavailable",  # UNABLE_TO_GET_CRL: the gateway has no CRL for the issuer
    11: "crl_unavailable",  # CRL_NOT_YET_VALID
    12: "crl_unavailable",  # CRL_HAS_EXPIRED
}
_NO_CERTIFICATE = {"PEER_DID_NOT_RETURN_A_CERTIFICATE", "CERTIFICATE_REQUIRED"}


def classify(exc: BaseException) -> tuple[str, str]:
    """(reason, detail) of a failed handshake; detail is OpenSSL's text, never data."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = exc.verify_code if isinstance(exc.verify_code, int) else -1
        return _VERIFY_REASONS.get(code, "other"), str(exc.verify_message or exc.reason)
    if isinstance(exc, ssl.SSLError):
        reason = str(exc.reason or type(exc).__name__)
        return ("no_certificate" if reason in _NO_CERTIFICATE else "other"), reason
    return "other", type(exc).__name__


# --- the client's certificate, from the handshake messages ------------------------------------

_HANDSHAKE = 22  # TLS ContentType handshake
_CERTIFICATE = 11  # HandshakeType certificate
_TLS13 = 0x0304


def first_certificate(message: bytes, tls13: bool) -> bytes | None:
    """The first (end-entity) certificate of a Certificate handshake message (RFC 8446
    4.4.2, RFC 5246 7.4.2), header included; None for an empty list or a short message."""
    at = 4  # HandshakeType (1) and length (3)
    if tls13:
        if len(message) < at + 1:
            return None
        at += 1 + message[at]  # certificate_request_context
    at += 3  # certificate_list length
    if len(message) < at + 3:
        return None
    size = int.from_bytes(message[at : at + 3], "big")
    der = message[at + 3 : at + 3 + size]
    return der if size and len(der) == size else None


class PeerCertificates:
    """The server context's message callback: keeps each handshake's client certificate
    (DER) until the connection's SSL object is gone."""

    def __init__(self) -> None:
        self._seen: weakref.WeakKeyDictionary[Any, bytes] = weakref.WeakKeyDictionary()

    def __call__(
        self,
        conn: Any,
        direction: str,
        version: int,
        content_type: int,
        msg_type: int,
        data: bytes,
    ) -> None:
        # Called for every TLS record, also after the handshake: the first test is cheap.
        if content_type != _HANDSHAKE or msg_type != _CERTIFICATE or direction != "read":
            return
        try:
            der = first_certificate(data, tls13=version == _TLS13)
            if der is not None:
                self._seen[conn] = der
        except Exception:  # noqa: BLE001 - an exception here would fail the handshake
            return

    def install(self, context: ssl.SSLContext) -> None:
        """Set as ``context``'s message callback: the C-level attribute when there is
        one (ssl.py's wrapper turns every argument of every record into an enum
        first, ~9x the cost), else the wrapper."""
        raw = getattr(getattr(ssl, "_SSLContext", None), "_msg_callback", None)
        if raw is not None and hasattr(raw, "__set__"):
            raw.__set__(context, self)
        else:
            context._msg_callback = self  # type: ignore[attr-defined]

    def of(self, ssl_object: Any) -> bytes | None:
        try:
            return self._seen.get(ssl_object)
        except TypeError:
            return None


# --- the log and the metric ----------------------------------------------------------------


@dataclass
class _Window:
    until: float
    repeated: int = 0


class HandshakeLog:
    """Counts every refused handshake; logs the first per (reason, certificate or peer
    address) each ``window`` seconds, the repeats as ``repeated`` on the next line, and
    at most ``burst`` lines per ``window`` in all (``suppressed`` counts the rest)."""

    def __init__(
        self,
        count: Callable[[str], None] | None = None,
        *,
        window: float = 60.0,
        burst: int = 50,
        max_keys: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._count = count
        self._window = window
        self._burst = burst
        self._max_keys = max_keys
        self._clock = clock
        self._keys: dict[tuple[str, str], _Window] = {}
        self._lines = 0
        self._lines_until = 0.0
        self.suppressed = 0
        self.peer_certificates = PeerCertificates()

    def rejected(self, exc: BaseException, peer: Any, der: bytes | None) -> None:
        reason, detail = classify(exc)
        if self._count is not None:
            self._count(reason)
        peer_ip = peer[0] if isinstance(peer, tuple) and peer else None
        fields: dict[str, Any] = {"reason": reason, "detail": detail[:200], "peer_ip": peer_ip}
        if der is not None:
            fields.update(_certificate_fields(der))
        key = (reason, str(fields.get("fingerprint") or peer_ip))
        now = self._clock()
        window = self._keys.get(key)
        if window is not None and now < window.until:
            window.repeated += 1
            return
        if now >= self._lines_until:
            self._lines, self._lines_until = 0, now + self._window
        if self._lines >= self._burst:
            self.suppressed += 1
            return
        self._lines += 1
        if len(self._keys) >= self._max_keys:
            self._keys = {k: w for k, w in self._keys.items() if now < w.until}
            if len(self._keys) >= self._max_keys:
                self._keys.clear()
        self._keys[key] = _Window(now + self._window)
        if window is not None and window.repeated:
            fields["repeated"] = window.repeated  # since the previous line for this key
        if self.suppressed:
            fields["suppressed"], self.suppressed = self.suppressed, 0
        if reason == "other":  # not about a certificate: scanners, old protocol versions
            log.info("tls_handshake_rejected", **fields)
        else:
            log.warning("tls_handshake_rejected", **fields)


def _certificate_fields(der: bytes) -> dict[str, Any]:
    """Fingerprint, party code and issuer of the client's certificate (no personal data:
    a participant's code and its CA's name)."""
    import hashlib

    from gateway.security.certs import party_code_of

    fields: dict[str, Any] = {"fingerprint": hashlib.sha256(der).hexdigest()}
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return fields
    party = party_code_of(cert)
    if party is not None:
        fields["party"] = str(party)
    fields["issuer"] = cert.issuer.rfc4514_string()[:200]
    return fields


# --- the protocol -----------------------------------------------------------------------------


class ObservedSSLProtocol(asyncio.sslproto.SSLProtocol):
    """asyncio's server-side TLS protocol that reports a failed handshake and sends its alert."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        app_protocol: asyncio.BaseProtocol,
        context: ssl.SSLContext,
        handshakes: HandshakeLog,
        handshake_timeout: float | None,
    ) -> None:
        super().__init__(
            loop,
            app_protocol,
            context,
            None,  # type: ignore[arg-type]  # no waiter: nobody awaits the handshake
            server_side=True,
            ssl_handshake_timeout=handshake_timeout,  # type: ignore[arg-type]  # a float is fine
        )
        self._handshakes = handshakes

    def _on_handshake_complete(self, handshake_exc: BaseException | None) -> None:
        if handshake_exc is not None:
            with contextlib.suppress(Exception):  # the connection is failing anyway
                self._process_outgoing()  # type: ignore[attr-defined]  # the alert
            transport = self._transport
            peer = transport.get_extra_info("peername") if transport is not None else None
            sslobj = self._sslobj  # type: ignore[attr-defined]
            self._handshakes.rejected(
                handshake_exc, peer, self._handshakes.peer_certificates.of(sslobj)
            )
        super()._on_handshake_complete(handshake_exc)


def observed_tls_factory(
    factory: Callable[[], asyncio.BaseProtocol],
    context: ssl.SSLContext,
    handshakes: HandshakeLog,
    handshake_timeout: float | None,
) -> Callable[[], ObservedSSLProtocol]:
    """A protocol factory for a plain ``create_server`` that does TLS itself."""
    loop = asyncio.get_running_loop()

    def make() -> ObservedSSLProtocol:
        return ObservedSSLProtocol(loop, factory(), context, handshakes, handshake_timeout)

    return make


# asyncio gives every TLS connection a 256 KiB read buffer; with many idle
# mutual-TLS connections that dominates memory (bench/README.md, "1,000 idle
# connections": 357 MiB at 256 KiB, 165 MiB at 32 KiB, 149 MiB at 16 KiB, 142 MiB
# at 8 KiB with the gateway of issue 14, each no slower for a 20 MiB upload).
# The buffer only takes ciphertext from the socket for OpenSSL's own buffers, so
# a TLS record larger than it just takes two reads. The attribute is asyncio's
# own; tests/unit/test_tls_buffer.py fails if a Python release drops it.
TLS_READ_BUFFER_BYTES = 8 * 1024


def limit_tls_read_buffer(size: int | None = None) -> None:
    """Set the per-connection TLS read buffer of this process's event loops (by default
    TLS_READ_BUFFER_BYTES, read when called: bench/server.py's experiment sets it)."""
    asyncio.sslproto.SSLProtocol.max_size = size or TLS_READ_BUFFER_BYTES
