"""The envelope attacks of test_markup.py again, with every body parsed as it arrives
(receive.STREAM_FROM = 0): the streamed parser refuses them with the same codes. Plus
envelopes past the real threshold (a large comment) with the same markup."""

from __future__ import annotations

import pytest

from gateway.services import receive
from tests.attacks.support import after_declaration, assert_healthy, assert_plain_error, post
from tests.attacks.test_markup import (  # noqa: F401 - collected here again, with their fixtures
    CASES,
    _cases,
    _nest,
    listener,
    secret_file,
    test_deeply_nested_envelope_gets_gw101,
    test_entities_and_dtds_in_the_envelope_get_gw102,
    test_oversized_body_gets_413_gw103,
)
from tests.functional.helpers import envelope_for

# A comment after the root: allowed, and enough to take the envelope past the threshold.
_PADDING = b"<!--" + b"x" * (receive.STREAM_FROM + 1024) + b"-->"


@pytest.fixture(autouse=True)
def _stream_every_body(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    if "past_the_threshold" not in request.node.name:
        monkeypatch.setattr(receive, "STREAM_FROM", 0)


async def test_a_valid_envelope_past_the_threshold_is_accepted(start, dev_pki):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    resp = await post(gw, dev_pki, envelope + _PADDING)
    assert resp.status == 202, resp.body[:300]


@pytest.mark.parametrize("case", CASES)
async def test_markup_in_an_envelope_past_the_threshold_gets_gw102(
    start,
    dev_pki,
    listener,  # noqa: F811 - the fixture imported above
    secret_file,  # noqa: F811 - the fixture imported above
    case,
):
    gw = await start(dev_pki)
    markup, reference = _cases("Bericht", secret_file, listener.port)[case]
    envelope, _kop = envelope_for(dev_pki)
    envelope = after_declaration(envelope, markup) if markup else envelope
    envelope = envelope.replace(b"<BerichtVersie>", b"<BerichtVersie>" + reference.encode())
    resp = await post(gw, dev_pki, envelope + _PADDING)
    assert_plain_error(resp, 400, "GW102" if markup else "GW101")
    assert listener.connections == 0
    await assert_healthy(gw, dev_pki)


@pytest.mark.parametrize("depth", [65, 5_000])
async def test_a_deep_envelope_past_the_threshold_gets_gw101(start, dev_pki, depth):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    envelope = envelope.replace(b"</Kop>", _nest(depth) + b"</Kop>", 1)
    resp = await post(gw, dev_pki, envelope + _PADDING)
    assert_plain_error(resp, 400, "GW101")


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e[: len(e) // 2],  # cut off
        lambda e: e.replace(b"</Kop>", b"<?pi x?></Kop>", 1),
        lambda e: e.replace(b"<BerichtType>", b"<Onbekend/><BerichtType>", 1),  # not the XSD's
    ],
    ids=["truncated", "processing-instruction", "schema"],
)
async def test_a_bad_envelope_past_the_threshold_gets_the_code_of_a_small_one(
    start, dev_pki, change
):
    gw = await start(dev_pki)
    envelope, _kop = envelope_for(dev_pki)
    small = await post(gw, dev_pki, change(envelope))
    large = await post(gw, dev_pki, change(envelope + _PADDING))
    assert small.status == 400
    assert (large.status, large.json()["code"]) == (small.status, small.json()["code"])
