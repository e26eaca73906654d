"""The load generator, run in its own process: ``python -m bench.loadgen SPEC.json OUT.json``.

Over mutual TLS with keep-alive (aiohttp client, one connection per concurrent
sender, opened before timing), it posts pre-built envelopes (each with a fresh
TraceerId) to the gateway in a closed loop at each concurrency level, then the
same envelopes to the bare echo server (the ceiling), then an open loop at half
the best gateway throughput (latency counted from each request's scheduled
send time, so a stalled server cannot hide its queue), then the poll side as a
zorgkantoor: list, download, acknowledge.

The spec says which parts to run: without ``echo_url``, ``half_load_seconds`` and
``poll`` only the closed loop against the gateway (the ``serve --workers 2`` run).
The gateway's CPU is the sum over ``gateway_pids`` (with ``--workers``: the
supervisor and every worker); the generator's own CPU is measured as well, since
on a small machine it competes with the gateway for the same cores. With
``envelopes_file`` the pre-built envelopes are written there by the first run and
read back by the next, so every gateway gets the very same envelopes.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import struct
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


def machine_cpu_seconds() -> float:
    """Busy CPU seconds of the whole machine, all cores (/proc/stat ``cpu`` line: every
    field but idle and iowait; guest time is already in user)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def cpu_seconds_of(pids: list[int]) -> float | None:
    """The sum over several processes; None when one is gone (a worker restarted)."""
    try:
        return sum(cpu_seconds(pid) for pid in pids)
    except (OSError, IndexError, ValueError):
        return None


def gateway_pids(spec: dict[str, Any]) -> list[int]:
    if spec.get("gateway_pids"):
        return [int(pid) for pid in spec["gateway_pids"]]
    return [int(spec["gateway_pid"])] if spec.get("gateway_pid") else []


def save_envelopes(path: Path, bodies: list[bytes]) -> None:
    with path.open("wb") as fh:
        for body in bodies:
            fh.write(struct.pack(">I", len(body)))
            fh.write(body)


def load_envelopes(path: Path) -> list[bytes]:
    data = path.read_bytes()
    bodies, at = [], 0
    while at < len(data):
        (size,) = struct.unpack_from(">I", data, at)
        bodies.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    return bodies


def prebuilt(spec: dict[str, Any], count: int) -> list[bytes]:
    """``build``, or the envelopes of an earlier run from ``spec["envelopes_file"]``."""
    name = spec.get("envelopes_file")
    if name and Path(name).exists():
        bodies = load_envelopes(Path(name))
        if len(bodies) == count:
            return bodies
    bodies = build(spec, count)
    if name:
        save_envelopes(Path(name), bodies)
    return bodies


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
    pids: list[int] | None = None,
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

    cpu = cpu_seconds_of(pids) if pids else None
    each = [cpu_seconds_of([pid]) for pid in pids or []]
    own_cpu = time.process_time()  # this process, all threads
    busy = machine_cpu_seconds()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    own_cpu = time.process_time() - own_cpu
    busy = machine_cpu_seconds() - busy
    result = summary(latencies, counts["ok"], counts["errors"], wall)
    result["concurrency"] = concurrency
    done = max(1, counts["ok"] + counts["errors"])
    result["client_cpu_ms_per_req"] = own_cpu * 1000 / done
    result["client_cpu_cores"] = own_cpu / wall if wall > 0 else 0.0
    result["machine_cpu_cores"] = busy / wall if wall > 0 else 0.0
    if pids:
        after = cpu_seconds_of(pids)
        server = None if cpu is None or after is None else after - cpu
        result["server_pids"] = len(pids)
        result["server_cpu_ms_per_msg"] = (
            server * 1000 / max(1, counts["ok"]) if server is not None else float("nan")
        )
        result["server_cpu_cores"] = (
            server / wall if server is not None and wall > 0 else float("nan")
        )
        # Whatever else ran meanwhile (0 on a quiet machine, up to rounding): a busy
        # neighbour makes every figure of this level too low.
        rest = result["machine_cpu_cores"] - result["server_cpu_cores"] - own_cpu / wall
        result["other_cpu_cores"] = rest if math.isnan(rest) else max(0.0, rest)
        if len(pids) > 1:  # supervisor first, then each worker: how the kernel spread the load
            result["server_cpu_cores_each"] = [
                (after - before) / wall if before is not None and after is not None else None
                for before, after in zip(each, (cpu_seconds_of([pid]) for pid in pids), strict=True)
            ]
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
    pids = gateway_pids(spec)
    batches = prebuilt(spec, sum(n for _, n in levels))
    result: dict[str, Any] = {"gateway": [], "echo": []}
    offset = 0
    for concurrency, n in levels:
        bodies = batches[offset : offset + n]
        offset += n
        async with session(spec, PROVIDER, concurrency) as http:
            result["gateway"].append(
                await closed_loop(
                    http, spec["gateway_url"], bodies, concurrency, expect=202, pids=pids
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
