"""The README's walkthrough with the project's CLI, against a real ``serve`` process."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.sqlite_audit import SCHEMA_VERSION as AUDIT_SCHEMA_VERSION
from adapters.sqlite_store import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import SCHEMAS
from tests.serving import CLI, GatewayProcess


def run(*args: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*CLI, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def served(tmp_path: Path) -> Iterator[GatewayProcess]:
    """`meerzorg-gateway dev-pki`, `migrate`, then `serve`, as the README says."""
    run("dev-pki", "--out", "certs", cwd=tmp_path)
    migrated = run("migrate", "--config", "certs/gateway.toml", "--data-dir", "data", cwd=tmp_path)
    assert "messages store (sqlite): schema version" in migrated.stdout
    gw = GatewayProcess(
        Path("certs/gateway.toml"), tmp_path, "serve", cwd=tmp_path, extra=("--data-dir", "data")
    )
    gw.start()
    try:
        gw.wait_ready()
        yield gw
    finally:
        if gw.process is not None and gw.process.poll() is None:
            gw.kill()


def test_walkthrough_with_the_cli(served: GatewayProcess, tmp_path: Path) -> None:
    url = ["--url", served.url]
    provider = ["--party", "certs/agb-12345678"]
    zk = ["--party", "certs/zk-5509"]
    payload = SCHEMAS / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml"

    sent = json.loads(
        run(
            "send",
            *url,
            *provider,
            "--to",
            "5509",
            payload,
            "--save-receipt",
            "receipt.xml",
            cwd=tmp_path,
        ).stdout
    )
    assert sent["http"] == 202
    assert sent["status"] == "Geaccepteerd"
    assert (tmp_path / "receipt.xml").read_bytes().startswith(b"<?xml")
    tid = sent["traceerId"]

    listing = json.loads(run("inbox", "list", *url, *zk, cwd=tmp_path).stdout)
    assert [m["traceerId"] for m in listing["berichten"]] == [tid]
    fetched = run("inbox", "fetch", *url, *zk, tid, "--out", "received.xml", cwd=tmp_path)
    assert "verified: signed by AGB-12345678" in fetched.stderr
    assert b"Meerzorgplan" in (tmp_path / "received.xml").read_bytes()
    assert run("inbox", "ack", *url, *zk, tid, cwd=tmp_path).stdout.strip() == "acknowledged"

    receipts = json.loads(run("receipts", "list", *url, *provider, cwd=tmp_path).stdout)
    soorten = [r["soort"] for r in receipts["bevestigingen"]]
    assert soorten == ["Ontvangstbevestiging", "Afleverbevestiging"]
    for r in receipts["bevestigingen"]:
        shown = json.loads(
            run("receipts", "fetch", *url, *provider, r["bevestigingId"], cwd=tmp_path).stdout
        )
        assert shown["handtekening"] == "geldig"
        run("receipts", "ack", *url, *provider, r["bevestigingId"], cwd=tmp_path)
    status = json.loads(run("message", *url, *provider, tid, cwd=tmp_path).stdout)
    assert status["status"] == "Bezorgd"

    # A rejected send exits non-zero and shows the Meldingen of the signed receipt
    # (--no-check: posted although `send`'s local check finds the same fout).
    bad = SCHEMAS / "meerzorgplan" / "1.0" / "examples" / "invalid-GW401-bsn-elfproef.xml"
    rejected = run(
        "send", *url, *provider, "--to", "5509", "--no-check", bad, cwd=tmp_path, check=False
    )
    assert rejected.returncode == 1
    answer = json.loads(rejected.stdout)
    assert answer["http"] == 422
    assert answer["status"] == "Afgekeurd"
    assert [m["Code"] for m in answer["meldingen"]] == ["GW401"]


def test_walkthrough_plan_reactie_and_besluit_in_one_conversation(
    served: GatewayProcess, tmp_path: Path
) -> None:
    """The README's conversation walkthrough (issue 13): both roles send, both have an
    inbox and receipts."""
    url = ["--url", served.url]
    provider = ["--party", "certs/agb-12345678"]
    zk = ["--party", "certs/zk-5509"]
    plan_file = SCHEMAS / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml"
    reactie_file = SCHEMAS / "reactie-op-meerzorgplan" / "1.0" / "examples" / "valid-vragen.xml"
    besluit_file = (
        SCHEMAS / "meerzorgbesluit" / "1.0" / "examples" / "valid-alleen-client-toegekend.xml"
    )

    plan = json.loads(run("send", *url, *provider, "--to", "5509", plan_file, cwd=tmp_path).stdout)[
        "traceerId"
    ]
    run("inbox", "fetch", *url, *zk, plan, "--out", "plan.xml", cwd=tmp_path)
    run("inbox", "ack", *url, *zk, plan, cwd=tmp_path)

    answers = []
    for payload in (reactie_file, besluit_file):
        sent = json.loads(
            run(
                "send",
                *url,
                *zk,
                "--to",
                "12345678",
                "--conversatie-id",
                plan,
                "--als-antwoord-op",
                plan,
                payload,
                cwd=tmp_path,
            ).stdout
        )
        assert (sent["http"], sent["status"]) == (202, "Geaccepteerd"), sent
        answers.append(sent["traceerId"])

    listing = json.loads(run("inbox", "list", *url, *provider, cwd=tmp_path).stdout)
    assert [m["traceerId"] for m in listing["berichten"]] == answers
    for tid, root in zip(answers, (b"ReactieOpMeerzorgplan", b"Meerzorgbesluit"), strict=True):
        fetched = run("inbox", "fetch", *url, *provider, tid, "--out", "in.xml", cwd=tmp_path)
        assert "verified: signed by ZK-5509" in fetched.stderr
        assert root in (tmp_path / "in.xml").read_bytes()
        run("inbox", "ack", *url, *provider, tid, cwd=tmp_path)

    receipts = json.loads(run("receipts", "list", *url, *zk, cwd=tmp_path).stdout)
    assert sorted(r["soort"] for r in receipts["bevestigingen"]) == [
        "Afleverbevestiging",
        "Afleverbevestiging",
        "Ontvangstbevestiging",
        "Ontvangstbevestiging",
    ]
    conversation = json.loads(run("conversation", *url, *provider, plan, cwd=tmp_path).stdout)
    assert [m["traceerId"] for m in conversation["berichten"]] == [plan, *answers]
    assert {m["status"] for m in conversation["berichten"]} == {"Bezorgd"}

    # A provider cannot send a besluit: refused before anything is posted.
    refused = run("send", *url, *provider, "--to", "5509", besluit_file, cwd=tmp_path, check=False)
    assert refused.returncode == 2
    assert "`send` needs a zorgkantoor (concessiehouder) directory" in refused.stderr


def test_revocation_and_registry_reload_without_restart(
    served: GatewayProcess, tmp_path: Path
) -> None:
    url = ["--url", served.url]
    payload = SCHEMAS / "evaluatie-groepsmeerzorg" / "1.0" / "examples" / "valid-voortzetten.xml"
    other = ["--party", "certs/agb-87654321"]
    assert (
        json.loads(run("send", *url, *other, "--to", "5501", payload, cwd=tmp_path).stdout)["http"]
        == 202
    )

    run("dev-pki", "revoke", "agb-87654321", "--out", "certs", cwd=tmp_path)
    served.process.send_signal(signal.SIGHUP)  # reload now rather than at the next poll
    deadline = time.monotonic() + 15
    while True:
        refused = run("send", *url, *other, "--to", "5501", payload, cwd=tmp_path, check=False)
        if refused.returncode != 0:
            break
        assert time.monotonic() < deadline, "revocation not picked up"
        time.sleep(0.5)
    # Refused in the TLS handshake: the reload replaced the CRL there too.
    assert "cannot talk to the gateway" in refused.stderr
    # The other provider is unaffected.
    provider = ["--party", "certs/agb-12345678"]
    assert (
        json.loads(run("send", *url, *provider, "--to", "5501", payload, cwd=tmp_path).stdout)[
            "http"
        ]
        == 202
    )

    # A participant removed from the registry is refused after the reload.
    registry = tmp_path / "certs" / "participants.toml"
    text = registry.read_text()
    registry.write_text(text.replace('agb = "12345678"', 'agb = "12345678"\nactive = false'))
    served.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 15
    while (
        run("send", *url, *provider, "--to", "5501", payload, cwd=tmp_path, check=False).returncode
        == 0
    ):
        assert time.monotonic() < deadline, "registry change not picked up"
        time.sleep(0.5)


def test_sigterm_stops_the_gateway_cleanly(served: GatewayProcess) -> None:
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=20) == 0
    lines = [
        json.loads(line)
        for line in served.log_file.read_text().splitlines()
        if line.startswith("{")
    ]
    events = [line["event"] for line in lines]
    assert "started" in events
    assert "stopping" in events


def log_lines(served: GatewayProcess) -> list[dict]:
    return [json.loads(x) for x in served.log_file.read_text().splitlines() if x.startswith("{")]


def test_the_log_says_which_crls_are_in_force_and_how_old(served: GatewayProcess, tmp_path: Path):
    started = next(line for line in log_lines(served) if line["event"] == "started")
    [crl] = started["crls"]
    assert "Meerzorg Dev CA" in crl["issuer"]
    assert crl["age_seconds"] >= 0
    assert crl["next_update"]
    assert crl["revoked"] == 0
    run("dev-pki", "revoke", "agb-87654321", "--out", "certs", cwd=tmp_path)
    served.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 15
    while not any(line["event"] == "reloaded" for line in log_lines(served)):
        assert time.monotonic() < deadline, "no reload logged"
        time.sleep(0.2)
    reloaded = next(line for line in log_lines(served) if line["event"] == "reloaded")
    # The party's TLS, signing and encryption certificates.
    assert reloaded["crls"][0]["revoked"] == 3


def test_python_dash_m_gateway_and_console_script_agree(tmp_path: Path) -> None:
    help_text = run("--help", cwd=tmp_path).stdout
    for command in ("dev-pki", "serve", "send", "receipts", "inbox"):
        assert command in help_text
    script = Path(sys.executable).parent / "meerzorg-gateway"
    assert script.exists(), "the console script is installed by `pip install -e .`"
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0
    assert out.stdout == help_text


def test_serve_fails_fast_and_clearly_when_its_port_is_taken(
    served: GatewayProcess, tmp_path: Path
):
    port = served.url.rsplit(":", 1)[1]
    result = subprocess.run(
        [
            *CLI,
            "serve",
            "--migrate",
            "--config",
            "certs/gateway.toml",
            "--port",
            port,
            "--ops-port",
            "0",
            "--data-dir",
            "data2",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "cannot start the gateway" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_creates_the_schema_on_an_empty_data_directory(tmp_path: Path) -> None:
    """A fresh clone's `make run`: dev PKI, then `serve`, with no `migrate` step."""
    run("dev-pki", "--out", "certs", cwd=tmp_path)
    gw = GatewayProcess(
        Path("certs/gateway.toml"), tmp_path, "fresh", cwd=tmp_path, extra=("--data-dir", "fresh")
    )
    gw.start()
    try:
        gw.wait_ready()
        sent = run(
            *("send", "--url", gw.url, "--party", "certs/agb-12345678", "--to", "5509"),
            SCHEMAS / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml",
            cwd=tmp_path,
        )
        assert json.loads(sent.stdout)["http"] == 202
        assert gw.terminate() == 0
    finally:
        gw.stop()
    created = [json.loads(line) for line in gw.log_file.read_text().splitlines() if "{" in line]
    [store_created] = [line for line in created if line.get("event") == "store_created"]
    assert store_created["versions"] == {"messages": SCHEMA_VERSION, "audit": AUDIT_SCHEMA_VERSION}
    # The schema is the one `migrate` makes: nothing is pending afterwards.
    again = run("migrate", "--config", "certs/gateway.toml", "--data-dir", "fresh", cwd=tmp_path)
    assert again.stdout.count("up to date") == 2


