"""What the week reports of many learners read, a query each for all of them: the batch path of
the pushes (a claim batch is rendered from a handful of queries, not a handful per learner).

Like ``repo``, none of them commits; the caller's unit of work owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Learner, LogEntry, Note, ProjectAnswer


async def learners_by_chat(session: AsyncSession, chat_ids: Iterable[int]) -> dict[int, Learner]:
    query = select(Learner).where(Learner.chat_id.in_(list(chat_ids)))
    return {learner.chat_id: learner for learner in (await session.scalars(query)).all()}


async def minutes_by_learner_day(
    session: AsyncSession, learner_ids: Iterable[int], last: date
) -> dict[int, dict[date, int]]:
    """Every learner's minutes per day, up to ``last``."""
    query = (
        select(LogEntry.learner_id, LogEntry.day, func.sum(LogEntry.minutes))
        .where(LogEntry.learner_id.in_(list(learner_ids)), LogEntry.day <= last)
        .group_by(LogEntry.learner_id, LogEntry.day)
    )
    found: dict[int, dict[date, int]] = {}
    for learner_id, day, minutes in (await session.execute(query)).all():
        found.setdefault(learner_id, {})[day] = int(minutes)
    return found


async def minutes_by_learner_day_category(
    session: AsyncSession, learner_ids: Iterable[int], first: date, last: date
) -> dict[int, list[tuple[date, str, int]]]:
    """Every learner's minutes per day and category, from ``first`` to ``last``."""
    query = (
        select(LogEntry.learner_id, LogEntry.day, LogEntry.category, func.sum(LogEntry.minutes))
        .where(
            LogEntry.learner_id.in_(list(learner_ids)),
            LogEntry.day >= first,
            LogEntry.day <= last,
        )
        .group_by(LogEntry.learner_id, LogEntry.day, LogEntry.category)
    )
    found: dict[int, list[tuple[date, str, int]]] = {}
    for learner_id, day, category, minutes in (await session.execute(query)).all():
        found.setdefault(learner_id, []).append((day, category, int(minutes)))
    return found


async def notes_by_learner(
    session: AsyncSession, learner_ids: Iterable[int], first: date, last: date
) -> dict[int, list[Note]]:
    """Every learner's notes from ``first`` to ``last``, in the order they were written."""
    query = (
        select(Note)
        .where(Note.learner_id.in_(list(learner_ids)), Note.day >= first, Note.day <= last)
        .order_by(Note.learner_id, Note.id)
    )
    found: dict[int, list[Note]] = {}
    for note in (await session.scalars(query)).all():
        found.setdefault(note.learner_id, []).append(note)
    return found


async def project_answers_by_learner(
    session: AsyncSession, learner_ids: Iterable[int]
) -> dict[int, dict[int, bool]]:
    query = select(
        ProjectAnswer.learner_id, ProjectAnswer.roadmap_week, ProjectAnswer.shipped
    ).where(ProjectAnswer.learner_id.in_(list(learner_ids)))
    found: dict[int, dict[int, bool]] = {}
    for learner_id, week, shipped in (await session.execute(query)).all():
        found.setdefault(learner_id, {})[week] = shipped
    return found
