"""Participant commands over mutual TLS: ``send``, ``receipts``, ``inbox``, ``message``
and ``conversation``. Local checks come first (files, options, the payload against its XSD
and rules), then the gateway."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp

from gateway.cli.operator import add_ops_argument
from gateway.cli.support import Refused, describe_answer, refuse_answer

if TYPE_CHECKING:
    from gateway.cli.payload import UserPayload
    from gateway.client import Identity
    from gateway.domain.envelope import Kop
    from gateway.domain.meldingen import Melding
    from gateway.messagetypes import MessageType

DEFAULT_URL = "https://localhost:8443"


def identity_args(p: argparse.ArgumentParser, *, party_required: bool = True) -> None:
    p.add_argument("--url", default=DEFAULT_URL, metavar="URL", help="the gateway's API base URL")
    p.add_argument(
        "--party",
        type=Path,
        required=party_required,
        metavar="DIR",
        help="party directory with tls.crt/tls.key and sign.* (provider) or enc.* "
        "(zorgkantoor), e.g. certs/agb-12345678",
    )
    p.add_argument("--ca", type=Path, metavar="FILE", help="trust anchor (default: DIR/../ca.crt)")
    p.add_argument("--crl", type=Path, metavar="FILE", help="CRL (default: DIR/../crl.pem)")


def add_parsers(sub: Any) -> None:
    """``send``, ``receipts``, ``inbox``, ``message`` and ``conversation``."""
    send = sub.add_parser("send", help="provider: sign, encrypt and submit a payload")
    identity_args(send)
    send.add_argument("payload", type=Path, metavar="PAYLOAD", help="payload XML file")
    send.add_argument(
        "--to",
        required=True,
        metavar="CODE",
        help=(
            "Geadresseerde: the 4-digit zorgkantoor code, e.g. 5509, or a provider's 8-digit "
            "AGB code for a zorgkantoor's message (not a directory name)"
        ),
    )
    send.add_argument(
        "--type", metavar="T", help="BerichtType (default: from the payload's root element)"
    )
    send.add_argument("--versie", default="1.0", metavar="V", help="BerichtVersie")
    send.add_argument("--conversatie-id", metavar="ID", help="ConversatieId (default: none)")
    send.add_argument(
        "--als-antwoord-op", metavar="ID", help="TraceerId this answers (default: none)"
    )
    send.add_argument(
        "--traceer-id",
        metavar="ID",
        help="reuse a TraceerId (resubmission; default: a new UUID)",
    )
    send.add_argument(
        "--check",
        action="store_true",
        help="only check the payload locally against its XSD and rules, send nothing",
    )
    send.add_argument(
        "--no-check",
        action="store_true",
        help="post even when the local check finds a fout (to get the gateway's signed rejection)",
    )
    send.add_argument("--save-envelope", type=Path, metavar="F", help="write the envelope sent")
    send.add_argument(
        "--save-receipt", type=Path, metavar="F", help="write the signed receipt here"
    )

    receipts = sub.add_parser("receipts", help="provider: receipts not yet acknowledged")
    receipts_sub = receipts.add_subparsers(dest="action", required=True, metavar="ACTION")
    identity_args(receipts_sub.add_parser("list", help="receipts not yet acknowledged"))
    r_fetch = receipts_sub.add_parser("fetch", help="fetch and verify one receipt")
    identity_args(r_fetch)
    r_fetch.add_argument("id", metavar="ID", help="BevestigingId")
    r_fetch.add_argument("--out", type=Path, metavar="F", help="write the signed receipt here")
    r_ack = receipts_sub.add_parser("ack", help="acknowledge one receipt")
    identity_args(r_ack)
    r_ack.add_argument("id", metavar="ID", help="BevestigingId")

    inbox = sub.add_parser("inbox", help="zorgkantoor: list, fetch and acknowledge messages")
    inbox_sub = inbox.add_subparsers(dest="action", required=True, metavar="ACTION")
    i_list = inbox_sub.add_parser("list", help="ready messages, oldest first")
    identity_args(i_list)
    i_list.add_argument("--limit", type=int, default=250, metavar="N", help="at most this many")
    i_list.add_argument(
        "--lease",
        type=int,
        metavar="SECONDS",
        help="claim the listed messages for this long, 1 to 3600 (pollers running in "
        "parallel; default: no lease)",
    )
    i_fetch = inbox_sub.add_parser("fetch", help="download, decrypt and verify one message")
    identity_args(i_fetch)
    i_fetch.add_argument("traceer_id", metavar="ID", help="TraceerId")
    i_fetch.add_argument(
        "--out", type=Path, metavar="F", help="write the verified payload here (default: stdout)"
    )
    i_fetch.add_argument(
        "--save-envelope", type=Path, metavar="F", help="write the delivery envelope here"
    )
    i_ack = inbox_sub.add_parser("ack", help="acknowledge one message (it leaves the inbox)")
    identity_args(i_ack)
    i_ack.add_argument("traceer_id", metavar="ID", help="TraceerId")
    add_ops_argument(inbox_sub.add_parser("stats", help="operator: depth and age per inbox"))

    status = sub.add_parser(
        "message",
        help="provider: status history of a message you sent (--party); "
        "operator: `message show TRACEERID` (metadata, no content)",
    )
    identity_args(status, party_required=False)
    status.add_argument(
        "traceer_id", metavar="TRACEERID", help="TraceerId, or `show` followed by a TraceerId"
    )
    status.add_argument("show_id", nargs="?", help=argparse.SUPPRESS)
    add_ops_argument(status)
    conversation = sub.add_parser(
        "conversation",
        help="participant: the messages of a conversation you sent or received, in order "
        "(metadata, no content)",
    )
    identity_args(conversation)
    conversation.add_argument(
        "conversatie_id",
        metavar="ID",
        help="ConversatieId, or the TraceerId of the message that started the conversation",
    )


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def run_participant_command(args: argparse.Namespace) -> int:
    """Participant commands: local checks first (files, options, payload), then the gateway."""
    from gateway.cli.support import check_output, check_url, load_party, require_keys

    check_url(args.url)
    _check_listing_options(args)
    command = " ".join(x for x in (args.command, getattr(args, "action", None)) if x)
    for option in ("out", "save_envelope", "save_receipt"):
        check_output(getattr(args, option, None), "--" + option.replace("_", "-"))
    # Both roles send, have an inbox and receipts (issue 13); which role may send a
    # type is checked once the payload's type is known (_prepare_send).
    identity = load_party(args.party, command, None, ca=args.ca, crl=args.crl)
    if args.command == "inbox" and args.action == "fetch":
        require_keys(args.party, command, ("enc.crt", "enc.key"), "decrypt what it receives")
    prepared = _prepare_send(args, identity) if args.command == "send" else None
    if prepared is not None and args.check:
        return _report_check(prepared)
    return asyncio.run(_participant(args, identity, prepared))


def _check_listing_options(args: argparse.Namespace) -> None:
    """``inbox list --limit/--lease``: the ranges the gateway accepts."""
    from gateway.cli.support import UsageError
    from gateway.services.delivery import MAX_LEASE_SECONDS

    lease = getattr(args, "lease", None)
    if lease is not None and not 1 <= lease <= MAX_LEASE_SECONDS:
        raise UsageError(f"--lease {lease}: give 1 to {MAX_LEASE_SECONDS} seconds")
    limit = getattr(args, "limit", None)
    if limit is not None and limit < 1:
        raise UsageError(f"--limit {limit}: give a positive number (the gateway lists at most 250)")


async def _participant(
    args: argparse.Namespace, identity: Identity, prepared: _PreparedSend | None
) -> int:
    from gateway.cli.support import explain_tls_failure, probe_tls
    from gateway.client import ClientError, GatewayClient

    try:
        async with GatewayClient(args.url, identity) as client:
            if args.command == "send":
                return await _send(client, args, prepared)
            if args.command == "receipts":
                return await _receipts(client, args)
            if args.command == "conversation":
                resp = await _answer(
                    client,
                    "GET",
                    f"/v1/conversaties/{args.conversatie_id}",
                    "conversatie",
                    args.conversatie_id,
                )
                _print_json(resp.json())
                return 0
            if args.command == "message":
                resp = await _answer(
                    client, "GET", f"/v1/berichten/{args.traceer_id}", "bericht", args.traceer_id
                )
                _print_json(resp.json())
                return 0
            return await _inbox(client, args)
    except ClientError as exc:
        raise Refused(str(exc)) from exc
    except aiohttp.ClientError as exc:
        # Includes a TLS handshake the gateway refused (e.g. a revoked certificate).
        why = explain_tls_failure(exc)
        if why is None and isinstance(exc, aiohttp.ClientOSError | aiohttp.ServerDisconnectedError):
            why = await asyncio.to_thread(probe_tls, args.url, identity.ssl_context())
        if why is not None:
            raise Refused(f"cannot talk to the gateway at {args.url}: {why}") from exc
        if isinstance(exc, aiohttp.ClientConnectorError) and exc.os_error.strerror:
            raise Refused(
                f"cannot talk to the gateway at {args.url} ({exc.os_error.strerror}); "
                "is it running, and is --url right?"
            ) from exc
        raise Refused(f"cannot talk to the gateway at {args.url}: {exc}") from exc


@dataclass(frozen=True)
class _PreparedSend:
    """``send`` after the local checks: what will be signed, and what the gateway will say."""

    payload: UserPayload
    kop: Kop
    message_type: MessageType
    meldingen: list[Melding]


def _prepare_send(args: argparse.Namespace, identity: Identity) -> _PreparedSend:
    """The local half of ``send``: options, payload file, and the gateway's own checks."""
    from gateway.cli.payload import (
        check_geadresseerde,
        check_locally,
        check_traceer_id,
        message_type_for,
        read_payload,
    )
    from gateway.cli.support import check_sender_role, require_keys
    from gateway.client import new_kop, own_party
    from gateway.messagetypes import MessageTypeRegistry

    geadresseerde = check_geadresseerde(args.to)
    traceer_id = check_traceer_id(args.traceer_id)
    payload = read_payload(args.payload)
    message_type = message_type_for(MessageTypeRegistry.load(), payload, args.type, args.versie)
    party = own_party(identity)
    if party is None:  # load_party checked the kind; kept for the type checker
        raise Refused(f"--party {args.party}: the TLS certificate names no party code")
    check_sender_role(args.party, party, message_type.naam, message_type.afzender_rol)
    require_keys(args.party, "send", ("sign.crt", "sign.key"), "sign what it sends")
    kop = new_kop(
        bericht_type=message_type.naam,
        afzender=party.code,
        geadresseerde=geadresseerde,
        versie=message_type.versie,
        conversatie_id=args.conversatie_id,
        als_antwoord_op=args.als_antwoord_op,
    )
    if traceer_id:
        kop = replace(kop, traceer_id=traceer_id)
    return _PreparedSend(payload, kop, message_type, check_locally(message_type, payload, kop))


