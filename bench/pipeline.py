"""The gateway's whole in-process path for one message, with its per-stage timings.

``receive_message`` is called directly (no HTTP, no TLS) on a context from
``gateway.bootstrap.build_context``: parse, decrypt, verify, schema and rules,
re-encrypt, receipt and the durable SQLite commit. Envelopes, each with a fresh
TraceerId, are built before timing starts.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import structlog

from bench.fixtures import PROVIDER, BenchPki, make_envelopes
from gateway.bootstrap import build_context
from gateway.config import load_gateway_config
from gateway.ports import Caller, StageFanout
from gateway.services.context import GatewayContext
from gateway.services.receive import receive_message

STAGES = ("parse", "decrypt", "verify", "validate", "encrypt", "receipt", "store")


class StageTimes:
    """A StageObserver keeping every timing, per stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)

    def observe(self, stage: str, seconds: float) -> None:
        self.seconds[stage].append(seconds)

    def mean_ms(self) -> dict[str, float]:
        return {s: statistics.fmean(v) * 1000 for s, v in self.seconds.items() if v}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank on sorted values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def _open(pki: BenchPki, data_dir: Path) -> GatewayContext:
    # In-process runs: the gateway's info lines (audit checkpoints, ...) would mix with ours.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    config = load_gateway_config(pki.write_config(data_dir, name="bench-pipeline.toml"))
    return await build_context(config, migrate=True)


async def _run(
    pki: BenchPki, data_dir: Path, batches: dict[str, list[bytes]], warmup: list[bytes]
) -> dict[str, dict[str, object]]:
    ctx = await _open(pki, data_dir)
    try:
        client = next(p for p in ctx.snapshot.registry.participants if p.id == PROVIDER)
        caller = Caller(PROVIDER, "0" * 64, "127.0.0.1")
        stages = StageTimes()
        assert isinstance(ctx.stages, StageFanout)
        ctx.stages.observers.append(stages)
        for body in warmup:
            await receive_message(ctx, caller, client, body)
        results: dict[str, dict[str, object]] = {}
        for name, bodies in batches.items():
            stages.seconds.clear()
            times: list[float] = []
            statuses: dict[int, int] = defaultdict(int)
            cpu = time.process_time()  # all threads of this process
            for body in bodies:
                started = time.perf_counter()
                outcome = await receive_message(ctx, caller, client, body)
                times.append(time.perf_counter() - started)
                statuses[outcome.http_status] += 1
            cpu = time.process_time() - cpu
            results[name] = {
                "messages": len(bodies),
                "cpu_ms": cpu / len(bodies) * 1000,
                "envelope_bytes": len(bodies[0]),
                "mean_ms": statistics.fmean(times) * 1000,
                "p50_ms": percentile(times, 50) * 1000,
                "p99_ms": percentile(times, 99) * 1000,
                "msgs_per_s": len(times) / sum(times),
                "statuses": {str(k): v for k, v in sorted(statuses.items())},
                "stages_ms": stages.mean_ms(),
            }
        return results
    finally:
        await ctx.close()


def measure(
    pki: BenchPki, data_dir: Path, counts: dict[str, tuple[int, int]]
) -> dict[str, dict[str, object]]:
    """``counts``: size name -> (payload bytes, messages). Returns figures per size."""
    batches = {
        name: make_envelopes(str(pki.root), pki.rsa_bits, size, n)
        for name, (size, n) in counts.items()
    }
    first_size = next(iter(counts.values()))[0]
    warmup = make_envelopes(str(pki.root), pki.rsa_bits, first_size, 3)
    return asyncio.run(_run(pki, data_dir, batches, warmup))


async def _loop(pki: BenchPki, data_dir: Path, bodies: list[bytes]) -> None:
    ctx = await _open(pki, data_dir)
    try:
        client = next(p for p in ctx.snapshot.registry.participants if p.id == PROVIDER)
        caller = Caller(PROVIDER, "0" * 64, "127.0.0.1")
        for body in bodies[:3]:  # warm up before the profiler attaches
            await receive_message(ctx, caller, client, body)
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        for body in bodies[3:]:
            await receive_message(ctx, caller, client, body)
    finally:
        await ctx.close()


def main() -> None:
    """``python -m bench.pipeline PKI_DIR RSA_BITS PAYLOAD_BYTES COUNT DATA_DIR``: a process
    that only runs the pipeline, for py-spy to sample (see bench/profile.py)."""
    root, bits, size, count, data_dir = sys.argv[1:6]
    pki = BenchPki(Path(root), int(bits))
    bodies = make_envelopes(root, int(bits), int(size), int(count) + 3)
    asyncio.run(_loop(pki, Path(data_dir), bodies))


if __name__ == "__main__":
    main()
