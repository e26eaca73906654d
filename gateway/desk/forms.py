"""Forms to payloads: a draft becomes the message type's XML, checked with the gateway's own
XSD and rules (``MessageType.validate``), each finding placed at the field it concerns.

Every required element is written even when its field is empty, so that the schema
reports the problem at that element (and so at that field) rather than at its parent.
A new message type (reactie, besluit) adds one ``FormSpec`` here and one template.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from lxml import etree

from gateway.client import add_berichtkop, new_kop
from gateway.domain.meldingen import Ernst, Melding
from gateway.messagetypes import SCHEMA_CODE, MessageType
from gateway.security.xmlparse import parse_untrusted

from .drafts import Data, Draft

MZP_NS = "urn:nl:meerzorg:meerzorgplan:1"
EV_NS = "urn:nl:meerzorg:evaluatie-groepsmeerzorg:1"
_REGEL_RE = re.compile(r" \(regel [0-9]+\)$")
EMPTY = "Vul dit veld in."


@dataclass
class Checked:
    """The outcome of a local check: the payload and the findings, by field."""

    payload: bytes
    field_errors: dict[str, list[Melding]] = field(default_factory=dict)
    other: list[Melding] = field(default_factory=list)  # findings no field could be named for

    @property
    def has_fout(self) -> bool:
        meldingen = [m for ms in self.field_errors.values() for m in ms] + self.other
        return any(m.ernst is Ernst.FOUT for m in meldingen)

    def add(self, key: str | None, melding: Melding) -> None:
        if key is None:
            self.other.append(melding)
        elif not any(m.omschrijving == EMPTY for m in self.field_errors.get(key, [])):
            self.field_errors.setdefault(key, []).append(melding)


class _Builder:
    """Builds the payload tree and remembers which form field each element came from."""

    def __init__(self, namespace: str, root: str) -> None:
        self.ns = namespace
        self.root = etree.Element(f"{{{namespace}}}{root}", nsmap={None: namespace})  # type: ignore[dict-item]
        self.fields: dict[etree._Element, str] = {self.root: ""}
        self.empty: list[str] = []

    def el(
        self,
        parent: etree._Element,
        name: str,
        key: str | None = None,
        value: str | None = None,
        *,
        required: bool = True,
    ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{self.ns}}}{name}")
        if key is not None:
            self.fields[element] = key
        if value is not None:
            element.text = value.strip()
            if required and key is not None and not element.text:
                self.empty.append(key)
        return element

    def opt(self, parent: etree._Element, name: str, key: str, value: str) -> None:
        """An optional element: written only when the field has a value."""
        if value.strip():
            self.el(parent, name, key, value)


def _v(row: Data, key: str) -> str:
    value = row.get(key, "")
    return value if isinstance(value, str) else ""


def _number(text: str) -> str:
    """Dutch decimal comma accepted: ``12,5`` is ``12.5``."""
    return text.strip().replace(",", ".") if re.fullmatch(r"\s*[0-9]+,[0-9]+\s*", text) else text


def _boolean(text: str) -> str:
    return {"ja": "true", "nee": "false"}.get(text, text)


def _rows(data: Data, key: str) -> list[Data]:
    rows = data.get(key, [])
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


# --- meerzorgplan -----------------------------------------------------------------------


def build_meerzorgplan(draft: Draft, agb: str) -> _Builder:
    d, b = draft.data, _Builder(MZP_NS, "Meerzorgplan")
    root = b.root
    za = b.el(root, "Zorgaanbieder", "zorgaanbieder")
    b.el(za, "AgbCode", None, agb)
    b.el(za, "Naam", "za_naam", _v(d, "za_naam"))
    cp = b.el(za, "Contactpersoon", "contactpersoon")
    b.el(cp, "Naam", "cp_naam", _v(d, "cp_naam"))
    b.el(cp, "Functie", "cp_functie", _v(d, "cp_functie"))
    b.el(cp, "Telefoonnummer", "cp_telefoon", _v(d, "cp_telefoon"))
    b.el(cp, "Email", "cp_email", _v(d, "cp_email"))
    b.el(root, "Kalenderjaar", "kalenderjaar", _v(d, "kalenderjaar"))
    b.el(root, "Soort", "soort", _v(d, "soort"))
    periode = b.el(root, "Planperiode", "planperiode")
    b.el(periode, "Begindatum", "periode_begin", _v(d, "periode_begin"))
    b.el(periode, "Einddatum", "periode_eind", _v(d, "periode_eind"))
    for i, groep in enumerate(_rows(d, "groepen")):
        key = f"groepen-{i}"
        g = b.el(root, "Groep", key)
        b.el(g, "Groepsreferentie", f"{key}-referentie", _v(groep, "referentie"))
        locatie = b.el(g, "Locatie", f"{key}-locatie")
        b.el(locatie, "Naam", f"{key}-locatie_naam", _v(groep, "locatie_naam"))
        b.el(locatie, "Postcode", f"{key}-postcode", _v(groep, "postcode").upper())
        b.el(g, "VastTeam", f"{key}-vast_team", _boolean(_v(groep, "vast_team")))
        for j, client in enumerate(_rows(groep, "clients")):
            _client(b, g, f"{key}-clients-{j}", client)
    for i, ind in enumerate(_rows(d, "individueel")):
        key = f"individueel-{i}"
        im = b.el(root, "IndividueleMeerzorg", key)
        _client(b, im, key, ind)
        b.el(im, "UrenBovenProfiel", f"{key}-uren", _number(_v(ind, "uren")))
        b.el(im, "PercentageBovenProfiel", f"{key}-percentage", _number(_v(ind, "percentage")))
    inzet = b.el(root, "Inzet", "componenten")
    for i, comp in enumerate(_rows(d, "componenten")):
        key = f"componenten-{i}"
        c = b.el(inzet, "Component", key)
        b.el(c, "Soort", f"{key}-soort", _v(comp, "soort"))
        unit = "Bedrag" if _v(comp, "eenheid") == "bedrag" else "UrenPerWeek"
        b.el(c, unit, f"{key}-waarde", _number(_v(comp, "waarde")))
        b.el(c, "Motivatie", f"{key}-motivatie", _v(comp, "motivatie"))
    doelen = b.el(root, "Verbeterdoelen", "doelen")
    for i, doel in enumerate(_rows(d, "doelen")):
        key = f"doelen-{i}"
        v = b.el(doelen, "Verbeterdoel", key)
        b.el(v, "Doel", f"{key}-doel", _v(doel, "doel"))
        interventies = b.el(v, "Interventies", f"{key}-interventies")
        lines = [line for line in _v(doel, "interventies").split("\n") if line.strip()]
        for line in lines or [""]:
            b.el(interventies, "Interventie", f"{key}-interventies", line)
        b.el(v, "ToetsbaarResultaat", f"{key}-resultaat", _v(doel, "resultaat"))
    b.el(doelen, "Clientperspectief", "clientperspectief", _v(d, "clientperspectief"))
    b.el(doelen, "OrganisatorischeContext", "context", _v(d, "context"))
    begroting = b.el(root, "Begroting", "begroting")
    b.el(begroting, "TotaalBedrag", "begroting_totaal", _number(_v(d, "begroting_totaal")))
    b.el(begroting, "IndirecteKosten", "begroting_indirect", _number(_v(d, "begroting_indirect")))
    betrokken = b.el(root, "Betrokkenheid", "betrokkenheid")
    b.el(betrokken, "CceBetrokken", "cce", _boolean(_v(d, "cce")))
    b.el(
        betrokken,
        "ClientvertegenwoordigingBetrokken",
        "vertegenwoordiging",
        _boolean(_v(d, "vertegenwoordiging")),
    )
    b.opt(betrokken, "GeplandeMeerzorgdialoog", "dialoog_datum", _v(d, "dialoog_datum"))
    for i, bijlage in enumerate(draft.bijlagen):
        key = f"bijlagen-{i}"
        bl = b.el(root, "Bijlage", key)
        b.el(bl, "Naam", key, bijlage.naam)
        b.el(bl, "MimeType", key, bijlage.mime_type)
        b.el(bl, "Sha256", key, hashlib.sha256(bijlage.inhoud).hexdigest())
        b.el(bl, "Inhoud", key, base64.b64encode(bijlage.inhoud).decode("ascii"))
    return b


def _client(b: _Builder, parent: etree._Element, key: str, row: Data) -> None:
    c = b.el(parent, "Client", key)
    b.el(c, "Bsn", f"{key}-bsn", re.sub(r"[\s.]", "", _v(row, "bsn")))
    b.el(c, "Zorgprofiel", f"{key}-zorgprofiel", _v(row, "zorgprofiel"))
    b.el(c, "Meerzorgcategorie", f"{key}-categorie", _v(row, "categorie"))


_CLIENT: Data = {"bsn": "", "zorgprofiel": "", "categorie": ""}
MEERZORGPLAN_ROWS: dict[str, Data] = {
    "groepen": {
        "referentie": "",
        "locatie_naam": "",
        "postcode": "",
        "vast_team": "ja",
        "clients": [dict(_CLIENT), dict(_CLIENT)],
    },
    "groepen.clients": dict(_CLIENT),
    "individueel": {**_CLIENT, "uren": "", "percentage": ""},
    "componenten": {"soort": "", "eenheid": "uren", "waarde": "", "motivatie": ""},
    "doelen": {"doel": "", "interventies": "", "resultaat": ""},
}


def new_meerzorgplan(today: date) -> Data:
    return {
        "kalenderjaar": str(today.year),
        "soort": "nieuw",
        "groepen": [],
        "individueel": [dict(MEERZORGPLAN_ROWS["individueel"])],
        "componenten": [dict(MEERZORGPLAN_ROWS["componenten"])],
        "doelen": [dict(MEERZORGPLAN_ROWS["doelen"])],
        "cce": "nee",
        "vertegenwoordiging": "ja",
    }


# --- evaluatie groepsmeerzorg ----------------------------------------------------------------


def build_evaluatie(draft: Draft, agb: str) -> _Builder:
    del agb  # the evaluatie names no provider: the Berichtkop's Afzender does
    d, b = draft.data, _Builder(EV_NS, "EvaluatieGroepsmeerzorg")
    root = b.root
    b.el(root, "MeerzorgplanTraceerId", "plan_traceer_id", _v(d, "plan_traceer_id").lower())
    g = b.el(root, "Groep", "groep")
    b.el(g, "Groepsreferentie", "groep_referentie", _v(d, "groep_referentie"))
    locatie = b.el(g, "Locatie", "groep_locatie")
    b.el(locatie, "Naam", "groep_locatie_naam", _v(d, "groep_locatie_naam"))
    b.el(locatie, "Postcode", "groep_postcode", _v(d, "groep_postcode").upper())
    periode = b.el(root, "Evaluatieperiode", "evaluatieperiode")
    b.el(periode, "Begindatum", "periode_begin", _v(d, "periode_begin"))
    b.el(periode, "Einddatum", "periode_eind", _v(d, "periode_eind"))
    b.el(root, "DatumMeerzorgdialoog", "dialoog_datum", _v(d, "dialoog_datum"))
    doelen = b.el(root, "Verbeterdoelen", "doelen")
    for i, doel in enumerate(_rows(d, "doelen")):
        key = f"doelen-{i}"
        v = b.el(doelen, "Verbeterdoel", key)
        b.el(v, "Doel", f"{key}-doel", _v(doel, "doel"))
        b.el(v, "Resultaat", f"{key}-resultaat", _v(doel, "resultaat"))
        b.el(v, "Toelichting", f"{key}-toelichting", _v(doel, "toelichting"))
    uit = b.el(root, "Uitkomsten", "uitkomsten")
    for name, key in EVALUATIE_UITKOMSTEN:
        b.el(uit, name, key, _v(d, key))
    b.opt(uit, "Toelichting", "uitkomsten_toelichting", _v(d, "uitkomsten_toelichting"))
    middelen = b.el(root, "Middeleninzet", "middeleninzet")
    b.el(middelen, "VergelekenMetPlan", "middelen", _v(d, "middelen"))
    b.opt(middelen, "Toelichting", "middelen_toelichting", _v(d, "middelen_toelichting"))
    vervolg = b.el(root, "Vervolg", "vervolg_blok")
    b.el(vervolg, "Besluit", "vervolg", _v(d, "vervolg"))
    b.el(vervolg, "Motivatie", "vervolg_motivatie", _v(d, "vervolg_motivatie"))
    return b


EVALUATIE_UITKOMSTEN = (
    ("KwaliteitVanLevenVerbeterd", "kwaliteit"),
    ("ProbleemgedragAfgenomen", "probleemgedrag"),
    ("VrijheidsbeperkendeMaatregelenAfgenomen", "vbm"),
    ("InvloedClientToegenomen", "invloed"),
)
EVALUATIE_ROWS: dict[str, Data] = {
    "doelen": {"doel": "", "resultaat": "", "toelichting": ""},
}


def new_evaluatie(today: date) -> Data:
    del today
    return {"doelen": [dict(EVALUATIE_ROWS["doelen"])]}


# --- checking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormSpec:
    """One message type the desk can compose."""

    kind: str
    title: str
    template: str
    rows: dict[str, Data]
    new: Callable[[date], Data]
    build: Callable[[Draft, str], _Builder]


FORMS: dict[str, FormSpec] = {
    "meerzorgplan": FormSpec(
        "meerzorgplan",
        "Meerzorgplan",
        "form_meerzorgplan.html",
        MEERZORGPLAN_ROWS,
        new_meerzorgplan,
        build_meerzorgplan,
    ),
    "evaluatie-groepsmeerzorg": FormSpec(
        "evaluatie-groepsmeerzorg",
        "Evaluatie groepsmeerzorg",
        "form_evaluatie.html",
        EVALUATIE_ROWS,
        new_evaluatie,
        build_evaluatie,
    ),
}


# The gateway's schema texts name XML elements; at a form field a person reads these instead.
_PLAIN = (
    ("heeft niet het voorgeschreven formaat", "Dit veld heeft niet het juiste formaat."),
    ("is geen toegestane waarde", "Kies een van de mogelijke waarden."),
    ("heeft te veel decimalen", "Gebruik ten hoogste 2 cijfers achter de komma."),
    ("heeft te veel cijfers", "Dit getal heeft te veel cijfers."),
    ("is groter dan toegestaan", "Deze waarde is te groot."),
    ("is kleiner dan toegestaan", "Deze waarde is te klein."),
    ("is langer dan toegestaan", "Deze tekst is te lang."),
    ("is korter dan toegestaan", EMPTY),
    ("voorgeschreven gegevenstype", "Dit is geen geldige waarde (een getal, datum of jaar)."),
)


def plain_dutch(melding: Melding) -> Melding:
    """A schema Melding at a field, in words for the person filling in the form."""
    if melding.code != SCHEMA_CODE:
        return melding
    for phrase, text in _PLAIN:
        if phrase in melding.omschrijving:
            return Melding(melding.code, melding.ernst, text, melding.locatie)
    return melding


def _path(element: etree._Element) -> str:
    """The Melding Locatie of an element, without its line: the gateway's own format."""
    parts: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        if node.getparent() is not None:
            before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            after = next(node.itersiblings(node.tag), None)
            if before or after is not None:
                name = f"{name}[{before + 1}]"
        parts.append(name)
        node = node.getparent()
    return "/" + "/".join(reversed(parts))


