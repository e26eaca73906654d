"""SQLite message store (the embedded default): WAL mode, durable commits.

One connection per process; writes take ``BEGIN IMMEDIATE`` so concurrent
writers serialize in the database, and ``synchronous=FULL`` makes a commit
durable before a receipt is sent (protocol 3: 202 means durably stored).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from adapters.sqlite_common import connect_durable
from gateway.domain.errors import StoreUnavailable
from gateway.domain.receipts import MessageState, Soort, Status
from gateway.ports import (
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
)

_MESSAGE_COLUMNS = (
    "traceer_id, sender, afzender, inbox, geadresseerde, bericht_type, bericht_versie, "
    "envelope_digest, delivery_sha256, size, received_at, state, receipt_id, acknowledged_at"
)
_PURGED_COLUMNS = "traceer_id, sender, afzender, geadresseerde, inbox, bericht_type, bsn_pseudonyms"
_RECEIPT_COLUMNS = (
    "bevestiging_id, owner, traceer_id, soort, status, tijdstip, xml, acknowledged_at"
)


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _message(row: Any) -> StoredMessage:
    return StoredMessage(
        traceer_id=row[0],
        sender=row[1],
        afzender=row[2],
        inbox=row[3],
        geadresseerde=row[4],
        bericht_type=row[5],
        bericht_versie=row[6],
        envelope_digest=bytes(row[7]),
        delivery_sha256=bytes(row[8]),
        size=row[9],
        received_at=datetime.fromisoformat(row[10]),
        state=MessageState(row[11]),
        receipt_id=row[12],
        acknowledged_at=_dt(row[13]),
    )


def _purged(row: Any) -> PurgedMessage:
    return PurgedMessage(
        traceer_id=row[0],
        sender=row[1],
        afzender=row[2],
        geadresseerde=row[3],
        inbox=row[4],
        bericht_type=row[5],
        bsn_pseudonyms=tuple(str(row[6]).split()),
    )


def _receipt(row: Any) -> StoredReceipt:
    return StoredReceipt(
        bevestiging_id=row[0],
        owner=row[1],
        traceer_id=row[2],
        soort=Soort(row[3]),
        status=Status(row[4]),
        tijdstip=datetime.fromisoformat(row[5]),
        xml=bytes(row[6]),
        acknowledged_at=_dt(row[7]),
    )


class SqliteMessageStore:
    """MessageStore on one SQLite file."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        # One connection serves every request of this process: a transaction must
        # not interleave with another coroutine's statements (a second BEGIN would
        # fail, a ROLLBACK would undo the other's writes).
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path, *, busy_timeout_ms: int = 5000) -> SqliteMessageStore:
        """Open (and migrate) the store; a writer waits ``busy_timeout_ms`` for a lock."""
        conn = await connect_durable(path, busy_timeout_ms=busy_timeout_ms)
        try:
            await conn.execute("PRAGMA foreign_keys=ON")
            store = cls(conn, path)
            await store._migrate()
        except BaseException:
            await conn.close()
            raise
        return store

    async def _migrate(self) -> None:
        # The version is read inside the write transaction: two processes opening a
        # new file at once must not both run a migration ("table already exists").
        # executescript() would commit first, so the statements run one by one; the
        # migration scripts hold no ';' other than between statements.
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            async with self._conn.execute("PRAGMA user_version") as cur:
                row = await cur.fetchone()
            version = int(row[0]) if row else 0
            if version > len(MIGRATIONS):
                raise RuntimeError(
                    f"database {self.path} has schema version {version}, newer than this gateway"
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        await self._conn.execute(statement)
                await self._conn.execute(f"PRAGMA user_version={number}")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                await self._conn.execute("ROLLBACK")
            raise
        await self._conn.execute("COMMIT")

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; any database failure is StoreUnavailable (503)."""
        async with self._lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreUnavailable(str(exc)) from exc
            try:
                yield self._conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await self._conn.execute("ROLLBACK")
                raise
            try:
                await self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                # A failed COMMIT can leave the transaction open; end it so the
                # connection can serve the next request.
                with contextlib.suppress(sqlite3.Error):
                    await self._conn.execute("ROLLBACK")
                raise StoreUnavailable(str(exc)) from exc

    async def _one(self, sql: str, params: tuple[Any, ...]) -> Any:
        try:
            async with self._lock, self._conn.execute(sql, params) as cur:
                return await cur.fetchone()
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    async def _all(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            async with self._lock, self._conn.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    async def find_message(self, traceer_id: str) -> StoredMessage | None:
        row = await self._one(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE traceer_id = ?", (traceer_id,)
        )
        return None if row is None else _message(row)

    async def get_receipt_xml(self, bevestiging_id: str) -> bytes | None:
        row = await self._one(
            "SELECT xml FROM receipts WHERE bevestiging_id = ?", (bevestiging_id,)
        )
        return None if row is None else bytes(row[0])

    async def _insert_receipt(self, conn: aiosqlite.Connection, r: StoredReceipt) -> None:
        await conn.execute(
            f"INSERT INTO receipts ({_RECEIPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            (
                r.bevestiging_id,
                r.owner,
                r.traceer_id,
                r.soort.value,
                r.status.value,
                _ts(r.tijdstip),
                r.xml,
            ),
        )

    async def _insert_event(
        self,
        conn: aiosqlite.Connection,
        traceer_id: str,
        sender: str,
        state: MessageState,
        at: datetime,
        code: str | None = None,
    ) -> None:
        await conn.execute(
            "INSERT INTO events (traceer_id, sender, state, at, code) VALUES (?, ?, ?, ?, ?)",
            (traceer_id, sender, state.value, _ts(at), code),
        )

    async def accept(self, message: NewMessage, receipt: StoredReceipt) -> StoredMessage | None:
        m = message
        try:
            async with self._write() as conn:
                await conn.execute(
                    "INSERT INTO messages (traceer_id, sender, afzender, inbox, geadresseerde, "
                    "bericht_type, bericht_versie, conversatie_id, envelope_digest, "
                    "delivery_envelope, delivery_sha256, size, received_at, state, receipt_id, "
                    "bsn_pseudonyms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        m.traceer_id,
                        m.sender,
                        m.afzender,
                        m.inbox,
                        m.geadresseerde,
                        m.bericht_type,
                        m.bericht_versie,
                        m.conversatie_id,
                        m.envelope_digest,
                        m.delivery_envelope,
                        m.delivery_sha256,
                        len(m.delivery_envelope),
                        _ts(m.received_at),
                        MessageState.AANGEBODEN.value,
                        receipt.bevestiging_id,
                        " ".join(m.bsn_pseudonyms),
                    ),
                )
                await self._insert_receipt(conn, receipt)
                await self._insert_event(
                    conn, m.traceer_id, m.sender, MessageState.ONTVANGEN, m.received_at
                )
                await self._insert_event(
                    conn, m.traceer_id, m.sender, MessageState.AANGEBODEN, m.received_at
                )
        except sqlite3.IntegrityError:
            existing = await self.find_message(m.traceer_id)
            if existing is None:  # pragma: no cover - a constraint other than the TraceerId
                raise
            return existing
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc
        return None

    async def record_rejection(self, receipt: StoredReceipt, code: str) -> None:
        try:
            async with self._write() as conn:
                await self._insert_receipt(conn, receipt)
                await self._insert_event(
                    conn,
                    receipt.traceer_id,
                    receipt.owner,
                    MessageState.AFGEKEURD,
                    receipt.tijdstip,
                    code,
                )
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    async def list_inbox(self, inbox: str, limit: int) -> list[StoredMessage]:
        rows = await self._all(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE inbox = ? AND state = ? "
            "ORDER BY seq LIMIT ?",
            (inbox, MessageState.AANGEBODEN.value, limit),
        )
        return [_message(r) for r in rows]

    async def get_delivery(self, inbox: str, traceer_id: str) -> tuple[StoredMessage, bytes] | None:
        row = await self._one(
            f"SELECT {_MESSAGE_COLUMNS}, delivery_envelope FROM messages "
            "WHERE inbox = ? AND traceer_id = ? AND state = ? AND delivery_envelope IS NOT NULL",
            (inbox, traceer_id, MessageState.AANGEBODEN.value),
        )
        return None if row is None else (_message(row), bytes(row[14]))

    async def acknowledge(self, inbox: str, traceer_id: str, receipt: StoredReceipt) -> AckOutcome:
        try:
            async with self._write() as conn:
                async with conn.execute(
                    "SELECT state, sender FROM messages WHERE inbox = ? AND traceer_id = ?",
                    (inbox, traceer_id),
                ) as cur:
                    row = await cur.fetchone()
                if row is None:
                    return AckOutcome.NOT_FOUND
                if row[0] != MessageState.AANGEBODEN.value:
                    return AckOutcome.ALREADY
                await conn.execute(
                    "UPDATE messages SET state = ?, acknowledged_at = ? WHERE traceer_id = ?",
                    (MessageState.BEZORGD.value, _ts(receipt.tijdstip), traceer_id),
                )
                await self._insert_receipt(conn, receipt)
                await self._insert_event(
                    conn, traceer_id, row[1], MessageState.BEZORGD, receipt.tijdstip
                )
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc
        return AckOutcome.ACKNOWLEDGED

    async def list_receipts(self, owner: str, limit: int) -> list[StoredReceipt]:
        rows = await self._all(
            f"SELECT {_RECEIPT_COLUMNS} FROM receipts WHERE owner = ? AND acknowledged_at IS NULL "
            "ORDER BY seq LIMIT ?",
            (owner, limit),
        )
        return [_receipt(r) for r in rows]

    async def get_receipt(self, owner: str, bevestiging_id: str) -> StoredReceipt | None:
        row = await self._one(
            f"SELECT {_RECEIPT_COLUMNS} FROM receipts WHERE owner = ? AND bevestiging_id = ?",
            (owner, bevestiging_id),
        )
        return None if row is None else _receipt(row)

    async def acknowledge_receipt(self, owner: str, bevestiging_id: str) -> bool:
        try:
            async with self._write() as conn:
                cur = await conn.execute(
                    "UPDATE receipts SET acknowledged_at = COALESCE(acknowledged_at, ?) "
                    "WHERE owner = ? AND bevestiging_id = ?",
                    (_ts(datetime.now(UTC)), owner, bevestiging_id),
                )
                return cur.rowcount > 0
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc

    async def history(
        self, sender: str, traceer_id: str
    ) -> tuple[StoredMessage | None, list[HistoryEvent], list[StoredReceipt]]:
        message = await self.find_message(traceer_id)
        if message is not None and message.sender != sender:
            message = None
        events = [
            HistoryEvent(MessageState(r[0]), datetime.fromisoformat(r[1]), r[2])
            for r in await self._all(
                "SELECT state, at, code FROM events WHERE traceer_id = ? AND sender = ? "
                "ORDER BY seq",
                (traceer_id, sender),
            )
        ]
        receipts = [
            _receipt(r)
            for r in await self._all(
                f"SELECT {_RECEIPT_COLUMNS} FROM receipts WHERE traceer_id = ? AND owner = ? "
                "ORDER BY seq",
                (traceer_id, sender),
            )
        ]
        return message, events, receipts

    async def message_pseudonyms(self, traceer_id: str) -> tuple[str, ...]:
        row = await self._one(
            "SELECT bsn_pseudonyms FROM messages WHERE traceer_id = ?", (traceer_id,)
        )
        return tuple(str(row[0]).split()) if row else ()

    async def purge_payloads(self, acknowledged_before: datetime) -> list[PurgedMessage]:
        try:
            async with self._write() as conn:
                async with conn.execute(
                    f"SELECT {_PURGED_COLUMNS} FROM messages WHERE state = ? "
                    "AND acknowledged_at < ? AND delivery_envelope IS NOT NULL ORDER BY seq",
                    (MessageState.BEZORGD.value, _ts(acknowledged_before)),
                ) as cur:
                    purged = [_purged(r) for r in await cur.fetchall()]
                await conn.executemany(
                    "UPDATE messages SET delivery_envelope = NULL WHERE traceer_id = ?",
                    [(p.traceer_id,) for p in purged],
                )
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc
        return purged

    async def list_expiring(self, received_before: datetime, limit: int) -> list[StoredMessage]:
        rows = await self._all(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE state = ? AND received_at < ? "
            "ORDER BY seq LIMIT ?",
            (MessageState.AANGEBODEN.value, _ts(received_before), limit),
        )
        return [_message(r) for r in rows]

    async def expire(self, traceer_id: str, receipt: StoredReceipt, code: str) -> bool:
        try:
            async with self._write() as conn:
                cur = await conn.execute(
                    "UPDATE messages SET state = ?, delivery_envelope = NULL "
                    "WHERE traceer_id = ? AND state = ?",
                    (MessageState.AFGEKEURD.value, traceer_id, MessageState.AANGEBODEN.value),
                )
                if cur.rowcount == 0:
                    return False
                await self._insert_receipt(conn, receipt)
                await self._insert_event(
                    conn, traceer_id, receipt.owner, MessageState.AFGEKEURD, receipt.tijdstip, code
                )
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc
        return True

    async def purge_metadata(self, before: datetime) -> list[PurgedMessage]:
        cutoff = _ts(before)
        try:
            async with self._write() as conn:
                async with conn.execute(
                    f"SELECT {_PURGED_COLUMNS} FROM messages WHERE received_at < ? AND state != ? "
                    "ORDER BY seq",
                    (cutoff, MessageState.AANGEBODEN.value),
                ) as cur:
                    purged = [_purged(r) for r in await cur.fetchall()]
                # Rejections leave receipts and history but no message row.
                async with conn.execute(
                    "SELECT traceer_id, owner FROM receipts WHERE tijdstip < ? "
                    "AND traceer_id NOT IN (SELECT traceer_id FROM messages) "
                    "GROUP BY traceer_id, owner ORDER BY MIN(seq)",
                    (cutoff,),
                ) as cur:
                    purged += [PurgedMessage(r[0], r[1]) for r in await cur.fetchall()]
                gone = [(p.traceer_id,) for p in purged]
                await conn.executemany("DELETE FROM messages WHERE traceer_id = ?", gone)
                await conn.executemany("DELETE FROM receipts WHERE traceer_id = ?", gone)
                await conn.executemany("DELETE FROM events WHERE traceer_id = ?", gone)
        except sqlite3.Error as exc:
            raise StoreUnavailable(str(exc)) from exc
        return purged

    async def ping(self) -> None:
        await self._one("SELECT 1", ())

    async def inbox_stats(self) -> list[InboxStat]:
        rows = await self._all(
            "SELECT inbox, COUNT(*), MIN(received_at) FROM messages WHERE state = ? "
            "GROUP BY inbox ORDER BY inbox",
            (MessageState.AANGEBODEN.value,),
        )
        return [InboxStat(r[0], int(r[1]), _dt(r[2])) for r in rows]

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
        message = await self.find_message(traceer_id)
        history = tuple(
            HistoryEvent(MessageState(r[0]), datetime.fromisoformat(r[1]), r[2])
            for r in await self._all(
                "SELECT state, at, code FROM events WHERE traceer_id = ? ORDER BY seq",
                (traceer_id,),
            )
        )
        receipts = tuple(
            ReceiptMetadata(
                bevestiging_id=r[0],
                owner=r[1],
                soort=Soort(r[2]),
                status=Status(r[3]),
                tijdstip=datetime.fromisoformat(r[4]),
                acknowledged_at=_dt(r[5]),
            )
            for r in await self._all(
                "SELECT bevestiging_id, owner, soort, status, tijdstip, acknowledged_at "
                "FROM receipts WHERE traceer_id = ? ORDER BY seq",
                (traceer_id,),
            )
        )
        return MessageMetadata(traceer_id, message, history, receipts)

    async def close(self) -> None:
        await self._conn.close()
