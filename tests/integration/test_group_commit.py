"""Writes queued together share one transaction, each with its own result; a failing write
fails its transaction's writes, to each caller, and stores none of them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.models import Heartbeat
from bot.db.uow import UnitOfWork
from scheduler.batched import GroupCommit

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def beat(host: str) -> Callable[[AsyncSession], Awaitable[str]]:
    async def write(session: AsyncSession) -> str:
        session.add(Heartbeat(host=host, beat_at=AT))
        await session.flush()
        return host

    return write


async def hosts(engine: AsyncEngine) -> int:
    async with UnitOfWork(engine).read() as session:
        return int(await session.scalar(select(func.count()).select_from(Heartbeat)) or 0)


async def test_writes_queued_together_commit_together(engine: AsyncEngine) -> None:
    group = GroupCommit(UnitOfWork(engine))
    names = [f"host-{n}" for n in range(20)]
    results = await asyncio.gather(*(group.write(beat(name)) for name in names))
    assert results == names  # each write's own result, to its own caller
    assert group.transactions == 1
    assert await hosts(engine) == 20


async def test_a_failing_write_fails_its_transaction_and_the_next_one_goes_on(
    engine: AsyncEngine,
) -> None:
    group = GroupCommit(UnitOfWork(engine))

    async def broken(session: AsyncSession) -> None:
        await session.execute(text("SELECT * FROM no_such_table"))

    outcomes = await asyncio.gather(
        group.write(beat("a")),
        group.write(broken),
        group.write(beat("b")),
        return_exceptions=True,
    )
    assert all(isinstance(outcome, Exception) for outcome in outcomes)
    assert await hosts(engine) == 0  # nothing of that transaction is stored
    assert await group.write(beat("c")) == "c"
    assert await hosts(engine) == 1


@pytest.mark.parametrize("most", [3])
async def test_a_long_queue_is_cut_into_transactions_of_at_most_most(
    engine: AsyncEngine, most: int
) -> None:
    group = GroupCommit(UnitOfWork(engine), most=most)
    await asyncio.gather(*(group.write(beat(f"h{n}")) for n in range(7)))
    assert group.transactions == 3
    assert await hosts(engine) == 7


async def test_a_drain_cancelled_mid_transaction_fails_its_writes_and_the_queued_ones(
    engine: AsyncEngine,
) -> None:
    group = GroupCommit(UnitOfWork(engine), most=1)
    begun = asyncio.Event()

    async def slow(session: AsyncSession) -> str:
        begun.set()
        await asyncio.Event().wait()  # until the drain is cancelled
        return "never"

    writes = [asyncio.create_task(group.write(slow)), asyncio.create_task(group.write(beat("b")))]
    await begun.wait()
    assert group._running is not None
    group._running.cancel()
    outcomes = await asyncio.wait_for(asyncio.gather(*writes, return_exceptions=True), 5)
    assert [repr(outcome) for outcome in outcomes] == [
        "RuntimeError('group commit cancelled')",  # not a CancelledError: the callers weren't
    ] * 2
    # The next write runs alone: "b", failed to its caller, is never stored afterwards.
    assert await group.write(beat("c")) == "c"
    assert group.transactions == 1
    assert await hosts(engine) == 1


@pytest.mark.parametrize("turns", [1, 2])  # cancelled before it began; in its first sleep(0)
async def test_a_drain_cancelled_before_its_first_transaction_fails_the_queued_writes(
    engine: AsyncEngine, turns: int
) -> None:
    group = GroupCommit(UnitOfWork(engine))
    writes = [asyncio.create_task(group.write(beat(name))) for name in ("a", "b")]
    for _ in range(turns):
        await asyncio.sleep(0)
    assert group._running is not None
    assert not group._running.done()
    group._running.cancel()
    outcomes = await asyncio.wait_for(asyncio.gather(*writes, return_exceptions=True), 5)
    assert [repr(outcome) for outcome in outcomes] == ["RuntimeError('group commit cancelled')"] * 2
    assert await group.write(beat("c")) == "c"
    assert await hosts(engine) == 1


async def test_writes_of_one_kind_are_done_by_one_call_each_with_its_own_result(
    engine: AsyncEngine,
) -> None:
    """``together``: the items of one kind queued at once go to one call (one statement), in
    the order they came, beside plain writes in the same transaction."""
    group = GroupCommit(UnitOfWork(engine))
    calls: list[list[str]] = []

    async def beat_all(session: AsyncSession, names: list[str]) -> list[str]:
        calls.append(names)
        session.add_all(Heartbeat(host=name, beat_at=AT) for name in names)
        await session.flush()
        return [name.upper() for name in names]

    results = await asyncio.gather(
        group.together(beat_all, "a"),
        group.write(beat("plain")),
        group.together(beat_all, "b"),
        group.together(beat_all, "c"),
    )
    assert list(results) == ["A", "plain", "B", "C"]
    assert calls == [["a", "b", "c"]]
    assert group.transactions == 1
    assert await hosts(engine) == 4
