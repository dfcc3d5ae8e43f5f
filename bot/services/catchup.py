"""Falling behind: carry what no day can hold into next week, or lower this week's target
(DESIGN §2a, "What is left"). The third choice, another pace, is a setting."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import plans
from bot.domain.catchup import week_left
from bot.domain.parsing import ParseError
from bot.services.learners import Learners, LearnerView
from bot.services.reports import Reports

CHOICES = ("carry", "lower")


@dataclass(frozen=True)
class CaughtUp:
    learner: LearnerView  # after the change
    choice: str  # "carry" or "lower"
    minutes: int  # what was moved or taken off
    week: int  # the plan week it was taken from


class CatchUp:
    """The catch-up choices of a week that fell behind."""

    def __init__(self, learners: Learners, reports: Reports) -> None:
        self.learners = learners
        self.reports = reports

    async def choose(self, chat_id: int, choice: str, plan_week: int) -> CaughtUp | ParseError:
        """Apply a choice made for ``plan_week``, if that is this week and it is still behind."""
        if choice not in CHOICES:
            return ParseError("That choice is not one I know; /progress shows the ones there are.")
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            week = view.week_of(view.today)
            if week is None or week.number != plan_week:
                return ParseError(
                    f"That was about plan week {plan_week}, which is over. /progress shows "
                    "this week."
                )
            report = await self.reports.report(session, learner, view, week)
            behind = week_left(week, view.today, report.minutes_by_day).behind
            if behind == 0:
                return ParseError("You're not behind any more: nothing to change. 💪")
            if choice == "carry" and view.week(plan_week + 1) is None:
                return ParseError("This is the last week of your plan: there is no next week.")
            await plans.adjust_target(session, learner.id, plan_week, -behind)
            if choice == "carry":
                await plans.adjust_target(session, learner.id, plan_week + 1, behind)
            view = await self.learners.view(session, learner)
            await session.commit()
        return CaughtUp(view, choice, behind, plan_week)
