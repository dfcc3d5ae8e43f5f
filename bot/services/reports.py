"""What the learner reads about a week: the report behind /today, /week, /plan, /progress, the
reminder and the recap."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import plans, repo, weeks
from bot.db import portfolio as portfolio_rows
from bot.db.models import Learner, Note, PlanSegment
from bot.db.models import Pause as PauseRow
from bot.db.weeks import NoteRow
from bot.domain.catchup import WeekLeft, week_left
from bot.domain.curriculum import Tip
from bot.domain.goals import Tick
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
class WeekWanted:
    """The report a push needs: this week's (a reminder), or the week a recap sent on
    ``recap_day`` reports."""

    chat_id: int
    recap_day: date | None = None


@dataclass(frozen=True)
class LearnerRows:
    """The rows a learner's view is made of, as a claim read them: a claim batch's reports are
    made from them rather than read again."""

    learner: Learner
    pauses: Sequence[PauseRow]
    segments: Sequence[PlanSegment]
    adjustments: Mapping[int, int]


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
    ticks: frozenset[Tick] = frozenset()  # every goal the learner ticked, of any week

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
        bounds = None if week is None else (week.first_day, week.last_day)
        rows = await weeks.week_rows(session, learner.id, view.today, bounds)
        return self.report_from(
            view, week, rows.all_days, rows.by_category, rows.notes, rows.answers, rows.ticks
        )

    async def week_reports(
        self, wanted: Iterable[WeekWanted], known: Mapping[int, LearnerRows] | None = None
    ) -> dict[WeekWanted, WeekReport]:
        """The reports of many learners at once, from a few queries in all (the pushes' batch
        path); the same reports, byte for byte, as one at a time. The learners in ``known``
        (by chat) are made from the rows given; a chat without a learner is left out."""
        wanted = list(wanted)
        known = {w.chat_id: known[w.chat_id] for w in wanted if known and w.chat_id in known}
        async with self.learners.uow.read() as session:
            read = {w.chat_id for w in wanted} - known.keys()
            learners = await weeks.learners_by_chat(session, read) if read else {}
            ids = [learner.id for learner in learners.values()]
            pauses = await repo.pauses_by_learner(session, ids) if ids else {}
            segments = await plans.segments_by_learner(session, ids) if ids else {}
            adjustments = await plans.adjustments_by_learner(session, ids) if ids else {}
            for chat_id, rows in known.items():
                learners[chat_id] = rows.learner
                pauses[rows.learner.id] = list(rows.pauses)
                segments[rows.learner.id] = list(rows.segments)
                adjustments[rows.learner.id] = dict(rows.adjustments)
            if not learners:
                return {}
            ids = [learner.id for learner in learners.values()]
            views = {
                chat_id: self.learners.view_from(
                    learner,
                    pauses.get(learner.id, ()),
                    segments.get(learner.id, ()),
                    adjustments.get(learner.id, {}),
                )
                for chat_id, learner in learners.items()
            }
            chosen = {
                w: self._week_wanted(views[w.chat_id], w) for w in wanted if w.chat_id in views
            }
            days = await weeks.minutes_by_learner_day(
                session, ids, max(v.today for v in views.values())
            )
            in_weeks = [week for week in chosen.values() if week is not None]
            categories: dict[int, list[tuple[date, str, int]]] = {}
            notes: dict[int, list[Note]] = {}
            answers: dict[int, dict[int, bool]] = {}
            ticks: dict[int, frozenset[Tick]] = {}
            if in_weeks:
                first = min(week.first_day for week in in_weeks)
                last = max(week.last_day for week in in_weeks)
                categories = await weeks.minutes_by_learner_day_category(session, ids, first, last)
                notes = await weeks.notes_by_learner(session, ids, first, last)
                answers = await weeks.project_answers_by_learner(session, ids)
                ticks = await portfolio_rows.ticks_by_learner(session, ids)
        reports: dict[WeekWanted, WeekReport] = {}
        for want, week in chosen.items():
            view, learner_id = views[want.chat_id], learners[want.chat_id].id
            all_days = {d: m for d, m in days.get(learner_id, {}).items() if d <= view.today}
            by_category: dict[str, int] = {}
            week_notes: list[Note] = []
            if week is not None:
                for day, category, minutes in categories.get(learner_id, ()):
                    if week.first_day <= day <= week.last_day:
                        by_category[category] = by_category.get(category, 0) + minutes
                week_notes = [
                    n for n in notes.get(learner_id, ()) if week.first_day <= n.day <= week.last_day
                ]
            reports[want] = self.report_from(
                view,
                week,
                all_days,
                by_category,
                week_notes,
                answers.get(learner_id, {}),
                ticks.get(learner_id, frozenset()),
            )
        return reports

    def _week_wanted(self, view: LearnerView, wanted: WeekWanted) -> PlanWeek | None:
        if wanted.recap_day is None:
            return self.learners.report_week(view)
        return self.learners.recap_week(view, wanted.recap_day)

    def report_from(
        self,
        view: LearnerView,
        week: PlanWeek | None,
        all_days: dict[date, int],
        by_category: dict[str, int],
        notes: Sequence[Note | NoteRow],
        answers: Mapping[int, bool],
        ticks: frozenset[Tick] = frozenset(),
    ) -> WeekReport:
        """The report on ``week`` from what was read: the minutes per day up to today, and
        the week's minutes per category, notes and project answers."""
        by_day: dict[date, int] = {}
        projects: dict[int, bool | None] = {}
        if week is not None:
            by_day = {d: m for d, m in all_days.items() if week.first_day <= d <= week.last_day}
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
            notes=tuple(note_view(n) for n in notes),
            total_minutes=total,
            tallies=tallies,
            streak=streak(list(tallies)),
            rate_per_week=rate,
            projected_finish=finish,
            projects=projects,
            tip=tips[view.today.toordinal() % len(tips)],
            left=week_left(week, view.today, by_day) if week is not None and in_week else None,
            ticks=ticks,
        )
