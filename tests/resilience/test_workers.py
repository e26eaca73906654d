"""``serve --workers N``, several processes on one PostgreSQL, leases, and graceful shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.sqlite_store import MIGRATIONS
from gateway.client import GatewayClient
from gateway.devpki import DevPki
from tests.conftest import REPO
from tests.functional.helpers import ZK
from tests.postgres import PostgresSchema
from tests.resilience.harness import (
    build_submissions,
    identity,
    migrate,
    prove_nothing_lost,
    session_for,
    submit_all,
    write_config,
)
from tests.serving import CLI, GatewayProcess, free_port


def accepted_count(metrics_text: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if (
                sample.name == "meerzorg_gateway_messages_total"
                and sample.labels.get("outcome") == "received"
            ):
                total += sample.value
    return total


async def scrape(ops_port: int) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{ops_port}/metrics") as resp,
    ):
        assert resp.status == 200
        return await resp.text()


def gauge(metrics_text: str, name: str) -> float:
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if sample.name == name:
                return sample.value
    raise AssertionError(f"{name} not exported")


async def wait_for_requests_in_flight(ops_port: int, count: int) -> None:
    """Poll /metrics: another process's gauge has no event to wait on."""
    deadline = time.monotonic() + 30
    while gauge(await scrape(ops_port), "meerzorg_gateway_requests_in_flight") < count:
        assert time.monotonic() < deadline, f"never {count} request(s) in flight"
        await asyncio.sleep(0.05)


def log_events(gw: GatewayProcess, event: str) -> list[dict[str, object]]:
    lines = gw.log_file.read_text(errors="replace").splitlines()
    found = []
    for line in lines:
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("event") == event:
                found.append(entry)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
async def two_workers(fresh_pki: DevPki, tmp_path: Path) -> AsyncIterator[GatewayProcess]:
    config = write_config(fresh_pki, "workers", tmp_path / "data")
    migrate(config)
    gw = GatewayProcess(config, tmp_path, "workers", workers=2)
    gw.start()
    try:
        gw.wait_ready()
        yield gw
    finally:
        gw.stop()


async def test_two_workers_share_the_api_port_and_each_has_its_own_metrics(
    fresh_pki: DevPki, two_workers: GatewayProcess
):
    gw = two_workers
    assert len(gw.ops_ports) == 2
    assert len(set(gw.ops_ports)) == 2
    submissions = build_submissions(fresh_pki, 40, 0)
    await submit_all(fresh_pki, [gw.url], submissions)
    counts = [accepted_count(await scrape(port)) for port in gw.ops_ports]
    assert sum(counts) == 40, counts
    assert all(c > 0 for c in counts), f"one worker took every connection: {counts}"
    started = log_events(gw, "worker_started")
    assert sorted(e["worker"] for e in started) == [0, 1]
    # Every worker's request lines name it, so an operator can tell them apart.
    workers_in_request_lines = {e.get("worker") for e in log_events(gw, "request")}
    assert {0, 1} <= workers_in_request_lines
    await prove_nothing_lost(fresh_pki, [gw.url], submissions)


