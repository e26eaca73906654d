"""Operators see one canonical line per request, with codes and ids but no client data."""

from __future__ import annotations

import json
import re

import structlog

from tests.conftest import SCHEMAS, client
from tests.functional.helpers import PROVIDER, ZK, envelope_for, kop_for

EXAMPLES = sorted(SCHEMAS.glob("*/1.0/examples/*.xml"))


def bsns_in_examples() -> set[str]:
    """Every BSN-like number the example payloads carry (valid or not)."""
    found: set[str] = set()
    for path in EXAMPLES:
        found.update(re.findall(r"(?<![0-9])[0-9]{8,9}(?![0-9])", path.read_text()))
    # AGB codes are participant identifiers, not client data.
    return found - {"12345678", "87654321"}


async def test_each_request_ends_in_one_canonical_line(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    with structlog.testing.capture_logs() as logs:
        async with client(gw, dev_pki, PROVIDER) as provider:
            assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 202
        async with client(gw, dev_pki, ZK) as zk:
            await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")
    requests = [e for e in logs if e["event"] == "request"]
    assert len(requests) == 2
    post, fetch = requests
    assert post["route"] == "/v1/berichten"
    assert post["peer"] == "agb-12345678"
    assert post["traceer_id"] == kop.traceer_id
    assert post["bericht_type"] == "meerzorgplan"
    assert post["code"] == "GW000"
    assert post["status"] == 202
    assert post["duration_ms"] > 0
    # Routes are templates: a TraceerId travels in its own field, never in the route.
    assert fetch["route"] == "/v1/postvak/{traceerId}"
    assert fetch["peer"] == "zk-5509"


async def test_no_bsn_reaches_the_logs_for_any_example(start, dev_pki):
    """Every example, valid or rejected (schema errors on Bsn fields included)."""
    gw = await start(dev_pki)
    with structlog.testing.capture_logs() as logs:
        async with client(gw, dev_pki, PROVIDER) as provider:
            for path in EXAMPLES:
                bericht_type = path.parts[-4]
                envelope, _ = envelope_for(dev_pki, path.read_bytes(), kop=kop_for(bericht_type))
                resp = await provider.request("POST", "/v1/berichten", body=envelope)
                assert resp.status in (202, 422), path.name
    dumped = json.dumps(logs, default=str)
    leaked = {bsn for bsn in bsns_in_examples() if bsn in dumped}
    assert not leaked
    codes = {e.get("code") for e in logs if e["event"] == "request"}
    assert {"GW000", "GW301", "GW401"} <= codes
