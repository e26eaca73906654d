"""Message types as data: XSDs and declarative business rules per type and version.

A message type is a folder under ``schemas/`` listed in ``schemas/registry.toml``:
an XSD (compiled once at load) and an optional ``rules.toml`` whose rules use a
small set of generic rule kinds (``elfproef``, ``date_order``, ...). Adding a
type or version needs no code change. The gateway calls
``MessageType.validate`` on a verified payload (protocol 5.1): schema first
(GW301), then every business rule (GW4xx).

Every Melding produced here names elements and locations only, never a value
from the document: receipts must not carry a BSN or any other content.

The package: ``common`` (constants, MessageTypeError), ``rules`` (the rule kinds),
``schema_errors`` (XSD errors as Meldingen), ``standard`` (an external standard such as
iWlz), ``types`` (MessageType and ``validate``), ``registry`` (MessageTypeRegistry and
loading ``schemas/``).
"""

from gateway.messagetypes.common import (
    DEFAULT_ROOT,
    ELEMENT_LIMIT_CODE,
    MAX_SCHEMA_MELDINGEN,
    RULE_SET_FAILED_CODE,
    SCHEMA_CODE,
    MessageTypeError,
)
from gateway.messagetypes.registry import MessageTypeRegistry
from gateway.messagetypes.rules import RULE_KINDS, Rule
from gateway.messagetypes.standard import ExternalStandard
from gateway.messagetypes.types import MessageType

__all__ = [
    "DEFAULT_ROOT",
    "ELEMENT_LIMIT_CODE",
    "MAX_SCHEMA_MELDINGEN",
    "RULE_KINDS",
    "RULE_SET_FAILED_CODE",
    "SCHEMA_CODE",
    "ExternalStandard",
    "MessageType",
    "MessageTypeError",
    "MessageTypeRegistry",
    "Rule",
]
