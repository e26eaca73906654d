"""The audit store in PostgreSQL: append-only (triggers refuse UPDATE, DELETE and TRUNCATE).

Every gateway process appends to one chain: each append takes a transaction-level
advisory lock, reads the chain's head and writes its records in the same
transaction, so the chain stays a single line whatever the number of processes.
``audit_high_water`` records the highest sequence number ever written; its
trigger lets it only grow, so a deleted tail shows (as ``sqlite_sequence``
does for the SQLite store). A sequence would not do: it advances even when
the transaction rolls back, which would look like records gone missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

import asyncpg

from adapters.groupcommit import BatchStats, GroupCommit, Outcome
from adapters.postgres_common import PgWrite, PostgresDatabase, lock_key
from adapters.rows import AUDIT_COLUMNS, audit_record_from_row
from gateway.audit import (
    CHECKPOINT,
    AuditHead,
    AuditRecord,
    AuditUnavailable,
    Builder,
    concerning,
)

COMPONENT = "audit"
_APPEND_ONLY = "the audit trail is append-only"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the hash-chained records, who they name, the high-water mark; triggers that refuse
    # changes (what can still change them, the owner or a superuser disabling the triggers,
    # verify detects; docs/privacy.md: migrate as the owner, serve as another role)
    (
        """
        CREATE TABLE audit (
            seq bigint PRIMARY KEY,
            type text NOT NULL,
            at timestamptz NOT NULL,
            traceer_id text,
            prev_hash text NOT NULL,
            hash text NOT NULL,
            body bytea NOT NULL,
            signature bytea
        )
        """,
        "CREATE INDEX audit_trace ON audit (traceer_id)",
        "CREATE INDEX audit_type ON audit (type, seq)",
        """
        CREATE TABLE audit_subjects (
            pseudonym text NOT NULL,
            seq bigint NOT NULL REFERENCES audit (seq)
        )
        """,
        "CREATE INDEX audit_subjects_pseudonym ON audit_subjects (pseudonym)",
        """
        CREATE TABLE audit_high_water (
            only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            seq bigint NOT NULL CHECK (seq >= 0)
        )
        """,
        "INSERT INTO audit_high_water (only_row, seq) VALUES (true, 0)",
        f"""
        CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{_APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """,
        f"""
        CREATE FUNCTION audit_high_water_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.seq < OLD.seq OR NEW.only_row IS DISTINCT FROM OLD.only_row THEN
                RAISE EXCEPTION '{_APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END
        $$
        """,
        *(
            f"""
            CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
            """
            for table in ("audit", "audit_subjects")
        ),
        """
        CREATE TRIGGER audit_high_water_no_lowering BEFORE UPDATE ON audit_high_water
            FOR EACH ROW EXECUTE FUNCTION audit_high_water_only_grows()
        """,
        """
        CREATE TRIGGER audit_high_water_no_delete BEFORE DELETE ON audit_high_water
            FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
        """,
        *(
            f"""
            CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()
            """
            for table in ("audit", "audit_subjects", "audit_high_water")
        ),
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


async def _head(conn: asyncpg.Connection) -> AuditHead:
    last = await conn.fetchrow("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    if last is None:
        return AuditHead()
    checkpoint = await conn.fetchrow(
        "SELECT seq, at FROM audit WHERE type = $1 ORDER BY seq DESC LIMIT 1", CHECKPOINT
    )
    checkpoint_seq = int(checkpoint[0]) if checkpoint else 0
    return AuditHead(
        seq=int(last[0]),
        hash=str(last[1]),
        events_since_checkpoint=int(last[0]) - checkpoint_seq,
        last_checkpoint_at=checkpoint[1] if checkpoint else None,
    )


async def _append(build: Builder, conn: asyncpg.Connection) -> list[AuditRecord]:
    """In a batch's transaction, under the chain lock: the head read, the records written."""
    records = list(build(await _head(conn)))
    for record in records:
        fields = record.fields()
        await conn.execute(
            "INSERT INTO audit (seq, type, at, traceer_id, prev_hash, hash, body, "
            "signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            record.seq,
            fields["type"],
            datetime.fromisoformat(fields["at"]),
            fields.get("traceer_id"),
            record.prev_hash,
            record.hash,
            record.body,
            record.signature,
        )
        await conn.executemany(
            "INSERT INTO audit_subjects (pseudonym, seq) VALUES ($1, $2)",
            [(p, record.seq) for p in fields.get("bsn_pseudonyms", [])],
        )
    if records:
        await conn.execute("UPDATE audit_high_water SET seq = GREATEST(seq, $1)", records[-1].seq)
    return records


class PostgresAuditStore:
    """AuditStore in one PostgreSQL schema, shared by every gateway process."""

    def __init__(self, db: PostgresDatabase, *, migrated_from: int) -> None:
        self._db = db
        self.schema = db.schema
        self.schema_version = SCHEMA_VERSION
        self.migrated_from = migrated_from  # the version found at open (before migrating)
        self._append_lock = lock_key("audit-append", db.schema)
        self._appends: GroupCommit[PgWrite] = GroupCommit(self._run_appends)

    @classmethod
    async def open(
        cls,
        dsn: str,
        *,
        schema: str = "public",
        pool_size: int = 4,
        connect_timeout: float = 5.0,
        command_timeout: float = 10.0,
        migrate: bool = False,
    ) -> PostgresAuditStore:
        """Connect and check the schema as PostgresMessageStore.open does.

        Appends are serialized (one chain), so a few connections suffice. An
        unreachable server raises AuditUnavailable (a StoreUnavailable).
        """
        db, found = await PostgresDatabase.open_versioned(
            dsn,
            COMPONENT,
            MIGRATIONS,
            what="audit store",
            migrate=migrate,
            schema=schema,
            pool_size=pool_size,
            connect_timeout=connect_timeout,
            command_timeout=command_timeout,
            unavailable=AuditUnavailable,
        )
        return cls(db, migrated_from=found)

    async def append(self, build: Builder) -> list[AuditRecord]:
        """Group-committed (adapters/groupcommit.py): the appends that arrive while one
        batch commits share the next transaction, its one advisory lock and its one
        WAL flush; each reads the head that the one before it in the batch wrote."""
        records: list[AuditRecord] = await self._appends.submit(partial(_append, build))
        return records

    async def _lock_chain(self, conn: asyncpg.Connection) -> None:
        await conn.execute("SELECT pg_advisory_xact_lock($1)", self._append_lock)

    async def _run_appends(self, ops: Sequence[PgWrite]) -> list[Outcome]:
        return await self._db.run_batch(ops, prologue=self._lock_chain)

    @property
    def commit_stats(self) -> BatchStats:
        """Appends per durable commit so far (operators, benchmarks)."""
        return self._appends.stats

    async def records(self) -> list[AuditRecord]:
        return [
            audit_record_from_row(r)
            for r in await self._db.fetch(f"SELECT {AUDIT_COLUMNS} FROM audit ORDER BY seq")
        ]

    async def about(self, pseudonym: str) -> list[AuditRecord]:
        rows = await self._db.fetch(
            f"SELECT {AUDIT_COLUMNS} FROM audit WHERE seq IN "
            "(SELECT seq FROM audit_subjects WHERE pseudonym = $1) OR traceer_id IN "
            "(SELECT a.traceer_id FROM audit a JOIN audit_subjects s ON s.seq = a.seq "
            "WHERE s.pseudonym = $1 AND a.traceer_id IS NOT NULL) ORDER BY seq",
            pseudonym,
        )
        return concerning(map(audit_record_from_row, rows), pseudonym)

    async def high_water(self) -> int:
        row = await self._db.fetchrow("SELECT seq FROM audit_high_water")
        return int(row[0]) if row else 0

    async def close(self) -> None:
        await self._appends.close()
        await self._db.close()
