"""What the learner reads about a week: the report behind /today, /week, /plan, /progress, the
reminder and the recap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import notes as note_rows
from bot.db import plans, repo
from bot.db.models import Learner
from bot.domain.catchup import WeekLeft, week_left
from bot.domain.curriculum import Tip
from bot.domain.plan import PlanWeek
from bot.domain.progress import (
    WeekTally,
    available_days_until,
    minutes_left,
    projected_finish,
    streak,
    week_tallies,
)
from bot.services.learners import Learners, LearnerView
from bot.services.notes import NoteView, note_view

RATE_AFTER_DAYS = 7  # the learner's own rate is shown once a week of the plan has passed


@dataclass(frozen=True)
class WeekReport:
    """Everything /today, /week, /progress, the reminder and the recap show about one week."""

    learner: LearnerView
    week: PlanWeek | None  # None before the start and after the end
    minutes_by_day: dict[date, int]  # the week's days
    minutes_by_category: dict[str, int]  # the week's
    notes: tuple[NoteView, ...]  # the week's
    total_minutes: int  # everything logged up to today
    tallies: tuple[WeekTally, ...]  # every plan week up to today's, the first one first
    streak: int
    rate_per_week: float | None  # actual minutes a week, once a week of the plan has passed
    projected_finish: date | None
    projects: dict[int, bool | None]  # the projects this week completes, and their answers
    tip: Tip
    left: WeekLeft | None  # where the week stands today; None for a week that is not today's

    @property
    def week_minutes(self) -> int:
        return sum(self.minutes_by_day.values())

    @property
    def weekly_minutes(self) -> tuple[int, ...]:
        return tuple(t.minutes for t in self.tallies)


class Reports:
    """Reports on the learner's weeks."""

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
        recap: bool = False,
        number: int | None = None,
    ) -> WeekReport:
        """The report behind /today, /week, /progress, /recap and the pushes: of this week,
        last week, the week holding ``day``, plan week ``number``, or (``recap``) the week a
        recap on ``day`` (or today) reports."""
        async with self.learners.reading(chat_id, by_learner=by_learner) as (session, learner):
            view = await self.learners.view(session, learner)
            if recap:
                week = self.learners.recap_week(view, day or view.today)
                if week is None and day is None:  # /recap before a week has ended
                    week = self.learners.report_week(view)
            elif number is not None:
                week = view.week(number)
            else:
                week = self.learners.report_week(view, previous=previous, day=day)
            return await self.report(session, learner, view, week)

    async def report(
        self, session: AsyncSession, learner: Learner, view: LearnerView, week: PlanWeek | None
    ) -> WeekReport:
        """The report on ``week`` (None: outside the plan) for a loaded learner."""
        all_days = await repo.minutes_by_day(session, learner.id, date.min, view.today)
        by_day: dict[date, int] = {}
        by_category: dict[str, int] = {}
        notes: tuple[NoteView, ...] = ()
        projects: dict[int, bool | None] = {}
        if week is not None:
            by_day = {d: m for d, m in all_days.items() if week.first_day <= d <= week.last_day}
            by_category = await repo.minutes_by_category(
                session, learner.id, week.first_day, week.last_day
            )
            rows = await note_rows.notes_between(session, learner.id, week.first_day, week.last_day)
            notes = tuple(note_view(n) for n in rows)
            answers = await plans.project_answers(session, learner.id)
            projects = {w: answers.get(w) for w in week.completes}
        total = sum(all_days.values())
        tallies = tuple(week_tallies(view.weeks, view.today, all_days))
        days = available_days_until(view.plan, view.today)
        rate = None
        if days >= RATE_AFTER_DAYS:
            in_plan = sum(m for d, m in all_days.items() if d >= view.plan.start)
            rate = in_plan / days * 7
        current = view.week_of(view.today)
        this_week = 0 if current is None else sum(all_days.get(d.day, 0) for d in current.days)
        finish = None
        if rate:
            finish = projected_finish(
                view.today, minutes_left(view.weeks, view.today, this_week), rate
            )
        tips = self.curriculum.tips
        in_week = week is not None and week.first_day <= view.today <= week.last_day
        return WeekReport(
            learner=view,
            week=week,
            minutes_by_day=by_day,
            minutes_by_category=by_category,
            notes=notes,
            total_minutes=total,
            tallies=tallies,
            streak=streak(list(tallies)),
            rate_per_week=rate,
            projected_finish=finish,
            projects=projects,
            tip=tips[view.today.toordinal() % len(tips)],
            left=week_left(week, view.today, by_day) if week is not None and in_week else None,
        )
