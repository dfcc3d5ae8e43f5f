"""Checks that hold against concurrent writers (replicas on one database, or two updates of one
learner handled at once): a day's 24 h, a week's notes, one /undo per message."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.clock import SettableClock
from bot.db import notes as note_rows
from bot.db import repo
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.domain.parsing import ParseError
from bot.services import Coach
from bot.services.learners import Source
from bot.services.log import Logged

ADA = 1001
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # Saturday


def replicas(engine: AsyncEngine, curriculum: Curriculum, count: int) -> list[Coach]:
    """``count`` independent sets of services on one database, as replicas have."""
    return [Coach(curriculum, UnitOfWork(engine), SettableClock(NOW)) for _ in range(count)]


async def minutes_today(engine: AsyncEngine) -> int:
    async with UnitOfWork(engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        return await repo.minutes_on(session, learner.id, NOW.date())


async def test_three_concurrent_twelve_hour_logs_store_at_most_a_day(
    engine: AsyncEngine, curriculum: Curriculum, monkeypatch: pytest.MonkeyPatch
) -> None:
    coaches = replicas(engine, curriculum, 3)
    await coaches[0].onboarding.start(ADA, "Ada")  # the learner exists, as after /start
    # Widen the race: each writer waits before its insert until all three have got there (or
    # a second has passed, for writers the database keeps waiting until another commits).
    arrived: list[None] = []
    all_there = asyncio.Event()
    insert = repo.add_log_entry_within

    async def insert_when_all_have_checked(
        session: AsyncSession, *args: Any, **values: Any
    ) -> repo.Added | None:
        arrived.append(None)
        if len(arrived) == 3:
            all_there.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_there.wait(), 1)
        return await insert(session, *args, **values)

    monkeypatch.setattr(repo, "add_log_entry_within", insert_when_all_have_checked)
    results = await asyncio.gather(
        *(
            coach.logbook.log_hours(ADA, "12", Source(ADA, 10 + n))
            for n, coach in enumerate(coaches)
        )
    )
    refused = [r for r in results if isinstance(r, ParseError)]
    assert len(refused) == 1, results
    assert refused[0].message == (
        "That would make 36 h on 2026-11-28, and a day has 24 h. Already logged that day: 24 h."
    )
    assert await minutes_today(engine) == 24 * 60


async def one_waiting_for_the_other(
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
    holding: Callable[[], Coroutine[Any, Any, Logged | ParseError]],
    waiting: Callable[[], Coroutine[Any, Any, Logged | ParseError]],
) -> tuple[Logged | ParseError, Logged | ParseError]:
    """Two logs of one learner: ``holding`` until it holds the learner's row (its insert not
    yet made), then ``waiting``, until it waits for that row (PostgreSQL: its first statement
    does; SQLite: its write transaction), then both to their end."""
    locked, go_on = asyncio.Event(), asyncio.Event()
    holder: list[int] = []  # PostgreSQL's process id of the transaction holding the lock
    insert = repo.add_log_entry_within

    async def hold_the_lock_first(
        session: AsyncSession, *args: Any, **values: Any
    ) -> repo.Added | None:
        if not locked.is_set():
            if engine.dialect.name == "postgresql":
                holder.append(await session.scalar(text("SELECT pg_backend_pid()")))
            locked.set()
            await go_on.wait()
        return await insert(session, *args, **values)

    monkeypatch.setattr(repo, "add_log_entry_within", hold_the_lock_first)
    first = asyncio.create_task(holding())
    await locked.wait()
    second = asyncio.create_task(waiting())
    if holder:
        blocked = text(
            "SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"
        )
        for _ in range(100):
            # A transaction each time: PostgreSQL keeps what pg_stat_activity shows for the
            # rest of the transaction that first looked.
            async with engine.connect() as connection:
                if await connection.scalar(blocked, {"pid": holder[0]}):
                    break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the second log never waited for the learner's row")
    else:
        await asyncio.sleep(0.2)
    go_on.set()
    return await first, await second


async def test_a_log_that_waited_for_the_learners_row_counts_what_was_logged_meanwhile(
    engine: AsyncEngine, curriculum: Curriculum, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log's first statement locks the learner's row and reads their plan as it was when it
    began, before any wait: the day's 24 h is checked by the insert, begun once the lock is
    held."""
    first, second = replicas(engine, curriculum, 2)
    await first.onboarding.start(ADA, "Ada")
    await first.logbook.log_hours(ADA, "10", Source(ADA, 1))
    logged, refused = await one_waiting_for_the_other(
        engine,
        monkeypatch,
        lambda: first.logbook.log_hours(ADA, "12", Source(ADA, 2)),
        lambda: second.logbook.log_hours(ADA, "2h30", Source(ADA, 3)),
    )
    assert not isinstance(logged, ParseError)
    assert logged.total.minutes == 22 * 60
    assert isinstance(refused, ParseError)
    assert refused.message == (
        "That would make 24 h 30 min on 2026-11-28, and a day has 24 h. "
        "Already logged that day: 22 h."
    )
    assert await minutes_today(engine) == 22 * 60


