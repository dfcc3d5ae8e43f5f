"""Logging time: /log and bare durations, /undo, /history and deleting an entry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import repo
from bot.db.models import LogEntry
from bot.domain.parsing import MAX_DAY_MINUTES, ParseError, format_minutes, parse_log
from bot.domain.plan import FreeDay, LearnerPlan, PlanWeek, focus_on
from bot.services.learners import Learners, LearnerView, Source

HISTORY_SIZE = 10
# Written in the same transaction as a new entry (a focus session ended); an error undoes both.
AlsoWrite = Callable[[AsyncSession, int], Awaitable[ParseError | None]]


@dataclass(frozen=True)
class EntryView:
    id: int
    day: date
    minutes: int
    category: str
    note: str | None
    logged_at: datetime | None = None  # when it was logged (not the day it is for)


@dataclass(frozen=True)
class WeekTotal:
    """Logged minutes of one plan week (None when the day lies outside the plan)."""

    week: PlanWeek | None
    minutes: int


@dataclass(frozen=True)
class Logged:
    entry: EntryView
    total: WeekTotal
    learner: LearnerView
    already: bool = False  # the same message had been recorded before


@dataclass(frozen=True)
class History:
    learner: LearnerView
    entries: tuple[EntryView, ...]


class Logbook:
    """The learner's log entries: adding, undoing, listing and deleting them."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    def default_category(self, plan: LearnerPlan, day: date) -> str:
        """The category of the day's focus; on a free day, that of the last scheduled day."""
        for back in range(7):
            session = focus_on(plan, day - timedelta(days=back))
            if not isinstance(session, FreeDay):
                return session.category
        return self.curriculum.categories[0].id

    def log_window(self, view: LearnerView) -> tuple[date, str]:
        """The earliest day a log may be dated, and what that day is: the start of last plan
        week, or of the plan in its first week."""
        week = view.week_of(view.today)
        if week is not None:
            if week.number == 1:
                return view.plan.start, "the start of your plan"
            return week.first_day - timedelta(weeks=1), "the start of last week"
        return view.today - timedelta(days=7), "a week ago"

    async def week_total(
        self, session: AsyncSession, learner_id: int, view: LearnerView, day: date
    ) -> WeekTotal:
        week = view.week_of(day) if day >= view.plan.start else None
        if week is None:
            return WeekTotal(None, await repo.minutes_on(session, learner_id, day))
        by_day = await repo.minutes_by_day(session, learner_id, week.first_day, week.last_day)
        return WeekTotal(week, sum(by_day.values()))

    async def log_hours(
        self, chat_id: int, arguments: str, source: Source | None, also: AlsoWrite | None = None
    ) -> Logged | ParseError:
        """/log and bare durations: store one entry unless the message was recorded before.

        One write transaction of two statements: the learner with their plan's rows (their row
        locked on PostgreSQL; SQLite has one writer), then the insert, which checks the day's
        24 h itself. Begun once the lock is held, it counts every entry another replica's log
        committed meanwhile, which the first statement may have waited on but not seen.
        """
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id, lock=True)
            view = await self.learners.view(session, learner)
            request = parse_log(arguments, view.today, self.curriculum.category_words)
            if isinstance(request, ParseError):
                return request
            day = request.day or view.today
            earliest, which = self.log_window(view)
            if day < earliest:
                return ParseError(
                    f"{day.isoformat()} is too far back: you can log from "
                    f"{earliest.isoformat()} ({which}) up to today."
                )
            category = request.category or self.default_category(view.plan, day)
            learner_id = learner.id
            week = view.week_of(day) if day >= view.plan.start else None
            first, last = (week.first_day, week.last_day) if week else (day, day)
            added = await repo.add_log_entry_within(
                session,
                MAX_DAY_MINUTES,
                first,
                last,
                learner_id=learner_id,
                day=day,
                minutes=request.minutes,
                category=category,
                note=request.note,
                source_chat_id=source.chat_id if source else None,
                source_message_id=source.message_id if source else None,
                created_at=self.learners.clock.now(),
            )
            if added is None:
                recorded = await self._recorded(session, view, source)
                if recorded is not None:  # a redelivery: report the entry recorded before
                    return recorded
                on_day = await repo.minutes_on(session, learner_id, day)
                return ParseError(
                    f"That would make {format_minutes(on_day + request.minutes)} on "
                    f"{day.isoformat()}, and a day has 24 h. "
                    f"Already logged that day: {format_minutes(on_day)}."
                )
            if also is not None and (refused := await also(session, learner_id)) is not None:
                return refused  # rolled back: nothing stored
            await session.commit()
        entry = EntryView(
            added.id, day, request.minutes, category, request.note, self.learners.clock.now()
        )
        return Logged(entry, WeekTotal(week, added.besides + request.minutes), view)

    async def _recorded(
        self, session: AsyncSession, view: LearnerView, source: Source | None
    ) -> Logged | None:
        """The entry ``source`` recorded before, reported as already recorded; None if none."""
        if source is None:
            return None
        existing = await repo.log_entry_from(session, source.chat_id, source.message_id)
        if existing is None:
            return None
        total = await self.week_total(session, existing.learner_id, view, existing.day)
        return Logged(entry_view(existing), total, view, already=True)

    async def logged_from(self, source: Source) -> Logged | None:
        """The entry a message recorded before, reported as already recorded; None if none."""
        async with self.learners.reading(source.chat_id) as (session, learner):
            existing = await repo.log_entry_from(session, source.chat_id, source.message_id)
            if existing is None:
                return None
            view = await self.learners.view(session, learner)
            total = await self.week_total(session, learner.id, view, existing.day)
        return Logged(entry_view(existing), total, view, already=True)

    async def undo(
        self, chat_id: int, source: Source | None = None
    ) -> tuple[EntryView, WeekTotal] | ParseError:
        """/undo: remove the latest entry. Keyed on its message: a redelivered /undo answers
        with the entry it removed the first time and removes nothing more."""
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            await repo.lock_learner(session, learner.id)
            before = None
            if source is not None:
                before = await repo.undone_from(session, source.chat_id, source.message_id)
            if before is not None:
                entry = EntryView(
                    before.entry_id,
                    before.day,
                    before.minutes,
                    before.category,
                    before.note,
                    before.logged_at,
                )
            else:
                latest = await repo.latest_log_entries(session, learner.id, 1)
                if not latest:
                    return ParseError("Nothing to undo: you have no log entries yet.")
                entry = entry_view(latest[0])
                await repo.delete_log_entry(session, learner.id, entry.id)
                if source is not None:
                    await repo.add_undone(
                        session,
                        learner_id=learner.id,
                        entry_id=entry.id,
                        day=entry.day,
                        minutes=entry.minutes,
                        category=entry.category,
                        note=entry.note,
                        logged_at=entry.logged_at or self.learners.clock.now(),
                        source_chat_id=source.chat_id,
                        source_message_id=source.message_id,
                    )
            view = await self.learners.view(session, learner)
            total = await self.week_total(session, learner.id, view, entry.day)
            await session.commit()
        return entry, total

    async def history(self, chat_id: int) -> History:
        async with self.learners.reading(chat_id) as (session, learner):
            view = await self.learners.view(session, learner)
            entries = await repo.latest_log_entries(session, learner.id, HISTORY_SIZE)
        return History(view, tuple(entry_view(e) for e in entries))

    async def delete_entry(self, chat_id: int, entry_id: int) -> EntryView | None:
        """Delete one of the chat's own entries; None when it is not theirs or already gone."""
        async with self.learners.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return None
            entry = await repo.log_entry(session, learner.id, entry_id)
            if entry is None:
                return None
            view = entry_view(entry)
            await repo.delete_log_entry(session, learner.id, entry_id)
            await session.commit()
        return view


def entry_view(entry: LogEntry) -> EntryView:
    return EntryView(
        entry.id, entry.day, entry.minutes, entry.category, entry.note, entry.created_at
    )
