"""Group commit: concurrent write operations share one transaction and one durable commit.

A durable commit costs an fsync (SQLite's WAL with ``synchronous=FULL``,
PostgreSQL's WAL flush), and one fsync costs more than all the statements of an
acceptance together. So the store adapters do not commit each operation alone:
an operation is queued here, and one runner takes everything queued so far as
one batch, runs each operation in a savepoint of one transaction and commits
once. While that commit is on its way to the disk, new operations queue up for
the next batch; under load a batch holds as many operations as arrived during
one commit, and with a single caller it holds one (no waiting for company).

What each caller is promised does not change:

- an operation's result (or its own exception) reaches its caller only after
  the batch's COMMIT returned, so "durable before the answer" holds;
- an operation that fails is rolled back to its savepoint alone; the others
  of its batch still commit;
- when the transaction itself fails (BEGIN, COMMIT, a lost connection) every
  operation of the batch gets that failure and none of them is committed;
- a caller cancelled while its operation still waits in the queue takes it
  out (it never runs); one whose operation was taken runs whole, as before.

Each adapter supplies how a batch runs (``run_batch``): the SQLite connection
on its thread (adapters/sqlite_common.py), PostgreSQL on one pooled
connection (adapters/postgres_common.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

OpT = TypeVar("OpT")

# Operations per batch at most: bounds how long one transaction holds the write lock
# (other processes share the database) and how much one failed COMMIT takes with it.
MAX_BATCH = 64


@dataclass(slots=True)
class Outcome:
    """What one operation of a batch came to: its value, or its own exception."""

    value: Any = None
    error: BaseException | None = None


@dataclass(slots=True)
class _Queued(Generic[OpT]):
    op: OpT
    future: asyncio.Future[Any]
    taken: bool = False


@dataclass(slots=True)
class BatchStats:
    """Counters for operators and the benchmark: how many batches of each size committed."""

    sizes: dict[int, int] = field(default_factory=dict)  # operations in a batch -> batches

    def record(self, size: int) -> None:
        self.sizes[size] = self.sizes.get(size, 0) + 1

    @property
    def batches(self) -> int:
        """Durable commits."""
        return sum(self.sizes.values())

    @property
    def operations(self) -> int:
        """The write operations those commits carried."""
        return sum(size * count for size, count in self.sizes.items())

    @property
    def largest(self) -> int:
        return max(self.sizes, default=0)


class GroupCommit(Generic[OpT]):
    """Queue write operations and run them in batches, one transaction per batch.

    ``run_batch(ops)`` runs the operations in order inside one transaction and
    returns one Outcome per operation; if it raises, the transaction did not
    commit and every operation of the batch fails with that exception.
    """

    def __init__(
        self,
        run_batch: Callable[[Sequence[OpT]], Awaitable[Sequence[Outcome]]],
        *,
        max_batch: int = MAX_BATCH,
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._run_batch = run_batch
        self._max_batch = max_batch
        self._queue: deque[_Queued[OpT]] = deque()
        self._runner: asyncio.Task[None] | None = None
        self.stats = BatchStats()

    async def submit(self, op: OpT) -> Any:
        """Run ``op`` in the next batch; its value, after the batch committed."""
        loop = asyncio.get_running_loop()
        queued = _Queued(op, loop.create_future())
        self._queue.append(queued)
        if self._runner is None or self._runner.done():
            self._runner = loop.create_task(self._run(), name="group-commit")
        try:
            # The runner settles the future; a cancelled caller must not cancel the
            # batch its operation may already be part of.
            return await asyncio.shield(queued.future)
        except asyncio.CancelledError:
            if not queued.taken:
                with contextlib.suppress(ValueError):
                    self._queue.remove(queued)
            else:  # nobody awaits it any more: fetch its exception, if any, quietly
                queued.future.add_done_callback(_retrieve)
            raise

    async def _run(self) -> None:
        while self._queue:
            batch: list[_Queued[OpT]] = []
            while self._queue and len(batch) < self._max_batch:
                queued = self._queue.popleft()
                queued.taken = True
                batch.append(queued)
            self.stats.record(len(batch))
            try:
                outcomes = await self._run_batch([q.op for q in batch])
            except BaseException as exc:  # the transaction failed: nothing of it committed
                for queued in batch:
                    _settle(queued.future, Outcome(error=exc))
                if isinstance(exc, (asyncio.CancelledError, KeyboardInterrupt, SystemExit)):
                    raise
                continue
            if len(outcomes) != len(batch):  # pragma: no cover - an adapter bug
                error = RuntimeError("a batch returned the wrong number of outcomes")
                for queued in batch:
                    _settle(queued.future, Outcome(error=error))
                continue
            for queued, outcome in zip(batch, outcomes, strict=True):
                _settle(queued.future, outcome)

    async def close(self) -> None:
        """Wait for the operations already queued and the batch under way."""
        while self._runner is not None and not self._runner.done():
            with contextlib.suppress(Exception):
                await asyncio.shield(self._runner)


def _retrieve(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


def _settle(future: asyncio.Future[Any], outcome: Outcome) -> None:
    if future.done():
        return
    if outcome.error is not None:
        future.set_exception(outcome.error)
    else:
        future.set_result(outcome.value)
