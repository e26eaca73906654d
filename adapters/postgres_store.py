"""PostgreSQL message store: any number of gateway processes on any number of machines.

The same semantics as the SQLite store, on asyncpg. Everything that must hold
across processes is decided by the database: the unique TraceerId (one
message per id), row locks for acknowledge and expire (``FOR UPDATE``, or an
``UPDATE ... WHERE state = 'Aangeboden'``), ``FOR UPDATE SKIP LOCKED`` for
leases and purges so no two processes claim or report the same row. Commits
are durable (``synchronous_commit`` at least ``on``) before a receipt is sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import asyncpg

from adapters.groupcommit import BatchStats, GroupCommit
from adapters.postgres_common import PgWrite, PostgresDatabase, lock_key
from adapters.rows import (
    MESSAGE_COLUMN_COUNT,
    MESSAGE_COLUMNS,
    NEW_MESSAGE_COLUMN_COUNT,
    NEW_MESSAGE_COLUMNS,
    PURGED_COLUMNS,
    RECEIPT_COLUMNS,
    message_from_row,
    new_message_values,
    purged_from_row,
    receipt_from_row,
    receipt_values,
)
from gateway.domain.errors import IdentificatieConflict
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.ports import (
    PURGE_BATCH,
    AckOutcome,
    HistoryEvent,
    InboxStat,
    MessageMetadata,
    NewMessage,
    PurgedMessage,
    ReceiptMetadata,
    StoredMessage,
    StoredReceipt,
)

COMPONENT = "messages"
OFFERED = MessageState.AANGEBODEN.value  # inlined where a partial index must match

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: messages with their leases, receipts, history
    (
        """
        CREATE TABLE messages (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            traceer_id text NOT NULL UNIQUE,
            sender text NOT NULL,
            afzender text NOT NULL,
            inbox text NOT NULL,
            geadresseerde text NOT NULL,
            bericht_type text NOT NULL,
            bericht_versie text NOT NULL,
            conversatie_id text,
            envelope_digest bytea NOT NULL,
            delivery_envelope bytea,
            delivery_sha256 bytea NOT NULL,
            size integer NOT NULL,
            received_at timestamptz NOT NULL,
            state text NOT NULL,
            receipt_id text NOT NULL,
            acknowledged_at timestamptz,
            lease_until timestamptz,
            bsn_pseudonyms text[] NOT NULL DEFAULT '{}'
        )
        """,
        # Encrypted payloads do not compress: store them out of line without trying.
        "ALTER TABLE messages ALTER COLUMN delivery_envelope SET STORAGE EXTERNAL",
        # Listing (with or without leases), inbox depth and expiry read only offered rows.
        f"""
        CREATE INDEX messages_offered ON messages (inbox, seq)
            INCLUDE (lease_until, received_at) WHERE state = '{OFFERED}'
        """,
        "CREATE INDEX messages_received ON messages (received_at)",
        """
        CREATE INDEX messages_payloads ON messages (acknowledged_at)
            WHERE delivery_envelope IS NOT NULL
        """,
        """
        CREATE TABLE receipts (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            bevestiging_id text NOT NULL UNIQUE,
            owner text NOT NULL,
            traceer_id text NOT NULL,
            soort text NOT NULL,
            status text NOT NULL,
            tijdstip timestamptz NOT NULL,
            xml bytea NOT NULL,
            acknowledged_at timestamptz
        )
        """,
        "CREATE INDEX receipts_pending ON receipts (owner, seq) WHERE acknowledged_at IS NULL",
        "CREATE INDEX receipts_trace ON receipts (traceer_id)",
        "CREATE INDEX receipts_tijdstip ON receipts (tijdstip)",
        """
        CREATE TABLE events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            traceer_id text NOT NULL,
            sender text NOT NULL,
            state text NOT NULL,
            at timestamptz NOT NULL,
            code text
        )
        """,
        "CREATE INDEX events_trace ON events (traceer_id, sender, seq)",
        "CREATE INDEX events_at ON events (at)",
    ),
    # 2: a standard's own message identification (iWlz), accepted once per sender and type
    (
        "ALTER TABLE messages ADD COLUMN bericht_identificatie text",
        """
        CREATE UNIQUE INDEX messages_identificatie
            ON messages (afzender, bericht_type, bericht_identificatie)
            WHERE bericht_identificatie IS NOT NULL
        """,
    ),
    # 3: the TraceerId as its sender wrote it, where that is not the lower-case form the
    # gateway keys it by: the Afleverbevestiging repeats it (README, "Values repeated as written")
    ("ALTER TABLE messages ADD COLUMN traceer_id_as_written text",),
    # 4: conversations (issue 13): the messages of one ConversatieId, for the
    # conversation view; a message without one is found by its TraceerId
    ("CREATE INDEX messages_conversatie ON messages (conversatie_id, seq)",),
)
SCHEMA_VERSION = len(MIGRATIONS)
_NEW_MESSAGE_PLACEHOLDERS = ", ".join(f"${i}" for i in range(1, NEW_MESSAGE_COLUMN_COUNT + 1))


def _history(rows: list[Any]) -> list[HistoryEvent]:
    return [HistoryEvent(MessageState(r[0]), r[1], r[2]) for r in rows]


async def _insert_receipt(conn: asyncpg.Connection, r: StoredReceipt) -> None:
    await conn.execute(
        f"INSERT INTO receipts ({RECEIPT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
        *receipt_values(r),
    )


async def _insert_event(
    conn: asyncpg.Connection,
    traceer_id: str,
    sender: str,
    state: MessageState,
    at: datetime,
    code: str | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO events (traceer_id, sender, state, at, code) VALUES ($1, $2, $3, $4, $5)",
        traceer_id,
        sender,
        state.value,
        at,
        code,
    )


class PostgresMessageStore:
    """MessageStore on one PostgreSQL schema, shared by every gateway process."""

    def __init__(self, db: PostgresDatabase, *, migrated_from: int) -> None:
        self._db = db
        self._writes: GroupCommit[PgWrite] = GroupCommit(db.run_batch)
        self.schema = db.schema
        self._purge_lock = lock_key("purge-metadata", db.schema)
        self.schema_version = SCHEMA_VERSION
        self.migrated_from = migrated_from  # the version found at open (before migrating)

    @classmethod
    async def open(
        cls,
        dsn: str,
        *,
        schema: str = "public",
        pool_size: int = 10,
        connect_timeout: float = 5.0,
        command_timeout: float = 10.0,
        migrate: bool = False,
    ) -> PostgresMessageStore:
        """Connect (waiting up to ``3 * connect_timeout`` for the server) and check the schema.

        ``migrate`` applies pending migrations first, creating the schema if
        missing; several processes may do so at once. Without it a schema
        behind SCHEMA_VERSION raises SchemaMismatch, and so does a newer one in
        any case. An unreachable server raises StoreUnavailable.
        """
        db, found = await PostgresDatabase.open_versioned(
            dsn,
            COMPONENT,
            MIGRATIONS,
            what="message store",
            migrate=migrate,
            schema=schema,
            pool_size=pool_size,
            connect_timeout=connect_timeout,
            command_timeout=command_timeout,
        )
        return cls(db, migrated_from=found)

    async def find_message(self, traceer_id: str) -> StoredMessage | None:
        row = await self._db.fetchrow(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE traceer_id = $1", traceer_id
        )
        return None if row is None else message_from_row(row)

    async def get_receipt_xml(self, bevestiging_id: str) -> bytes | None:
        row = await self._db.fetchrow(
            "SELECT xml FROM receipts WHERE bevestiging_id = $1", bevestiging_id
        )
        return None if row is None else bytes(row[0])

    async def accept(self, message: NewMessage, receipt: StoredReceipt) -> StoredMessage | None:
        """Group-committed (adapters/groupcommit.py): concurrent acceptances of this
        process share one transaction and one WAL flush, each in its own savepoint."""
        m = message

        async def accept(conn: asyncpg.Connection) -> StoredMessage | None:
            # ON CONFLICT waits for a concurrent insert of the same TraceerId to commit
            # (or roll back), so exactly one of any number of processes stores it.
            # The identification index is no arbiter: a clash there (after the other
            # insert commits) is a UniqueViolation: this write's savepoint rolls back.
            try:
                inserted = await conn.fetchval(
                    f"INSERT INTO messages ({NEW_MESSAGE_COLUMNS}) "
                    f"VALUES ({_NEW_MESSAGE_PLACEHOLDERS}) "
                    "ON CONFLICT (traceer_id) DO NOTHING RETURNING seq",
                    *new_message_values(
                        m, receipt.bevestiging_id, MessageState.AANGEBODEN, pseudonyms=list
                    ),
                )
            except asyncpg.UniqueViolationError as exc:
                if exc.constraint_name == "messages_identificatie":
                    raise IdentificatieConflict() from None
                raise
            if inserted is None:
                row = await conn.fetchrow(
                    f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE traceer_id = $1",
                    m.traceer_id,
                )
                if row is not None:
                    return message_from_row(row)
                # Stored and purged between the two statements: a fresh attempt decides.
                raise asyncpg.SerializationError("the message vanished; try again")
            await _insert_receipt(conn, receipt)
            await _insert_event(conn, m.traceer_id, m.sender, MessageState.ONTVANGEN, m.received_at)
            await _insert_event(
                conn, m.traceer_id, m.sender, MessageState.AANGEBODEN, m.received_at
            )
            return None

        stored: StoredMessage | None = await self._writes.submit(accept)
        return stored

    async def record_rejection(self, receipt: StoredReceipt, code: str) -> None:
        async def record(conn: asyncpg.Connection) -> None:
            await _insert_receipt(conn, receipt)
            await _insert_event(
                conn,
                receipt.traceer_id,
                receipt.owner,
                MessageState.AFGEKEURD,
                receipt.tijdstip,
                code,
            )

        await self._writes.submit(record)

    async def list_inbox(
        self,
        inbox: str,
        limit: int,
        *,
        lease: timedelta | None = None,
        now: datetime | None = None,
    ) -> list[StoredMessage]:
        if lease is None:
            rows = await self._db.fetch(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE inbox = $1 "
                f"AND state = '{OFFERED}' ORDER BY seq LIMIT $2",
                inbox,
                limit,
            )
            return [message_from_row(r) for r in rows]
        if now is None:
            raise ValueError("a lease needs the current time (now)")
        # One statement: rows another listing holds are skipped, rows it has just
        # claimed fail the lease condition when re-checked after its commit.
        rows = await self._db.fetch(
            f"WITH claimable AS (SELECT seq FROM messages WHERE inbox = $1 "
            f"AND state = '{OFFERED}' AND (lease_until IS NULL OR lease_until <= $2) "
            "ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED) "
            "UPDATE messages m SET lease_until = $4 FROM claimable c WHERE m.seq = c.seq "
            f"RETURNING m.seq, {', '.join('m.' + c for c in MESSAGE_COLUMNS.split(', '))}",
            inbox,
            now,
            limit,
            now + lease,
        )
        return [message_from_row(r[1:]) for r in sorted(rows, key=lambda r: int(r[0]))]

    async def get_delivery(self, inbox: str, traceer_id: str) -> tuple[StoredMessage, bytes] | None:
        row = await self._db.fetchrow(
            f"SELECT {MESSAGE_COLUMNS}, delivery_envelope FROM messages "
            f"WHERE inbox = $1 AND traceer_id = $2 AND state = '{OFFERED}' "
            "AND delivery_envelope IS NOT NULL",
            inbox,
            traceer_id,
        )
        return None if row is None else (message_from_row(row), bytes(row[MESSAGE_COLUMN_COUNT]))

    async def acknowledge(self, inbox: str, traceer_id: str, receipt: StoredReceipt) -> AckOutcome:
        async with self._db.transaction() as conn:
            # FOR UPDATE: a concurrent acknowledge (or expiry) waits, then sees our state.
            row = await conn.fetchrow(
                "SELECT state, sender FROM messages WHERE inbox = $1 AND traceer_id = $2 "
                "FOR UPDATE",
                inbox,
                traceer_id,
            )
            if row is None:
                return AckOutcome.NOT_FOUND
            if row[0] != OFFERED:
                return AckOutcome.ALREADY
            await conn.execute(
                "UPDATE messages SET state = $1, acknowledged_at = $2 WHERE traceer_id = $3",
                MessageState.BEZORGD.value,
                receipt.tijdstip,
                traceer_id,
            )
            await _insert_receipt(conn, receipt)
            await _insert_event(conn, traceer_id, row[1], MessageState.BEZORGD, receipt.tijdstip)
        return AckOutcome.ACKNOWLEDGED

    async def list_receipts(self, owner: str, limit: int) -> list[StoredReceipt]:
        rows = await self._db.fetch(
            f"SELECT {RECEIPT_COLUMNS} FROM receipts WHERE owner = $1 "
            "AND acknowledged_at IS NULL ORDER BY seq LIMIT $2",
            owner,
            limit,
        )
        return [receipt_from_row(r) for r in rows]

    async def get_receipt(self, owner: str, bevestiging_id: str) -> StoredReceipt | None:
        row = await self._db.fetchrow(
            f"SELECT {RECEIPT_COLUMNS} FROM receipts WHERE owner = $1 AND bevestiging_id = $2",
            owner,
            bevestiging_id,
        )
        return None if row is None else receipt_from_row(row)

    async def acknowledge_receipt(self, owner: str, bevestiging_id: str, at: datetime) -> bool:
        # The row lock makes a concurrent second acknowledgement keep the first moment.
        row = await self._db.fetchrow(
            "UPDATE receipts SET acknowledged_at = COALESCE(acknowledged_at, $1) "
            "WHERE owner = $2 AND bevestiging_id = $3 RETURNING seq",
            at,
            owner,
            bevestiging_id,
        )
        return row is not None

    async def history(
        self, sender: str, traceer_id: str
    ) -> tuple[StoredMessage | None, list[HistoryEvent], list[StoredReceipt]]:
        message = await self.find_message(traceer_id)
        if message is not None and message.sender != sender:
            message = None
        events = _history(
            await self._db.fetch(
                "SELECT state, at, code FROM events WHERE traceer_id = $1 AND sender = $2 "
                "ORDER BY seq",
                traceer_id,
                sender,
            )
        )
        receipts = [
            receipt_from_row(r)
            for r in await self._db.fetch(
                f"SELECT {RECEIPT_COLUMNS} FROM receipts WHERE traceer_id = $1 AND owner = $2 "
                "ORDER BY seq",
                traceer_id,
                sender,
            )
        ]
        return message, events, receipts

    async def list_conversation(
        self, participant: str, conversation: str, limit: int
    ) -> list[StoredMessage]:
        rows = await self._db.fetch(
            f"SELECT {MESSAGE_COLUMNS} FROM messages "
            "WHERE (conversatie_id = $1 OR traceer_id = $1) AND (sender = $2 OR inbox = $2) "
            "ORDER BY seq LIMIT $3",
            conversation,
            participant,
            limit,
        )
        return [message_from_row(r) for r in rows]

    async def message_pseudonyms(self, traceer_id: str) -> tuple[str, ...]:
        row = await self._db.fetchrow(
            "SELECT bsn_pseudonyms FROM messages WHERE traceer_id = $1", traceer_id
        )
        return tuple(row[0]) if row else ()

    async def purge_payloads(
        self, acknowledged_before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        # SKIP LOCKED: a concurrent purger takes other rows; rows it purged no longer match.
        rows = await self._db.fetch(
            "WITH doomed AS (SELECT seq FROM messages WHERE state = $1 "
            "AND acknowledged_at < $2 AND delivery_envelope IS NOT NULL "
            "ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED) "
            "UPDATE messages m SET delivery_envelope = NULL FROM doomed d WHERE m.seq = d.seq "
            f"RETURNING m.seq, {', '.join('m.' + c for c in PURGED_COLUMNS.split(', '))}",
            MessageState.BEZORGD.value,
            acknowledged_before,
            limit,
        )
        return [purged_from_row(r[1:]) for r in sorted(rows, key=lambda r: int(r[0]))]

    async def list_expiring(self, received_before: datetime, limit: int) -> list[StoredMessage]:
        rows = await self._db.fetch(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE state = '{OFFERED}' "
            "AND received_at < $1 ORDER BY seq LIMIT $2",
            received_before,
            limit,
        )
        return [message_from_row(r) for r in rows]

    async def expire(self, traceer_id: str, receipt: StoredReceipt, code: str) -> bool:
        async with self._db.transaction() as conn:
            # A concurrent acknowledge holds the row: this waits, re-checks the state, and
            # updates nothing if the message was delivered after all.
            expired = await conn.fetchval(
                "UPDATE messages SET state = $1, delivery_envelope = NULL "
                f"WHERE traceer_id = $2 AND state = '{OFFERED}' RETURNING seq",
                MessageState.AFGEKEURD.value,
                traceer_id,
            )
            if expired is None:
                return False
            await _insert_receipt(conn, receipt)
            await _insert_event(
                conn, traceer_id, receipt.owner, MessageState.AFGEKEURD, receipt.tijdstip, code
            )
        return True

    async def purge_metadata(
        self, before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        # Rows are chosen, locked and deleted by their own keys, never by TraceerId alone: a
        # TraceerId can be reused after a rejection, and its newer rows are not due yet.
        aflever = Soort.AFLEVER.value
        async with self._db.transaction() as conn:
            # One purger at a time per schema (every process runs the job): another one
            # returns at once with nothing, and the next pass takes whatever is left.
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", self._purge_lock):
                return []
            # SKIP LOCKED: a message being acknowledged or expired right now waits for the
            # next pass.
            messages = await conn.fetch(
                f"SELECT seq, receipt_id, {PURGED_COLUMNS} FROM messages WHERE received_at < $1 "
                f"AND state <> '{OFFERED}' ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED",
                before,
                limit,
            )
            ids = [r["traceer_id"] for r in messages]
            # A message takes its own receipts along (its Ontvangstbevestiging, the
            # Afleverbevestiging of its delivery or expiry) and whatever older ones its
            # TraceerId has; a later rejection of the id stays until it is old enough.
            own = await conn.fetch(
                "DELETE FROM receipts WHERE traceer_id = ANY($1::text[]) "
                "AND (soort = $2 OR bevestiging_id = ANY($3::text[]) OR tijdstip < $4) "
                "RETURNING traceer_id, soort, tijdstip",
                ids,
                aflever,
                [r["receipt_id"] for r in messages],
                before,
            )
            ended = {r["traceer_id"]: r["tijdstip"] for r in own if r["soort"] == aflever}
            # Its history: the sender's events up to the Afleverbevestiging, and older ones.
            await conn.execute(
                "DELETE FROM events e USING unnest($1::text[], $2::text[], $3::timestamptz[]) "
                "AS m(traceer_id, sender, ended) WHERE e.traceer_id = m.traceer_id "
                "AND (e.at < $4 OR (e.sender = m.sender AND e.at <= m.ended))",
                ids,
                [r["sender"] for r in messages],
                [ended.get(i, before) for i in ids],
                before,
            )
            await conn.execute(
                "DELETE FROM messages WHERE seq = ANY($1::bigint[])", [r["seq"] for r in messages]
            )
            # Rejections leave receipts and history but no message row: those of the
            # first ``limit`` such receipts' TraceerIds, each id's old receipts whole.
            rejections = await conn.fetch(
                "WITH due AS (SELECT seq, traceer_id FROM receipts r WHERE tijdstip < $1 "
                "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.traceer_id = r.traceer_id)), "
                "first AS (SELECT DISTINCT traceer_id FROM "
                "(SELECT traceer_id FROM due ORDER BY seq LIMIT $2) f) "
                "SELECT r.seq, r.traceer_id, r.owner FROM receipts r "
                "JOIN due USING (seq) JOIN first ON first.traceer_id = r.traceer_id "
                "ORDER BY r.seq FOR UPDATE OF r SKIP LOCKED",
                before,
                limit,
            )
            await conn.execute(
                "DELETE FROM receipts WHERE seq = ANY($1::bigint[])", [r["seq"] for r in rejections]
            )
            await conn.execute(
                "DELETE FROM events WHERE traceer_id = ANY($1::text[]) AND at < $2",
                list({r["traceer_id"] for r in rejections}),
                before,
            )
        purged = [purged_from_row(r[2:]) for r in messages]
        # One entry per rejected TraceerId and owner, in the order of their first receipt.
        purged += [PurgedMessage(*key) for key in dict.fromkeys((r[1], r[2]) for r in rejections)]
        return purged

    async def ping(self) -> None:
        await self._db.fetchrow("SELECT 1")

    async def inbox_stats(self) -> list[InboxStat]:
        rows = await self._db.fetch(
            "SELECT inbox, count(*), min(received_at) FROM messages "
            f"WHERE state = '{OFFERED}' GROUP BY inbox ORDER BY inbox COLLATE \"C\""
        )
        return [InboxStat(r[0], int(r[1]), r[2]) for r in rows]

    async def pending_receipts(self) -> dict[str, int]:
        rows = await self._db.fetch(
            "SELECT owner, count(*) FROM receipts WHERE acknowledged_at IS NULL GROUP BY owner"
        )
        return {r[0]: int(r[1]) for r in sorted(rows, key=lambda r: str(r[0]))}

    async def flow_since(self, moment: datetime) -> dict[str, int]:
        rows = await self._db.fetch(
            "SELECT state, count(*) FROM events WHERE at >= $1 GROUP BY state", moment
        )
        return {r[0]: int(r[1]) for r in sorted(rows, key=lambda r: str(r[0]))}

    async def rejections_since(self, moment: datetime) -> dict[str, int]:
        rows = await self._db.fetch(
            "SELECT COALESCE(code, '') AS code, count(*) FROM events WHERE state = $1 "
            "AND at >= $2 GROUP BY 1",
            MessageState.AFGEKEURD.value,
            moment,
        )
        return {r[0]: int(r[1]) for r in sorted(rows, key=lambda r: str(r[0]))}

    async def message_metadata(self, traceer_id: str) -> MessageMetadata:
        message = await self.find_message(traceer_id)
        history = tuple(
            _history(
                await self._db.fetch(
                    "SELECT state, at, code FROM events WHERE traceer_id = $1 ORDER BY seq",
                    traceer_id,
                )
            )
        )
        receipts = tuple(
            ReceiptMetadata(
                bevestiging_id=r[0],
                owner=r[1],
                soort=Soort(r[2]),
                status=Status(r[3]),
                tijdstip=r[4],
                acknowledged_at=r[5],
            )
            for r in await self._db.fetch(
                "SELECT bevestiging_id, owner, soort, status, tijdstip, acknowledged_at "
                "FROM receipts WHERE traceer_id = $1 ORDER BY seq",
                traceer_id,
            )
        )
        return MessageMetadata(traceer_id, message, history, receipts)

    @property
    def commit_stats(self) -> BatchStats:
        """Acceptances and rejections per durable commit so far (operators, benchmarks)."""
        return self._writes.stats

    async def close(self) -> None:
        await self._writes.close()
        await self._db.close()
