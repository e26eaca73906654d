"""The delivery Kop repeats what the sender signed, as text (protocol 5.1: "must equal").

Recipients on other stacks (Node, Java, xmlsec1 and a shell) compare the delivery
Kop with the signed Berichtkop as strings; a gateway that re-formats a time
(``…39Z`` to ``…39.000Z``) or a TraceerId (upper to lower case) breaks them.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from gateway.domain.envelope import Written
from gateway.messagetypes import MessageTypeRegistry
from gateway.security import xmlenc
from gateway.security.keys import DecryptionKeyRing, load_key_pair
from gateway.xmlcodec import parse_envelope
from tests.conftest import client, require_tool
from tests.functional.helpers import (
    PROVIDER,
    ZK,
    check_receipt,
    kop_for,
    sign_payload,
    wrap,
)


def _element_text(document: bytes, local: str) -> list[str]:
    """Every ``<…local>text</…local>`` in the raw bytes, as a string-comparing recipient sees it."""
    pattern = rb"<(?:[A-Za-z0-9_]+:)?" + local.encode() + rb">([^<]*)</"
    return [m.decode("utf-8") for m in re.findall(pattern, document)]


def _kop_section(envelope: bytes) -> bytes:
    start = envelope.index(b"Kop>")
    return envelope[start : envelope.index(b"Kop>", start + 4)]


def _written_now(offset: str = "Z") -> str:
    """Now, to the second, written without fractional seconds (as Node and Java clients do)."""
    now = datetime.now(UTC).replace(microsecond=0)
    return now.strftime("%Y-%m-%dT%H:%M:%S") + offset


async def _send_and_fetch(gw, pki, kop_envelope, kop_signed) -> tuple[bytes, bytes]:
    """Post an envelope whose Kop and signed Berichtkop carry the given texts; return
    (the Ontvangstbevestiging, the delivery envelope bytes as fetched)."""
    envelope = wrap(pki, kop_envelope, sign_payload(pki, kop_signed))
    async with client(gw, pki, PROVIDER) as provider:
        resp = await provider.request("POST", "/v1/berichten", body=envelope)
    assert resp.status == 202, resp.body
    check_receipt(pki, resp.body, envelope)
    async with client(gw, pki, ZK) as zk:
        fetched = await zk.request("GET", f"/v1/postvak/{kop_envelope.traceer_id}")
    assert fetched.status == 200
    return resp.body, fetched.body


def _decrypt(pki, delivery: bytes) -> bytes:
    enc = load_key_pair(pki.root / ZK / "enc.crt", pki.root / ZK / "enc.key")
    _tree, _kop, encrypted = parse_envelope(delivery, MessageTypeRegistry.load().envelope_schema)
    return xmlenc.decrypt_encrypted_data(encrypted, DecryptionKeyRing([enc]))


async def test_delivery_kop_repeats_aanmaaktijdstip_without_milliseconds(start, dev_pki):
    gw = await start(dev_pki)
    written = _written_now()
    kop = kop_for()
    kop = replace(kop, written=Written(traceer_id=kop.traceer_id, aanmaaktijdstip=written))

    receipt, delivery = await _send_and_fetch(gw, dev_pki, kop, kop)

    assert _element_text(_kop_section(delivery), "Aanmaaktijdstip") == [written]
    signed = _decrypt(dev_pki, delivery)
    assert _element_text(signed, "Aanmaaktijdstip") == [written]
    assert b".000Z" not in _kop_section(delivery).split(b"Ontvangsttijdstip")[0]
    assert _element_text(receipt, "TraceerId") == [kop.traceer_id]


async def test_delivery_kop_and_receipt_keep_an_upper_case_traceer_id(start, dev_pki):
    gw = await start(dev_pki)
    kop = kop_for()
    upper = kop.traceer_id.upper()
    kop = replace(kop, written=Written(traceer_id=upper, aanmaaktijdstip=_written_now("+00:00")))

    receipt, delivery = await _send_and_fetch(gw, dev_pki, kop, kop)

    kop_text = _kop_section(delivery)
    assert _element_text(kop_text, "TraceerId") == [upper]
    assert _element_text(kop_text, "Aanmaaktijdstip") == [kop.written.aanmaaktijdstip]
    assert _element_text(_decrypt(dev_pki, delivery), "TraceerId") == [upper]
    # The signed Ontvangstbevestiging names the message as its sender wrote it.
    assert _element_text(receipt, "TraceerId") == [upper]
    # Ids in URLs and JSON stay case-insensitive.
    async with client(gw, dev_pki, ZK) as zk:
        listing = (await zk.request("GET", "/v1/postvak")).json()["berichten"]
        assert [m["traceerId"] for m in listing] == [kop.traceer_id]
        assert (await zk.request("GET", f"/v1/postvak/{upper}")).body == delivery
        assert (await zk.request("DELETE", f"/v1/postvak/{upper}")).status == 204
    # The Afleverbevestiging too: the store kept the sender's text.
    async with client(gw, dev_pki, PROVIDER) as provider:
        pending = (await provider.request("GET", "/v1/bevestigingen")).json()["bevestigingen"]
        [aflever] = [r for r in pending if r["soort"] == "Afleverbevestiging"]
        assert aflever["traceerId"] == kop.traceer_id
        signed = await provider.request("GET", f"/v1/bevestigingen/{aflever['bevestigingId']}")
    assert _element_text(signed.body, "TraceerId") == [upper]


async def test_delivery_kop_takes_the_signed_text_when_the_envelope_writes_it_otherwise(
    start, dev_pki
):
    """Equal instants written differently: the signed Berichtkop is the truth (5.1)."""
    gw = await start(dev_pki)
    base = kop_for()
    signed_text = _written_now("+00:00")
    envelope_text = signed_text.replace("+00:00", "Z")
    kop_signed = replace(
        base, written=Written(traceer_id=base.traceer_id, aanmaaktijdstip=signed_text)
    )
    kop_envelope = replace(
        base, written=Written(traceer_id=base.traceer_id, aanmaaktijdstip=envelope_text)
    )

    _receipt, delivery = await _send_and_fetch(gw, dev_pki, kop_envelope, kop_signed)

    signed = _decrypt(dev_pki, delivery)
    assert _element_text(signed, "Aanmaaktijdstip") == [signed_text]
    assert _element_text(_kop_section(delivery), "Aanmaaktijdstip") == [signed_text]


@pytest.mark.xmlsec1
async def test_xmlsec1_recipient_finds_kop_equal_to_signed_berichtkop(start, dev_pki, tmp_path):
    """An independent recipient: curl-like raw bytes, ``xmlsec1 decrypt``, string compare."""
    xmlsec1 = require_tool("xmlsec1")
    gw = await start(dev_pki)
    kop = kop_for()
    kop = replace(
        kop, written=Written(traceer_id=kop.traceer_id.upper(), aanmaaktijdstip=_written_now())
    )
    _receipt, delivery = await _send_and_fetch(gw, dev_pki, kop, kop)

    delivery_file = tmp_path / "delivery.xml"
    await asyncio.to_thread(delivery_file.write_bytes, delivery)
    zk = dev_pki.root / ZK
    proc = await asyncio.create_subprocess_exec(
        xmlsec1,
        "decrypt",
        "--privkey-pem",
        f"{zk / 'enc.key'},{zk / 'enc.crt'}",
        str(delivery_file),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    signed, errors = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, errors
    kop_text = _kop_section(delivery)
    for element in ("TraceerId", "Aanmaaktijdstip", "BerichtVersie", "AgbCode", "ZorgkantoorCode"):
        assert _element_text(kop_text, element) == _element_text(signed, element)[:1], element
