"""The finish line: the completion summary after the last plan week, and review mode."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.db import notes as note_rows
from bot.db import plans
from bot.db import portfolio as portfolio_rows
from bot.db.models import Learner
from bot.domain.goals import count_goals
from bot.domain.plan import Finished
from bot.domain.progress import longest_streak, month_closed_by
from bot.services.learners import Changed, Learners, LearnerView
from bot.services.reports import Reports


@dataclass(frozen=True)
class FinishSummary:
    """The whole plan at its end: hours against the roadmap's final band, weeks, projects,
    notes and the longest streak, with the hours of every plan week for the certificate."""

    learner: LearnerView
    total_minutes: int
    hours_min: float  # the last milestone's cumulative range (250–350 h)
    hours_max: float
    weekly_minutes: tuple[int, ...]  # plan week 1 first
    milestones: tuple[tuple[int, int], ...]  # (plan week, roadmap month it closes)
    shipped: tuple[int, ...]  # roadmap weeks whose project shipped
    projects: int  # roadmap weeks, each with a project
    notes: int
    longest_streak: int
    # Roadmap week → the link to its shipped work (a shipped project without a link is listed
    # by its title alone).
    links: Mapping[int, str] = field(default_factory=dict)
    # (ticked, total) of the roadmap's weekly goals; None: not kept.
    goals: tuple[int, int] | None = None

    @property
    def verdict(self) -> str:
        """ "below", "inside" or "above" the final range."""
        if self.total_minutes < self.hours_min * 60:
            return "below"
        return "inside" if self.total_minutes <= self.hours_max * 60 else "above"


class FinishLine:
    """The completion summary, and review mode after it."""

    def __init__(self, learners: Learners, reports: Reports) -> None:
        self.learners = learners
        self.reports = reports
        self.curriculum = learners.curriculum

    async def summary(self, chat_id: int) -> FinishSummary | None:
        """The completion summary (scheduler reading); None while the plan is not over (it
        was made longer after its last week's recap)."""
        report = await self.reports.week_report(chat_id, by_learner=False)
        view = report.learner
        if not isinstance(view.position, Finished):
            return None
        async with self.learners.reading(chat_id, by_learner=False) as (session, learner):
            answers = await plans.project_answers(session, learner.id)
            notes = len(await note_rows.all_notes(session, learner.id))
            rows = await plans.project_answer_rows(session, learner.id)
            ticks = await portfolio_rows.ticks_of(session, learner.id)
        links = {a.roadmap_week: a.link for a in rows if a.shipped and a.link}
        goals = count_goals(self.curriculum, ticks, range(1, self.curriculum.total_weeks + 1))
        final = self.curriculum.milestones[-1]
        milestones = tuple(
            (week.number, month)
            for week in view.weeks
            if (month := month_closed_by(self.curriculum, week)) is not None
        )
        return FinishSummary(
            learner=view,
            total_minutes=report.total_minutes,
            hours_min=final.hours_min,
            hours_max=final.hours_max,
            weekly_minutes=report.weekly_minutes,
            milestones=milestones,
            shipped=tuple(sorted(week for week, shipped in answers.items() if shipped)),
            projects=self.curriculum.total_weeks,
            notes=notes,
            longest_streak=longest_streak(list(report.tallies)),
            links=links,
            goals=(goals.done, goals.total),
        )

    async def review_mode(self, chat_id: int) -> Changed:
        """Review mode: no more reminders; every command and the portfolio keep working."""

        def reminders_off(learner: Learner, _view: LearnerView) -> None:
            learner.reminder_time = None

        return await self.learners.change(chat_id, None, reminders_off)
