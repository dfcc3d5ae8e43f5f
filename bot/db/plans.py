"""Repository functions for a learner's plan: its segments, catch-up adjustments and the
answers about its projects.

Like ``repo``, none of them commits; the caller's unit of work owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Insert, bindparam, delete, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import json_rows
from bot.db.models import (
    Learner,
    Pause,
    PlanSegment,
    ProjectAnswer,
    TargetAdjustment,
)
from bot.domain.plan import Segment


async def segments_of(session: AsyncSession, learner_id: int) -> Sequence[PlanSegment]:
    query = (
        select(PlanSegment)
        .where(PlanSegment.learner_id == learner_id)
        .order_by(PlanSegment.from_week)
    )
    return (await session.scalars(query)).all()


async def segments_by_learner(
    session: AsyncSession, learner_ids: Iterable[int]
) -> dict[int, list[PlanSegment]]:
    """The segments of many learners in one query."""
    found: dict[int, list[PlanSegment]] = {}
    query = (
        select(PlanSegment)
        .where(PlanSegment.learner_id.in_(list(learner_ids)))
        .order_by(PlanSegment.learner_id, PlanSegment.from_week)
    )
    for segment in (await session.scalars(query)).all():
        found.setdefault(segment.learner_id, []).append(segment)
    return found


async def replace_segments(
    session: AsyncSession, learner_id: int, segments: Iterable[Segment]
) -> None:
    """Make the learner's segments exactly ``segments``."""
    forget_stashed_plan(session, learner_id)
    await session.execute(delete(PlanSegment).where(PlanSegment.learner_id == learner_id))
    session.add_all(
        PlanSegment(
            learner_id=learner_id,
            from_week=segment.from_week,
            pace=segment.pace.id,
            position_numerator=segment.position.numerator,
            position_denominator=segment.position.denominator,
            free_weekday=segment.layout.free,
            long_weekday=segment.layout.long,
        )
        for segment in segments
    )
    await session.flush()


async def adjustments_of(session: AsyncSession, learner_id: int) -> dict[int, int]:
    """Catch-up adjustments by plan week: minutes added to (or taken from) the target."""
    query = select(TargetAdjustment.plan_week, TargetAdjustment.minutes).where(
        TargetAdjustment.learner_id == learner_id
    )
    return {week: minutes for week, minutes in (await session.execute(query)).all()}


async def adjustments_by_learner(
    session: AsyncSession, learner_ids: Iterable[int]
) -> dict[int, dict[int, int]]:
    found: dict[int, dict[int, int]] = {}
    query = select(
        TargetAdjustment.learner_id, TargetAdjustment.plan_week, TargetAdjustment.minutes
    ).where(TargetAdjustment.learner_id.in_(list(learner_ids)))
    for learner_id, week, minutes in (await session.execute(query)).all():
        found.setdefault(learner_id, {})[week] = minutes
    return found


async def adjust_target(
    session: AsyncSession, learner_id: int, plan_week: int, minutes: int
) -> None:
    """Add ``minutes`` (negative: take them) to a plan week's target."""
    forget_stashed_plan(session, learner_id)
    query = select(TargetAdjustment).where(
        TargetAdjustment.learner_id == learner_id, TargetAdjustment.plan_week == plan_week
    )
    row = await session.scalar(query)
    if row is None:
        session.add(TargetAdjustment(learner_id=learner_id, plan_week=plan_week, minutes=minutes))
    else:
        row.minutes += minutes
    await session.flush()


async def clear_adjustments(session: AsyncSession, learner_id: int) -> None:
    forget_stashed_plan(session, learner_id)
    await session.execute(delete(TargetAdjustment).where(TargetAdjustment.learner_id == learner_id))


async def set_project_answer(
    session: AsyncSession, learner_id: int, roadmap_week: int, shipped: bool, at: datetime
) -> bool:
    """Store the week's project answer, answered ``at``; whether it changed anything (the same
    answer again keeps its first time)."""
    query = select(ProjectAnswer).where(
        ProjectAnswer.learner_id == learner_id, ProjectAnswer.roadmap_week == roadmap_week
    )
    answer = await session.scalar(query)
    if answer is not None and answer.shipped == shipped:
        return False
    if answer is None:
        session.add(
            ProjectAnswer(
                learner_id=learner_id, roadmap_week=roadmap_week, shipped=shipped, answered_at=at
            )
        )
    else:
        answer.shipped = shipped
        answer.answered_at = at
    await session.flush()
    return True


async def project_answer_rows(session: AsyncSession, learner_id: int) -> Sequence[ProjectAnswer]:
    query = (
        select(ProjectAnswer)
        .where(ProjectAnswer.learner_id == learner_id)
        .order_by(ProjectAnswer.roadmap_week)
    )
    return (await session.scalars(query)).all()


