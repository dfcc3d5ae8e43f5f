"""Changing settings: pace, start date, time zone, reminder, recap slot, pause and resume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.db import repo
from bot.db.models import Learner, OnboardingStep
from bot.db.models import Pause as PauseRow
from bot.domain.curriculum import WEEKDAYS
from bot.domain.parsing import ParseError
from bot.domain.plan import rebased_start
from bot.services.learners import Changed, Learners, LearnerView

MAX_PAUSE_DAYS = 365


@dataclass(frozen=True)
class PauseChange:
    learner: LearnerView
    until: date | None  # first day back; None: until /resume
    resumed: bool = False
    shifted_days: int = 0  # on resume: how far the plan moved


class LearnerSettings:
    """Each setting of a learner, changed by command, button or typed setup answer."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def set_pace(self, chat_id: int, pace_id: str) -> Changed | ParseError:
        if pace_id not in {p.id for p in self.curriculum.paces}:
            names = ", ".join(p.id for p in self.curriculum.paces)
            return ParseError(f"There is no pace called “{pace_id[:40]}”. Choose {names}.")
        pace = self.curriculum.pace(pace_id)

        def apply(learner: Learner, view: LearnerView) -> None:
            if learner.pace != pace_id:
                learner.start_date = rebased_start(self.curriculum, view.plan, pace, view.today)
                learner.pace = pace_id

        return await self.learners.change(chat_id, OnboardingStep.PACE, apply)

    async def set_start(self, chat_id: int, start: date | str) -> Changed | ParseError:
        """``start``: a date, or ``this`` / ``next`` (Monday) / ``today``."""
        view = await self.learners.get(chat_id)
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

        return await self.learners.change(chat_id, OnboardingStep.START, apply)

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

    async def pause(self, chat_id: int, days: int | None) -> PauseChange | ParseError:
        if days is not None and not 1 <= days <= MAX_PAUSE_DAYS:
            return ParseError(
                f"Pause for 1 to {MAX_PAUSE_DAYS} days, or just /pause to pause until /resume."
            )
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            if view.pause is not None:
                until = view.pause.end
                when = f"until {until.isoformat()}" if until else "until you /resume"
                return ParseError(f"You're already paused {when}. Use /resume to continue.")
            end = None if days is None else view.today + timedelta(days=days)
            await repo.add_pause(
                session, PauseRow(learner_id=learner.id, start_date=view.today, end_date=end)
            )
            view = await self.learners.view(session, learner)
            self.learners.reschedule(learner, view)
            await session.commit()
        return PauseChange(view, end)

    async def resume(self, chat_id: int) -> PauseChange | ParseError:
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            row = await repo.open_pause(session, learner.id)
            if view.pause is None or row is None:
                return ParseError("You're not paused. /pause stops reminders for a while.")
            shifted = (view.today - row.start_date).days
            if shifted == 0:
                await session.delete(row)  # paused and resumed the same day: no pause at all
            else:
                row.end_date = view.today
            await session.flush()
            view = await self.learners.view(session, learner)
            self.learners.reschedule(learner, view)
            await session.commit()
        return PauseChange(view, None, resumed=True, shifted_days=shifted)
