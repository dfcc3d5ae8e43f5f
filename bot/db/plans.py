"""Repository functions for a learner's plan: its segments, catch-up adjustments and the
answers about its projects.

Like ``repo``, none of them commits; the caller's unit of work owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Insert, delete, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Learner, PlanSegment, ProjectAnswer, TargetAdjustment
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
    await session.execute(delete(TargetAdjustment).where(TargetAdjustment.learner_id == learner_id))


async def set_project_answer(
    session: AsyncSession, learner_id: int, roadmap_week: int, shipped: bool, at: datetime
) -> None:
    query = select(ProjectAnswer).where(
        ProjectAnswer.learner_id == learner_id, ProjectAnswer.roadmap_week == roadmap_week
    )
    answer = await session.scalar(query)
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
