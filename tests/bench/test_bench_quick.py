"""`python -m bench --quick` keeps working and keeps its contract (issue 6).

No figure is judged here: speed is measured by `make bench`, never asserted in
tests. This only proves that every part runs end to end on a fresh checkout and
that `latest.json` holds the keys dashboards and reviews read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KEYS = (
    "floor_ms",
    "pipeline_ms",
    "pipeline_over_floor",
    "e2e_msgs_per_s",
    "echo_req_per_s",
    "e2e_over_pipeline",
    "p99_ms_half_load",
    "rss_ratio_20mib",
    "idle_1000_rss_mib",
    "iwlz",
    "machine",
    "commit",
)


@pytest.mark.timeout(600)
def test_every_part_runs_and_latest_json_has_its_keys(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--no-profile", "--out", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((tmp_path / "latest.json").read_text())
    assert [k for k in KEYS if k not in results] == []
    assert results["mode"] == "quick"
    assert set(results["targets"]) >= {"pipeline_over_floor", "rss_ratio_20mib"}
    summary = results["by_keysize"]["2048"]["summary"]
    assert len(summary["drift"]["pipeline_ms"]) == 2
    assert summary["workers_2"]["e2e_msgs_per_s"] > 0
    # Every request of every part was answered without an error.
    gateway = results["by_keysize"]["2048"]["e2e"]["gateway"]
    assert all(level["errors"] == 0 for level in gateway)
    table = (tmp_path / "latest.md").read_text()
    assert "| target (5 KiB, RSA-2048) |" in table
