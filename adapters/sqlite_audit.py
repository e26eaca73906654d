"""The audit store on its own SQLite file: append-only (triggers refuse UPDATE and DELETE).

Separate from the message store and from the operator logs: a different file
with a different life (kept at least 5 years, never purged by the gateway).
WAL with ``synchronous=FULL``: an event is durable before the answer it
records is sent. Each append reads the chain's head inside ``BEGIN
IMMEDIATE``, so the gateway and ``meerzorg-gateway purge`` may append at once.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from adapters.groupcommit import BatchStats
from adapters.rows import AUDIT_COLUMNS, audit_record_from_row
from adapters.sqlite_common import SqliteConnection, open_versioned, user_version
from gateway.audit import (
    CHECKPOINT,
    AuditHead,
    AuditRecord,
    AuditUnavailable,
    Builder,
    concerning,
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the hash-chained records, who they name, and triggers that refuse changes
    (
        """
        CREATE TABLE audit (
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
        "CREATE INDEX audit_trace ON audit (traceer_id)",
        "CREATE INDEX audit_type ON audit (type, seq)",
        """
        CREATE TABLE audit_subjects (
            pseudonym TEXT NOT NULL,
            seq INTEGER NOT NULL REFERENCES audit (seq)
        )
        """,
        "CREATE INDEX audit_subjects_pseudonym ON audit_subjects (pseudonym)",
        *(
            f"""
            CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
            """
            for table in ("audit", "audit_subjects")
            for verb in ("UPDATE", "DELETE")
        ),
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _audit_version(conn: sqlite3.Connection) -> int:
    """``user_version``; a file of a gateway that did not record it yet has the tables of 1."""
    version = user_version(conn)
    if version == 0:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'"
        ).fetchone()
        if found is not None:
            return 1
    return version


def _head(conn: sqlite3.Connection) -> AuditHead:
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    if last is None:
        return AuditHead()
    checkpoint = conn.execute(
        "SELECT seq, at FROM audit WHERE type = ? ORDER BY seq DESC LIMIT 1", (CHECKPOINT,)
    ).fetchone()
    checkpoint_seq = int(checkpoint[0]) if checkpoint else 0
    return AuditHead(
        seq=int(last[0]),
        hash=str(last[1]),
        events_since_checkpoint=int(last[0]) - checkpoint_seq,
        last_checkpoint_at=datetime.fromisoformat(checkpoint[1]) if checkpoint else None,
    )


def _append(build: Builder, conn: sqlite3.Connection) -> list[AuditRecord]:
    """Inside the write transaction: the head read and the records written under one lock."""
    records = list(build(_head(conn)))
    for record in records:
        fields = record.fields()
        conn.execute(
            "INSERT INTO audit (seq, type, at, traceer_id, prev_hash, hash, body, "
            "signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.seq,
                fields["type"],
                fields["at"],
                fields.get("traceer_id"),
                record.prev_hash,
                record.hash,
                record.body,
                record.signature,
            ),
        )
        conn.executemany(
            "INSERT INTO audit_subjects (pseudonym, seq) VALUES (?, ?)",
            [(p, record.seq) for p in fields.get("bsn_pseudonyms", [])],
        )
    return records


class SqliteAuditStore:
    """AuditStore on one SQLite file (``data_dir/audit.sqlite3``).

    Its connection lives on a thread of its own (adapters/sqlite_common.py): an
    append, the chain head read and the records written, is one hop.
    """

    def __init__(self, db: SqliteConnection, path: Path, *, migrated_from: int) -> None:
        self._db = db
        self.path = path
        self.schema_version = SCHEMA_VERSION
        self.migrated_from = migrated_from  # the version found at open (before migrating)

    @classmethod
    async def open(
        cls, path: Path, *, busy_timeout_ms: int = 5000, migrate: bool = False
    ) -> SqliteAuditStore:
        """Open the trail; ``migrate`` first applies pending migrations, as for the messages.

        Without ``migrate`` a schema behind SCHEMA_VERSION (a new file too) raises
        SchemaMismatch, and so does a newer one in any case.
        """
        db, found = await open_versioned(
            path,
            f"audit store {path}",
            MIGRATIONS,
            busy_timeout_ms=busy_timeout_ms,
            migrate=migrate,
            read_version=_audit_version,
        )
        return cls(db, path, migrated_from=found)

    async def append(self, build: Builder) -> list[AuditRecord]:
        try:
            return await self._db.transaction(partial(_append, build))
        except sqlite3.Error as exc:
            raise AuditUnavailable(str(exc)) from exc

    async def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return await self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise AuditUnavailable(str(exc)) from exc

    async def records(self) -> list[AuditRecord]:
        return [
            audit_record_from_row(r)
            for r in await self._all(f"SELECT {AUDIT_COLUMNS} FROM audit ORDER BY seq")
        ]

    async def about(self, pseudonym: str) -> list[AuditRecord]:
        rows = await self._all(
            f"SELECT {AUDIT_COLUMNS} FROM audit WHERE seq IN "
            "(SELECT seq FROM audit_subjects WHERE pseudonym = ?) OR traceer_id IN "
            "(SELECT a.traceer_id FROM audit a JOIN audit_subjects s ON s.seq = a.seq "
            "WHERE s.pseudonym = ? AND a.traceer_id IS NOT NULL) ORDER BY seq",
            (pseudonym, pseudonym),
        )
        return concerning(map(audit_record_from_row, rows), pseudonym)

    async def high_water(self) -> int:
        rows = await self._all("SELECT seq FROM sqlite_sequence WHERE name = 'audit'")
        return int(rows[0][0]) if rows else 0

    @property
    def commit_stats(self) -> BatchStats:
        """Appends per durable commit so far (operators, benchmarks)."""
        return self._db.commit_stats

    async def close(self) -> None:
        await self._db.close()
