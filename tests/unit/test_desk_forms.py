"""The desk's forms: what a person types becomes the type's XML, checked with the gateway's
own XSD and rules, each finding at the field it concerns."""

from __future__ import annotations

from datetime import date

import pytest

from gateway.desk.drafts import Draft, apply_action, parse_fields
from gateway.desk.forms import EMPTY, FORMS, check_draft
from gateway.messagetypes import MessageTypeRegistry
from tests.desk_data import EVALUATIE_FIELDS, PLAN_FIELDS

REGISTRY = MessageTypeRegistry.load()


def checked(kind: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    spec = FORMS[kind]
    draft = Draft(kind, parse_fields(fields.items(), spec.rows))
    message_type = REGISTRY.get(kind, "1.0")
    assert message_type is not None
    return check_draft(spec, draft, message_type, "12345678", "5509")


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("meerzorgplan", PLAN_FIELDS), ("evaluatie-groepsmeerzorg", EVALUATIE_FIELDS)],
)
def test_a_complete_form_makes_a_payload_the_gateway_accepts(
    kind: str, fields: dict[str, str]
) -> None:
    result = checked(kind, fields)
    assert not result.has_fout, (result.field_errors, result.other)
    assert b"<?xml" in result.payload


def test_dutch_decimal_commas_become_xsd_decimals() -> None:
    payload = checked("meerzorgplan", PLAN_FIELDS).payload
    assert b"<UrenBovenProfiel>14.5</UrenBovenProfiel>" in payload
    assert b"<TotaalBedrag>96240.00</TotaalBedrag>" in payload
    assert payload.count(b"<Interventie>") == 2


def test_a_bsn_failing_the_elfproef_is_reported_at_its_field() -> None:
    result = checked("meerzorgplan", {**PLAN_FIELDS, "individueel-0-bsn": "123456789"})
    assert [m.code for m in result.field_errors["individueel-0-bsn"]] == ["GW401"]
    assert result.has_fout
    assert not result.other


def test_an_empty_required_field_says_so_in_plain_dutch() -> None:
    result = checked("meerzorgplan", {**PLAN_FIELDS, "za_naam": ""})
    assert [m.omschrijving for m in result.field_errors["za_naam"]] == [EMPTY]


def test_a_schema_error_is_reported_at_the_field() -> None:
    result = checked("meerzorgplan", {**PLAN_FIELDS, "cp_email": "geen-adres"})
    assert [m.code for m in result.field_errors["cp_email"]] == ["GW301"]
    omschrijving = result.field_errors["cp_email"][0].omschrijving
    assert omschrijving == "Dit veld heeft niet het juiste formaat."


def test_too_many_decimals_is_said_in_words_a_person_reads() -> None:
    result = checked("meerzorgplan", {**PLAN_FIELDS, "begroting_totaal": "12,345"})
    texts = [m.omschrijving for m in result.field_errors["begroting_totaal"]]
    assert texts == ["Gebruik ten hoogste 2 cijfers achter de komma."]


def test_a_group_with_one_client_is_reported_at_the_group() -> None:
    fields = {
        **PLAN_FIELDS,
        "groepen-0-referentie": "GRP-1",
        "groepen-0-locatie_naam": "De Linde",
        "groepen-0-postcode": "3511 AB",
        "groepen-0-vast_team": "ja",
        "groepen-0-clients-0-bsn": "999999990",
        "groepen-0-clients-0-zorgprofiel": "VG7",
        "groepen-0-clients-0-categorie": "3",
        "kalenderjaar": str(date.today().year + 2),
        "periode_begin": f"{date.today().year + 2}-01-01",
        "periode_eind": f"{date.today().year + 2}-12-31",
    }
    result = checked("meerzorgplan", fields)
    assert [m.code for m in result.field_errors["groepen-0"]] == ["GW404"]


def test_an_evaluatie_period_in_reverse_is_reported_at_its_begin_date() -> None:
    result = checked(
        "evaluatie-groepsmeerzorg",
        {**EVALUATIE_FIELDS, "periode_begin": "2027-07-01", "periode_eind": "2027-01-01"},
    )
    assert "GW421" in [m.code for m in result.field_errors["periode_begin"]]


def test_rows_are_added_and_removed_by_path() -> None:
    spec = FORMS["meerzorgplan"]
    data = parse_fields(PLAN_FIELDS.items(), spec.rows)
    assert apply_action(data, "add:groepen", spec.rows)
    assert len(data["groepen"][0]["clients"]) == 2
    assert apply_action(data, "add:groepen-0-clients", spec.rows)
    assert len(data["groepen"][0]["clients"]) == 3
    assert apply_action(data, "remove:groepen-0-clients-1", spec.rows)
    assert len(data["groepen"][0]["clients"]) == 2
    assert apply_action(data, "remove:individueel-0", spec.rows)
    assert data["individueel"] == []
    assert not apply_action(data, "remove:individueel-5", spec.rows)
    assert not apply_action(data, "add:onbekend", spec.rows)


def test_field_names_outside_the_shape_are_ignored() -> None:
    data = parse_fields(
        [("x-999-y", "1"), ("../etc", "2"), ("za_naam", "A"), ("doelen-7-doel", "B")],
        FORMS["meerzorgplan"].rows,
    )
    assert data["za_naam"] == "A"
    assert data["doelen"] == [{"doel": "B"}]
    assert "x" not in data
