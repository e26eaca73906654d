"""Messages up to the body limit pass whole: text nodes over libxml2's 10 MB default."""

from __future__ import annotations

import base64
import hashlib
import os
import re

from tests.conftest import client, example
from tests.functional.helpers import PROVIDER, ZK, check_receipt, envelope_for


def payload_with_attachment(size: int) -> bytes:
    """The attachment example with ``size`` random bytes as its PDF."""
    content = os.urandom(size)
    text = example("meerzorgplan", "valid-met-bijlage.xml").decode()
    text = re.sub(r"<Sha256>[0-9a-f]{64}</Sha256>",
                  f"<Sha256>{hashlib.sha256(content).hexdigest()}</Sha256>", text)
    text = re.sub(r"<Inhoud>[^<]*</Inhoud>",
                  f"<Inhoud>{base64.b64encode(content).decode()}</Inhoud>", text)
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
