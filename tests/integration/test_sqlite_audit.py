"""The audit store as a SQLite file: WAL, versions, and files written before versions existed.

What every backend must do is in tests/contract/test_audit_store.py.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sqlite_audit import SCHEMA_VERSION, SqliteAuditStore
from gateway.audit import AuditTrail, CheckpointPolicy, verify_records
from gateway.devpki import DevPki
from gateway.ports import Caller, Event, EventKind, SchemaMismatch
from gateway.security.keys import KeyPair, load_key_pair
from tests.conftest import FakeClock

# The schema as the gateway created it before schema versions (user_version stayed 0).
LEGACY_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        traceer_id TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        body BLOB NOT NULL,
        signature BLOB
    )
    """,
    "CREATE INDEX IF NOT EXISTS audit_trace ON audit (traceer_id)",
    "CREATE INDEX IF NOT EXISTS audit_type ON audit (type, seq)",
    """
    CREATE TABLE IF NOT EXISTS audit_subjects (
        pseudonym TEXT NOT NULL,
        seq INTEGER NOT NULL REFERENCES audit (seq)
    )
    """,
    "CREATE INDEX IF NOT EXISTS audit_subjects_pseudonym ON audit_subjects (pseudonym)",
    *(
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table}
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
        """
        for table in ("audit", "audit_subjects")
        for verb in ("UPDATE", "DELETE")
    ),
)


@pytest.fixture(scope="module")
def signer(dev_pki: DevPki) -> KeyPair:
    return load_key_pair(dev_pki.gateway_dir / "sign.crt", dev_pki.gateway_dir / "sign.key")


def _event() -> Event:
    return Event(
        EventKind.LISTED,
        "GW000",
        datetime.now(UTC),
        Caller("agb-12345678", "ab" * 32, "192.0.2.7"),
        inbox="zk-5509",
    )


def _schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT name, sql FROM sqlite_master").fetchall())


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


async def test_the_trail_file_uses_wal(tmp_path: Path, signer: KeyPair) -> None:
    path = tmp_path / "audit.sqlite3"
    store = await SqliteAuditStore.open(path, migrate=True)
    await AuditTrail(store, signer, FakeClock()).emit(_event())
    await store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert _user_version(path) == SCHEMA_VERSION == 1


async def test_a_file_from_before_schema_versions_is_version_1(
    tmp_path: Path, signer: KeyPair
) -> None:
    path = tmp_path / "audit.sqlite3"
    with sqlite3.connect(path) as conn:
        for statement in LEGACY_SCHEMA:
            conn.execute(statement)
    schema = _schema(path)
    store = await SqliteAuditStore.open(path)  # recognised: no migrate needed
    assert (store.migrated_from, store.schema_version) == (1, 1)
    trail = AuditTrail(store, signer, FakeClock(), CheckpointPolicy(every=2))
    for _ in range(3):
        await trail.emit(_event())
    await trail.close()
    assert _user_version(path) == 0  # opening without migrate writes no version
    store = await SqliteAuditStore.open(path, migrate=True)
    try:
        assert store.migrated_from == 1
        report = verify_records(await store.records(), signer.certificate, await store.high_water())
    finally:
        await store.close()
    assert report.ok, report.problems
    assert (report.events, report.records) == (3, 5)
    assert _user_version(path) == 1
    assert _schema(path) == schema  # nothing recreated


async def test_without_migrate_a_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    with pytest.raises(SchemaMismatch, match=r"audit store .* version 0, .* migrate"):
        await SqliteAuditStore.open(path)
    assert not path.exists()
