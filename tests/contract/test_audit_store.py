"""The AuditStore contract, on every backend: append-only, tamper-evident, searchable, one chain."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from gateway.audit import AuditTrail, CheckpointPolicy, Pseudonymizer, verify_records
from gateway.devpki import DevPki
from gateway.ports import Caller, Event, EventKind, SchemaMismatch
from gateway.security.keys import KeyPair, load_key_pair
from tests.conftest import FakeClock
from tests.contract.backends import Backend

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


async def _filled(backend: Backend, signer: KeyPair) -> None:
    store = await backend.open_audit()
    trail = AuditTrail(store, signer, FakeClock(), CheckpointPolicy(every=2))
    await trail.emit(_event(EventKind.RECEIVED, TRACE, CLIENT, OTHER))
    await trail.emit(_event(EventKind.RECEIPT_FETCHED, TRACE))
    await trail.emit(_event(EventKind.REJECTED, REUSED, CLIENT))
    await trail.emit(_event(EventKind.RECEIVED, REUSED, OTHER))  # a rejected TraceerId reused
    await trail.emit(_event(EventKind.DOWNLOADED, TRACE, CLIENT, OTHER))
    await trail.close()


async def _verify(backend: Backend, signer: KeyPair) -> list[str]:
    store = await backend.open_audit(migrate=False)
    try:
        report = verify_records(await store.records(), signer.certificate, await store.high_water())
    finally:
        await store.close()
    return report.problems


# --- schema versions -----------------------------------------------------------------------


async def test_an_empty_database_needs_migrate(backend: Backend) -> None:
    with pytest.raises(SchemaMismatch, match=r"version 0, .* run `meerzorg-gateway migrate`"):
        await backend.open_audit(migrate=False)


async def test_migrate_then_open_without_migrate(backend: Backend, signer: KeyPair) -> None:
    first = await backend.open_audit(migrate=True)
    assert first.migrated_from == 0
    assert first.schema_version >= 1
    await first.close()
    await _filled(backend, signer)
    again = await backend.open_audit(migrate=True)  # a second migrate: nothing to do
    assert again.migrated_from == again.schema_version == first.schema_version
    assert await _verify(backend, signer) == []


async def test_two_concurrent_migrates_are_safe(backend: Backend) -> None:
    first, second = await asyncio.gather(
        backend.open_audit(migrate=True), backend.open_audit(migrate=True)
    )
    assert sorted([first.migrated_from, second.migrated_from]) == [0, first.schema_version]


@pytest.mark.parametrize("migrate", [False, True], ids=["open", "migrate"])
async def test_refuses_a_database_of_a_newer_gateway(backend: Backend, migrate: bool) -> None:
    latest = (await backend.open_audit()).schema_version
    await backend.set_version("audit", latest + 1)
    with pytest.raises(SchemaMismatch, match="too old"):
        await backend.open_audit(migrate=migrate)


# --- the trail -----------------------------------------------------------------------------


async def test_a_filled_trail_verifies(backend: Backend, signer: KeyPair) -> None:
    await _filled(backend, signer)
    assert await _verify(backend, signer) == []
    store = await backend.open_audit(migrate=False)
    assert await store.high_water() == len(await store.records()) == 8


async def test_update_and_delete_are_refused_by_the_database(
    backend: Backend, signer: KeyPair
) -> None:
    await _filled(backend, signer)
    with pytest.raises(backend.refused_error, match="append-only"):
        await backend.execute("UPDATE audit SET hash = 'x' WHERE seq = 1")
    with pytest.raises(backend.refused_error, match="append-only"):
        await backend.execute("DELETE FROM audit WHERE seq = 1")
    with pytest.raises(backend.refused_error, match="append-only"):
        await backend.execute("DELETE FROM audit_subjects")
    assert await _verify(backend, signer) == []


_CHANGE_BODY = {
    "sqlite": "UPDATE audit SET body = replace(body, 'GW000', 'GW401') WHERE seq = 1",
    "postgresql": "UPDATE audit SET body = convert_to(replace(convert_from(body, 'UTF8'), "
    "'GW000', 'GW401'), 'UTF8') WHERE seq = 1",
}


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ([_CHANGE_BODY], "does not match its hash"),
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
    backend: Backend, signer: KeyPair, statements: list[str | dict[str, str]], expected: str
) -> None:
    await _filled(backend, signer)
    await backend.tamper(*(s if isinstance(s, str) else s[backend.name] for s in statements))
    problems = await _verify(backend, signer)
    assert any(expected in p for p in problems), problems


async def test_about_finds_the_clients_events_and_no_other_clients(
    backend: Backend, signer: KeyPair
) -> None:
    await _filled(backend, signer)
    store = await backend.open_audit(migrate=False)
    found = [(r.fields()["kind"], r.fields()["traceer_id"]) for r in await store.about(CLIENT)]
    assert found == [
        ("received", TRACE),
        ("receipt_fetched", TRACE),  # names no client: belongs to the client's message
        ("rejected", REUSED),
        ("downloaded", TRACE),
    ]  # not the other client's message that reused the rejected TraceerId
    assert await store.about(P.pseudonym("123456782")) == []


async def test_two_stores_appending_at_once_make_one_chain(
    backend: Backend, signer: KeyPair
) -> None:
    """Two gateway processes share one trail: every append reads the head it extends."""
    first, second = await backend.open_audit(), await backend.open_audit(migrate=False)
    trails = [
        AuditTrail(store, signer, FakeClock(), CheckpointPolicy(every=5))
        for store in (first, second)
    ]
    await asyncio.gather(
        *(
            trail.emit(_event(EventKind.LISTED, TRACE, CLIENT))
            for _ in range(15)
            for trail in trails
        )
    )
    await trails[0].checkpoint()
    assert await _verify(backend, signer) == []
    records = await first.records()
    assert sum(r.type == "event" for r in records) == 30
    assert await second.high_water() == len(records)
