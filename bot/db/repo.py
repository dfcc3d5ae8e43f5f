"""Repository functions: queries and writes on a session that the caller's unit of work owns.

None of them commits. Every function that touches a learner's rows takes the learner's id, so
a request can only ever reach its own learner's data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Date, Integer, Table, bindparam, delete, func, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db import plans
from bot.db.models import (
    Delivery,
    FocusSession,
    GoalTick,
    Heartbeat,
    Learner,
    LogEntry,
    Note,
    Pause,
    PlanSegment,
    ProjectAnswer,
    TargetAdjustment,
    UndoneEntry,
)
from bot.domain.plan import Pause as PlanPause

# --- helpers -----------------------------------------------------------------------------------


def conflict_insert(session: AsyncSession, model: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into ``model`` (a mapped class or a table) that knows ON CONFLICT, in the
    dialect of the session."""
    return dialect_insert(session.get_bind().dialect.name)(model)


def dialect_insert(dialect: str) -> Callable[[Any], postgresql.Insert | sqlite.Insert]:
    """``insert()`` that knows ON CONFLICT, of ``dialect`` (for statements built once)."""
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(dialect)  # pragma: no cover - only the two supported backends


async def insert_unless_duplicate(
    session: AsyncSession,
    model: type[LogEntry] | type[Note] | type[Delivery] | type[Learner] | type[UndoneEntry],
    values: dict[str, Any],
) -> int | None:
    """INSERT that does nothing on a unique-key conflict; returns the new id, or None."""
    statement = conflict_insert(session, model).values(**values).on_conflict_do_nothing()
    result = await session.execute(statement.returning(model.id))
    return result.scalar_one_or_none()


# --- learners ----------------------------------------------------------------------------------


async def learner_by_chat(session: AsyncSession, chat_id: int) -> Learner | None:
    return await session.scalar(select(Learner).where(Learner.chat_id == chat_id))


async def learner_by_id(session: AsyncSession, learner_id: int) -> Learner | None:
    return await session.get(Learner, learner_id)


async def add_learner(session: AsyncSession, **values: Any) -> tuple[Learner, bool]:
    """The chat's learner, created with ``values`` unless it exists; whether it was created.

    Safe against a concurrent first message from the same chat (another replica): the
    insert does nothing on a conflict, and the row that won is read back.
    """
    created = await insert_unless_duplicate(session, Learner, values) is not None
    learner = await learner_by_chat(session, values["chat_id"])
    assert learner is not None
    return learner, created


async def lock_learner(session: AsyncSession, learner_id: int) -> None:
    """Hold the learner's row until the transaction ends, so that checks of the learner's
    totals (a day's 24 h, a week's notes) and the write that follows are not interleaved with
    another replica's. SQLite needs nothing: a write transaction holds its one write lock from
    BEGIN IMMEDIATE."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(Learner.id).where(Learner.id == learner_id).with_for_update())


async def forget_learner(session: AsyncSession, learner_id: int) -> None:
    """Delete every row of a learner in every table."""
    plans.forget_stashed_plan(session, learner_id)
    models = (
        LogEntry,
        UndoneEntry,
        Note,
        Pause,
        Delivery,
        ProjectAnswer,
        PlanSegment,
        TargetAdjustment,
        FocusSession,
        GoalTick,
    )
    for model in models:
        await session.execute(delete(model).where(model.learner_id == learner_id))
    await session.execute(delete(Learner).where(Learner.id == learner_id))


async def count_learners(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Learner)) or 0


# --- pauses ------------------------------------------------------------------------------------


async def pauses_of(session: AsyncSession, learner_id: int) -> Sequence[Pause]:
    query = select(Pause).where(Pause.learner_id == learner_id).order_by(Pause.start_date)
    return (await session.scalars(query)).all()


async def pauses_by_learner(
    session: AsyncSession, learner_ids: Iterable[int]
) -> dict[int, list[Pause]]:
    """The pauses of many learners in one query."""
    found: dict[int, list[Pause]] = {}
    query = select(Pause).where(Pause.learner_id.in_(list(learner_ids))).order_by(Pause.start_date)
    for pause in (await session.scalars(query)).all():
        found.setdefault(pause.learner_id, []).append(pause)
    return found


async def replace_pauses(
    session: AsyncSession, learner_id: int, pauses: Iterable[PlanPause]
) -> None:
    """Make the learner's pauses exactly ``pauses``."""
    plans.forget_stashed_plan(session, learner_id)
    await session.execute(delete(Pause).where(Pause.learner_id == learner_id))
    session.add_all(
        Pause(learner_id=learner_id, start_date=p.start, end_date=p.end) for p in pauses
    )
    await session.flush()


