"""What every SQLite adapter of the gateway opens its file with."""

from __future__ import annotations

from pathlib import Path

import aiosqlite


async def connect_durable(path: Path, *, busy_timeout_ms: int = 5000) -> aiosqlite.Connection:
    """A connection in WAL mode with ``synchronous=FULL``: a commit is on disk when it returns.

    ``isolation_level=None`` leaves transactions to the caller (``BEGIN IMMEDIATE``);
    a writer waits ``busy_timeout_ms`` for another process's lock.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        await conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        await conn.close()
        raise
    return conn
