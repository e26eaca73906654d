"""Protocol section 2 and 3 over a real listener: content type, mutual TLS, versions,
revocation, unknown participants, status lookups and the operations listener."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import warnings
from pathlib import Path

import aiohttp
import pytest

from gateway.client import GatewayClient, Identity
from gateway.devpki import DevCA, DevPki, KeyType, Purpose, revoke_party
from gateway.runtime import RunningGateway
from tests.conftest import client, url
from tests.functional.helpers import (
    OTHER_PROVIDER,
    PROVIDER,
    ZK,
    check_receipt,
    codes,
    envelope_for,
    kop_for,
)

# Anything a refused TLS connection can surface as in aiohttp.
CONNECTION_REFUSED = (aiohttp.ClientError, ssl.SSLError, ConnectionError, asyncio.TimeoutError)


def tls_context(
    pki: DevPki,
    *,
    cert: Path | None = None,
    key: Path | None = None,
    minimum: ssl.TLSVersion | None = None,
    maximum: ssl.TLSVersion | None = None,
) -> ssl.SSLContext:
    """A client context trusting the dev CA, with an optional client certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cafile=str(pki.ca_cert))
    if cert is not None and key is not None:
        ctx.load_cert_chain(cert, key)
    with warnings.catch_warnings():
        # Python deprecates naming TLS 1.0/1.1; this test must name them to offer them.
        warnings.simplefilter("ignore", DeprecationWarning)
        if minimum is not None:
            ctx.minimum_version = minimum
        if maximum is not None:
            ctx.maximum_version = maximum
    if maximum is not None and maximum < ssl.TLSVersion.TLSv1_2:
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")  # let OpenSSL offer the old protocol at all
    return ctx


def party_context(pki: DevPki, party: str, **versions: ssl.TLSVersion) -> ssl.SSLContext:
    d = pki.root / party
    return tls_context(pki, cert=d / "tls.crt", key=d / "tls.key", **versions)


async def get_status(gw: RunningGateway, ctx: ssl.SSLContext, path: str = "/v1/deelnemer"):
    """(status, None) when the request completed, (None, exception) when TLS refused it."""
    try:
        async with (
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ctx)) as session,
            session.get(url(gw) + path, timeout=aiohttp.ClientTimeout(total=10)) as resp,
        ):
            await resp.read()
            return resp.status, None
    except CONNECTION_REFUSED as exc:
        return None, exc


async def negotiated_version(gw: RunningGateway, ctx: ssl.SSLContext) -> str:
    """The TLS version of a completed handshake with the API listener."""
    _reader, writer = await asyncio.open_connection(
        "localhost", gw.api_port, ssl=ctx, server_hostname="localhost"
    )
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        return str(ssl_object.version())
    finally:
        writer.close()
        with contextlib.suppress(*CONNECTION_REFUSED):
            await writer.wait_closed()


# --- content type ---------------------------------------------------------------------


