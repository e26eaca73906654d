"""Real gateway processes, a load of submissions, and the checks that prove nothing was lost.

Used by the crash, outage and worker tests: everything here talks to
``meerzorg-gateway serve`` processes over mutual TLS, as providers and
zorgkantoren do, and kills or stops real processes.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from pathlib import Path

import aiohttp

from gateway.client import GatewayClient, Identity
from gateway.devpki import DevPki, GatewayConfigSpec, render_gateway_toml
from tests.conftest import REPO, SCHEMAS
from tests.functional.helpers import PROVIDER, ZK, check_receipt, envelope_for, kop_for
from tests.serving import CLI


def write_config(
    pki: DevPki, name: str, data_dir: Path, *, dsn: str | None = None, schema: str = "public"
) -> Path:
    """A gateway.toml next to the PKI: SQLite in ``data_dir``, or PostgreSQL at ``dsn``."""
    store = (
        f'[store]\nbackend = "postgresql"\ndsn = "{dsn}"\nschema = "{schema}"\n'
        "connect_timeout_seconds = 2\ncommand_timeout_seconds = 5\n"
        if dsn
        else ""
    )
    # Load tests: the per-participant rate limits (tested elsewhere) would only add 429s.
    store += (
        "[limits]\nsubmissions_per_second = 100000\nsubmissions_burst = 100000\n"
        "requests_per_second = 100000\nrequests_burst = 100000\nconcurrent_requests = 256\n"
    )
    path = pki.root / f"{name}.toml"
    spec = dc_replace(
        GatewayConfigSpec(), port=0, ops_port=0, data_dir=str(data_dir), extra_toml=store
    )
    path.write_text(render_gateway_toml(spec))
    return path


def migrate(config: Path) -> None:
    result = subprocess.run(
        [*CLI, "migrate", "--config", str(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def identity(pki: DevPki, party: str) -> Identity:
    return Identity.from_party_dir(pki.root / party)


@dataclass
class Submission:
    """One pre-built envelope and what the gateway said about it."""

    traceer_id: str
    envelope: bytes
    valid: bool
    status: int | None = None  # the definitive answer: 202, 200 or 422
    receipt: bytes | None = None  # the receipt of the first definitive answer
    attempts: int = 0
    unknown: int = 0  # attempts that ended without an answer (killed, 503, reset)


def build_submissions(pki: DevPki, valid: int, invalid: int) -> list[Submission]:
    """Valid meerzorgplannen and rule-breaking ones (GW401), interleaved, each its own id."""
    good = (SCHEMAS / "meerzorgplan/1.0/examples/valid-individueel.xml").read_bytes()
    bad = (SCHEMAS / "meerzorgplan/1.0/examples/invalid-GW401-bsn-elfproef.xml").read_bytes()
    kinds = [True] * valid + [False] * invalid
    random.Random(len(kinds)).shuffle(kinds)
    out: list[Submission] = []
    for ok in kinds:
        envelope, kop = envelope_for(pki, good if ok else bad, kop=kop_for())
        out.append(Submission(kop.traceer_id, envelope, ok))
    return out


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    retry_after: str | None


async def post_once(session: aiohttp.ClientSession, url: str, body: bytes) -> Answer | None:
    """One POST on a fresh connection; None when no answer came (connection lost)."""
    try:
        async with session.post(
            f"{url}/v1/berichten",
            data=body,
            headers={"Content-Type": "application/xml"},
            timeout=aiohttp.ClientTimeout(total=30),
        ) as resp:
            return Answer(resp.status, await resp.read(), resp.headers.get("Retry-After"))
    except (TimeoutError, aiohttp.ClientError, OSError):
        return None


def session_for(pki: DevPki, party: str = PROVIDER) -> aiohttp.ClientSession:
    ctx = identity(pki, party).ssl_context()
    # force_close: every request on its own connection, so the kernel spreads them over
    # workers and a killed process costs only the requests it had in flight.
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ctx, force_close=True))


@dataclass
class LoadReport:
    answers: dict[int, int] = field(default_factory=dict)  # HTTP status -> count
    no_answer: int = 0
    retry_after_missing: int = 0
    slowest: float = 0.0
    # (sent, answered, status) per attempt, in time.monotonic() seconds
    events: list[tuple[float, float, int | None]] = field(default_factory=list)


async def submit_all(
    pki: DevPki,
    urls: list[str],
    submissions: list[Submission],
    *,
    concurrency: int = 8,
    stall_after: float = 60.0,
) -> LoadReport:
    """Send every submission until it has a definitive answer (202, 200 or 422).

    No answer or a 503 means "outcome unknown": the same bytes are sent again
    later, as a provider must; a 200 then carries the receipt of the first time.
    The load gives up only when no submission got a definitive answer for
    ``stall_after`` seconds: a gateway that stops making progress fails the
    test, a slow machine does not.
    """
    report = LoadReport()
    queue: asyncio.Queue[Submission] = asyncio.Queue()
    for s in submissions:
        queue.put_nowait(s)
    last_progress = time.monotonic()

    async def sender(n: int) -> None:
        nonlocal last_progress
        async with session_for(pki) as session:
            turn = n
            while time.monotonic() - last_progress < stall_after:
                try:
                    sub = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                turn += 1
                sub.attempts += 1
                started = time.monotonic()
                resp = await post_once(session, urls[turn % len(urls)], sub.envelope)
                report.slowest = max(report.slowest, time.monotonic() - started)
                report.events.append((started, time.monotonic(), resp.status if resp else None))
                if resp is None:
                    report.no_answer += 1
                else:
                    report.answers[resp.status] = report.answers.get(resp.status, 0) + 1
                if resp is not None and resp.status in (200, 202, 422):
                    if sub.status is None:
                        sub.status, sub.receipt = resp.status, resp.body
                    last_progress = time.monotonic()
                    continue
                if resp is not None:
                    assert resp.status in (429, 503), (resp.status, resp.body[:300])
                    if resp.retry_after is None:
                        report.retry_after_missing += 1
                sub.unknown += 1
                queue.put_nowait(sub)
                await asyncio.sleep(0.1)

    await asyncio.gather(*(sender(i) for i in range(concurrency)))
    undecided = [s.traceer_id for s in submissions if s.status is None]
    assert not undecided, (
        f"{len(undecided)} submissions never got an answer: no progress for {stall_after} s"
    )
    return report


async def inbox_ids(pki: DevPki, url: str) -> list[str]:
    """Every TraceerId in the zorgkantoor's inbox (v1 listing, pages of 250 until empty)."""
    async with GatewayClient(url, identity(pki, ZK)) as zk:
        resp = await zk.request("GET", "/v1/postvak?limit=250")
        assert resp.status == 200, resp.body
        return [m["traceerId"] for m in resp.json()["berichten"]]


