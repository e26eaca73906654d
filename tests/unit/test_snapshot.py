"""Reload as one swap (README "Architecture"): registry, trust and the gateway's keys live
in one frozen ``Snapshot``; the context reads them through it, so a reload is the single
assignment of ``ctx.snapshot`` (gateway/runtime.py) and no request sees a mix."""

from __future__ import annotations

import dataclasses

import pytest

from gateway.services.context import GatewayContext, Snapshot


def test_the_snapshot_is_frozen() -> None:
    assert Snapshot.__dataclass_params__.frozen  # type: ignore[attr-defined]
    names = {f.name for f in dataclasses.fields(Snapshot)}
    assert {"registry", "trust", "decryption_keys", "encryption_certificates"} <= names
    assert "signing_keys" in names


@pytest.mark.parametrize(
    "name", ["decryption_keys", "encryption_certificates", "signing_keys", "signing_key"]
)
def test_the_context_reads_the_keys_from_its_snapshot_and_cannot_swap_them_alone(
    name: str,
) -> None:
    assert name not in {f.name for f in dataclasses.fields(GatewayContext)}
    attribute = getattr(GatewayContext, name)
    assert isinstance(attribute, property)
    assert attribute.fset is None
