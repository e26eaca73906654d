"""``meerzorg-gateway``: run the gateway, make a dev PKI, and act as a participant.

The command layer: one module per command group (``server``, ``privacy``,
``participant``, ``operator``, ``desk``), each with ``add_parsers`` and its handlers;
``support`` and ``payload`` hold what the commands share. Library modules hold no
argparse and never import this package.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from gateway.cli import desk, operator, participant, privacy, server
from gateway.cli.support import run_guarded
from gateway.config import ConfigError

# What `meerzorg-gateway --help` says first (the module docstring is for developers).
DESCRIPTION = "``meerzorg-gateway``: run the gateway, make a dev PKI, and act as a participant."


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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("meerzorg-gateway")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="meerzorg-gateway", description=DESCRIPTION)
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()} (protocol v1)"
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an error, show the Python traceback too (allowed anywhere on the line)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    server.add_parsers(sub)
    privacy.add_parsers(sub)
    participant.add_parsers(sub)
    operator.add_parsers(sub)
    desk.add_desk_parser(sub, participant.DEFAULT_URL)
    return parser


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
        if operator.is_operator_command(args):
            return operator.run_admin(args)
        if args.command == "dev-pki":
            return server.run_dev_pki(args)
        if args.command == "serve":
            return server.run_serve(args)
        if args.command == "migrate":
            return server.run_migrate(args)
        if args.command == "desk":
            return desk.run_desk(args)
        if args.command in {"audit", "purge"}:
            return asyncio.run(privacy.run_privacy_command(args))
        return participant.run_participant_command(args)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
