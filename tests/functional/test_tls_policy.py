"""The API listener's TLS policy (protocol 2) seen by an independent client, ``openssl s_client``:
protocol versions, TLS 1.2 cipher suites, and which client certificates are refused."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID

from gateway.devpki import DevCA, DevPki, Purpose
from gateway.runtime import RunningGateway
from gateway.web.tls import TLS12_CIPHERS
from tests.conftest import require_tool
from tests.functional.helpers import PROVIDER, ZK

REQUEST = b"GET /v1/deelnemer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


@dataclass(frozen=True)
class Outcome:
    returncode: int
    output: str

    @property
    def http_status(self) -> int | None:
        # s_client interleaves its own dumps (session tickets) with the response.
        found = re.search(r"HTTP/1\.1 (\d{3}) ", self.output)
        return int(found.group(1)) if found else None

    @property
    def cipher(self) -> str | None:
        found = re.search(r"Cipher is (\S+)", self.output)
        return found.group(1) if found else None


async def s_client(
    gw: RunningGateway,
    pki: DevPki,
    *args: str,
    cert: tuple[Path, Path] | None = None,
) -> Outcome:
    """Connect with openssl s_client, send one request, read until the server closes."""
    openssl = require_tool("openssl")
    command = [
        openssl,
        "s_client",
        "-connect",
        f"127.0.0.1:{gw.api_port}",
        "-servername",
        "localhost",
        "-CAfile",
        str(pki.ca_cert),
        "-verify_return_error",
        "-ign_eof",
        *args,
    ]
    if cert is not None:
        command += ["-cert", str(cert[0]), "-key", str(cert[1])]
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with asyncio.timeout(20):
            stdout, _ = await process.communicate(REQUEST)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return Outcome(process.returncode or 0, stdout.decode("utf-8", "replace"))


def party(pki: DevPki, name: str = PROVIDER, kind: str = "tls") -> tuple[Path, Path]:
    d = pki.root / name
    return d / f"{kind}.crt", d / f"{kind}.key"


def refused_by_server(outcome: Outcome) -> bool:
    """No HTTP response, and not because s_client itself declined to offer anything.

    The gateway sends OpenSSL's alert for a refused handshake (gateway/web/handshakes.py;
    tests/functional/test_tls_rejections.py checks which alert), so any named alert or
    the connection's end counts here.
    """
    client_side = ("no protocols available", "no ciphers available", "unable to load")
    return (
        outcome.http_status is None
        and outcome.returncode != 0
        and not any(text in outcome.output for text in client_side)
    )


# --- protocol versions and suites -------------------------------------------------------------


@pytest.mark.parametrize("version", ["-tls1", "-tls1_1"])
async def test_tls_1_0_and_1_1_are_refused_by_the_server(start, dev_pki, version):
    gw = await start(dev_pki)
    # SECLEVEL=0 lets OpenSSL 3 offer the old protocol, so the refusal is the server's.
    outcome = await s_client(
        gw, dev_pki, version, "-cipher", "DEFAULT@SECLEVEL=0", cert=party(dev_pki)
    )
    assert refused_by_server(outcome), outcome.output
    assert "CONNECTED" in outcome.output  # the TCP connection was made; TLS was refused


@pytest.mark.parametrize(("version", "name"), [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")])
async def test_tls_1_2_and_1_3_are_accepted(start, dev_pki, version, name):
    gw = await start(dev_pki)
    outcome = await s_client(gw, dev_pki, version, cert=party(dev_pki))
    assert outcome.http_status == 200, outcome.output
    assert f"Protocol  : {name}" in outcome.output or f"New, {name}" in outcome.output
    if name == "TLSv1.2":
        assert outcome.cipher in TLS12_CIPHERS.split(":")


async def test_tls_1_2_negotiates_forward_secret_aead_only(start, dev_pki):
    gw = await start(dev_pki)
    # The client's full default list: the server picks one of its own FS AEAD suites.
    outcome = await s_client(gw, dev_pki, "-tls1_2", "-cipher", "ALL", cert=party(dev_pki))
    assert outcome.http_status == 200, outcome.output
    assert outcome.cipher is not None
    assert outcome.cipher.startswith("ECDHE-")
    assert "GCM" in outcome.cipher or "CHACHA20" in outcome.cipher


@pytest.mark.parametrize(
    "cipher",
    [
        "AES128-SHA",  # RSA key exchange (no forward secrecy), CBC
        "AES128-GCM-SHA256",  # RSA key exchange, AEAD
        "ECDHE-RSA-AES128-SHA",  # forward secret, CBC
        "ECDHE-ECDSA-AES128-SHA",  # forward secret, CBC, matches the server's key type
        "ECDHE-ECDSA-AES128-SHA256",
        "DHE-RSA-AES128-GCM-SHA256",  # finite-field DHE is not offered either
    ],
)
async def test_tls_1_2_non_fs_or_cbc_suites_are_refused(start, dev_pki, cipher):
    gw = await start(dev_pki)
    outcome = await s_client(gw, dev_pki, "-tls1_2", "-cipher", cipher, cert=party(dev_pki))
    assert refused_by_server(outcome), outcome.output
    assert "Cipher is (NONE)" in outcome.output or "Cipher is" not in outcome.output


# --- client certificates ----------------------------------------------------------------------


@pytest.mark.parametrize("version", ["-tls1_2", "-tls1_3"])
async def test_no_client_certificate_is_refused(start, dev_pki, version):
    gw = await start(dev_pki)
    outcome = await s_client(gw, dev_pki, version)
    # TLS 1.2 fails the handshake; in TLS 1.3 the server's alert follows the handshake.
    assert refused_by_server(outcome), outcome.output


def _write(issued, directory: Path, name: str) -> tuple[Path, Path]:
    return issued.write(directory, name)


async def test_client_certificate_of_an_unknown_ca_is_refused(start, dev_pki, tmp_path):
    gw = await start(dev_pki)
    rogue = DevCA.create("Rogue CA")
    cert = rogue.issue(
        common_name="Zorggroep De Linde", purpose=Purpose.TLS_CLIENT, party="AGB-12345678"
    )
    for version in ("-tls1_2", "-tls1_3"):
        outcome = await s_client(gw, dev_pki, version, cert=_write(cert, tmp_path, "rogue"))
        assert refused_by_server(outcome), outcome.output


async def test_expired_client_certificate_is_refused(start, dev_pki, tmp_path):
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
    for version in ("-tls1_2", "-tls1_3"):
        outcome = await s_client(gw, dev_pki, version, cert=_write(cert, tmp_path, "expired"))
        assert refused_by_server(outcome), outcome.output


async def test_revoked_client_certificate_is_refused(start, fresh_pki, tmp_path):
    ca = DevCA.load(fresh_pki.ca_cert, fresh_pki.ca_key)
    cert = ca.issue(
        common_name="Zorggroep De Linde", purpose=Purpose.TLS_CLIENT, party="AGB-12345678"
    )
    fresh_pki.crl.write_bytes(ca.crl([cert.certificate]).public_bytes(Encoding.PEM))
    gw = await start(fresh_pki)
    for version in ("-tls1_2", "-tls1_3"):
        outcome = await s_client(gw, fresh_pki, version, cert=_write(cert, tmp_path, "revoked"))
        assert refused_by_server(outcome), outcome.output
        # The party's own (not revoked) certificate still works on the same listener.
        ok = await s_client(gw, fresh_pki, version, cert=party(fresh_pki))
        assert ok.http_status == 200, ok.output


async def test_wrong_key_usage_client_certificates_are_refused(start, dev_pki, tmp_path):
    gw = await start(dev_pki)
    ca = DevCA.load(dev_pki.ca_cert, dev_pki.ca_key)
    server_auth_only = ca.issue(
        common_name="Zorggroep De Linde",
        purpose=Purpose.TLS_CLIENT,
        party="AGB-12345678",
        extended_key_usage=[ExtendedKeyUsageOID.SERVER_AUTH],
    )
    candidates = {
        "zorgkantoor encryption certificate": party(dev_pki, ZK, "enc"),
        "EKU serverAuth only": _write(server_auth_only, tmp_path, "server-auth"),
    }
    for label, cert in candidates.items():
        for version in ("-tls1_2", "-tls1_3"):
            outcome = await s_client(gw, dev_pki, version, cert=cert)
            # OpenSSL's TLS-client purpose check (digitalSignature, clientAuth if an
            # EKU is present) already refuses these in the handshake: no HTTP answer.
            assert outcome.http_status is None, (label, outcome.output)


async def test_signing_certificate_is_not_a_tls_client_certificate(start, dev_pki):
    gw = await start(dev_pki)
    outcome = await s_client(gw, dev_pki, "-tls1_3", cert=party(dev_pki, PROVIDER, "sign"))
    # Without any EKU OpenSSL treats it as "any purpose" and completes the handshake;
    # the gateway's own check requires clientAuth and refuses the request.
    assert outcome.http_status == 403, outcome.output
