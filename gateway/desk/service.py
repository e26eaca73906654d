"""What the desk does with the gateway, on ``gateway.client`` (as the CLI does): the keys
never leave this process. Failures become ``DeskError`` with a Dutch text a person reads.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from lxml import etree

from gateway.client import (
    ClientError,
    GatewayClient,
    ReceiptInfo,
    Response,
    new_kop,
    open_delivery,
    own_party,
    verify_receipt,
)
from gateway.domain.envelope import Kop
from gateway.domain.errors import GatewayError
from gateway.domain.participants import PartyKind
from gateway.messagetypes import MessageTypeRegistry
from gateway.security.keys import DecryptionKeyRing
from gateway.security.xmlparse import parse_untrusted

from .documents import SignatureView, signature_view

GATEWAY_DOWN = (
    "De gateway is niet bereikbaar. Er is niets verstuurd of verloren; probeer het later opnieuw."
)


class DeskError(Exception):
    """A failure to show to the person, in Dutch, without any client data."""


@dataclass
class OpenedDelivery:
    """A message decrypted and verified in this process (kept in memory only)."""

    kop: Kop
    payload: etree._Element
    signature: SignatureView
    size: int
    acknowledged: bool = False


@dataclass
class SentMessage:
    traceer_id: str
    bericht_type: str
    to: str
    sent_at: datetime
    status: str


@dataclass
class DeskService:
    """One participant's side of the exchange, for the desk's handlers."""

    client: GatewayClient
    registry: MessageTypeRegistry
    opened: dict[str, OpenedDelivery] = field(default_factory=dict)
    sent: dict[str, SentMessage] = field(default_factory=dict)

    @property
    def party_code(self) -> str:
        party = own_party(self.client.identity)
        return party.code if party else ""

    @property
    def is_provider(self) -> bool:
        # By the TLS certificate's party code: since issue 13 a zorgkantoor's directory
        # holds a signing key too, so holding one no longer says which role this is.
        party = own_party(self.client.identity)
        return party is not None and party.kind is PartyKind.AGB

    async def _call(self, method: str, path: str, **kwargs: Any) -> Response:
        try:
            return await self.client.request(method, path, **kwargs)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise DeskError(GATEWAY_DOWN) from exc

    async def _json(self, path: str) -> Any:
        resp = await self._call("GET", path)
        if resp.status != 200:
            raise DeskError(f"De gateway antwoordde met status {resp.status}.")
        return resp.json()

    async def participant(self) -> dict[str, Any]:
        data: dict[str, Any] = await self._json("/v1/deelnemer")
        return data

    async def inbox(self) -> list[dict[str, Any]]:
        data = await self._json("/v1/postvak")
        return list(data.get("berichten", []))

    async def open_message(self, traceer_id: str) -> OpenedDelivery:
        """Download, decrypt and verify; a message opened before is shown from memory."""
        if traceer_id in self.opened:
            return self.opened[traceer_id]
        resp = await self._call("GET", f"/v1/postvak/{traceer_id}")
        if resp.status == 404:
            raise DeskError("Dit bericht staat niet (meer) in het postvak.")
        if resp.status != 200:
            raise DeskError(f"De gateway antwoordde met status {resp.status}.")
        try:
            # Decryption and verification are CPU work: off the event loop.
            opened = await asyncio.to_thread(
                open_delivery,
                resp.body,
                DecryptionKeyRing(self.client.identity.decrypt),
                self.client.identity.trust(),
                self.registry.envelope_schema,
            )
        except (ClientError, GatewayError) as exc:
            raise UnverifiedMessage(str(exc)) from exc
        root = parse_untrusted(opened.payload).getroot()
        delivery = OpenedDelivery(opened.kop, root, signature_view(root), len(resp.body))
        self.opened[traceer_id] = delivery
        return delivery

    async def acknowledge(self, traceer_id: str) -> None:
        resp = await self._call("DELETE", f"/v1/postvak/{traceer_id}")
        if resp.status != 204:
            raise DeskError(f"Ontvangst melden lukte niet (status {resp.status}).")
        if traceer_id in self.opened:
            self.opened[traceer_id].acknowledged = True

    async def send(self, bericht_type: str, payload: bytes, to: str) -> tuple[int, ReceiptInfo]:
        """Sign, encrypt and submit; the verified receipt (accepted or refused)."""
        kop = new_kop(bericht_type=bericht_type, afzender=self.party_code, geadresseerde=to)
        try:
            resp, receipt, _envelope = await self.client.send(payload, kop)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise DeskError(GATEWAY_DOWN) from exc
        except ClientError as exc:
            raise DeskError(
                "Het antwoord van de gateway kon niet worden gecontroleerd; "
                "het bericht is mogelijk niet aangekomen."
            ) from exc
        if receipt is None:
            raise DeskError(f"De gateway weigerde het bericht (status {resp.status}).")
        self.sent[kop.traceer_id] = SentMessage(
            kop.traceer_id, bericht_type, to, datetime.now(UTC), receipt.status
        )
        return resp.status, receipt

    async def receipts(self) -> list[dict[str, Any]]:
        data = await self._json("/v1/bevestigingen")
        return list(data.get("bevestigingen", []))

    async def receipt(self, bevestiging_id: str) -> ReceiptInfo:
        resp = await self._call("GET", f"/v1/bevestigingen/{bevestiging_id}")
        if resp.status != 200:
            raise DeskError("Deze bevestiging is niet (meer) beschikbaar.")
        try:
            _enc, signers = await self.client.gateway_certificates()
            return verify_receipt(resp.body, signers)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise DeskError(GATEWAY_DOWN) from exc
        except ClientError as exc:
            raise DeskError("De handtekening van deze bevestiging is niet geldig.") from exc

    async def acknowledge_receipt(self, bevestiging_id: str) -> None:
        resp = await self._call("DELETE", f"/v1/bevestigingen/{bevestiging_id}")
        if resp.status != 204:
            raise DeskError(f"Afhandelen lukte niet (status {resp.status}).")

    async def history(self, traceer_id: str) -> dict[str, Any]:
        resp = await self._call("GET", f"/v1/berichten/{traceer_id}")
        if resp.status == 404:
            raise DeskError("Dit bericht is bij de gateway niet bekend.")
        if resp.status != 200:
            raise DeskError(f"De gateway antwoordde met status {resp.status}.")
        data: dict[str, Any] = resp.json()
        return data

    async def conversation(self, conversatie_id: str) -> dict[str, Any]:
        """The messages of a conversation this participant sent or received (metadata)."""
        resp = await self._call("GET", f"/v1/conversaties/{conversatie_id}")
        if resp.status == 404:
            raise DeskError("In deze conversatie heeft u geen bericht verstuurd of ontvangen.")
        if resp.status != 200:
            raise DeskError(f"De gateway antwoordde met status {resp.status}.")
        data: dict[str, Any] = resp.json()
        return data


class UnverifiedMessage(DeskError):
    """The message could not be decrypted or its signature is not valid: not shown."""
