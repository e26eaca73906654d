"""Interop with the xmlsec1 command-line tool and curl: protocol v1 without our code on one side.

The walkthrough script (docs/walkthrough/xmlsec1-curl.sh) is what the README shows
integrators; these tests run it against a real gateway, and check the cases it
does not cover (a payload tampered with after signing, our client's messages
opened by xmlsec1).

The gateway runs in the test's event loop, so every tool runs through
``asyncio.create_subprocess_exec``: a blocking ``subprocess.run`` would stall it.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gateway.client import build_envelope, verify_receipt
from gateway.devpki import DevPki
from gateway.runtime import RunningGateway
from tests.conftest import REPO, client, require_tool, url
from tests.functional.helpers import (
    PROVIDER,
    PROVIDER_AGB,
    ZK,
    check_receipt,
    codes,
    gateway_enc,
    gateway_signer_cert,
    kop_for,
    signer,
)

pytestmark = [pytest.mark.xmlsec1, pytest.mark.usefixtures("tools")]

WALKTHROUGH = REPO / "docs" / "walkthrough"
SCRIPT = WALKTHROUGH / "xmlsec1-curl.sh"
TEMPLATES = WALKTHROUGH / "templates"

RUN_TIMEOUT = 60  # seconds for one tool run; the whole script takes a few
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
BERICHTKOP = re.compile(rb"[ \t]*<bk:Berichtkop>.*?</bk:Berichtkop>\n", re.DOTALL)


@pytest.fixture
def tools() -> None:
    require_tool("xmlsec1")
    require_tool("curl")
    require_tool("openssl")


@dataclass(frozen=True)
class Done:
    """A finished tool run."""

    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


async def run(*args: str | Path, env: dict[str, str] | None = None) -> Done:
    """Run a tool without blocking the event loop the gateway serves on."""
    proc = await asyncio.create_subprocess_exec(
        *map(str, args),
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(RUN_TIMEOUT):
            out, err = await proc.communicate()
    except TimeoutError:
        proc.kill()
        await proc.communicate()
        raise
    assert proc.returncode is not None
    return Done(proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"))


async def curl(
    gw: RunningGateway, pki: DevPki, party: str, method: str, path: str, *args: str | Path
) -> tuple[int, bytes]:
    """One request with curl over mutual TLS as ``party``: (HTTP status, body)."""
    party_dir = pki.root / party
    body = pki.root.parent / f"curl-body-{uuid.uuid4()}"
    done = await run(
        "curl", "--silent", "--show-error",
        "--cacert", pki.root / "ca.crt",
        "--cert", party_dir / "tls.crt", "--key", party_dir / "tls.key",
        "--request", method,
        "--output", body, "--write-out", "%{http_code}",
        *args,
        f"{url(gw)}{path}",
    )  # fmt: skip
    assert done.returncode == 0, done
    return int(done.stdout), body.read_bytes()


def fill(template: str, values: dict[str, str]) -> bytes:
    """A walkthrough template with its @PLACEHOLDERS@ substituted, as the script's sed does."""
    text = (TEMPLATES / template).read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    assert "@" not in text, text
    return text.encode()


def kop_values(bericht_type: str, traceer_id: str) -> dict[str, str]:
    return {
        "TRACEER_ID": traceer_id,
        "BERICHT_TYPE": bericht_type,
        "BERICHT_VERSIE": "1.0",
        "AFZENDER": PROVIDER_AGB,
        "GEADRESSEERDE": "5509",
        "AANMAAKTIJDSTIP": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "SIGNATURE_METHOD": RSA_SHA256,
    }


def sign_template(work: Path, example: Path, values: dict[str, str]) -> Path:
    """The walkthrough's step b: our Berichtkop in the example, the signature template last."""
    source = example.read_bytes()
    with_kop, replaced = BERICHTKOP.subn(fill("berichtkop.xml", values), source, count=1)
    assert replaced == 1
    head, end_tag = with_kop.rstrip(b"\n").rsplit(b"\n", 1)
    template = work / "payload-template.xml"
    template.write_bytes(head + b"\n" + fill("signature.xml", values) + end_tag + b"\n")
    return template


async def xmlsec1_sign(pki: DevPki, work: Path, example: Path, values: dict[str, str]) -> Path:
    """Sign the payload template with the provider's key, as the walkthrough does."""
    template = sign_template(work, example, values)
    signed = work / "payload.xml"
    party = pki.root / PROVIDER
    done = await run(
        "xmlsec1", "sign", "--privkey-pem", f"{party / 'sign.key'},{party / 'sign.crt'}",
        "--output", signed, template,
    )  # fmt: skip
    assert done.returncode == 0, done
    assert (await xmlsec1_verify(pki, signed)).returncode == 0
    return signed


