"""Operator commands (`status`, `inbox stats`, `message show`, `participants check`,
`reload`) run as real processes against a live gateway's operations listener."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.runtime import RunningGateway
from tests.conftest import SCHEMAS, client, example, require_tool
from tests.functional.helpers import OTHER_PROVIDER, PROVIDER, ZK, envelope_for
from tests.serving import GatewayProcess

CLI = [sys.executable, "-m", "gateway"]


async def cli(*args: str, cwd: Path | None = None) -> tuple[int, Any, str]:
    """Run the CLI without blocking the event loop the in-process gateway runs on."""
    process = await asyncio.create_subprocess_exec(
        *CLI,
        *args,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    text = out.decode()
    return process.returncode, json.loads(text) if text.strip() else None, err.decode()


def ops(gw: RunningGateway) -> list[str]:
    return ["--ops", f"http://127.0.0.1:{gw.ops_port}"]


async def _traffic(gw: RunningGateway, pki: Any) -> tuple[str, str, str]:
    """One accepted and acknowledged, one waiting, one GW301 rejection."""
    done, done_kop = envelope_for(pki)
    waiting, waiting_kop = envelope_for(pki)
    bad, bad_kop = envelope_for(
        pki, example("meerzorgplan", "invalid-GW301-onbekend-zorgprofiel.xml")
    )
    async with client(gw, pki, PROVIDER) as provider:
        for body in (done, waiting, bad):
            await provider.request("POST", "/v1/berichten", body=body)
    async with client(gw, pki, ZK) as zk:
        assert (await zk.request("DELETE", f"/v1/postvak/{done_kop.traceer_id}")).status == 204
    return done_kop.traceer_id, waiting_kop.traceer_id, bad_kop.traceer_id


async def test_status_shows_flows_depths_rejections_and_readiness(start, dev_pki):
    gw = await start(dev_pki)
    await _traffic(gw, dev_pki)
    code, status, err = await cli("status", *ops(gw))
    assert code == 0, err
    assert status["ready"] is True
    assert status["problems"] == []
    assert status["flow"] == {"Ontvangen": 2, "Aangeboden": 2, "Bezorgd": 1, "Afgekeurd": 1}
    assert status["rejectionsByCode"] == {"GW301": 1}
    depths = {i["inbox"]: i["depth"] for i in status["inboxes"]}
    assert depths == {"zk-5501": 0, ZK: 1}
    assert status["receiptsWaiting"] == {PROVIDER: 4}
    assert status["expiringCertificates"] == []  # the dev PKI's certificates last 825 days
    assert status["crls"][0]["secondsToNextUpdate"] > 0


async def test_inbox_stats_and_message_show_give_metadata_without_content(start, dev_pki):
    gw = await start(dev_pki)
    done, waiting, rejected = await _traffic(gw, dev_pki)

    code, stats, err = await cli("inbox", "stats", *ops(gw))
    assert code == 0, err
    zk = next(i for i in stats["inboxes"] if i["inbox"] == ZK)
    assert zk["depth"] == 1
    assert zk["naam"] == "Zorgkantoor Midden-Nederland"
    assert zk["oldestAgeSeconds"] >= 0

    code, shown, err = await cli("message", "show", done, *ops(gw))
    assert code == 0, err
    assert shown["bericht"]["status"] == "Bezorgd"
    assert shown["bericht"]["inbox"] == ZK
    assert shown["bericht"]["afzender"] == "12345678"
    assert [h["status"] for h in shown["historie"]] == ["Ontvangen", "Aangeboden", "Bezorgd"]
    assert [r["soort"] for r in shown["bevestigingen"]] == [
        "Ontvangstbevestiging",
        "Afleverbevestiging",
    ]
    text = json.dumps(shown)
    assert "<" not in text  # no XML: neither payload nor receipt
    assert "Bsn" not in text

    code, shown, err = await cli("message", "show", rejected, *ops(gw))
    assert code == 0, err
    assert shown["bericht"] is None
    assert shown["historie"] == [
        {"status": "Afgekeurd", "tijdstip": shown["historie"][0]["tijdstip"], "code": "GW301"}
    ]
    code, shown, err = await cli("message", "show", waiting, *ops(gw))
    assert shown["bericht"]["status"] == "Aangeboden"

    code, missing, _ = await cli(
        "message", "show", "00000000-0000-4000-8000-000000000000", *ops(gw)
    )
    assert code == 1
    assert missing["status"] == 404
    code, _, _ = await cli("message", "show", "not-a-uuid", *ops(gw))
    assert code == 1


async def test_participants_check_online_and_offline_and_reload(start, fresh_pki):
    # No automatic reload during the test: the live registry changes only on `reload`.
    gw = await start(fresh_pki, participants_poll_seconds=3600)
    code, report, err = await cli("participants", "check", *ops(gw))
    assert code == 0, err
    assert report["problemCount"] == 0
    assert {p["id"] for p in report["participants"]} == {
        PROVIDER,
        OTHER_PROVIDER,
        ZK,
        "zk-5501",
    }
    assert "not in the registry" in report["note"]
    assert any(c["role"] == "tls" for c in report["gateway"]["certificates"])

    # zk-5501 is given zk-5509's certificate: unknown to it. Offline check sees it at once.
    registry = fresh_pki.root / "participants.toml"
    registry.write_text(registry.read_text().replace('["zk-5501/enc.crt"]', '["zk-5509/enc.crt"]'))
    config = str(gw.config.source)
    code, offline, err = await cli("participants", "check", "--config", config)
    assert code == 1, err
    zk5501 = next(p for p in offline["participants"] if p["id"] == "zk-5501")
    assert zk5501["encryptionCertificates"][0]["problems"] == [
        "unknown: the certificate names ZK-5509, which belongs to zk-5509"
    ]
    # A 1000-day window makes every certificate "expiring".
    code, long_window, _ = await cli("participants", "check", "--config", config, "--days", "1000")
    assert code == 1
    assert any(
        x.startswith("expiring:")
        for p in long_window["participants"]
        for c in p["encryptionCertificates"]
        for x in c["problems"]
    )

    # The live gateway still has the old registry until `reload`.
    code, before, _ = await cli("participants", "check", *ops(gw))
    assert before["problemCount"] == 0
    code, reloaded, err = await cli("reload", *ops(gw))
    assert code == 0, err
    assert reloaded["reloaded"] is True
    assert reloaded["participants"] == 4
    code, after, _ = await cli("participants", "check", *ops(gw))
    assert code == 1
    assert after["problemCount"] == 1


async def test_reload_of_a_broken_registry_keeps_the_old_one(start, fresh_pki):
    gw = await start(fresh_pki)
    (fresh_pki.root / "participants.toml").write_text("[[zorgaanbieder]]\nagb = 1\n")
    code, body, _ = await cli("reload", *ops(gw))
    assert code == 1
    assert body["reloaded"] is False
    assert body["participants"] == 4


async def test_admin_commands_report_an_unreachable_gateway(unused_tcp_port):
    code, body, err = await cli("status", "--ops", f"http://127.0.0.1:{unused_tcp_port}")
    assert code == 1
    assert body is None
    assert "cannot reach the operations listener" in err


async def test_admin_endpoints_refuse_browsers_and_foreign_host_names(start, dev_pki):
    gw = await start(dev_pki)
    base = f"http://127.0.0.1:{gw.ops_port}"
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{base}/admin/reload", headers={"Origin": "https://evil"}) as r:
            assert r.status == 403
        async with session.get(
            f"{base}/admin/status", headers={"Host": "rebound.example:8080"}
        ) as r:
            assert r.status == 403
        async with session.get(f"{base}/admin/status") as r:
            assert r.status == 200


# --- the runbook's commands, as written, against a real `serve` process ---------------

RUNBOOK = Path(__file__).resolve().parents[2] / "docs" / "runbook.md"
ALERTS = Path(__file__).resolve().parents[2] / "docker" / "alerts.yml"
NOT_RUN = "# not run by the tests"


def runbook_commands() -> list[str]:
    """Every line of the runbook's ``sh`` blocks, continuations joined, in order."""
    commands: list[str] = []
    for block in re.findall(r"^ *```sh\n(.*?)^ *```", RUNBOOK.read_text(), re.M | re.S):
        text = re.sub(r"\\\n\s*", " ", block)
        commands += [line.strip() for line in text.splitlines() if line.strip()]
    return commands


