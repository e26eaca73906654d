"""XML bombs, external entities and DTDs, deep nesting, oversized bodies, wrong content types.

Envelope: refused before it is a parsed envelope, so a plain JSON body (400 GW102/GW101,
413 GW103, 415). Inside the encrypted payload: the envelope was usable, so a signed
Afgekeurd receipt with 422 (GW102 for markup, GW301 for a payload that is too deep).
After every case the gateway answers /healthz and accepts a valid message.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.security.xmlparse import MAX_DEPTH
from tests.attacks.support import (
    after_declaration,
    assert_healthy,
    assert_plain_error,
    assert_receipt,
    post,
    sign_payload,
    wrap,
)
from tests.functional.helpers import envelope_for, kop_for

SECRET = "geheim-uit-het-bestand"


def _billion_laughs(root: str) -> str:
    levels = "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    return f'<!DOCTYPE {root} [\n <!ENTITY lol "lol">\n{levels}]>\n'


def _quadratic(root: str) -> str:
    return f'<!DOCTYPE {root} [<!ENTITY a "{"A" * 50_000}">]>\n'


class _Listener:
    """A TCP listener that counts connections: an http:// SYSTEM id must never reach it."""

    def __init__(self) -> None:
        self.connections = 0
        self.port = 0


@pytest.fixture
async def listener() -> AsyncIterator[_Listener]:
    state = _Listener()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state.connections += 1
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    state.port = server.sockets[0].getsockname()[1]
    yield state
    server.close()
    await server.wait_closed()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _cases(root: str, secret: Path, port: int) -> dict[str, tuple[str, str]]:
    """markup before the root, and an entity reference put into a text node."""
    http = f"http://127.0.0.1:{port}"
    return {
        "doctype-only": (f"<!DOCTYPE {root}>", ""),
        "billion-laughs": (_billion_laughs(root), "&lol9;"),
        "quadratic-blowup": (_quadratic(root), "&a;" * 2000),
        "xxe-file": (f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{secret}">]>', "&x;"),
        "xxe-http": (f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "{http}/x">]>', "&x;"),
        "external-dtd-file": (f'<!DOCTYPE {root} SYSTEM "file://{secret}">', ""),
        "external-dtd-http": (f'<!DOCTYPE {root} PUBLIC "-//X//Y" "{http}/x.dtd">', ""),
        "parameter-entity-file": (
            f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>',
            "",
        ),
        "parameter-entity-http": (
            f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{http}/p.dtd"> %p; %q;]>',
            "",
        ),
        "undeclared-entity": ("", "&x;"),
    }


CASES = list(_cases("R", Path("/x"), 1))


@pytest.mark.parametrize("case", CASES)
async def test_entities_and_dtds_in_the_envelope_get_gw102(
    start, dev_pki, listener, secret_file, case
):
    gw = await start(dev_pki)
    markup, reference = _cases("Bericht", secret_file, listener.port)[case]
    envelope, _kop = envelope_for(dev_pki)
    envelope = after_declaration(envelope, markup) if markup else envelope
    envelope = envelope.replace(b"<BerichtVersie>", b"<BerichtVersie>" + reference.encode())
    resp = await post(gw, dev_pki, envelope)
    # Without a DOCTYPE an entity reference is merely not well-formed (GW101).
    assert_plain_error(resp, 400, "GW102" if markup else "GW101")
    assert SECRET.encode() not in resp.body
    assert listener.connections == 0
    await assert_healthy(gw, dev_pki)


@pytest.mark.parametrize("case", CASES)
async def test_entities_and_dtds_inside_the_encrypted_payload_get_a_gw102_receipt(
    start, dev_pki, listener, secret_file, case
):
    gw = await start(dev_pki)
    markup, reference = _cases("Meerzorgplan", secret_file, listener.port)[case]
    kop = kop_for()
    signed = sign_payload(dev_pki, kop)
    plaintext = after_declaration(signed, markup) if markup else signed
    plaintext = plaintext.replace(b"<Naam>", b"<Naam>" + reference.encode(), 1)
    envelope = wrap(dev_pki, kop, plaintext)
    resp = await post(gw, dev_pki, envelope)
    # Undeclared entity without a DOCTYPE: the payload is not well-formed (GW301, 422).
    info = assert_receipt(dev_pki, resp, envelope, "GW102" if markup else "GW301")
    assert info.traceer_id == kop.traceer_id
    assert SECRET.encode() not in resp.body
    assert listener.connections == 0
    await assert_healthy(gw, dev_pki)


def _nest(depth: int) -> bytes:
    return b"<X>" * depth + b"</X>" * depth


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
async def test_deeply_nested_envelope_gets_gw101(start, dev_pki, depth):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    envelope = envelope.replace(b"</Kop>", _nest(depth) + b"</Kop>", 1)
    resp = await post(gw, dev_pki, envelope)
    assert_plain_error(resp, 400, "GW101")
    await assert_healthy(gw, dev_pki)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
async def test_deeply_nested_payload_gets_a_422_receipt(start, dev_pki, depth):
    gw = await start(dev_pki)
    kop = kop_for()
    signed = sign_payload(dev_pki, kop)
    # Inside the signed document (the depth check runs before any verification).
    plaintext = signed.replace(b"<Naam>", b"<Naam>" + _nest(depth), 1)
    envelope = wrap(dev_pki, kop, plaintext)
    resp = await post(gw, dev_pki, envelope)
    info = assert_receipt(dev_pki, resp, envelope, "GW301")
    assert info.traceer_id == kop.traceer_id
    await assert_healthy(gw, dev_pki)


async def test_oversized_body_gets_413_gw103(start, dev_pki):
    gw = await start(dev_pki, max_body_bytes=64 * 1024)
    envelope, _kop = envelope_for(dev_pki)
    padded = envelope.replace(b"</Kop>", b"</Kop>" + b" " * (64 * 1024), 1)
    resp = await post(gw, dev_pki, padded)
    assert_plain_error(resp, 413, "GW103")
    await assert_healthy(gw, dev_pki)


@pytest.mark.parametrize(
    "content_type",
    [
        "text/xml",
        "application/json",
        "text/plain",
        "application/octet-stream",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/xml-dtd",
        "application/soap+xml",
    ],
)
async def test_wrong_content_type_gets_415(start, dev_pki, content_type):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    resp = await post(gw, dev_pki, envelope, content_type=content_type)
    assert_plain_error(resp, 415, None)
    await assert_healthy(gw, dev_pki)
