"""Form values for the desk tests: a meerzorgplan and an evaluatie a person would type."""

from __future__ import annotations

PLAN_FIELDS: dict[str, str] = {
    "za_naam": "Zorggroep De Linde",
    "cp_naam": "M. Jansen",
    "cp_functie": "Zorgadviseur",
    "cp_telefoon": "030 123 4567",
    "cp_email": "meerzorg@example.nl",
    "kalenderjaar": "2027",
    "soort": "heraanvraag",
    "periode_begin": "2027-01-01",
    "periode_eind": "2027-12-31",
    "individueel-0-bsn": "123456782",
    "individueel-0-zorgprofiel": "VV7",
    "individueel-0-categorie": "2",
    "individueel-0-uren": "14,5",
    "individueel-0-percentage": "38,2",
    "componenten-0-soort": "extra-nachtzorg",
    "componenten-0-eenheid": "uren",
    "componenten-0-waarde": "21",
    "componenten-0-motivatie": "Wakende nachtdienst vanwege nachtelijke onrust en valrisico.",
    "doelen-0-doel": "Minder incidenten met agressie in de avonduren.",
    "doelen-0-interventies": (
        "Vaste dagstructuur met visuele planning.\nInzet gedragsdeskundige bij het MDO."
    ),
    "doelen-0-resultaat": "Het aantal gemelde incidenten per maand halveert binnen zes maanden.",
    "clientperspectief": "Rust en voorspelbaarheid in de avond helpen het meest.",
    "context": "Woonlocatie met vier groepen en een vast team.",
    "begroting_totaal": "96240,00",
    "begroting_indirect": "7699,20",
    "cce": "nee",
    "vertegenwoordiging": "ja",
    "aan": "5509",
}

EVALUATIE_FIELDS: dict[str, str] = {
    "plan_traceer_id": "ee5212ff-95fd-4a96-a4fe-e3aef1e2097f",
    "groep_referentie": "GRP-2027-01",
    "groep_locatie_naam": "De Linde, afdeling Zonnebloem",
    "groep_postcode": "3511 AB",
    "periode_begin": "2027-01-01",
    "periode_eind": "2027-06-30",
    "dialoog_datum": "2030-09-15",
    "doelen-0-doel": "Minder incidenten met agressie in de avonduren.",
    "doelen-0-resultaat": "deels-behaald",
    "doelen-0-toelichting": "Het aantal incidenten daalde met een derde.",
    "kwaliteit": "eens",
    "probleemgedrag": "eens",
    "vbm": "neutraal",
    "invloed": "eens",
    "middelen": "even-veel",
    "vervolg": "voortzetten",
    "vervolg_motivatie": "De ingezette koers werkt; de groep heeft nog zes maanden nodig.",
    "aan": "5509",
}