async def prove_nothing_lost(
    pki: DevPki, urls: list[str], submissions: Iterable[Submission]
) -> None:
    """The crash-safety promise, checked from outside.

    Every message answered 202 (or 200 on a resubmission) is in the inbox exactly
    once; nothing rejected is; a resubmission of the same bytes gets 200 with
    the original receipt, byte for byte, from any process.
    """
    subs = list(submissions)
    accepted = {s.traceer_id for s in subs if s.status in (200, 202)}
    rejected = {s.traceer_id for s in subs if s.status == 422}
    assert all(s.valid for s in subs if s.traceer_id in accepted)
    assert all(not s.valid for s in subs if s.traceer_id in rejected)
    assert len(accepted) <= 250, "the check lists one page"
    for url in urls:
        listed = await inbox_ids(pki, url)
        assert len(listed) == len(set(listed)), "a message is listed twice"
        assert set(listed) == accepted, (
            f"missing: {sorted(accepted - set(listed))[:5]}, "
            f"unexpected: {sorted(set(listed) - accepted)[:5]}"
        )
    async with session_for(pki) as session:
        for i, sub in enumerate(s for s in subs if s.traceer_id in accepted):
            resp = await post_once(session, urls[i % len(urls)], sub.envelope)
            assert resp is not None, sub.traceer_id
            assert resp.status == 200, sub.traceer_id
            assert resp.body == sub.receipt, "a resubmission must get the original receipt"
            info = check_receipt(pki, resp.body, sub.envelope)
            assert info.traceer_id == sub.traceer_id
            assert info.status == "Geaccepteerd"
