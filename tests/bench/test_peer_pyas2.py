"""The pyas2-lib peer's wiring (issue 14): `peer_pyas2_ms` and `pyas2_over_pipeline` are
computed from both readings, judged like the other targets and rendered in latest.md.

No figure is judged here (speed is measured by `make bench`, never asserted in tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import peer_pyas2, report
from bench.run import summarize
from tests.conftest import in_ci


def reading(mean_ms: float) -> dict[str, Any]:
    """One reading as bench/peer_pyas2.py's process reports it."""
    return {
        "python": "/x/.venv-peer/bin/python",
        "pyas2lib": "1.4.4",
        "oscrypto": "1.3.0",
        "oscrypto_workaround": None,
        "message_bytes": 8683,
        "payload_bytes": 5117,
        "mdn_bytes": 3376,
        "mdn_status": "processed",
        "enc_alg": "aes_256_cbc",
        "digest_alg": "sha256",
        "key_encryption": "rsaes_pkcs1v15",
        "signature": "rsassa_pkcs1v15",
        "rsa_bits": 2048,
        "messages": 200,
        "mean_ms": mean_ms,
        "p50_ms": mean_ms,
        "p99_ms": mean_ms * 1.5,
        "cpu_ms": mean_ms,
        "statuses": {"processed": 200},
    }


def run_result(peer: dict[str, Any]) -> dict[str, Any]:
    """The smallest per-key-size result `summarize` reads: pipeline 2 and 4 ms (mean 3)."""
    return {
        "floor": {"5KiB": {"total_ms": 0.5}},
        "pipeline": {"5KiB": {"mean_ms": 2.0, "cpu_ms": 2.0}},
        "again": {"floor": {"total_ms": 0.5}, "pipeline": {"mean_ms": 4.0}},
        "e2e": {
            "gateway": [{"concurrency": 16, "per_s": 300.0}],
            "echo": [{"concurrency": 16, "per_s": 3000.0}],
            "half_load": {"p99_ms": 10.0},
        },
        "e2e_workers_2": {"gateway": [{"concurrency": 16, "per_s": 500.0}]},
        "peer_pyas2": peer,
    }


def test_both_readings_make_the_peer_figures_against_the_pipeline_mean() -> None:
    summary = summarize(run_result({"before": reading(14.0), "after": reading(16.0)}))
    assert summary["peer_pyas2_ms"] == pytest.approx(15.0)
    assert summary["pyas2_over_pipeline"] == pytest.approx(5.0)
    assert summary["drift"]["peer_pyas2_ms"] == [14.0, 16.0]
    assert summary["drift"]["pipeline_ms"] == [2.0, 4.0]  # unchanged by the peer


def test_without_pyas2lib_the_figures_are_none_and_the_target_not_judged() -> None:
    missing = {"error": "pyas2-lib not installed"}
    summary = summarize(run_result({"before": missing, "after": missing}))
    assert summary["peer_pyas2_ms"] is None
    assert summary["pyas2_over_pipeline"] is None
    assert "peer_pyas2_ms" not in summary["drift"]
    target = report.judge(summary)["pyas2_over_pipeline"]
    assert target["met"] is None
    assert report._peer_lines(run_result({"before": missing})["peer_pyas2"]) == [
        "",
        "pyas2-lib peer: not measured (pyas2-lib not installed).",
    ]


@pytest.mark.parametrize(("ratio", "met"), [(5.0, True), (7.5, True), (4.99, False)])
def test_the_target_is_at_least_5(ratio: float, met: bool) -> None:
    target = report.judge({"pyas2_over_pipeline": ratio})["pyas2_over_pipeline"]
    assert target["met"] is met
    assert target["target"] == ">= 5.0"
    assert target["what"] == "pyas2-lib receive at least 5 x the pipeline"


def test_latest_md_shows_the_target_the_figures_the_drift_and_the_readings() -> None:
    r = run_result({"before": reading(14.0), "after": reading(16.0)})
    r["summary"] = summarize(r)
    results = {"by_keysize": {"2048": r}, **r["summary"]}
    results["targets"] = report.judge(results)
    assert results["targets"]["pyas2_over_pipeline"]["met"] is True
    drift = "\n".join(report._drift_lines(results, ["2048"]))
    assert "pyas2-lib just before the first / just after the second" in drift
    assert "14.00 / 16.00 ms (pyas2-lib / pipeline 7.00 / 4.00)" in drift
    peer = "\n".join(report._peer_lines(r["peer_pyas2"]))
    assert "pyas2-lib 1.4.4 receiving a signed (rsassa_pkcs1v15, sha256)" in peer
    assert "aes_256_cbc" in peer
    assert "| before | 200 | 14.00 |" in peer
    assert "| after | 200 | 16.00 |" in peer


@pytest.mark.timeout(300)
def test_the_peer_round_trips_and_times_in_its_own_process(tmp_path: Path) -> None:
    """A real run of pyas2-lib in its own venv (`make test` and `make bench` make .venv-peer);
    in CI a missing peer fails, elsewhere it skips."""
    if peer_pyas2.peer_python() is None:
        if in_ci():
            pytest.fail("pyas2-lib is required in CI: `make test` makes .venv-peer")
        pytest.skip("pyas2-lib not installed: `make peer` makes .venv-peer")
    from bench.fixtures import SIZES, make_pki, payload_of_size

    result = peer_pyas2.measure(make_pki(tmp_path / "pki", 2048), SIZES["5KiB"], 2)
    assert "error" not in result, result.get("error")
    assert result["statuses"] == {"processed": 2}
    assert result["mdn_status"] == "processed"
    assert (result["enc_alg"], result["digest_alg"]) == ("aes_256_cbc", "sha256")
    assert result["payload_bytes"] == len(payload_of_size(SIZES["5KiB"]))
    assert result["mean_ms"] > 0


def test_a_missing_peer_python_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.fixtures import BenchPki

    monkeypatch.setenv("BENCH_PEER_PYTHON", str(tmp_path / "no-such-python"))
    (tmp_path / "as2").mkdir()
    (tmp_path / "as2" / "mdn-sign.crt").write_text("not read: the process never starts")
    result = peer_pyas2.measure(BenchPki(tmp_path, 2048), 5 * 1024, 2)
    assert set(result) == {"error"}
    assert "no-such-python" in result["error"]
