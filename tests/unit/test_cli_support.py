"""The CLI's local side: line numbers of the user's own file, sentences for answers,
reasons for refused TLS handshakes, and help that names every option's default."""

from __future__ import annotations

import argparse
import json
import re
import ssl
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import build_parser
from gateway.cli.payload import check_locally, line_map, read_payload, relocate
from gateway.cli.support import describe_answer, explain_tls_failure
from gateway.client import add_berichtkop, new_kop
from gateway.devpki import DevPki
from gateway.messagetypes import MessageTypeRegistry
from gateway.security.keys import load_key_pair
from gateway.security.xmldsig import sign_document
from gateway.security.xmlparse import parse_untrusted
from tests.conftest import REPO, SCHEMAS

EXAMPLES = SCHEMAS / "meerzorgplan" / "1.0" / "examples"


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("invalid-GW401-bsn-elfproef.xml", 40),  # a Berichtkop of 7 lines is rewritten as 1
        ("invalid-GW409-bsn-in-vrije-tekst.xml", None),
    ],
)
def test_locatie_of_the_gateway_is_translated_to_the_users_line(
    dev_pki: DevPki, name: str, line: int | None
) -> None:
    """What the gateway reports (lines of the signed payload) becomes the file's line,
    the same line the local check reports."""
    registry = MessageTypeRegistry.load()
    message_type = registry.get("meerzorgplan", "1.0")
    assert message_type is not None
    user = read_payload(EXAMPLES / name)
    kop = new_kop(bericht_type="meerzorgplan", afzender="12345678", geadresseerde="5509")
    provider = dev_pki.root / "agb-12345678"
    signed = sign_document(
        add_berichtkop(user.data, kop),
        load_key_pair(provider / "sign.crt", provider / "sign.key"),
    )
    now = datetime.now(UTC)
    # The gateway's view: the signed bytes it decrypted.
    theirs = message_type.validate(parse_untrusted(signed).getroot(), received_at=now)
    assert theirs, "the example is rejected"
    as_received = [{"Code": m.code, "Locatie": m.locatie or ""} for m in theirs]
    shown = relocate(as_received, line_map(user.tree.getroot(), signed))
    local = check_locally(message_type, user, kop, now=now)
    assert [m["Locatie"] for m in shown] == [m.locatie for m in local]
    source = (EXAMPLES / name).read_text().splitlines()
    for melding in shown:
        found = re.search(r"\(regel ([0-9]+)\)$", melding["Locatie"])
        assert found, melding
        element = melding["Locatie"].split(" ")[0].rsplit("/", 1)[1].split("[")[0]
        assert f"<{element}" in source[int(found.group(1)) - 1]
    if line is not None:
        assert shown[0]["Locatie"].endswith(f"(regel {line})")
        assert as_received[0]["Locatie"] != shown[0]["Locatie"]  # the gateway counts otherwise


def test_a_locatie_inside_the_written_berichtkop_keeps_only_its_path() -> None:
    shown = relocate([{"Code": "GW407", "Locatie": "/Meerzorgplan/Berichtkop (regel 2)"}], {})
    assert shown == [{"Code": "GW407", "Locatie": "/Meerzorgplan/Berichtkop"}]


