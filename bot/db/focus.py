"""Focus sessions: the one running session of a learner, started and ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import FocusSession


async def running(session: AsyncSession, learner_id: int) -> FocusSession | None:
    """The learner's running session, if any."""
    query = select(FocusSession).where(FocusSession.learner_id == learner_id)
    return await session.scalar(query)


async def start(
    session: AsyncSession, learner_id: int, started_at: datetime, category: str | None
) -> bool:
    """Start a session unless one runs (the unique key decides, also between replicas);
    whether this call started it."""
    values = {
        "learner_id": learner_id,
        "started_at": started_at,
        "category": category,
        "created_at": started_at,
    }
    statement: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        statement = postgresql.insert(FocusSession).values(**values).on_conflict_do_nothing()
    else:
        statement = sqlite.insert(FocusSession).values(**values).on_conflict_do_nothing()
    result = await session.execute(statement.returning(FocusSession.id))
    return result.scalar_one_or_none() is not None


async def end(session: AsyncSession, learner_id: int, session_id: int) -> bool:
    """End that session; False when it had ended already (another /stop got there first)."""
    result = await session.execute(
        delete(FocusSession).where(
            FocusSession.learner_id == learner_id, FocusSession.id == session_id
        )
    )
    return bool(getattr(result, "rowcount", 0))
