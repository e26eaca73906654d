"""Operator commands: ``status``, ``inbox stats``, ``message show``, ``participants check``
and ``reload`` fetch the reports of ``gateway.services.reports`` from the operations listener (plain
HTTP on 127.0.0.1); ``participants check --config`` computes its report offline."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import aiohttp

from gateway.bootstrap import load_snapshot
from gateway.cli.support import Refused, describe_answer
from gateway.config import load_gateway_config
from gateway.ports import SystemClock
from gateway.services.reports import participants_check

DEFAULT_OPS = "http://127.0.0.1:8080"


def add_parsers(sub: Any) -> None:
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


def is_operator_command(args: argparse.Namespace) -> bool:
    """Operator commands go to the operations listener, not the participant API."""
    if args.command in {"status", "participants", "reload"}:
        return True
    if args.command == "inbox":
        return bool(args.action == "stats")
    return args.command == "message" and args.show_id is not None


def add_ops_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ops",
        default=DEFAULT_OPS,
        metavar="URL",
        help="the gateway's operations listener",
    )


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


async def _call(method: str, base: str, path: str) -> tuple[int, Any]:
    timeout = aiohttp.ClientTimeout(total=30)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.request(method, base.rstrip("/") + path) as resp,
    ):
        try:
            body = await resp.json(content_type=None)
        except ValueError:
            body = {"status": resp.status, "body": (await resp.text())[:500]}
        return resp.status, body


def _offline_check(config_path: Path, days: int) -> int:
    snapshot = load_snapshot(load_gateway_config(config_path))
    report = participants_check(snapshot, SystemClock().now(), days=days)
    _print_json(report)
    return 1 if report["problemCount"] else 0


def run_admin(args: argparse.Namespace) -> int:
    """Dispatch one admin command; exit 0 when all is well, 1 when it reports a problem."""
    if args.command == "participants" and args.config is not None:
        return _offline_check(args.config, args.days)
    try:
        return asyncio.run(_run_online(args))
    except (aiohttp.ClientError, TimeoutError) as exc:
        print(f"error: cannot reach the operations listener at {args.ops}: {exc}", file=sys.stderr)
        return 1


async def _run_online(args: argparse.Namespace) -> int:
    if args.command == "status":
        status, body = await _call("GET", args.ops, "/admin/status")
        _print_json(body)
        return 0 if status == 200 and body.get("ready") else 1
    if args.command == "inbox":
        status, body = await _call("GET", args.ops, "/admin/inbox-stats")
    elif args.command == "message":
        status, body = await _call("GET", args.ops, f"/admin/messages/{args.show_id}")
        if status == 404:  # the JSON body for scripts, a sentence for the person
            _print_json(body)
            raw = json.dumps(body).encode()
            raise Refused(describe_answer(status, raw, "beheer", args.show_id))
    elif args.command == "participants":
        status, body = await _call("GET", args.ops, f"/admin/participants-check?days={args.days}")
        _print_json(body)
        return 0 if status == 200 and not body.get("problemCount") else 1
    else:  # reload
        status, body = await _call("POST", args.ops, "/admin/reload")
    _print_json(body)
    return 0 if status == 200 else 1
