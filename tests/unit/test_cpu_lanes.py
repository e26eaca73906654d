"""services/cpu.py: the message's CPU-bound work runs one at a time, large ones aside."""

from __future__ import annotations

import asyncio
import contextvars
import threading

from gateway.services.cpu import LARGE_MESSAGE_BYTES, CpuLanes

REQUEST = contextvars.ContextVar("REQUEST", default="none")


async def test_ordinary_messages_run_one_at_a_time_on_one_thread() -> None:
    lanes = CpuLanes()
    running = 0
    most = 0
    threads = set()
    lock = threading.Lock()

    def work() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        threads.add(threading.get_ident())
        threading.Event().wait(0.005)
        with lock:
            running -= 1

    try:
        await asyncio.gather(*(lanes.run(5 * 1024, work) for _ in range(8)))
    finally:
        lanes.close()
    assert most == 1
    assert len(threads) == 1
    assert threading.get_ident() not in threads  # never on the event loop's thread


async def test_a_large_message_does_not_hold_up_ordinary_ones() -> None:
    lanes = CpuLanes()
    release = threading.Event()
    try:
        large = asyncio.ensure_future(lanes.run(LARGE_MESSAGE_BYTES, release.wait, 10))
        await asyncio.sleep(0.01)
        # The large lane is busy; an ordinary message still gets its turn at once.
        assert await asyncio.wait_for(lanes.run(5 * 1024, lambda: "small"), 2) == "small"
        assert not large.done()
        release.set()
        assert await large is True
    finally:
        release.set()
        lanes.close()


async def test_the_callers_context_goes_along() -> None:
    lanes = CpuLanes()
    REQUEST.set("request-1")
    try:
        assert await lanes.run(10, REQUEST.get) == "request-1"
        assert await lanes.run(10, lambda *, x: x * 2, x=21) == 42
    finally:
        lanes.close()
