"""Conversations (issue 13): the messages of one ConversatieId a participant may see."""

from __future__ import annotations

from gateway.domain.participants import Participant
from gateway.ports import Caller, ExchangeStore, StoredMessage, StoredReceipt
from gateway.services.context import GatewayContext

MAX_CONVERSATION = 250  # a meerzorg conversation holds a handful; this bounds a listing


async def show_conversation(
    ctx: GatewayContext[ExchangeStore], caller: Caller, participant: Participant, conversation: str
) -> list[tuple[StoredMessage, list[StoredReceipt]]]:
    """Every message of ``conversation`` that ``participant`` sent or received, oldest
    first, each with the receipts it holds for it (metadata only; empty: 404).

    Receipts belong to a message's sender, so a received message lists none: the
    recipient's own acknowledgement shows as the message's status (``Bezorgd``).
    """
    del caller  # metadata only, no client data: not an audit event (docs/privacy.md)
    found: list[tuple[StoredMessage, list[StoredReceipt]]] = []
    for message in await ctx.store.list_conversation(
        participant.id, conversation, MAX_CONVERSATION
    ):
        issued: list[StoredReceipt] = []
        if message.sender == participant.id:
            issued = (await ctx.store.history(participant.id, message.traceer_id))[2]
        found.append((message, issued))
    return found
