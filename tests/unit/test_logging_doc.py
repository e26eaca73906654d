"""docs/logging.md lists every event name the code logs (and nothing it no longer logs)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# log.info("event", ...) possibly across lines; any logger variable named *log*.
_CALL = re.compile(
    r"\b\w*log\w*\.(?:debug|info|warning|error|exception|critical|msg)\(\s*\"([a-z_]+)\"",
)
_DOC_ROW = re.compile(r"^\| `([a-z_]+)` \|", re.MULTILINE)


def logged_events() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in ("gateway", "adapters"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for name in _CALL.findall(path.read_text(encoding="utf-8")):
                found.setdefault(name, []).append(str(path.relative_to(REPO)))
    return found


def documented_events() -> set[str]:
    """Names in the first column of the event tables (the sections after the field table)."""
    text = (REPO / "docs" / "logging.md").read_text(encoding="utf-8")
    return set(_DOC_ROW.findall(text[text.index("\n## ") :]))


def test_finds_the_known_event_names():
    events = logged_events()
    for name in ("request", "started", "stopping", "reloaded", "store_unavailable"):
        assert name in events


def test_every_logged_event_is_documented():
    missing = {n: where for n, where in logged_events().items() if n not in documented_events()}
    assert not missing, f"add these events to docs/logging.md: {missing}"


def test_every_documented_event_is_still_logged():
    stale = documented_events() - set(logged_events())
    assert not stale, f"docs/logging.md lists events no code logs any more: {sorted(stale)}"
