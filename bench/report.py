"""The machine, the commit, the headline figures against the targets, and the Markdown table."""

from __future__ import annotations

import math
import os
import platform
import ssl
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.fixtures import REPO

# Issue 6's targets, at 5 KiB with RSA-2048: (key, comparison, limit, description), with
# issue 14's limits where it set them (pipeline 3.0 x the floor, its moonshot still 2.0;
# 20 MiB peak 4 x its size).
TARGETS = (
    ("pipeline_over_floor", "<=", 3.0, "pipeline at most 3.0 x the crypto floor"),
    ("e2e_over_pipeline", ">=", 0.70, "end-to-end at least 70 % of the pipeline rate"),
    ("p99_ms_half_load", "<", 50.0, "p99 under 50 ms at half the maximum throughput"),
    ("rss_ratio_20mib", "<=", 4.0, "peak RSS for a 20 MiB message at most 4 x its size"),
    ("idle_1000_rss_mib", "<", 150.0, "1,000 idle connections under 150 MiB"),
    (
        "workers_2.e2e_over_pipeline_x2",
        ">=",
        0.70,
        "`serve --workers 2`: end-to-end at least 70 % of 2 x the pipeline rate "
        "(2 cores, shared with the load generator)",
    ),
    # Issue 14: the peer we can run side by side (bench/peer_pyas2.py; bench/README.md says
    # what each side does); n/a when pyas2-lib is not installed.
    (
        "pyas2_over_pipeline",
        ">=",
        5.0,
        "pyas2-lib receive at least 5 x the pipeline",
    ),
)


def lookup(figures: dict[str, Any], key: str) -> Any:
    """``figures[key]``; a dotted key reaches into nested dicts (``workers_2.e2e_...``)."""
    value: Any = figures
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def machine() -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        mem_kib = int(meminfo.read_text().split()[1])
    return {
        "cpu": model,
        "nproc": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "openssl": ssl.OPENSSL_VERSION,
        "cryptography": version("cryptography"),
        "aiohttp": version("aiohttp"),
        "lxml": version("lxml"),
        "signxml": version("signxml"),
    }


def commit() -> str:
    """``git rev-parse --short HEAD``, with ``+dirty`` when the work tree has changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def judge(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target with its measured value and whether it is met (never an exit status)."""
    result = {}
    for key, op, limit, text in TARGETS:
        value = lookup(figures, key)
        met = None
        if isinstance(value, int | float) and not math.isnan(value):
            met = value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit
        result[key] = {"target": f"{op} {limit}", "value": value, "met": met, "what": text}
    return result


def _f(value: Any, digits: int = 2) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:,.{digits}f}"
    return "n/a" if value is None else str(value)


