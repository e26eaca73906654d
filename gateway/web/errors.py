"""The plain JSON error body of protocol 3, built in one place: the gateway's own refusals
before a parsed envelope, a bad query parameter, and aiohttp's errors (a malformed request)."""

from __future__ import annotations

from typing import Any


def error_body(status: int, omschrijving: str, code: str | None = None) -> dict[str, Any]:
    """``{"status": ..., "omschrijving": ...}``, with ``"code"`` when there is one."""
    body: dict[str, Any] = {"status": status, "omschrijving": omschrijving}
    if code:
        body["code"] = code
    return body
