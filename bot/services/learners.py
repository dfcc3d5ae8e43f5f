"""What every use case shares: the chat's learner, their view of the plan today, and the
rescheduling of their pushes after a change."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import plans, repo
from bot.db.models import Learner, OnboardingStep, PlanSegment
from bot.db.models import Pause as PauseRow
from bot.db.plans import PausedDays, SegmentRow
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum, Pace
from bot.domain.dates import default_start
from bot.domain.due import (
    GRACE,
    Schedule,
    first_open_week,
    next_recap_at,
    next_reminder_at,
    reported_week_number,
)
from bot.domain.parsing import zone_from_key
from bot.domain.plan import (
    Finished,
    Layout,
    LearnerPlan,
    NotStarted,
    Pause,
    PlanWeek,
    Position,
    Segment,
    as_planned,
    plan_weeks,
)

ONBOARDING_ORDER = (
    OnboardingStep.PACE,
    OnboardingStep.START,
    OnboardingStep.TIMEZONE,
    OnboardingStep.REMINDER,
    OnboardingStep.DONE,
)
# A new learner's settings until they answer the setup questions (DESIGN: standard pace,
# this Monday, UTC, reminders at 18:00, recap on Sunday at 20:00).
DEFAULT_PACE = "standard"
DEFAULT_REMINDER = time(18, 0)
DEFAULT_RECAP_WEEKDAY = 6
DEFAULT_RECAP_TIME = time(20, 0)
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
    weeks: tuple[PlanWeek, ...]  # every plan week, as the plan stands today
    now: datetime | None = None  # the instant the view was taken
    capstone: str | None = None  # the capstone option chosen, if any

    @property
    def onboarded(self) -> bool:
        return self.onboarding is OnboardingStep.DONE

    def week(self, number: int) -> PlanWeek | None:
        """Plan week ``number``; None outside the plan."""
        return self.weeks[number - 1] if 1 <= number <= len(self.weeks) else None

    def week_of(self, day: date) -> PlanWeek | None:
        """The plan week holding ``day``; None outside the plan."""
        return self.week(self.plan.week_number(day))

    @property
    def position(self) -> Position:
        """Where the plan stands today: not started, a plan week, or finished."""
        if self.today < self.plan.start:
            return NotStarted(self.plan.start, (self.plan.start - self.today).days)
        week = self.week_of(self.today)
        if week is not None:
            return week
        end = self.weeks[-1].last_day if self.weeks else self.plan.start - timedelta(days=1)
        return Finished(end + timedelta(days=1))

    @property
    def plan_finish(self) -> date:
        """The last day of the plan as it stands."""
        return self.weeks[-1].last_day if self.weeks else self.plan.start


@dataclass(frozen=True)
class Changed:
    """A learner after a settings change; ``advanced`` when it answered the onboarding step
    the learner was on (so the next question is due)."""

    learner: LearnerView
    advanced: bool


class NoLearner(LookupError):
    """The chat has no learner: it never sent /start, or /forget deleted everything. Nothing
    is stored for such a chat until it sends /start."""


Apply = Callable[[Learner, LearnerView], None]
"""A change to a learner's settings, given the learner row and their view before it."""


