"""The load generator, run in its own process: ``python -m bench.loadgen SPEC.json OUT.json``.

Over mutual TLS with keep-alive (aiohttp client, one connection per concurrent
sender, opened before timing), it posts pre-built envelopes (each with a fresh
TraceerId) to the gateway in a closed loop at each concurrency level, then the
same envelopes to the bare echo server (the ceiling), then an open loop at half
the best gateway throughput (latency counted from each request's scheduled
send time, so a stalled server cannot hide its queue), then the poll side as a
zorgkantoor: list, download, acknowledge.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import aiohttp

from bench.fixtures import PROVIDER, ZK, make_envelopes
from bench.pipeline import percentile
from gateway.web.tls import client_context

XML = {"Content-Type": "application/xml"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process (/proc/PID/stat fields 14 and 15)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def build(spec: dict[str, Any], count: int) -> list[bytes]:
    """``count`` envelopes, built on both cores before any timing."""
    if count <= 0:
        return []
    workers = 2 if count >= 40 else 1
    chunks = [count // workers + (1 if i < count % workers else 0) for i in range(workers)]
    args = (spec["pki"], spec["rsa_bits"], spec["payload_bytes"])
    if workers == 1:
        return make_envelopes(*args, count)
    with ProcessPoolExecutor(workers) as pool:
        parts = pool.map(make_envelopes, *zip(*[(*args, n) for n in chunks], strict=True))
        return [e for part in parts for e in part]


def session(spec: dict[str, Any], party: str, limit: int) -> aiohttp.ClientSession:
    root = Path(spec["pki"]) / party
    ssl = client_context(Path(spec["pki"]) / "ca.crt", root / "tls.crt", root / "tls.key")
    connector = aiohttp.TCPConnector(ssl=ssl, limit=limit, limit_per_host=limit)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120))


async def warm(http: aiohttp.ClientSession, url: str, connections: int) -> None:
    """Open the keep-alive connections (TLS handshakes) before timing."""

    async def one() -> None:
        async with http.get(url + "/v1/deelnemer") as resp:
            await resp.read()

    await asyncio.gather(*(one() for _ in range(connections)))


def summary(latencies: list[float], ok: int, errors: int, wall: float) -> dict[str, Any]:
    return {
        "requests": ok + errors,
        "ok": ok,
        "errors": errors,
        "seconds": wall,
        "per_s": ok / wall if wall > 0 else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
    }


async def closed_loop(
    http: aiohttp.ClientSession,
    url: str,
    bodies: list[bytes],
    concurrency: int,
    *,
    expect: int,
    seconds: float | None = None,
    pid: int | None = None,
) -> dict[str, Any]:
    """``concurrency`` senders, each posting the next body as soon as the last is answered."""
    await warm(http, url, concurrency)
    latencies: list[float] = []
    counts = {"ok": 0, "errors": 0, "next": 0}
    limit = len(bodies) if seconds is None else 10**9
    started = time.perf_counter()
    deadline = started + seconds if seconds is not None else float("inf")

    async def sender() -> None:
        while counts["next"] < limit and time.perf_counter() < deadline:
            body = bodies[counts["next"] % len(bodies)]
            counts["next"] += 1
            t = time.perf_counter()
            try:
                async with http.post(url + "/v1/berichten", data=body, headers=XML) as resp:
                    await resp.read()
                    good = resp.status == expect
            except (aiohttp.ClientError, TimeoutError):
                good = False
            latencies.append(time.perf_counter() - t)
            counts["ok" if good else "errors"] += 1

    cpu = cpu_seconds(pid)
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    result = summary(latencies, counts["ok"], counts["errors"], wall)
    result["concurrency"] = concurrency
    if pid is not None:
        result["server_cpu_ms_per_msg"] = (cpu_seconds(pid) - cpu) * 1000 / max(1, counts["ok"])
    return result


async def open_loop(
    http: aiohttp.ClientSession, url: str, bodies: list[bytes], rate: float, *, expect: int
) -> dict[str, Any]:
    """Send at a fixed rate whatever the answers do; latency from the scheduled time."""
    await warm(http, url, 16)
    latencies: list[float] = []
    counts = {"ok": 0, "errors": 0}

    async def fire(body: bytes, scheduled: float) -> None:
        try:
            async with http.post(url + "/v1/berichten", data=body, headers=XML) as resp:
                await resp.read()
                good = resp.status == expect
        except (aiohttp.ClientError, TimeoutError):
            good = False
        latencies.append(time.perf_counter() - scheduled)
        counts["ok" if good else "errors"] += 1

    tasks = []
    started = time.perf_counter()
    for i, body in enumerate(bodies):
        scheduled = started + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(body, scheduled)))
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - started
    result = summary(latencies, counts["ok"], counts["errors"], wall)
    result["target_per_s"] = rate
    return result


async def timed_batch(
    calls: list[Callable[[], Awaitable[bool]]], concurrency: int
) -> dict[str, Any]:
    """Run the calls ``concurrency`` at a time; throughput and latency."""
    latencies: list[float] = []
    counts = {"ok": 0, "errors": 0}
    queue = list(reversed(calls))

    async def worker() -> None:
        while queue:
            call = queue.pop()
            t = time.perf_counter()
            try:
                good = await call()
            except (aiohttp.ClientError, TimeoutError):
                good = False
            latencies.append(time.perf_counter() - t)
            counts["ok" if good else "errors"] += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return summary(latencies, counts["ok"], counts["errors"], time.perf_counter() - started)


async def poll_side(spec: dict[str, Any]) -> dict[str, Any]:
    """A zorgkantoor's poll loop: list, then download and acknowledge what the list shows."""
    url, poll = spec["gateway_url"], spec["poll"]
    conc = poll["concurrency"]
    async with session(spec, ZK, conc) as http:
        await warm(http, url, conc)

        async def list_inbox() -> bool:
            async with http.get(url + "/v1/postvak?limit=100") as resp:
                await resp.read()
                return resp.status == 200

        lists = await timed_batch([list_inbox] * poll["lists"], conc)
        async with http.get(url + f"/v1/postvak?limit={poll['downloads']}") as resp:
            ids = [m["traceerId"] for m in (await resp.json())["berichten"]]
        sizes: list[int] = []

        def download(traceer_id: str) -> Callable[[], Awaitable[bool]]:
            async def call() -> bool:
                async with http.get(url + f"/v1/postvak/{traceer_id}") as resp:
                    sizes.append(len(await resp.read()))
                    return resp.status == 200

            return call

        def acknowledge(traceer_id: str) -> Callable[[], Awaitable[bool]]:
            async def call() -> bool:
                async with http.delete(url + f"/v1/postvak/{traceer_id}") as resp:
                    await resp.read()
                    return resp.status == 204

            return call

        downloads = await timed_batch([download(i) for i in ids], conc)
        downloads["bytes_each"] = statistics.fmean(sizes) if sizes else 0
        acks = await timed_batch([acknowledge(i) for i in ids], conc)
    return {"concurrency": conc, "list": lists, "download": downloads, "acknowledge": acks}


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    levels: list[tuple[int, int]] = [tuple(level) for level in spec["levels"]]  # type: ignore[misc]
    pid = spec.get("gateway_pid")
    batches = build(spec, sum(n for _, n in levels))
    result: dict[str, Any] = {"gateway": [], "echo": []}
    offset = 0
    for concurrency, n in levels:
        bodies = batches[offset : offset + n]
        offset += n
        async with session(spec, PROVIDER, concurrency) as http:
            result["gateway"].append(
                await closed_loop(
                    http, spec["gateway_url"], bodies, concurrency, expect=202, pid=pid
                )
            )
    if spec.get("echo_url"):
        for concurrency, _n in levels:
            async with session(spec, PROVIDER, concurrency) as http:
                result["echo"].append(
                    await closed_loop(
                        http,
                        spec["echo_url"],
                        batches,
                        concurrency,
                        expect=202,
                        seconds=spec["echo_seconds"],
                    )
                )
    if spec.get("half_load_seconds"):
        rate = max(r["per_s"] for r in result["gateway"]) / 2
        half = build(spec, max(10, round(rate * spec["half_load_seconds"])))
        async with session(spec, PROVIDER, 64) as http:
            result["half_load"] = await open_loop(http, spec["gateway_url"], half, rate, expect=202)
    if spec.get("poll"):
        result["poll"] = await poll_side(spec)
    return result


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    result = asyncio.run(run(spec))
    Path(sys.argv[2]).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
