"""GroupCommit on its own (adapters/groupcommit.py): batching, failures, cancellation.

The adapters' batches against real databases are in tests/contract/test_group_commit.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from adapters.groupcommit import GroupCommit, Outcome


class Recorder:
    """A run_batch that records each batch and can be held open (a slow COMMIT)."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.release = asyncio.Event()
        self.release.set()
        self.fail_with: BaseException | None = None

    async def __call__(self, ops: Sequence[str]) -> list[Outcome]:
        self.batches.append(list(ops))
        await self.release.wait()
        if self.fail_with is not None:
            raise self.fail_with
        return [
            Outcome(error=ValueError(op)) if op.startswith("bad") else Outcome(value=op.upper())
            for op in ops
        ]


async def test_operations_queued_together_share_one_batch() -> None:
    run = Recorder()
    group: GroupCommit[str] = GroupCommit(run)
    results = await asyncio.gather(*(group.submit(f"op{i}") for i in range(10)))
    assert results == [f"OP{i}" for i in range(10)]
    assert run.batches == [[f"op{i}" for i in range(10)]]
    assert (group.stats.batches, group.stats.operations, group.stats.largest) == (1, 10, 10)


async def test_a_lone_operation_does_not_wait_for_company() -> None:
    run = Recorder()
    group: GroupCommit[str] = GroupCommit(run)
    assert await group.submit("a") == "A"
    assert await group.submit("b") == "B"
    assert run.batches == [["a"], ["b"]]


async def test_operations_arriving_during_a_commit_make_the_next_batch() -> None:
    run = Recorder()
    run.release.clear()
    group: GroupCommit[str] = GroupCommit(run)
    first = asyncio.ensure_future(group.submit("first"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert run.batches == [["first"]]  # under way, held at its COMMIT
    later = [asyncio.ensure_future(group.submit(f"later{i}")) for i in range(5)]
    await asyncio.sleep(0)
    assert not first.done()
    run.release.set()
    assert await first == "FIRST"
    assert await asyncio.gather(*later) == [f"LATER{i}" for i in range(5)]
    assert run.batches == [["first"], [f"later{i}" for i in range(5)]]


async def test_a_batch_never_exceeds_its_limit() -> None:
    run = Recorder()
    group: GroupCommit[str] = GroupCommit(run, max_batch=4)
    await asyncio.gather(*(group.submit(f"op{i}") for i in range(10)))
    assert [len(b) for b in run.batches] == [4, 4, 2]


async def test_a_failing_operation_fails_alone() -> None:
    group: GroupCommit[str] = GroupCommit(Recorder())
    results = await asyncio.gather(
        group.submit("a"), group.submit("bad"), group.submit("c"), return_exceptions=True
    )
    assert results[0] == "A"
    assert results[2] == "C"
    assert isinstance(results[1], ValueError)


async def test_a_failed_transaction_fails_every_operation_of_its_batch_only() -> None:
    run = Recorder()
    run.fail_with = OSError("disk gone")
    group: GroupCommit[str] = GroupCommit(run)
    results = await asyncio.gather(group.submit("a"), group.submit("b"), return_exceptions=True)
    assert all(isinstance(r, OSError) for r in results)
    run.fail_with = None
    assert await group.submit("c") == "C"  # the runner goes on


async def test_a_caller_cancelled_while_queued_takes_its_operation_out() -> None:
    run = Recorder()
    run.release.clear()
    group: GroupCommit[str] = GroupCommit(run)
    first = asyncio.ensure_future(group.submit("first"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    queued = asyncio.ensure_future(group.submit("never"))
    kept = asyncio.ensure_future(group.submit("kept"))
    await asyncio.sleep(0)
    queued.cancel()
    with pytest.raises(asyncio.CancelledError):
        await queued
    run.release.set()
    assert (await first, await kept) == ("FIRST", "KEPT")
    assert run.batches == [["first"], ["kept"]]


async def test_a_caller_cancelled_after_its_batch_started_does_not_stop_the_batch() -> None:
    run = Recorder()
    run.release.clear()
    group: GroupCommit[str] = GroupCommit(run)
    mine = asyncio.ensure_future(group.submit("mine"))
    other = asyncio.ensure_future(group.submit("other"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert run.batches == [["mine", "other"]]
    mine.cancel()
    with pytest.raises(asyncio.CancelledError):
        await mine
    run.release.set()
    assert await other == "OTHER"  # its batch committed whole


async def test_close_waits_for_the_batch_under_way() -> None:
    run = Recorder()
    run.release.clear()
    group: GroupCommit[str] = GroupCommit(run)
    pending = asyncio.ensure_future(group.submit("a"))
    await asyncio.sleep(0)
    closing = asyncio.ensure_future(group.close())
    await asyncio.sleep(0.01)
    assert not closing.done()
    run.release.set()
    await closing
    assert pending.done()
    assert pending.result() == "A"
