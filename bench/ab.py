"""Before and after a change, in one run: ``python -m bench.ab REV [--rounds 4]``.

The 5 KiB pipeline (RSA-2048) of commit REV (checked out in a temporary git
worktree) and of the working tree, measured alternately, each in a fresh
process with its own PKI and store, ``--rounds`` times. The machines these
figures come from are shared and change speed within minutes; alternating
puts both sides under the same conditions, and the table gives each side's
median and every round, so a reader can tell a change of the code from a
change of the machine. Each tree's own ``bench.pipeline`` does the measuring.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

MEASURE = """
import json, sys, tempfile
from pathlib import Path
from bench.fixtures import make_pki
from bench.pipeline import measure
root = Path(tempfile.mkdtemp(prefix="meerzorg-ab-"))
r = measure(make_pki(root / "pki", 2048), root / "data", {"5KiB": (5120, int(sys.argv[1]))})
print(json.dumps(r["5KiB"]))
"""


def measure(tree: Path, messages: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(messages)],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@contextmanager
def checked_out(rev: str, where: Path) -> Iterator[Path]:
    """Commit ``rev`` in a temporary git worktree at ``where``, removed afterwards."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-q", str(where), rev], cwd=REPO, check=True
    )
    try:
        yield where
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=REPO, check=False)


def alternately(sides: dict[str, Path], rounds: int) -> Iterator[tuple[int, str, Path]]:
    """(round, name, tree): each side once per round, the order reversed every other round,
    so that neither side always runs first on a machine whose speed drifts."""
    for round_no in range(rounds):
        order = list(sides.items())
        if round_no % 2:
            order.reverse()
        for name, tree in order:
            yield round_no, name, tree


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__)
    parser.add_argument("rev", help="the commit to compare the working tree with")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--messages", type=int, default=400)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="meerzorg-ab-") as tmp,
        checked_out(args.rev, Path(tmp) / "before") as before,
    ):
        sides = {args.rev: before, "working tree": REPO}
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
        for round_no, name, tree in alternately(sides, args.rounds):
            r = measure(tree, args.messages)
            runs[name].append(r)
            print(f"round {round_no + 1} {name}: {r['mean_ms']:.2f} ms/msg", flush=True)
    print()
    print(table(runs, args.messages))
    return 0


def table(runs: dict[str, list[dict[str, Any]]], messages: int) -> str:
    stages = sorted({s for rs in runs.values() for r in rs for s in r["stages_ms"]})
    lines = [
        f"5 KiB pipeline, RSA-2048, {messages} messages per round; medians of the rounds, ms/msg",
        "",
        "| tree | mean | rounds | CPU | " + " | ".join(stages) + " |",
        "|---|---|---|---|" + "---|" * len(stages),
    ]
    for name, rs in runs.items():
        mean = statistics.median(r["mean_ms"] for r in rs)
        cpu = statistics.median(r["cpu_ms"] for r in rs)
        each = ", ".join(f"{r['mean_ms']:.2f}" for r in rs)
        cells = " | ".join(
            f"{statistics.median(r['stages_ms'].get(s, 0.0) for r in rs):.3f}" for s in stages
        )
        lines.append(f"| {name} | **{mean:.2f}** | {each} | {cpu:.2f} | {cells} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
