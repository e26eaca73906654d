"""Drafts: what a person is composing, as nested rows, parsed from and rendered to form fields.

A field name is a path of keys and row numbers joined by ``-``:
``groepen-0-clients-1-bsn`` is the BSN of the second client of the first group.
Add and remove buttons carry the path of a list or a row (``add:groepen-0-clients``,
``remove:groepen-1``), so the form works without any JavaScript.

Drafts live only in the desk process's memory (no plaintext client data at rest);
one survives a failed send and can be taken up again from the start page.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

MAX_ROWS = 100  # per list: a bound on what one form post can make us build
_NAME_RE = re.compile(r"[a-z_]{1,40}(?:-[0-9]{1,3}-[a-z_]{1,40})*")
_ACTION_RE = re.compile(r"(add|remove):([a-z_]{1,40}(?:-[0-9]{1,3}-[a-z_]{1,40})*(?:-[0-9]{1,3})?)")

Data = dict[str, Any]


@dataclass
class Bijlage:
    """An attachment uploaded into a draft (kept in memory only)."""

    naam: str
    mime_type: str
    inhoud: bytes


@dataclass
class Draft:
    """One message being composed."""

    kind: str  # the BerichtType
    data: Data
    id: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    bijlagen: list[Bijlage] = field(default_factory=list)
    updated: datetime = field(default_factory=lambda: datetime.now(UTC))


def parse_fields(items: Iterable[tuple[str, str]], row_templates: Mapping[str, Data]) -> Data:
    """Form fields to nested data; unknown shapes are ignored, rows keep their order."""
    data: Data = {}
    for name, value in items:
        if not _NAME_RE.fullmatch(name):
            continue
        parts = name.split("-")
        _set_path(data, parts, value.replace("\r\n", "\n"))
    _compact(data)
    _ensure_lists(data, row_templates)
    return data


def _set_path(data: Data, parts: list[str], value: str) -> None:
    node: Any = data
    for i in range(0, len(parts) - 1, 2):
        key, index = parts[i], int(parts[i + 1])
        if index >= MAX_ROWS:
            return
        rows = node.setdefault(key, {})
        if not isinstance(rows, dict):
            return
        node = rows.setdefault(index, {})
    if isinstance(node, dict):
        node[parts[-1]] = value


def _compact(node: Data) -> None:
    """Rows parsed as {index: row} become lists in index order."""
    for key, value in list(node.items()):
        if isinstance(value, dict):
            rows = [value[i] for i in sorted(value) if isinstance(value[i], dict)]
            for row in rows:
                _compact(row)
            node[key] = rows


def _ensure_lists(data: Data, templates: Mapping[str, Data]) -> None:
    """Every list the type has is present (a form with its last row removed still has one)."""
    for key in templates:
        parent, _, child = key.partition(".")
        if not child:
            data.setdefault(parent, [])
    for key in templates:
        parent, _, child = key.partition(".")
        if child:
            for row in data.get(parent, []):
                row.setdefault(child, [])


def apply_action(data: Data, action: str, row_templates: Mapping[str, Data]) -> bool:
    """``add:PATH`` appends a fresh row to a list, ``remove:PATH-N`` deletes row N."""
    match = _ACTION_RE.fullmatch(action)
    if match is None:
        return False
    verb, path = match[1], match[2].split("-")
    if verb == "add":
        rows = _rows_at(data, path)
        template_key = ".".join(p for p in path if not p.isdigit())
        if rows is None or len(rows) >= MAX_ROWS or template_key not in row_templates:
            return False
        rows.append(copy.deepcopy(row_templates[template_key]))
        return True
    if not path[-1].isdigit():
        return False
    rows = _rows_at(data, path[:-1])
    index = int(path[-1])
    if rows is None or index >= len(rows):
        return False
    del rows[index]
    return True


def _rows_at(data: Data, path: list[str]) -> list[Data] | None:
    node: Any = data
    for i, part in enumerate(path):
        if i % 2 == 0:
            node = node.get(part) if isinstance(node, dict) else None
        else:
            index = int(part)
            node = node[index] if isinstance(node, list) and index < len(node) else None
        if node is None:
            return None
    return node if isinstance(node, list) else None


class DraftBook:
    """The drafts of this desk, newest first; in memory only."""

    def __init__(self, limit: int = 50) -> None:
        self._drafts: dict[str, Draft] = {}
        self._limit = limit

    def put(self, draft: Draft) -> None:
        draft.updated = datetime.now(UTC)
        self._drafts[draft.id] = draft
        if len(self._drafts) > self._limit:
            oldest = min(self._drafts.values(), key=lambda d: d.updated)
            del self._drafts[oldest.id]

    def get(self, draft_id: str) -> Draft | None:
        return self._drafts.get(draft_id)

    def discard(self, draft_id: str) -> None:
        self._drafts.pop(draft_id, None)

    def all(self) -> list[Draft]:
        return sorted(self._drafts.values(), key=lambda d: d.updated, reverse=True)
