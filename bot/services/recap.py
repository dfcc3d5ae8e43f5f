"""The weekly recap's answers and the month's milestone: whether a week's project shipped, and
the summary that follows the recap closing a roadmap month."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import deliveries, plans
from bot.db import notes as note_rows
from bot.db import portfolio as portfolio_rows
from bot.db.models import DeliveryKind
from bot.domain.curriculum import Pace
from bot.domain.goals import GoalCount, month_goals
from bot.domain.progress import month_closed_by, recent_weekly_minutes
from bot.services.learners import Learners, LearnerView
from bot.services.portfolio import ShippedProject, shipped_projects
from bot.services.reports import Reports


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
    portfolio: tuple[ShippedProject, ...]  # the month's shipped projects
    goals: GoalCount  # the month's goals, and how many are ticked
    notes: int  # notes written in the month's plan weeks
    notes_target: tuple[int, int]  # the notes target a week, times those weeks
    highlights: tuple[str, ...]  # the month's three longest notes


class Recaps:
    """Project answers and milestone summaries."""

    def __init__(self, learners: Learners, reports: Reports) -> None:
        self.learners = learners
        self.reports = reports
        self.curriculum = learners.curriculum

    async def set_project_answer(
        self, chat_id: int, roadmap_week: int, shipped: bool
    ) -> bool | None:
        """Store ✅ Shipped / Not yet for a roadmap week: whether it changed the answer (False:
        the same answer again, kept as it was); None for a week the roadmap does not have."""
        if not 1 <= roadmap_week <= self.curriculum.total_weeks:
            return None
        now = self.learners.clock.now()
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            changed = await plans.set_project_answer(
                session, learner.id, roadmap_week, shipped, now
            )
            month = self.curriculum.week(roadmap_week).month
            if self.curriculum.last_week_of_month(month) == roadmap_week:
                # The month's summary waited for this answer: it can go now.
                await deliveries.bring_forward(
                    session, learner.id, DeliveryKind.MILESTONE, f"month-{month}", now
                )
            await session.commit()
        return changed

    async def milestone_summary(self, chat_id: int, month: int) -> MilestoneSummary:
        """The summary sent after the recap that closes a roadmap month (scheduler reading)."""
        milestone = self.curriculum.milestone(month)
        if milestone is None:
            raise LookupError(f"no milestone for month {month}")
        report = await self.reports.week_report(chat_id, by_learner=False)
        view = report.learner
        in_month = [w for w in view.weeks if self.curriculum.week(w.roadmap_week).month == month]
        async with self.learners.reading(chat_id, by_learner=False) as (session, learner):
            answers = await plans.project_answer_rows(session, learner.id)
            ticks = await portfolio_rows.ticks_of(session, learner.id)
            notes = (
                await note_rows.notes_between(
                    session, learner.id, in_month[0].first_day, in_month[-1].last_day
                )
                if in_month
                else ()
            )
        weeks = [w.number for w in self.curriculum.weeks if w.month == month]
        portfolio = tuple(
            p for p in shipped_projects(self.curriculum, view, answers) if p.roadmap_week in weeks
        )
        shipped = len(portfolio)
        longest = sorted(notes, key=lambda n: (-len(n.text), n.day, n.id))[:3]
        target = self.curriculum.notes_target
        total = report.total_minutes
        if total < milestone.hours_min * 60:
            verdict = "behind"
        elif total <= milestone.hours_max * 60:
            verdict = "on track"
        else:
            verdict = "ahead"
        closing = next(
            (w for w in report.learner.weeks if month_closed_by(self.curriculum, w) == month), None
        )
        if closing is not None:
            through = closing.number
        else:
            through = sum(1 for t in report.tallies if t.complete)
        average = recent_weekly_minutes(report.tallies, through)
        recent = None if average is None else average / 60
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
            portfolio=portfolio,
            goals=month_goals(self.curriculum, ticks, month),
            notes=len(notes),
            notes_target=(target.min * len(in_month), target.max * len(in_month)),
            highlights=tuple(n.text for n in longest),
        )
