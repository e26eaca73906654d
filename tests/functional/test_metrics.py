"""/metrics on the operations listener, scraped after real traffic over mutual TLS."""

from __future__ import annotations

import re

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from gateway.runtime import RunningGateway
from tests.conftest import client, example
from tests.functional.helpers import PROVIDER, ZK, envelope_for

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


async def scrape_text(gw: RunningGateway) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{gw.ops_port}/metrics") as resp,
    ):
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain; version=")
        return await resp.text()


def parse(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


async def test_scrape_counts_messages_stages_inboxes_and_certificates(start, dev_pki):
    gw = await start(dev_pki)
    first, kop1 = envelope_for(dev_pki)
    second, kop2 = envelope_for(dev_pki)
    bad, bad_kop = envelope_for(
        dev_pki, example("meerzorgplan", "invalid-GW301-onbekend-zorgprofiel.xml")
    )
    async with client(gw, dev_pki, PROVIDER) as provider:
        assert (await provider.request("POST", "/v1/berichten", body=first)).status == 202
        assert (await provider.request("POST", "/v1/berichten", body=second)).status == 202
        assert (await provider.request("POST", "/v1/berichten", body=bad)).status == 422
        assert (await provider.request("POST", "/v1/berichten", body=b"<x")).status == 400

    text = await scrape_text(gw)
    samples = parse(text)
    messages = "meerzorg_gateway_messages_total"
    assert value(samples, messages, type="meerzorgplan", outcome="received", code="GW000") == 2
    assert value(samples, messages, type="meerzorgplan", outcome="rejected", code="GW301") == 1
    assert value(samples, messages, type="none", outcome="rejected", code="GW101") == 1
    assert value(samples, "meerzorg_gateway_inbox_depth", inbox=ZK) == 2
    assert value(samples, "meerzorg_gateway_inbox_depth", inbox="zk-5501") == 0
    # Every request above has been answered: none in flight (the resilience tests see 1).
    assert value(samples, "meerzorg_gateway_requests_in_flight") == 0
    assert value(samples, "meerzorg_gateway_log_lines_dropped_total") == 0
    # Group commit: the requests came one after the other, so every write had a commit to
    # itself (a lone write never waits for company): two acceptances, two signed
    # rejections (and the start-up purge's writes); four audit events.
    commits = "meerzorg_gateway_store_commits_total"
    writes = "meerzorg_gateway_store_committed_writes_total"
    message_writes = value(samples, writes, store="messages")
    assert message_writes is not None
    assert message_writes >= 4
    assert value(samples, commits, store="messages") == message_writes
    assert value(samples, writes, store="audit") == 4
    assert value(samples, commits, store="audit") == 4
    oldest = value(samples, "meerzorg_gateway_inbox_oldest_age_seconds", inbox=ZK)
    assert oldest is not None
    assert oldest >= 0
    # Two Ontvangstbevestigingen and the signed rejection wait for the provider.
    assert value(samples, "meerzorg_gateway_receipts_waiting", provider=PROVIDER) == 3
    stage_count = "meerzorg_gateway_stage_seconds_count"
    assert value(samples, stage_count, stage="store") == 2
    assert value(samples, stage_count, stage="decrypt") == 3  # the GW301 was decrypted too
    for stage in ("parse", "verify", "validate", "encrypt", "receipt"):
        count = value(samples, stage_count, stage=stage)
        assert count is not None
        assert count >= 2, stage
    for role in ("tls", "encryption", "signing"):
        expiry = value(
            samples, "meerzorg_gateway_certificate_expiry_seconds", role=role, party="gateway"
        )
        assert expiry is not None
        assert expiry > 0, role
    zk_expiry = value(
        samples,
        "meerzorg_gateway_certificate_expiry_seconds",
        role="recipient_encryption",
        party=ZK,
    )
    assert zk_expiry is not None
    assert zk_expiry > 0
    crl_left = [
        v for (n, _), v in samples.items() if n == "meerzorg_gateway_crl_next_update_seconds"
    ]
    assert crl_left
    assert all(v > 0 for v in crl_left)
    assert value(samples, "meerzorg_gateway_store_up") == 1

    # No TraceerId and nothing that looks like a BSN anywhere, labels included.
    for tid in (kop1.traceer_id, kop2.traceer_id, bad_kop.traceer_id):
        assert tid not in text
    for (name, labels), _ in samples.items():
        assert name.startswith("meerzorg_gateway_"), name
        for _, label_value in labels:
            assert not _UUID.search(label_value), (name, label_value)
            assert not re.fullmatch(r"\d{9}", label_value), (name, label_value)

    # Acknowledging takes the message out of the inbox; the provider gets an Afleverbevestiging.
    async with client(gw, dev_pki, ZK) as zk:
        assert (await zk.request("DELETE", f"/v1/postvak/{kop1.traceer_id}")).status == 204
    samples = parse(await scrape_text(gw))
    assert value(samples, "meerzorg_gateway_inbox_depth", inbox=ZK) == 1
    assert value(samples, messages, type="meerzorgplan", outcome="acknowledged", code="GW000") == 1
    assert value(samples, "meerzorg_gateway_receipts_waiting", provider=PROVIDER) == 4


async def test_store_errors_are_counted(start, dev_pki):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    # A database that refuses writes: the API answers 503 and the error is counted.
    await gw.ctx.store._db.execute("PRAGMA query_only=ON")  # type: ignore[attr-defined]
    async with client(gw, dev_pki, PROVIDER) as provider:
        assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 503
    samples = parse(await scrape_text(gw))
    assert value(samples, "meerzorg_gateway_store_errors_total", source="api") == 1


async def test_two_gateways_in_one_process_keep_their_own_counts(start, dev_pki):
    one = await start(dev_pki)
    two = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    async with client(one, dev_pki, PROVIDER) as provider:
        assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 202
    key = ("meerzorg_gateway_messages_total", "meerzorgplan", "received", "GW000")
    name, bericht_type, outcome, code = key
    one_samples = parse(await scrape_text(one))
    two_samples = parse(await scrape_text(two))
    assert value(one_samples, name, type=bericht_type, outcome=outcome, code=code) == 1
    assert value(two_samples, name, type=bericht_type, outcome=outcome, code=code) is None
