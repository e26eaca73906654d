"""What the fast service tests against the fakes (tests/fakes.py) share: the dev PKI's
configuration loaded as one Snapshot, and the message types."""

from __future__ import annotations

import pytest

from gateway.bootstrap import load_snapshot
from gateway.config import load_gateway_config
from gateway.devpki import DevPki
from gateway.messagetypes import MessageTypeRegistry
from gateway.services.context import Snapshot


@pytest.fixture(scope="session")
def message_types() -> MessageTypeRegistry:
    return MessageTypeRegistry.load()


@pytest.fixture(scope="session")
def snapshot(dev_pki: DevPki) -> Snapshot:
    return load_snapshot(load_gateway_config(dev_pki.gateway_config), with_keys=True)
