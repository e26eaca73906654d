"""Messages up to the body limit pass whole: text nodes over libxml2's 10 MB default."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import threading
from collections.abc import AsyncIterator

import aiohttp

from gateway.services import receive
from gateway.web.tls import client_context
from tests.conftest import client, example, url
from tests.functional.helpers import (
    PROVIDER,
    ZK,
    build_envelope,
    check_receipt,
    envelope_for,
    gateway_enc,
    kop_for,
    open_as,
    signer,
)


def payload_with_attachment(size: int) -> bytes:
    """The attachment example with ``size`` random bytes as its PDF."""
    content = os.urandom(size)
    text = example("meerzorgplan", "valid-met-bijlage.xml").decode()
    text = re.sub(
        r"<Sha256>[0-9a-f]{64}</Sha256>",
        f"<Sha256>{hashlib.sha256(content).hexdigest()}</Sha256>",
        text,
    )
    text = re.sub(
        r"<Inhoud>[^<]*</Inhoud>", f"<Inhoud>{base64.b64encode(content).decode()}</Inhoud>", text
    )
    return text.encode()


async def test_a_16_mib_envelope_round_trips(start, dev_pki):
    gw = await start(dev_pki)
    payload = payload_with_attachment(9 * 1024 * 1024)  # 12 MB of base64 inside the payload
    envelope, kop = envelope_for(dev_pki, payload)
    assert 15 * 2**20 < len(envelope) < 20 * 2**20
    async with client(gw, dev_pki, PROVIDER) as provider:
        resp = await provider.request("POST", "/v1/berichten", body=envelope)
        assert resp.status == 202, resp.body[:500]
        assert check_receipt(dev_pki, resp.body, envelope).status == "Geaccepteerd"
    async with client(gw, dev_pki, ZK) as zk:
        fetched = await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")
        assert fetched.status == 200
        assert len(fetched.body) > len(payload)


async def test_large_messages_have_a_lane_of_their_own(start, dev_pki):
    """Ordinary messages are not queued behind a large one (gateway/services/cpu.py)."""
    gw = await start(dev_pki)
    lanes = gw.ctx.cpu
    gate = threading.Event()
    # Hold the large lane, as a large message being decrypted and verified would.
    held = asyncio.ensure_future(lanes.run(lanes.large_from, gate.wait, 30))
    large, _ = envelope_for(dev_pki, payload_with_attachment(2 * 1024 * 1024))
    small, _ = envelope_for(dev_pki)
    assert len(large) >= lanes.large_from > len(small)
    try:
        async with client(gw, dev_pki, PROVIDER) as provider:
            waiting = asyncio.ensure_future(provider.request("POST", "/v1/berichten", body=large))
            resp = await asyncio.wait_for(provider.request("POST", "/v1/berichten", body=small), 30)
            assert resp.status == 202  # served while the large lane is busy
            assert not waiting.done()  # the large one waits for its lane
            gate.set()
            assert (await asyncio.wait_for(waiting, 60)).status == 202
    finally:
        gate.set()
        await held


async def test_a_streamed_envelope_is_delivered_byte_exact(start, dev_pki):
    """Past receive.STREAM_FROM the envelope is parsed as it arrives and its ciphertext
    decrypted in place; the addressee still gets exactly the provider's signed bytes."""
    gw = await start(dev_pki)
    kop = kop_for()
    envelope, signed = build_envelope(
        payload_with_attachment(3 * 1024 * 1024), kop, signer(dev_pki), gateway_enc(dev_pki)
    )
    assert len(envelope) > 4 * receive.STREAM_FROM
    async with client(gw, dev_pki, PROVIDER) as provider:
        resp = await provider.request("POST", "/v1/berichten", body=envelope)
        assert resp.status == 202, resp.body[:500]
        assert check_receipt(dev_pki, resp.body, envelope).status == "Geaccepteerd"
    async with client(gw, dev_pki, ZK) as zk:
        fetched = await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")
        assert fetched.status == 200
        opened = open_as(dev_pki, ZK, fetched.body, zk.identity.trust())
    assert opened.payload == signed


async def _post_chunked(gw, dev_pki, body: bytes) -> tuple[int, dict[str, str]]:
    """POST without a Content-Length (chunked), so only the streamed count can refuse it."""
    party = dev_pki.root / PROVIDER
    ssl = client_context(dev_pki.root / "ca.crt", party / "tls.crt", party / "tls.key")

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ssl)) as http,
        http.post(
            url(gw) + "/v1/berichten", data=chunks(), headers={"Content-Type": "application/xml"}
        ) as resp,
    ):
        return resp.status, await resp.json()


async def test_a_chunked_body_over_the_limit_is_refused_with_413_while_streaming(start, dev_pki):
    gw = await start(dev_pki, max_body_bytes=3 * 1024 * 1024)
    envelope, _kop = envelope_for(dev_pki, payload_with_attachment(3 * 1024 * 1024))
    assert len(envelope) > 3 * 1024 * 1024 > receive.STREAM_FROM
    status, body = await _post_chunked(gw, dev_pki, envelope)
    assert (status, body["code"]) == (413, "GW103")