# --- log entries -------------------------------------------------------------------------------


async def add_log_entry(session: AsyncSession, **values: Any) -> int | None:
    """Store an entry; None when its source message was already recorded."""
    return await insert_unless_duplicate(session, LogEntry, values)


@dataclass(frozen=True)
class Added:
    """A new log entry, and the minutes logged on the days asked about besides it."""

    id: int
    besides: int


async def add_log_entry_within(
    session: AsyncSession, day_cap: int, first: date, last: date, **values: Any
) -> Added | None:
    """Store an entry unless its source message was already recorded or its day would have
    more than ``day_cap`` minutes; with the learner's other minutes from ``first`` to ``last``.

    One statement, whose checks count the entries there when it begins: with the learner's
    row locked before it (as every write that adds to a day locks it), that is all of them."""
    statement = _log_within(session.get_bind().dialect.name, tuple(values))
    bound = {f"v_{name}": value for name, value in values.items()}
    bound |= {"first": first, "last": last, "day_cap": day_cap}
    found = (await session.execute(statement, bound)).first()
    return None if found is None else Added(found[0], int(found[1]))


@cache
def _log_within(dialect: str, names: tuple[str, ...]) -> Any:
    """``add_log_entry_within``'s statement, built once a dialect and set of columns (building
    it cost about 1 ms, a third of a /log): everything it is given is a bound parameter."""
    table = cast(Table, LogEntry.__table__)  # Core: the parameters are bound, not ORM rows
    value = {name: bindparam(f"v_{name}", type_=table.c[name].type) for name in names}
    on_day = select(func.coalesce(func.sum(LogEntry.minutes), 0)).where(
        LogEntry.learner_id == value["learner_id"], LogEntry.day == value["day"]
    )
    # The entry inserted is left out by its id: SQLite's RETURNING sees it, PostgreSQL's does
    # not. SQLAlchemy correlates no subquery with an INSERT's table: the id is named as is.
    inserted = literal_column(f"{LogEntry.__tablename__}.id", Integer)
    other = aliased(LogEntry)
    besides = select(func.coalesce(func.sum(other.minutes), 0)).where(
        other.learner_id == value["learner_id"],
        other.day >= bindparam("first", type_=Date),
        other.day <= bindparam("last", type_=Date),
        other.id != inserted,
    )
    room = on_day.scalar_subquery() + value["minutes"] <= bindparam("day_cap", type_=Integer)
    return (
        dialect_insert(dialect)(table)
        .from_select(list(names), select(*value.values()).where(room))
        .on_conflict_do_nothing()
        .returning(table.c.id, besides.scalar_subquery())
    )


async def log_entry_from(session: AsyncSession, chat_id: int, message_id: int) -> LogEntry | None:
    query = select(LogEntry).where(
        LogEntry.source_chat_id == chat_id, LogEntry.source_message_id == message_id
    )
    return await session.scalar(query)


async def log_entry(session: AsyncSession, learner_id: int, entry_id: int) -> LogEntry | None:
    query = select(LogEntry).where(LogEntry.learner_id == learner_id, LogEntry.id == entry_id)
    return await session.scalar(query)


async def latest_log_entries(
    session: AsyncSession, learner_id: int, limit: int
) -> Sequence[LogEntry]:
    query = (
        select(LogEntry)
        .where(LogEntry.learner_id == learner_id)
        .order_by(LogEntry.created_at.desc(), LogEntry.id.desc())
        .limit(limit)
    )
    return (await session.scalars(query)).all()


