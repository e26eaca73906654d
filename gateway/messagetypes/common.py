"""Constants and the load error of the message types."""

from __future__ import annotations

import re
from pathlib import Path

import structlog

log = structlog.get_logger("gateway.messagetypes")

COMMON_NAMESPACE = "urn:nl:meerzorg:berichtenverkeer:1"
XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "schemas"
# Where an installed gateway (e.g. the Docker image) finds its message types.
SCHEMAS_ENV = "MEERZORG_SCHEMAS"
REGISTRY_FILE = "registry.toml"
COMMON_SCHEMA = Path("common") / "1" / "berichtenverkeer.xsd"

SCHEMA_CODE = "GW301"
ELEMENT_LIMIT_CODE = "GW302"
RULE_SET_FAILED_CODE = "GW303"
# Elements an external-standard document may hold before its rule set runs (registry
# ``max_elementen``): the iWlz stylesheets grow quadratically with the clients (bench/).
DEFAULT_MAX_ELEMENTS = 20_000
MAX_SCHEMA_MELDINGEN = 20
DEFAULT_TIMEZONE = "Europe/Amsterdam"  # the domain's deadlines are Dutch calendar dates

_NAAM_RE = re.compile(r"[a-z][a-z0-9-]{0,63}")
_VERSIE_RE = re.compile(r"[0-9]+\.[0-9]+")
_RULE_CODE_RE = re.compile(r"GW4[0-9]{2}")
_PREFIX_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_MAX_OMSCHRIJVING = 1000  # the receipt schema's maxLength


class MessageTypeError(Exception):
    """The registry, an XSD or a rules.toml is unusable (raised at load, never per message)."""
