"""What the CLI does around a command: one clear line for a user's mistake instead of a
traceback, loading and checking a ``--party`` directory, and sentences for what the
gateway answered (a 404, a refused TLS handshake).

Exit codes: 2 for a usage error (a file or directory that is missing or of the wrong
kind, an option that cannot be right), 1 for a refusal (by the gateway, or a local
check that fails). ``--debug`` shows the traceback as well.
"""

from __future__ import annotations

import json
import re
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509

from gateway.domain.participants import PartyCode, PartyKind, Role

if TYPE_CHECKING:
    from gateway.client import Identity, Response

USAGE = 2
REFUSED = 1


class CliError(Exception):
    """A failure the user can act on: printed as one line, no traceback."""

    exit_code = REFUSED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(CliError):
    """The command line names something missing or wrong (exit 2)."""

    exit_code = USAGE


class Refused(CliError):
    """The gateway or a local check refused (exit 1)."""

    exit_code = REFUSED


# --- party directories ------------------------------------------------------------------


@dataclass(frozen=True)
class PartyRole:
    """What a command needs of a ``--party`` directory."""

    kind: PartyKind
    label: str  # "provider" / "zorgkantoor"
    key_files: tuple[str, str]  # the role's own key pair besides tls.*


PROVIDER = PartyRole(PartyKind.AGB, "provider (zorgaanbieder)", ("sign.crt", "sign.key"))
ZORGKANTOOR = PartyRole(PartyKind.ZK, "zorgkantoor (concessiehouder)", ("enc.crt", "enc.key"))
_ROLES = {PartyKind.AGB: PROVIDER, PartyKind.ZK: ZORGKANTOOR}


def _examples(directory: Path, role: PartyRole) -> str:
    """Sibling directories that would fit, for the hint (dev PKI names: agb-*, zk-*)."""
    prefix = "agb-" if role.kind is PartyKind.AGB else "zk-"
    try:
        found = sorted(p for p in directory.parent.glob(f"{prefix}*") if p.is_dir())
    except OSError:
        found = []
    return f" (e.g. {found[0]})" if found else ""


def _certificate_party(path: Path) -> PartyCode | None:
    from gateway.security.certs import party_code_of

    try:
        return party_code_of(x509.load_pem_x509_certificate(path.read_bytes()))
    except (OSError, ValueError):
        return None


def check_sender_role(
    directory: Path, party: PartyCode, bericht_type: str, afzender_rol: Role
) -> None:
    """``send``: the registry says which role sends a type (GW121 at the gateway)."""
    role = PROVIDER if afzender_rol is Role.ZORGAANBIEDER else ZORGKANTOOR
    if party.kind is not role.kind:
        other = _ROLES[party.kind]
        raise UsageError(
            f"--party {directory} holds the certificate of a {other.label}, {party}; "
            f"`send` needs a {role.label} directory{_examples(directory, role)} "
            f"for a {bericht_type}"
        )


def require_keys(directory: Path, command: str, files: tuple[str, str], purpose: str) -> None:
    """A command's own key pair in the ``--party`` directory (sign.* to send, enc.* to
    open the inbox), for either role."""
    for name in files:
        if not (directory / name).is_file():
            raise UsageError(
                f"--party {directory}: {name} is missing; `{command}` needs "
                f"{files[0]} and {files[1]} to {purpose} (`meerzorg-gateway dev-pki` "
                "writes them for every party)"
            )


