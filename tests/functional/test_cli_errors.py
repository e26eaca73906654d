"""Issue 16: a user's mistakes end in one line naming the thing and the fix, never a
traceback; ``send`` checks locally first; Locaties name the user's own lines; every
not-found answer is a Dutch sentence. Run as a user would: the real CLI in a
subprocess, against a real ``serve`` process where a gateway is needed."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SCHEMAS
from tests.serving import CLI, GatewayProcess

PLAN = SCHEMAS / "meerzorgplan" / "1.0" / "examples"
VALID = PLAN / "valid-individueel.xml"
BSN_ON_LINE_40 = PLAN / "invalid-GW401-bsn-elfproef.xml"
UNKNOWN_ID = "2b1c7f3e-0000-4000-8000-000000000000"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *parts: str) -> str:
    """The command failed with ``code`` and exactly one line naming ``parts``."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for part in parts:
        assert part in lines[0], lines[0]
    assert result.returncode == code, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dev PKI as `make run` makes it, plus the broken party directories users make."""
    root = tmp_path_factory.mktemp("cli-errors")
    assert run("dev-pki", "--out", "certs", cwd=root).returncode == 0
    (root / "empty").mkdir()
    shutil.copytree(root / "certs" / "agb-12345678", root / "certs" / "no-sign-key")
    (root / "certs" / "no-sign-key" / "sign.key").unlink()
    shutil.copytree(root / "certs" / "agb-12345678", root / "certs" / "no-enc-key")
    (root / "certs" / "no-enc-key" / "enc.key").unlink()
    (root / "broken.xml").write_text("<Meerzorgplan><Zorgaanbieder></Meerzorgplan>\n")
    return root


@pytest.fixture(scope="module")
def gateway(home: Path) -> Iterator[GatewayProcess]:
    migrated = run("migrate", "--config", "certs/gateway.toml", "--data-dir", "data", cwd=home)
    assert migrated.returncode == 0, migrated.stderr
    gw = GatewayProcess(
        Path("certs/gateway.toml"), home, "serve", cwd=home, extra=("--data-dir", "data")
    )
    gw.start()
    try:
        gw.wait_ready()
        yield gw
    finally:
        gw.stop()


SEND = ("send", "--to", "5509")


@pytest.mark.parametrize(
    ("args", "code", "parts"),
    [
        # --party without its files: which file, and what a party directory holds.
        (
            (*SEND, "--party", "empty", VALID),
            2,
            ("--party empty", "tls.crt is missing", "sign.crt/sign.key"),
        ),
        (
            (*SEND, "--party", "certs/no-sign-key", VALID),
            2,
            ("sign.key is missing", "provider"),
        ),
        ((*SEND, "--party", "nowhere", VALID), 2, ("--party nowhere", "no such directory")),
        # The wrong role's directory, with a directory that would fit.
        (
            (*SEND, "--party", "certs/zk-5509", VALID),
            2,
            ("ZK-5509", "`send` needs a provider", "certs/agb-"),
        ),
        # Every role has an inbox (issue 13), but opening a message needs enc.*.
        (
            ("inbox", "fetch", "--party", "certs/no-enc-key", UNKNOWN_ID),
            2,
            ("enc.key is missing", "`inbox fetch` needs enc.crt and enc.key"),
        ),
        # The payload: missing, or not XML (a local mistake, not the envelope's GW101).
        (
            (*SEND, "--party", "certs/agb-12345678", "missing.xml"),
            2,
            ("payload missing.xml", "not found"),
        ),
        (
            (*SEND, "--party", "certs/agb-12345678", "broken.xml"),
            1,
            ("payload broken.xml", "not well-formed XML", "line 1", "fix the file"),
        ),
        # --out / --save-* into a directory that does not exist.
        (
            ("inbox", "fetch", "--party", "certs/zk-5509", UNKNOWN_ID, "--out", "nodir/x.xml"),
            2,
            ("--out nodir/x.xml", "nodir does not exist"),
        ),
        (
            (*SEND, "--party", "certs/agb-12345678", VALID, "--save-receipt", "no/r.xml"),
            2,
            ("--save-receipt no/r.xml", "does not exist"),
        ),
        # --to with a directory name instead of the zorgkantoor code: refused with a hint.
        (
            ("send", "--to", "zk-5509", "--party", "certs/agb-12345678", VALID),
            2,
            ("--to zk-5509", "not a zorgkantoor code", "--to 5509"),
        ),
        (
            ("send", "--to", "Midden", "--party", "certs/agb-12345678", VALID),
            2,
            ("--to Midden", "4-digit zorgkantoor code"),
        ),
        (
            (*SEND, "--party", "certs/agb-12345678", "--traceer-id", "abc", VALID),
            2,
            ("--traceer-id abc", "not a UUID"),
        ),
        (
            ("inbox", "list", "--party", "certs/zk-5509", "--url", "http://localhost:8443"),
            2,
            ("--url http://localhost:8443", "https only"),
        ),
        (
            ("inbox", "list", "--party", "certs/zk-5509", "--lease", "0"),
            2,
            ("--lease 0", "1 to 3600 seconds"),
        ),
        (
            ("inbox", "list", "--party", "certs/zk-5509", "--url", "localhost"),
            2,
            ("--url localhost", "not an https URL", "https://localhost:8443"),
        ),
        # argparse's own findings: one line too, pointing at --help.
        (
            ("send", "--party", "certs/agb-12345678", VALID),
            2,
            ("meerzorg-gateway send", "required: --to", "meerzorg-gateway send --help"),
        ),
        (("inbox", "lijst"), 2, ("invalid choice: 'lijst'", "meerzorg-gateway inbox --help")),
        (
            ("message", "show"),
            2,
            ("use `message TRACEERID --party DIR` or `message show TRACEERID`",),
        ),
        (
            (*SEND, "--party", "certs/agb-12345678", "--versie", "9.9", VALID),
            2,
            ("--versie 9.9", "unknown BerichtType", "meerzorgplan 1.0"),
        ),
    ],
    ids=lambda v: v if isinstance(v, int) else None,
)
def test_a_users_mistake_is_one_line_without_traceback(
    home: Path, args: tuple[str | Path, ...], code: int, parts: tuple[str, ...]
) -> None:
    one_line_error(run(*args, cwd=home), code, *parts)


def test_debug_shows_the_traceback(home: Path) -> None:
    result = run("--debug", *SEND, "--party", "empty", VALID, cwd=home)
    assert "Traceback" in result.stderr
    assert "tls.crt is missing" in result.stderr
    after = run(*SEND, "--party", "empty", VALID, "--debug", cwd=home)
    assert "Traceback" in after.stderr  # also after the subcommand


def test_send_check_alone_gives_the_gateways_meldingen_with_the_files_own_lines(
    home: Path,
) -> None:
    """The BSN failing the elfproef is on line 40 of the example file."""
    assert "<Bsn>" in BSN_ON_LINE_40.read_text().splitlines()[39]
    base = (*SEND, "--party", "certs/agb-12345678", "--check")
    bad = run(*base, BSN_ON_LINE_40, cwd=home)
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert report["status"] == "Afgekeurd"
    assert report["meldingen"] == [
        {
            "Code": "GW401",
            "Ernst": "fout",
            "Omschrijving": "BSN voldoet niet aan de elfproef.",
            "Locatie": "/Meerzorgplan/Groep/Client[2]/Bsn (regel 40)",
        }
    ]
    good = run(*base, VALID, cwd=home)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["meldingen"] == []


def test_send_checks_locally_and_posts_nothing_that_would_be_refused(
    home: Path, gateway: GatewayProcess
) -> None:
    url = ("--url", gateway.url)
    refused = run(*SEND, *url, "--party", "certs/agb-12345678", BSN_ON_LINE_40, cwd=home)
    one_line_error(refused, 1, "does not pass the checks", "nothing was sent")
    answer = json.loads(refused.stdout)
    assert answer["verstuurd"] is False
    assert [m["Code"] for m in answer["meldingen"]] == ["GW401"]
    status = run("status", "--ops", f"http://127.0.0.1:{gateway.ops_ports[0]}", cwd=home)
    assert json.loads(status.stdout)["rejectionsByCode"] in ({}, [])  # nothing was posted


def test_the_gateways_locatie_is_shown_with_the_line_of_the_users_file(
    home: Path, gateway: GatewayProcess
) -> None:
    """The gateway counts lines of the signed payload (Berichtkop rewritten on one line);
    the CLI shows the line of the file the user gave."""
    result = run(
        *SEND,
        "--url",
        gateway.url,
        "--party",
        "certs/agb-12345678",
        "--no-check",
        BSN_ON_LINE_40,
        cwd=home,
    )
    assert result.returncode == 1, result.stderr
    answer = json.loads(result.stdout)
    assert answer["http"] == 422
    assert answer["status"] == "Afgekeurd"
    [melding] = answer["meldingen"]
    assert melding["Code"] == "GW401"
    assert melding["Locatie"] == "/Meerzorgplan/Groep/Client[2]/Bsn (regel 40)"


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("message", "--party", "certs/agb-12345678", UNKNOWN_ID), "is niet gevonden"),
        (("receipts", "fetch", "--party", "certs/agb-12345678", UNKNOWN_ID), "Bevestiging"),
        (("receipts", "ack", "--party", "certs/agb-12345678", UNKNOWN_ID), "Bevestiging"),
        (("inbox", "fetch", "--party", "certs/zk-5509", UNKNOWN_ID), "niet in uw postvak"),
        (("inbox", "ack", "--party", "certs/zk-5509", UNKNOWN_ID), "niet in uw postvak"),
    ],
    ids=["message", "receipts-fetch", "receipts-ack", "inbox-fetch", "inbox-ack"],
)
def test_not_found_is_a_dutch_sentence(
    home: Path, gateway: GatewayProcess, args: tuple[str, ...], sentence: str
) -> None:
    line = one_line_error(run(*args, "--url", gateway.url, cwd=home), 1, sentence)
    assert "HTTP 404" not in line
    assert "Not Found" not in line


def test_message_show_not_found_is_a_dutch_sentence(home: Path, gateway: GatewayProcess) -> None:
    ops = f"http://127.0.0.1:{gateway.ops_ports[0]}"
    result = run("message", "show", UNKNOWN_ID, "--ops", ops, cwd=home)
    one_line_error(result, 1, f"Bericht {UNKNOWN_ID} is niet gevonden")
    assert json.loads(result.stdout)["status"] == 404  # the body stays on stdout for scripts


def test_a_gateway_that_is_not_there_is_one_line(home: Path) -> None:
    result = run(
        *SEND, "--party", "certs/agb-12345678", "--url", "https://localhost:9", VALID, cwd=home
    )
    one_line_error(result, 1, "cannot talk to the gateway", "is it running")


def test_a_revoked_certificate_is_named_by_the_client(home: Path, gateway: GatewayProcess) -> None:
    """The gateway sends its TLS alert; the CLI says `certificate revoked`, not a reset."""
    payload = SCHEMAS / "evaluatie-groepsmeerzorg" / "1.0" / "examples" / "valid-voortzetten.xml"
    send = ("send", "--url", gateway.url, "--party", "certs/agb-87654321", "--to", "5501", payload)
    assert run("dev-pki", "revoke", "agb-87654321", "--out", "certs", cwd=home).returncode == 0
    assert gateway.process is not None
    gateway.process.send_signal(signal.SIGHUP)  # reload the CRL now
    deadline = time.monotonic() + 15
    while (result := run(*send, cwd=home)).returncode == 0:
        assert time.monotonic() < deadline, "revocation not picked up"
        time.sleep(0.5)
    one_line_error(result, 1, "cannot talk to the gateway", "certificate revoked")
    logged = [
        json.loads(line)
        for line in gateway.log_file.read_text().splitlines()
        if line.startswith("{") and "tls_handshake_rejected" in line
    ]
    assert {(e["reason"], e["party"]) for e in logged} == {("revoked", "AGB-87654321")}
    assert logged[0]["fingerprint"]
    assert logged[0]["peer_ip"] == "127.0.0.1"


def test_the_operations_port_given_as_url_is_named(home: Path, gateway: GatewayProcess) -> None:
    ops = f"https://localhost:{gateway.ops_ports[0]}"
    result = run("inbox", "list", "--party", "certs/zk-5509", "--url", ops, cwd=home)
    one_line_error(result, 1, "does not speak TLS", "not its operations port")


def test_a_gateway_certificate_from_another_ca_is_named(
    home: Path, gateway: GatewayProcess
) -> None:
    assert run("dev-pki", "--out", "other", cwd=home).returncode == 0
    result = run(
        *("inbox", "list", "--party", "certs/zk-5509", "--url", gateway.url),
        *("--ca", "other/ca.crt"),
        cwd=home,
    )
    one_line_error(result, 1, "the gateway's TLS certificate is not trusted", "check --ca")