def markdown(results: dict[str, Any]) -> str:
    """The figures as Markdown tables (also what bench/README.md quotes)."""
    lines = [
        f"Commit `{results['commit']}`, {results['machine']['cpu']}, "
        f"{results['machine']['nproc']} cores, Python {results['machine']['python']}, "
        f"{results['machine']['openssl']}; mode {results['mode']}; "
        f"{results['workers']} gateway process"
        + (", and `serve --workers 2` side by side." if results.get("workers_2") else "."),
        "",
        "| target (5 KiB, RSA-2048) | measured | target | met |",
        "|---|---|---|---|",
    ]
    for key, t in results["targets"].items():
        met = {True: "yes", False: "**no**", None: "n/a"}[t["met"]]
        lines.append(f"| {t['what']} (`{key}`) | {_f(t['value'])} | {t['target']} | {met} |")
    sizes = list(results["by_keysize"])
    lines += [
        "",
        "| figure | " + " | ".join(f"RSA-{k}" for k in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    rows = [
        ("crypto floor, ms/msg (5 KiB)", "floor_ms"),
        ("pipeline, ms/msg (5 KiB, mean)", "pipeline_ms"),
        ("pipeline / floor", "pipeline_over_floor"),
        ("pyas2-lib receive + signed MDN, ms/msg (5 KiB, mean)", "peer_pyas2_ms"),
        ("pyas2-lib / pipeline", "pyas2_over_pipeline"),
        ("pipeline CPU (all threads), ms/msg", "pipeline_cpu_ms"),
        ("one durable SQLite commit, ms (not in the floor)", "sqlite_commit_ms"),
        ("pipeline rate, msg/s", "pipeline_msgs_per_s"),
        ("end-to-end, msg/s (best concurrency)", "e2e_msgs_per_s"),
        ("echo ceiling, req/s (best concurrency)", "echo_req_per_s"),
        ("end-to-end / pipeline rate", "e2e_over_pipeline"),
        ("end-to-end / echo", "e2e_over_echo"),
        ("p99 at half load, ms", "p99_ms_half_load"),
        ("end-to-end, `serve --workers 2`, msg/s (best concurrency)", "workers_2.e2e_msgs_per_s"),
        ("end-to-end, 2 workers / 1 process", "workers_2.e2e_2_over_1"),
        ("end-to-end, 2 workers / (2 x pipeline rate)", "workers_2.e2e_over_pipeline_x2"),
    ]
    for title, key in rows:
        cells = " | ".join(_f(lookup(results["by_keysize"][k]["summary"], key)) for k in sizes)
        lines.append(f"| {title} | {cells} |")
    lines += _drift_lines(results, sizes)
    for bits in sizes:
        lines += _keysize_tables(bits, results["by_keysize"][bits], results["machine"]["nproc"])
    if results.get("memory"):
        lines += _memory_table(results["memory"])
    if results.get("iwlz"):
        from bench.iwlz import markdown as iwlz_markdown

        lines += iwlz_markdown(results["iwlz"])
    return "\n".join(lines) + "\n"


def _drift_lines(results: dict[str, Any], sizes: list[str]) -> list[str]:
    """The 5 KiB floor and pipeline before and after the end-to-end runs (machine drift)."""
    lines = [""]
    for bits in sizes:
        drift = results["by_keysize"][bits]["summary"].get("drift")
        if not drift:
            continue
        f0, f1 = drift["floor_ms"]
        p0, p1 = drift["pipeline_ms"]
        lines.append(
            f"RSA-{bits}, 5 KiB, before / after the end-to-end runs (the ratios use the mean): "
            f"floor {f0:.3f} / {f1:.3f} ms, pipeline {p0:.2f} / {p1:.2f} ms "
            f"(pipeline / floor {p0 / f0:.2f} / {p1 / f1:.2f})."
        )
        if drift.get("peer_pyas2_ms"):
            a0, a1 = drift["peer_pyas2_ms"]
            lines.append(
                f"RSA-{bits}, 5 KiB, pyas2-lib just before the first / just after the second "
                f"pipeline reading: {a0:.2f} / {a1:.2f} ms (pyas2-lib / pipeline "
                f"{a0 / p0:.2f} / {a1 / p1:.2f})."
            )
    return lines


def _keysize_tables(bits: str, r: dict[str, Any], nproc: int) -> list[str]:
    lines = [
        "",
        f"### RSA-{bits}",
        "",
        "Crypto floor per message (ms, mean of a tight loop):",
        "",
        "| payload | total | unwrap | AES-GCM dec | SHA-256 | RSA verify | ECDSA sign | wrap+enc |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, f in r["floor"].items():
        lines.append(
            f"| {name} | {_f(f['total_ms'], 3)} | {_f(f['rsa_oaep_unwrap_ms'], 3)} | "
            f"{_f(f['aes_gcm_decrypt_ms'], 3)} | {_f(f['sha256_digests_ms'], 3)} | "
            f"{_f(f['rsa_verify_ms'], 3)} | {_f(f['ecdsa_p256_sign_ms'], 3)} | "
            f"{_f(f['rsa_oaep_wrap_aes_gcm_encrypt_ms'], 3)} |"
        )
    stages = ("parse", "decrypt", "verify", "validate", "encrypt", "receipt", "store")
    lines += [
        "",
        "Pipeline (in-process `receive_message`), ms per message; stages are means:",
        "",
        "| payload | envelope | msgs | mean | p50 | p99 | CPU | / floor | "
        + " | ".join(stages)
        + " |",
        "|---|---|---|---|---|---|---|---|" + "---|" * len(stages),
    ]
    for name, p in r["pipeline"].items():
        floor = r["floor"][name]["total_ms"]
        st = " | ".join(_f(p["stages_ms"].get(s), 3) for s in stages)
        lines.append(
            f"| {name} | {p['envelope_bytes']:,} B | {p['messages']} | {_f(p['mean_ms'])} | "
            f"{_f(p['p50_ms'])} | {_f(p['p99_ms'])} | {_f(p['cpu_ms'])} | "
            f"{_f(p['mean_ms'] / floor)} | {st} |"
        )
    lines += _peer_lines(r.get("peer_pyas2"))
    e2e = r.get("e2e")
    if e2e:
        lines += [
            "",
            "End to end over mutual TLS, keep-alive, 5 KiB, 1 gateway process "
            "(load generator in its own process):",
            "",
            "| server | concurrency | requests | errors | req/s | p50 ms | p99 ms "
            "| server CPU ms/msg |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for who in ("gateway", "echo"):
            for x in e2e[who]:
                lines.append(
                    f"| {who} | {x['concurrency']} | {x['requests']} | {x['errors']} | "
                    f"{_f(x['per_s'], 1)} | {_f(x['p50_ms'])} | {_f(x['p99_ms'])} | "
                    f"{_f(x.get('server_cpu_ms_per_msg'))} |"
                )
        lines += _workers_table(r, nproc)
        h = e2e["half_load"]
        lines += [
            "",
            f"Open loop at half the best throughput ({_f(h['target_per_s'], 1)}/s "
            f"for {_f(h['seconds'], 1)} s): achieved {_f(h['per_s'], 1)}/s, "
            f"p50 {_f(h['p50_ms'])} ms, p99 {_f(h['p99_ms'])} ms, "
            f"{h['errors']} errors.",
        ]
        poll = e2e.get("poll")
        if poll:
            lines += [
                "",
                f"Poll side as a zorgkantoor (concurrency {poll['concurrency']}):",
                "",
                "| operation | requests | errors | per s | p50 ms | p99 ms |",
                "|---|---|---|---|---|---|",
            ]
            for op in ("list", "download", "acknowledge"):
                x = poll[op]
                lines.append(
                    f"| {op} | {x['requests']} | {x['errors']} | {_f(x['per_s'], 1)} | "
                    f"{_f(x['p50_ms'])} | {_f(x['p99_ms'])} |"
                )
    return lines


def _peer_lines(peer: dict[str, Any] | None) -> list[str]:
    """pyas2-lib's receive side, its two readings (bench/peer_pyas2.py)."""
    if not peer:
        return []
    errors = [x["error"] for x in peer.values() if "error" in x]
    if errors:
        return ["", f"pyas2-lib peer: not measured ({errors[0]})."]
    first = next(iter(peer.values()))
    lines = [
        "",
        f"pyas2-lib {first['pyas2lib']} receiving a signed ({first['signature']}, "
        f"{first['digest_alg']}), encrypted ({first['enc_alg']}, key transport "
        f"{first['key_encryption']}) AS2 message of {first['message_bytes']:,} B "
        f"({first['payload_bytes']:,} B payload) and building the signed MDN "
        f"({first['mdn_bytes']:,} B), RSA-{first['rsa_bits']}, a fresh process each reading:",
        "",
        "| reading | msgs | mean ms | p50 ms | p99 ms | CPU ms | statuses |",
        "|---|---|---|---|---|---|---|",
    ]
    for when, x in peer.items():
        lines.append(
            f"| {when} | {x['messages']} | {_f(x['mean_ms'])} | {_f(x['p50_ms'])} | "
            f"{_f(x['p99_ms'])} | {_f(x['cpu_ms'])} | {x['statuses']} |"
        )
    if first.get("oscrypto_workaround"):
        lines += ["", f"Workaround: {first['oscrypto_workaround']}."]
    return lines


def _workers_table(r: dict[str, Any], nproc: int) -> list[str]:
    """1 process and ``serve --workers 2`` side by side, per concurrency."""
    w2 = r["summary"].get("workers_2")
    if not w2:
        return []
    one = {x["concurrency"]: x for x in r["e2e"]["gateway"]}
    lines = [
        "",
        "End to end with 1 and 2 gateway processes (`serve --workers 2`: a supervisor and "
        "2 workers sharing the port with SO_REUSEPORT; the same envelopes, each run on an "
        "empty store; CPU in cores busy during the run: the gateway's summed over all its "
        "processes, the load generator's own, and the rest of the machine's, which is 0 "
        "when nothing else runs):",
        "",
        "| concurrency | req/s 1 | req/s 2 | 2 / 1 | p50 ms 1 | p50 ms 2 | p99 ms 1 | p99 ms 2 "
        "| errors 1 | errors 2 | gateway CPU 1 / 2 | load generator CPU 1 / 2 "
        "| other CPU 1 / 2 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for x in w2["levels"]:
        b = one.get(x["concurrency"], {})
        lines.append(
            f"| {x['concurrency']} | {_f(b.get('per_s'), 1)} | {_f(x['per_s'], 1)} | "
            f"{_f(x['over_1_worker'])} | {_f(b.get('p50_ms'))} | {_f(x['p50_ms'])} | "
            f"{_f(b.get('p99_ms'))} | {_f(x['p99_ms'])} | {b.get('errors', 'n/a')} | "
            f"{x['errors']} | {_f(b.get('server_cpu_cores'))} / {_f(x['server_cpu_cores'])} | "
            f"{_f(b.get('client_cpu_cores'))} / {_f(x['client_cpu_cores'])} | "
            f"{_f(b.get('other_cpu_cores'))} / {_f(x.get('other_cpu_cores'))} |"
        )
    pipeline_rate = r["summary"]["pipeline_msgs_per_s"]
    best = max(w2["levels"], key=lambda x: x["per_s"])
    used = [best.get(k) for k in ("server_cpu_cores", "client_cpu_cores", "other_cpu_cores")]
    idle = (
        nproc - sum(used)
        if all(isinstance(u, float) and not math.isnan(u) for u in used)
        else float("nan")
    )
    lines += [
        "",
        f"Best: 1 process {_f(r['summary']['e2e_msgs_per_s'], 1)} msg/s, 2 workers "
        f"{_f(w2['e2e_msgs_per_s'], 1)} msg/s ({_f(w2['e2e_2_over_1'])} x); against "
        f"2 x the pipeline rate ({_f(2 * pipeline_rate, 1)} msg/s): "
        f"{_f(w2['e2e_over_pipeline_x2'])}. The machine has {nproc} cores, shared by the "
        "workers, the supervisor and the load generator, which itself needs CPU: 2 "
        "workers never have 2 cores to themselves here. At the 2 workers' best level "
        f"(c={best['concurrency']}) {_f(max(0.0, idle))} cores stayed idle.",
    ]
    return lines


def _memory_table(m: dict[str, Any]) -> list[str]:
    big, idle = m["large_message"], m["idle"]
    return [
        "",
        "### Memory (a fresh `serve` process each)",
        "",
        "| figure | value |",
        "|---|---|",
        f"| largest envelope under the body limit | {big['envelope_bytes']:,} B "
        f"({_f(big['envelope_mib'])} MiB), HTTP {big['status']}, {_f(big['seconds'])} s |",
        f"| RSS before (warm, idle) | {_f(big['rss_before_mib'], 1)} MiB |",
        f"| peak RSS (VmHWM) | {_f(big['peak_rss_mib'], 1)} MiB |",
        f"| peak RSS / envelope size | {_f(big['ratio'])} |",
        f"| (peak - RSS before) / envelope size | {_f(big['ratio_over_baseline'])} |",
        f"| in-process pipeline alone (fresh process): RSS at start / peak after "
        f"each stage | {_f(big['by_stage']['start_rss_mib'], 1)} MiB / "
        + ", ".join(f"{s['stage']} {s['hwm_mib']:.0f}" for s in big["by_stage"]["stages"])
        + " MiB |",
        f"| RSS with {idle['opened']} idle mutual-TLS connections ({idle['failed']} failed) "
        f"| {_f(idle['rss_mib'], 1)} MiB (before: {_f(idle['rss_before_mib'], 1)} MiB, "
        f"{_f(idle['kib_per_connection'], 1)} KiB per connection) |",
    ]