async def test_a_killed_worker_is_restarted_and_the_service_goes_on(
    fresh_pki: DevPki, two_workers: GatewayProcess
):
    gw = two_workers
    first = {e["worker"]: int(e["pid"]) for e in log_events(gw, "worker_started")}  # type: ignore[call-overload]
    os.kill(first[0], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        restarted = [e for e in log_events(gw, "worker_started") if e["worker"] == 0]
        if len(restarted) == 2:
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError(gw.tail())
    exited = log_events(gw, "worker_exited")
    assert exited[0]["worker"] == 0
    assert exited[0]["code"] == -signal.SIGKILL
    # The restarted worker serves on the same operations port.
    deadline = time.monotonic() + 30
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(f"http://127.0.0.1:{gw.ops_ports[0]}/readyz") as resp:
                    if resp.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            assert time.monotonic() < deadline, gw.tail()
            await asyncio.sleep(0.1)
    submissions = build_submissions(fresh_pki, 20, 0)
    await submit_all(fresh_pki, [gw.url], submissions)
    assert all(s.status == 202 for s in submissions)


async def test_sigterm_stops_the_supervisor_and_every_worker(two_workers: GatewayProcess):
    gw = two_workers
    pids = [int(e["pid"]) for e in log_events(gw, "worker_started")]  # type: ignore[call-overload]
    assert gw.terminate(timeout=40) == 0
    assert not any(alive(pid) for pid in pids)
    assert len(log_events(gw, "stopped")) == 2  # each worker closed its stores


async def test_a_worker_whose_supervisor_is_killed_stops_by_itself(two_workers: GatewayProcess):
    gw = two_workers
    pids = [int(e["pid"]) for e in log_events(gw, "worker_started")]  # type: ignore[call-overload]
    gw.kill()
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < deadline, "orphaned workers kept running"
        await asyncio.sleep(0.1)
    assert len(log_events(gw, "supervisor_gone")) == 2


async def test_leases_never_hand_one_message_to_two_pollers_in_two_processes(
    fresh_pki: DevPki, tmp_path: Path, pg_schema: PostgresSchema
):
    dsn, schema = pg_schema.dsn, pg_schema.schema
    config = write_config(fresh_pki, "leases", tmp_path / "data", dsn=dsn, schema=schema)
    migrate(config)
    processes = [GatewayProcess(config, tmp_path, f"lease-{i}") for i in range(2)]
    for p in processes:
        p.start()
    try:
        for p in processes:
            p.wait_ready()
        submissions = build_submissions(fresh_pki, 30, 0)
        await submit_all(fresh_pki, [p.url for p in processes], submissions)
        zk = identity(fresh_pki, ZK)

        async def poll(url: str) -> list[str]:
            async with GatewayClient(url, zk) as c:
                resp = await c.request("GET", "/v1/postvak?limit=10&lease=2")
                assert resp.status == 200, resp.body
                listed = resp.json()["berichten"]
                assert all("leaseTot" in m for m in listed)
                return [m["traceerId"] for m in listed]

        # Six pollers at once, three on each process: every message handed out once.
        results = await asyncio.gather(*(poll(processes[i % 2].url) for i in range(6)))
        handed_out = [t for r in results for t in r]
        assert len(handed_out) == len(set(handed_out)) == 30
        assert await poll(processes[0].url) == []  # all 30 are leased
        # The plain v1 listing still shows them all, in its own shape (no leaseTot).
        async with GatewayClient(processes[1].url, zk) as c:
            resp = await c.request("GET", "/v1/postvak")
            assert len(resp.json()["berichten"]) == 30
            assert not any("leaseTot" in m for m in resp.json()["berichten"])
            # Acknowledge the first poller's messages; the rest come back when leases end.
            for traceer_id in results[0]:
                assert (await c.request("DELETE", f"/v1/postvak/{traceer_id}")).status == 204
        await asyncio.sleep(2.2)
        again = await poll(processes[0].url) + await poll(processes[1].url)
        again += await poll(processes[0].url)
        assert sorted(again) == sorted(set(handed_out) - set(results[0]))
    finally:
        for p in processes:
            p.stop()


async def test_lease_must_be_a_sane_number_of_seconds(
    fresh_pki: DevPki, two_workers: GatewayProcess
):
    async with GatewayClient(two_workers.url, identity(fresh_pki, ZK)) as c:
        # "%C2%B2" is "²" and "%D9%A3" "٣": digits to str.isdigit(), not to int().
        for bad in ("0", "-5", "3601", "1.5", "abc", "", "%C2%B2", "%D9%A3", "9" * 5000):
            resp = await c.request("GET", f"/v1/postvak?lease={bad}")
            assert resp.status == 400, bad
            assert "lease" in resp.json()["omschrijving"]


async def open_idle_connection(
    gw: GatewayProcess, pki: DevPki
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A kept-alive mutual-TLS connection that has had one answer and now idles."""
    ctx = identity(pki, "agb-12345678").ssl_context()
    reader, writer = await asyncio.open_connection(
        "localhost", gw.port, ssl=ctx, server_hostname="localhost"
    )
    writer.write(b"GET /v1/deelnemer HTTP/1.1\r\nHost: localhost\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await reader.readexactly(length)
    return reader, writer


async def closed_by_the_server(reader: asyncio.StreamReader) -> bool:
    try:
        return await asyncio.wait_for(reader.read(), 20) == b""
    except (ConnectionError, ssl.SSLError):
        return True


async def readiness(ops_port: int) -> tuple[int, list[str]]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{ops_port}/readyz") as resp,
    ):
        return resp.status, (await resp.json())["problems"]


async def test_sigterm_finishes_the_request_in_flight_then_exits(fresh_pki: DevPki, tmp_path: Path):
    """Graceful shutdown: readiness turns false and the listener closes at once, an idle
    kept-alive connection is closed, the upload under way still gets its 202, then the
    process exits 0."""
    config = write_config(fresh_pki, "graceful", tmp_path / "data")
    migrate(config)
    gw = GatewayProcess(config, tmp_path, "graceful")
    gw.start()
    try:
        gw.wait_ready()
        [sub] = build_submissions(fresh_pki, 1, 0)
        half = len(sub.envelope) // 2
        release = asyncio.Event()
        sent_first_half = asyncio.Event()

        async def body() -> AsyncIterator[bytes]:
            yield sub.envelope[:half]
            sent_first_half.set()
            await release.wait()
            yield sub.envelope[half:]

        idle_reader, idle_writer = await open_idle_connection(gw, fresh_pki)
        assert await readiness(gw.ops_ports[0]) == (200, [])
        async with session_for(fresh_pki) as session:
            upload = asyncio.create_task(
                session.post(
                    f"{gw.url}/v1/berichten",
                    data=body(),
                    headers={
                        "Content-Type": "application/xml",
                        "Content-Length": str(len(sub.envelope)),
                    },
                )
            )
            await sent_first_half.wait()
            await wait_for_requests_in_flight(gw.ops_ports[0], 1)  # it reached the handler
            assert gw.process is not None
            gw.process.send_signal(signal.SIGTERM)
            # No new connections once stopping (the listener closes right after the log line).
            deadline = time.monotonic() + 30
            while not log_events(gw, "stopping"):
                assert time.monotonic() < deadline, "SIGTERM not acted on"
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)
            ctx: ssl.SSLContext = identity(fresh_pki, "agb-12345678").ssl_context()
            with pytest.raises((aiohttp.ClientError, OSError)):
                async with aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(ssl=ctx, force_close=True)
                ) as other:
                    await other.get(f"{gw.url}/v1/deelnemer")
            assert gw.process.poll() is None, "exited with a request in flight"
            status, problems = await readiness(gw.ops_ports[0])
            assert (status, problems[:1]) == (503, ["stopping"])  # balancers look elsewhere
            assert await closed_by_the_server(idle_reader), "an idle connection was kept"
            idle_writer.close()
            assert gw.process.poll() is None, "exited with a request in flight"
            release.set()
            resp = await upload
            assert resp.status == 202
            await resp.read()
        assert gw.process.wait(timeout=30) == 0
        assert log_events(gw, "stopped")
    except BaseException:
        print(gw.tail())
        raise
    finally:
        gw.stop()


def sighup_ignored(pid: int) -> bool:
    """Whether the process ignores SIGHUP now (/proc/PID/status, SigIgn bit 1)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGHUP - 1)))
    return False


