"""The audit trail's pure parts: pseudonyms, the hash chain, signed checkpoints, verify."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from gateway.audit import (
    AuditHead,
    AuditRecord,
    AuditTrail,
    Builder,
    CheckpointPolicy,
    Pseudonymizer,
    canonical,
    chain_hash,
    sign_hash,
    verify_records,
)
from gateway.config import ConfigError, load_gateway_config
from gateway.devpki import DevPki, GatewayConfigSpec, render_gateway_toml
from gateway.ports import Caller, Event, EventKind
from gateway.security.keys import KeyPair, load_key_pair
from tests.conftest import FakeClock

KEY = bytes(range(32))
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class MemoryAuditStore:
    """An AuditStore in a list (the SQLite one is tested in tests/integration)."""

    def __init__(self) -> None:
        self.rows: list[AuditRecord] = []

    async def append(self, build: Builder) -> list[AuditRecord]:
        head = AuditHead()
        if self.rows:
            checkpoints = [r for r in self.rows if r.signature is not None]
            last_cp = checkpoints[-1] if checkpoints else None
            head = AuditHead(
                self.rows[-1].seq,
                self.rows[-1].hash,
                self.rows[-1].seq - (last_cp.seq if last_cp else 0),
                datetime.fromisoformat(last_cp.fields()["at"]) if last_cp else None,
            )
        records = list(build(head))
        self.rows += records
        return records

    async def records(self) -> list[AuditRecord]:
        return list(self.rows)

    async def about(self, pseudonym: str) -> list[AuditRecord]:
        return [r for r in self.rows if pseudonym in r.fields().get("bsn_pseudonyms", [])]

    async def high_water(self) -> int:
        return self.rows[-1].seq if self.rows else 0

    async def close(self) -> None:
        return None


@pytest.fixture(scope="module")
def signer(dev_pki: DevPki) -> KeyPair:
    return load_key_pair(dev_pki.gateway_dir / "sign.crt", dev_pki.gateway_dir / "sign.key")


def _event(n: int, pseudonyms: tuple[str, ...] = ()) -> Event:
    caller = Caller("agb-12345678", "ab" * 32, "192.0.2.1")
    return Event(
        EventKind.RECEIVED,
        "GW000",
        T0 + timedelta(seconds=n),
        caller,
        traceer_id=f"00000000-0000-4000-8000-{n:012d}",
        bsn_pseudonyms=pseudonyms,
    )


async def _trail(signer: KeyPair, events: int, every: int = 3) -> MemoryAuditStore:
    store = MemoryAuditStore()
    trail = AuditTrail(store, signer, FakeClock(T0), CheckpointPolicy(every=every))
    for n in range(events):
        await trail.emit(_event(n))
    return store


def test_pseudonym_is_keyed_stable_and_not_the_bsn() -> None:
    p = Pseudonymizer(KEY)
    assert p.pseudonym("111222333") == p.pseudonym(" 111222333 ")
    assert p.pseudonym("111222333") != Pseudonymizer(bytes(32)).pseudonym("111222333")
    assert "111222333" not in p.pseudonym("111222333")
    assert len(p.pseudonym("111222333")) == 64
    assert p.pseudonyms(["999990019", "111222333", "111222333"]) == tuple(
        sorted({p.pseudonym("111222333"), p.pseudonym("999990019")})
    )


def test_pseudonym_key_must_be_long_enough(tmp_path) -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Pseudonymizer(b"short")
    (tmp_path / "audit.key").write_text("zz")
    with pytest.raises(ValueError, match="hex"):
        Pseudonymizer.from_file(tmp_path / "audit.key")


async def test_checkpoints_every_n_events_and_verify_passes(signer: KeyPair) -> None:
    store = await _trail(signer, 7, every=3)
    kinds = [r.type for r in store.rows]
    assert kinds == ["event"] * 3 + ["checkpoint"] + ["event"] * 3 + ["checkpoint", "event"]
    report = verify_records(store.rows, signer.certificate)
    assert report.ok, report.problems
    assert (report.events, report.checkpoints, report.unsigned_tail) == (7, 2, 1)


async def test_close_signs_the_tail(signer: KeyPair) -> None:
    store = MemoryAuditStore()
    trail = AuditTrail(store, signer, FakeClock(T0), CheckpointPolicy(every=100))
    await trail.emit(_event(1))
    await trail.close()
    assert [r.type for r in store.rows] == ["event", "checkpoint"]
    assert verify_records(store.rows, signer.certificate).unsigned_tail == 0


async def test_checkpoint_after_the_interval(signer: KeyPair) -> None:
    store = MemoryAuditStore()
    clock = FakeClock(T0)
    trail = AuditTrail(store, signer, clock, CheckpointPolicy(every=1000, interval=timedelta(1)))
    await trail.emit(_event(1))
    await trail.checkpoint()  # the first checkpoint starts the clock
    await trail.emit(_event(2))
    clock.advance(days=2)
    await trail.emit(_event(3))
    assert [r.type for r in store.rows][-1] == "checkpoint"


async def test_verify_detects_a_changed_event(signer: KeyPair) -> None:
    store = await _trail(signer, 6)
    rows = store.rows
    body = rows[1].body.replace(b'"GW000"', b'"GW401"')
    rows[1] = replace(rows[1], body=body)
    problems = verify_records(rows, signer.certificate).problems
    assert any("does not match its hash" in p for p in problems)
    # Rewriting the hashes from there on breaks the checkpoint signature instead.
    prev = rows[0].hash
    for i in range(1, len(rows)):
        rows[i] = replace(rows[i], prev_hash=prev, hash=chain_hash(prev, rows[i].body))
        prev = rows[i].hash
    problems = verify_records(rows, signer.certificate).problems
    assert problems
    assert all("signature" in p for p in problems)


async def test_verify_detects_removed_and_reordered_events(signer: KeyPair) -> None:
    store = await _trail(signer, 6)
    removed = store.rows[:2] + store.rows[3:]
    assert not verify_records(removed, signer.certificate).ok
    swapped = [store.rows[1], store.rows[0], *store.rows[2:]]
    assert not verify_records(swapped, signer.certificate).ok


async def test_verify_detects_a_removed_tail_by_the_high_water_mark(signer: KeyPair) -> None:
    store = await _trail(signer, 5)
    high = store.rows[-1].seq
    report = verify_records(store.rows[:-2], signer.certificate, high_water=high)
    assert any("missing" in p for p in report.problems)


async def test_verify_refuses_a_checkpoint_signed_by_another_key(
    signer: KeyPair, dev_pki: DevPki
) -> None:
    other = load_key_pair(dev_pki.gateway_dir / "tls.crt", dev_pki.gateway_dir / "tls.key")
    store = await _trail(other, 3, every=3)
    report = verify_records(store.rows, signer.certificate)
    assert report.problems == ["record 4: checkpoint signed by an unknown certificate"]
    # Naming a known signer does not help a signature made with another key.
    report = verify_records(store.rows, [signer.certificate, other.certificate])
    assert report.ok
    forged = [
        replace(r, signature=sign_hash(other, r.hash)) if r.signature else r
        for r in (await _trail(signer, 3, every=3)).rows
    ]
    report = verify_records(forged, [signer.certificate, other.certificate])
    assert report.problems == ["record 4: checkpoint signature is not valid"]


async def test_verify_accepts_a_trail_signed_across_a_signing_key_rollover(
    signer: KeyPair, dev_pki: DevPki
) -> None:
    """Checkpoints name their signer; verify takes every configured signing certificate."""
    new = load_key_pair(dev_pki.gateway_dir / "tls.crt", dev_pki.gateway_dir / "tls.key")
    store = MemoryAuditStore()
    before = AuditTrail(store, signer, FakeClock(T0), CheckpointPolicy(every=2))
    for n in range(4):
        await before.emit(_event(n))
    after = AuditTrail(store, new, FakeClock(T0), CheckpointPolicy(every=2))
    for n in range(4, 8):
        await after.emit(_event(n))
    assert verify_records(store.rows, [signer.certificate, new.certificate]).ok
    only_new = verify_records(store.rows, [new.certificate])
    assert only_new.problems
    assert all("unknown certificate" in p for p in only_new.problems)


def test_records_are_canonical_json() -> None:
    assert canonical({"b": 1, "a": "é"}) == b'{"a":"\\u00e9","b":1}'


def _toml(dev_pki: DevPki, name: str, **changes: object) -> str:
    path = dev_pki.root / name
    spec = replace(GatewayConfigSpec(), **changes)  # type: ignore[arg-type]
    path.write_text(render_gateway_toml(spec))
    return str(path)


def test_config_requires_the_audit_secret_and_five_years(dev_pki: DevPki) -> None:
    from pathlib import Path

    config = load_gateway_config(Path(_toml(dev_pki, "gw-audit-ok.toml")))
    assert config.audit.secret_file == dev_pki.root.resolve() / "audit.key"
    assert config.retention.payload_hours == 24
    assert config.retention.undelivered_days == 30
    assert config.retention.metadata_days == 365
    assert config.retention.audit_days >= 5 * 365
    text = render_gateway_toml().replace('secret_file = "audit.key"', "checkpoint_every = 5")
    (dev_pki.root / "gw-audit-missing.toml").write_text(text)
    with pytest.raises(ConfigError, match="secret_file is required"):
        load_gateway_config(dev_pki.root / "gw-audit-missing.toml")
    short = _toml(dev_pki, "gw-audit-short.toml", extra_toml="[retention]\naudit_days = 365\n")
    with pytest.raises(ConfigError, match="at least"):
        load_gateway_config(Path(short))