def test_serve_refuses_a_database_whose_schema_is_behind_until_migrate(tmp_path: Path):
    """Migrations of an existing store are applied by `migrate` (or `serve --migrate`),
    only checked by `serve`."""
    run("dev-pki", "--out", "certs", cwd=tmp_path)
    data = tmp_path / "behind"
    data.mkdir()
    with sqlite3.connect(data / "gateway.sqlite3") as conn:  # the gateway before leases
        for script in MIGRATIONS[:2]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version=2")
    serve = [
        *("serve", "--config", "certs/gateway.toml", "--data-dir", "behind"),
        *("--port", "0", "--ops-port", "0"),
    ]
    refused = run(*serve, cwd=tmp_path, check=False)
    assert refused.returncode == 3
    assert "run `meerzorg-gateway migrate`" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (data / "audit.sqlite3").exists()  # nothing half-created
    first = run("migrate", "--config", "certs/gateway.toml", "--data-dir", "behind", cwd=tmp_path)
    assert "messages store (sqlite): schema version 6 (2 -> 6)" in first.stdout
    assert "audit store (sqlite): schema version 1 (0 -> 1)" in first.stdout
    again = run("migrate", "--config", "certs/gateway.toml", "--data-dir", "behind", cwd=tmp_path)
    assert again.stdout.count("up to date") == 2


