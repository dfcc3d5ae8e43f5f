"""Many small writes of a fan-out in one transaction: a group commit.

Each message a fan-out sends is proven before it leaves and recorded after (``outcomes``), and
in a shared flood limit each takes a slot (``timeline``): a write transaction each, which on
SQLite queue for its one writer. Here the writes that come while one transaction runs wait for
it and then go in the next one together. Writes of one kind can also share their statements
(``together``): the proofs of the messages about to leave are one UPDATE, their outcomes one
executemany. Each write still has its own result (a proof still fails alone when its row is no
longer held); what they share is the transaction, so a database error fails the writes of that
transaction, each to its caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.uow import UnitOfWork

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - an item of a combined write
Write = Callable[[AsyncSession], Awaitable[Any]]
# Writes of one kind done together: one result for each item, in the items' order.
Together = Callable[[AsyncSession, list[I]], Awaitable[list[T]]]
Queued = tuple[Together[Any, Any], Any, "asyncio.Future[Any]"]

# Writes in one transaction at most: enough for a fan-out's concurrency, few enough that a
# transaction stays short.
MOST = 64


class GroupCommit:
    """``await group.write(fn)`` runs ``fn(session)`` in a transaction shared with the writes
    queued beside it, and returns its result once that transaction has committed.
    ``await group.together(run, item)`` queues ``item`` for ``run(session, items)``, called
    once with every item of its kind in the transaction."""

    def __init__(self, uow: UnitOfWork, most: int = MOST) -> None:
        self.uow = uow
        self.most = most
        self._queue: list[Queued] = []
        self._running: asyncio.Task[None] | None = None
        self.transactions = 0  # counted for the tests and the benchmarks

    async def write(self, fn: Callable[[AsyncSession], Awaitable[T]]) -> T:
        result: T = await self.together(_each, fn)
        return result

    async def together(self, run: Together[I, T], item: I) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((run, item, future))
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._drain())
            self._running.add_done_callback(self._drained)
        return await future

    def _drained(self, task: asyncio.Task[None]) -> None:
        """A drain cancelled (even before it began) or broken fails the writes it left queued,
        so none of them runs later in a transaction its caller no longer waits for. A newer
        drain, started meanwhile, runs them instead."""
        if task is not self._running or (not task.cancelled() and task.exception() is None):
            return
        queued, self._queue = self._queue, []
        _cancelled(queued)

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # the writes of this turn of the loop go in together
        while self._queue:
            batch, self._queue = self._queue[: self.most], self._queue[self.most :]
            batch = [queued for queued in batch if not queued[2].cancelled()]
            if batch:
                await self._commit(batch)

    async def _commit(self, batch: list[Queued]) -> None:
        kinds: dict[Together[Any, Any], list[int]] = {}
        for index, (run, _item, _future) in enumerate(batch):
            kinds.setdefault(run, []).append(index)
        results: list[Any] = [None] * len(batch)
        try:
            async with self.uow.write() as session:
                for run, indexes in kinds.items():
                    done = await run(session, [batch[index][1] for index in indexes])
                    for index, result in zip(indexes, done, strict=True):
                        results[index] = result
                await session.commit()
            self.transactions += 1
        except Exception as exc:  # each caller meets the error of its write's transaction
            for _run, _item, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        except BaseException:  # the drain cancelled: these writes and the queued (_drained) fail
            _cancelled(batch)
            raise
        for (_run, _item, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)


async def _each(session: AsyncSession, writes: list[Write]) -> list[Any]:
    """Writes of no common kind: one after another."""
    return [await write(session) for write in writes]


def _cancelled(writes: list[Queued]) -> None:
    """Fail writes whose transaction will not happen: an ordinary error to their callers, who
    were not cancelled themselves."""
    for _run, _item, future in writes:
        if not future.done():
            future.set_exception(RuntimeError("group commit cancelled"))
