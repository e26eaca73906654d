"""Log lines stay whole when several processes share stderr (serve --workers, containers).

Each line must reach the file in one write(): with PYTHONUNBUFFERED=1 (set in
docker/Dockerfile, and common in containers) a line written as text and newline
in two writes lets another process's line land in between.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINES = 3000

WRITER = f"""
import structlog
from gateway.logging import configure_logging
configure_logging()
log = structlog.get_logger("test")
for i in range({LINES}):
    log.info("request", method="POST", status=202, duration_ms=float(i))
"""


def test_two_processes_logging_to_one_stderr_never_split_a_line(tmp_path: Path) -> None:
    out = tmp_path / "shared.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
    with out.open("wb") as shared:
        writers = [
            subprocess.Popen([sys.executable, "-c", WRITER], stderr=shared, env=env, cwd=REPO)
            for _ in range(2)
        ]
        for writer in writers:
            assert writer.wait(timeout=120) == 0
    lines = out.read_text().splitlines()
    entries = [json.loads(line) for line in lines]  # each line one whole JSON object
    assert len(entries) == 2 * LINES
    assert {e["event"] for e in entries} == {"request"}


def test_a_log_stream_that_refuses_lines_costs_the_lines_not_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A closed pipe (the supervisor and its log reader gone) or a closed file: logging
    must not raise into a request handler or a background task; the lines are counted."""
    import contextlib
    import io

    from gateway.logging import LineWriter, dropped_log_lines

    monkeypatch.setattr(LineWriter, "dropped", 0)  # the process's count, restored after
    before = dropped_log_lines()
    reader, writer = os.pipe()
    os.close(reader)
    broken = open(writer, "w", buffering=1)  # noqa: SIM115 - closed below, by hand
    LineWriter(broken).info('{"event": "supervisor_gone"}')  # EPIPE
    with contextlib.suppress(BrokenPipeError):  # what is still buffered cannot go either
        broken.close()
    closed = io.StringIO()
    closed.close()
    LineWriter(closed).error('{"event": "stopping"}')  # ValueError: closed file
    assert dropped_log_lines() == before + 2
    kept = io.StringIO()
    LineWriter(kept).info('{"event": "started"}')
    assert kept.getvalue() == '{"event": "started"}\n'