async def test_refuses_wrong_content_type_with_415(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as provider:
        resp = await provider.request(
            "POST", "/v1/berichten", body=envelope, content_type="text/plain"
        )
        assert resp.status == 415
        assert resp.content_type == "application/json"
        assert (await provider.request("GET", f"/v1/berichten/{kop.traceer_id}")).status == 404
    async with client(gw, dev_pki, ZK) as zk:
        assert (await zk.request("GET", "/v1/postvak")).json()["berichten"] == []


async def test_accepts_application_xml_with_charset_parameter(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as provider:
        resp = await provider.request(
            "POST", "/v1/berichten", body=envelope, content_type="application/xml; charset=UTF-8"
        )
    assert resp.status == 202, resp.body
    info = check_receipt(dev_pki, resp.body, envelope)
    assert info.status == "Geaccepteerd"
    assert info.traceer_id == kop.traceer_id


# --- mutual TLS ------------------------------------------------------------------------


async def test_client_without_certificate_gets_no_answer_under_v1(start, dev_pki):
    gw = await start(dev_pki)
    for path in ("/v1/deelnemer", "/v1/certificaten"):
        status, exc = await get_status(gw, tls_context(dev_pki), path)
        # The handshake requires a certificate; should one ever get through, 401.
        assert status in (None, 401), (path, status)
        assert status is not None or exc is not None


async def test_client_certificate_from_another_ca_is_refused_in_the_handshake(
    start, dev_pki, tmp_path
):
    gw = await start(dev_pki)
    other = DevCA.create("Another CA").issue(
        common_name="Zorggroep De Linde",
        purpose=Purpose.TLS_CLIENT,
        party="AGB-12345678",
        key_type=KeyType.EC_P256,
    )
    cert, key = other.write(tmp_path / "other-ca", "tls")
    status, exc = await get_status(gw, tls_context(dev_pki, cert=cert, key=key))
    assert status is None, status
    assert exc is not None


async def test_tls_1_1_is_refused(start, dev_pki):
    gw = await start(dev_pki)
    ctx = party_context(
        dev_pki, PROVIDER, minimum=ssl.TLSVersion.TLSv1_1, maximum=ssl.TLSVersion.TLSv1_1
    )
    with pytest.raises(CONNECTION_REFUSED):
        await negotiated_version(gw, ctx)
    status, _exc = await get_status(gw, ctx)
    assert status is None


@pytest.mark.parametrize(
    ("version", "name"),
    [(ssl.TLSVersion.TLSv1_2, "TLSv1.2"), (ssl.TLSVersion.TLSv1_3, "TLSv1.3")],
)
async def test_tls_1_2_and_1_3_are_accepted(start, dev_pki, version, name):
    gw = await start(dev_pki)
    ctx = party_context(dev_pki, PROVIDER, minimum=version, maximum=version)
    assert await negotiated_version(gw, ctx) == name
    status, exc = await get_status(gw, ctx)
    assert status == 200, exc


async def test_revoked_tls_client_certificate_is_refused(start, fresh_pki):
    revoke_party(fresh_pki.root, OTHER_PROVIDER)
    gw = await start(fresh_pki)  # reads the CRL at start
    status, exc = await get_status(gw, party_context(fresh_pki, OTHER_PROVIDER))
    assert status is None, status
    assert exc is not None
    # Others are unaffected.
    assert (await get_status(gw, party_context(fresh_pki, PROVIDER)))[0] == 200


async def test_valid_certificate_of_unregistered_party_gets_403(start, dev_pki, tmp_path):
    gw = await start(dev_pki)
    issued = dev_pki.ca.issue(
        common_name="Zorggroep Onbekend",
        purpose=Purpose.TLS_CLIENT,
        party="AGB-11111111",
        key_type=KeyType.EC_P256,
    )
    cert, key = issued.write(tmp_path / "agb-11111111", "tls")
    identity = Identity(dev_pki.ca_cert, dev_pki.crl, cert, key)
    envelope, _kop = envelope_for(dev_pki, kop=kop_for(afzender="11111111"))
    async with GatewayClient(url(gw), identity) as unknown:
        for method, path, body in [
            ("GET", "/v1/deelnemer", None),
            ("GET", "/v1/certificaten", None),
            ("POST", "/v1/berichten", envelope),
        ]:
            resp = await unknown.request(method, path, body=body)
            assert resp.status == 403, (path, resp.body)
            assert resp.content_type == "application/json"
            assert resp.json()["status"] == 403


# --- status lookups ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "traceer_id", ["not-a-uuid", "12345", "0b6f2c9e-0000-4000-8000-00000000000Z"]
)
async def test_malformed_traceer_id_in_path_is_404(start, dev_pki, traceer_id):
    gw = await start(dev_pki)
    async with client(gw, dev_pki, PROVIDER) as provider:
        for path in (f"/v1/berichten/{traceer_id}", f"/v1/bevestigingen/{traceer_id}"):
            resp = await provider.request("GET", path)
            assert resp.status == 404, path
            assert resp.content_type == "application/json"


async def test_status_of_rejected_message_shows_afgekeurd_with_its_code(start, dev_pki):
    gw = await start(dev_pki)
    envelope, kop = envelope_for(dev_pki, kop=kop_for(geadresseerde="5515"))
    async with client(gw, dev_pki, PROVIDER) as provider:
        resp = await provider.request("POST", "/v1/berichten", body=envelope)
        assert resp.status == 422
        receipt = check_receipt(dev_pki, resp.body, envelope)
        assert codes(receipt) == ["GW501"]
        status = await provider.request("GET", f"/v1/berichten/{kop.traceer_id}")
        assert status.status == 200, status.body
        history = status.json()
    assert history["traceerId"] == kop.traceer_id
    assert history["status"] == "Afgekeurd"
    assert [(h["status"], h["code"]) for h in history["historie"]] == [("Afgekeurd", "GW501")]
    assert [(b["bevestigingId"], b["status"]) for b in history["bevestigingen"]] == [
        (receipt.bevestiging_id, "Afgekeurd")
    ]


# --- operations listener -----------------------------------------------------------------


async def test_ops_listener_serves_health_and_readiness_over_plain_http(start, dev_pki):
    gw = await start(dev_pki)
    base = f"http://127.0.0.1:{gw.ops_port}"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/healthz") as resp:
            assert resp.status == 200
        async with session.get(f"{base}/readyz") as resp:
            assert resp.status == 200
            assert resp.content_type == "application/json"
            assert await resp.json() == {"ready": True, "problems": []}
        async with session.get(f"{base}/v1/deelnemer") as resp:
            assert resp.status == 404  # the API is not on the ops listener
