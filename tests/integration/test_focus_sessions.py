"""One running focus session per learner, whichever replica is asked: the unique key on the
learner keeps a second one out, and two /stop log the session once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SettableClock
from bot.db import repo
from bot.db.models import Delivery, FocusSession, LogEntry
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.domain.parsing import ParseError
from bot.services.learners import Source
from bot.services.timer import NO_SESSION, Running, Stopped
from tests.integration.test_concurrent_writes import ADA, NOW, replicas


async def count(engine: AsyncEngine, model: type[FocusSession | LogEntry | Delivery]) -> int:
    async with UnitOfWork(engine).read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_two_replicas_start_one_session_and_stop_it_once(
    engine: AsyncEngine, curriculum: Curriculum
) -> None:
    first, second = replicas(engine, curriculum, 2)
    await first.onboarding.start(ADA, "Ada")  # the learner exists, as after /start
    gone = await asyncio.gather(first.timer.go(ADA, "practice"), second.timer.go(ADA, "project"))
    assert all(isinstance(result, Running) for result in gone)
    started = [r for r in gone if isinstance(r, Running) and r.started]
    assert len(started) == 1
    assert {r.category for r in gone if isinstance(r, Running)} == {started[0].category}
    assert await count(engine, FocusSession) == 1
    assert await count(engine, Delivery) == 1  # one "still studying?"

    for replica in (first, second):
        assert isinstance(replica.clock, SettableClock)
        replica.clock.set(NOW + timedelta(minutes=50))
    stops = await asyncio.gather(
        first.timer.stop(ADA, Source(ADA, 7)), second.timer.stop(ADA, Source(ADA, 8))
    )
    assert sorted(type(s).__name__ for s in stops) == ["ParseError", "Stopped"]
    assert next(s for s in stops if isinstance(s, ParseError)) == ParseError(NO_SESSION)
    (stopped,) = [s for s in stops if isinstance(s, Stopped)]
    assert stopped.logged.entry.minutes == 50
    assert await count(engine, LogEntry) == 1
    assert await count(engine, FocusSession) == 0
    assert await count(engine, Delivery) == 0


async def test_the_database_refuses_a_second_running_session(
    engine: AsyncEngine, curriculum: Curriculum
) -> None:
    (coach,) = replicas(engine, curriculum, 1)
    await coach.onboarding.start(ADA, "Ada")
    await coach.timer.go(ADA, "")
    async with UnitOfWork(engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
    with pytest.raises(IntegrityError):
        await add_session(engine, learner.id)


async def add_session(engine: AsyncEngine, learner_id: int) -> None:
    async with UnitOfWork(engine).write() as session:
        session.add(FocusSession(learner_id=learner_id, started_at=NOW, created_at=NOW))
        await session.commit()


async def test_forget_deletes_a_running_session(
    engine: AsyncEngine, curriculum: Curriculum
) -> None:
    (coach,) = replicas(engine, curriculum, 1)
    await coach.onboarding.start(ADA, "Ada")
    await coach.timer.go(ADA, "")
    assert await coach.data.forget(ADA)
    assert await count(engine, FocusSession) == 0
    assert await count(engine, Delivery) == 0
