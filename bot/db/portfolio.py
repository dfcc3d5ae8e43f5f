"""The rows of the portfolio and the goals: a project's link, and the goals ticked. Like
``repo``, nothing here commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GoalTick, ProjectAnswer
from bot.db.repo import conflict_insert
from bot.domain.goals import Tick


async def ship_with_link(
    session: AsyncSession, learner_id: int, roadmap_week: int, link: str | None, at: datetime
) -> tuple[bool, str | None]:
    """Mark a week's project shipped (if it was not) with ``link`` (None keeps the link it has).
    Whether it was newly shipped, and the link it had before."""
    query = select(ProjectAnswer).where(
        ProjectAnswer.learner_id == learner_id, ProjectAnswer.roadmap_week == roadmap_week
    )
    answer = await session.scalar(query)
    if answer is None:
        session.add(
            ProjectAnswer(
                learner_id=learner_id,
                roadmap_week=roadmap_week,
                shipped=True,
                answered_at=at,
                link=link,
            )
        )
        await session.flush()
        return True, None
    before = answer.link
    newly = not answer.shipped
    if newly:
        answer.shipped = True
        answer.answered_at = at
    if link is not None:
        answer.link = link
    await session.flush()
    return newly, before


async def latest_shipped(session: AsyncSession, learner_id: int) -> int | None:
    """The highest roadmap week whose project is marked shipped."""
    query = (
        select(ProjectAnswer.roadmap_week)
        .where(ProjectAnswer.learner_id == learner_id, ProjectAnswer.shipped.is_(True))
        .order_by(ProjectAnswer.roadmap_week.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def latest_shipped_link(
    session: AsyncSession, learner_id: int
) -> tuple[int, str | None] | None:
    """The highest roadmap week whose project is marked shipped, with its link."""
    query = (
        select(ProjectAnswer.roadmap_week, ProjectAnswer.link)
        .where(ProjectAnswer.learner_id == learner_id, ProjectAnswer.shipped.is_(True))
        .order_by(ProjectAnswer.roadmap_week.desc())
        .limit(1)
    )
    found = (await session.execute(query)).first()
    return None if found is None else (found[0], found[1])


async def ticks_of(session: AsyncSession, learner_id: int) -> frozenset[Tick]:
    query = select(GoalTick.roadmap_week, GoalTick.goal).where(GoalTick.learner_id == learner_id)
    return frozenset((week, goal) for week, goal in (await session.execute(query)).all())


async def ticks_by_learner(
    session: AsyncSession, learner_ids: Iterable[int]
) -> dict[int, frozenset[Tick]]:
    """The ticks of many learners in one query."""
    found: dict[int, set[Tick]] = {}
    query = select(GoalTick.learner_id, GoalTick.roadmap_week, GoalTick.goal).where(
        GoalTick.learner_id.in_(list(learner_ids))
    )
    for learner_id, week, goal in (await session.execute(query)).all():
        found.setdefault(learner_id, set()).add((week, goal))
    return {learner_id: frozenset(ticks) for learner_id, ticks in found.items()}


async def set_tick(
    session: AsyncSession, learner_id: int, tick: Tick, ticked: bool, at: datetime
) -> bool:
    """Tick a goal or take the tick back; a no-op when it is so already. Whether it changed."""
    week, goal = tick
    if not ticked:
        removed = await session.scalars(
            delete(GoalTick)
            .where(
                GoalTick.learner_id == learner_id,
                GoalTick.roadmap_week == week,
                GoalTick.goal == goal,
            )
            .returning(GoalTick.id)
        )
        return bool(removed.all())
    row = {"learner_id": learner_id, "roadmap_week": week, "goal": goal, "ticked_at": at}
    insert = conflict_insert(session, GoalTick).values(row).on_conflict_do_nothing()
    statement = insert.returning(GoalTick.id)
    return (await session.scalar(statement)) is not None
