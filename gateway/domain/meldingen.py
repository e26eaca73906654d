"""Meldingen: the coded findings a receipt reports back to the sender."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Ernst(StrEnum):
    """Severity of a Melding (protocol section 6)."""

    FOUT = "fout"  # the message is rejected
    WAARSCHUWING = "waarschuwing"  # accepted, with a remark


@dataclass(frozen=True, slots=True)
class Melding:
    """One finding: a protocol code, its severity, a text without client data, and where."""

    code: str
    ernst: Ernst
    omschrijving: str
    locatie: str | None = None


def has_fout(meldingen: list[Melding] | tuple[Melding, ...]) -> bool:
    """True when any finding rejects the message."""
    return any(m.ernst is Ernst.FOUT for m in meldingen)
