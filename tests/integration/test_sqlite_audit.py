"""The audit store on a real SQLite file: append-only, tamper-evident, searchable."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sqlite_audit import SqliteAuditStore
from gateway.audit import AuditTrail, CheckpointPolicy, Pseudonymizer, verify_records
from gateway.devpki import DevPki
from gateway.ports import Caller, Event, EventKind
from gateway.security.keys import KeyPair, load_key_pair
from tests.conftest import FakeClock

P = Pseudonymizer(bytes(range(32)))
CLIENT, OTHER = P.pseudonym("111222333"), P.pseudonym("999990019")
TRACE = "11111111-1111-4111-8111-111111111111"
REUSED = "22222222-2222-4222-8222-222222222222"


@pytest.fixture(scope="module")
def signer(dev_pki: DevPki) -> KeyPair:
    return load_key_pair(dev_pki.gateway_dir / "sign.crt", dev_pki.gateway_dir / "sign.key")


def _event(kind: EventKind, traceer_id: str, *pseudonyms: str) -> Event:
    return Event(
        kind,
        "GW000",
        datetime.now(UTC),
        Caller("agb-12345678", "ab" * 32, "192.0.2.7"),
        traceer_id=traceer_id,
        bsn_pseudonyms=tuple(pseudonyms),
    )


async def _filled(path: Path, signer: KeyPair) -> None:
    store = await SqliteAuditStore.open(path)
    trail = AuditTrail(store, signer, FakeClock(), CheckpointPolicy(every=2))
    await trail.emit(_event(EventKind.RECEIVED, TRACE, CLIENT, OTHER))
    await trail.emit(_event(EventKind.RECEIPT_FETCHED, TRACE))
    await trail.emit(_event(EventKind.REJECTED, REUSED, CLIENT))
    await trail.emit(_event(EventKind.RECEIVED, REUSED, OTHER))  # a rejected TraceerId reused
    await trail.emit(_event(EventKind.DOWNLOADED, TRACE, CLIENT, OTHER))
    await trail.close()


async def _verify(path: Path, signer: KeyPair) -> list[str]:
    store = await SqliteAuditStore.open(path)
    try:
        report = verify_records(await store.records(), signer.certificate, await store.high_water())
    finally:
        await store.close()
    return report.problems


async def test_a_filled_trail_verifies(tmp_path: Path, signer: KeyPair) -> None:
    path = tmp_path / "audit.sqlite3"
    await _filled(path, signer)
    assert await _verify(path, signer) == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_update_and_delete_are_refused_by_the_database(
    tmp_path: Path, signer: KeyPair
) -> None:
    path = tmp_path / "audit.sqlite3"
    await _filled(path, signer)
    with sqlite3.connect(path) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit SET body = x'00' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_subjects")


def _tamper(path: Path, *statements: str) -> None:
    """What someone with write access to the file can do: drop the triggers, then edit."""
    with sqlite3.connect(path) as conn:
        for trigger in ("audit_no_update", "audit_no_delete"):
            conn.execute(f"DROP TRIGGER {trigger}")
        for statement in statements:
            conn.execute(statement)


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (
            ["UPDATE audit SET body = replace(body, 'GW000', 'GW401') WHERE seq = 1"],
            "does not match its hash",
        ),
        (["DELETE FROM audit WHERE seq = 2"], "does not link"),
        (
            [
                "UPDATE audit SET seq = 100 WHERE seq = 1",
                "UPDATE audit SET seq = 1 WHERE seq = 2",
                "UPDATE audit SET seq = 2 WHERE seq = 100",
            ],
            "expected sequence number",
        ),
        (["DELETE FROM audit WHERE seq >= (SELECT max(seq) - 1 FROM audit)"], "missing"),
    ],
    ids=["changed", "removed", "reordered", "tail-removed"],
)
async def test_verify_detects_tampering(
    tmp_path: Path, signer: KeyPair, statements: list[str], expected: str
) -> None:
    path = tmp_path / "audit.sqlite3"
    await _filled(path, signer)
    _tamper(path, *statements)
    problems = await _verify(path, signer)
    assert any(expected in p for p in problems), problems


async def test_about_finds_the_clients_events_and_no_other_clients(
    tmp_path: Path, signer: KeyPair
) -> None:
    path = tmp_path / "audit.sqlite3"
    await _filled(path, signer)
    store = await SqliteAuditStore.open(path)
    try:
        found = [(r.fields()["kind"], r.fields()["traceer_id"]) for r in await store.about(CLIENT)]
    finally:
        await store.close()
    assert found == [
        ("received", TRACE),
        ("receipt_fetched", TRACE),  # names no client: belongs to the client's message
        ("rejected", REUSED),
        ("downloaded", TRACE),
    ]  # not the other client's message that reused the rejected TraceerId
