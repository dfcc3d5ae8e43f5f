"""The use cases of the conversation: what each command does, with no Telegram in sight.

Every method opens its own unit of work and commits it; it returns a view for ``texts.py`` to
render, or a ``ParseError`` carrying the sentence that tells the learner what was wrong (in which
case nothing was stored).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import repo
from bot.db.models import DeliveryKind, DeliveryStatus, Learner, LogEntry, Note, OnboardingStep
from bot.db.models import Pause as PauseRow
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import WEEKDAYS, Curriculum, Pace, Tip
from bot.domain.due import GRACE, Schedule, next_recap_at, next_reminder_at
from bot.domain.parsing import (
    MAX_DAY_MINUTES,
    ParseError,
    format_minutes,
    parse_log,
    parse_note,
    zone_from_key,
)
from bot.domain.plan import (
    Finished,
    FreeDay,
    LearnerPlan,
    Pause,
    PlanWeek,
    Position,
    focus_on,
    plan_week_by_number,
    position_on,
    projected_finish,
    rebased_start,
    streak,
    week_tallies,
)

ONBOARDING_ORDER = (
    OnboardingStep.PACE,
    OnboardingStep.START,
    OnboardingStep.TIMEZONE,
    OnboardingStep.REMINDER,
    OnboardingStep.DONE,
)
HISTORY_SIZE = 10
# A new learner's settings until they answer the setup questions (DESIGN: standard pace,
# this Monday, UTC, reminders at 18:00, recap on Sunday at 20:00).
DEFAULT_PACE = "standard"
DEFAULT_REMINDER = time(18, 0)
DEFAULT_RECAP_WEEKDAY = 6
DEFAULT_RECAP_TIME = time(20, 0)
SNOOZE_DELAY = timedelta(hours=1)
MAX_PAUSE_DAYS = 365
TOUCH_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Source:
    """The Telegram message a log entry or note came from (its idempotency key)."""

    chat_id: int
    message_id: int


@dataclass(frozen=True)
class LearnerView:
    """A learner's settings and where their plan stands today."""

    chat_id: int
    first_name: str | None
    pace: Pace
    start: date
    zone_key: str
    zone: tzinfo
    reminder: time | None
    recap_weekday: int
    recap_time: time
    onboarding: OnboardingStep
    pause: Pause | None  # the pause in force today, if any
    plan: LearnerPlan
    today: date
    position: Position

    @property
    def onboarded(self) -> bool:
        return self.onboarding is OnboardingStep.DONE


@dataclass(frozen=True)
class Changed:
    """A learner after a settings change; ``advanced`` when it answered the onboarding step
    the learner was on (so the next question is due)."""

    learner: LearnerView
    advanced: bool


@dataclass(frozen=True)
class EntryView:
    id: int
    day: date
    minutes: int
    category: str
    note: str | None


@dataclass(frozen=True)
class NoteView:
    id: int
    day: date
    text: str


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
class NotesAdded:
    added: int
    week_count: int  # bullets this week after adding
    already: bool = False


@dataclass(frozen=True)
class WeekReport:
    """Everything /today, /week, /progress and /recap show about one plan week."""

    learner: LearnerView
    week: PlanWeek | None  # None before the start and after the end
    minutes_by_day: dict[date, int]
    minutes_by_category: dict[str, int]
    notes: tuple[NoteView, ...]
    total_minutes: int  # everything logged up to today
    weekly_minutes: tuple[int, ...]  # every plan week so far, the first one first
    streak: int
    rate_per_week: float | None  # actual minutes a week, once a full week has passed
    projected_finish: date | None
    plan_finish: date
    shipped: bool | None  # the answer about this week's project
    tip: Tip

    @property
    def week_minutes(self) -> int:
        return sum(self.minutes_by_day.values())


@dataclass(frozen=True)
class History:
    learner: LearnerView
    entries: tuple[EntryView, ...]


@dataclass(frozen=True)
class NotesList:
    learner: LearnerView
    week: PlanWeek | None
    notes: tuple[NoteView, ...]
    last_week: bool