class Learners:
    """Loading and changing the chat's learner, over the database, the curriculum and the
    clock; the feature services build on it."""

    def __init__(self, curriculum: Curriculum, uow: UnitOfWork, clock: Clock) -> None:
        self.curriculum = curriculum
        self.uow = uow
        self.clock = clock

    async def get_or_create(
        self,
        session: AsyncSession,
        chat_id: int,
        first_name: str | None = None,
        *,
        create: bool = False,
        lock: bool = False,
    ) -> Learner:
        """The chat's learner; with ``create`` (only /start asks for it) made with the
        documented defaults when there is none, else ``NoLearner`` is raised. ``lock`` holds
        the learner's row until the transaction ends (``plans.learner_with_plan``)."""
        learner = await plans.learner_with_plan(session, chat_id, lock=lock)
        now = self.clock.now()
        if learner is None and not create:
            raise NoLearner(f"no learner in chat {chat_id}")
        if learner is None:
            today = now.date()  # UTC until the learner picks a zone
            learner, created = await repo.add_learner(
                session,
                chat_id=chat_id,
                user_id=chat_id,
                first_name=first_name,
                start_date=default_start(today),
                timezone="UTC",
                reminder_time=DEFAULT_REMINDER,
                recap_weekday=DEFAULT_RECAP_WEEKDAY,
                recap_time=DEFAULT_RECAP_TIME,
                onboarding=OnboardingStep.PACE,
                active=True,
                last_seen_at=now,
            )
            if created:
                first = Segment(1, self.curriculum.pace(DEFAULT_PACE))
                await plans.replace_segments(session, learner.id, [first])
                self.reschedule(learner, await self.view(session, learner))
        elif self._stale(learner):
            learner.active = True  # writing to the bot again lifts a block
            learner.last_seen_at = now
        return learner

    def _stale(self, learner: Learner) -> bool:
        """Whether the learner must be written to: blocked before, or not seen for a while."""
        seen = learner.last_seen_at
        return not learner.active or seen is None or self.clock.now() - seen >= TOUCH_EVERY

    @asynccontextmanager
    async def reading(
        self, chat_id: int, first_name: str | None = None, *, by_learner: bool = True
    ) -> AsyncIterator[tuple[AsyncSession, Learner]]:
        """A read transaction on the chat's learner; a write one when the learner is due to be
        marked as seen (SQLite then serialises only those). ``by_learner=False`` (the
        scheduler reading) never writes. ``NoLearner`` when the chat has no learner."""
        async with self.uow.read() as session:
            learner = await plans.learner_with_plan(session, chat_id)
            if learner is not None and (not by_learner or not self._stale(learner)):
                yield session, learner
                return
            if learner is None:
                raise NoLearner(f"no learner in chat {chat_id}")
        async with self.uow.write() as session:
            learner = await self.get_or_create(session, chat_id, first_name)
            yield session, learner
            await session.commit()

    def first_open_week(self, learner: Learner, view: LearnerView) -> int:
        """The first plan week a change made now applies to: this one, or the next once this
        week's recap has been due (a recap's figures are never rewritten)."""
        return first_open_week(schedule_of(learner, view), self.clock.now())

    def reschedule(self, learner: Learner, view: LearnerView) -> None:
        """Recompute when the learner's next pushes are due, after any change of settings.

        Counting from a grace window back, so a push due but not yet sent stays due (the
        deliveries' unique key keeps one already sent from going out twice).
        """
        schedule = schedule_of(learner, view)
        now = self.clock.now()
        learner.next_reminder_at = next_reminder_at(self.curriculum, schedule, now - GRACE["daily"])
        learner.next_recap_at = next_recap_at(self.curriculum, schedule, now - GRACE["recap"])

    def today_of(self, learner: Learner) -> date:
        """The learner's local date now."""
        return self.clock.now().astimezone(zone_from_key(learner.timezone)).date()

    async def view(self, session: AsyncSession, learner: Learner) -> LearnerView:
        """The learner's settings and where the plan stands on their local today."""
        return self.view_from(learner, *await self.plan_rows(session, learner))

    async def plan_rows(
        self, session: AsyncSession, learner: Learner
    ) -> tuple[Sequence[PauseRow | PausedDays], Sequence[PlanSegment | SegmentRow], dict[int, int]]:
        """The rows a learner's plan is made of: pauses, segments and target adjustments (as
        read with the learner when they were, and not written since)."""
        stashed = plans.stashed_plan(session, learner.id)
        if stashed is not None:
            return stashed.pauses, stashed.segments, stashed.adjustments
        return (
            await repo.pauses_of(session, learner.id),
            await plans.segments_of(session, learner.id),
            await plans.adjustments_of(session, learner.id),
        )

    def view_from(
        self,
        learner: Learner,
        pauses: Iterable[PauseRow | PausedDays],
        segments: Iterable[PlanSegment | SegmentRow],
        adjustments: Mapping[int, int],
    ) -> LearnerView:
        """``view`` from rows already read (the batch path reads them for many learners)."""
        plan = plan_of(self.curriculum, learner, pauses, segments, adjustments)
        zone = zone_from_key(learner.timezone)
        today = self.today_of(learner)
        current = next((p for p in plan.pauses if p.covers(today)), None)
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
            weeks=plan_weeks(self.curriculum, as_planned(plan, today)),
            now=self.clock.now(),
            capstone=learner.capstone,
        )

    async def get(self, chat_id: int, first_name: str | None = None) -> LearnerView:
        """The learner's settings and position (created on first contact)."""
        async with self.reading(chat_id, first_name) as (session, learner):
            return await self.view(session, learner)

    async def change(self, chat_id: int, step: OnboardingStep | None, apply: Apply) -> Changed:
        """Apply a change of settings, move onboarding on when it answered ``step``, and
        reschedule the learner's pushes; all in one transaction."""
        async with self.uow.write() as session:
            learner = await self.get_or_create(session, chat_id)
            rows = await self.plan_rows(session, learner)
            view = self.view_from(learner, *rows)
            apply(learner, view)  # the learner's own settings: the plan's rows stay as read
            advanced = self.advance(learner, step)
            view = self.view_from(learner, *rows)
            self.reschedule(learner, view)
            await session.commit()
        return Changed(view, advanced)

    @staticmethod
    def advance(learner: Learner, step: OnboardingStep | None) -> bool:
        """Move onboarding to the next question when a change answered the current one."""
        if step is None or learner.onboarding is not step:
            return False
        learner.onboarding = ONBOARDING_ORDER[ONBOARDING_ORDER.index(step) + 1]
        return True

    def report_week(
        self, view: LearnerView, *, previous: bool = False, day: date | None = None
    ) -> PlanWeek | None:
        """The plan week a report is about: this week, the one before, or the one holding
        ``day``; None outside the plan."""
        number = view.plan.week_number(view.today if day is None else day)
        return view.week(number - 1 if previous else number)

    def recap_week(self, view: LearnerView, day: date) -> PlanWeek | None:
        """The plan week a recap on ``day`` reports (the week in progress from Thursday on,
        the week that just ended earlier in the week)."""
        return view.week(reported_week_number(view.plan, day))


def schedule_of(learner: Learner, view: LearnerView) -> Schedule:
    """What the learner's due times depend on."""
    return Schedule(
        view.plan, view.zone, learner.reminder_time, learner.recap_weekday, learner.recap_time
    )


def week_bounds(day: date) -> tuple[date, date]:
    """The Monday-to-Sunday week holding ``day`` (a plan week, inside the plan)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def plan_of(
    curriculum: Curriculum,
    learner: Learner,
    pauses: Iterable[PauseRow | PausedDays],
    segments: Iterable[PlanSegment | SegmentRow],
    adjustments: Mapping[int, int],
) -> LearnerPlan:
    """A learner's plan from their rows (a learner always has a first segment)."""
    found = tuple(
        Segment(
            row.from_week,
            curriculum.pace(row.pace),
            Fraction(row.position_numerator, row.position_denominator),
            Layout(row.free_weekday, row.long_weekday),
        )
        for row in segments
    )
    return LearnerPlan(
        learner.start_date,
        found or (Segment(1, curriculum.pace(DEFAULT_PACE)),),
        tuple(Pause(p.start_date, p.end_date) for p in pauses),
        dict(adjustments),
    )
