"""Zorgkantoor region names by code (the iWlz list, ../shared/domain.md "Identifiers")."""

from __future__ import annotations

REGIONS: dict[str, str] = {
    "5501": "Groningen",
    "5502": "Friesland",
    "5503": "Drenthe",
    "5504": "Zwolle",
    "5505": "Twente",
    "5506": "Apeldoorn/Zutphen e.o.",
    "5507": "Arnhem",
    "5508": "Nijmegen",
    "5509": "Utrecht",
    "5510": "Flevoland",
    "5511": "'t Gooi",
    "5512": "Noord-Holland Noord",
    "5513": "Kennemerland",
    "5514": "Zaanstreek/Waterland",
    "5515": "Amsterdam",
    "5516": "Amstelland en De Meerlanden",
    "5517": "Zuid-Holland Noord",
    "5518": "Haaglanden",
    "5519": "Delft Westland Oostland",
    "5520": "Midden-Holland",
    "5521": "Rotterdam",
    "5523": "Zuid-Hollandse Eilanden",
    "5524": "Waardenland",
    "5525": "Zeeland",
    "5526": "West-Brabant",
    "5527": "Midden-Brabant",
    "5528": "Noordoost-Brabant",
    "5529": "Zuidoost-Brabant",
    "5530": "Noord- en Midden-Limburg",
    "5531": "Zuid-Limburg",
    "5532": "Midden-IJssel",
    "5533": "Friesland",
}


def region_name(code: str) -> str:
    """``5509 Utrecht``; an unknown code is shown as it is."""
    name = REGIONS.get(code)
    return f"{code} {name}" if name else code