@dataclass(frozen=True)
class MilestoneSummary:
    """The end of a roadmap month: hours against its range, projects, a verdict."""

    learner: LearnerView
    month: int
    hours_min: float
    hours_max: float
    expected_progress: str
    total_minutes: int
    shipped: int
    projects: int
    verdict: str  # "ahead", "on track" or "behind"
    recent_hours_per_week: float | None
    suggested_pace: Pace | None  # when the last 3 weeks sit in another pace's band


@dataclass(frozen=True)
class PauseChange:
    learner: LearnerView
    until: date | None  # first day back; None: until /resume
    resumed: bool = False
    shifted_days: int = 0  # on resume: how far the plan moved


_Apply = Callable[[Learner, "LearnerView"], None]
"""A change to a learner's settings, given the learner row and their view before it."""


class Coach:
    """The conversation's use cases over the database, the curriculum and the clock."""

    def __init__(self, curriculum: Curriculum, uow: UnitOfWork, clock: Clock) -> None:
        self.curriculum = curriculum
        self.uow = uow
        self.clock = clock

    # --- loading -------------------------------------------------------------------------------

    async def _learner(
        self, session: AsyncSession, chat_id: int, first_name: str | None = None
    ) -> Learner:
        """The chat's learner, created with the documented defaults on first contact."""
        learner = await repo.learner_by_chat(session, chat_id)
        now = self.clock.now()
        if learner is None:
            today = now.date()  # UTC until the learner picks a zone
            learner, created = await repo.add_learner(
                session,
                chat_id=chat_id,
                user_id=chat_id,
                first_name=first_name,
                pace=DEFAULT_PACE,
                start_date=today - timedelta(days=today.weekday()),
                timezone="UTC",
                reminder_time=DEFAULT_REMINDER,
                recap_weekday=DEFAULT_RECAP_WEEKDAY,
                recap_time=DEFAULT_RECAP_TIME,
                onboarding=OnboardingStep.PACE,
                active=True,
                last_seen_at=now,
            )
            if created:
                self._reschedule(learner, await self._view(session, learner))
        elif self._stale(learner):
            learner.active = True  # writing to the bot again lifts a block
            learner.last_seen_at = now
        return learner

    def _stale(self, learner: Learner) -> bool:
        """Whether the learner must be written to: blocked before, or not seen for a while."""
        seen = learner.last_seen_at
        return not learner.active or seen is None or self.clock.now() - seen >= TOUCH_EVERY

    @asynccontextmanager
    async def _reading(
        self, chat_id: int, first_name: str | None = None, *, by_learner: bool = True
    ) -> AsyncIterator[tuple[AsyncSession, Learner]]:
        """A read transaction on the chat's learner; a write one when the learner is new or
        due to be marked as seen (SQLite then serialises only those). ``by_learner=False``
        (the scheduler reading) never writes and needs the learner to exist."""
        async with self.uow.read() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is not None and (not by_learner or not self._stale(learner)):
                yield session, learner
                return
            if not by_learner:
                raise LookupError(f"no learner in chat {chat_id}")
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id, first_name)
            yield session, learner
            await session.commit()

    def _reschedule(self, learner: Learner, view: LearnerView) -> None:
        """Recompute when the learner's next pushes are due, after any change of settings.

        Counting from a grace window back, so a push due but not yet sent stays due (the
        deliveries' unique key keeps one already sent from going out twice).
        """
        schedule = Schedule(
            view.plan,
            view.zone,
            learner.reminder_time,
            learner.recap_weekday,
            learner.recap_time,
        )
        now = self.clock.now()
        learner.next_reminder_at = next_reminder_at(self.curriculum, schedule, now - GRACE["daily"])
        learner.next_recap_at = next_recap_at(self.curriculum, schedule, now - GRACE["recap"])

    async def _view(self, session: AsyncSession, learner: Learner) -> LearnerView:
        pauses = tuple(
            Pause(p.start_date, p.end_date) for p in await repo.pauses_of(session, learner.id)
        )
        zone = zone_from_key(learner.timezone)
        today = self.clock.now().astimezone(zone).date()
        plan = LearnerPlan(self.curriculum.pace(learner.pace), learner.start_date, pauses)
        current = next((p for p in pauses if p.covers(today)), None)
        return LearnerView(
            chat_id=learner.chat_id,
            first_name=learner.first_name,
            pace=plan.pace,
            start=learner.start_date,
            zone_key=learner.timezone,
            zone=zone,
            reminder=learner.reminder_time,
            recap_weekday=learner.recap_weekday,
            recap_time=learner.recap_time,
            onboarding=learner.onboarding,
            pause=current,
            plan=plan,
            today=today,
            position=position_on(self.curriculum, plan, today),
        )

    async def learner(self, chat_id: int, first_name: str | None = None) -> LearnerView:
        """The learner's settings and position (created on first contact)."""
        async with self._reading(chat_id, first_name) as (session, learner):
            return await self._view(session, learner)

    # --- onboarding and settings ---------------------------------------------------------------

    async def start(self, chat_id: int, first_name: str | None) -> tuple[LearnerView, bool]:
        """/start: the learner (new or returning, data kept) and whether they are new."""
        async with self.uow.write() as session:
            is_new = await repo.learner_by_chat(session, chat_id) is None
            learner = await self._learner(session, chat_id, first_name)
            if first_name and learner.first_name != first_name:
                learner.first_name = first_name
            view = await self._view(session, learner)
            await session.commit()
        return view, is_new

    async def restart_onboarding(self, chat_id: int) -> Changed:
        """Go through the setup questions again; every answer so far is kept until changed."""

        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.onboarding = OnboardingStep.PACE

        return await self._change(chat_id, None, apply)

    async def _change(
        self,
        chat_id: int,
        step: OnboardingStep | None,
        apply: _Apply,
    ) -> Changed:
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            view = await self._view(session, learner)
            apply(learner, view)
            advanced = step is not None and learner.onboarding is step
            if advanced:
                assert step is not None
                learner.onboarding = ONBOARDING_ORDER[ONBOARDING_ORDER.index(step) + 1]
            view = await self._view(session, learner)
            self._reschedule(learner, view)
            await session.commit()
        return Changed(view, advanced)

    async def set_pace(self, chat_id: int, pace_id: str) -> Changed | ParseError:
        if pace_id not in {p.id for p in self.curriculum.paces}:
            names = ", ".join(p.id for p in self.curriculum.paces)
            return ParseError(f"There is no pace called “{pace_id[:40]}”. Choose {names}.")
        pace = self.curriculum.pace(pace_id)

        def apply(learner: Learner, view: LearnerView) -> None:
            if learner.pace != pace_id:
                learner.start_date = rebased_start(self.curriculum, view.plan, pace, view.today)
                learner.pace = pace_id

        return await self._change(chat_id, OnboardingStep.PACE, apply)

    async def set_start(self, chat_id: int, start: date | str) -> Changed | ParseError:
        """``start``: a date, or ``this`` / ``next`` (Monday) / ``today``."""
        view = await self.learner(chat_id)
        today = view.today
        if isinstance(start, str):
            monday = today - timedelta(days=today.weekday())
            choices = {"this": monday, "next": monday + timedelta(weeks=1), "today": today}
            if start not in choices:
                return ParseError("Choose this Monday, next Monday or today, or type a date.")
            start = choices[start]
        if abs((start - today).days) > 366:
            return ParseError(
                f"{start.isoformat()} is more than a year from today; pick a start date "
                "within a year."
            )

        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.start_date = start

        return await self._change(chat_id, OnboardingStep.START, apply)

    async def set_timezone(self, chat_id: int, zone_key: str) -> Changed:
        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.timezone = zone_key

        return await self._change(chat_id, OnboardingStep.TIMEZONE, apply)

    async def set_reminder(self, chat_id: int, at: time | None) -> Changed:
        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.reminder_time = at

        return await self._change(chat_id, OnboardingStep.REMINDER, apply)

    async def set_recap(self, chat_id: int, weekday: str, at: time) -> Changed:
        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.recap_weekday = WEEKDAYS.index(weekday)
            learner.recap_time = at

        return await self._change(chat_id, None, apply)

    async def pause(self, chat_id: int, days: int | None) -> PauseChange | ParseError:
        if days is not None and not 1 <= days <= MAX_PAUSE_DAYS:
            return ParseError(
                f"Pause for 1 to {MAX_PAUSE_DAYS} days, or just /pause to pause until /resume."
            )
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            view = await self._view(session, learner)
            if view.pause is not None:
                until = view.pause.end
                when = f"until {until.isoformat()}" if until else "until you /resume"
                return ParseError(f"You're already paused {when}. Use /resume to continue.")
            end = None if days is None else view.today + timedelta(days=days)
            await repo.add_pause(
                session, PauseRow(learner_id=learner.id, start_date=view.today, end_date=end)
            )
            view = await self._view(session, learner)
            self._reschedule(learner, view)
            await session.commit()
        return PauseChange(view, end)

    async def resume(self, chat_id: int) -> PauseChange | ParseError:
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            view = await self._view(session, learner)
            row = await repo.open_pause(session, learner.id)
            if view.pause is None or row is None:
                return ParseError("You're not paused. /pause stops reminders for a while.")
            shifted = (view.today - row.start_date).days
            if shifted == 0:
                await session.delete(row)  # paused and resumed the same day: no pause at all
            else:
                row.end_date = view.today
            await session.flush()
            view = await self._view(session, learner)
            self._reschedule(learner, view)
            await session.commit()
        return PauseChange(view, None, resumed=True, shifted_days=shifted)

    # --- logging -------------------------------------------------------------------------------

    def default_category(self, plan: LearnerPlan, day: date) -> str:
        """The category of the day's focus; on a free day, that of the last scheduled day."""
        for back in range(7):
            session = focus_on(plan, day - timedelta(days=back))
            if not isinstance(session, FreeDay):
                return session.category
        return self.curriculum.categories[0].id

    def _log_window(self, view: LearnerView) -> date:
        """The earliest day a log may be dated: the start of the previous plan week."""
        position = view.position
        if isinstance(position, PlanWeek):
            if position.number == 1:
                return position.first_day
            return plan_week_by_number(self.curriculum, view.plan, position.number - 1).first_day
        return view.today - timedelta(days=7)

    async def _week_total(
        self, session: AsyncSession, learner_id: int, view: LearnerView, day: date
    ) -> WeekTotal:
        position = position_on(self.curriculum, view.plan, day)
        if not isinstance(position, PlanWeek):
            return WeekTotal(None, await repo.minutes_on(session, learner_id, day))
        by_day = await repo.minutes_by_day(
            session, learner_id, position.first_day, position.last_day
        )
        return WeekTotal(position, sum(by_day.values()))

    async def log(self, chat_id: int, arguments: str, source: Source | None) -> Logged | ParseError:
        """/log and bare durations: store one entry unless the message was recorded before.

        The reads and checks run in a read transaction and only the insert takes the write
        lock (on SQLite one for all learners). A learner's messages are handled one after
        another, so the day's cap checked first still holds when the insert follows.
        """
        async with self._reading(chat_id) as (session, learner):
            view = await self._view(session, learner)
            request = parse_log(arguments, view.today, self.curriculum.category_words)
            if isinstance(request, ParseError):
                return request
            day = request.day or view.today
            earliest = self._log_window(view)
            if day < earliest:
                return ParseError(
                    f"{day.isoformat()} is too far back: you can log from "
                    f"{earliest.isoformat()} (the start of last week) up to today."
                )
            # One query serves both the day's cap and the week's total in the reply.
            position = position_on(self.curriculum, view.plan, day)
            week = position if isinstance(position, PlanWeek) else None
            first, last = (week.first_day, week.last_day) if week else (day, day)
            by_day = await repo.minutes_by_day(session, learner.id, first, last)
            on_day = by_day.get(day, 0)
            if on_day + request.minutes > MAX_DAY_MINUTES:
                return ParseError(
                    f"That would make {format_minutes(on_day + request.minutes)} on "
                    f"{day.isoformat()}, and a day has 24 h. "
                    f"Already logged that day: {format_minutes(on_day)}."
                )
            category = request.category or self.default_category(view.plan, day)
            learner_id = learner.id
        async with self.uow.write() as session:
            entry_id = await repo.add_log_entry(
                session,
                learner_id=learner_id,
                day=day,
                minutes=request.minutes,
                category=category,
                note=request.note,
                source_chat_id=source.chat_id if source else None,
                source_message_id=source.message_id if source else None,
            )
            if entry_id is None and source is not None:
                # This message was recorded before (a redelivery): report that entry.
                existing = await repo.log_entry_from(session, source.chat_id, source.message_id)
                assert existing is not None
                total = await self._week_total(session, learner_id, view, existing.day)
                await session.commit()
                return Logged(_entry(existing), total, view, already=True)
            assert entry_id is not None
            await session.commit()
        entry = EntryView(entry_id, day, request.minutes, category, request.note)
        return Logged(entry, WeekTotal(week, sum(by_day.values()) + request.minutes), view)

    async def undo(self, chat_id: int) -> tuple[EntryView, WeekTotal] | ParseError:
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            latest = await repo.latest_log_entries(session, learner.id, 1)
            if not latest:
                return ParseError("Nothing to undo: you have no log entries yet.")
            entry = _entry(latest[0])
            await repo.delete_log_entry(session, learner.id, entry.id)
            view = await self._view(session, learner)
            total = await self._week_total(session, learner.id, view, entry.day)
            await session.commit()
        return entry, total

    async def history(self, chat_id: int) -> History:
        async with self._reading(chat_id) as (session, learner):
            view = await self._view(session, learner)
            entries = await repo.latest_log_entries(session, learner.id, HISTORY_SIZE)
        return History(view, tuple(_entry(e) for e in entries))

    async def delete_entry(self, chat_id: int, entry_id: int) -> EntryView | None:
        """Delete one of the chat's own entries; None when it is not theirs or already gone."""
        async with self.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return None
            entry = await repo.log_entry(session, learner.id, entry_id)
            if entry is None:
                return None
            view = _entry(entry)
            await repo.delete_log_entry(session, learner.id, entry_id)
            await session.commit()
        return view

    # --- notes ---------------------------------------------------------------------------------

    async def add_notes(
        self, chat_id: int, text: str, source: Source | None, *, for_week_of: datetime | None = None
    ) -> NotesAdded | ParseError:
        """Add bullets to the notes of this week, or of the week holding ``for_week_of`` (the
        instant a notes prompt was sent, when the learner replies to it)."""
        bullets = parse_note(text)
        if isinstance(bullets, ParseError):
            return bullets
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            view = await self._view(session, learner)
            day = view.today if for_week_of is None else for_week_of.astimezone(view.zone).date()
            added = await repo.add_notes(
                session,
                learner.id,
                day,
                bullets,
                chat_id=source.chat_id if source else None,
                message_id=source.message_id if source else None,
            )
            first, last = self._week_bounds(view, day)
            count = len(await repo.notes_between(session, learner.id, first, last))
            await session.commit()
        return NotesAdded(len(added), count, already=not added)

    async def notes(
        self, chat_id: int, *, last_week: bool = False, holding: date | None = None
    ) -> NotesList:
        """This week's notes, last week's, or those of the week holding a given day."""
        async with self._reading(chat_id) as (session, learner):
            view = await self._view(session, learner)
            if holding is None:
                holding = view.today - timedelta(days=7) if last_week else view.today
                week = self._report_week(view, previous=last_week)
            else:
                position = position_on(self.curriculum, view.plan, holding)
                week = position if isinstance(position, PlanWeek) else None
            if week is None:
                first, last = self._week_bounds(view, holding)
            else:
                first, last = week.first_day, week.last_day
            notes = await repo.notes_between(session, learner.id, first, last)
        return NotesList(view, week, tuple(_note(n) for n in notes), last < view.today)

    async def delete_note(self, chat_id: int, note_id: int) -> NoteView | None:
        async with self.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return None
            note = await repo.delete_note(session, learner.id, note_id)
            await session.commit()
        return None if note is None else _note(note)

    # --- reports -------------------------------------------------------------------------------

    def _report_week(
        self, view: LearnerView, *, previous: bool = False, day: date | None = None
    ) -> PlanWeek | None:
        position = view.position if day is None else position_on(self.curriculum, view.plan, day)
        if isinstance(position, Finished) and previous:
            return plan_week_by_number(self.curriculum, view.plan, view.pace.plan_weeks)
        if not isinstance(position, PlanWeek):
            return None
        if not previous:
            return position
        if position.number == 1:
            return None
        return plan_week_by_number(self.curriculum, view.plan, position.number - 1)

    async def week_report(
        self,
        chat_id: int,
        *,
        previous: bool = False,
        by_learner: bool = True,
        day: date | None = None,
    ) -> WeekReport:
        """The report behind /today, /week, /progress, /recap and the pushes: of this week,
        last week, or the week holding ``day``."""
        async with self._reading(chat_id, by_learner=by_learner) as (session, learner):
            view = await self._view(session, learner)
            return await self._week_report(session, learner, view, previous=previous, day=day)

    async def _week_report(
        self,
        session: AsyncSession,
        learner: Learner,
        view: LearnerView,
        *,
        previous: bool,
        day: date | None = None,
    ) -> WeekReport:
        week = self._report_week(view, previous=previous, day=day)
        all_days = await repo.minutes_by_day(session, learner.id, date.min, view.today)
        by_day: dict[date, int] = {}
        by_category: dict[str, int] = {}
        notes: Sequence[Note] = ()
        shipped = None
        if week is not None:
            by_day = {d: m for d, m in all_days.items() if week.first_day <= d <= week.last_day}
            by_category = await repo.minutes_by_category(
                session, learner.id, week.first_day, week.last_day
            )
            notes = await repo.notes_between(session, learner.id, week.first_day, week.last_day)
            shipped = (await repo.project_answers(session, learner.id)).get(week.roadmap_week)
        total = sum(all_days.values())
        tallies = week_tallies(self.curriculum, view.plan, view.today, all_days)
        active_days = sum(
            1
            for n in range((view.today - view.start).days + 1)
            if not view.plan.paused_on(view.start + timedelta(days=n))
        )
        rate = None
        if active_days >= 7:
            in_plan = sum(m for d, m in all_days.items() if d >= view.start)
            rate = in_plan / active_days * 7
        finish = projected_finish(view.pace, view.today, total, rate or 0) if rate else None
        last_week = plan_week_by_number(
            self.curriculum,
            view.plan.closing_open_pauses(view.today + timedelta(days=1)),
            view.pace.plan_weeks,
        )
        tips = self.curriculum.tips
        return WeekReport(
            learner=view,
            week=week,
            minutes_by_day=by_day,
            minutes_by_category=by_category,
            notes=tuple(_note(n) for n in notes),
            total_minutes=total,
            weekly_minutes=tuple(t.minutes for t in tallies),
            streak=streak(tallies, round(view.pace.hours_min * 60)),
            rate_per_week=rate,
            projected_finish=finish,
            plan_finish=last_week.last_day,
            shipped=shipped,
            tip=tips[view.today.toordinal() % len(tips)],
        )

    async def set_project_answer(
        self, chat_id: int, roadmap_week: int, shipped: bool
    ) -> LearnerView | None:
        if not 1 <= roadmap_week <= self.curriculum.total_weeks:
            return None
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            await repo.set_project_answer(
                session, learner.id, roadmap_week, shipped, self.clock.now()
            )
            view = await self._view(session, learner)
            await session.commit()
        return view

    async def milestone_summary(self, chat_id: int, month: int) -> MilestoneSummary:
        """The summary sent after the recap that closes a roadmap month (scheduler reading)."""
        milestone = self.curriculum.milestone(month)
        if milestone is None:
            raise LookupError(f"no milestone for month {month}")
        report = await self.week_report(chat_id, by_learner=False)
        async with self._reading(chat_id, by_learner=False) as (session, learner):
            answers = await repo.project_answers(session, learner.id)
        weeks = [w.number for w in self.curriculum.weeks if w.month == month]
        shipped = sum(1 for w in weeks if answers.get(w))
        total = report.total_minutes
        if total < milestone.hours_min * 60:
            verdict = "behind"
        elif total <= milestone.hours_max * 60:
            verdict = "on track"
        else:
            verdict = "ahead"
        closed = report.weekly_minutes[: report.week.number if report.week else None][-3:]
        recent = sum(closed) / 60 / len(closed) if len(closed) == 3 else None
        pace = report.learner.pace
        suggested = None
        if recent is not None and not pace.hours_min <= recent <= pace.hours_max:
            suggested = next(
                (p for p in self.curriculum.paces if p.hours_min <= recent <= p.hours_max), None
            )
        return MilestoneSummary(
            learner=report.learner,
            month=month,
            hours_min=milestone.hours_min,
            hours_max=milestone.hours_max,
            expected_progress=milestone.expected_progress,
            total_minutes=total,
            shipped=shipped,
            projects=len(weeks),
            verdict=verdict,
            recent_hours_per_week=recent,
            suggested_pace=suggested,
        )

    async def stats(self) -> repo.Stats:
        """For admins: learners, active in 7 days, pushes sent in 24 h, the last tick."""
        now = self.clock.now()
        async with self.uow.read() as session:
            return await repo.bot_stats(session, now - timedelta(days=7), now - timedelta(hours=24))

    # --- reminder buttons ----------------------------------------------------------------------

    async def log_planned(self, chat_id: int, day: date, source: Source) -> Logged | ParseError:
        """✅ Done: log the day's planned hours, once per reminder however often pressed."""
        view = await self.learner(chat_id)
        session = focus_on(view.plan, day)
        if isinstance(session, FreeDay):
            return ParseError(f"{day.isoformat()} is a free day: nothing was planned.")
        when = "today" if day == view.today else day.isoformat()
        return await self.log(chat_id, f"{session.minutes}m {session.category} {when}", source)

    async def snooze(self, chat_id: int, day: date) -> datetime | ParseError:
        """⏰ 1 h later: the day's reminder once more, an hour from now; once a day."""
        due = self.clock.now() + SNOOZE_DELAY
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            added = await repo.add_delivery(
                session,
                learner_id=learner.id,
                kind=DeliveryKind.SNOOZE,
                period=day.isoformat(),
                due_at=due,
                status=DeliveryStatus.PENDING,
            )
            await session.commit()
        if added is None:
            return ParseError("You've already snoozed today's reminder once.")
        return due

    async def skip(self, chat_id: int, day: date) -> None:
        """Skip today: a pending snooze of that day is dropped."""
        async with self.uow.write() as session:
            learner = await self._learner(session, chat_id)
            await repo.cancel_pending(session, learner.id, DeliveryKind.SNOOZE, day.isoformat())
            await session.commit()

    # --- data ----------------------------------------------------------------------------------

    async def export_csv(self, chat_id: int) -> bytes:
        """``type,date,week,hours,category,text``: a row per log entry and per note."""
        async with self._reading(chat_id) as (session, learner):
            view = await self._view(session, learner)
            entries = await repo.all_log_entries(session, learner.id)
            notes = await repo.all_notes(session, learner.id)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["type", "date", "week", "hours", "category", "text"])
        rows: list[tuple[date, int, list[str]]] = []
        for entry in entries:
            hours = f"{entry.minutes / 60:.2f}".rstrip("0").rstrip(".")
            week = self._plan_week_label(view, entry.day)
            row = ["log", entry.day.isoformat(), week, hours, entry.category, entry.note or ""]
            rows.append((entry.day, 0, row))
        for note in notes:
            week = self._plan_week_label(view, note.day)
            rows.append((note.day, 1, ["note", note.day.isoformat(), week, "", "", note.text]))
        for _day, _kind, row in sorted(rows, key=lambda r: (r[0], r[1])):
            writer.writerow(row)
        return out.getvalue().encode("utf-8")

    def _week_bounds(self, view: LearnerView, day: date) -> tuple[date, date]:
        """The plan week holding ``day``; outside the plan, its Monday-to-Sunday week."""
        position = position_on(self.curriculum, view.plan, day)
        if isinstance(position, PlanWeek):
            return position.first_day, position.last_day
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)

    def _plan_week_label(self, view: LearnerView, day: date) -> str:
        position = position_on(self.curriculum, view.plan, day)
        return str(position.number) if isinstance(position, PlanWeek) else ""

    async def forget(self, chat_id: int) -> bool:
        """Delete every row of the chat's learner; False when there was nothing to delete."""
        async with self.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return False
            await repo.forget_learner(session, learner.id)
            await session.commit()
        return True


def _entry(entry: LogEntry) -> EntryView:
    return EntryView(entry.id, entry.day, entry.minutes, entry.category, entry.note)


def _note(note: Note) -> NoteView:
    return NoteView(note.id, note.day, note.text)
