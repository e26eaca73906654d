"""``build_context`` (gateway/bootstrap.py) closes what it opened itself when a later step
fails: real SQLite files in tmp_path, the failure brought on by the configuration or the
data directory, never by patching. A store left open keeps its thread alive (one
``sqlite-<file>`` thread per open SQLite file, adapters/sqlite_common.py), so the threads
tell whether it was closed. The test keeps the exception (and with its traceback the
frames that opened the store), so that garbage collection cannot close a leaked store
and hide the leak.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from gateway.bootstrap import build_context, migrate
from gateway.config import GatewayConfig, load_gateway_config
from gateway.devpki import DevPki
from gateway.messagetypes import MessageTypeError
from gateway.ports import SchemaMismatch


@pytest.fixture
async def config(dev_pki: DevPki, tmp_path: Path) -> GatewayConfig:
    loaded = replace(load_gateway_config(dev_pki.gateway_config), data_dir=tmp_path / "data")
    await migrate(loaded)  # both stores exist at the current schema
    return loaded


def store_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    """The SQLite threads started since ``before`` that are still alive after a moment
    (a closed store's thread ends once its last call returns)."""
    started = [t for t in threading.enumerate() if t not in before and t.name.startswith("sqlite-")]
    for thread in started:
        thread.join(timeout=5)
    return [t for t in started if t.is_alive()]


async def test_the_message_store_is_closed_when_the_audit_store_cannot_be_opened(
    config: GatewayConfig,
) -> None:
    (config.data_dir / "audit.sqlite3").unlink()  # a lost audit trail: refused, not recreated
    before = set(threading.enumerate())
    with pytest.raises(SchemaMismatch, match="audit") as raised:
        await build_context(config)
    assert store_threads(before) == []
    assert raised.traceback  # held until here


async def test_the_message_store_is_closed_when_the_message_types_cannot_be_loaded(
    config: GatewayConfig, tmp_path: Path
) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "iwlz-aw35-5.2.xsl").write_text("<xsl:stylesheet  this is not XML")
    broken = replace(config, rule_set_hooks=hooks)
    before = set(threading.enumerate())
    with pytest.raises(MessageTypeError) as raised:
        await build_context(broken)
    assert store_threads(before) == []
    assert raised.traceback  # held until here


async def test_a_context_that_was_built_closes_both_stores(config: GatewayConfig) -> None:
    before = set(threading.enumerate())
    ctx = await build_context(config)
    opened = [t.name for t in threading.enumerate() if t not in before and "sqlite" in t.name]
    assert sorted(opened) == ["sqlite-audit.sqlite3_0", "sqlite-gateway.sqlite3_0"]
    await ctx.close()
    assert store_threads(before) == []