async def xmlsec1_verify(pki: DevPki, signed: Path) -> Done:
    return await run(
        "xmlsec1", "verify", "--trusted-pem", pki.root / "ca.crt",
        "--enabled-reference-uris", "empty", signed,
    )  # fmt: skip


async def xmlsec1_encrypt(pki: DevPki, work: Path, payload: Path, values: dict[str, str]) -> bytes:
    """The walkthrough's step c: the exact payload bytes into the envelope, for the gateway."""
    template = work / "envelope-template.xml"
    template.write_bytes(fill("envelope.xml", values))
    envelope = work / "envelope.xml"
    done = await run(
        "xmlsec1", "encrypt", "--pubkey-cert-pem", pki.root / "gateway" / "enc.crt",
        "--session-key", "aes-256", "--binary-data", payload,
        "--output", envelope, template,
    )  # fmt: skip
    assert done.returncode == 0, done
    return envelope.read_bytes()


@pytest.mark.parametrize(
    ("bericht_type", "example"),
    [
        # The script's defaults: PAYLOAD and TYPE not given.
        ("meerzorgplan", None),
        ("evaluatie-groepsmeerzorg", "valid-afschalen.xml"),
    ],
)
async def test_walkthrough_script_runs_the_whole_protocol(
    start, fresh_pki, tmp_path, bericht_type, example
):
    gw = await start(fresh_pki)
    work = tmp_path / "work"
    env = {"CERTS": str(fresh_pki.root), "GATEWAY": url(gw), "WORK": str(work)}
    if example is not None:
        env["PAYLOAD"] = f"schemas/{bericht_type}/1.0/examples/{example}"
        env["TYPE"] = bericht_type

    done = await run(SCRIPT, env=env)

    assert done.returncode == 0, done
    found = re.search(r"TraceerId: ([0-9a-f-]{36})\n", done.stdout)
    assert found, done
    traceer_id = found.group(1)
    # What the zorgkantoor decrypted is what the provider signed, byte for byte.
    assert (work / "received.xml").read_bytes() == (work / "payload.xml").read_bytes()
    # The gateway agrees: delivered, acknowledged, nothing left waiting.
    async with client(gw, fresh_pki, ZK) as zk:
        assert (await zk.request("GET", "/v1/postvak")).json()["berichten"] == []
        assert (await zk.request("GET", f"/v1/postvak/{traceer_id}")).status == 404
    async with client(gw, fresh_pki, PROVIDER) as provider:
        history = (await provider.request("GET", f"/v1/berichten/{traceer_id}")).json()
        assert history["status"] == "Bezorgd"
        assert history["berichtType"] == bericht_type
        assert [h["status"] for h in history["historie"]] == ["Ontvangen", "Aangeboden", "Bezorgd"]
        assert (await provider.request("GET", "/v1/bevestigingen")).json()["bevestigingen"] == []
        # The receipts the script checked with xmlsec1 also pass our own verifier.
        envelope = (work / "envelope.xml").read_bytes()
        check_receipt(fresh_pki, (work / "ontvangstbevestiging.xml").read_bytes(), envelope)
        aflever = verify_receipt(
            (work / "afleverbevestiging.xml").read_bytes(), [gateway_signer_cert(fresh_pki)]
        )
        assert aflever.status == "Bezorgd"
        assert aflever.digest == hashlib.sha256((work / "delivery.xml").read_bytes()).digest()
    if bericht_type != "meerzorgplan":
        return
    # Issue 13: the zorgkantoor answered with xmlsec1 and curl only; the provider opened
    # it with its own key, byte for byte what the zorgkantoor signed.
    assert (work / "answer-received.xml").read_bytes() == (work / "answer.xml").read_bytes()
    async with client(gw, fresh_pki, PROVIDER) as provider:
        assert (await provider.request("GET", "/v1/postvak")).json()["berichten"] == []
        seen = (await provider.request("GET", f"/v1/conversaties/{traceer_id}")).json()
        assert [(m["berichtType"], m["richting"], m["status"]) for m in seen["berichten"]] == [
            ("meerzorgplan", "verzonden", "Bezorgd"),
            ("reactie-op-meerzorgplan", "ontvangen", "Bezorgd"),
        ]