async def delete_log_entry(session: AsyncSession, learner_id: int, entry_id: int) -> bool:
    result = await session.execute(
        delete(LogEntry).where(LogEntry.learner_id == learner_id, LogEntry.id == entry_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def add_undone(session: AsyncSession, **values: Any) -> int | None:
    """Keep what an /undo removed under its message; None when that message undid before."""
    return await insert_unless_duplicate(session, UndoneEntry, values)


async def undone_from(session: AsyncSession, chat_id: int, message_id: int) -> UndoneEntry | None:
    """What the /undo of that message removed, if it was handled before."""
    query = select(UndoneEntry).where(
        UndoneEntry.source_chat_id == chat_id, UndoneEntry.source_message_id == message_id
    )
    return await session.scalar(query)


async def log_entries_between(
    session: AsyncSession, learner_id: int, first: date, last: date
) -> Sequence[LogEntry]:
    query = (
        select(LogEntry)
        .where(LogEntry.learner_id == learner_id, LogEntry.day >= first, LogEntry.day <= last)
        .order_by(LogEntry.day, LogEntry.id)
    )
    return (await session.scalars(query)).all()


async def all_log_entries(session: AsyncSession, learner_id: int) -> Sequence[LogEntry]:
    query = select(LogEntry).where(LogEntry.learner_id == learner_id)
    return (await session.scalars(query.order_by(LogEntry.day, LogEntry.id))).all()


async def minutes_by_day(
    session: AsyncSession, learner_id: int, first: date, last: date
) -> dict[date, int]:
    query = (
        select(LogEntry.day, func.sum(LogEntry.minutes))
        .where(LogEntry.learner_id == learner_id, LogEntry.day >= first, LogEntry.day <= last)
        .group_by(LogEntry.day)
    )
    return {day: int(total) for day, total in (await session.execute(query)).all()}


async def minutes_by_category(
    session: AsyncSession, learner_id: int, first: date, last: date
) -> dict[str, int]:
    query = (
        select(LogEntry.category, func.sum(LogEntry.minutes))
        .where(LogEntry.learner_id == learner_id, LogEntry.day >= first, LogEntry.day <= last)
        .group_by(LogEntry.category)
    )
    return {category: int(total) for category, total in (await session.execute(query)).all()}


async def minutes_on(session: AsyncSession, learner_id: int, day: date) -> int:
    query = select(func.coalesce(func.sum(LogEntry.minutes), 0)).where(
        LogEntry.learner_id == learner_id, LogEntry.day == day
    )
    return int(await session.scalar(query) or 0)


async def total_minutes(session: AsyncSession, learner_id: int, until: date | None = None) -> int:
    query = select(func.coalesce(func.sum(LogEntry.minutes), 0)).where(
        LogEntry.learner_id == learner_id
    )
    if until is not None:
        query = query.where(LogEntry.day <= until)
    return int(await session.scalar(query) or 0)


# --- heartbeat ---------------------------------------------------------------------------------


async def beat(session: AsyncSession, host: str, at: datetime) -> None:
    heartbeat = await session.get(Heartbeat, host)
    if heartbeat is None:
        session.add(Heartbeat(host=host, beat_at=at))
    else:
        heartbeat.beat_at = at
    await session.flush()


async def last_beat(session: AsyncSession, host: str) -> datetime | None:
    heartbeat = await session.get(Heartbeat, host)
    return None if heartbeat is None else heartbeat.beat_at


# --- statistics --------------------------------------------------------------------------------


async def bot_stats(session: AsyncSession, since_seen: datetime, since_sent: datetime) -> Stats:
    learners = await session.scalar(select(func.count()).select_from(Learner)) or 0
    active = await session.scalar(
        select(func.count()).select_from(Learner).where(Learner.last_seen_at >= since_seen)
    )
    sent = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(Delivery.status == "sent", Delivery.finished_at >= since_sent)
    )
    last_tick = await session.scalar(select(func.max(Heartbeat.beat_at)))
    return Stats(learners, active or 0, sent or 0, last_tick)


@dataclass(frozen=True)
class Stats:
    learners: int
    active_recently: int
    pushes_sent: int
    last_tick: datetime | None


async def next_due_after(session: AsyncSession, after: datetime) -> datetime | None:
    """The earliest push due after ``after``: a reminder, a recap, or a snoozed reminder."""
    candidates = [
        await session.scalar(
            select(func.min(Learner.next_reminder_at)).where(Learner.next_reminder_at > after)
        ),
        await session.scalar(
            select(func.min(Learner.next_recap_at)).where(Learner.next_recap_at > after)
        ),
        await session.scalar(
            select(func.min(Delivery.due_at)).where(
                Delivery.status == "pending", Delivery.due_at > after
            )
        ),
    ]
    found = [c for c in candidates if c is not None]
    return min(found) if found else None
