"""schemathesis with the store down: every /v1 answer is one the OpenAPI document allows,
and the only 5xx is 503 with Retry-After (a real PostgreSQL server, stopped)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.devpki import write_dev_pki
from gateway.web.openapi import DEFAULT_PATH
from tests.openapi_support import party_for
from tests.resilience.harness import migrate, write_config
from tests.resilience.pgserver import PrivatePostgres
from tests.serving import GatewayProcess

pytestmark = [pytest.mark.openapi_fuzz, pytest.mark.timeout(900)]

EXAMPLES = int(os.environ.get("OPENAPI_OUTAGE_EXAMPLES", "3"))
schema = schemathesis.openapi.from_path(str(DEFAULT_PATH))


def only_503_with_the_store_down(ctx, response, case) -> None:
    """The store is down: 503 is the one server error allowed (with Retry-After, which
    response_headers_conformance checks against the document)."""
    status = response.status_code
    assert status < 500 or status == 503, f"{status} with the store down: only 503 may be"


CHECKS = [
    only_503_with_the_store_down,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def gateway_without_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayProcess]:
    """A real `serve` on a private PostgreSQL server, which is then stopped."""
    root = tmp_path_factory.mktemp("openapi-outage")
    pki = write_dev_pki(root / "pki")
    pg = PrivatePostgres()
    gw: GatewayProcess | None = None
    try:
        pg.init()
        pg.start()
        config = write_config(pki, "openapi-outage", root / "data", dsn=pg.dsn)
        migrate(config)
        gw = GatewayProcess(config, root, "openapi-outage")
        gw.start()
        gw.wait_ready()
        pg.stop("fast")
        yield gw
    finally:
        if gw is not None:
            gw.stop()
        pg.destroy()


@pytest.fixture(scope="module")
def certs(gateway_without_store: GatewayProcess) -> Path:
    return gateway_without_store.config.parent


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as kept_alive:
        yield kept_alive


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_with_the_store_down_every_answer_conforms_and_5xx_is_only_503(
    case, gateway_without_store, certs, session
):
    party = party_for(case.operation.method, case.operation.path)
    case.call_and_validate(
        base_url=gateway_without_store.url,
        session=session,
        checks=CHECKS,
        cert=(str(certs / party / "tls.crt"), str(certs / party / "tls.key")),
        verify=str(certs / "ca.crt"),
    )


def test_the_requests_above_met_the_store_down(gateway_without_store: GatewayProcess):
    """Runs after the operations above: they did reach the store and got 503, never 500."""
    lines = [
        json.loads(line)
        for line in gateway_without_store.log_file.read_text().splitlines()
        if line.startswith("{")
    ]
    statuses = [line["status"] for line in lines if line.get("event") == "request"]
    assert statuses.count(503) > 0
    assert not [s for s in statuses if s >= 500 and s != 503]
    assert all(
        line.get("code") == "STORE"
        for line in lines
        if line.get("event") == "request" and line["status"] == 503
    )
