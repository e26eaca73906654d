"""Participants and routing: who may send, which inbox a zorgkantoor code reaches."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PartyKind(StrEnum):
    AGB = "AGB"  # zorgaanbieder
    ZK = "ZK"  # zorgkantoor region code


@dataclass(frozen=True, slots=True)
class PartyCode:
    """A code read from a certificate: ``AGB-12345678`` or ``ZK-5509``."""

    kind: PartyKind
    code: str

    def __str__(self) -> str:
        return f"{self.kind.value}-{self.code}"


class Role(StrEnum):
    ZORGAANBIEDER = "zorgaanbieder"
    CONCESSIEHOUDER = "concessiehouder"


def party_kind_of(code: str) -> PartyKind:
    """The kind of an Afzender or Geadresseerde code, by its form.

    The envelope schema admits exactly two forms, an 8-digit AGB code and a 4-digit
    zorgkantoor code, so the form alone says which party kind a code names.
    """
    return PartyKind.AGB if len(code) == 8 else PartyKind.ZK


def party_code_for(code: str) -> PartyCode:
    """The party code an envelope's Afzender or Geadresseerde names."""
    return PartyCode(party_kind_of(code), code)


@dataclass(frozen=True)
class Participant:
    """One participant of the registry.

    ``id`` is stable and names the inbox (``zk-5509``) or the provider
    (``agb-12345678``); ``codes`` are what its certificates may carry.
    """

    id: str
    role: Role
    naam: str
    codes: tuple[str, ...]
    active: bool = True
    inactive_codes: frozenset[str] = frozenset()
    # DER bytes of the encryption certificates (every concessiehouder; a provider that
    # receives messages, issue 13); the adapters parse them.
    encryption_certificates: tuple[bytes, ...] = ()

    @property
    def party_kind(self) -> PartyKind:
        return PartyKind.AGB if self.role is Role.ZORGAANBIEDER else PartyKind.ZK


@dataclass(frozen=True)
class Registry:
    """The participants registry: a snapshot, replaced whole on reload."""

    participants: tuple[Participant, ...]
    _by_code: dict[PartyCode, Participant] = field(default_factory=dict, compare=False, repr=False)
    _by_id: dict[str, Participant] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for p in self.participants:
            if p.id in self._by_id:
                raise ValueError(f"participant id {p.id!r} appears twice")
            self._by_id[p.id] = p
            for code in p.codes:
                key = PartyCode(p.party_kind, code)
                if key in self._by_code:
                    raise ValueError(f"code {key} belongs to two participants")
                self._by_code[key] = p

    def by_party_code(self, code: PartyCode) -> Participant | None:
        """The participant a certificate's party code belongs to (active or not)."""
        return self._by_code.get(code)

    def by_id(self, participant_id: str) -> Participant | None:
        return self._by_id.get(participant_id)

    def provider(self, agb: str) -> Participant | None:
        return self._by_code.get(PartyCode(PartyKind.AGB, agb))

    def route(self, code: str) -> Participant | None:
        """The inbox for a Geadresseerde code (a zorgkantoor code or an AGB code), or
        None (GW501) if unknown or inactive."""
        p = self._by_code.get(party_code_for(code))
        if p is None or not p.active or code in p.inactive_codes:
            return None
        return p
