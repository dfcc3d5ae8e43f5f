"""What every benchmark shares: seeded learners, fresh databases, percentiles."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import plans
from bot.db.migrate import upgrade_database
from bot.db.models import Learner, OnboardingStep
from bot.db.session import create_engine

RESULTS = Path(__file__).with_name("results.json")
TOKEN = "1:benchmark"
DUE = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # a Tuesday, a study day
START = date(2026, 11, 30)


# --- helpers -----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def seed(
    engine: AsyncEngine,
    count: int,
    due: int,
    chat_base: int = 1_000_000,
    start: date = START,
    due_at: datetime = DUE,
) -> None:
    """``count`` learners over many zones and reminder times; ``due`` of them due at DUE."""
    zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo",
             "Australia/Sydney", "America/Sao_Paulo", "Pacific/Chatham"]  # fmt: skip
    rows = []
    async with engine.begin() as connection:
        for n in range(count):
            # The rest spread over the week ahead, minute by minute, never the busy minute.
            spread = due_at + timedelta(minutes=1 + (n * 7919) % (7 * 24 * 60 - 1))
            next_at = due_at if n < due else spread
            rows.append(
                {
                    "chat_id": chat_base + n,
                    "user_id": chat_base + n,
                    "start_date": start,
                    "timezone": zones[n % len(zones)],
                    "reminder_time": next_at.time(),
                    "recap_weekday": 6,
                    "recap_time": next_at.time(),
                    "onboarding": OnboardingStep.DONE,
                    "active": True,
                    "next_reminder_at": next_at,
                    "next_recap_at": next_at + timedelta(days=3),
                }
            )
            if len(rows) == 5000:
                await connection.execute(insert(Learner), rows)
                rows = []
        if rows:
            await connection.execute(insert(Learner), rows)
        await connection.execute(plans.first_segments("standard"))


async def fresh_database(url: str | None, name: str) -> tuple[str, AsyncEngine]:
    """A migrated, empty database: SQLite in a temp folder, or a new PostgreSQL database."""
    if url is None:
        path = Path(tempfile.mkdtemp(prefix="coach-bench-")) / f"{name}.db"
        database = f"sqlite+aiosqlite:///{path}"
    else:
        from sqlalchemy.engine import make_url

        admin = create_engine(url)
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await admin.dispose()
        database = make_url(url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(database)
    await upgrade_database(engine)
    return database, engine
