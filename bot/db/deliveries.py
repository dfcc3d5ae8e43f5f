"""The deliveries table: one row a push, whose unique (learner, kind, period) makes it once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery, Learner
from bot.db.repo import dialect_insert, insert_unless_duplicate

DELIVERIES = cast(Table, Delivery.__table__)
LEARNERS = cast(Table, Learner.__table__)


async def add_delivery(session: AsyncSession, **values: Any) -> int | None:
    """A delivery row; None when one with the same (learner, kind, period) exists."""
    values.setdefault("attempts", 0)
    return await insert_unless_duplicate(session, Delivery, values)


async def add_deliveries(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> dict[tuple[int, str, str], int]:
    """Many delivery rows in one statement (each with every column, None as NULL); the ids of
    those inserted, by (learner, kind, period). A row whose push exists already is left out."""
    if not rows:
        return {}
    statement = _add_deliveries(session.get_bind().dialect.name)
    # Core, not the ORM's bulk insert: the rows are plain values, and so are the ids back.
    result = await (await session.connection()).execute(statement, list(rows))
    return {(learner_id, kind, period): id_ for id_, learner_id, kind, period in result.all()}


async def set_due_times(session: AsyncSession, due: Sequence[dict[str, Any]]) -> None:
    """The next due times of many learners (``{"b_id", "next_reminder_at", "next_recap_at"}``
    each), in one executemany."""
    if due:
        await (await session.connection()).execute(_SET_DUE_TIMES, list(due))


@cache
def _add_deliveries(dialect: str) -> Any:
    """``add_deliveries``' INSERT … ON CONFLICT DO NOTHING RETURNING, built once a dialect."""
    return (
        dialect_insert(dialect)(DELIVERIES)
        .on_conflict_do_nothing()
        .returning(DELIVERIES.c.id, DELIVERIES.c.learner_id, DELIVERIES.c.kind, DELIVERIES.c.period)
    )


_SET_DUE_TIMES = (
    update(LEARNERS)
    .where(LEARNERS.c.id == bindparam("b_id"))
    .values(
        next_reminder_at=bindparam("next_reminder_at", type_=LEARNERS.c.next_reminder_at.type),
        next_recap_at=bindparam("next_recap_at", type_=LEARNERS.c.next_recap_at.type),
    )
)


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