def _meldingen_json(prepared: _PreparedSend) -> list[dict[str, str]]:
    from gateway.cli.payload import melding_dict

    return [melding_dict(m) for m in prepared.meldingen]


def _report_check(prepared: _PreparedSend) -> int:
    """``send --check``: the Meldingen the gateway would give, and exit 1 on a fout."""
    from gateway.domain.meldingen import has_fout

    rejected = has_fout(prepared.meldingen)
    _print_json(
        {
            "bestand": str(prepared.payload.path),
            "berichtType": prepared.message_type.naam,
            "berichtVersie": prepared.message_type.versie,
            "status": "Afgekeurd" if rejected else "Goedgekeurd",
            "meldingen": _meldingen_json(prepared),
        }
    )
    return 1 if rejected else 0


async def _send(client: Any, args: argparse.Namespace, prepared: _PreparedSend | None) -> int:
    from gateway.cli.payload import line_map, relocate
    from gateway.domain.meldingen import has_fout

    if prepared is None:  # _participant_command prepares every send
        raise RuntimeError("send without its local check")
    if has_fout(prepared.meldingen) and not args.no_check:
        # Checked locally with the gateway's own code: posting would only get these back.
        _print_json(
            {
                "http": None,
                "status": "Afgekeurd",
                "verstuurd": False,
                "meldingen": _meldingen_json(prepared),
            }
        )
        print(
            f"error: {prepared.payload.path} does not pass the checks of "
            f"{prepared.message_type.naam} {prepared.message_type.versie} "
            "(see meldingen); nothing was sent (--no-check posts it anyway)",
            file=sys.stderr,
        )
        return 1
    sent = await client.submit(prepared.payload.data, prepared.kop)
    resp, receipt = sent.response, sent.receipt
    if args.save_envelope:
        args.save_envelope.write_bytes(sent.envelope)
    if receipt is None:
        raise Refused(describe_answer(resp.status, resp.body, "bericht", prepared.kop.traceer_id))
    if args.save_receipt:
        args.save_receipt.write_bytes(receipt.xml)
    mapping = line_map(prepared.payload.tree.getroot(), sent.signed_payload)
    _print_json(
        {
            "http": resp.status,
            "traceerId": receipt.traceer_id,
            "status": receipt.status,
            "bevestigingId": receipt.bevestiging_id,
            "meldingen": relocate(receipt.meldingen, mapping),
            "handtekening": "geldig",
        }
    )
    return 0 if resp.status in (200, 202) else 1


