"""Many learners at once, written straight to the database, for fan-out and crash tests."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import plans
from bot.db.models import Learner, OnboardingStep
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
