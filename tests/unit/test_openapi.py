"""docs/openapi.yaml and the /v1 routes stay in step: every route documented, every
documented operation served, and the document is OpenAPI 3.1 with sound JSON Schemas."""

from __future__ import annotations

import json
import re
from typing import Any, cast

import jsonschema_rs  # schemathesis's JSON Schema validator
import pytest
import schemathesis
import yaml

from gateway.web.api import make_api_app
from gateway.web.openapi import DEFAULT_PATH, openapi_json
from tests.conftest import REPO

METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


def document() -> dict[str, Any]:
    return cast(dict[str, Any], yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8")))


def served_operations() -> set[tuple[str, str]]:
    """(METHOD, path template) of every /v1 route; HEAD comes with GET (RFC 9110)."""
    app = make_api_app(cast(Any, None), max_body_bytes=1024)
    found = set()
    for route in app.router.routes():
        info = route.resource.canonical if route.resource is not None else ""
        if route.method != "HEAD":
            found.add((route.method, info))
    return found


def documented_operations() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document()["paths"].items()
        for method in item
        if method in METHODS
    }


def test_every_route_is_documented_and_every_documented_operation_is_served():
    served, documented = served_operations(), documented_operations()
    assert served - documented == set(), "routes missing from docs/openapi.yaml"
    assert documented - served == set(), "docs/openapi.yaml documents routes nobody serves"


def test_is_openapi_3_1_with_mutual_tls_for_everything():
    doc = document()
    assert doc["openapi"].startswith("3.1.")
    assert doc["security"] == [{"mutualTLS": []}]
    assert doc["components"]["securitySchemes"]["mutualTLS"]["type"] == "mutualTLS"


def test_is_valid_against_the_openapi_3_1_meta_schema():
    """schemathesis's own check of the document (the OpenAPI 3.1 JSON Schema)."""
    schemathesis.openapi.from_path(str(DEFAULT_PATH)).validate()


def test_every_operation_documents_the_answers_every_v1_request_can_get():
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            statuses = set(operation["responses"])
            assert {"400", "401", "403", "429", "503"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)


def test_429_and_503_carry_retry_after():
    responses = document()["components"]["responses"]
    for name in ("TooManyRequests", "Unavailable"):
        assert "Retry-After" in responses[name]["headers"]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_every_reference_resolves():
    doc = document()
    for ref in _refs(doc):
        assert ref.startswith("#/"), ref
        node: Any = doc
        for part in ref[2:].split("/"):
            node = node[part]


def test_xml_bodies_name_the_shipped_envelope_schema():
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    for xsd in set(re.findall(r"schemas/[\w/.-]+\.xsd", text)):
        assert (REPO / xsd).is_file(), xsd
    schemas = document()["components"]["schemas"]
    for name in ("Envelope", "Bevestiging"):
        assert schemas[name]["contentMediaType"] == "application/xml"
        assert "berichtenverkeer.xsd" in schemas[name]["externalDocs"]["url"]


@pytest.mark.parametrize("name", ["Fout", "NietGevonden", "Postvak", "BerichtStatus"])
def test_json_schemas_are_valid_draft_2020_12(name: str):
    schema = document()["components"]["schemas"][name]
    resolved = json.loads(json.dumps(schema).replace("#/components/schemas/", "#/$defs/"))
    resolved["$defs"] = json.loads(
        json.dumps(document()["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/")
    )
    jsonschema_rs.Draft202012Validator(resolved)


def test_not_found_schema_is_the_one_body_the_gateway_sends():
    schema = document()["components"]["schemas"]["NietGevonden"]
    validator = jsonschema_rs.Draft202012Validator(schema)
    assert validator.is_valid({"status": 404, "code": None, "omschrijving": "Niet gevonden."})
    assert not validator.is_valid({"status": 404, "omschrijving": "Not Found"})


def test_served_json_is_the_yaml_document():
    assert json.loads(openapi_json(DEFAULT_PATH)) == document()
