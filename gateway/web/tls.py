"""The server's TLS context (protocol 2): TLS 1.2+, client certificate required."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Sequence
from pathlib import Path

# Forward-secret AEAD suites only for TLS 1.2; TLS 1.3 suites are all AEAD and FS.
TLS12_CIPHERS = ":".join(
    [
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
    ]
)


def server_context(
    certificate: Path, key: Path, anchors: Sequence[Path], crls: Sequence[Path]
) -> ssl.SSLContext:
    """Mutual TLS: the chain and the leaf's CRL are checked in the handshake; the
    gateway checks the certificate again per request against the current CRLs."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers(TLS12_CIPHERS)
    ctx.options |= ssl.OP_NO_COMPRESSION | ssl.OP_CIPHER_SERVER_PREFERENCE | ssl.OP_NO_RENEGOTIATION
    ctx.load_cert_chain(certificate, key)
    ctx.verify_mode = ssl.CERT_REQUIRED
    for anchor in anchors:
        ctx.load_verify_locations(cafile=str(anchor))
    for crl in crls:
        ctx.load_verify_locations(cafile=str(crl))
    ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF | ssl.VERIFY_X509_STRICT
    return ctx


class ReloadableServerContext:
    """A server TLS context whose trust (anchors, CRLs) can be replaced while serving.

    asyncio keeps the context a listener was created with; its SNI callback,
    called for every ClientHello (with or without a server name), moves the
    connection to the current context before the client certificate is checked.
    """

    def __init__(
        self,
        certificate: Path,
        key: Path,
        anchors: Sequence[Path],
        crls: Sequence[Path],
        *,
        configure: Callable[[ssl.SSLContext], None] | None = None,
    ) -> None:
        # ``configure`` is applied to every context made (the listener's and each
        # reload's): gateway/web/handshakes.py installs its message callback there.
        self._files = (certificate, key)
        self._configure = configure
        self.current = self._make(anchors, crls)
        self.listener = self._make(anchors, crls)
        self.listener.sni_callback = self._select

    def _make(self, anchors: Sequence[Path], crls: Sequence[Path]) -> ssl.SSLContext:
        ctx = server_context(*self._files, anchors, crls)
        if self._configure is not None:
            self._configure(ctx)
        return ctx

    def _select(
        self, connection: ssl.SSLObject, server_name: str | None, listener: ssl.SSLContext
    ) -> None:
        connection.context = self.current

    def reload(self, anchors: Sequence[Path], crls: Sequence[Path]) -> None:
        """Build a context from the files now on disk; raises (keeping the old one) on error."""
        self.current = self._make(anchors, crls)


def client_context(ca: Path, certificate: Path, key: Path) -> ssl.SSLContext:
    """For our own client commands: verify the gateway, present our certificate."""
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca))
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(certificate, key)
    return ctx
