"""Retention windows, driven with a controllable clock: payload, undelivered, metadata."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gateway.cli import main
from gateway.client import verify_receipt
from gateway.devpki import DevPki, write_dev_pki
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.ports import EventKind
from gateway.services.purge import EXPIRED_CODE, run_purge
from tests.conftest import FakeClock, client, example
from tests.functional.helpers import PROVIDER, ZK, envelope_for, gateway_signer_cert, kop_for


def _payload_present(data_dir: Path, traceer_id: str) -> bool:
    with sqlite3.connect(data_dir / "gateway.sqlite3") as conn:
        row = conn.execute(
            "SELECT delivery_envelope IS NOT NULL FROM messages WHERE traceer_id = ?",
            (traceer_id,),
        ).fetchone()
    return bool(row and row[0])


def _audited(data_dir: Path, kind: EventKind) -> list[str]:
    with sqlite3.connect(data_dir / "audit.sqlite3") as conn:
        rows = conn.execute(
            "SELECT traceer_id FROM audit WHERE type = 'event' AND CAST(body AS TEXT) LIKE ? "
            "ORDER BY seq",
            (f'%"kind":"{kind.value}"%',),
        ).fetchall()
    return [r[0] for r in rows]


async def _send(gw, pki: DevPki, clock: FakeClock, *, ack: bool) -> str:  # type: ignore[no-untyped-def]
    envelope, kop = envelope_for(pki, kop=kop_for(now=clock.now()))
    async with client(gw, pki, PROVIDER) as provider:
        assert (await provider.request("POST", "/v1/berichten", body=envelope)).status == 202
    if ack:
        async with client(gw, pki, ZK) as zk:
            assert (await zk.request("DELETE", f"/v1/postvak/{kop.traceer_id}")).status == 204
    return kop.traceer_id


async def test_payload_is_purged_24_hours_after_acknowledgement(start, dev_pki: DevPki):
    clock = FakeClock()
    gw = await start(dev_pki, clock=clock)
    acked = await _send(gw, dev_pki, clock, ack=True)
    waiting = await _send(gw, dev_pki, clock, ack=False)
    clock.advance(hours=23)
    assert (await run_purge(gw.ctx)).payloads == 0
    assert _payload_present(gw.config.data_dir, acked)
    clock.advance(hours=2)
    report = await run_purge(gw.ctx)
    assert (report.payloads, report.expired, report.metadata) == (1, 0, 0)
    assert not _payload_present(gw.config.data_dir, acked)
    assert _payload_present(gw.config.data_dir, waiting)  # not acknowledged: still deliverable
    assert _audited(gw.config.data_dir, EventKind.PURGED) == [acked]


async def test_undelivered_message_expires_after_30_days_with_a_signed_notice(
    start, dev_pki: DevPki
):
    clock = FakeClock()
    gw = await start(dev_pki, clock=clock)
    traceer_id = await _send(gw, dev_pki, clock, ack=False)
    clock.advance(days=29)
    assert (await run_purge(gw.ctx)).expired == 0
    clock.advance(days=1, seconds=1)
    assert (await run_purge(gw.ctx)).expired == 1
    assert await gw.ctx.store.list_inbox(ZK, 10) == []
    assert not _payload_present(gw.config.data_dir, traceer_id)
    message, history, receipts = await gw.ctx.store.history(PROVIDER, traceer_id)
    assert message is not None
    assert message.state is MessageState.AFGEKEURD
    assert (history[-1].state, history[-1].code) == (MessageState.AFGEKEURD, EXPIRED_CODE)
    notice = receipts[-1]
    assert (notice.soort, notice.status) == (Soort.AFLEVER, Status.AFGEKEURD)
    info = verify_receipt(notice.xml, [gateway_signer_cert(dev_pki)])
    assert [m["Code"] for m in info.meldingen] == [EXPIRED_CODE]
    assert info.digest == message.delivery_sha256
    assert _audited(gw.config.data_dir, EventKind.PURGED) == [traceer_id]
    assert (await run_purge(gw.ctx)).expired == 0  # once only


async def test_metadata_is_deleted_after_a_year_and_the_audit_trail_is_kept(start, dev_pki: DevPki):
    clock = FakeClock()
    gw = await start(dev_pki, clock=clock)
    traceer_id = await _send(gw, dev_pki, clock, ack=True)
    bad, bad_kop = envelope_for(
        dev_pki,
        example("meerzorgplan", "invalid-GW301-onbekend-zorgprofiel.xml"),
        kop=kop_for(now=clock.now()),
    )
    async with client(gw, dev_pki, PROVIDER) as provider:
        assert (await provider.request("POST", "/v1/berichten", body=bad)).status == 422
    clock.advance(days=364)
    assert (await run_purge(gw.ctx)).metadata == 0
    clock.advance(days=2)
    assert (await run_purge(gw.ctx)).metadata == 2
    for tid in (traceer_id, bad_kop.traceer_id):
        assert await gw.ctx.store.history(PROVIDER, tid) == (None, [], [])
    purged = _audited(gw.config.data_dir, EventKind.PURGED)
    assert set(purged) >= {traceer_id, bad_kop.traceer_id}
    assert _audited(gw.config.data_dir, EventKind.RECEIVED) == [traceer_id]  # audit stays


async def test_the_gateway_runs_the_purge_on_its_schedule(start, dev_pki: DevPki):
    clock = FakeClock()
    gw = await start(dev_pki, clock=clock, extra_toml="[retention]\npurge_interval_seconds = 1\n")
    traceer_id = await _send(gw, dev_pki, clock, ack=True)
    clock.advance(hours=25)
    for _ in range(50):
        if not _payload_present(gw.config.data_dir, traceer_id):
            break
        await asyncio.sleep(0.1)
    assert not _payload_present(gw.config.data_dir, traceer_id)


async def test_purge_command_works_on_the_database(start, tmp_path: Path):
    # A PKI and gateway clock two days in the past: the acknowledgement is 2 days old today.
    past = datetime.now(UTC) - timedelta(days=2)
    pki = write_dev_pki(tmp_path / "old-pki", now=past - timedelta(hours=1))
    gw = await start(pki, clock=FakeClock(past))
    traceer_id = await _send(gw, pki, FakeClock(past), ack=True)
    await gw.stop()
    gw.ctx.audit = None  # stopped already
    code = await asyncio.to_thread(main, ["purge", "--config", str(gw.config.source)])
    assert code == 0
    assert not _payload_present(gw.config.data_dir, traceer_id)
    assert _audited(gw.config.data_dir, EventKind.PURGED) == [traceer_id]
    code = await asyncio.to_thread(main, ["audit", "verify", "--config", str(gw.config.source)])
    assert code == 0
