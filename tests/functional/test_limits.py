"""Resource limits over a real listener ([limits], gateway/web/limits.py): per-participant
rate and concurrency limits, slow clients (request head and body), the connection bound."""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import time

import aiohttp
import pytest

from gateway.client import Identity
from gateway.config import ConfigError, LimitsConfig, load_gateway_config
from gateway.devpki import DevPki, GatewayConfigSpec, render_gateway_toml
from gateway.runtime import RunningGateway
from gateway.web.limits import GuardedServer, LimitedTCPSite
from tests.conftest import url
from tests.functional.helpers import OTHER_PROVIDER, PROVIDER

CUT_OFF = (ConnectionError, ssl.SSLError, OSError)


def limited(gw: RunningGateway) -> dict[str, float]:
    """meerzorg_gateway_limited_total per reason, as /metrics exports it."""
    assert gw.metrics is not None
    found = {}
    for family in gw.metrics.registry.collect():
        for sample in family.samples:
            if sample.name == "meerzorg_gateway_limited_total":
                found[sample.labels["reason"]] = sample.value
    return found


def limits(**values: float) -> str:
    return "[limits]\n" + "".join(f"{k} = {v}\n" for k, v in values.items())


def ssl_for(pki: DevPki, party: str) -> ssl.SSLContext:
    return Identity.from_party_dir(pki.root / party).ssl_context()


def session(pki: DevPki, party: str) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ssl_for(pki, party)))


async def call(
    s: aiohttp.ClientSession, gw: RunningGateway, method: str, path: str, **kw: object
) -> tuple[int, dict[str, str], bytes]:
    async with s.request(method, url(gw) + path, **kw) as resp:  # type: ignore[arg-type]
        return resp.status, dict(resp.headers), await resp.read()


