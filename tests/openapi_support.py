"""What the schemathesis tests share: which dev-PKI party calls which operation."""

from __future__ import annotations

import yaml

from gateway.web.openapi import DEFAULT_PATH

# The operation's first tag in docs/openapi.yaml names the role that may call it.
PARTY_BY_TAG = {
    "zorgaanbieder": "agb-12345678",
    "zorgkantoor": "zk-5509",
    "deelnemer": "agb-12345678",
}
TAGS = {
    (method.upper(), path): operation["tags"][0]
    for path, item in yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))["paths"].items()
    for method, operation in item.items()
    if isinstance(operation, dict) and "tags" in operation
}


def party_for(method: str, path: str) -> str:
    """The party directory (under the dev PKI) whose certificate calls this operation."""
    return PARTY_BY_TAG[TAGS[(method.upper(), path)]]