async def test_a_week_total_counts_a_log_committed_while_waiting_for_the_learners_row(
    engine: AsyncEngine, curriculum: Curriculum, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = replicas(engine, curriculum, 2)
    await first.onboarding.start(ADA, "Ada")
    logged, after = await one_waiting_for_the_other(
        engine,
        monkeypatch,
        lambda: first.logbook.log_hours(ADA, "1", Source(ADA, 1)),
        lambda: second.logbook.log_hours(ADA, "2", Source(ADA, 2)),
    )
    assert not isinstance(logged, ParseError)
    assert not isinstance(after, ParseError)
    assert (logged.total.minutes, after.total.minutes) == (60, 180)


async def test_a_redelivered_log_that_filled_the_day_is_reported_as_recorded(
    engine: AsyncEngine, curriculum: Curriculum
) -> None:
    (coach,) = replicas(engine, curriculum, 1)
    await coach.onboarding.start(ADA, "Ada")
    await coach.logbook.log_hours(ADA, "12", Source(ADA, 1))
    await coach.logbook.log_hours(ADA, "12", Source(ADA, 2))
    again = await coach.logbook.log_hours(ADA, "12", Source(ADA, 2))
    assert not isinstance(again, ParseError)
    assert again.already
    assert again.total.minutes == 24 * 60
    assert await minutes_today(engine) == 24 * 60


async def test_one_undo_handled_by_two_replicas_at_once_removes_one_entry(
    engine: AsyncEngine, curriculum: Curriculum
) -> None:
    first, second = replicas(engine, curriculum, 2)
    await first.onboarding.start(ADA, "Ada")
    for message_id, amount in enumerate(("1", "2", "3"), start=1):
        await first.logbook.log_hours(ADA, amount, Source(ADA, message_id))
    undo = Source(ADA, 4)
    results = await asyncio.gather(first.logbook.undo(ADA, undo), second.logbook.undo(ADA, undo))
    assert [r[0].minutes for r in results if not isinstance(r, ParseError)] == [180, 180]
    assert await minutes_today(engine) == 180


async def test_two_replicas_adding_notes_at_once_keep_to_a_hundred_a_week(
    engine: AsyncEngine, curriculum: Curriculum
) -> None:
    first, second = replicas(engine, curriculum, 2)
    await first.onboarding.start(ADA, "Ada")
    for message_id in range(4):
        twenty = "\n".join(f"- note {message_id}.{n}" for n in range(20))
        await first.notebook.add_notes(ADA, twenty, Source(ADA, message_id))
    more = "\n".join(f"- more {n}" for n in range(20))
    results = await asyncio.gather(
        first.notebook.add_notes(ADA, more, Source(ADA, 10)),
        second.notebook.add_notes(ADA, more, Source(ADA, 11)),
    )
    refused = [r for r in results if isinstance(r, ParseError)]
    assert [r.message for r in refused] == [
        "A week holds at most 100 notes; this one has 100, and 20 more would make 120. "
        "Nothing was saved."
    ]
    async with UnitOfWork(engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        assert len(await note_rows.all_notes(session, learner.id)) == 100