async def raw(
    gw: RunningGateway, pki: DevPki, party: str = PROVIDER
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(
        "localhost", gw.api_port, ssl=ssl_for(pki, party), server_hostname="localhost"
    )


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(*CUT_OFF):
        await writer.wait_closed()


async def read_until_closed(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """What the server sent before it closed the connection (b"" on a reset)."""
    data = b""
    async with asyncio.timeout(seconds):
        try:
            while chunk := await reader.read(65536):
                data += chunk
        except CUT_OFF:
            pass
    return data


def guard(gw: RunningGateway) -> GuardedServer:
    (site,) = gw.api.sites
    assert isinstance(site, LimitedTCPSite)
    assert site.guard is not None
    return site.guard


def head(method: str, path: str, length: int | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: localhost"]
    if length is not None:
        lines += ["Content-Type: application/xml", f"Content-Length: {length}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# --- per participant -------------------------------------------------------------------


async def test_rate_limit_is_per_participant_with_retry_after(start, dev_pki):
    gw = await start(
        dev_pki,
        extra_toml=limits(
            submissions_per_second=0.2,
            submissions_burst=2,
            requests_per_second=0.2,
            requests_burst=3,
        ),
    )
    async with session(dev_pki, PROVIDER) as provider, session(dev_pki, OTHER_PROVIDER) as other:
        post = {"data": b"x", "headers": {"Content-Type": "text/plain"}}
        # The submission bucket: two within the burst (refused for their content type), then 429.
        for _ in range(2):
            assert (await call(provider, gw, "POST", "/v1/berichten", **post))[0] == 415
        status, headers, body = await call(provider, gw, "POST", "/v1/berichten", **post)
        assert status == 429
        assert 1 <= int(headers["Retry-After"]) <= 5
        assert headers["Content-Type"].startswith("application/json")
        assert json.loads(body)["status"] == 429
        # Another participant has its own buckets.
        assert (await call(other, gw, "POST", "/v1/berichten", **post))[0] == 415
        assert (await call(other, gw, "GET", "/v1/deelnemer"))[0] == 200
        # Other requests have a separate bucket: not used up by the submissions.
        for _ in range(3):
            assert (await call(provider, gw, "GET", "/v1/deelnemer"))[0] == 200
        status, headers, _ = await call(provider, gw, "GET", "/v1/deelnemer")
        assert status == 429
        assert int(headers["Retry-After"]) >= 1
        assert (await call(other, gw, "GET", "/v1/deelnemer"))[0] == 200
    assert limited(gw) == {
        "submissions": 1,
        "requests": 1,
        "concurrency": 0,
        "max_connections": 0,
        "header_timeout": 0,
    }


async def test_concurrent_requests_are_capped_per_participant(start, dev_pki):
    gw = await start(dev_pki, extra_toml=limits(concurrent_requests=1))
    reader, writer = await raw(gw, dev_pki)
    try:
        # A submission whose body is still arriving holds the participant's only slot.
        writer.write(head("POST", "/v1/berichten", 100) + b"<" * 10)
        await writer.drain()
        async with (
            session(dev_pki, PROVIDER) as provider,
            session(dev_pki, OTHER_PROVIDER) as other,
        ):
            for _ in range(50):
                status, headers, _ = await call(provider, gw, "GET", "/v1/deelnemer")
                if status == 429:
                    break
                await asyncio.sleep(0.05)
            assert status == 429
            assert headers["Retry-After"] == "1"
            assert limited(gw)["concurrency"] == 1
            assert (await call(other, gw, "GET", "/v1/deelnemer"))[0] == 200
            # Once the body is complete (and refused), the slot is free again.
            writer.write(b"<" * 90)
            await writer.drain()
            reply = await reader.readuntil(b"\r\n")
            assert reply.startswith(b"HTTP/1.1 4")
            for _ in range(50):
                status, _, _ = await call(provider, gw, "GET", "/v1/deelnemer")
                if status == 200:
                    break
                await asyncio.sleep(0.05)
            assert status == 200
    finally:
        await close(writer)


# --- slow clients ------------------------------------------------------------------------


async def test_slow_request_heads_are_cut_off_while_others_are_served(start, dev_pki):
    timeout = 5.0
    gw = await start(dev_pki, extra_toml=limits(header_timeout_seconds=timeout))
    request = head("GET", "/v1/deelnemer")

    async def open_one() -> tuple[asyncio.StreamReader, asyncio.StreamWriter, float]:
        reader, writer = await raw(gw, dev_pki)
        return reader, writer, time.monotonic()

    connections = await asyncio.gather(*(open_one() for _ in range(50)))
    first_deadline = min(opened for _, _, opened in connections) + timeout

    async def trickle(writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(*CUT_OFF):
            for i in range(len(request)):
                writer.write(request[i : i + 1])
                await writer.drain()
                await asyncio.sleep(0.5)

    async def cut_off_after(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, opened: float
    ) -> float:
        task = asyncio.create_task(trickle(writer))
        try:
            data = await read_until_closed(reader, timeout + 5)
            assert not data.startswith(b"HTTP/1.1 200")
            return time.monotonic() - opened
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await close(writer)

    slow = [asyncio.create_task(cut_off_after(*c)) for c in connections]
    try:
        await asyncio.sleep(0.2)
        # During the attack a normal client (new connection) is served with normal latency.
        async with session(dev_pki, OTHER_PROVIDER) as other:
            began = time.monotonic()
            status, _, _ = await call(other, gw, "GET", "/v1/deelnemer")
            assert status == 200
            assert time.monotonic() - began < 2.0
        assert time.monotonic() < first_deadline  # all 50 were still open meanwhile
        elapsed = await asyncio.gather(*slow)
    finally:
        for t in slow:
            t.cancel()
    # Cut off at the deadline, long before the 33 bytes at 2 per second were sent.
    assert all(timeout - 0.5 <= e <= timeout + 3 for e in elapsed), elapsed
    assert guard(gw).header_timeouts == 50
    assert limited(gw)["header_timeout"] == 50
    async with session(dev_pki, PROVIDER) as provider:
        assert (await call(provider, gw, "GET", "/v1/deelnemer"))[0] == 200


async def test_slow_body_gets_408_and_is_closed(start, dev_pki):
    gw = await start(dev_pki, extra_toml=limits(body_timeout_seconds=1))
    reader, writer = await raw(gw, dev_pki)
    try:
        writer.write(head("POST", "/v1/berichten", 1000) + b"<" * 10)
        await writer.drain()
        began = time.monotonic()
        reply = await read_until_closed(reader, 5)
        assert reply.startswith(b"HTTP/1.1 408")
        assert b'"status": 408' in reply
        assert 0.8 <= time.monotonic() - began < 3
    finally:
        await close(writer)
    async with session(dev_pki, PROVIDER) as provider:
        assert (await call(provider, gw, "GET", "/v1/deelnemer"))[0] == 200


# --- connections -------------------------------------------------------------------------


async def test_connections_above_the_bound_are_refused_and_serving_resumes(start, dev_pki):
    gw = await start(dev_pki, extra_toml=limits(max_connections=3))
    held = [await raw(gw, dev_pki) for _ in range(3)]
    try:
        assert guard(gw).open == 3
        reader, writer = await raw(gw, dev_pki, OTHER_PROVIDER)
        try:
            writer.write(head("GET", "/v1/deelnemer"))
            with contextlib.suppress(*CUT_OFF):
                await writer.drain()
            assert await read_until_closed(reader, 3) == b""
        finally:
            await close(writer)
        assert guard(gw).refused == 1
        assert limited(gw)["max_connections"] == 1
        # The held connections still work.
        r, w = held[0]
        w.write(head("GET", "/v1/deelnemer"))
        await w.drain()
        assert (await r.readuntil(b"\r\n")).startswith(b"HTTP/1.1 200")
    finally:
        for _, w in held:
            await close(w)
    for _ in range(50):
        if guard(gw).open == 0:
            break
        await asyncio.sleep(0.05)
    assert guard(gw).open == 0
    async with session(dev_pki, OTHER_PROVIDER) as other:
        assert (await call(other, gw, "GET", "/v1/deelnemer"))[0] == 200


# --- configuration -------------------------------------------------------------------------


def test_limits_configuration_defaults_and_errors(dev_pki, tmp_path):
    def load(extra: str) -> LimitsConfig:
        path = dev_pki.root / f"limits-{len(extra)}-{tmp_path.name}.toml"
        path.write_text(render_gateway_toml(GatewayConfigSpec(extra_toml=extra)))
        return load_gateway_config(path).limits

    assert load("") == LimitsConfig()
    assert LimitsConfig().submissions_burst >= 100  # the test-suite never meets the defaults
    assert load(limits(max_connections=5, body_timeout_seconds=0.5)).max_connections == 5
    for bad in ("max_connections = 0", "header_timeout_seconds = -1", 'requests_burst = "9"'):
        with pytest.raises(ConfigError, match=r"\[limits\]"):
            load("[limits]\n" + bad + "\n")
    with pytest.raises(ConfigError, match="unknown key"):
        load("[limits]\nrate = 1\n")
