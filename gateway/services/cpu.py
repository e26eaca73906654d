"""Where the CPU-bound part of a message runs: one thread per lane, two lanes.

Decrypting, verifying, validating, re-encrypting and signing are Python and C
code that mostly holds the interpreter lock, so several threads doing that work
at once are no faster than one, and they spend CPU handing the lock back and
forth. Measured with ``make bench`` (5 KiB, RSA-2048, 1 process, concurrency
16): asyncio's default executor (up to 6 threads here) needed 10.1 ms of CPU per
message against 6.7 ms at concurrency 1; one thread per process brought
throughput from 93-119 to 153-160 msg/s (bench/README.md). A process therefore
works on one ordinary message at a time and queues the others; to use more
cores, run more processes (``serve --workers``).

A large message takes seconds of CPU; on the one thread it would hold every
ordinary message up that long. Messages from LARGE_MESSAGE_BYTES on get a lane
of their own, so a large upload costs the small ones a share of the lock, not
a place in the queue.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

LARGE_MESSAGE_BYTES = 1024 * 1024


class CpuLanes:
    """Two one-thread executors: ordinary messages, and large ones (by envelope size)."""

    def __init__(self, large_from: int = LARGE_MESSAGE_BYTES) -> None:
        self.large_from = large_from
        # Threads start on first use: a context that never runs a message costs nothing.
        self._ordinary = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpu")
        self._large = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpu-large")

    def lane(self, size: int) -> ThreadPoolExecutor:
        return self._large if size >= self.large_from else self._ordinary

    async def run(self, size: int, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)`` on the lane for a message of ``size`` bytes.

        As ``asyncio.to_thread``, the caller's context variables (the request's
        log fields) go along.
        """
        loop = asyncio.get_running_loop()
        call = partial(contextvars.copy_context().run, partial(fn, *args, **kwargs))
        return await loop.run_in_executor(self.lane(size), call)

    def close(self) -> None:
        """Let the threads end once what was submitted has run."""
        self._ordinary.shutdown(wait=False)
        self._large.shutdown(wait=False)
