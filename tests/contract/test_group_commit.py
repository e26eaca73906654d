"""Group commit on every backend (adapters/groupcommit.py): concurrent writes share a commit.

What one durable commit makes durable is what each caller was promised alone:
everything of an acceptance, and an audit chain without gaps. These tests count
commits with the adapters' ``commit_stats`` (one batch is one BEGIN … COMMIT);
the crash tests (tests/resilience/test_crash_safety.py) prove that nothing
answered is lost when the process dies between commits.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from gateway.audit import AuditTrail, CheckpointPolicy, verify_records
from gateway.devpki import DevPki
from gateway.domain.errors import IdentificatieConflict
from gateway.ports import Caller, Event, EventKind
from gateway.security.keys import KeyPair, load_key_pair
from tests.conftest import FakeClock
from tests.contract.backends import Backend
from tests.storedata import new_message as _message
from tests.storedata import new_receipt as _receipt


@pytest.fixture(scope="module")
def signer(dev_pki: DevPki) -> KeyPair:
    return load_key_pair(dev_pki.gateway_dir / "sign.crt", dev_pki.gateway_dir / "sign.key")


def _stats(store: Any) -> tuple[int, int]:
    return store.commit_stats.batches, store.commit_stats.operations


async def test_concurrent_acceptances_share_one_commit(backend: Backend) -> None:
    """Forty acceptances queued before the first transaction starts: one BEGIN … COMMIT."""
    store = await backend.open_store()
    messages = [_message() for _ in range(40)]
    before = _stats(store)
    results = await asyncio.gather(
        *(store.accept(m, _receipt(m.traceer_id, owner=m.sender)) for m in messages)
    )
    assert results == [None] * 40
    batches, operations = _stats(store)
    assert (batches - before[0], operations - before[1]) == (1, 40)
    assert await backend.count("messages") == 40
    assert await backend.count("receipts") == 40
    assert await backend.count("events") == 80
    for m in messages:
        found = await store.find_message(m.traceer_id)
        assert found is not None
        assert found.sender == m.sender


async def test_a_refused_write_in_a_batch_leaves_the_others(backend: Backend) -> None:
    """An identification clash is rolled back alone; its batch neighbours commit."""
    store = await backend.open_store()
    first = _message(bericht_type="iwlz-aw35", identificatie="AW35-9")
    assert await store.accept(first, _receipt(first.traceer_id)) is None
    clash = _message(bericht_type="iwlz-aw35", identificatie="AW35-9", body=b"<anders/>")
    clash_receipt = _receipt(clash.traceer_id)
    good = [_message() for _ in range(4)]
    calls = [store.accept(m, _receipt(m.traceer_id)) for m in good[:2]]
    calls.append(store.accept(clash, clash_receipt))
    calls += [store.accept(m, _receipt(m.traceer_id)) for m in good[2:]]
    before = _stats(store)

    results = await asyncio.gather(*calls, return_exceptions=True)

    assert [type(r).__name__ for r in results] == [
        "NoneType",
        "NoneType",
        IdentificatieConflict.__name__,
        "NoneType",
        "NoneType",
    ]
    assert _stats(store)[0] - before[0] == 1
    assert await store.find_message(clash.traceer_id) is None
    assert await store.get_receipt_xml(clash_receipt.bevestiging_id) is None
    for m in good:
        assert await store.find_message(m.traceer_id) is not None
    assert await backend.count("messages") == 5
    assert await backend.count("receipts") == 5
    assert await backend.count("events") == 10


async def test_a_resubmission_in_the_same_batch_is_the_original(backend: Backend) -> None:
    """The same TraceerId twice in one batch: stored once, the second call gets the first."""
    store = await backend.open_store()
    message = _message()
    first, second = await asyncio.gather(
        store.accept(message, _receipt(message.traceer_id)),
        store.accept(message, _receipt(message.traceer_id)),
    )
    assert first is None
    assert second is not None
    assert second.traceer_id == message.traceer_id
    assert await backend.count("messages") == 1


async def test_concurrent_audit_appends_share_a_commit_and_make_one_chain(
    backend: Backend, signer: KeyPair
) -> None:
    """Each append in a batch reads the head the one before it wrote: the chain verifies."""
    store = await backend.open_audit()
    trail = AuditTrail(store, signer, FakeClock(), CheckpointPolicy(every=7))
    before = _stats(store)
    caller = Caller("agb-12345678", "ab" * 32, "192.0.2.7")
    events = [
        Event(EventKind.RECEIVED, "GW000", datetime.now(UTC), caller, traceer_id=f"t-{i}")
        for i in range(30)
    ]

    await asyncio.gather(*(trail.emit(e) for e in events))

    batches, operations = _stats(store)
    assert batches - before[0] < operations - before[1]
    records = await store.records()
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    traced = {r.fields().get("traceer_id") for r in records}
    assert {f"t-{i}" for i in range(30)} <= traced
    report = verify_records(records, signer.certificate, await store.high_water())
    assert report.problems == []
