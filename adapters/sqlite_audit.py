"""The audit store on its own SQLite file: append-only (triggers refuse UPDATE and DELETE).

Separate from the message store and from the operator logs: a different file
with a different life (kept at least 5 years, never purged by the gateway).
WAL with ``synchronous=FULL``: an event is durable before the answer it
records is sent. Each append reads the chain's head inside ``BEGIN
IMMEDIATE``, so the gateway and ``meerzorg-gateway purge`` may append at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from adapters.sqlite_common import connect_durable
from gateway.audit import (
    CHECKPOINT,
    AuditHead,
    AuditRecord,
    AuditUnavailable,
    Builder,
    matches_pseudonym,
)

SCHEMA = (
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

_COLUMNS = "seq, prev_hash, hash, body, signature"


def _bytes(value: Any) -> bytes:
    # Written as BLOB; an edit outside the gateway may leave TEXT (verify must still read it).
    return value.encode() if isinstance(value, str) else bytes(value)


def _record(row: Any) -> AuditRecord:
    return AuditRecord(
        seq=int(row[0]),
        prev_hash=str(row[1]),
        hash=str(row[2]),
        body=_bytes(row[3]),
        signature=None if row[4] is None else _bytes(row[4]),
    )


class SqliteAuditStore:
    """AuditStore on one SQLite file (``data_dir/audit.sqlite3``)."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path, *, busy_timeout_ms: int = 5000) -> SqliteAuditStore:
        conn = await connect_durable(path, busy_timeout_ms=busy_timeout_ms)
        try:
            await conn.execute("BEGIN IMMEDIATE")
            for statement in SCHEMA:
                await conn.execute(statement)
            await conn.execute("COMMIT")
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def _head(self) -> AuditHead:
        async with self._conn.execute(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"
        ) as cur:
            last = await cur.fetchone()
        if last is None:
            return AuditHead()
        async with self._conn.execute(
            "SELECT seq, at FROM audit WHERE type = ? ORDER BY seq DESC LIMIT 1", (CHECKPOINT,)
        ) as cur:
            checkpoint = await cur.fetchone()
        checkpoint_seq = int(checkpoint[0]) if checkpoint else 0
        return AuditHead(
            seq=int(last[0]),
            hash=str(last[1]),
            events_since_checkpoint=int(last[0]) - checkpoint_seq,
            last_checkpoint_at=datetime.fromisoformat(checkpoint[1]) if checkpoint else None,
        )

    async def append(self, build: Builder) -> list[AuditRecord]:
        async with self._lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise AuditUnavailable(str(exc)) from exc
            try:
                records = list(build(await self._head()))
                for record in records:
                    fields = record.fields()
                    await self._conn.execute(
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
                    await self._conn.executemany(
                        "INSERT INTO audit_subjects (pseudonym, seq) VALUES (?, ?)",
                        [(p, record.seq) for p in fields.get("bsn_pseudonyms", [])],
                    )
                await self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    await self._conn.execute("ROLLBACK")
                raise AuditUnavailable(str(exc)) from exc
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await self._conn.execute("ROLLBACK")
                raise
        return records

    async def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            async with self._lock, self._conn.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except sqlite3.Error as exc:
            raise AuditUnavailable(str(exc)) from exc

    async def records(self) -> list[AuditRecord]:
        return [_record(r) for r in await self._all(f"SELECT {_COLUMNS} FROM audit ORDER BY seq")]

    async def about(self, pseudonym: str) -> list[AuditRecord]:
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM audit WHERE seq IN "
            "(SELECT seq FROM audit_subjects WHERE pseudonym = ?) OR traceer_id IN "
            "(SELECT a.traceer_id FROM audit a JOIN audit_subjects s ON s.seq = a.seq "
            "WHERE s.pseudonym = ? AND a.traceer_id IS NOT NULL) ORDER BY seq",
            (pseudonym, pseudonym),
        )
        found = []
        for record in map(_record, rows):
            # Same TraceerId but naming other clients (a rejected TraceerId reused): not this
            # client's event. Events naming no client (receipt fetch, purge) belong to it.
            named = json.loads(record.body).get("bsn_pseudonyms", [])
            if not named or matches_pseudonym(record, pseudonym):
                found.append(record)
        return found

    async def high_water(self) -> int:
        rows = await self._all("SELECT seq FROM sqlite_sequence WHERE name = 'audit'")
        return int(rows[0][0]) if rows else 0

    async def close(self) -> None:
        await self._conn.close()