def test_serve_refuses_a_store_whose_audit_trail_is_missing(tmp_path: Path):
    """One file without the other is a lost file, not a fresh start: never recreated."""
    run("dev-pki", "--out", "certs", cwd=tmp_path)
    run("migrate", "--config", "certs/gateway.toml", "--data-dir", "data", cwd=tmp_path)
    (tmp_path / "data" / "audit.sqlite3").unlink()
    refused = run(
        *("serve", "--config", "certs/gateway.toml", "--data-dir", "data"),
        *("--port", "0", "--ops-port", "0"),
        cwd=tmp_path,
        check=False,
    )
    assert refused.returncode == 3
    assert "audit store" in refused.stderr
    assert "run `meerzorg-gateway migrate`" in refused.stderr
    assert not (tmp_path / "data" / "audit.sqlite3").exists()


def test_serve_refuses_zero_workers(tmp_path: Path):
    run("dev-pki", "--out", "certs", cwd=tmp_path)
    result = run(
        "serve", "--config", "certs/gateway.toml", "--workers", "0", cwd=tmp_path, check=False
    )
    assert result.returncode == 2
    assert "--workers must be at least 1" in result.stderr


def test_output_into_a_closed_pipe_ends_quietly(served: GatewayProcess, tmp_path: Path) -> None:
    """`meerzorg-gateway status | head`: the reader is gone before anything is written."""
    ops = f"http://127.0.0.1:{served.ops_ports[0]}"
    proc = subprocess.Popen(
        [*CLI, "status", "--ops", ops],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, stderr = proc.communicate(timeout=60)
    assert "Traceback" not in stderr, stderr
    assert "BrokenPipeError" not in stderr, stderr
    assert proc.returncode == 1
    # Into an open pipe the same command works.
    assert json.loads(run("status", "--ops", ops, cwd=tmp_path).stdout)
