"""Messages up to the body limit pass whole: text nodes over libxml2's 10 MB default."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import threading

from tests.conftest import client, example
from tests.functional.helpers import PROVIDER, ZK, check_receipt, envelope_for


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
