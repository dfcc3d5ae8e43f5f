"""Changing settings: pace, start date, time zone, reminder, recap slot, pause and resume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import plans, repo
from bot.db.models import Learner, OnboardingStep
from bot.domain.changes import paused_from, resumed_on, with_pace
from bot.domain.curriculum import WEEKDAYS
from bot.domain.dates import date_example, read_start_date
from bot.domain.parsing import ParseError, quoted
from bot.domain.plan import Segment
from bot.services.learners import Changed, Learners, LearnerView

MAX_PAUSE_DAYS = 365


@dataclass(frozen=True)
class PauseChange:
    learner: LearnerView
    until: date | None  # first day back; None: until /resume
    start: date | None = None  # the first paused day (today, or a day ahead); None on resume
    resumed: bool = False
    paused_days: int = 0  # on resume: the days the pause took out


class LearnerSettings:
    """Each setting of a learner, changed by command, button or typed setup answer."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def set_pace(self, chat_id: int, pace_id: str) -> Changed | ParseError:
        """A new pace from the current plan week on; the weeks before keep theirs."""
        if pace_id not in {p.id for p in self.curriculum.paces}:
            names = ", ".join(p.id for p in self.curriculum.paces)
            return ParseError(f"There is no pace called “{pace_id[:40]}”. Choose {names}.")
        pace = self.curriculum.pace(pace_id)
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            if pace != view.pace:
                first = self.learners.first_open_week(learner, view)
                segments = with_pace(self.curriculum, view.plan, pace, view.today, first)
                await plans.replace_segments(session, learner.id, segments)
            return await self._finish(session, learner, OnboardingStep.PACE)

    async def _finish(
        self, session: AsyncSession, learner: Learner, step: OnboardingStep | None
    ) -> Changed:
        """Move onboarding on when the change answered ``step``, reschedule, commit."""
        advanced = self.learners.advance(learner, step)
        view = await self.learners.view(session, learner)
        self.learners.reschedule(learner, view)
        await session.commit()
        return Changed(view, advanced)

    async def set_start(self, chat_id: int, start: date | str) -> Changed | ParseError:
        """``start``: a date, or the words of a button or a learner (``this``, ``next monday``,
        ``tomorrow``, ``2026-12-07``: see ``read_start_date``). The plan starts anew from it:
        week 1 is the week holding it, at the current pace."""
        view = await self.learners.get(chat_id)
        today = view.today
        if isinstance(start, str):
            found = read_start_date(start, today)
            if found is None:
                return ParseError(
                    f"{quoted(start.strip())} is not a date. Type next monday, tomorrow, a "
                    f"weekday or a date like {date_example(today)}."
                )
            if isinstance(found, ParseError):
                return found
            start = found
        if abs((start - today).days) > 366:
            return ParseError(
                f"{start.isoformat()} is more than a year from today; pick a start date "
                "within a year."
            )
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            current = await self.learners.view(session, learner)
            if start != learner.start_date:
                learner.start_date = start
                first = Segment(1, current.pace, layout=current.plan.segments[-1].layout)
                await plans.replace_segments(session, learner.id, [first])
                await plans.clear_adjustments(session, learner.id)
            return await self._finish(session, learner, OnboardingStep.START)

    async def set_timezone(self, chat_id: int, zone_key: str) -> Changed:
        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.timezone = zone_key

        return await self.learners.change(chat_id, OnboardingStep.TIMEZONE, apply)

    async def set_reminder(self, chat_id: int, at: time | None) -> Changed:
        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.reminder_time = at

        return await self.learners.change(chat_id, OnboardingStep.REMINDER, apply)

    async def set_recap(self, chat_id: int, weekday: str, at: time) -> Changed:
        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.recap_weekday = WEEKDAYS.index(weekday)
            learner.recap_time = at

        return await self.learners.change(chat_id, None, apply)

    async def pause(
        self, chat_id: int, days: int | None, start: date | None = None
    ) -> PauseChange | ParseError:
        """Pause from today, or from ``start`` when that is ahead (a recap's break begins
        the Monday after the week it reported, if that week is still in progress)."""
        if days is not None and not 1 <= days <= MAX_PAUSE_DAYS:
            return ParseError(
                f"Pause for 1 to {MAX_PAUSE_DAYS} days, or just /pause to pause until /resume."
            )
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            if start is not None and start > view.today + timedelta(weeks=1):
                return ParseError("That break is not one a recap offered; nothing was paused.")
            pauses = paused_from(view.plan, view.today, days, start)
            if pauses is None:
                return ParseError(already_paused(view))
            await repo.replace_pauses(session, learner.id, pauses)
            view = await self.learners.view(session, learner)
            self.learners.reschedule(learner, view)
            await session.commit()
        return PauseChange(view, pauses[-1].end, pauses[-1].start)

    async def resume(self, chat_id: int) -> PauseChange | ParseError:
        """End the pause in force today: today counts again."""
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            pauses = resumed_on(view.plan, view.today)
            if pauses is None:
                return ParseError("You're not paused. /pause stops reminders for a while.")
            before = {p.start: p for p in view.plan.pauses}
            paused = sum((view.today - p.start).days for p in pauses if before.get(p.start) != p)
            await repo.replace_pauses(session, learner.id, pauses)
            view = await self.learners.view(session, learner)
            self.learners.reschedule(learner, view)
            await session.commit()
        return PauseChange(view, None, resumed=True, paused_days=paused)


def already_paused(view: LearnerView) -> str:
    """Why a second pause cannot begin: the pause not over yet (pauses never overlap), which
    may not have begun today (a change of time zone can move today before it)."""
    held = next(p for p in view.plan.pauses if p.end is None or p.end > view.today)
    if held.end is None:
        until = "until you /resume"
    else:
        until = f"through {_day(held.end - timedelta(days=1))}"
    if held.start > view.today:
        return f"You have a pause from {_day(held.start)} {until} already. /resume cancels it."
    back = "" if held.end is None else f"; back on {_day(held.end)}"
    return f"You're already paused {until}{back}. Use /resume to continue."


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%b %Y}"
