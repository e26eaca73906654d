"""``meerzorg-gateway``: run the gateway, make a dev PKI, and act as a participant."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import aiohttp

from gateway.admin import add_ops_argument, run_admin
from gateway.cli_support import Refused, describe_answer, refuse_answer, run_guarded
from gateway.config import ConfigError, load_gateway_config
from gateway.domain.errors import StoreUnavailable

if TYPE_CHECKING:
    from gateway.cli_payload import UserPayload
    from gateway.client import Identity
    from gateway.domain.envelope import Kop
    from gateway.domain.meldingen import Melding
    from gateway.messagetypes import MessageType

DEFAULT_URL = "https://localhost:8443"


class _HelpFormatter(argparse.HelpFormatter):
    """Shows every option's default (unless its help already names it)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            action.option_strings
            and "default" not in text
            and default not in (None, False, argparse.SUPPRESS)
        ):
            text += " (default: %(default)s)"
        return text


class _Parser(argparse.ArgumentParser):
    """Every subcommand's parser shows defaults the same way, and a command-line
    mistake in one line (exit 2) that points at the command's --help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {self.prog}: {message} (see `{self.prog} --help`)\n")


def _identity_args(p: argparse.ArgumentParser, *, party_required: bool = True) -> None:
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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("meerzorg-gateway")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="meerzorg-gateway", description=__doc__)
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()} (protocol v1)"
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an error, show the Python traceback too (allowed anywhere on the line)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    pki = sub.add_parser("dev-pki", help="create a development PKI and demo configuration")
    pki.add_argument(
        "--out", type=Path, default=Path("certs"), metavar="DIR", help="directory to write"
    )
    pki.add_argument("--force", action="store_true", help="overwrite an existing dev PKI")
    pki_sub = pki.add_subparsers(dest="pki_command", metavar="revoke")
    revoke = pki_sub.add_parser("revoke", help="add a party's certificates to the CRL")
    revoke.add_argument(
        "party", metavar="PARTY", help="party directory name under --out, e.g. agb-12345678"
    )
    revoke.add_argument(
        "--out", type=Path, default=Path("certs"), metavar="DIR", help="the dev PKI directory"
    )

    serve = sub.add_parser("serve", help="run the gateway")
    serve.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")
    serve.add_argument(
        "--port", type=int, metavar="N", help="API port (default: [server] port, 8443)"
    )
    serve.add_argument(
        "--ops-port",
        type=int,
        metavar="N",
        help="operations port (default: [server] ops_port, 8080)",
    )
    serve.add_argument(
        "--data-dir", type=Path, metavar="DIR", help="data directory (default: [server] data_dir)"
    )
    serve.add_argument("--port-file", type=Path, help=argparse.SUPPRESS)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="gateway processes sharing the API port; worker i's operations port is ops_port+i",
    )
    serve.add_argument(
        "--migrate",
        action="store_true",
        help="apply pending schema migrations before serving (default: refuse to start)",
    )
    serve.add_argument("--worker-index", type=int, help=argparse.SUPPRESS)
    serve.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)
    migrate = sub.add_parser("migrate", help="apply the store's pending schema migrations")
    migrate.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")
    migrate.add_argument(
        "--data-dir", type=Path, metavar="DIR", help="data directory (default: [server] data_dir)"
    )
    _privacy_commands(sub)

    send = sub.add_parser("send", help="provider: sign, encrypt and submit a payload")
    _identity_args(send)
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
    _identity_args(receipts_sub.add_parser("list", help="receipts not yet acknowledged"))
    r_fetch = receipts_sub.add_parser("fetch", help="fetch and verify one receipt")
    _identity_args(r_fetch)
    r_fetch.add_argument("id", metavar="ID", help="BevestigingId")
    r_fetch.add_argument("--out", type=Path, metavar="F", help="write the signed receipt here")
    r_ack = receipts_sub.add_parser("ack", help="acknowledge one receipt")
    _identity_args(r_ack)
    r_ack.add_argument("id", metavar="ID", help="BevestigingId")

    inbox = sub.add_parser("inbox", help="zorgkantoor: list, fetch and acknowledge messages")
    inbox_sub = inbox.add_subparsers(dest="action", required=True, metavar="ACTION")
    i_list = inbox_sub.add_parser("list", help="ready messages, oldest first")
    _identity_args(i_list)
    i_list.add_argument("--limit", type=int, default=250, metavar="N", help="at most this many")
    i_list.add_argument(
        "--lease",
        type=int,
        metavar="SECONDS",
        help="claim the listed messages for this long, 1 to 3600 (pollers running in "
        "parallel; default: no lease)",
    )
    i_fetch = inbox_sub.add_parser("fetch", help="download, decrypt and verify one message")
    _identity_args(i_fetch)
    i_fetch.add_argument("traceer_id", metavar="ID", help="TraceerId")
    i_fetch.add_argument(
        "--out", type=Path, metavar="F", help="write the verified payload here (default: stdout)"
    )
    i_fetch.add_argument(
        "--save-envelope", type=Path, metavar="F", help="write the delivery envelope here"
    )
    i_ack = inbox_sub.add_parser("ack", help="acknowledge one message (it leaves the inbox)")
    _identity_args(i_ack)
    i_ack.add_argument("traceer_id", metavar="ID", help="TraceerId")
    add_ops_argument(inbox_sub.add_parser("stats", help="operator: depth and age per inbox"))

    status = sub.add_parser(
        "message",
        help="provider: status history of a message you sent (--party); "
        "operator: `message show TRACEERID` (metadata, no content)",
    )
    _identity_args(status, party_required=False)
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
    _identity_args(conversation)
    conversation.add_argument(
        "conversatie_id",
        metavar="ID",
        help="ConversatieId, or the TraceerId of the message that started the conversation",
    )
    _admin_commands(sub)
    from gateway.desk.run import add_desk_parser

    add_desk_parser(sub, DEFAULT_URL)
    return parser


def _admin_commands(sub: Any) -> None:
    """Operator commands; they talk to the operations listener (see docs/runbook.md)."""
    add_ops_argument(
        sub.add_parser("status", help="operator: flows, depths, rejections, expiring certificates")
    )
    participants = sub.add_parser("participants", help="operator: the participants registry")
    p_sub = participants.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = p_sub.add_parser("check", help="registry against certificates")
    add_ops_argument(check)
    check.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="check offline from gateway.toml (no running gateway needed; default: ask --ops)",
    )
    check.add_argument(
        "--days", type=int, default=30, metavar="N", help="expiring: fewer days left than this"
    )
    add_ops_argument(sub.add_parser("reload", help="operator: reload registry and CRLs now"))


def _privacy_commands(sub: Any) -> None:
    """NEN 7513 audit trail and retention (docs/privacy.md); they work on the data files."""
    audit = sub.add_parser("audit", help="operator: verify or search the NEN 7513 audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="check every hash link and checkpoint signature")
    verify.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")
    search = audit_sub.add_parser("search", help="every event about one client (inzageverzoek)")
    search.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")
    search.add_argument(
        "--bsn", required=True, metavar="N", help="the client's BSN (never stored or logged)"
    )
    purge = sub.add_parser("purge", help="operator: apply the retention windows now")
    purge.add_argument("--config", type=Path, required=True, metavar="FILE", help="gateway.toml")


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere on the line, also after a subcommand.
    debug = "--debug" in args_list
    args_list = [a for a in args_list if a != "--debug"]
    try:
        code = run_guarded(lambda: _main(args_list), debug=debug)
        sys.stdout.flush()  # here, not at exit: a closed pipe is then ours to handle
        return code
    except BrokenPipeError:
        # The reader went away (`meerzorg-gateway status | head`): stop quietly, as
        # command-line tools do, and keep the interpreter's final flush from failing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "message" and (args.traceer_id == "show") != (args.show_id is not None):
        parser.error("use `message TRACEERID --party DIR` or `message show TRACEERID`")
    if args.command == "message" and args.show_id is None and args.party is None:
        parser.error("message: --party DIR is required (e.g. certs/agb-12345678)")
    try:
        if _is_admin(args):
            return run_admin(args)
        if args.command == "dev-pki":
            return _dev_pki(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "migrate":
            return _migrate(args)
        if args.command == "desk":
            from gateway.desk.run import run_desk

            return run_desk(args)
        if args.command in {"audit", "purge"}:
            from gateway.audit import run_privacy_command

            return asyncio.run(run_privacy_command(args))
        return _participant_command(args)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2


def _is_admin(args: argparse.Namespace) -> bool:
    """Operator commands go to the operations listener, not the participant API."""
    if args.command in {"status", "participants", "reload"}:
        return True
    if args.command == "inbox":
        return bool(args.action == "stats")
    return args.command == "message" and args.show_id is not None


def _dev_pki(args: argparse.Namespace) -> int:
    from gateway.devpki import DevPkiError, revoke_party, write_dev_pki

    try:
        if args.pki_command == "revoke":
            serials = revoke_party(args.out, args.party)
            print(f"revoked {len(serials)} certificate(s) of {args.party}; CRL: {args.out}/crl.pem")
            return 0
        pki = write_dev_pki(args.out, force=args.force)
    except DevPkiError as exc:
        print(f"dev-pki: {exc}", file=sys.stderr)
        return 2
    print(f"dev PKI written to {pki.root}; demo configuration: {pki.gateway_config}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from gateway.bootstrap import create_store_if_fresh, migrate, serve, with_overrides
    from gateway.logging import configure_logging
    from gateway.messagetypes import MessageTypeError
    from gateway.ports import SchemaMismatch
    from gateway.workers import WorkerStartFailed, supervise

    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    config = with_overrides(
        load_gateway_config(args.config),
        port=args.port,
        ops_port=args.ops_port,
        data_dir=args.data_dir,
    )
    configure_logging(config.log_level, config.log_format)
    try:
        if args.migrate and args.workers > 1:  # once, before any worker checks the schema
            asyncio.run(migrate(config))
        elif not args.migrate and args.worker_index is None:
            # An empty data directory: create the SQLite schema, once, before any worker.
            asyncio.run(create_store_if_fresh(config))
        if args.workers > 1:
            asyncio.run(supervise(config, args.workers, port_file=args.port_file))
        else:
            asyncio.run(
                serve(
                    config,
                    port_file=args.port_file,
                    migrate=args.migrate,
                    worker_index=args.worker_index,
                    parent_pid=args.parent_pid,
                )
            )
    except SchemaMismatch as exc:
        print(f"cannot start the gateway: {exc}", file=sys.stderr)
        return 3
    except MessageTypeError as exc:  # names the file (a broken XSD, stylesheet or rules.toml)
        print(f"cannot start the gateway: message types: {exc}", file=sys.stderr)
        return 2
    except StoreUnavailable as exc:
        print(f"cannot start the gateway: the store is unavailable: {exc}", file=sys.stderr)
        return 1
    except WorkerStartFailed as exc:  # the worker printed why; a schema mismatch stays 3
        print(f"cannot start the gateway: {exc}", file=sys.stderr)
        return 3 if exc.code == 3 else 1
    except (OSError, RuntimeError) as exc:
        # A port in use, an unreadable key or certificate (ssl.SSLError too), a worker
        # that could not start.
        print(f"cannot start the gateway: {exc}", file=sys.stderr)
        return 1
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from gateway.bootstrap import migrate, with_overrides
    from gateway.ports import SchemaMismatch

    config = with_overrides(
        load_gateway_config(args.config), port=None, ops_port=None, data_dir=args.data_dir
    )
    try:
        done = asyncio.run(migrate(config))
    except SchemaMismatch as exc:  # the database is newer than this gateway
        print(f"migrate: {exc}", file=sys.stderr)
        return 3
    except StoreUnavailable as exc:
        print(f"migrate: the store is unavailable: {exc}", file=sys.stderr)
        return 1
    for step in done:
        change = "up to date" if step.before == step.after else f"{step.before} -> {step.after}"
        backend = config.store.backend
        print(f"{step.store} store ({backend}): schema version {step.after} ({change})")
    return 0


def _participant_command(args: argparse.Namespace) -> int:
    """Participant commands: local checks first (files, options, payload), then the gateway."""
    from gateway.cli_support import check_output, check_url, load_party, require_keys

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
    from gateway.cli_support import UsageError
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
    from gateway.cli_support import explain_tls_failure, probe_tls
    from gateway.client import ClientError, GatewayClient

    try:
        async with GatewayClient(args.url, identity) as client:
            if args.command == "send":
                return await _send(client, args, prepared)
            if args.command == "receipts":
                return await _receipts(client, args)
            if args.command == "conversation":
                resp = await client.request("GET", f"/v1/conversaties/{args.conversatie_id}")
                if resp.status != 200:
                    raise refuse_answer(resp, "conversatie", args.conversatie_id)
                _print_json(resp.json())
                return 0
            if args.command == "message":
                resp = await client.request("GET", f"/v1/berichten/{args.traceer_id}")
                if resp.status != 200:
                    raise refuse_answer(resp, "bericht", args.traceer_id)
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
    from gateway.cli_payload import (
        check_geadresseerde,
        check_locally,
        check_traceer_id,
        message_type_for,
        read_payload,
    )
    from gateway.cli_support import check_sender_role, require_keys
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
    from gateway.cli_payload import melding_dict

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
    from gateway.cli_payload import line_map, relocate
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


async def _receipts(client: Any, args: argparse.Namespace) -> int:
    from gateway.client import verify_receipt

    if args.action == "list":
        resp = await client.request("GET", "/v1/bevestigingen")
        if resp.status != 200:
            raise refuse_answer(resp, "bevestiging", "")
        _print_json(resp.json())
        return 0
    if args.action == "ack":
        resp = await client.request("DELETE", f"/v1/bevestigingen/{args.id}")
        if resp.status != 204:
            raise refuse_answer(resp, "bevestiging", args.id)
        print("acknowledged")
        return 0
    resp = await client.request("GET", f"/v1/bevestigingen/{args.id}")
    if resp.status != 200:
        raise refuse_answer(resp, "bevestiging", args.id)
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
        resp = await client.request("GET", f"/v1/postvak?limit={args.limit}{lease}")
        if resp.status != 200:
            raise refuse_answer(resp, "postvak", "")
        _print_json(resp.json())
        return 0
    if args.action == "ack":
        resp = await client.request("DELETE", f"/v1/postvak/{args.traceer_id}")
        if resp.status != 204:
            raise refuse_answer(resp, "postvak", args.traceer_id)
        print("acknowledged")
        return 0
    resp = await client.request("GET", f"/v1/postvak/{args.traceer_id}")
    if resp.status != 200:
        raise refuse_answer(resp, "postvak", args.traceer_id)
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
