"""`serve` on an empty data directory creates the SQLite schema; nothing else is created."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from adapters.sqlite_audit import SqliteAuditStore
from adapters.sqlite_store import SqliteMessageStore
from gateway.bootstrap import SQLITE_STORE_FILES, create_store_if_fresh, migrate
from gateway.config import GatewayConfig, StoreConfig, load_gateway_config
from gateway.devpki import DevPki
from gateway.ports import SchemaMismatch


@pytest.fixture
def config(dev_pki: DevPki, tmp_path: Path) -> GatewayConfig:
    return replace(load_gateway_config(dev_pki.gateway_config), data_dir=tmp_path / "data")


async def test_an_empty_data_directory_gets_both_schemas_at_the_latest_version(config):
    assert await create_store_if_fresh(config)
    messages = await SqliteMessageStore.open(config.data_dir / "gateway.sqlite3")
    audit = await SqliteAuditStore.open(config.data_dir / "audit.sqlite3")
    try:  # opened without migrate: the schema is current
        assert messages.migrated_from == messages.schema_version
        assert audit.migrated_from == audit.schema_version
    finally:
        await messages.close()
        await audit.close()
    assert not await create_store_if_fresh(config)  # a second start changes nothing


async def test_a_lost_audit_trail_is_not_recreated(config):
    await migrate(config)
    (config.data_dir / "audit.sqlite3").unlink()
    assert not await create_store_if_fresh(config)
    assert not (config.data_dir / "audit.sqlite3").exists()
    with pytest.raises(SchemaMismatch, match="run `meerzorg-gateway migrate`"):
        await SqliteAuditStore.open(config.data_dir / "audit.sqlite3")


async def test_postgresql_is_never_created_by_serve(config):
    unreachable = StoreConfig(backend="postgresql", dsn="postgresql://nobody@127.0.0.1:9/none")
    assert not await create_store_if_fresh(replace(config, store=unreachable))
    for name in SQLITE_STORE_FILES:
        assert not (config.data_dir / name).exists()
