"""SQLite message store (the embedded default): WAL mode, durable commits.

One connection per process, on a thread of its own; every operation is one
function run there (adapters/sqlite_common.py), a write transaction included.
Writes take ``BEGIN IMMEDIATE`` so concurrent writers (other processes)
serialize in the database, and ``synchronous=FULL`` makes a commit durable
before a receipt is sent (protocol 3: 202 means durably stored).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from adapters.groupcommit import BatchStats
from adapters.rows import (
    MESSAGE_COLUMN_COUNT,
    MESSAGE_COLUMNS,
    NEW_MESSAGE_COLUMN_COUNT,
    NEW_MESSAGE_COLUMNS,
    PURGED_COLUMNS,
    RECEIPT_COLUMNS,
    message_from_row,
    new_message_values,
    parse_time,
    purged_from_row,
    receipt_from_row,
    receipt_values,
)
from adapters.sqlite_common import SqliteConnection, open_versioned
from gateway.domain.errors import IdentificatieConflict, StoreUnavailable
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

MIGRATIONS: tuple[str, ...] = (
    # 1: initial schema
    """
    CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        traceer_id TEXT NOT NULL UNIQUE,
        sender TEXT NOT NULL,
        afzender TEXT NOT NULL,
        inbox TEXT NOT NULL,
        geadresseerde TEXT NOT NULL,
        bericht_type TEXT NOT NULL,
        bericht_versie TEXT NOT NULL,
        conversatie_id TEXT,
        envelope_digest BLOB NOT NULL,
        delivery_envelope BLOB,
        delivery_sha256 BLOB NOT NULL,
        size INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        state TEXT NOT NULL,
        receipt_id TEXT NOT NULL,
        acknowledged_at TEXT
    );
    CREATE INDEX messages_inbox ON messages (inbox, state, seq);
    CREATE TABLE receipts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        bevestiging_id TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        traceer_id TEXT NOT NULL,
        soort TEXT NOT NULL,
        status TEXT NOT NULL,
        tijdstip TEXT NOT NULL,
        xml BLOB NOT NULL,
        acknowledged_at TEXT
    );
    CREATE INDEX receipts_owner ON receipts (owner, acknowledged_at, seq);
    CREATE INDEX receipts_trace ON receipts (traceer_id);
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        traceer_id TEXT NOT NULL,
        sender TEXT NOT NULL,
        state TEXT NOT NULL,
        at TEXT NOT NULL,
        code TEXT
    );
    CREATE INDEX events_trace ON events (traceer_id, sender, seq);
    """,
    # 2: privacy controls: BSN pseudonyms for audit events; indexes for the retention purge
    """
    ALTER TABLE messages ADD COLUMN bsn_pseudonyms TEXT NOT NULL DEFAULT '';
    CREATE INDEX messages_retention ON messages (state, received_at);
    CREATE INDEX receipts_tijdstip ON receipts (tijdstip);
    CREATE INDEX events_at ON events (at)
    """,
    # 3: leases (protocol v2 polling): a listing claims its messages until lease_until;
    # the inbox index carries the lease so skipping leased messages reads no table rows
    """
    ALTER TABLE messages ADD COLUMN lease_until TEXT;
    DROP INDEX messages_inbox;
    CREATE INDEX messages_inbox ON messages (inbox, state, seq, lease_until)
    """,
    # 4: a standard's own message identification (iWlz), accepted once per sender and type
    """
    ALTER TABLE messages ADD COLUMN bericht_identificatie TEXT;
    CREATE UNIQUE INDEX messages_identificatie
        ON messages (afzender, bericht_type, bericht_identificatie)
        WHERE bericht_identificatie IS NOT NULL
    """,
    # 5: the TraceerId as its sender wrote it, where that is not the lower-case form the
    # gateway keys it by: the Afleverbevestiging repeats it (README, "Values repeated as written")
    """
    ALTER TABLE messages ADD COLUMN traceer_id_as_written TEXT
    """,
    # 6: conversations (issue 13): the messages of one ConversatieId, for the
    # conversation view; a message without one is found by its TraceerId
    """
    CREATE INDEX messages_conversatie ON messages (conversatie_id, seq)
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_NEW_MESSAGE_PLACEHOLDERS = ", ".join("?" * NEW_MESSAGE_COLUMN_COUNT)


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


