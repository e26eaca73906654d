"""Shared helpers of the attack corpus: posting, the expected answers, health checks."""

from __future__ import annotations

import aiohttp

from gateway.client import ReceiptInfo, Response
from gateway.devpki import DevPki
from gateway.runtime import RunningGateway
from tests.functional.helpers import (
    DS,
    NSMAP,
    XENC,
    XML,
    Change,
    after_declaration,
    assert_plain_error,
    check_receipt,
    codes,
    envelope_for,
    kop_for,
    one,
    post,
    rewrite,
    set_attribute,
    sign_payload,
    signer,
    wrap,
)

# The attack modules take the shared crafting helpers from here, with their own.
__all__ = [
    "DS",
    "NSMAP",
    "XENC",
    "Change",
    "P",
    "after_declaration",
    "assert_healthy",
    "assert_plain_error",
    "assert_receipt",
    "one",
    "post",
    "rewrite",
    "set_attribute",
    "sign_payload",
    "signer",
    "wrap",
]

PAYLOAD_NS = "urn:nl:meerzorg:meerzorgplan:1"
P = f"{{{PAYLOAD_NS}}}"


async def assert_healthz(gw: RunningGateway) -> None:
    """The operations listener still answers /healthz with 200."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{gw.ops_port}/healthz") as resp,
    ):
        assert resp.status == 200


async def assert_accepts_valid(gw: RunningGateway, pki: DevPki) -> None:
    """A valid message is still accepted (202, signed Geaccepteerd receipt)."""
    envelope, _kop = envelope_for(pki, kop=kop_for(now=gw.ctx.clock.now()))
    resp = await post(gw, pki, envelope)
    assert resp.status == 202, resp.body
    assert check_receipt(pki, resp.body, envelope).status == "Geaccepteerd"


async def assert_healthy(gw: RunningGateway, pki: DevPki) -> None:
    await assert_healthz(gw)
    await assert_accepts_valid(gw, pki)


def assert_receipt(
    pki: DevPki, resp: Response, envelope: bytes, code: str, status: int = 422
) -> ReceiptInfo:
    """After a parsed envelope: a signed Afgekeurd receipt for exactly these bytes, with code."""
    assert resp.status == status, resp.body
    assert resp.content_type == XML
    info = check_receipt(pki, resp.body, envelope)
    assert info.status == "Afgekeurd"
    assert code in codes(info), info.meldingen
    return info
