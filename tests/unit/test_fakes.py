"""The fakes of tests/fakes.py keep the ports' shape: every method of the port, with the
same parameters, so a service test on a fake calls what the real adapters offer."""

from __future__ import annotations

import inspect

import pytest

from adapters.sqlite_store import SqliteMessageStore
from gateway.ports import (
    ExchangeStore,
    MessageStore,
    OperatorQueries,
    PurgeStore,
    RetentionStore,
)
from tests.fakes import FakeExchangeStore, FakeOperatorQueries, FakeRetentionStore


def _methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def test_the_message_store_is_its_three_uses() -> None:
    uses = [_methods(p) for p in (ExchangeStore, RetentionStore, OperatorQueries)]
    names = [set(u) for u in uses]
    assert not names[0] & names[1]
    assert not names[0] & names[2]
    assert not names[1] & names[2]
    assert set(_methods(MessageStore)) == set().union(*names) | {"close"}


@pytest.mark.parametrize("name", sorted(_methods(ExchangeStore)))
def test_the_fake_exchange_store_has_each_exchange_method_as_the_port_declares_it(
    name: str,
) -> None:
    port = _methods(ExchangeStore)[name]
    assert str(_methods(FakeExchangeStore)[name]) == str(port)
    assert inspect.iscoroutinefunction(getattr(FakeExchangeStore, name))


@pytest.mark.parametrize("name", sorted(_methods(MessageStore)))
def test_the_real_adapter_offers_each_method_of_the_port(name: str) -> None:
    assert name in _methods(SqliteMessageStore)


@pytest.mark.parametrize("name", sorted(_methods(PurgeStore)))
def test_the_fake_retention_store_has_each_method_of_the_purge_port_as_declared(
    name: str,
) -> None:
    port = _methods(PurgeStore)[name]
    assert str(_methods(FakeRetentionStore)[name]) == str(port)
    assert inspect.iscoroutinefunction(getattr(FakeRetentionStore, name))


def test_the_purge_port_is_the_retention_port_and_the_exchanges_pseudonym_lookup() -> None:
    extra = set(_methods(PurgeStore)) - set(_methods(RetentionStore))
    assert extra == {"message_pseudonyms"}
    assert str(_methods(PurgeStore)["message_pseudonyms"]) == str(
        _methods(ExchangeStore)["message_pseudonyms"]
    )


@pytest.mark.parametrize("name", sorted(_methods(OperatorQueries)))
def test_the_fake_operator_queries_have_each_method_as_the_port_declares_it(name: str) -> None:
    port = _methods(OperatorQueries)[name]
    assert str(_methods(FakeOperatorQueries)[name]) == str(port)
    assert inspect.iscoroutinefunction(getattr(FakeOperatorQueries, name))
