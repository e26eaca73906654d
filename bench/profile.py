"""Profiles with py-spy (sampling, all threads, native frames off): where the time goes
beyond the crypto floor, in the pipeline alone and in the served gateway under load."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.fixtures import REPO, BenchPki
from bench.server import start_gateway

RATE = 500  # samples per second
# Frames that only carry the work (threads, event loop, entry points): left out of the
# inclusive list so that it names the gateway's and its libraries' functions.
GENERIC = (
    "threading.py",
    "futures/",
    "asyncio/",
    "<frozen",
    "selectors.py",
    "bench/",
    "gateway/cli/",
    "gateway/runtime.py",
    "gateway/__main__.py",
    "contextlib.py",
)


def py_spy() -> str | None:
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return found if Path(found).exists() else None


def _frame(raw: str) -> str:
    """``function (path/to/module.py:LINE)`` -> ``module.py:function``, line dropped."""
    name, _, where = raw.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    parts = Path(path).parts
    for anchor in ("site-packages", "lib"):
        if anchor in parts:
            parts = parts[parts.index(anchor) + 1 :]
            break
    else:
        parts = parts[-2:]
    return f"{'/'.join(parts)}:{name}"


def top_entries(collapsed: Path, n: int = 15) -> dict[str, Any]:
    """Self and inclusive sample shares per function from py-spy's raw (collapsed) output."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame(f) for f in stack.split(";") if "(" in f]
        if not frames:
            continue
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            if not any(g in frame for g in GENERIC):
                inclusive[frame] += count
    share = (lambda c: round(100 * c / total, 1)) if total else (lambda c: 0.0)
    return {
        "samples": total,
        "self_pct": [(f, share(c)) for f, c in own.most_common(n)],
        "inclusive_pct": [(f, share(c)) for f, c in inclusive.most_common(n)],
    }


def _record(pid: int, out: Path) -> subprocess.Popen[bytes]:
    spy = py_spy()
    assert spy is not None
    command = [
        spy,
        "record",
        "--pid",
        str(pid),
        "--rate",
        str(RATE),
        "--format",
        "raw",
        "--nonblocking",
        "--output",
        str(out),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.0)  # py-spy attaches
    return process


def _finish(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def profile_pipeline(pki: BenchPki, work: Path, payload: int, count: int) -> dict[str, Any]:
    """py-spy on a process that only runs the in-process pipeline (bench.pipeline main)."""
    out = work / "profile-pipeline.txt"
    data = work / "data-profile-pipeline"
    runner = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.pipeline",
            str(pki.root),
            str(pki.rsa_bits),
            str(payload),
            str(count),
            str(data),
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert runner.stdout is not None
    assert runner.stdin is not None
    runner.stdout.readline()  # "ready": envelopes built
    spy = _record(runner.pid, out)
    runner.stdin.write("\n")
    runner.stdin.flush()
    runner.wait(timeout=600)
    _finish(spy)
    return top_entries(out) if out.exists() else {"error": "py-spy wrote nothing"}


def profile_served(
    pki: BenchPki, work: Path, payload: int, count: int, concurrency: int
) -> dict[str, Any]:
    """py-spy on a ``serve`` process while the load generator posts at ``concurrency``."""
    out = work / "profile-serve.txt"
    data = work / "data-profile-serve"
    served = start_gateway(pki.write_config(data), data, work, "profile")
    try:
        spec = {
            "pki": str(pki.root),
            "rsa_bits": pki.rsa_bits,
            "payload_bytes": payload,
            "gateway_url": served.url,
            "gateway_pid": served.pid,
            "levels": [[concurrency, count]],
            "echo_url": None,
            "half_load_seconds": 0,
            "poll": None,
        }
        spec_file = work / "profile-spec.json"
        spec_file.write_text(json.dumps(spec))
        # Envelopes are built by the generator before it sends; attach py-spy right away,
        # the idle server costs no samples (py-spy skips idle threads by default).
        spy = _record(served.pid, out)
        subprocess.run(
            [sys.executable, "-m", "bench.loadgen", str(spec_file), str(work / "profile-e2e.json")],
            cwd=REPO,
            check=True,
            timeout=600,
        )
        _finish(spy)
    finally:
        served.stop()
    result = top_entries(out) if out.exists() else {"error": "py-spy wrote nothing"}
    load = json.loads((work / "profile-e2e.json").read_text())
    result["load"] = load["gateway"][0]
    return result
