"""Dutch labels for code values and protocol codes, for the pages people read."""

from __future__ import annotations

COMPONENTEN = {
    "extra-begeleiding": "Extra begeleiding",
    "extra-dagbesteding": "Extra dagbesteding",
    "extra-behandeling": "Extra behandeling",
    "extra-nachtzorg": "Extra nachtzorg",
    "borgen-veiligheid": "Borgen veiligheid / vrijheidsbeperkende maatregelen",
    "scholing-mdo-intervisie-coaching": "Scholing, MDO, intervisie, coaching",
    "aanpassingen-huisvesting-team-organisatie": "Aanpassingen huisvesting, team en organisatie",
}
ZORGPROFIELEN = (
    [f"VV{i}" for i in range(1, 11)]
    + [f"VG{i}" for i in range(1, 9)]
    + [f"LG{i}" for i in range(1, 8)]
    + [f"ZGaud{i}" for i in range(1, 5)]
    + [f"ZGvis{i}" for i in range(1, 6)]
    + [f"LVG{i}" for i in range(1, 6)]
    + ["SGLVG1"]
    + [f"GGZ{i}B" for i in range(1, 8)]
    + [f"GGZ{i}W" for i in range(1, 5)]
)
SOORT_AANVRAAG = {"nieuw": "Nieuwe aanvraag", "heraanvraag": "Heraanvraag"}
DOELRESULTAAT = {
    "behaald": "Behaald",
    "deels-behaald": "Deels behaald",
    "niet-behaald": "Niet behaald",
}
VIJFPUNTSSCHAAL = {
    "helemaal-oneens": "Helemaal oneens",
    "oneens": "Oneens",
    "neutraal": "Neutraal",
    "eens": "Eens",
    "helemaal-eens": "Helemaal eens",
}
MIDDELENINZET = {
    "meer": "Meer dan gepland",
    "even-veel": "Even veel als gepland",
    "minder": "Minder dan gepland",
}
VERVOLG = {"voortzetten": "Voortzetten", "afschalen": "Afschalen", "beeindigen": "Beëindigen"}
BERICHTTYPEN = {
    "meerzorgplan": "Meerzorgplan",
    "reactie-op-meerzorgplan": "Reactie op meerzorgplan",
    "meerzorgbesluit": "Meerzorgbesluit",
    "iwlz-aw33": "Toewijzing (iWlz AW33)",
    "evaluatie-groepsmeerzorg": "Evaluatie groepsmeerzorg",
}
JA_NEE = {"true": "Ja", "false": "Nee", "1": "Ja", "0": "Nee"}

# What a Melding's code means for the person who sent the message (protocol section 7).
CODE_UITLEG = {
    "GW101": "Het bericht was technisch onleesbaar voor de gateway.",
    "GW102": "Het bericht bevatte niet-toegestane XML-onderdelen.",
    "GW103": "Het bericht was groter dan toegestaan.",
    "GW110": "De afzender in het bericht is niet de organisatie van het certificaat.",
    "GW120": "Dit berichttype of deze versie kent de gateway niet.",
    "GW130": "Het aanmaaktijdstip lag te ver in het verleden of de toekomst; "
    "controleer de klok van deze computer.",
    "GW140": "Dit TraceerId is al gebruikt voor een ander bericht.",
    "GW201": "De gateway kon het bericht niet ontsleutelen.",
    "GW202": "Het bericht gebruikte een niet-toegestane versleuteling of handtekening.",
    "GW210": "De handtekening ontbrak of was niet geldig.",
    "GW211": "Het certificaat van de ondertekenaar is niet vertrouwd, verlopen of ingetrokken.",
    "GW220": "De ondertekende berichtkop verschilt van de envelop.",
    "GW301": "Een veld voldoet niet aan het voorgeschreven formaat van het bericht.",
    "GW501": "Het gekozen zorgkantoor is onbekend of niet actief.",
    "GW601": "Het zorgkantoor heeft het bericht niet binnen de bewaartermijn afgehaald.",
}
CODE_UITLEG_BEDRIJFSREGEL = "Een inhoudelijke regel voor dit berichttype (bedrijfsregel)."
STATUS = {
    "Geaccepteerd": "Geaccepteerd",
    "Afgekeurd": "Afgekeurd",
    "Afgeleverd": "Afgeleverd",
    "Ontvangen": "Ontvangen",
}
SOORT_BEVESTIGING = {
    "Ontvangstbevestiging": "Ontvangstbevestiging (de gateway heeft het bericht ontvangen)",
    "Afleverbevestiging": "Afleverbevestiging (het zorgkantoor heeft het bericht ontvangen)",
}


def code_uitleg(code: str) -> str:
    if code in CODE_UITLEG:
        return CODE_UITLEG[code]
    if code.startswith("GW4"):
        return CODE_UITLEG_BEDRIJFSREGEL
    return ""


# Issue 13: the zorgkantoor's reactie and besluit (schemas/README.md, "Enumerations").
SOORT_REACTIE = {
    "vragen": "Vragen over het plan",
    "aanvullende-informatie": "Verzoek om aanvullende informatie",
    "meerzorgdialoog-gepland": "Meerzorgdialoog gepland",
}
ONDERWERP = {
    "groepssamenstelling": "Groepssamenstelling",
    "zorgprofiel-en-categorie": "Zorgprofiel en meerzorgcategorie",
    "uren-boven-profiel": "Uren boven het zorgprofiel",
    "inzet": "Inzet",
    "verbeterdoelen": "Verbeterdoelen",
    "begroting": "Begroting",
    "betrokkenheid": "Betrokkenheid",
    "bijlagen": "Bijlagen",
    "overig": "Overig",
}
REDENCODES = {
    "T01": "Toegekend conform het meerzorgplan",
    "T02": "Toegekend in een andere meerzorgcategorie dan gevraagd",
    "T03": "Toegekend voor een kortere periode dan gevraagd",
    "T04": "Toegekend onder voorwaarde van evaluatie in de meerzorgdialoog",
    "A01": "Zorg ligt minder dan 25 % boven het zorgprofiel",
    "A02": "Inzet of verbeterdoelen onvoldoende onderbouwd",
    "A03": "Groepsmeerzorg na de aanvraagtermijn (1 februari) aangevraagd",
    "A04": "Groep heeft minder dan twee cliënten of geen vast team",
    "A05": "Zorgvraag past binnen het zorgprofiel of een andere regeling",
    "A06": "Gevraagde informatie niet (tijdig) ontvangen",
}