def load_party(
    directory: Path | None,
    command: str,
    role: PartyRole | None,
    *,
    ca: Path | None = None,
    crl: Path | None = None,
) -> Identity:
    """The ``--party`` directory as an Identity, or a UsageError naming what is missing.

    ``role`` None accepts either role (commands that only need the TLS files).
    """
    from gateway.client import Identity

    if directory is None:
        raise UsageError(f"{command}: --party DIR is required (e.g. certs/agb-12345678)")
    if not directory.is_dir():
        raise UsageError(
            f"--party {directory}: no such directory; run `meerzorg-gateway dev-pki` "
            "or give the directory with your tls.crt and tls.key"
        )
    for name in ("tls.crt", "tls.key"):
        if not (directory / name).is_file():
            raise UsageError(
                f"--party {directory}: {name} is missing; a party directory holds "
                "tls.crt and tls.key, and sign.crt/sign.key (provider) or enc.crt/enc.key "
                "(zorgkantoor)"
            )
    party = _certificate_party(directory / "tls.crt")
    if party is None:
        raise UsageError(
            f"--party {directory}: tls.crt is not a PEM certificate naming an AGB or "
            "zorgkantoor code"
        )
    if role is not None and party.kind is not role.kind:
        other = _ROLES[party.kind]
        raise UsageError(
            f"--party {directory} holds the certificate of a {other.label}, {party}; "
            f"`{command}` needs a {role.label} directory{_examples(directory, role)}"
        )
    wanted = role or _ROLES[party.kind]
    for name in wanted.key_files:
        if not (directory / name).is_file():
            raise UsageError(
                f"--party {directory}: {name} is missing; a {wanted.label} directory holds "
                f"tls.crt, tls.key, {wanted.key_files[0]} and {wanted.key_files[1]}"
            )
    ca = ca or directory.parent / "ca.crt"
    crl = crl or directory.parent / "crl.pem"
    for option, path in (("--ca", ca), ("--crl", crl)):
        if not path.is_file():
            raise UsageError(
                f"{option} {path}: not found; pass {option} FILE (the default is "
                f"{'ca.crt' if option == '--ca' else 'crl.pem'} next to the party directory)"
            )
    try:
        return Identity.from_party_dir(directory, ca=ca, crl=crl)
    except ValueError as exc:  # a key that does not match its certificate, not PEM
        raise UsageError(f"--party {directory}: {exc}") from exc


def check_output(path: Path | None, option: str) -> None:
    """Refuse, before anything is sent, an output file whose directory does not exist."""
    if path is None:
        return
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"{option} {path}: directory {parent} does not exist; create it first")
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a directory; give a file name")


# --- what the gateway answered -------------------------------------------------------------

NOT_FOUND = {
    "bericht": "Bericht {id} is niet gevonden: de gateway kent dit TraceerId niet, "
    "of u heeft het niet verstuurd.",
    "bevestiging": "Bevestiging {id} is niet gevonden: onbekend BevestigingId, "
    "al afgehaald, of niet voor u bestemd.",
    "postvak": "Bericht {id} staat niet in uw postvak: onbekend TraceerId, "
    "al bevestigd, of voor een ander postvak.",
    "beheer": "Bericht {id} is niet gevonden: de gateway heeft dit TraceerId nooit ontvangen.",
    "conversatie": "Conversatie {id} is niet gevonden: u heeft in deze conversatie geen "
    "bericht verstuurd of ontvangen.",
}


