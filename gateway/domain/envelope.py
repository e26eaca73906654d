"""The envelope's Kop and the checks on it that need no cryptography."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from gateway.domain.errors import KopMismatch, OutsideTimeWindow


@dataclass(frozen=True, slots=True)
class Written:
    """The sender's own text of the values the gateway repeats to others.

    Parsed values are normalised (a TraceerId in lower case, a time as a datetime);
    what the gateway writes back must be what the sender wrote (protocol 5.1: the
    delivery Kop must equal the signed Berichtkop, compared as text by recipients).
    """

    traceer_id: str
    aanmaaktijdstip: str
    conversatie_id: str | None = None
    als_antwoord_op: str | None = None


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
    # Not part of the value: two Kops naming the same message at the same time are equal.
    written: Written | None = field(default=None, compare=False)


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


def as_signed(kop: Kop, signed: Written) -> Kop:
    """``kop`` with the sender's text of the values the signed Berichtkop repeats.

    Called after :func:`check_berichtkop_matches`: the values are equal, but their
    text may differ (``Z`` or ``+00:00``, upper-case hex); the signed text wins,
    so a recipient comparing the delivery Kop with the Berichtkop as text finds it
    equal. ConversatieId and AlsAntwoordOp, which only the Kop carries, keep its text.
    """
    envelope = kop.written
    return replace(
        kop,
        written=Written(
            traceer_id=signed.traceer_id,
            aanmaaktijdstip=signed.aanmaaktijdstip,
            conversatie_id=envelope.conversatie_id if envelope else None,
            als_antwoord_op=envelope.als_antwoord_op if envelope else None,
        ),
    )


_ELEMENT_NAMES = {
    "traceer_id": "TraceerId",
    "bericht_versie": "BerichtVersie",
    "afzender": "Afzender",
    "geadresseerde": "Geadresseerde",
    "aanmaaktijdstip": "Aanmaaktijdstip",
}


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """The Kop fields of a payload in an external standard, read from its own header.

    A national standard's message (iWlz ``Bericht``) has no Berichtkop: the registry
    names XPaths into the document's Header instead (README, "payloads in an
    external standard"). ``locaties`` names where each field was read, for the Melding.
    """

    afzender: str
    geadresseerde: str
    bericht_versie: str
    identificatie: str
    dagtekening: date | None
    locaties: dict[str, str]


# The domain's calendar: a Dagtekening is a Dutch date.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def check_document_header_matches(
    kop: Kop, header: DocumentHeader, *, zone: ZoneInfo = AMSTERDAM
) -> None:
    """GW220: the envelope Kop must repeat the signed document's own header.

    Afzender, Geadresseerde and BerichtVersie must be equal; the Aanmaaktijdstip's
    calendar date (Europe/Amsterdam) must be the Dagtekening.
    """
    for name in ("afzender", "geadresseerde", "bericht_versie"):
        if getattr(header, name) != getattr(kop, name):
            raise KopMismatch(
                "Kop van de envelop wijkt af van de Header van het ondertekende bericht.",
                locatie=header.locaties.get(name),
            )
    if (
        header.dagtekening is None
        or header.dagtekening != kop.aanmaaktijdstip.astimezone(zone).date()
    ):
        raise KopMismatch(
            "Dagtekening is niet de kalenderdatum (Europe/Amsterdam) van het Aanmaaktijdstip.",
            locatie=header.locaties.get("dagtekening"),
        )
