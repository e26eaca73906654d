"""Domain checks without cryptography: time window, Berichtkop against Kop, routing."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from gateway.domain.envelope import Berichtkop, Kop, check_berichtkop_matches, check_time_window
from gateway.domain.errors import KopMismatch, OutsideTimeWindow
from gateway.domain.participants import Participant, PartyCode, PartyKind, Registry, Role

NOW = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)
MAX_AGE = timedelta(days=1)
MAX_FUTURE = timedelta(minutes=5)
TICK = timedelta(microseconds=1)


def _window(aanmaaktijdstip: datetime) -> None:
    check_time_window(aanmaaktijdstip, NOW, max_age=MAX_AGE, max_future=MAX_FUTURE)


@pytest.mark.parametrize(
    "moment",
    [NOW, NOW - MAX_AGE, NOW + MAX_FUTURE, NOW - MAX_AGE + TICK, NOW + MAX_FUTURE - TICK],
    ids=["now", "oldest", "latest", "just-inside-old", "just-inside-new"],
)
def test_time_window_accepts_its_boundaries(moment: datetime) -> None:
    _window(moment)


@pytest.mark.parametrize(
    "moment",
    [
        NOW - MAX_AGE - TICK,
        NOW + MAX_FUTURE + TICK,
        NOW - timedelta(days=365),
        NOW + timedelta(days=1),
    ],
    ids=["too-old", "too-new", "replay", "clock-error"],
)
def test_time_window_refuses_outside_with_gw130(moment: datetime) -> None:
    with pytest.raises(OutsideTimeWindow) as info:
        _window(moment)
    assert info.value.code == "GW130"


def test_time_window_compares_instants_not_wall_clock() -> None:
    amsterdam = timezone(timedelta(hours=1))
    _window((NOW + MAX_FUTURE).astimezone(amsterdam))
    with pytest.raises(OutsideTimeWindow):
        _window((NOW + MAX_FUTURE + TICK).astimezone(amsterdam))


# --- Berichtkop against Kop --------------------------------------------------------------


KOP = Kop(
    traceer_id="0b6f2c9e-1111-4222-8333-444455556666",
    bericht_type="meerzorgplan",
    bericht_versie="1.0",
    afzender="12345678",
    geadresseerde="5509",
    aanmaaktijdstip=NOW,
    conversatie_id="0b6f2c9e-aaaa-4222-8333-444455556666",
)
BERICHTKOP = Berichtkop(
    traceer_id=KOP.traceer_id,
    bericht_versie="1.0",
    afzender="12345678",
    geadresseerde="5509",
    aanmaaktijdstip=NOW,
)


def test_matching_berichtkop_passes() -> None:
    check_berichtkop_matches(KOP, BERICHTKOP)
    # Fields only the envelope has do not take part.
    check_berichtkop_matches(replace(KOP, conversatie_id=None, ontvangsttijdstip=NOW), BERICHTKOP)


DIFFERENT = {
    "traceer_id": "0b6f2c9e-1111-4222-8333-999999999999",
    "bericht_versie": "1.1",
    "afzender": "87654321",
    "geadresseerde": "5511",
    "aanmaaktijdstip": NOW + timedelta(seconds=1),
}
LOCATIES = {
    "traceer_id": "/Berichtkop/TraceerId",
    "bericht_versie": "/Berichtkop/BerichtVersie",
    "afzender": "/Berichtkop/Afzender",
    "geadresseerde": "/Berichtkop/Geadresseerde",
    "aanmaaktijdstip": "/Berichtkop/Aanmaaktijdstip",
}


def test_every_berichtkop_field_is_checked() -> None:
    assert {f.name for f in fields(Berichtkop)} == set(DIFFERENT) == set(LOCATIES)


@pytest.mark.parametrize("name", sorted(DIFFERENT))
def test_a_differing_field_is_gw220_with_its_locatie(name: str) -> None:
    with pytest.raises(KopMismatch) as info:
        check_berichtkop_matches(KOP, replace(BERICHTKOP, **{name: DIFFERENT[name]}))
    assert info.value.code == "GW220"
    assert info.value.locatie == LOCATIES[name]
    [melding] = info.value.meldingen
    assert (melding.code, melding.locatie) == ("GW220", LOCATIES[name])


@pytest.mark.parametrize("name", sorted(DIFFERENT))
def test_a_differing_envelope_field_is_gw220_too(name: str) -> None:
    with pytest.raises(KopMismatch) as info:
        check_berichtkop_matches(replace(KOP, **{name: DIFFERENT[name]}), BERICHTKOP)
    assert info.value.locatie == LOCATIES[name]


def test_the_same_instant_in_another_offset_matches() -> None:
    other = BERICHTKOP.aanmaaktijdstip.astimezone(timezone(timedelta(hours=2)))
    check_berichtkop_matches(KOP, replace(BERICHTKOP, aanmaaktijdstip=other))


# --- routing -----------------------------------------------------------------------------


def _registry() -> Registry:
    return Registry(
        (
            Participant("agb-12345678", Role.ZORGAANBIEDER, "De Linde", ("12345678",)),
            Participant(
                "zk-5509",
                Role.CONCESSIEHOUDER,
                "Midden",
                ("5509", "5511", "5517"),
                inactive_codes=frozenset({"5517"}),
            ),
            Participant("zk-5501", Role.CONCESSIEHOUDER, "Noord", ("5501",), active=False),
        )
    )


def test_route_finds_the_inbox_for_every_active_code() -> None:
    registry = _registry()
    for code in ("5509", "5511"):
        route = registry.route(code)
        assert route is not None
        assert route.id == "zk-5509"


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("5533", id="unknown"),
        pytest.param("5517", id="inactive-code"),
        pytest.param("5501", id="inactive-participant"),
        pytest.param("87654321", id="an-unknown-provider-code"),
        pytest.param("", id="empty"),
    ],
)
def test_route_is_none_for_unknown_or_inactive_codes(code: str) -> None:
    assert _registry().route(code) is None


def test_route_finds_a_provider_by_its_agb_code() -> None:
    """Issue 13: a provider is a Geadresseerde too; whether the type may go to it is
    the registry's ``ontvanger_rol`` (GW502), not the routing's."""
    route = _registry().route("12345678")
    assert route is not None
    assert route.id == "agb-12345678"


def test_inactive_participants_stay_known_by_their_codes() -> None:
    registry = _registry()
    assert registry.by_party_code(PartyCode(PartyKind.ZK, "5501")) == registry.by_id("zk-5501")
    assert registry.by_party_code(PartyCode(PartyKind.ZK, "5517")) == registry.by_id("zk-5509")
    assert registry.provider("12345678") == registry.by_id("agb-12345678")
    # Kinds do not mix: an AGB code is not a zorgkantoor code.
    assert registry.by_party_code(PartyCode(PartyKind.ZK, "12345678")) is None


def test_registry_refuses_a_code_of_two_participants() -> None:
    with pytest.raises(ValueError, match="ZK-5509"):
        Registry(
            (
                Participant("zk-a", Role.CONCESSIEHOUDER, "A", ("5509",)),
                Participant("zk-b", Role.CONCESSIEHOUDER, "B", ("5509",)),
            )
        )


def test_registry_refuses_an_id_used_twice() -> None:
    with pytest.raises(ValueError, match="zk-a"):
        Registry(
            (
                Participant("zk-a", Role.CONCESSIEHOUDER, "A", ("5509",)),
                Participant("zk-a", Role.CONCESSIEHOUDER, "B", ("5511",)),
            )
        )


def test_party_code_string_form() -> None:
    assert str(PartyCode(PartyKind.AGB, "12345678")) == "AGB-12345678"
    assert str(PartyCode(PartyKind.ZK, "5509")) == "ZK-5509"
