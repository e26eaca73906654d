"""Memory of a real ``serve`` process: peak RSS for the largest message the body limit lets
through, and RSS with many idle mutual-TLS connections open (from another process)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench.fixtures import MIB, REPO, BenchPki, make_envelope, payload_of_size
from bench.server import Served, start_gateway
from gateway.web.tls import client_context

BODY_LIMIT = 20 * MIB  # max_body_bytes of the dev configuration
ENVELOPE_OVERHEAD = 4096  # Kop, EncryptedKey, certificate: measured, then corrected below


def largest_envelope(pki: BenchPki, limit: int, margin: int = 16 * 1024) -> bytes:
    """The largest envelope (within ``margin`` bytes) not over ``limit``: the payload's
    size is estimated, the envelope built and measured, and the estimate corrected."""
    target = limit - margin
    payload_size = (target - ENVELOPE_OVERHEAD) * 3 // 4
    envelope = b""
    for _ in range(4):
        envelope, _kop = make_envelope(pki, payload_of_size(payload_size))
        if target - margin <= len(envelope) <= target:
            break
        payload_size += (target - len(envelope)) * 3 // 4
    assert len(envelope) <= limit, len(envelope)
    return envelope


async def _post(pki: BenchPki, url: str, body: bytes) -> int:
    party = pki.party
    ssl = client_context(pki.root / "ca.crt", party / "tls.crt", party / "tls.key")
    timeout = aiohttp.ClientTimeout(total=300)
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ssl), timeout=timeout) as http,
        http.post(
            url + "/v1/berichten", data=body, headers={"Content-Type": "application/xml"}
        ) as resp,
    ):
        await resp.read()
        return resp.status


def _warm(pki: BenchPki, served: Served) -> None:
    """One small message first, so the measurement is of the message, not of imports."""
    small, _kop = make_envelope(pki, payload_of_size(5 * 1024))
    asyncio.run(_post(pki, served.url, small))


def peak_for_large_message(pki: BenchPki, work: Path, size_limit: int) -> dict[str, Any]:
    """VmHWM of a fresh gateway process before and after accepting the largest envelope."""
    envelope = largest_envelope(pki, size_limit)
    served = start_gateway(pki.write_config(work / "data-mem"), work / "data-mem", work, "mem")
    try:
        _warm(pki, served)
        before_hwm = served.status_kib("VmHWM")
        before_rss = served.status_kib("VmRSS")
        started = time.perf_counter()
        status = asyncio.run(_post(pki, served.url, envelope))
        seconds = time.perf_counter() - started
        peak = served.status_kib("VmHWM")
    finally:
        served.stop()
    size_mib = len(envelope) / MIB
    envelope_file = work / "large-envelope.xml"
    envelope_file.write_bytes(envelope)
    stages = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.memstages",
            str(pki.root),
            str(pki.rsa_bits),
            str(envelope_file),
            str(work / "data-memstages"),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return {
        "by_stage": json.loads(stages.stdout.strip().splitlines()[-1]),
        "envelope_bytes": len(envelope),
        "envelope_mib": size_mib,
        "status": status,
        "seconds": seconds,
        "rss_before_mib": before_rss / 1024,
        "hwm_before_mib": before_hwm / 1024,
        "peak_rss_mib": peak / 1024,
        "ratio": peak / 1024 / size_mib,
        "ratio_over_baseline": (peak - before_rss) / 1024 / size_mib,
    }


def idle_connections(pki: BenchPki, work: Path, count: int) -> dict[str, Any]:
    """VmRSS of a fresh gateway process with ``count`` idle keep-alive connections open."""
    served = start_gateway(pki.write_config(work / "data-idle"), work / "data-idle", work, "idle")
    holder: subprocess.Popen[str] | None = None
    try:
        _warm(pki, served)
        before = served.status_kib("VmRSS")
        holder = subprocess.Popen(
            [sys.executable, "-m", "bench.idle", str(pki.root), str(served.port), str(count)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None
        assert holder.stdin is not None
        line = holder.stdout.readline().split()  # "open N failed M"
        time.sleep(1.0)  # let the server settle (handshake buffers freed)
        during = served.status_kib("VmRSS")
        hwm = served.status_kib("VmHWM")
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
    finally:
        if holder is not None and holder.poll() is None:
            holder.kill()
            holder.wait()
        served.stop()
    opened = int(line[1]) if len(line) >= 4 else 0
    return {
        "connections": count,
        "opened": opened,
        "failed": int(line[3]) if len(line) >= 4 else count,
        "rss_before_mib": before / 1024,
        "rss_mib": during / 1024,
        "hwm_mib": hwm / 1024,
        "kib_per_connection": (during - before) / max(1, opened),
    }
