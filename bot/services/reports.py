"""What the learner reads about a week: the report behind /today, /week, /plan, /progress, the
reminder and the recap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import repo
from bot.db.models import Learner, Note
from bot.domain.curriculum import Tip
from bot.domain.plan import (
    PlanWeek,
    plan_week_by_number,
    projected_finish,
    streak,
    week_tallies,
)
from bot.services.learners import Learners, LearnerView
from bot.services.notes import NoteView, note_view


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


class Reports:
    """Reports on the learner's weeks and months."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

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
        async with self.learners.reading(chat_id, by_learner=by_learner) as (session, learner):
            view = await self.learners.view(session, learner)
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
        week = self.learners.report_week(view, previous=previous, day=day)
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
            notes=tuple(note_view(n) for n in notes),
            total_minutes=total,
            weekly_minutes=tuple(t.minutes for t in tallies),
            streak=streak(tallies, round(view.pace.hours_min * 60)),
            rate_per_week=rate,
            projected_finish=finish,
            plan_finish=last_week.last_day,
            shipped=shipped,
            tip=tips[view.today.toordinal() % len(tips)],
        )
