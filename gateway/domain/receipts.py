"""Receipts (protocol 6): what the gateway attests, before it is rendered and signed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from gateway.domain.meldingen import Melding


class Soort(StrEnum):
    ONTVANGST = "Ontvangstbevestiging"
    AFLEVER = "Afleverbevestiging"


class Status(StrEnum):
    GEACCEPTEERD = "Geaccepteerd"
    AFGEKEURD = "Afgekeurd"
    BEZORGD = "Bezorgd"


@dataclass(frozen=True, slots=True)
class Receipt:
    """One Ontvangst- or Afleverbevestiging; ``digest`` is SHA-256 of the envelope bytes."""

    bevestiging_id: str
    soort: Soort
    traceer_id: str
    afzender: str
    geadresseerde: str
    status: Status
    tijdstip: datetime
    digest: bytes
    meldingen: tuple[Melding, ...] = ()


class MessageState(StrEnum):
    """Message states of a VECOZO-style exchange (domain.md)."""

    ONTVANGEN = "Ontvangen"
    AFGEKEURD = "Afgekeurd"
    AANGEBODEN = "Aangeboden"
    BEZORGD = "Bezorgd"
