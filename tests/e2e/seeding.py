"""Many learners at once, written straight to the database, for fan-out and crash tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import plans
from bot.db.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Learner,
    OnboardingStep,
    PlanSegment,
)
from bot.domain.parsing import zone_from_key


async def seed_learners(
    engine: AsyncEngine,
    chats: list[int],
    reminder_due: datetime,
    start: date,
    timezone: str = "UTC",
) -> None:
    """Onboarded standard-pace learners whose daily reminder is due at an instant."""
    rows = [
        {
            "chat_id": chat,
            "user_id": chat,
            "first_name": "Learner",
            "start_date": start,
            "timezone": timezone,
            "reminder_time": reminder_due.astimezone(zone_from_key(timezone)).time(),
            "recap_weekday": 6,
            "recap_time": time(20),
            "onboarding": OnboardingStep.DONE,
            "active": True,
            "next_reminder_at": reminder_due,
        }
        for chat in chats
    ]
    async with engine.begin() as connection:
        for offset in range(0, len(rows), 500):
            await connection.execute(insert(Learner), rows[offset : offset + 500])
        await connection.execute(plans.first_segments("standard"))


UNKNOWN_PACE = "no-such-pace"  # a pace the curriculum does not have (as after a swap)


async def give_unknown_pace(engine: AsyncEngine, chat: int) -> int:
    """Give a seeded learner a pace the curriculum does not have; their id.

    The one place that knows how a learner's pace is stored (their plan's segments).
    """
    async with engine.begin() as connection:
        learner_id = await connection.scalar(select(Learner.id).where(Learner.chat_id == chat))
        assert learner_id is not None
        await connection.execute(
            update(PlanSegment)
            .where(PlanSegment.learner_id == learner_id)
            .values(pace=UNKNOWN_PACE)
        )
    return int(learner_id)


async def make_unrenderable(engine: AsyncEngine, chat: int, snoozed_until: datetime) -> None:
    """Break one seeded learner so that rendering their push raises, the way a curriculum swap
    that dropped their pace would; their snoozed reminder comes due at ``snoozed_until`` (it
    is claimed without working out any due time, so it is the render that fails).

    """
    learner_id = await give_unknown_pace(engine, chat)
    async with engine.begin() as connection:
        await connection.execute(
            update(Learner)
            .where(Learner.id == learner_id)
            .values(next_reminder_at=None, next_recap_at=None)
        )
        period = snoozed_until.date().isoformat()
        await connection.execute(
            insert(Delivery).values(
                learner_id=learner_id,
                kind=DeliveryKind.SNOOZE,
                period=period,
                due_at=snoozed_until,
                status=DeliveryStatus.PENDING,
                attempts=0,
            )
        )


@asynccontextmanager
async def refusing_deliveries(engine: AsyncEngine, chat: int) -> AsyncIterator[int]:
    """While open, the database refuses every delivery row of one seeded learner (a trigger),
    the way a constraint the rows break would; yields their id."""
    async with engine.begin() as connection:
        learner_id = await connection.scalar(select(Learner.id).where(Learner.chat_id == chat))
        assert learner_id is not None
        refuse = f"NEW.learner_id = {int(learner_id)}"
        if engine.dialect.name == "sqlite":
            await connection.exec_driver_sql(
                f"CREATE TRIGGER refuse_deliveries BEFORE INSERT ON deliveries WHEN {refuse} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        else:
            await connection.exec_driver_sql(
                "CREATE FUNCTION refuse_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF {refuse} THEN RAISE EXCEPTION 'refused by the test'; END IF; "
                "RETURN NEW; END $$"
            )
            await connection.exec_driver_sql(
                "CREATE TRIGGER refuse_deliveries BEFORE INSERT ON deliveries "
                "FOR EACH ROW EXECUTE FUNCTION refuse_deliveries()"
            )
    try:
        yield int(learner_id)
    finally:
        async with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                await connection.exec_driver_sql("DROP TRIGGER refuse_deliveries")
            else:
                await connection.exec_driver_sql("DROP TRIGGER refuse_deliveries ON deliveries")
                await connection.exec_driver_sql("DROP FUNCTION refuse_deliveries()")
