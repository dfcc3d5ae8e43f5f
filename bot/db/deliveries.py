"""The deliveries table: one row a push, whose unique (learner, kind, period) makes it once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery, Learner
from bot.db.repo import conflict_insert, insert_unless_duplicate


async def add_delivery(session: AsyncSession, **values: Any) -> int | None:
    """A delivery row; None when one with the same (learner, kind, period) exists."""
    values.setdefault("attempts", 0)
    return await insert_unless_duplicate(session, Delivery, values)


async def add_deliveries(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> dict[tuple[int, str, str], int]:
    """Many delivery rows in one statement (each with the same columns); the ids of those
    inserted, by (learner, kind, period). A row whose push exists already is left out."""
    if not rows:
        return {}
    statement = conflict_insert(session, Delivery).on_conflict_do_nothing()
    returning = statement.returning(
        Delivery.id, Delivery.learner_id, Delivery.kind, Delivery.period
    )
    # Every row with every column (None as NULL), so that all go in one batch.
    result = await session.execute(returning, list(rows), execution_options={"render_nulls": True})
    return {(learner_id, kind, period): id_ for id_, learner_id, kind, period in result.all()}


async def set_due_times(session: AsyncSession, due: Sequence[dict[str, Any]]) -> None:
    """The next due times of many learners (``{"id", "next_reminder_at", "next_recap_at"}``
    each), in one executemany."""
    if due:
        await session.execute(update(Learner), list(due))


async def cancel_pending(session: AsyncSession, learner_id: int, kind: str, period: str) -> None:
    await session.execute(
        delete(Delivery).where(
            Delivery.learner_id == learner_id,
            Delivery.kind == kind,
            Delivery.period == period,
            Delivery.status == "pending",
        )
    )


async def bring_forward(
    session: AsyncSession, learner_id: int, kind: str, period: str, now: datetime
) -> None:
    """Make a pending push due now, if it was due later."""
    await session.execute(
        update(Delivery)
        .where(
            Delivery.learner_id == learner_id,
            Delivery.kind == kind,
            Delivery.period == period,
            Delivery.status == "pending",
            Delivery.due_at > now,
        )
        .values(due_at=now)
    )


async def deliveries_of(session: AsyncSession, learner_id: int) -> Sequence[Delivery]:
    query = select(Delivery).where(Delivery.learner_id == learner_id).order_by(Delivery.id)
    return (await session.scalars(query)).all()
