"""The error tree (gateway/domain/errors.py): each refusal carries its protocol code, also
in the text an operator's traceback or log shows."""

from __future__ import annotations

from gateway.domain.errors import ContentRejected
from gateway.domain.meldingen import Ernst, Melding


def test_a_business_rule_rejection_reads_its_own_gw4xx_code() -> None:
    exc = ContentRejected(
        (
            Melding("GW999", Ernst.WAARSCHUWING, "Een waarschuwing."),
            Melding("GW412", Ernst.FOUT, "Einddatum ligt voor de begindatum."),
        )
    )
    assert exc.code == "GW412"
    assert str(exc) == "GW412: Einddatum ligt voor de begindatum."
    assert "GW301" not in str(exc)


def test_a_schema_rejection_reads_gw301() -> None:
    exc = ContentRejected((Melding("GW301", Ernst.FOUT, "Element onbekend.", "regel 3"),))
    assert str(exc) == "GW301: Element onbekend."
    assert exc.locatie == "regel 3"