async def _answer(
    client: Any, method: str, path: str, what: str, ident: str, *, expect: int = 200
) -> Any:
    """The gateway's answer to ``method path``; any other status than ``expect`` is refused
    with one sentence about ``what`` (``ident`` names it)."""
    resp = await client.request(method, path)
    if resp.status != expect:
        raise refuse_answer(resp, what, ident)
    return resp


async def _receipts(client: Any, args: argparse.Namespace) -> int:
    from gateway.client import verify_receipt

    if args.action == "list":
        resp = await _answer(client, "GET", "/v1/bevestigingen", "bevestiging", "")
        _print_json(resp.json())
        return 0
    if args.action == "ack":
        resp = await _answer(
            client, "DELETE", f"/v1/bevestigingen/{args.id}", "bevestiging", args.id, expect=204
        )
        print("acknowledged")
        return 0
    resp = await _answer(client, "GET", f"/v1/bevestigingen/{args.id}", "bevestiging", args.id)
    _enc, signers = await client.gateway_certificates()
    info = verify_receipt(resp.body, signers)
    if args.out:
        args.out.write_bytes(resp.body)
    _print_json(
        {
            "soort": info.soort,
            "bevestigingId": info.bevestiging_id,
            "traceerId": info.traceer_id,
            "status": info.status,
            "tijdstip": info.tijdstip,
            "meldingen": info.meldingen,
            "handtekening": "geldig",
        }
    )
    return 0