_message = partial(message_from_row, time=parse_time)
_purged = partial(purged_from_row, pseudonyms=lambda stored: tuple(str(stored).split()))
_receipt = partial(receipt_from_row, time=parse_time)


def _statements(script: str) -> tuple[str, ...]:
    # The migration scripts hold no ';' other than between statements.
    return tuple(s for s in script.split(";") if s.strip())


T = TypeVar("T")


def _insert_receipt(conn: sqlite3.Connection, r: StoredReceipt) -> None:
    conn.execute(
        f"INSERT INTO receipts ({RECEIPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        receipt_values(r, _ts),
    )


def _insert_event(
    conn: sqlite3.Connection,
    traceer_id: str,
    sender: str,
    state: MessageState,
    at: datetime,
    code: str | None = None,
) -> None:
    conn.execute(
        "INSERT INTO events (traceer_id, sender, state, at, code) VALUES (?, ?, ?, ?, ?)",
        (traceer_id, sender, state.value, _ts(at), code),
    )


def _identificatie_taken(conn: sqlite3.Connection, m: NewMessage) -> bool:
    row = conn.execute(
        "SELECT 1 FROM messages WHERE afzender = ? AND bericht_type = ? "
        "AND bericht_identificatie = ?",
        (m.afzender, m.bericht_type, m.bericht_identificatie),
    ).fetchone()
    return row is not None


def _find_message(conn: sqlite3.Connection, traceer_id: str) -> StoredMessage | None:
    row = conn.execute(
        f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE traceer_id = ?", (traceer_id,)
    ).fetchone()
    return None if row is None else _message(row)


