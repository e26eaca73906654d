"""Refused TLS handshakes are visible (issue 16): each reason, from a real handshake with
``openssl s_client`` (TLS 1.2 and 1.3), gives a ``tls_handshake_rejected`` log event with
the certificate's fingerprint and party code and the peer address, counts in
``meerzorg_gateway_tls_handshakes_rejected_total{reason}``, and the client reads the
alert; the gateway keeps serving."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
import structlog
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID

from gateway.devpki import DevCA, DevPki, Purpose
from gateway.runtime import RunningGateway
from tests.functional.helpers import PROVIDER
from tests.functional.test_tls_policy import Outcome, party, refused_by_server, s_client

VERSIONS = ("-tls1_2", "-tls1_3")


def fingerprint_of(cert: Path) -> str:
    from cryptography import x509

    der = x509.load_pem_x509_certificate(cert.read_bytes()).public_bytes(Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def rejections(logs: structlog.testing.LogCapture) -> list[dict]:
    return [e for e in logs.entries if e["event"] == "tls_handshake_rejected"]


async def metric(gw: RunningGateway, reason: str) -> float:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{gw.ops_port}/metrics") as resp,
    ):
        text = await resp.text()
    found = re.search(
        rf'^meerzorg_gateway_tls_handshakes_rejected_total\{{reason="{reason}"\}} (\S+)$',
        text,
        re.MULTILINE,
    )
    assert found, text
    return float(found.group(1))


async def still_serves(gw: RunningGateway, pki: DevPki) -> None:
    ok = await s_client(gw, pki, "-tls1_3", cert=party(pki))
    assert ok.http_status == 200, ok.output


def alert_seen(outcome: Outcome, alert: str) -> bool:
    """s_client prints the alert it received, e.g. "sslv3 alert certificate revoked"."""
    return alert in outcome.output


async def refuse_and_check(
    gw: RunningGateway,
    pki: DevPki,
    logs: structlog.testing.LogCapture,
    cert: tuple[Path, Path] | None,
    reason: str,
    alert: str,
    *,
    party_code: str | None = "AGB-12345678",
) -> dict:
    """Both TLS versions refused with ``alert``; the first logged, the second only counted."""
    before = await metric(gw, reason)
    logged: dict = {}
    for version in VERSIONS:
        logs.entries.clear()
        outcome = await s_client(gw, pki, version, cert=cert)
        assert refused_by_server(outcome), outcome.output
        assert alert_seen(outcome, alert), (version, outcome.output)
        events = rejections(logs)
        if version == VERSIONS[1]:
            # The same certificate again within a minute: counted, not logged again.
            assert events == [], events
            continue
        [event] = events
        logged = event
        assert event["reason"] == reason
        assert event["log_level"] == "warning"
        assert event["peer_ip"] == "127.0.0.1"
        if cert is None:
            assert "fingerprint" not in event
            assert "party" not in event
        else:
            assert event["fingerprint"] == fingerprint_of(cert[0])
            assert event.get("party") == party_code
    assert await metric(gw, reason) == before + len(VERSIONS)
    await still_serves(gw, pki)
    return logged


async def test_revoked_certificate(start, fresh_pki, tmp_path, captured_logs):
    ca = DevCA.load(fresh_pki.ca_cert, fresh_pki.ca_key)
    cert = ca.issue(
        common_name="Zorggroep De Linde", purpose=Purpose.TLS_CLIENT, party="AGB-12345678"
    )
    fresh_pki.crl.write_bytes(ca.crl([cert.certificate]).public_bytes(Encoding.PEM))
    gw = await start(fresh_pki)
    await refuse_and_check(
        gw, fresh_pki, captured_logs, cert.write(tmp_path, "revoked"), "revoked", "revoked"
    )


async def test_certificate_of_an_untrusted_issuer(start, dev_pki, tmp_path, captured_logs):
    gw = await start(dev_pki)
    rogue = DevCA.create("Rogue CA")
    cert = rogue.issue(
        common_name="Zorggroep De Linde", purpose=Purpose.TLS_CLIENT, party="AGB-12345678"
    )
    event = await refuse_and_check(
        gw,
        dev_pki,
        captured_logs,
        cert.write(tmp_path, "rogue"),
        "untrusted_issuer",
        "unknown ca",
    )
    assert "Rogue CA" in event["issuer"]


async def test_expired_certificate(start, dev_pki, tmp_path, captured_logs):
    gw = await start(dev_pki)
    ca = DevCA.load(dev_pki.ca_cert, dev_pki.ca_key)
    now = datetime.now(UTC)
    cert = ca.issue(
        common_name="Zorggroep De Linde",
        purpose=Purpose.TLS_CLIENT,
        party="AGB-12345678",
        not_before=now - timedelta(days=30),
        not_after=now - timedelta(days=1),
    )
    await refuse_and_check(
        gw, dev_pki, captured_logs, cert.write(tmp_path, "expired"), "expired", "expired"
    )


async def test_certificate_for_the_wrong_usage(start, dev_pki, tmp_path, captured_logs):
    gw = await start(dev_pki)
    ca = DevCA.load(dev_pki.ca_cert, dev_pki.ca_key)
    server_auth_only = ca.issue(
        common_name="Zorggroep De Linde",
        purpose=Purpose.TLS_CLIENT,
        party="AGB-12345678",
        extended_key_usage=[ExtendedKeyUsageOID.SERVER_AUTH],
    )
    await refuse_and_check(
        gw,
        dev_pki,
        captured_logs,
        server_auth_only.write(tmp_path, "server-auth"),
        "wrong_usage",
        "unsupported certificate",
    )


async def test_no_certificate(start, dev_pki, captured_logs):
    gw = await start(dev_pki)
    before = await metric(gw, "no_certificate")
    for version, alert in (("-tls1_2", "handshake failure"), ("-tls1_3", "certificate required")):
        outcome = await s_client(gw, dev_pki, version)
        assert refused_by_server(outcome), outcome.output
        assert alert_seen(outcome, alert), outcome.output
    [event] = rejections(captured_logs)  # same peer address within a minute: one line
    assert event["reason"] == "no_certificate"
    assert event["peer_ip"] == "127.0.0.1"
    assert "fingerprint" not in event
    assert await metric(gw, "no_certificate") == before + 2
    await still_serves(gw, dev_pki)


async def test_the_log_line_for_a_certificate_repeats_after_its_window(
    start, fresh_pki, tmp_path, captured_logs
):
    """The rate limit is per certificate: a second refused party is logged at once."""
    ca = DevCA.load(fresh_pki.ca_cert, fresh_pki.ca_key)
    first = ca.issue(common_name="A", purpose=Purpose.TLS_CLIENT, party="AGB-12345678")
    second = ca.issue(common_name="B", purpose=Purpose.TLS_CLIENT, party="AGB-87654321")
    crl = ca.crl([first.certificate, second.certificate])
    fresh_pki.crl.write_bytes(crl.public_bytes(Encoding.PEM))
    gw = await start(fresh_pki)
    for issued, name in ((first, "a"), (second, "b"), (first, "a")):
        await s_client(gw, fresh_pki, "-tls1_3", cert=issued.write(tmp_path, name))
    assert [e["party"] for e in rejections(captured_logs)] == ["AGB-12345678", "AGB-87654321"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_valid_certificate_is_not_reported(start, dev_pki, captured_logs, version):
    gw = await start(dev_pki)
    ok = await s_client(gw, dev_pki, version, cert=party(dev_pki, PROVIDER))
    assert ok.http_status == 200, ok.output
    assert rejections(captured_logs) == []
    assert await metric(gw, "other") == 0