def omschrijving_of(body: bytes) -> str | None:
    """The Dutch ``omschrijving`` of a plain JSON error body, if that is what it is."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        return None
    text = data.get("omschrijving") if isinstance(data, dict) else None
    return text if isinstance(text, str) and text.strip() else None


def describe_answer(status: int, body: bytes, what: str, ident: str) -> str:
    """One sentence for an answer that is not what the command wanted."""
    if status == 404:
        # The gateway's not-found body is one fixed text for every id (it must not say
        # whether the id exists for someone else); the CLI knows which id it asked for.
        return NOT_FOUND[what].format(id=ident)
    text = omschrijving_of(body)
    if text is not None and text == _reason_phrase(status):
        text = None  # aiohttp's English reason phrase says nothing more
    return f"HTTP {status}: {text}" if text else f"HTTP {status}"


def _reason_phrase(status: int) -> str | None:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return None


def refuse_answer(resp: Response, what: str, ident: str) -> Refused:
    return Refused(describe_answer(resp.status, resp.body, what, ident))


# --- TLS handshakes the gateway refused ------------------------------------------------------

# OpenSSL's reason for an alert the gateway sent (RFC 8446 6.2) -> what the user reads.
TLS_ALERTS = {
    "CERTIFICATE_REVOKED": "certificate revoked: the gateway refuses your TLS certificate "
    "(it is on the CRL); ask for a new one",
    "CERTIFICATE_EXPIRED": "certificate expired: your TLS certificate is no longer (or not yet) "
    "valid; renew it",
    "UNKNOWN_CA": "untrusted issuer: the gateway does not trust the CA that issued your "
    "TLS certificate",
    "UNSUPPORTED_CERTIFICATE": "wrong usage: your TLS certificate is not for TLS client "
    "authentication (key usage or extended key usage)",
    "BAD_CERTIFICATE": "bad certificate: the gateway refuses your TLS certificate",
    "CERTIFICATE_REQUIRED": "no certificate: the gateway requires a TLS client certificate",
    "HANDSHAKE_FAILURE": "TLS handshake refused by the gateway (no certificate, or no "
    "common protocol version or cipher)",
}
_ALERT_RE = re.compile(r"ALERT_([A-Z_]+)")


def _ssl_errors(exc: BaseException) -> list[ssl.SSLError]:
    found: list[ssl.SSLError] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            found.append(current)
        todo.extend([current.__cause__, current.__context__])
        todo.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        os_error = getattr(current, "os_error", None)
        if isinstance(os_error, BaseException):
            todo.append(os_error)
    return found


def explain_tls_failure(exc: BaseException) -> str | None:
    """Why the TLS connection failed, where TLS says it (an alert from the gateway, or
    our own check of the gateway's certificate); None when it does not."""
    for error in _ssl_errors(exc):
        if isinstance(error, ssl.SSLCertVerificationError):
            # aiohttp's wrappers are SSL errors too, without OpenSSL's fields.
            why = getattr(error, "verify_message", None)
            if why is None:
                continue
            return f"the gateway's TLS certificate is not trusted ({why}); check --ca and --url"
        reason = str(getattr(error, "reason", None) or "")
        match = _ALERT_RE.search(reason + " " + str(error))
        if match and match.group(1) in TLS_ALERTS:
            return TLS_ALERTS[match.group(1)]
        if "WRONG_VERSION_NUMBER" in reason + str(error) or "RECORD_LAYER" in reason:
            return (
                "the server at this address does not speak TLS; is --url the gateway's API "
                "port (not its operations port)?"
            )
    return None


def check_url(url: str) -> str:
    """The gateway's API URL: https with a host, or a UsageError."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "http":
        raise UsageError(f"--url {url}: the gateway's API is https only (mutual TLS)")
    if parts.scheme != "https" or not parts.hostname:
        raise UsageError(f"--url {url}: not an https URL; e.g. https://localhost:8443")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise UsageError(f"--url {url}: the port is not a number from 1 to 65535") from None
    return url


def probe_tls(url: str, context: ssl.SSLContext, *, timeout: float = 3.0) -> str | None:
    """Why the gateway refuses our TLS connection, asked with a handshake of our own.

    With TLS 1.3 the gateway checks our certificate after our side of the handshake
    is done; its alert then often loses the race with our request (the client sees
    "connection reset"). A bare handshake that waits for the gateway's answer
    receives the alert. None when the connection works or the alert says nothing.
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    try:
        with (
            socket.create_connection((host, parts.port or 443), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            tls.settimeout(timeout)
            tls.recv(1)  # an alert, or nothing until the timeout (then it is not TLS)
    except (OSError, ValueError) as exc:
        return explain_tls_failure(exc)
    return None


def run_guarded(body: Callable[[], int], *, debug: bool) -> int:
    """Run a command; a CliError becomes one line on stderr and its exit code."""
    try:
        return body()
    except CliError as exc:
        if debug:
            raise
        print(f"error: {exc.message}", file=sys.stderr)
        return exc.exit_code