async def test_walkthrough_script_fails_loudly_without_a_gateway(fresh_pki, tmp_path):
    # Nothing listens on port 9: the script must stop at step a, not carry on.
    env = {
        "CERTS": str(fresh_pki.root),
        "GATEWAY": "https://localhost:9",
        "WORK": str(tmp_path / "work"),
    }
    done = await run(SCRIPT, env=env)
    assert done.returncode != 0, done
    assert "== b." not in done.stdout


async def test_payload_tampered_after_signing_is_refused_with_gw210(start, fresh_pki, tmp_path):
    gw = await start(fresh_pki)
    work = tmp_path / "work"
    work.mkdir()
    traceer_id = str(uuid.uuid4())
    values = kop_values("meerzorgplan", traceer_id)
    example = REPO / "schemas" / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml"
    signed = await xmlsec1_sign(fresh_pki, work, example, values)

    # Change one signed text node after signing, as sed would: still well-formed and
    # schema-valid, but no longer what the provider signed.
    done = await run("sed", "-i", "s|<UrenPerWeek>21.00<|<UrenPerWeek>42.00<|", signed)
    assert done.returncode == 0, done
    assert b"<UrenPerWeek>42.00<" in signed.read_bytes()
    assert (await xmlsec1_verify(fresh_pki, signed)).returncode != 0

    envelope = await xmlsec1_encrypt(fresh_pki, work, signed, values)
    status, body = await curl(
        gw, fresh_pki, PROVIDER, "POST", "/v1/berichten",
        "-H", "Content-Type: application/xml", "--data-binary", f"@{work / 'envelope.xml'}",
    )  # fmt: skip

    assert status == 422, body
    receipt = check_receipt(fresh_pki, body, envelope)
    assert receipt.soort == "Ontvangstbevestiging"
    assert receipt.status == "Afgekeurd"
    assert receipt.traceer_id == traceer_id
    assert codes(receipt) == ["GW210"]
    # The refusal is signed so that xmlsec1 verifies it too.
    (work / "receipt.xml").write_bytes(body)
    assert (await xmlsec1_verify(fresh_pki, work / "receipt.xml")).returncode == 0
    async with client(gw, fresh_pki, ZK) as zk:
        assert (await zk.request("GET", "/v1/postvak")).json()["berichten"] == []


async def test_untampered_xmlsec1_message_is_accepted(start, fresh_pki, tmp_path):
    """The control for the tampering test: the same steps without sed are accepted."""
    gw = await start(fresh_pki)
    work = tmp_path / "work"
    work.mkdir()
    values = kop_values("meerzorgplan", str(uuid.uuid4()))
    example = REPO / "schemas" / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml"
    signed = await xmlsec1_sign(fresh_pki, work, example, values)
    envelope = await xmlsec1_encrypt(fresh_pki, work, signed, values)
    status, body = await curl(
        gw, fresh_pki, PROVIDER, "POST", "/v1/berichten",
        "-H", "Content-Type: application/xml", "--data-binary", f"@{work / 'envelope.xml'}",
    )  # fmt: skip
    assert status == 202, body
    assert check_receipt(fresh_pki, body, envelope).status == "Geaccepteerd"


async def test_delivery_of_our_client_opens_with_xmlsec1(start, fresh_pki, tmp_path):
    gw = await start(fresh_pki)
    kop = kop_for("meerzorgplan")
    payload = (
        REPO / "schemas" / "meerzorgplan" / "1.0" / "examples" / "valid-individueel.xml"
    ).read_bytes()
    envelope, signed = build_envelope(payload, kop, signer(fresh_pki), gateway_enc(fresh_pki))
    async with client(gw, fresh_pki, PROVIDER) as provider:
        resp = await provider.request("POST", "/v1/berichten", body=envelope)
        assert resp.status == 202, resp.body

    # The zorgkantoor side with nothing but curl and xmlsec1.
    status, delivery = await curl(gw, fresh_pki, ZK, "GET", f"/v1/postvak/{kop.traceer_id}")
    assert status == 200, delivery
    (tmp_path / "delivery.xml").write_bytes(delivery)
    zk_dir = fresh_pki.root / ZK
    done = await run(
        "xmlsec1", "decrypt", "--privkey-pem", f"{zk_dir / 'enc.key'},{zk_dir / 'enc.crt'}",
        "--trusted-pem", fresh_pki.root / "ca.crt",
        "--output", tmp_path / "received.xml", tmp_path / "delivery.xml",
    )  # fmt: skip
    assert done.returncode == 0, done
    received = (tmp_path / "received.xml").read_bytes()
    assert received == signed
    verified = await xmlsec1_verify(fresh_pki, tmp_path / "received.xml")
    assert verified.returncode == 0, verified
    assert "SignedInfo References (ok/all): 1/1" in verified.stderr
