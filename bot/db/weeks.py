"""What week reports read: of many learners, a query each for all of them (the batch path of
the pushes: a claim batch is rendered from a handful of queries, not a handful per learner);
of one learner, everything in one statement (``week_rows``).

Like ``repo``, none of them commits; the caller's unit of work owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import json_rows
from bot.db.models import GoalTick, Learner, LogEntry, Note, ProjectAnswer
from bot.domain.goals import Tick


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


# --- one learner's week, in one statement ---------------------------------------------------------


@dataclass(frozen=True)
class NoteRow:
    """A note as read with the week (what a report shows of it)."""

    id: int
    day: date
    text: str


@dataclass(frozen=True)
class WeekRows:
    """What a week report reads besides the learner: the minutes per day up to today, and the
    week's minutes per category, notes, project answers and ticked goals."""

    all_days: dict[date, int]
    by_category: dict[str, int]
    notes: tuple[NoteRow, ...]
    answers: dict[int, bool]
    ticks: frozenset[Tick]


async def week_rows(
    session: AsyncSession, learner_id: int, today: date, week: tuple[date, date] | None
) -> WeekRows:
    """Everything a week report reads of one learner (``week``: its first and last day; None
    outside the plan), in one statement of scalar subqueries."""
    days = (
        select(LogEntry.day, func.sum(LogEntry.minutes).label("total"))
        .where(LogEntry.learner_id == learner_id, LogEntry.day <= today)
        .group_by(LogEntry.day)
        .subquery()
    )
    columns: list[Any] = [
        select(json_rows.aggregate(session, days.c.day, days.c.total)).scalar_subquery()
    ]
    if week is not None:
        first, last = week
        categories = (
            select(LogEntry.category, func.sum(LogEntry.minutes).label("total"))
            .where(LogEntry.learner_id == learner_id, LogEntry.day.between(first, last))
            .group_by(LogEntry.category)
            .subquery()
        )
        columns += [
            select(json_rows.aggregate(session, categories.c.category, categories.c.total)),
            select(json_rows.aggregate(session, Note.id, Note.day, Note.text)).where(
                Note.learner_id == learner_id, Note.day.between(first, last)
            ),
            select(
                json_rows.aggregate(session, ProjectAnswer.roadmap_week, ProjectAnswer.shipped)
            ).where(ProjectAnswer.learner_id == learner_id),
            select(json_rows.aggregate(session, GoalTick.roadmap_week, GoalTick.goal)).where(
                GoalTick.learner_id == learner_id
            ),
        ]
        columns[1:] = [c.scalar_subquery() for c in columns[1:]]
    found = (await session.execute(select(*columns))).one()
    all_days = {json_rows.day(d): int(m) for d, m in json_rows.rows(found[0])}
    if week is None:
        return WeekRows(all_days, {}, (), {}, frozenset())
    return WeekRows(
        all_days,
        {str(category): int(m) for category, m in json_rows.rows(found[1])},
        tuple(
            sorted(
                (NoteRow(int(i), json_rows.day(d), str(t)) for i, d, t in json_rows.rows(found[2])),
                key=lambda n: n.id,
            )
        ),
        {int(w): bool(shipped) for w, shipped in json_rows.rows(found[3])},
        frozenset((int(w), int(g)) for w, g in json_rows.rows(found[4])),
    )
