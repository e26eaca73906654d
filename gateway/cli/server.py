"""Running the gateway: ``dev-pki`` (a development PKI and demo configuration),
``serve`` (one process, or a supervisor with ``--workers N``) and ``migrate``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from gateway.config import load_gateway_config
from gateway.domain.errors import StoreUnavailable


def add_parsers(sub: Any) -> None:
    """``dev-pki``, ``serve`` and ``migrate``."""
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


def run_dev_pki(args: argparse.Namespace) -> int:
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


def run_serve(args: argparse.Namespace) -> int:
    from gateway.bootstrap import create_store_if_fresh, migrate, with_overrides
    from gateway.logging import configure_logging
    from gateway.messagetypes import MessageTypeError
    from gateway.ports import SchemaMismatch
    from gateway.runtime import serve
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


def run_migrate(args: argparse.Namespace) -> int:
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