class SqliteMessageStore:
    """MessageStore on one SQLite file."""

    def __init__(self, db: SqliteConnection, path: Path, *, migrated_from: int) -> None:
        self._db = db
        self.path = path
        self.schema_version = SCHEMA_VERSION
        self.migrated_from = migrated_from  # the version found at open (before migrating)

    @classmethod
    async def open(
        cls, path: Path, *, busy_timeout_ms: int = 5000, migrate: bool = False
    ) -> SqliteMessageStore:
        """Open the store; a writer waits ``busy_timeout_ms`` for a lock.

        ``migrate`` applies pending migrations first (``meerzorg-gateway migrate``);
        without it a schema behind SCHEMA_VERSION (a new file too) raises
        SchemaMismatch, and so does a newer one in any case.
        """
        db, found = await open_versioned(
            path,
            f"message store {path}",
            [_statements(script) for script in MIGRATIONS],
            busy_timeout_ms=busy_timeout_ms,
            migrate=migrate,
        )
        try:
            await db.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            await db.close()
            raise
        return cls(db, path, migrated_from=found)

    async def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """One write transaction, in one hop; any database failure is StoreUnavailable (503)."""
        try:
            return await self._db.transaction(fn)
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    async def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return await self._db.call(fn)
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    async def _one(self, sql: str, params: tuple[Any, ...]) -> Any:
        return await self._read(lambda conn: conn.execute(sql, params).fetchone())

    async def _all(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        return await self._read(lambda conn: conn.execute(sql, params).fetchall())

    async def find_message(self, traceer_id: str) -> StoredMessage | None:
        return await self._read(lambda conn: _find_message(conn, traceer_id))

    async def get_receipt_xml(self, bevestiging_id: str) -> bytes | None:
        row = await self._one(
            "SELECT xml FROM receipts WHERE bevestiging_id = ?", (bevestiging_id,)
        )
        return None if row is None else bytes(row[0])

    async def accept(self, message: NewMessage, receipt: StoredReceipt) -> StoredMessage | None:
        m = message

        def accept(conn: sqlite3.Connection) -> StoredMessage | None:
            try:
                _in_savepoint(conn, lambda: insert(conn))
            except sqlite3.IntegrityError:
                existing = _find_message(conn, m.traceer_id)
                if existing is not None:
                    return existing
                if m.bericht_identificatie is not None and _identificatie_taken(conn, m):
                    raise IdentificatieConflict() from None
                raise  # pragma: no cover - a constraint other than these two
            return None

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"INSERT INTO messages ({NEW_MESSAGE_COLUMNS}) "
                f"VALUES ({_NEW_MESSAGE_PLACEHOLDERS})",
                new_message_values(
                    m,
                    receipt.bevestiging_id,
                    MessageState.AANGEBODEN,
                    time=_ts,
                    pseudonyms=" ".join,
                ),
            )
            _insert_receipt(conn, receipt)
            _insert_event(conn, m.traceer_id, m.sender, MessageState.ONTVANGEN, m.received_at)
            _insert_event(conn, m.traceer_id, m.sender, MessageState.AANGEBODEN, m.received_at)

        try:
            return await self._db.transaction(accept)
        except sqlite3.IntegrityError:
            raise  # a constraint other than the TraceerId: a bug, not an outage
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    async def record_rejection(self, receipt: StoredReceipt, code: str) -> None:
        def record(conn: sqlite3.Connection) -> None:
            _insert_receipt(conn, receipt)
            _insert_event(
                conn,
                receipt.traceer_id,
                receipt.owner,
                MessageState.AFGEKEURD,
                receipt.tijdstip,
                code,
            )

        await self._write(record)

    async def list_inbox(
        self,
        inbox: str,
        limit: int,
        *,
        lease: timedelta | None = None,
        now: datetime | None = None,
    ) -> list[StoredMessage]:
        if lease is None:
            rows = await self._all(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE inbox = ? AND state = ? "
                "ORDER BY seq LIMIT ?",
                (inbox, MessageState.AANGEBODEN.value, limit),
            )
            return [_message(r) for r in rows]
        if now is None:
            raise ValueError("a lease needs the current time (now)")
        return await self._lease(inbox, limit, now, now + lease)

    async def _lease(
        self, inbox: str, limit: int, now: datetime, until: datetime
    ) -> list[StoredMessage]:
        """Claim unleased (or lapsed) messages; BEGIN IMMEDIATE keeps other processes out."""

        def claim(conn: sqlite3.Connection) -> list[Any]:
            rows = conn.execute(
                f"SELECT seq, {MESSAGE_COLUMNS} FROM messages WHERE inbox = ? AND state = ? "
                "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY seq LIMIT ?",
                (inbox, MessageState.AANGEBODEN.value, _ts(now), limit),
            ).fetchall()
            conn.executemany(
                "UPDATE messages SET lease_until = ? WHERE seq = ?",
                [(_ts(until), r[0]) for r in rows],
            )
            return rows

        rows = await self._write(claim)
        claimed = datetime.fromisoformat(_ts(until))  # as a later read returns it
        return [replace(_message(r[1:]), lease_until=claimed) for r in rows]

    async def get_delivery(self, inbox: str, traceer_id: str) -> tuple[StoredMessage, bytes] | None:
        row = await self._one(
            f"SELECT {MESSAGE_COLUMNS}, delivery_envelope FROM messages "
            "WHERE inbox = ? AND traceer_id = ? AND state = ? AND delivery_envelope IS NOT NULL",
            (inbox, traceer_id, MessageState.AANGEBODEN.value),
        )
        return None if row is None else (_message(row), bytes(row[MESSAGE_COLUMN_COUNT]))

    async def acknowledge(self, inbox: str, traceer_id: str, receipt: StoredReceipt) -> AckOutcome:
        def acknowledge(conn: sqlite3.Connection) -> AckOutcome:
            row = conn.execute(
                "SELECT state, sender FROM messages WHERE inbox = ? AND traceer_id = ?",
                (inbox, traceer_id),
            ).fetchone()
            if row is None:
                return AckOutcome.NOT_FOUND
            if row[0] != MessageState.AANGEBODEN.value:
                return AckOutcome.ALREADY
            conn.execute(
                "UPDATE messages SET state = ?, acknowledged_at = ? WHERE traceer_id = ?",
                (MessageState.BEZORGD.value, _ts(receipt.tijdstip), traceer_id),
            )
            _insert_receipt(conn, receipt)
            _insert_event(conn, traceer_id, row[1], MessageState.BEZORGD, receipt.tijdstip)
            return AckOutcome.ACKNOWLEDGED

        return await self._write(acknowledge)

    async def list_receipts(self, owner: str, limit: int) -> list[StoredReceipt]:
        rows = await self._all(
            f"SELECT {RECEIPT_COLUMNS} FROM receipts WHERE owner = ? AND acknowledged_at IS NULL "
            "ORDER BY seq LIMIT ?",
            (owner, limit),
        )
        return [_receipt(r) for r in rows]

    async def get_receipt(self, owner: str, bevestiging_id: str) -> StoredReceipt | None:
        row = await self._one(
            f"SELECT {RECEIPT_COLUMNS} FROM receipts WHERE owner = ? AND bevestiging_id = ?",
            (owner, bevestiging_id),
        )
        return None if row is None else _receipt(row)

    async def acknowledge_receipt(self, owner: str, bevestiging_id: str, at: datetime) -> bool:
        when = _ts(at)

        def acknowledge(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "UPDATE receipts SET acknowledged_at = COALESCE(acknowledged_at, ?) "
                "WHERE owner = ? AND bevestiging_id = ?",
                (when, owner, bevestiging_id),
            )
            return cur.rowcount > 0

        return await self._write(acknowledge)

    async def history(
        self, sender: str, traceer_id: str
    ) -> tuple[StoredMessage | None, list[HistoryEvent], list[StoredReceipt]]:
        def read(
            conn: sqlite3.Connection,
        ) -> tuple[StoredMessage | None, list[Any], list[Any]]:
            events = conn.execute(
                "SELECT state, at, code FROM events WHERE traceer_id = ? AND sender = ? "
                "ORDER BY seq",
                (traceer_id, sender),
            ).fetchall()
            receipts = conn.execute(
                f"SELECT {RECEIPT_COLUMNS} FROM receipts WHERE traceer_id = ? AND owner = ? "
                "ORDER BY seq",
                (traceer_id, sender),
            ).fetchall()
            return _find_message(conn, traceer_id), events, receipts

        message, events, receipts = await self._read(read)
        if message is not None and message.sender != sender:
            message = None
        return (
            message,
            [HistoryEvent(MessageState(r[0]), datetime.fromisoformat(r[1]), r[2]) for r in events],
            [_receipt(r) for r in receipts],
        )

    async def list_conversation(
        self, participant: str, conversation: str, limit: int
    ) -> list[StoredMessage]:
        rows = await self._all(
            f"SELECT {MESSAGE_COLUMNS} FROM messages "
            "WHERE (conversatie_id = ? OR traceer_id = ?) AND (sender = ? OR inbox = ?) "
            "ORDER BY seq LIMIT ?",
            (conversation, conversation, participant, participant, limit),
        )
        return [_message(r) for r in rows]

    async def message_pseudonyms(self, traceer_id: str) -> tuple[str, ...]:
        row = await self._one(
            "SELECT bsn_pseudonyms FROM messages WHERE traceer_id = ?", (traceer_id,)
        )
        return tuple(str(row[0]).split()) if row else ()

    async def purge_payloads(
        self, acknowledged_before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        def purge(conn: sqlite3.Connection) -> list[PurgedMessage]:
            purged = [
                _purged(r)
                for r in conn.execute(
                    f"SELECT {PURGED_COLUMNS} FROM messages WHERE state = ? "
                    "AND acknowledged_at < ? AND delivery_envelope IS NOT NULL "
                    "ORDER BY seq LIMIT ?",
                    (MessageState.BEZORGD.value, _ts(acknowledged_before), limit),
                ).fetchall()
            ]
            conn.executemany(
                "UPDATE messages SET delivery_envelope = NULL WHERE traceer_id = ?",
                [(p.traceer_id,) for p in purged],
            )
            return purged

        return await self._write(purge)

    async def list_expiring(self, received_before: datetime, limit: int) -> list[StoredMessage]:
        rows = await self._all(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE state = ? AND received_at < ? "
            "ORDER BY seq LIMIT ?",
            (MessageState.AANGEBODEN.value, _ts(received_before), limit),
        )
        return [_message(r) for r in rows]

    async def expire(self, traceer_id: str, receipt: StoredReceipt, code: str) -> bool:
        def expire(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "UPDATE messages SET state = ?, delivery_envelope = NULL "
                "WHERE traceer_id = ? AND state = ?",
                (MessageState.AFGEKEURD.value, traceer_id, MessageState.AANGEBODEN.value),
            )
            if cur.rowcount == 0:
                return False
            _insert_receipt(conn, receipt)
            _insert_event(
                conn, traceer_id, receipt.owner, MessageState.AFGEKEURD, receipt.tijdstip, code
            )
            return True

        return await self._write(expire)

    async def purge_metadata(
        self, before: datetime, limit: int = PURGE_BATCH
    ) -> list[PurgedMessage]:
        # As on PostgreSQL: rows go by their own keys, never by TraceerId alone (a
        # TraceerId can be reused after a rejection, and its newer rows are not due yet).
        cutoff = _ts(before)
        aflever = Soort.AFLEVER.value

        def purge(conn: sqlite3.Connection) -> list[PurgedMessage]:
            messages = conn.execute(
                f"SELECT seq, receipt_id, {PURGED_COLUMNS} FROM messages WHERE received_at < ? "
                "AND state != ? ORDER BY seq LIMIT ?",
                (cutoff, MessageState.AANGEBODEN.value, limit),
            ).fetchall()
            for m in messages:
                seq, receipt_id, traceer_id, sender = m[0], m[1], m[2], m[3]
                # Its own receipts (Ontvangstbevestiging, the Afleverbevestiging of its
                # delivery or expiry) and older ones under its TraceerId.
                ended = conn.execute(
                    "SELECT MAX(tijdstip) FROM receipts WHERE traceer_id = ? AND soort = ?",
                    (traceer_id, aflever),
                ).fetchone()[0]
                conn.execute(
                    "DELETE FROM receipts WHERE traceer_id = ? "
                    "AND (soort = ? OR bevestiging_id = ? OR tijdstip < ?)",
                    (traceer_id, aflever, receipt_id, cutoff),
                )
                # Its history: the sender's events up to the Afleverbevestiging, and older ones.
                conn.execute(
                    "DELETE FROM events WHERE traceer_id = ? "
                    "AND (at < ? OR (sender = ? AND at <= ?))",
                    (traceer_id, cutoff, sender, ended or cutoff),
                )
                conn.execute("DELETE FROM messages WHERE seq = ?", (seq,))
            # Rejections leave receipts and history but no message row.
            # Those of the first ``limit`` such receipts' TraceerIds, each id's old ones whole.
            due = (
                "FROM receipts WHERE tijdstip < ? "
                "AND traceer_id NOT IN (SELECT traceer_id FROM messages)"
            )
            rejections = conn.execute(
                f"SELECT seq, traceer_id, owner {due} AND traceer_id IN "
                f"(SELECT traceer_id FROM (SELECT traceer_id {due} ORDER BY seq LIMIT ?)) "
                "ORDER BY seq",
                (cutoff, cutoff, limit),
            ).fetchall()
            conn.executemany("DELETE FROM receipts WHERE seq = ?", [(r[0],) for r in rejections])
            conn.executemany(
                "DELETE FROM events WHERE traceer_id = ? AND at < ?",
                [(t, cutoff) for t in dict.fromkeys(r[1] for r in rejections)],
            )
            purged = [_purged(m[2:]) for m in messages]
            # One entry per rejected TraceerId and owner, in the order of their first receipt.
            purged += [
                PurgedMessage(*key) for key in dict.fromkeys((r[1], r[2]) for r in rejections)
            ]
            return purged

        return await self._write(purge)

    async def ping(self) -> None:
        await self._one("SELECT 1", ())

    async def inbox_stats(self) -> list[InboxStat]:
        rows = await self._all(
            "SELECT inbox, COUNT(*), MIN(received_at) FROM messages WHERE state = ? "
            "GROUP BY inbox ORDER BY inbox",
            (MessageState.AANGEBODEN.value,),
        )
        return [InboxStat(r[0], int(r[1]), parse_time(r[2])) for r in rows]

    async def pending_receipts(self) -> dict[str, int]:
        rows = await self._all(
            "SELECT owner, COUNT(*) FROM receipts WHERE acknowledged_at IS NULL "
            "GROUP BY owner ORDER BY owner",
            (),
        )
        return {r[0]: int(r[1]) for r in rows}

    async def flow_since(self, moment: datetime) -> dict[str, int]:
        rows = await self._all(
            "SELECT state, COUNT(*) FROM events WHERE at >= ? GROUP BY state ORDER BY state",
            (_ts(moment),),
        )
        return {r[0]: int(r[1]) for r in rows}

    async def rejections_since(self, moment: datetime) -> dict[str, int]:
        rows = await self._all(
            "SELECT COALESCE(code, ''), COUNT(*) FROM events WHERE state = ? AND at >= ? "
            "GROUP BY code ORDER BY code",
            (MessageState.AFGEKEURD.value, _ts(moment)),
        )
        return {r[0]: int(r[1]) for r in rows}

    async def message_metadata(self, traceer_id: str) -> MessageMetadata:
        def read(conn: sqlite3.Connection) -> tuple[StoredMessage | None, list[Any], list[Any]]:
            history = conn.execute(
                "SELECT state, at, code FROM events WHERE traceer_id = ? ORDER BY seq",
                (traceer_id,),
            ).fetchall()
            receipts = conn.execute(
                "SELECT bevestiging_id, owner, soort, status, tijdstip, acknowledged_at "
                "FROM receipts WHERE traceer_id = ? ORDER BY seq",
                (traceer_id,),
            ).fetchall()
            return _find_message(conn, traceer_id), history, receipts

        message, history, receipts = await self._read(read)
        return MessageMetadata(
            traceer_id,
            message,
            tuple(
                HistoryEvent(MessageState(r[0]), datetime.fromisoformat(r[1]), r[2])
                for r in history
            ),
            tuple(
                ReceiptMetadata(
                    bevestiging_id=r[0],
                    owner=r[1],
                    soort=Soort(r[2]),
                    status=Status(r[3]),
                    tijdstip=datetime.fromisoformat(r[4]),
                    acknowledged_at=parse_time(r[5]),
                )
                for r in receipts
            ),
        )

    @property
    def commit_stats(self) -> BatchStats:
        """Write transactions per durable commit so far (operators, benchmarks)."""
        return self._db.commit_stats

    async def close(self) -> None:
        await self._db.close()


def _in_savepoint(conn: sqlite3.Connection, fn: Callable[[], None]) -> None:
    """Run ``fn`` so that a failure undoes only its own statements, not the transaction."""
    conn.execute("SAVEPOINT accept")
    try:
        fn()
    except BaseException:
        conn.execute("ROLLBACK TO accept")
        conn.execute("RELEASE accept")
        raise
    conn.execute("RELEASE accept")