@pytest.fixture
def served_here(tmp_path: Path) -> Iterator[tuple[int, int]]:
    """`dev-pki --out certs` and `serve` on free ports, in a directory laid out like the
    project root (``schemas`` is linked), as the runbook assumes."""
    gw = GatewayProcess.in_dev_pki_dir(tmp_path)
    (tmp_path / "schemas").symlink_to(SCHEMAS)
    gw.start()
    try:
        gw.wait_ready()
        yield gw.port, gw.ops_ports[0]
    finally:
        gw.stop()


def test_runbook_commands_work_as_written(served_here, tmp_path):
    require_tool("curl")
    api_port, ops_port = served_here
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    ran: list[str] = []
    for command in runbook_commands():
        if command.endswith(NOT_RUN):
            continue
        line = command.replace("127.0.0.1:8080", f"127.0.0.1:{ops_port}").replace(
            "localhost:8443", f"localhost:{api_port}"
        )
        result = subprocess.run(
            ["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        if " send " in f" {line} ":
            env["TRACEERID"] = json.loads(result.stdout)["traceerId"]
        ran.append(command)
    for needed in (
        "healthz",
        "readyz",
        "/metrics",
        "status",
        "inbox stats",
        "message show",
        "participants check --config",
        "participants check --ops",
        "reload --ops",
        "/admin/reload",
    ):
        assert any(needed in c for c in ran), needed

    # Every metric the alert rules and the runbook name exists in a real scrape.
    with urllib.request.urlopen(f"http://127.0.0.1:{ops_port}/metrics", timeout=10) as resp:
        scrape = resp.read().decode()
    exposed = set(re.findall(r"^(?:# TYPE )?(meerzorg_gateway_\w+)", scrape, re.M))
    for source in (ALERTS, RUNBOOK):
        named = set(re.findall(r"\b(meerzorg_gateway_\w+)", source.read_text()))
        assert named
        assert named <= exposed, (source.name, named - exposed)
