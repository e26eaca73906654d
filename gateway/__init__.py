"""Secure message gateway for meerzorg berichtenverkeer (protocol v1)."""

PROTOCOL_NAMESPACE = "urn:nl:meerzorg:berichtenverkeer:1"
