"""Which stage raises the peak: ``python -m bench.memstages PKI BITS ENVELOPE DATA [whole]``.

A fresh process reads one envelope from a file, runs it through ``receive_message``
and, at the end of each stage (a StageObserver), reads its own VmHWM and VmRSS.
Prints one JSON object. The envelope is built elsewhere so that building it does
not set the peak. The file is read in 64 KiB chunks into a ``receive.EnvelopeIntake``,
as ``serve`` reads a request body (a large envelope is then parsed as it is read, and
never held whole); with ``whole`` it is read at once and passed as bytes, held by the
caller throughout (how this measured before the streamed parser).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bench.fixtures import PROVIDER, BenchPki, make_envelopes
from bench.pipeline import _open
from gateway.allocator import pin_mmap_threshold
from gateway.ports import Caller, StageFanout
from gateway.services.receive import EnvelopeIntake, receive_message
from gateway.xmlcodec import EnvelopeFeed

CHUNK = 64 * 1024  # what the API handler asks aiohttp for


def status_mib() -> tuple[float, float]:
    """(VmHWM, VmRSS) of this process in MiB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024


class HighWater:
    """A StageObserver noting the peak and current RSS when each stage ends."""

    def __init__(self) -> None:
        self.rows: list[dict[str, float | str]] = []

    def observe(self, stage: str, seconds: float) -> None:
        hwm, rss = status_mib()
        self.rows.append({"stage": stage, "hwm_mib": hwm, "rss_mib": rss, "ms": seconds * 1000})


def read_streamed(envelope_file: Path) -> bytes | EnvelopeFeed:
    """The envelope through an EnvelopeIntake in chunks, as the API handler reads a body."""
    intake = EnvelopeIntake()
    with envelope_file.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            intake.feed(chunk)
    return intake.finish()


async def run(pki: BenchPki, envelope: bytes | Path, data_dir: Path) -> dict[str, object]:
    """``envelope``: its bytes (held throughout), or its file (read as a body is)."""
    ctx = await _open(pki, data_dir)
    try:
        client = next(p for p in ctx.snapshot.registry.participants if p.id == PROVIDER)
        caller = Caller(PROVIDER, "0" * 64, "127.0.0.1")
        for small in make_envelopes(str(pki.root), pki.rsa_bits, 5 * 1024, 2):
            await receive_message(ctx, caller, client, small)
        hwm, rss = status_mib()
        marks = HighWater()
        assert isinstance(ctx.stages, StageFanout)
        ctx.stages.observers.append(marks)
        if isinstance(envelope, bytes):
            size = len(envelope)
            outcome = await receive_message(ctx, caller, client, envelope)
        else:
            body = read_streamed(envelope)
            size = body.size if isinstance(body, EnvelopeFeed) else len(body)
            receiving = receive_message(ctx, caller, client, body)
            del body  # as the API handler: receive_message lets go of it once parsed
            outcome = await receiving
        return {
            "mode": "whole" if isinstance(envelope, bytes) else "streamed",
            "envelope_mib": size / 1024 / 1024,
            "status": outcome.http_status,
            "start_hwm_mib": hwm,
            "start_rss_mib": rss,
            "stages": marks.rows,
        }
    finally:
        await ctx.close()


if __name__ == "__main__":
    root, bits, envelope_file, data = sys.argv[1:5]
    source: bytes | Path = Path(envelope_file)
    if sys.argv[5:6] == ["whole"]:
        source = Path(envelope_file).read_bytes()
    pin_mmap_threshold()  # as `serve` does: the stages as the served gateway has them
    result = asyncio.run(run(BenchPki(Path(root), int(bits)), source, Path(data)))
    print(json.dumps(result))
