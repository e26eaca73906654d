"""Operator logs: only allow-listed keys, no elfproef-valid number, no exception text."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from gateway.logging import ALLOWED_LOG_KEYS, BSN_MASK, REDACTED, mask_bsns, scrub_log_event
from tests.conftest import REPO

BSN = "111222333"  # elfproef-valid


def _scrub(**event: object) -> dict[str, object]:
    return dict(scrub_log_event(None, "info", dict(event)))


def test_masks_elfproef_valid_numbers_in_any_allowed_value() -> None:
    out = _scrub(event="request", error=f"bad value {BSN} at line 3", code=111222333)
    assert out["error"] == f"bad value {BSN_MASK} at line 3"
    assert out["code"] == BSN_MASK
    assert mask_bsns("bsn 111 222 333 and 111.222.333") == f"bsn {BSN_MASK} and {BSN_MASK}"
    assert mask_bsns("phone 0612345678, 123456789 fails elfproef") == (
        "phone 0612345678, 123456789 fails elfproef"
    )
    nested = _scrub(event="x", message_types=["a", {"b": [BSN]}])
    assert BSN not in json.dumps(nested)


def test_replaces_keys_not_on_the_allow_list() -> None:
    out = _scrub(event="request", payload="<Bsn>111222333</Bsn>", client_name="Jan")
    assert out["payload"] == REDACTED
    assert out["client_name"] == REDACTED


def test_exceptions_carry_type_and_frames_but_no_message() -> None:
    try:
        raise ValueError(f"cannot parse <Bsn>{BSN}</Bsn> Toelichting: agressief gedrag")
    except ValueError as exc:
        out = _scrub(event="unhandled_error", exc_info=exc)
    text = json.dumps(out)
    assert BSN not in text
    assert "agressief" not in text
    assert out["exception"]["types"] == ["ValueError"]  # type: ignore[index]
    assert "exc_info" not in out


def _logged_keys() -> set[str]:
    """Every keyword passed to a log call or bound as log context in gateway/ and adapters/."""
    keys: set[str] = set()
    for path in [*Path(REPO / "gateway").rglob("*.py"), *Path(REPO / "adapters").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            target = node.func.value
            is_log = isinstance(target, ast.Name) and target.id == "log"
            # request[LOG_FIELDS].update(...) feeds the canonical request line.
            is_fields = node.func.attr == "update" and "LOG_FIELDS" in ast.unparse(target)
            if is_log or is_fields or node.func.attr == "bind_contextvars":
                keys |= {k.arg for k in node.keywords if k.arg is not None}
    return keys


def test_every_key_the_code_logs_is_on_the_allow_list() -> None:
    assert _logged_keys() - ALLOWED_LOG_KEYS == set()
