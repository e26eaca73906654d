"""``meerzorg-gateway``: run the gateway, make a dev PKI, and act as a participant."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp

from gateway.admin import add_ops_argument, run_admin
from gateway.config import ConfigError, load_gateway_config
from gateway.domain.errors import StoreUnavailable

DEFAULT_URL = "https://localhost:8443"


def _identity_args(p: argparse.ArgumentParser, *, party_required: bool = True) -> None:
    p.add_argument("--url", default=DEFAULT_URL, help=f"gateway base URL (default {DEFAULT_URL})")
    p.add_argument(
        "--party",
        type=Path,
        required=party_required,
        help="party directory with tls.crt/tls.key and sign.* or enc.* (e.g. certs/agb-12345678)",
    )
    p.add_argument("--ca", type=Path, help="trust anchor (default: PARTY/../ca.crt)")
    p.add_argument("--crl", type=Path, help="CRL (default: PARTY/../crl.pem)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meerzorg-gateway", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    pki = sub.add_parser("dev-pki", help="create a development PKI and demo configuration")
    pki.add_argument("--out", type=Path, default=Path("certs"))
    pki.add_argument("--force", action="store_true", help="overwrite an existing dev PKI")
    pki_sub = pki.add_subparsers(dest="pki_command")
    revoke = pki_sub.add_parser("revoke", help="add a party's certificates to the CRL")
    revoke.add_argument("party", help="party directory name, e.g. agb-12345678")
    revoke.add_argument("--out", type=Path, default=Path("certs"))

    serve = sub.add_parser("serve", help="run the gateway")
    serve.add_argument("--config", type=Path, required=True)
    serve.add_argument("--port", type=int)
    serve.add_argument("--ops-port", type=int)
    serve.add_argument("--data-dir", type=Path)
    serve.add_argument("--port-file", type=Path, help=argparse.SUPPRESS)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
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
    migrate.add_argument("--config", type=Path, required=True)
    migrate.add_argument("--data-dir", type=Path)
    _privacy_commands(sub)

    send = sub.add_parser("send", help="provider: sign, encrypt and submit a payload")
    _identity_args(send)
    send.add_argument("payload", type=Path, help="payload XML (a Berichtkop is added)")
    send.add_argument("--to", required=True, help="Geadresseerde zorgkantoor code, e.g. 5509")
    send.add_argument("--type", help="BerichtType (default: from the payload's root element)")
    send.add_argument("--versie", default="1.0")
    send.add_argument("--conversatie-id")
    send.add_argument("--als-antwoord-op")
    send.add_argument("--traceer-id", help="reuse a TraceerId (resubmission)")
    send.add_argument("--save-envelope", type=Path, help="write the envelope sent here")
    send.add_argument("--save-receipt", type=Path, help="write the signed receipt here")

    receipts = sub.add_parser("receipts", help="provider: receipts not yet acknowledged")
    receipts_sub = receipts.add_subparsers(dest="action", required=True)
    _identity_args(receipts_sub.add_parser("list", help="receipts not yet acknowledged"))
    r_fetch = receipts_sub.add_parser("fetch", help="fetch and verify one receipt")
    _identity_args(r_fetch)
    r_fetch.add_argument("id", help="BevestigingId")
    r_fetch.add_argument("--out", type=Path, help="write the signed receipt here")
    r_ack = receipts_sub.add_parser("ack", help="acknowledge one receipt")
    _identity_args(r_ack)
    r_ack.add_argument("id", help="BevestigingId")

    inbox = sub.add_parser("inbox", help="zorgkantoor: list, fetch and acknowledge messages")
    inbox_sub = inbox.add_subparsers(dest="action", required=True)
    i_list = inbox_sub.add_parser("list", help="ready messages, oldest first")
    _identity_args(i_list)
    i_list.add_argument("--limit", type=int, default=250)
    i_list.add_argument(
        "--lease",
        type=int,
        metavar="SECONDS",
        help="claim the listed messages for this long (pollers running in parallel)",
    )
    i_fetch = inbox_sub.add_parser("fetch", help="download, decrypt and verify one message")
    _identity_args(i_fetch)
    i_fetch.add_argument("traceer_id")
    i_fetch.add_argument("--out", type=Path, help="write the verified payload here")
    i_fetch.add_argument("--save-envelope", type=Path, help="write the delivery envelope here")
    i_ack = inbox_sub.add_parser("ack", help="acknowledge one message (it leaves the inbox)")
    _identity_args(i_ack)
    i_ack.add_argument("traceer_id")
    add_ops_argument(inbox_sub.add_parser("stats", help="operator: depth and age per inbox"))

    status = sub.add_parser(
        "message",
        help="provider: status history of a message you sent (--party); "
        "operator: `message show TRACEERID` (metadata, no content)",
    )
    _identity_args(status, party_required=False)
    status.add_argument("traceer_id", help="TraceerId, or `show` followed by a TraceerId")
    status.add_argument("show_id", nargs="?", help=argparse.SUPPRESS)
    add_ops_argument(status)
    _admin_commands(sub)
    return parser


def _admin_commands(sub: Any) -> None:
    """Operator commands; they talk to the operations listener (see docs/runbook.md)."""
    add_ops_argument(
        sub.add_parser("status", help="operator: flows, depths, rejections, expiring certificates")
    )
    participants = sub.add_parser("participants", help="operator: the participants registry")
    p_sub = participants.add_subparsers(dest="action", required=True)
    check = p_sub.add_parser("check", help="registry against certificates")
    add_ops_argument(check)
    check.add_argument(
        "--config", type=Path, help="check offline from gateway.toml (no running gateway needed)"
    )
    check.add_argument("--days", type=int, default=30, help="expiring: fewer days left than this")
    add_ops_argument(sub.add_parser("reload", help="operator: reload registry and CRLs now"))


def _privacy_commands(sub: Any) -> None:
    """NEN 7513 audit trail and retention (docs/privacy.md); they work on the data files."""
    audit = sub.add_parser("audit", help="operator: verify or search the NEN 7513 audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="check every hash link and checkpoint signature")
    verify.add_argument("--config", type=Path, required=True)
    search = audit_sub.add_parser("search", help="every event about one client (inzageverzoek)")
    search.add_argument("--config", type=Path, required=True)
    search.add_argument("--bsn", required=True, help="the client's BSN (never stored or logged)")
    purge = sub.add_parser("purge", help="operator: apply the retention windows now")
    purge.add_argument("--config", type=Path, required=True)


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
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
        parser.error("message: --party is required")
    try:
        if _is_admin(args):
            return run_admin(args)
        if args.command == "dev-pki":
            return _dev_pki(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "migrate":
            return _migrate(args)
        if args.command in {"audit", "purge"}:
            from gateway.audit import run_privacy_command

            return asyncio.run(run_privacy_command(args))
        return asyncio.run(_participant(args))
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


async def _participant(args: argparse.Namespace) -> int:
    from gateway.client import ClientError, GatewayClient, Identity

    identity = Identity.from_party_dir(args.party, ca=args.ca, crl=args.crl)
    try:
        async with GatewayClient(args.url, identity) as client:
            if args.command == "send":
                return await _send(client, args)
            if args.command == "receipts":
                return await _receipts(client, args)
            if args.command == "message":
                resp = await client.request("GET", f"/v1/berichten/{args.traceer_id}")
                _print_json(resp.json())
                return 0 if resp.status == 200 else 1
            return await _inbox(client, args)
    except ClientError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except aiohttp.ClientError as exc:
        # Includes a TLS handshake the gateway refused (e.g. a revoked certificate).
        print(f"error: cannot talk to the gateway: {exc}", file=sys.stderr)
        return 1


async def _send(client: Any, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from gateway.client import new_kop, own_party
    from gateway.messagetypes import MessageTypeRegistry
    from gateway.security.xmlparse import parse_untrusted

    payload = args.payload.read_bytes()
    bericht_type = args.type
    if bericht_type is None:
        root_tag = parse_untrusted(payload).getroot().tag
        matches = [t for t in MessageTypeRegistry.load().all() if t.root_tag == root_tag]
        if not matches:
            print("error: unknown payload root element; pass --type", file=sys.stderr)
            return 2
        bericht_type = matches[0].naam
    party = own_party(client.identity)
    if party is None:
        print("error: our TLS certificate names no AGB code", file=sys.stderr)
        return 2
    kop = new_kop(
        bericht_type=bericht_type,
        afzender=party.code,
        geadresseerde=args.to,
        versie=args.versie,
        conversatie_id=args.conversatie_id,
        als_antwoord_op=args.als_antwoord_op,
    )
    if args.traceer_id:
        kop = replace(kop, traceer_id=args.traceer_id.lower())
    resp, receipt, envelope = await client.send(payload, kop)
    if args.save_envelope:
        args.save_envelope.write_bytes(envelope)
    if receipt is None:
        print(f"HTTP {resp.status}: {resp.body.decode('utf-8', 'replace')}", file=sys.stderr)
        return 1
    if args.save_receipt:
        args.save_receipt.write_bytes(receipt.xml)
    _print_json(
        {
            "http": resp.status,
            "traceerId": receipt.traceer_id,
            "status": receipt.status,
            "bevestigingId": receipt.bevestiging_id,
            "meldingen": receipt.meldingen,
            "handtekening": "geldig",
        }
    )
    return 0 if resp.status in (200, 202) else 1


async def _receipts(client: Any, args: argparse.Namespace) -> int:
    from gateway.client import verify_receipt

    if args.action == "list":
        resp = await client.request("GET", "/v1/bevestigingen")
        _print_json(resp.json())
        return 0 if resp.status == 200 else 1
    if args.action == "ack":
        resp = await client.request("DELETE", f"/v1/bevestigingen/{args.id}")
        print("acknowledged" if resp.status == 204 else f"HTTP {resp.status}")
        return 0 if resp.status == 204 else 1
    resp = await client.request("GET", f"/v1/bevestigingen/{args.id}")
    if resp.status != 200:
        print(f"HTTP {resp.status}", file=sys.stderr)
        return 1
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
    from gateway.messagetypes import MessageTypeRegistry
    from gateway.security.keys import DecryptionKeyRing

    if args.action == "list":
        lease = f"&lease={args.lease}" if args.lease is not None else ""
        resp = await client.request("GET", f"/v1/postvak?limit={args.limit}{lease}")
        _print_json(resp.json())
        return 0 if resp.status == 200 else 1
    if args.action == "ack":
        resp = await client.request("DELETE", f"/v1/postvak/{args.traceer_id}")
        print("acknowledged" if resp.status == 204 else f"HTTP {resp.status}")
        return 0 if resp.status == 204 else 1
    resp = await client.request("GET", f"/v1/postvak/{args.traceer_id}")
    if resp.status != 200:
        print(f"HTTP {resp.status}", file=sys.stderr)
        return 1
    if args.save_envelope:
        args.save_envelope.write_bytes(resp.body)
    opened = open_delivery(
        resp.body,
        DecryptionKeyRing(client.identity.decrypt),
        client.identity.trust(),
        MessageTypeRegistry.load().envelope_schema,
    )
    if args.out:
        args.out.write_bytes(opened.payload)
    else:
        sys.stdout.buffer.write(opened.payload)
    print(
        f"verified: signed by {opened.signer_party}, TraceerId {opened.kop.traceer_id}",
        file=sys.stderr,
    )
    return 0
