"""The per-connection TLS read buffer the gateway relies on for idle-connection memory."""

from __future__ import annotations

import asyncio.sslproto

from gateway.web.handshakes import TLS_READ_BUFFER_BYTES, limit_tls_read_buffer


def test_asyncio_still_has_the_tls_read_buffer_setting():
    assert isinstance(asyncio.sslproto.SSLProtocol.max_size, int)


def test_limit_tls_read_buffer_sets_it(monkeypatch):
    monkeypatch.setattr(asyncio.sslproto.SSLProtocol, "max_size", 256 * 1024)
    limit_tls_read_buffer()
    assert asyncio.sslproto.SSLProtocol.max_size == TLS_READ_BUFFER_BYTES == 8 * 1024
