"""The envelope's Kop and the checks on it that need no cryptography."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from gateway.domain.errors import KopMismatch, OutsideTimeWindow


@dataclass(frozen=True, slots=True)
class Kop:
    """Routing metadata of an envelope (protocol 4); the signed Berichtkop is the truth."""

    traceer_id: str
    bericht_type: str
    bericht_versie: str
    afzender: str  # AGB code
    geadresseerde: str  # zorgkantoor code
    aanmaaktijdstip: datetime
    conversatie_id: str | None = None
    als_antwoord_op: str | None = None
    ontvangsttijdstip: datetime | None = None


@dataclass(frozen=True, slots=True)
class Berichtkop:
    """The Berichtkop inside the signed payload (protocol 5.1)."""

    traceer_id: str
    bericht_versie: str
    afzender: str
    geadresseerde: str
    aanmaaktijdstip: datetime


def check_time_window(
    aanmaaktijdstip: datetime, now: datetime, *, max_age: timedelta, max_future: timedelta
) -> None:
    """GW130: refuse replays and clock errors."""
    if aanmaaktijdstip > now + max_future or aanmaaktijdstip < now - max_age:
        raise OutsideTimeWindow()


def check_berichtkop_matches(kop: Kop, berichtkop: Berichtkop) -> None:
    """GW220: the envelope must repeat the signed Berichtkop exactly."""
    for f in fields(Berichtkop):
        if getattr(berichtkop, f.name) != getattr(kop, f.name):
            raise KopMismatch(locatie=f"/Berichtkop/{_ELEMENT_NAMES[f.name]}")


_ELEMENT_NAMES = {
    "traceer_id": "TraceerId",
    "bericht_versie": "BerichtVersie",
    "afzender": "Afzender",
    "geadresseerde": "Geadresseerde",
    "aanmaaktijdstip": "Aanmaaktijdstip",
}