async def project_answers(session: AsyncSession, learner_id: int) -> dict[int, bool]:
    query = select(ProjectAnswer.roadmap_week, ProjectAnswer.shipped).where(
        ProjectAnswer.learner_id == learner_id
    )
    return {week: shipped for week, shipped in (await session.execute(query)).all()}


def first_segments(pace: str) -> Insert:
    """A statement giving every learner without a segment a first one at ``pace`` (for bulk
    loads that insert learners directly)."""
    without = ~select(PlanSegment.id).where(PlanSegment.learner_id == Learner.id).exists()
    rows = select(Learner.id, literal(1), literal(pace), literal(0), literal(1)).where(without)
    columns = ["learner_id", "from_week", "pace", "position_numerator", "position_denominator"]
    return insert(PlanSegment).from_select(columns, rows)


# --- a learner with their plan's rows, in one statement ------------------------------------------


@dataclass(frozen=True)
class PausedDays:
    """A pause row as read with its learner (``start_date`` up to, not including, ``end_date``)."""

    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class SegmentRow:
    """A plan segment row as read with its learner."""

    from_week: int
    pace: str
    position_numerator: int
    position_denominator: int
    free_weekday: int
    long_weekday: int


@dataclass(frozen=True)
class PlanRows:
    """The rows a learner's plan is made of."""

    pauses: tuple[PausedDays, ...]
    segments: tuple[SegmentRow, ...]
    adjustments: dict[int, int]


_STASH = "plan_rows"  # session.info key: learner id -> PlanRows read in this session


def _rows_of(dialect: str, table: type[Any], columns: Sequence[Any]) -> Any:
    """The learner's rows of ``table`` as one JSON array (a scalar subquery)."""
    aggregate = json_rows.aggregate_in(dialect, *columns)
    return select(aggregate).where(table.learner_id == Learner.id).scalar_subquery()


@cache
def _with_plan(dialect: str, lock: bool) -> Any:
    """``learner_with_plan``'s statement, built once a dialect (the chat a bound parameter)."""
    pauses = _rows_of(dialect, Pause, [Pause.start_date, Pause.end_date])
    segments = _rows_of(
        dialect,
        PlanSegment,
        [
            PlanSegment.from_week,
            PlanSegment.pace,
            PlanSegment.position_numerator,
            PlanSegment.position_denominator,
            PlanSegment.free_weekday,
            PlanSegment.long_weekday,
        ],
    )
    adjustments = _rows_of(
        dialect, TargetAdjustment, [TargetAdjustment.plan_week, TargetAdjustment.minutes]
    )
    query = select(Learner, pauses, segments, adjustments).where(
        Learner.chat_id == bindparam("chat_id")
    )
    return query.with_for_update(of=Learner) if lock else query


async def learner_with_plan(
    session: AsyncSession, chat_id: int, *, lock: bool = False
) -> Learner | None:
    """The chat's learner, with the rows of their plan read in the same statement (kept in
    the session for ``stashed_plan``; every write to them here forgets them). ``lock`` holds
    the learner's row until the transaction ends (PostgreSQL; SQLite's write transaction holds
    its one write lock already). A statement that waited for the lock still reads the other
    tables as they were when it began: a check of what the learner has written (a day's 24 h)
    belongs in a later statement, which sees what the holder of the lock committed."""
    query = _with_plan(session.get_bind().dialect.name, lock)
    found = (await session.execute(query, {"chat_id": chat_id})).first()
    if found is None:
        return None
    learner: Learner = found[0]
    pause_rows, segment_rows, adjustment_rows = found[1:]
    rows = PlanRows(
        tuple(
            sorted(
                (
                    PausedDays(json_rows.day(start), json_rows.day(end) if end else None)
                    for start, end in json_rows.rows(pause_rows)
                ),
                key=lambda p: p.start_date,
            )
        ),
        tuple(
            sorted(
                (SegmentRow(*row) for row in json_rows.rows(segment_rows)),
                key=lambda s: s.from_week,
            )
        ),
        {int(week): int(minutes) for week, minutes in json_rows.rows(adjustment_rows)},
    )
    session.info.setdefault(_STASH, {})[learner.id] = rows
    return learner


def stashed_plan(session: AsyncSession, learner_id: int) -> PlanRows | None:
    """The plan's rows read with the learner in this session, unless written since."""
    stash: dict[int, PlanRows] = session.info.get(_STASH, {})
    return stash.get(learner_id)


def forget_stashed_plan(session: AsyncSession, learner_id: int) -> None:
    """The plan's rows change: read them afresh next time."""
    session.info.get(_STASH, {}).pop(learner_id, None)
