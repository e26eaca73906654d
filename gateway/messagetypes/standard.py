"""Payloads in an external standard (iWlz): header fields and the XSLT rule set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from gateway.domain.envelope import DocumentHeader
from gateway.domain.meldingen import Ernst, Melding
from gateway.messagetypes.common import (
    DEFAULT_MAX_ELEMENTS,
    ELEMENT_LIMIT_CODE,
    RULE_SET_FAILED_CODE,
    log,
)
from gateway.messagetypes.rules import (
    _locatie,
    _parse_date,
    _text,
)
from gateway.rulesets import (
    RuleSetFailed,
    XsltRuleSet,
)

# --- payloads in an external standard ----------------------------------------------------

HEADER_FIELDS = ("afzender", "geadresseerde", "bericht_versie", "identificatie", "dagtekening")


@dataclass(frozen=True)
class ExternalStandard:
    """A payload that is a national standard's own document (an iWlz ``Bericht``).

    There is no Berichtkop: ``header`` holds the registry's XPaths to the Kop fields in
    the document's own Header. After a clean XSD check the standard's XSLT rule set
    runs, unless the document holds more than ``max_elements`` elements (GW302).
    """

    header: Mapping[str, etree.XPath] = field(repr=False)
    rule_set: XsltRuleSet | None = field(repr=False)
    max_elements: int = DEFAULT_MAX_ELEMENTS

    def read_header(self, root: etree._Element) -> DocumentHeader:
        """The Kop fields as the signed document states them ("" where absent)."""
        values: dict[str, str] = {}
        locaties: dict[str, str] = {}
        for name, path in self.header.items():
            result = path(root)
            if isinstance(result, list):
                node = next((n for n in result if isinstance(n, etree._Element)), None)
                values[name] = _text(node).strip() if node is not None else ""
                if node is not None:
                    locaties[name] = _locatie(node, root)
            else:
                values[name] = str(result).strip()
        return DocumentHeader(
            afzender=values["afzender"],
            geadresseerde=values["geadresseerde"],
            bericht_versie=values["bericht_versie"],
            identificatie=values["identificatie"],
            dagtekening=_parse_date(values["dagtekening"]),
            locaties=locaties,
        )

    def check(self, payload: etree._Element, naam: str) -> list[Melding]:
        """The rule set's findings; the element cap first, so a huge document costs little."""
        if self.rule_set is None:
            return []
        for count, _ in enumerate(payload.iter(), start=1):
            if count > self.max_elements:
                return [
                    Melding(
                        ELEMENT_LIMIT_CODE,
                        Ernst.FOUT,
                        "Bericht bevat meer elementen dan dit berichttype toestaat.",
                        _locatie(payload, payload),
                    )
                ]
        try:
            return self.rule_set.run(payload)
        except RuleSetFailed:
            # The operator must see this; the sender gets a 422 for this message only.
            log.error("ruleset_failed", bericht_type=naam, stylesheet=self.rule_set.path.name)
            return [
                Melding(
                    RULE_SET_FAILED_CODE,
                    Ernst.FOUT,
                    "De regelcontrole van de standaard kon niet worden uitgevoerd.",
                    _locatie(payload, payload),
                )
            ]
