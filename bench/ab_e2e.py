"""End to end, before and after a change, in one run: ``python -m bench.ab_e2e REV``.

``bench.ab`` compares the in-process pipeline, one message at a time; what a
change such as group commit buys shows only with many messages in flight. This
runs a real ``serve`` process of commit REV (a temporary git worktree) and of the
working tree, alternately, each on an empty SQLite store with the same PKI, and
posts the very same pre-built 5 KiB envelopes (RSA-2048) over mutual TLS with the
benchmark's load generator (``bench/loadgen.py``, a closed loop) at each
``--concurrency``, ``--rounds`` times. Reported per tree: the medians of the
rounds' messages per second, p50 and p99, and the gateway's CPU per message.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from bench.ab import REPO, alternately, checked_out
from bench.fixtures import SIZES, BenchPki, make_pki
from bench.server import start_gateway


def one_run(
    tree: Path, pki: BenchPki, work: Path, name: str, levels: list[tuple[int, int]]
) -> list[dict[str, Any]]:
    data = work / f"data-{name}"
    served = start_gateway(pki.write_config(data), data, work, name, code=tree)
    try:
        spec = {
            "pki": str(pki.root),
            "rsa_bits": pki.rsa_bits,
            "payload_bytes": SIZES["5KiB"],
            "gateway_url": served.url,
            "gateway_pid": served.pid,
            "gateway_pids": served.pids(),
            "envelopes_file": str(work / "envelopes.bin"),
            "levels": levels,
        }
        spec_file, out_file = work / f"{name}.json", work / f"{name}-out.json"
        spec_file.write_text(json.dumps(spec))
        subprocess.run(
            [sys.executable, "-m", "bench.loadgen", str(spec_file), str(out_file)],
            cwd=REPO,
            check=True,
            timeout=900,
        )
        result: list[dict[str, Any]] = json.loads(out_file.read_text())["gateway"]
        ops_port = int((work / f"{name}.port").read_text().split()[1])
        writes_per_commit = commit_sharing(ops_port)
        for level in result:
            level["writes_per_commit"] = writes_per_commit
    finally:
        served.stop()
    return result


def commit_sharing(ops_port: int) -> dict[str, float]:
    """Writes per durable commit over the whole run, per store, from the gateway's own
    counters (``meerzorg_gateway_store_commits_total``; a tree without them: empty)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{ops_port}/metrics", timeout=10) as resp:
        text = resp.read().decode()
    counts: dict[tuple[str, str], float] = {}
    for line in text.splitlines():
        for kind in ("commits", "committed_writes"):
            prefix = f'meerzorg_gateway_store_{kind}_total{{store="'
            if line.startswith(prefix):
                store, _, value = line[len(prefix) :].partition('"} ')
                counts[(kind, store)] = float(value)
    return {
        store: counts[("committed_writes", store)] / counts[("commits", store)]
        for kind, store in counts
        if kind == "commits" and counts[("commits", store)]
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ab_e2e", description=__doc__)
    parser.add_argument("rev", help="the commit to compare the working tree with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, action="append", default=None)
    parser.add_argument("--messages", type=int, default=600, help="per concurrency level")
    args = parser.parse_args()
    concurrency = args.concurrency or [16]
    levels = [(c, args.messages) for c in concurrency]
    with (
        tempfile.TemporaryDirectory(prefix="meerzorg-ab-e2e-") as tmp,
        checked_out(args.rev, Path(tmp) / "before") as before,
    ):
        work = Path(tmp)
        pki = make_pki(work / "pki", 2048)
        # The first run's load generator builds the envelopes and saves them; every
        # later run posts the very same ones (bench.loadgen.prebuilt).
        sides = {args.rev: before, "working tree": REPO}
        runs: dict[str, list[list[dict[str, Any]]]] = {name: [] for name in sides}
        for round_no, name, tree in alternately(sides, args.rounds):
            tag = "before" if tree == before else "after"
            r = one_run(tree, pki, work, f"{tag}-{round_no}", levels)
            runs[name].append(r)
            each = ", ".join(f"c={x['concurrency']} {x['per_s']:.1f}/s" for x in r)
            print(f"round {round_no + 1} {name}: {each}", flush=True)
    print()
    print(table(runs, concurrency, args.messages))
    return 0


def table(runs: dict[str, list[list[dict[str, Any]]]], concurrency: list[int], n: int) -> str:
    lines = [
        f"End to end, 1 `serve` process, 5 KiB, RSA-2048, {n} messages per level and round; "
        "medians of the rounds",
        "",
        "| tree | concurrency | msg/s | rounds | p50 ms | p99 ms | server CPU ms/msg "
        "| writes per commit (messages / audit) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, rounds in runs.items():
        for i, c in enumerate(concurrency):
            xs = [r[i] for r in rounds]
            per_s = statistics.median(x["per_s"] for x in xs)
            each = ", ".join(f"{x['per_s']:.1f}" for x in xs)
            p50 = statistics.median(x["p50_ms"] for x in xs)
            p99 = statistics.median(x["p99_ms"] for x in xs)
            cpu = [x["server_cpu_ms_per_msg"] for x in xs if x.get("server_cpu_ms_per_msg")]
            cpu_text = f"{statistics.median(cpu):.2f}" if cpu else "n/a"
            sharing = xs[-1].get("writes_per_commit") or {}
            shared = (
                f"{sharing.get('messages', 0):.1f} / {sharing.get('audit', 0):.1f}"
                if sharing
                else "n/a"
            )
            lines.append(
                f"| {name} | {c} | **{per_s:.1f}** | {each} | {p50:.1f} | {p99:.1f} "
                f"| {cpu_text} | {shared} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