def check_draft(
    spec: FormSpec, draft: Draft, message_type: MessageType, agb: str, to: str
) -> Checked:
    """Build the payload and validate it as the gateway will (XSD, then rules)."""
    builder = spec.build(draft, agb)
    payload = etree.tostring(builder.root, xml_declaration=True, encoding="UTF-8")
    kop = new_kop(bericht_type=spec.kind, afzender=agb, geadresseerde=to or "0000")
    with_kop = add_berichtkop(payload, kop)
    reparsed = parse_untrusted(etree.tostring(with_kop)).getroot()
    now = datetime.now(UTC)
    meldingen = message_type.validate(reparsed, received_at=now)
    if any(m.code == SCHEMA_CODE for m in meldingen):
        # The gateway stops at the first schema error; a person fixing a form wants every
        # problem at once, so the rules run too (each rule skips what it cannot read).
        meldingen += message_type.check_rules(reparsed, received_at=now)
    checked = Checked(payload)
    for key in builder.empty:
        checked.add(key, Melding("", Ernst.FOUT, EMPTY))
    by_path = {_path(el): key for el, key in builder.fields.items()}
    for melding in meldingen:
        path = _REGEL_RE.sub("", melding.locatie or "")
        field_key = by_path.get(path) or None
        checked.add(field_key, plain_dutch(melding) if field_key else melding)
    return checked