def test_not_found_is_the_clis_own_sentence_naming_the_id() -> None:
    # The gateway's 404 body is one fixed text for every id; the CLI names the id it asked for.
    body = json.dumps({"status": 404, "code": None, "omschrijving": "Niet gevonden."})
    shown = describe_answer(404, body.encode(), "bericht", "x")
    assert shown.startswith("Bericht x is niet gevonden: de gateway kent dit TraceerId niet")
    fixed = describe_answer(404, b"404: Not Found", "postvak", "abc")
    assert fixed.startswith("Bericht abc staat niet in uw postvak")
    english = json.dumps({"status": 404, "omschrijving": "Not Found"}).encode()
    assert "Not Found" not in describe_answer(404, english, "bevestiging", "abc")
    forbidden = json.dumps({"status": 403, "omschrijving": "Onbekende deelnemer."}).encode()
    assert describe_answer(403, forbidden, "bericht", "x") == "HTTP 403: Onbekende deelnemer."


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("SSLV3_ALERT_CERTIFICATE_REVOKED", "certificate revoked"),
        ("SSLV3_ALERT_CERTIFICATE_EXPIRED", "certificate expired"),
        ("TLSV1_ALERT_UNKNOWN_CA", "untrusted issuer"),
        ("SSLV3_ALERT_UNSUPPORTED_CERTIFICATE", "wrong usage"),
        ("TLSV13_ALERT_CERTIFICATE_REQUIRED", "no certificate"),
    ],
)
def test_a_tls_alert_from_the_gateway_is_said_in_words(reason: str, expected: str) -> None:
    error = ssl.SSLError(1, f"[SSL: {reason}] alert")
    error.reason = reason
    wrapped = ConnectionResetError("reset")
    wrapped.__cause__ = error
    explained = explain_tls_failure(wrapped)
    assert explained is not None
    assert explained.startswith(expected)


def test_a_reset_without_an_alert_is_not_explained() -> None:
    assert explain_tls_failure(ConnectionResetError(104, "Connection reset by peer")) is None


def _subparsers(parser: argparse.ArgumentParser, path: str = "") -> list[tuple[str, Any]]:
    found = [(path.strip(), parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.extend(_subparsers(child, f"{path} {name}"))
    return found


def test_every_option_has_help_and_shows_its_default() -> None:
    for path, parser in _subparsers(build_parser()):
        text = parser.format_help()
        flat = " ".join(text.split())
        for action in parser._actions:
            if action.help == argparse.SUPPRESS or isinstance(
                action, argparse._SubParsersAction | argparse._HelpAction
            ):
                continue
            assert action.help, f"{path} {action.dest}: no help text"
            if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
                assert f"default: {action.default}" in flat, f"{path} {action.dest}: {flat}"


def test_the_readme_command_table_uses_the_commands_placeholders() -> None:
    """`--option PLACEHOLDER` in the README's command table is what --help shows."""
    readme = (REPO / "README.md").read_text()
    table = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    parsers = dict(_subparsers(build_parser()))
    checked = 0
    for row in re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE):
        words = row.replace("\\|", " ").split()
        command = words[0]
        options = {
            opt: meta
            for p, parser in parsers.items()
            if p.split(" ")[0] == command
            for action in parser._actions
            for opt in action.option_strings
            for meta in [action.metavar]
        }
        for option, placeholder in re.findall(r"(--[a-z-]+) ([A-Z]+)\b", row):
            assert option in options, f"{row}: {option} is not an option of {command}"
            assert options[option] == placeholder, f"{row}: {option} shows {options[option]}"
            checked += 1
    assert checked > 20


def test_version_names_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["--version"])
    assert stopped.value.code == 0
    assert re.fullmatch(r"meerzorg-gateway \S+ \(protocol v1\)\n", capsys.readouterr().out)


def _github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped,
    spaces to hyphens (hyphens and underscores kept)."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@pytest.mark.parametrize("document", ["README.md", "THREAT_MODEL.md", "docs/runbook.md"])
def test_in_document_links_resolve_to_a_heading(document: str) -> None:
    path: Path = REPO / document
    text = path.read_text()
    body = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    slugs: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", body, flags=re.MULTILINE):
        slug = _github_slug(heading)
        count = slugs.get(slug, 0)
        anchors.add(slug if count == 0 else f"{slug}-{count}")
        slugs[slug] = count + 1
    links = re.findall(r"\]\(#([^)]+)\)", body)
    dead = [link for link in links if link not in anchors]
    assert not dead, f"{document}: links to no heading: {dead}"
