"""``meerzorg-gateway desk --party DIR``: start the desk for one participant on 127.0.0.1."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import socket
import ssl
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

DEFAULT_PORT = 8765


def add_desk_parser(sub: Any, default_url: str) -> None:
    desk = sub.add_parser(
        "desk", help="participant: a local web page to write, send, read and acknowledge messages"
    )
    desk.add_argument(
        "--url", default=default_url, metavar="URL", help="the gateway's API base URL"
    )
    desk.add_argument(
        "--party",
        type=Path,
        required=True,
        metavar="DIR",
        help="party directory (e.g. certs/agb-12345678 or certs/zk-5509)",
    )
    desk.add_argument(
        "--ca", type=Path, metavar="FILE", help="trust anchor (default: DIR/../ca.crt)"
    )
    desk.add_argument("--crl", type=Path, metavar="FILE", help="CRL (default: DIR/../crl.pem)")
    desk.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help="port on 127.0.0.1 (0: any free)",
    )
    desk.add_argument(
        "--participants",
        type=Path,
        metavar="FILE",
        help="participants.toml to name senders (default: DIR/../participants.toml if present)",
    )
    desk.add_argument("--log-level", default="warning", metavar="LEVEL", help="desk log level")


def run_desk(args: argparse.Namespace) -> int:
    """The ``desk`` subcommand's handler."""
    from gateway.client import Identity
    from gateway.config import ConfigError, load_registry
    from gateway.desk.app import DeskConfig, create_desk_app
    from gateway.desk.security import DeskSecrets
    from gateway.logging import configure_logging

    configure_logging(args.log_level, "json")
    try:
        identity = Identity.from_party_dir(args.party, ca=args.ca, crl=args.crl)
        identity.ssl_context()  # the certificates and keys are there and readable
        identity.trust()
    except (OSError, ValueError, ssl.SSLError) as exc:
        print(
            f"desk: de certificaten of sleutels in {args.party} zijn niet bruikbaar: {exc}",
            file=sys.stderr,
        )
        return 2
    if identity.sign is None and not identity.decrypt:
        print(
            f"desk: {args.party} bevat geen ondertekeningssleutel (sign.*) "
            "en geen ontsleutelingssleutel (enc.*)",
            file=sys.stderr,
        )
        return 2
    participants_file = args.participants or args.party.parent / "participants.toml"
    registry = None
    if participants_file.exists():
        try:
            registry = load_registry(participants_file)
        except ConfigError as exc:
            print(f"desk: {participants_file}: {exc}", file=sys.stderr)
            return 2
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", args.port))  # never another interface
    except OSError as exc:
        print(f"desk: poort {args.port} is niet beschikbaar: {exc}", file=sys.stderr)
        sock.close()
        return 1
    port = int(sock.getsockname()[1])
    desk_secrets = DeskSecrets()
    app = create_desk_app(DeskConfig(args.url, identity, port, registry), desk_secrets)
    asyncio.run(_serve(app, sock, f"http://127.0.0.1:{port}/?token={desk_secrets.token}"))
    return 0


async def _serve(app: web.Application, sock: socket.socket, url: str) -> None:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    print(f"De desk draait. Open in uw browser: {url}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