async def _inbox(client: Any, args: argparse.Namespace) -> int:
    from gateway.client import open_delivery
    from gateway.domain.errors import GatewayError
    from gateway.messagetypes import MessageTypeRegistry
    from gateway.security.keys import DecryptionKeyRing

    if args.action == "list":
        lease = f"&lease={args.lease}" if args.lease is not None else ""
        resp = await _answer(client, "GET", f"/v1/postvak?limit={args.limit}{lease}", "postvak", "")
        _print_json(resp.json())
        return 0
    if args.action == "ack":
        resp = await _answer(
            client,
            "DELETE",
            f"/v1/postvak/{args.traceer_id}",
            "postvak",
            args.traceer_id,
            expect=204,
        )
        print("acknowledged")
        return 0
    resp = await _answer(
        client, "GET", f"/v1/postvak/{args.traceer_id}", "postvak", args.traceer_id
    )
    if args.save_envelope:
        args.save_envelope.write_bytes(resp.body)
    try:
        opened = open_delivery(
            resp.body,
            DecryptionKeyRing(client.identity.decrypt),
            client.identity.trust(),
            MessageTypeRegistry.load().envelope_schema,
        )
    except GatewayError as exc:  # not decryptable with our keys, or a bad signature
        raise Refused(
            f"message {args.traceer_id} cannot be opened: {exc.code} {exc.omschrijving}; "
            "it stays in the inbox (not acknowledged)"
        ) from exc
    if args.out:
        args.out.write_bytes(opened.payload)
    else:
        sys.stdout.buffer.write(opened.payload)
    print(
        f"verified: signed by {opened.signer_party}, TraceerId {opened.kop.traceer_id}",
        file=sys.stderr,
    )
    return 0
