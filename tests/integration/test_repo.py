"""Repositories on a real, migrated database: SQLite always, PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import notes as note_rows
from bot.db import plans, repo
from bot.db import portfolio as portfolio_rows
from bot.db.models import Base, OnboardingStep
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import default_curriculum_path, load_curriculum
from bot.domain.plan import Pause as PlanPause
from bot.domain.plan import Segment

DAY = date(2026, 12, 7)


STANDARD = load_curriculum(default_curriculum_path()).pace("standard")


async def _learner(uow: UnitOfWork, chat_id: int = 100) -> int:
    async with uow.write() as session:
        learner, _created = await repo.add_learner(session, chat_id=chat_id, start_date=DAY)
        await session.commit()
        return learner.id


async def test_a_new_learner_gets_the_documented_defaults(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    learner_id = await _learner(uow)
    async with uow.read() as session:
        learner = await repo.learner_by_chat(session, 100)
        assert learner is not None
        assert learner.id == learner_id
        assert learner.timezone == "UTC"
        assert (learner.reminder_time, learner.recap_weekday, learner.recap_time) == (
            time(18),
            6,
            time(20),
        )
        assert learner.onboarding is OnboardingStep.PACE
        assert learner.active
        assert learner.created_at.tzinfo is not None
        assert await repo.learner_by_chat(session, 999) is None


async def test_an_entry_from_the_same_message_is_stored_once(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    learner_id = await _learner(uow)
    entry = {
        "learner_id": learner_id,
        "day": DAY,
        "minutes": 90,
        "category": "learning",
        "note": "<b>&amp; 🐍",
        "source_chat_id": 100,
        "source_message_id": 7,
    }
    async with uow.write() as session:
        first = await repo.add_log_entry(session, **entry)
        await session.commit()
    async with uow.write() as session:
        again = await repo.add_log_entry(session, **entry)
        await session.commit()
    assert first is not None
    assert again is None
    async with uow.read() as session:
        assert await repo.total_minutes(session, learner_id) == 90
        stored = await repo.log_entry_from(session, 100, 7)
        assert stored is not None
        assert stored.note == "<b>&amp; 🐍"


async def test_totals_by_day_and_category(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    learner_id = await _learner(uow)
    async with uow.write() as session:
        for n, (day, minutes, category) in enumerate(
            [(DAY, 90, "learning"), (DAY, 30, "practice"), (date(2026, 12, 8), 60, "practice")]
        ):
            await repo.add_log_entry(
                session,
                learner_id=learner_id,
                day=day,
                minutes=minutes,
                category=category,
                source_chat_id=100,
                source_message_id=n,
            )
        await session.commit()
    async with uow.read() as session:
        assert await repo.minutes_by_day(session, learner_id, DAY, date(2026, 12, 13)) == {
            DAY: 120,
            date(2026, 12, 8): 60,
        }
        assert await repo.minutes_by_category(session, learner_id, DAY, DAY) == {
            "learning": 90,
            "practice": 30,
        }
        assert await repo.minutes_on(session, learner_id, date(2026, 12, 9)) == 0
        assert await repo.total_minutes(session, learner_id, until=DAY) == 120
        latest = await repo.latest_log_entries(session, learner_id, 2)
        assert [e.minutes for e in latest] == [60, 30]


async def test_a_learner_can_only_delete_their_own_rows(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    alice, bob = await _learner(uow, 1), await _learner(uow, 2)
    async with uow.write() as session:
        entry_id = await repo.add_log_entry(
            session, learner_id=alice, day=DAY, minutes=30, category="learning"
        )
        (note_id,) = await note_rows.add_notes(session, alice, DAY, ["mine"])
        await session.commit()
    assert entry_id is not None
    async with uow.write() as session:
        assert not await repo.delete_log_entry(session, bob, entry_id)
        assert await note_rows.delete_note(session, bob, note_id) is None
        await session.commit()
    async with uow.read() as session:
        assert await repo.log_entry(session, alice, entry_id) is not None
        assert [n.text for n in await note_rows.notes_between(session, alice, DAY, DAY)] == ["mine"]
    async with uow.write() as session:
        assert await repo.delete_log_entry(session, alice, entry_id)
        await session.commit()
    async with uow.read() as session:
        assert await repo.log_entry(session, alice, entry_id) is None


async def test_note_lines_from_one_message_are_stored_once(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    learner_id = await _learner(uow)
    for _ in range(2):
        async with uow.write() as session:
            await note_rows.add_notes(
                session, learner_id, DAY, ["a", "b"], chat_id=100, message_id=5
            )
            await session.commit()
    async with uow.read() as session:
        notes = await note_rows.notes_between(session, learner_id, DAY, DAY)
        assert [n.text for n in notes] == ["a", "b"]


async def test_without_a_commit_nothing_is_stored(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    learner_id = await _learner(uow)

    async def fail_midway() -> None:
        async with uow.write() as session:
            await repo.add_log_entry(
                session, learner_id=learner_id, day=DAY, minutes=30, category="learning"
            )
            raise RuntimeError("failure midway")

    with pytest.raises(RuntimeError, match="midway"):
        await fail_midway()
    async with uow.write() as session:
        await repo.add_log_entry(
            session, learner_id=learner_id, day=DAY, minutes=45, category="learning"
        )  # not committed
    async with uow.read() as session:
        assert await repo.total_minutes(session, learner_id) == 0


async def test_pauses_and_project_answers(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    learner_id = await _learner(uow)
    at = datetime(2026, 12, 13, 20, tzinfo=UTC)
    async with uow.write() as session:
        await repo.replace_pauses(session, learner_id, [PlanPause(DAY)])
        await plans.set_project_answer(session, learner_id, 1, False, at)
        await plans.set_project_answer(session, learner_id, 1, True, at)
        await plans.set_project_answer(session, learner_id, 2, False, at)
        await session.commit()
    async with uow.read() as session:
        (pause,) = await repo.pauses_of(session, learner_id)
        assert (pause.start_date, pause.end_date) == (DAY, None)
        assert await plans.project_answers(session, learner_id) == {1: True, 2: False}


async def test_forget_leaves_no_row_of_the_learner(engine: AsyncEngine) -> None:
    uow = UnitOfWork(engine)
    gone, kept = await _learner(uow, 1), await _learner(uow, 2)
    at = datetime(2026, 12, 13, 20, tzinfo=UTC)
    async with uow.write() as session:
        for learner_id in (gone, kept):
            await repo.add_log_entry(
                session, learner_id=learner_id, day=DAY, minutes=30, category="learning"
            )
            await note_rows.add_notes(session, learner_id, DAY, ["note"])
            await repo.replace_pauses(session, learner_id, [PlanPause(DAY)])
            await plans.replace_segments(session, learner_id, [Segment(1, STANDARD)])
            await plans.adjust_target(session, learner_id, 1, -60)
            await plans.set_project_answer(session, learner_id, 1, True, at)
            await portfolio_rows.ship_with_link(session, learner_id, 2, "https://x.y/2", at)
            await portfolio_rows.set_tick(session, learner_id, (1, 0), True, at)
        await session.commit()
    async with uow.write() as session:
        await repo.forget_learner(session, gone)
        await session.commit()
    async with uow.read() as session:
        for table in Base.metadata.sorted_tables:
            column = table.c.id if table.name == "learners" else table.c.get("learner_id")
            if column is None:
                continue
            remaining = await session.scalar(
                select(func.count()).select_from(table).where(column == gone)
            )
            assert remaining == 0, table.name
        assert await repo.count_learners(session) == 1
        assert await repo.total_minutes(session, kept) == 30
