"""Replay, time window and header/payload mismatch over the real server.

Replayed TraceerId with other content: 409 GW140; the byte-identical envelope again:
200 with the original receipt, also after the GW130 window; an Aanmaaktijdstip too
old or in the future: GW130; a signed Berichtkop that differs from the Kop: GW220.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.attacks.support import assert_healthy, assert_receipt, post, sign_payload, wrap
from tests.conftest import FakeClock
from tests.functional.helpers import (
    OTHER_PROVIDER,
    check_receipt,
    codes,
    envelope_for,
    first_valid,
    kop_for,
    signer,
)


async def test_same_traceer_id_other_content_gets_gw140(start, dev_pki):
    gw = await start(dev_pki)
    first, kop = envelope_for(dev_pki)
    assert (await post(gw, dev_pki, first)).status == 202
    for other in (
        envelope_for(dev_pki, kop=kop)[0],  # same content, fresh encryption: other bytes
        envelope_for(dev_pki, first_valid("meerzorgplan").replace(b"De Linde", b"De Eik"), kop=kop)[
            0
        ],
    ):
        resp = await post(gw, dev_pki, other)
        info = assert_receipt(dev_pki, resp, other, "GW140", status=409)
        assert codes(info) == ["GW140"]
    await assert_healthy(gw, dev_pki)


async def test_repost_of_an_old_message_gets_the_original_receipt_with_200(start, dev_pki):
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    gw = await start(dev_pki, clock=clock)
    envelope, _kop = envelope_for(dev_pki, kop=kop_for(now=clock.now()))
    first = await post(gw, dev_pki, envelope)
    assert first.status == 202
    clock.advance(days=3)  # far outside the GW130 window
    again = await post(gw, dev_pki, envelope)
    assert again.status == 200, again.body
    assert again.body == first.body
    assert check_receipt(dev_pki, again.body, envelope).status == "Geaccepteerd"
    await assert_healthy(gw, dev_pki)


@pytest.mark.parametrize(
    "offset",
    [
        pytest.param(timedelta(days=-2), id="two-days-old"),
        pytest.param(timedelta(days=-365), id="a-year-old"),
        pytest.param(timedelta(hours=1), id="an-hour-ahead"),
        pytest.param(timedelta(days=365), id="a-year-ahead"),
    ],
)
async def test_old_or_future_aanmaaktijdstip_gets_gw130(start, dev_pki, offset):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki, kop=kop_for(now=datetime.now(UTC) + offset))
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW130")
    await assert_healthy(gw, dev_pki)


_MISMATCH = {
    "geadresseerde": {"geadresseerde": "5511"},
    "traceer-id": {"traceer_id": "00000000-0000-4000-8000-000000000000"},
    "afzender": {"afzender": "87654321"},
    "bericht-versie": {"bericht_versie": "1.1"},
    "aanmaaktijdstip": {"aanmaaktijdstip": datetime(2026, 1, 1, tzinfo=UTC)},
}


@pytest.mark.parametrize("case", [*_MISMATCH, "other-message-type"])
async def test_signed_berichtkop_differing_from_the_kop_gets_gw220(start, dev_pki, case):
    gw = await start(dev_pki)
    kop = kop_for()
    if case == "other-message-type":
        signed = sign_payload(dev_pki, kop, first_valid("evaluatie-groepsmeerzorg"))
    else:
        signed = sign_payload(dev_pki, replace(kop, **_MISMATCH[case]))  # type: ignore[arg-type]
    envelope = wrap(dev_pki, kop, signed)
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW220")
    await assert_healthy(gw, dev_pki)


async def test_payload_signed_by_another_provider_gets_gw211(start, dev_pki):
    """Re-routing another provider's signed payload under one's own Kop."""
    gw = await start(dev_pki)
    kop = kop_for()
    envelope = wrap(dev_pki, kop, sign_payload(dev_pki, kop, key=signer(dev_pki, OTHER_PROVIDER)))
    resp = await post(gw, dev_pki, envelope)
    assert_receipt(dev_pki, resp, envelope, "GW211")
    await assert_healthy(gw, dev_pki)
