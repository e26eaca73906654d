"""Edge cases of the generic rule kinds, through the real message types and their rules."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree

from gateway.domain.bsn import contains_bsn_like, passes_elfproef
from gateway.domain.meldingen import Ernst, Melding
from gateway.messagetypes import (
    DEFAULT_ROOT,
    MessageType,
    MessageTypeRegistry,
)
from gateway.security.xmlparse import parse_untrusted

RECEIVED_AT = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
NS = {
    "mzp": "urn:nl:meerzorg:meerzorgplan:1",
    "ev": "urn:nl:meerzorg:evaluatie-groepsmeerzorg:1",
    "bk": "urn:nl:meerzorg:berichtenverkeer:1",
}


@pytest.fixture(scope="module")
def registry() -> MessageTypeRegistry:
    return MessageTypeRegistry.load()


@pytest.fixture(scope="module")
def plan_type(registry: MessageTypeRegistry) -> MessageType:
    found = registry.get("meerzorgplan", "1.0")
    assert found is not None
    return found


@pytest.fixture(scope="module")
def evaluatie_type(registry: MessageTypeRegistry) -> MessageType:
    found = registry.get("evaluatie-groepsmeerzorg", "1.0")
    assert found is not None
    return found


def load_example(folder: str, name: str) -> etree._Element:
    return parse_untrusted((DEFAULT_ROOT / folder / "examples" / name).read_bytes()).getroot()


def plan(name: str = "valid-groep-en-individueel.xml") -> etree._Element:
    return load_example("meerzorgplan/1.0", name)


def evaluatie(name: str = "valid-voortzetten.xml") -> etree._Element:
    return load_example("evaluatie-groepsmeerzorg/1.0", name)


def set_text(root: etree._Element, xpath: str, value: str) -> None:
    nodes = root.xpath(xpath, namespaces=NS)
    assert isinstance(nodes, list)
    assert nodes, xpath
    for node in nodes:
        assert isinstance(node, etree._Element)
        node.text = value


def codes(meldingen: list[Melding], code: str) -> list[Melding]:
    return [m for m in meldingen if m.code == code]


# --- elfproef -------------------------------------------------------------------------


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990", "999990019", "012345672"])
def test_elfproef_accepts_valid_bsn_including_leading_zero(bsn: str) -> None:
    assert passes_elfproef(bsn)


@pytest.mark.parametrize(
    "value",
    [
        "000000000",  # sum 0: divisible by 11 but not a BSN
        "123456789",
        "111222334",
        "11222333",  # 8 digits: the sender must add the leading zero
        "1112223330",
        "11122233a",
        "",
        "١١١٢٢٢٣٣٣",  # Arabic-Indic digits are not ASCII digits
        " 111222333",
    ],
)
def test_elfproef_rejects(value: str) -> None:
    assert not passes_elfproef(value)


def test_gw401_names_the_client_with_the_bad_bsn(plan_type: MessageType) -> None:
    root = plan()
    set_text(root, "mzp:Groep/mzp:Client[2]/mzp:Bsn", "123456789")

    found = codes(plan_type.validate(root, received_at=RECEIVED_AT), "GW401")

    assert len(found) == 1
    assert found[0].ernst is Ernst.FOUT
    assert found[0].locatie is not None
    assert found[0].locatie.startswith("/Meerzorgplan/Groep/Client[2]/Bsn (regel ")


def test_gw401_checks_individual_clients_too(plan_type: MessageType) -> None:
    root = plan()
    set_text(root, "mzp:IndividueleMeerzorg/mzp:Client/mzp:Bsn", "000000000")

    found = codes(plan_type.validate(root, received_at=RECEIVED_AT), "GW401")

    assert [m.locatie.split(" ")[0] for m in found if m.locatie] == [
        "/Meerzorgplan/IndividueleMeerzorg/Client/Bsn"
    ]


# --- BSN-like numbers in free text ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "BSN 111222333.",
        "bsn:111222333",
        "client 111 222 333 op de groep",
        "client 111.222.333",
        "client 111-222-333",
        "client 1112 22 333",
        "nummer\u00a0111\u00a0222\u00a0333",
        "in 2027 111 222 333 begeleiden",  # the year before it does not hide it
        "012345672",
        "x123456782y",
    ],
)
def test_bsn_like_number_in_text_is_found(text: str) -> None:
    assert contains_bsn_like(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Geen nummers hier.",
        "123456789",  # 9 digits that fail the elfproef
        "000000000",
        "06 12345678",  # a phone number: 10 digits in groups
        "0612345678",
        "030 123 4567",
        "AGB 12345678",
        "2026-11-22",
        "1112223330",  # a 10-digit number is not a BSN, even if 9 of its digits pass
        "111  222  333",  # double spaces: not one number
        "€ 184.500,00",
    ],
)
def test_text_without_bsn_like_number_passes(text: str) -> None:
    assert not contains_bsn_like(text)


@pytest.mark.parametrize(
    "xpath",
    [
        "mzp:Groep/mzp:Groepsreferentie",
        "mzp:Groep/mzp:Locatie/mzp:Naam",
        "mzp:Verbeterdoelen/mzp:Clientperspectief",
        "mzp:Verbeterdoelen/mzp:Verbeterdoel/mzp:Interventies/mzp:Interventie[1]",
        "mzp:Bijlage/mzp:Naam",
    ],
)
def test_gw409_scans_every_free_text_field_of_the_plan(plan_type: MessageType, xpath: str) -> None:
    root = plan()
    set_text(root, xpath, "ref 123.456.782")

    found = codes(plan_type.validate(root, received_at=RECEIVED_AT), "GW409")

    assert len(found) == 1
    assert "123" not in found[0].omschrijving


def test_gw409_ignores_the_bsn_element_itself(plan_type: MessageType) -> None:
    assert plan_type.validate(plan(), received_at=RECEIVED_AT) == []


@pytest.mark.parametrize(
    "xpath",
    [
        "ev:Groep/ev:Groepsreferentie",
        "ev:Verbeterdoelen/ev:Verbeterdoel[2]/ev:Toelichting",
        "ev:Uitkomsten/ev:Toelichting",
        "ev:Vervolg/ev:Motivatie",
    ],
)
def test_gw423_rejects_bsn_in_evaluatie_text(evaluatie_type: MessageType, xpath: str) -> None:
    root = evaluatie()
    set_text(root, xpath, "cliënt 999 999 990")

    found = evaluatie_type.validate(root, received_at=RECEIVED_AT)

    assert [(m.code, m.ernst) for m in found] == [("GW423", Ernst.FOUT)]


# --- dates ------------------------------------------------------------------------------------


def test_planperiode_of_one_day_is_in_order(plan_type: MessageType) -> None:
    root = plan()
    set_text(root, "mzp:Planperiode/mzp:Begindatum", "2027-06-01")
    set_text(root, "mzp:Planperiode/mzp:Einddatum", "2027-06-01")

    assert plan_type.validate(root, received_at=RECEIVED_AT) == []


def test_planperiode_one_day_reversed_is_gw402(plan_type: MessageType) -> None:
    root = plan()
    set_text(root, "mzp:Planperiode/mzp:Begindatum", "2027-06-02")
    set_text(root, "mzp:Planperiode/mzp:Einddatum", "2027-06-01")

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == ["GW402"]


@pytest.mark.parametrize(
    ("begin", "end", "expected"),
    [
        ("2027-01-01", "2027-12-31", []),
        ("2026-12-31", "2027-12-31", ["GW403"]),
        ("2027-01-01", "2028-01-01", ["GW403"]),
        ("2026-01-01", "2028-12-31", ["GW403", "GW403"]),
    ],
)
def test_planperiode_within_kalenderjaar(
    plan_type: MessageType, begin: str, end: str, expected: list[str]
) -> None:
    root = plan()
    set_text(root, "mzp:Planperiode/mzp:Begindatum", begin)
    set_text(root, "mzp:Planperiode/mzp:Einddatum", end)

    assert [m.code for m in plan_type.validate(root, received_at=RECEIVED_AT)] == expected


# --- counts and values -----------------------------------------------------------------------


def test_gw404_points_at_the_group_with_one_client(plan_type: MessageType) -> None:
    root = plan("valid-groepen.xml")
    group = root.findall("mzp:Groep", NS)[1]
    for extra in group.findall("mzp:Client", NS)[1:]:
        group.remove(extra)

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == ["GW404"]
    assert found[0].locatie is not None
    assert found[0].locatie.startswith("/Meerzorgplan/Groep[2] (regel ")


@pytest.mark.parametrize(
    ("percentage", "rejected"),
    [("25", False), ("25.00", False), ("25.01", False), ("24.99", True), ("0", True)],
)
def test_individual_meerzorg_25_percent_boundary(
    plan_type: MessageType, percentage: str, rejected: bool
) -> None:
    root = plan()
    set_text(root, "mzp:IndividueleMeerzorg/mzp:PercentageBovenProfiel", percentage)

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == (["GW405"] if rejected else [])


def test_gw407_zorgaanbieder_must_be_the_afzender(plan_type: MessageType) -> None:
    root = plan()
    set_text(root, "bk:Berichtkop/bk:Afzender/bk:AgbCode", "12345679")

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == ["GW407"]
    assert found[0].locatie is not None
    assert "12345679" not in found[0].locatie
    assert "12345678" not in found[0].omschrijving


# --- receive-time warnings ---------------------------------------------------------------


def plan_for_2027(*, groups: bool) -> etree._Element:
    root = plan("valid-groepen.xml" if groups else "valid-individueel.xml")
    betrokkenheid = root.find("mzp:Betrokkenheid", NS)
    assert betrokkenheid is not None
    for dialoog in betrokkenheid.findall("mzp:GeplandeMeerzorgdialoog", NS):
        betrokkenheid.remove(dialoog)
    return root


@pytest.mark.parametrize(
    ("received_at", "warned"),
    [
        # 1 February 2027 starts at 2027-01-31T23:00:00Z in Amsterdam (CET, UTC+1).
        (datetime(2027, 1, 31, 22, 59, 59, tzinfo=UTC), False),
        (datetime(2027, 1, 31, 23, 0, 0, tzinfo=UTC), True),
        (datetime(2027, 2, 1, 0, 0, 0, tzinfo=timezone(timedelta(hours=1))), True),
        (datetime(2027, 1, 31, 23, 59, 0, tzinfo=timezone(timedelta(hours=1))), False),
        (datetime(2027, 6, 1, 12, 0, 0, tzinfo=UTC), True),
        (datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC), False),
    ],
)
def test_groepsmeerzorg_1_february_boundary(
    plan_type: MessageType, received_at: datetime, warned: bool
) -> None:
    found = plan_type.validate(plan_for_2027(groups=True), received_at=received_at)

    assert [(m.code, m.ernst) for m in found] == ([("GW406", Ernst.WAARSCHUWING)] if warned else [])


def test_individual_meerzorg_after_1_february_is_no_warning(plan_type: MessageType) -> None:
    late = datetime(2027, 6, 1, 12, 0, 0, tzinfo=UTC)

    assert plan_type.validate(plan_for_2027(groups=False), received_at=late) == []


@pytest.mark.parametrize(
    ("received_at", "warned"),
    [
        (datetime(2026, 11, 22, 10, 0, tzinfo=UTC), False),  # exactly 28 days before
        (datetime(2026, 11, 22, 22, 59, 59, tzinfo=UTC), False),  # 23:59:59 in Amsterdam
        (datetime(2026, 11, 22, 23, 0, 0, tzinfo=UTC), True),  # 23 November in Amsterdam
        (datetime(2026, 11, 23, 8, 0, tzinfo=UTC), True),  # 27 days before
        (datetime(2026, 11, 1, 8, 0, tzinfo=UTC), False),
        (datetime(2026, 12, 21, 8, 0, tzinfo=UTC), True),  # after the dialoog
    ],
)
def test_evaluatie_28_days_boundary(
    evaluatie_type: MessageType, received_at: datetime, warned: bool
) -> None:
    root = evaluatie()
    set_text(root, "ev:DatumMeerzorgdialoog", "2026-12-20")

    found = evaluatie_type.validate(root, received_at=received_at)

    assert [(m.code, m.ernst) for m in found] == ([("GW422", Ernst.WAARSCHUWING)] if warned else [])


def test_naive_receive_time_counts_as_utc(evaluatie_type: MessageType) -> None:
    root = evaluatie()
    set_text(root, "ev:DatumMeerzorgdialoog", "2026-12-20")

    found = evaluatie_type.validate(root, received_at=datetime(2026, 11, 22, 23, 0, 0))

    assert [m.code for m in found] == ["GW422"]


def test_plan_warns_28_days_before_planned_dialoog(plan_type: MessageType) -> None:
    root = plan()
    set_text(root, "mzp:Betrokkenheid/mzp:GeplandeMeerzorgdialoog", "2026-12-20")
    assert plan_type.validate(root, received_at=RECEIVED_AT) == []

    set_text(root, "mzp:Betrokkenheid/mzp:GeplandeMeerzorgdialoog", "2026-12-19")
    assert [m.code for m in plan_type.validate(root, received_at=RECEIVED_AT)] == ["GW410"]


def test_evaluatieperiode_starting_on_the_dialoog_day_is_allowed(
    evaluatie_type: MessageType,
) -> None:
    root = evaluatie()
    set_text(root, "ev:Evaluatieperiode/ev:Begindatum", "2027-01-20")
    set_text(root, "ev:Evaluatieperiode/ev:Einddatum", "2027-01-20")

    assert evaluatie_type.validate(root, received_at=RECEIVED_AT) == []


# --- attachments ----------------------------------------------------------------------------


def with_attachment(content: str, digest: str) -> etree._Element:
    root = plan()
    set_text(root, "mzp:Bijlage/mzp:Inhoud", content)
    set_text(root, "mzp:Bijlage/mzp:Sha256", digest)
    return root


def test_sha256_accepts_uppercase_hex_and_wrapped_base64(plan_type: MessageType) -> None:
    data = b"Scholingsplan\n" * 40
    encoded = base64.b64encode(data).decode()
    wrapped = "\n" + "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n"

    root = with_attachment(wrapped, hashlib.sha256(data).hexdigest().upper())

    assert plan_type.validate(root, received_at=RECEIVED_AT) == []


def test_sha256_of_other_content_is_gw408(plan_type: MessageType) -> None:
    root = with_attachment(
        base64.b64encode(b"echte inhoud").decode(), hashlib.sha256(b"andere inhoud").hexdigest()
    )

    found = plan_type.validate(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == ["GW408"]
    assert found[0].locatie is not None
    assert found[0].locatie.startswith("/Meerzorgplan/Bijlage/Sha256")


def test_empty_attachment_hashes_as_empty(plan_type: MessageType) -> None:
    root = with_attachment("", hashlib.sha256(b"").hexdigest())

    assert plan_type.validate(root, received_at=RECEIVED_AT) == []


# --- robustness: rules never raise on odd input ----------------------------------------------


@pytest.mark.parametrize(
    ("xpath", "value"),
    [
        ("mzp:Planperiode/mzp:Begindatum", "not a date"),
        ("mzp:Planperiode/mzp:Einddatum", "2027-02-30"),
        ("mzp:Kalenderjaar", "MMXXVII"),
        ("mzp:IndividueleMeerzorg/mzp:PercentageBovenProfiel", "NaN"),
        ("mzp:IndividueleMeerzorg/mzp:PercentageBovenProfiel", "Infinity"),
        ("mzp:Betrokkenheid/mzp:GeplandeMeerzorgdialoog", "9999-99-99"),
        ("mzp:Groep/mzp:Client/mzp:Bsn", "abc"),
        ("bk:Berichtkop/bk:Afzender/bk:AgbCode", ""),
    ],
)
def test_rules_skip_unparsable_values_without_raising(
    plan_type: MessageType, xpath: str, value: str
) -> None:
    root = plan()
    set_text(root, xpath, value)

    found = plan_type.check_rules(root, received_at=RECEIVED_AT)

    assert all(m.code.startswith("GW4") for m in found)


def test_undecodable_attachment_is_a_mismatch_not_a_crash(plan_type: MessageType) -> None:
    root = with_attachment("!!!not base64!!!", "0" * 64)

    found = plan_type.check_rules(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == ["GW408"]


def test_rules_skip_missing_elements(plan_type: MessageType) -> None:
    root = plan()
    for child in list(root)[1:]:
        root.remove(child)

    assert plan_type.check_rules(root, received_at=RECEIVED_AT) == []


def test_rules_on_a_payload_without_berichtkop(plan_type: MessageType) -> None:
    root = plan()
    root.remove(root[0])

    found = plan_type.check_rules(root, received_at=RECEIVED_AT)

    assert [m.code for m in found] == []
