"""Metric labels come from checked values only: a message cannot invent new series."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from gateway.messagetypes import MessageTypeRegistry
from gateway.metrics import GatewayMetrics
from gateway.ports import Event, EventKind


def _count(metrics: GatewayMetrics, **labels: str) -> float | None:
    return metrics.registry.get_sample_value("meerzorg_gateway_messages_total", labels)


async def test_unknown_types_and_odd_codes_collapse_into_other():
    metrics = GatewayMetrics()
    ctx: Any = SimpleNamespace(message_types=MessageTypeRegistry.load())
    sink = metrics.sink(ctx)
    now = datetime.now(UTC)
    await sink.emit(Event(EventKind.RECEIVED, "GW000", now, None, bericht_type="meerzorgplan"))
    await sink.emit(Event(EventKind.REJECTED, "GW120", now, None, bericht_type="123456782"))
    await sink.emit(Event(EventKind.REJECTED, "9f1c-oops", now, None))
    assert _count(metrics, type="meerzorgplan", outcome="received", code="GW000") == 1
    assert _count(metrics, type="other", outcome="rejected", code="GW120") == 1
    assert _count(metrics, type="none", outcome="rejected", code="other") == 1
    assert b"123456782" not in metrics.render()


def test_unknown_stage_names_collapse_into_other():
    metrics = GatewayMetrics()
    metrics.observe("decrypt", 0.01)
    metrics.observe("a-new-stage", 0.01)
    sample = metrics.registry.get_sample_value
    assert sample("meerzorg_gateway_stage_seconds_count", {"stage": "decrypt"}) == 1
    assert sample("meerzorg_gateway_stage_seconds_count", {"stage": "other"}) == 1


def test_each_gateway_has_its_own_registry():
    one, two = GatewayMetrics(), GatewayMetrics()
    one.count_store_error("api")
    value = "meerzorg_gateway_store_errors_total"
    assert one.registry.get_sample_value(value, {"source": "api"}) == 1
    assert two.registry.get_sample_value(value, {"source": "api"}) == 0