async def test_a_sighup_while_the_gateway_starts_does_not_end_it(fresh_pki: DevPki, tmp_path: Path):
    """A reload hook or `kill -HUP` during a rollout, before the reload handler is in place."""
    with socket.socket() as blackhole:  # a database that accepts and never answers:
        blackhole.bind(("127.0.0.1", 0))  # the start waits on it for seconds
        blackhole.listen()
        dsn = f"postgresql://postgres@127.0.0.1:{blackhole.getsockname()[1]}/test"
        config = write_config(fresh_pki, "hup", tmp_path / "data", dsn=dsn)
        gw = GatewayProcess(config, tmp_path, "hup")
        gw.start()
        assert gw.process is not None
        deadline = time.monotonic() + 60
        while not sighup_ignored(gw.process.pid):  # serve() has begun: the start is under way
            assert gw.process.poll() is None, gw.tail()
            assert time.monotonic() < deadline, "never reached serve()"
            await asyncio.sleep(0.02)
        gw.process.send_signal(signal.SIGHUP)
        code = await asyncio.to_thread(gw.process.wait, 60)
    # It ran on until the database timed out, and said so: not ended by the signal.
    assert code == 1, gw.tail()
    assert "the store is unavailable" in gw.tail()


def serve_workers(config: Path, port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "serve", "--config", str(config), "--workers", "2", "--port", str(port)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_workers_refuse_a_port_that_another_deployment_holds(
    fresh_pki: DevPki, tmp_path: Path
):
    """SO_REUSEPORT would let them share it, and the kernel would split the traffic."""
    config = write_config(fresh_pki, "taken", tmp_path / "data")
    migrate(config)
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        result = serve_workers(config, other.getsockname()[1])
    assert result.returncode == 1, result.stderr
    assert "cannot start the gateway" in result.stderr
    assert "in use" in result.stderr
    assert "Traceback" not in result.stderr


async def test_workers_refuse_a_database_whose_schema_is_behind_with_exit_3(
    fresh_pki: DevPki, tmp_path: Path
):
    """As one process does (README, `migrate`): the exit status says what to do."""
    data = tmp_path / "data"
    config = write_config(fresh_pki, "behind", data)
    data.mkdir(exist_ok=True)
    with sqlite3.connect(data / "gateway.sqlite3") as conn:  # the gateway before leases
        for script in MIGRATIONS[:2]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version=2")
    result = serve_workers(config, free_port())
    assert result.returncode == 3, result.stderr
    assert "meerzorg-gateway migrate" in result.stderr


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_workers_stop_when_the_supervisor_dies_with_their_log_pipe(
    fresh_pki: DevPki, tmp_path: Path
):
    """`serve --workers 2 | logger`, and both killed: every log write of the workers now
    fails (EPIPE), and they must still notice that their supervisor is gone and stop,
    not keep serving on the port unwatched."""
    config = write_config(fresh_pki, "orphans", tmp_path / "data")
    migrate(config)
    port_file = tmp_path / "orphans.ports"
    command = [*CLI, "serve", "--config", str(config), "--workers", "2", "--port", "0"]
    command += ["--ops-port", "0", "--port-file", str(port_file)]
    supervisor = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while not (port_file.exists() and port_file.read_text().endswith("\n")):
            assert supervisor.poll() is None, "the supervisor exited at start"
            assert time.monotonic() < deadline, "never ready"
            time.sleep(0.05)
        workers = children_of(supervisor.pid)
        assert len(workers) == 2
        supervisor.kill()
        supervisor.wait(timeout=30)
        assert supervisor.stdout is not None
        supervisor.stdout.close()  # the reader is gone too
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "orphaned workers kept running"
            time.sleep(0.1)
    finally:
        for pid in [supervisor.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if supervisor.stdout is not None:
            supervisor.stdout.close()
        supervisor.wait(timeout=30)
