"""Every request that touches a message or receipt emits one Event with who and from where."""

from __future__ import annotations

from gateway.ports import Event, EventKind
from tests.conftest import client, example
from tests.functional.helpers import PROVIDER, ZK, envelope_for


class RecordingSink:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def emit(self, event: Event) -> None:
        self.events.append(event)


async def test_services_emit_one_event_per_step_with_the_caller(start, dev_pki):
    gw = await start(dev_pki)
    sink = RecordingSink()
    gw.ctx.events = sink
    envelope, kop = envelope_for(dev_pki)
    bad, bad_kop = envelope_for(
        dev_pki, example("meerzorgplan", "invalid-GW301-onbekend-zorgprofiel.xml")
    )
    async with client(gw, dev_pki, PROVIDER) as provider:
        assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 202
        assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 200
        assert (await provider.request("POST", "/v1/berichten", body=bad)).status == 422
        assert (await provider.request("POST", "/v1/berichten", body=b"<x")).status == 400
    async with client(gw, dev_pki, ZK) as zk:
        await zk.request("GET", "/v1/postvak")
        await zk.request("GET", f"/v1/postvak/{kop.traceer_id}")
        await zk.request("DELETE", f"/v1/postvak/{kop.traceer_id}")
        await zk.request("GET", f"/v1/postvak/{bad_kop.traceer_id}")
    async with client(gw, dev_pki, PROVIDER) as provider:
        listed = (await provider.request("GET", "/v1/bevestigingen")).json()["bevestigingen"]
        first = listed[0]["bevestigingId"]
        await provider.request("GET", f"/v1/bevestigingen/{first}")
        await provider.request("DELETE", f"/v1/bevestigingen/{first}")

    seen = [(e.kind, e.outcome, e.traceer_id) for e in sink.events]
    assert seen == [
        (EventKind.RECEIVED, "GW000", kop.traceer_id),
        (EventKind.DUPLICATE, "GW000", kop.traceer_id),
        (EventKind.REJECTED, "GW301", bad_kop.traceer_id),
        (EventKind.REJECTED, "GW101", None),
        (EventKind.LISTED, "GW000", None),
        (EventKind.DOWNLOADED, "GW000", kop.traceer_id),
        (EventKind.ACKNOWLEDGED, "GW000", kop.traceer_id),
        (EventKind.DOWNLOADED, "404", bad_kop.traceer_id),
        (EventKind.RECEIPT_FETCHED, "GW000", kop.traceer_id),
        (EventKind.RECEIPT_ACKNOWLEDGED, "GW000", kop.traceer_id),
    ]
    received = sink.events[0]
    assert received.caller is not None
    assert received.caller.participant_id == "agb-12345678"
    assert len(received.caller.fingerprint) == 64
    assert received.caller.address == "127.0.0.1"
    assert received.inbox == "zk-5509"
    assert received.bericht_type == "meerzorgplan"
    assert sink.events[6].caller.participant_id == "zk-5509"
