"""A message type: its schema, rules and roles, and ``validate`` (schema, then rules)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from gateway.domain.meldingen import Ernst, Melding
from gateway.domain.participants import Role
from gateway.messagetypes.common import (
    ELEMENT_LIMIT_CODE,
    RULE_SET_FAILED_CODE,
    SCHEMA_CODE,
    log,
)
from gateway.messagetypes.rules import (
    _SAFE_NAME_RE,
    Rule,
    _Input,
    _locatie,
    _text,
)
from gateway.messagetypes.schema_errors import (
    _schema_meldingen,
)
from gateway.messagetypes.standard import (
    ExternalStandard,
)
from gateway.rulesets import (
    RuleSetFailed,
    SchematronRules,
)

# --- message types ---------------------------------------------------------------------


@dataclass(frozen=True)
class MessageType:
    """One BerichtType and BerichtVersie: its compiled schema and its business rules."""

    naam: str
    versie: str
    namespace: str
    root_tag: str  # Clark notation: "{urn:...}Meerzorgplan"
    schema: etree.XMLSchema = field(repr=False, compare=False)
    rules: tuple[Rule, ...] = field(default=(), repr=False, compare=False)
    folder: Path | None = field(default=None, repr=False, compare=False)
    # Where the payload holds BSNs (registry.toml ``bsn_xpaths``), for audit pseudonyms.
    bsn_paths: tuple[etree.XPath, ...] = field(default=(), repr=False, compare=False)
    # Set for a payload in an external standard (no Berichtkop; its own header and rule set).
    standard: ExternalStandard | None = field(default=None, repr=False, compare=False)
    # Own rules in ISO Schematron (registry ``schematron``), beside rules.toml.
    schematron: SchematronRules | None = field(default=None, repr=False, compare=False)
    # Who sends it and who receives it (registry ``afzender_rol`` / ``ontvanger_rol``).
    afzender_rol: Role = Role.ZORGAANBIEDER
    ontvanger_rol: Role = Role.CONCESSIEHOUDER
    # The BerichtTypes this type answers (registry ``antwoord_op``): when set, the Kop
    # needs ConversatieId and AlsAntwoordOp, naming one of them the sender received.
    antwoord_op: tuple[str, ...] = ()
    # lxml keeps one error log per XMLSchema object: one validation at a time.
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def validate(self, payload: etree._Element, *, received_at: datetime) -> list[Melding]:
        """Schema first, then rules: the payload's findings; an empty list means clean.

        Any schema error gives GW301 fout Meldingen (at most 20) and no rule runs.
        Otherwise every rule runs and all its findings (fout and waarschuwing) return.
        """
        if payload.tag != self.root_tag:
            naam = etree.QName(payload).localname if isinstance(payload.tag, str) else None
            text = (
                f"Root-element {naam} is niet het root-element van dit berichttype."
                if naam and _SAFE_NAME_RE.fullmatch(naam)
                else "Root-element is niet het root-element van dit berichttype."
            )
            return [Melding(SCHEMA_CODE, Ernst.FOUT, text, _locatie(payload, payload))]
        with self._lock:
            valid = self.schema.validate(payload)
            error_log = self.schema.error_log
        if not valid:
            return _schema_meldingen(error_log, payload)
        findings: list[Melding] = []
        if self.standard is not None:
            findings = self.standard.check(payload, self.naam)
            if any(m.code in (ELEMENT_LIMIT_CODE, RULE_SET_FAILED_CODE) for m in findings):
                return findings
        if self.schematron is not None:
            try:
                findings = findings + self.schematron.run(payload)
            except RuleSetFailed:
                log.error(
                    "ruleset_failed", bericht_type=self.naam, stylesheet=self.schematron.path.name
                )
                return [
                    Melding(
                        RULE_SET_FAILED_CODE,
                        Ernst.FOUT,
                        "De regelcontrole van de standaard kon niet worden uitgevoerd.",
                        _locatie(payload, payload),
                    )
                ]
        return findings + self.check_rules(payload, received_at=received_at)

    def bsns(self, payload: etree._Element) -> list[str]:
        """The 9-digit BSN values the payload carries, deduplicated, in document order.

        Only for the keyed pseudonyms of the NEN 7513 audit trail: never log or store them.
        """
        found: list[str] = []
        for path in self.bsn_paths:
            result = path(payload)
            for node in result if isinstance(result, list) else []:
                value = (_text(node) if isinstance(node, etree._Element) else str(node)).strip()
                if len(value) == 9 and value.isascii() and value.isdigit() and value not in found:
                    found.append(value)
        return found

    def check_rules(self, payload: etree._Element, *, received_at: datetime) -> list[Melding]:
        """Only the business rules, without the schema (``validate`` is what the gateway calls)."""
        doc = _Input(payload, received_at)
        findings: list[Melding] = []
        for rule in self.rules:
            findings.extend(rule.apply(doc))
        return findings
