"""The OpenAPI 3.1 document of the /v1 API (docs/openapi.yaml), served as JSON."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
OPENAPI_ENV = "MEERZORG_OPENAPI"  # the container image keeps it outside the source tree


def openapi_path() -> Path:
    return Path(os.environ.get(OPENAPI_ENV) or DEFAULT_PATH)


@lru_cache(maxsize=4)
def openapi_json(path: Path) -> bytes:
    """The document as JSON bytes, read once per path (the gateway does not edit it)."""
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3.1"):
        raise ValueError(f"{path} is not an OpenAPI 3.1 document")
    return json.dumps(document, ensure_ascii=False, sort_keys=False).encode("utf-8")
