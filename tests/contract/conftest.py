"""Every contract test runs once per backend: ``sqlite`` and ``postgresql``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.contract.backends import Backend, PostgresBackend, SqliteBackend
from tests.postgres import fresh_schema


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """A backend with nothing in it yet (no schema either): files, or a fresh PG schema."""
    if request.param == "sqlite":
        sqlite = SqliteBackend(tmp_path)
        try:
            yield sqlite
        finally:
            await sqlite.close_all()
        return
    async with fresh_schema() as where:
        postgres = PostgresBackend(where)
        try:
            yield postgres
        finally:
            await postgres.close_all()
