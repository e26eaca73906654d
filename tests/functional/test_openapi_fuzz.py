"""schemathesis against a live gateway (a real ``serve`` process) over mutual TLS.

Every generated request, valid or not, must get an answer the OpenAPI document
allows (status, content type, JSON schema, headers) and never a 5xx (503 only when
the store is down, which it is not here). ``make test`` runs a bounded number of
examples per operation (OPENAPI_EXAMPLES, default 8); ``make fuzz`` runs many more.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from gateway.web.openapi import DEFAULT_PATH
from tests.conftest import SCHEMAS
from tests.openapi_support import PARTY_BY_TAG, party_for
from tests.serving import CLI, GatewayProcess

pytestmark = [pytest.mark.openapi_fuzz, pytest.mark.timeout(900)]

EXAMPLES = int(os.environ.get("OPENAPI_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,  # a method the path lacks: 405 with Allow
]
# The document is a file of this repository: loading it opens no connection.
schema = schemathesis.openapi.from_path(str(DEFAULT_PATH))


@pytest.fixture(scope="module")
def live_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayProcess]:
    """`dev-pki`, then `serve` on an empty data directory, with one message sent and so
    a listing, a delivery and receipts for the generated requests to meet."""
    directory = tmp_path_factory.mktemp("openapi-fuzz")
    subprocess.run([*CLI, "dev-pki", "--out", "certs"], cwd=directory, check=True, timeout=60)
    gw = GatewayProcess(
        Path("certs/gateway.toml"), directory, "serve", cwd=directory, extra=("--data-dir", "data")
    )
    gw.start()
    try:
        gw.wait_ready()
        payload = SCHEMAS / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml"
        subprocess.run(
            [
                *CLI,
                *("send", "--url", gw.url, "--party", "certs/agb-12345678"),
                *("--to", "5509", str(payload)),
            ],
            cwd=directory,
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield gw
    finally:
        gw.stop()


@pytest.fixture(scope="module")
def tls(live_gateway: GatewayProcess) -> dict[str, dict[str, object]]:
    """Per party, the mutual-TLS arguments: the dev PKI's client certificate and CA."""
    certs = live_gateway.cwd / "certs"
    return {
        party: {
            "cert": (str(certs / party / "tls.crt"), str(certs / party / "tls.key")),
            "verify": str(certs / "ca.crt"),
        }
        for party in set(PARTY_BY_TAG.values())
    }


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
def test_every_answer_conforms_to_the_openapi_document(case, live_gateway, tls, session):
    party = party_for(case.operation.method, case.operation.path)
    case.call_and_validate(base_url=live_gateway.url, session=session, checks=CHECKS, **tls[party])
