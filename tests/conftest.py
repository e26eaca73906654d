"""Shared fixtures: a dev PKI made by the project's own tool, a real gateway over mutual TLS."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import structlog

from gateway.client import GatewayClient, Identity
from gateway.config import load_gateway_config
from gateway.devpki import DevPki, GatewayConfigSpec, render_gateway_toml, write_dev_pki
from gateway.runtime import RunningGateway, start_gateway

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"


def in_ci() -> bool:
    """CI runs `.ci/run` with CI=true; there, a missing dependency is a failure."""
    return os.environ.get("CI", "").lower() == "true"


def require_tool(name: str) -> str:
    """The path of a command-line tool; in CI a missing tool fails, elsewhere it skips."""
    path = shutil.which(name)
    if path is None:
        if in_ci():
            pytest.fail(f"{name} is required in CI (make test installs it)")
        pytest.skip(f"{name} not installed")
    return path


class FakeClock:
    """A clock the test moves; starts at the real time so certificates are valid."""

    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime.now(UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


@pytest.fixture(scope="session")
def dev_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """One dev PKI for the session (tests that revoke or rotate make their own)."""
    return write_dev_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def fresh_pki(tmp_path: Path) -> DevPki:
    return write_dev_pki(tmp_path / "pki")


GatewayFactory = Callable[..., Awaitable[RunningGateway]]


@pytest.fixture
async def start(tmp_path: Path) -> AsyncIterator[GatewayFactory]:
    """Start real gateways (mutual TLS on a free port) and stop them after the test."""
    running: list[RunningGateway] = []

    async def _start(
        pki: DevPki, *, clock: FakeClock | None = None, **spec: object
    ) -> RunningGateway:
        data_dir = tmp_path / f"data-{len(running)}"
        config_file = pki.root / f"gateway-test-{os.getpid()}-{id(data_dir)}.toml"
        config_file.write_text(
            render_gateway_toml(
                replace(GatewayConfigSpec(), port=0, ops_port=0, data_dir=str(data_dir), **spec)  # type: ignore[arg-type]
            )
        )
        config = load_gateway_config(config_file)
        gw = await start_gateway(config, clock=clock, migrate=True)
        running.append(gw)
        return gw

    yield _start
    for gw in running:
        await gw.stop()


def url(gw: RunningGateway) -> str:
    return f"https://localhost:{gw.api_port}"


def client(gw: RunningGateway, pki: DevPki, party: str) -> GatewayClient:
    """A client for a party directory name such as ``agb-12345678`` or ``zk-5509``."""
    return GatewayClient(url(gw), Identity.from_party_dir(pki.root / party))


def example(bericht_type: str, name: str) -> bytes:
    return (SCHEMAS / bericht_type / "1.0" / "examples" / name).read_bytes()


@pytest.fixture
def captured_logs() -> structlog.testing.LogCapture:
    """Every structlog event of the test, for assertions on what operators see."""
    capture = structlog.testing.LogCapture()
    structlog.configure(processors=[capture])
    return capture
