"""One error tree; every error carries its protocol code (protocol section 7).

Texts here end up in signed receipts and plain error bodies: they never quote
payload content, parser internals or identifiers of a client.
"""

from __future__ import annotations

from gateway.domain.meldingen import Ernst, Melding


class GatewayError(Exception):
    """Base: a request the gateway refuses, with the protocol code and HTTP status."""

    code: str = "GW000"
    http_status: int = 422
    omschrijving: str = "Bericht afgekeurd."

    def __init__(
        self,
        omschrijving: str | None = None,
        *,
        locatie: str | None = None,
        meldingen: tuple[Melding, ...] = (),
    ) -> None:
        self.omschrijving = omschrijving or type(self).omschrijving
        self.locatie = locatie
        self._meldingen = meldingen
        super().__init__(f"{self.code}: {self.omschrijving}")

    @property
    def meldingen(self) -> tuple[Melding, ...]:
        """The findings for the receipt: those given, or one made from this error."""
        if self._meldingen:
            return self._meldingen
        return (Melding(self.code, Ernst.FOUT, self.omschrijving, self.locatie),)


# --- before an envelope is parsed: plain error bodies -----------------------------


class EnvelopeInvalid(GatewayError):
    code = "GW101"
    http_status = 400
    omschrijving = "Envelop is niet well-formed of niet geldig volgens het envelopschema."


class ForbiddenMarkup(GatewayError):
    code = "GW102"
    http_status = 400
    omschrijving = "DOCTYPE, entiteitdeclaratie of processing instruction is niet toegestaan."


class MessageTooLarge(GatewayError):
    code = "GW103"
    http_status = 413
    omschrijving = "Bericht is groter dan de toegestane omvang."


# --- ontvangstcontrole on the parsed envelope: signed rejections ----------------


class SenderMismatch(GatewayError):
    code = "GW110"
    http_status = 403
    omschrijving = "Afzender is niet de deelnemer van het clientcertificaat."


class UnknownMessageType(GatewayError):
    code = "GW120"
    omschrijving = "Onbekend BerichtType of onbekende BerichtVersie."


class RoleMayNotSend(GatewayError):
    """The registry says which role sends a message type (``afzender_rol``)."""

    code = "GW121"
    omschrijving = "Uw rol mag dit BerichtType niet versturen."


class OutsideTimeWindow(GatewayError):
    code = "GW130"
    omschrijving = "Aanmaaktijdstip valt buiten het toegestane venster."


class TraceerIdConflict(GatewayError):
    code = "GW140"
    http_status = 409
    omschrijving = "TraceerId is al gebruikt voor een bericht met andere inhoud."


class IdentificatieConflict(GatewayError):
    """A standard's own message identification is accepted once per sender and type
    (iWlz: Identificatie unique per berichtsoort for the sending party, rule TR056)."""

    code = "GW141"
    http_status = 409
    omschrijving = (
        "Identificatie van het bericht is al gebruikt voor een ander bericht van dit "
        "berichttype van deze Afzender."
    )


# --- security of the payload -----------------------------------------------------


class DecryptionFailed(GatewayError):
    """One code and one text for every decryption failure: no oracle."""

    code = "GW201"
    omschrijving = "De inhoud kon niet worden ontsleuteld."


class AlgorithmNotAllowed(GatewayError):
    code = "GW202"
    omschrijving = "Algoritme niet toegestaan."


class SignatureInvalid(GatewayError):
    code = "GW210"
    omschrijving = "Handtekening ontbreekt, is ongeldig of heeft niet de toegestane vorm."


class SignerNotTrusted(GatewayError):
    code = "GW211"
    omschrijving = (
        "Certificaat van de ondertekenaar is niet vertrouwd, verlopen, ingetrokken "
        "of niet van de Afzender."
    )


class KopMismatch(GatewayError):
    code = "GW220"
    omschrijving = "Ondertekende Berichtkop wijkt af van de Kop van de envelop."


# --- ketencontrole -----------------------------------------------------------------


class ContentRejected(GatewayError):
    """Schema (GW301) or business-rule (GW4xx) findings; the Meldingen say which."""

    code = "GW301"
    omschrijving = "Inhoud afgekeurd."

    def __init__(self, meldingen: tuple[Melding, ...]) -> None:
        first = next((m for m in meldingen if m.ernst is Ernst.FOUT), meldingen[0])
        self.code = first.code  # before the base class writes "code: omschrijving"
        super().__init__(first.omschrijving, locatie=first.locatie, meldingen=meldingen)


class NoRoute(GatewayError):
    code = "GW501"
    omschrijving = "Geen route: Geadresseerde is onbekend of niet actief."


class AddresseeWrongRole(GatewayError):
    """The Geadresseerde exists but does not have the role that receives this type."""

    code = "GW502"
    omschrijving = "Geadresseerde heeft niet de rol die dit BerichtType ontvangt."


class AnswerUnknown(GatewayError):
    """AlsAntwoordOp must name a message the sender received (issue 13): in the
    conversation the Kop names, from the Geadresseerde, of a type this type answers.
    One code and one text for every way it fails, so no answer tells whether a
    TraceerId exists for someone else."""

    code = "GW503"
    omschrijving = (
        "AlsAntwoordOp verwijst niet naar een bericht van deze conversatie dat u van de "
        "Geadresseerde hebt ontvangen."
    )


class AnswerIncomplete(GatewayError):
    """A type that answers another (``antwoord_op`` in the registry) needs both fields."""

    code = "GW504"
    omschrijving = "Dit BerichtType vereist een ConversatieId en een AlsAntwoordOp in de Kop."


# --- certificates (TLS and signing) -----------------------------------------------


class CertificateRejected(Exception):
    """A certificate failed trust, validity, key usage or revocation (translated by callers)."""


# --- transient: nothing accepted ----------------------------------------------------


class StoreUnavailable(Exception):
    """The store cannot commit durably right now (HTTP 503, Retry-After)."""
