"""How the learner is doing against the plan: the milestones its weeks close, the streak, the
projected finish, the roadmap's suggested hours. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.curriculum import Curriculum, Milestone, Pace
from bot.domain.plan import LearnerPlan, PlanWeek


def month_closed_by(curriculum: Curriculum, week: PlanWeek) -> int | None:
    """The roadmap month whose last week this plan week completes, if any."""
    for month in curriculum.months:
        if curriculum.last_week_of_month(month.number) in week.completes:
            return month.number
    return None


def milestone_closed_by(curriculum: Curriculum, week: PlanWeek) -> Milestone | None:
    month = month_closed_by(curriculum, week)
    return None if month is None else curriculum.milestone(month)


def current_milestone(curriculum: Curriculum, week: PlanWeek) -> Milestone | None:
    """The milestone being worked towards in ``week``: the first whose month is not yet done
    at the week's start."""
    for milestone in curriculum.milestones:
        if curriculum.last_week_of_month(milestone.month) > week.start_position:
            return milestone
    return None


@dataclass(frozen=True)
class WeekTally:
    """Hours of one plan week against its minimum, for the streak."""

    minutes: int
    minimum: int
    neutral: bool = False  # a repeated (mostly paused) week neither counts nor breaks it
    complete: bool = True  # False for the week in progress

    @property
    def met(self) -> bool:
        return self.minutes >= self.minimum


def week_tallies(
    weeks: tuple[PlanWeek, ...], today: date, minutes_by_day: Mapping[date, int]
) -> list[WeekTally]:
    """The tally of every plan week from the first up to the one holding ``today``."""
    return [
        WeekTally(
            minutes=sum(minutes_by_day.get(d.day, 0) for d in week.days),
            minimum=week.minimum_minutes,
            neutral=week.repeated,
            complete=week.last_day < today,
        )
        for week in weeks
        if week.first_day <= today
    ]


def streak(tallies: list[WeekTally]) -> int:
    """Weeks in a row, newest first, at or above their minimum hours.

    A repeated week neither counts nor breaks the streak; the week in progress counts once it
    reaches its minimum and cannot break the streak before it ends.
    """
    count = 0
    for week in reversed(tallies):
        if week.neutral:
            continue
        if week.met:
            count += 1
        elif week.complete:
            break
    return count


def recent_weekly_minutes(tallies: Sequence[WeekTally], through: int) -> float | None:
    """The average of the last three weeks that count (a repeated week does not) up to and
    including plan week ``through``; None before three weeks have counted.

    Week ``through`` counts even while it is in progress: a month's milestone follows the
    recap of the week closing the month, which may be sent on that week's own Sunday evening.
    """
    weeks = [t.minutes for t in tallies[:through] if not t.neutral][-3:]
    return sum(weeks) / len(weeks) if len(weeks) == 3 else None


def longest_streak(tallies: list[WeekTally]) -> int:
    best = run = 0
    for week in tallies:
        if week.neutral:
            continue
        if week.met:
            run += 1
            best = max(best, run)
        elif week.complete:
            run = 0
    return best


def minutes_left(weeks: tuple[PlanWeek, ...], today: date, logged_this_week: int) -> int:
    """Planned minutes from today to the end of the plan: what is left of this week's target
    and every later week's."""
    left = 0
    for week in weeks:
        if week.last_day < today:
            continue
        if week.first_day <= today:
            left += max(0, week.target_minutes - logged_this_week)
        else:
            left += week.target_minutes
    return left


def projected_finish(today: date, minutes_left: int, minutes_per_week: float) -> date | None:
    """When the plan's hours are done at the learner's actual weekly rate (None: no rate)."""
    if minutes_left <= 0:
        return today
    if minutes_per_week <= 0:
        return None
    return today + timedelta(days=math.ceil(minutes_left / minutes_per_week * 7))


def available_days_until(plan: LearnerPlan, today: date) -> int:
    """Days that counted in the plan, from its start up to and including ``today``."""
    if today < plan.start:
        return 0
    span = (today - plan.start).days + 1
    return sum(1 for n in range(span) if not plan.paused_on(plan.start + timedelta(days=n)))


def suggested_ranges(curriculum: Curriculum, pace: Pace) -> dict[str, tuple[float, float]]:
    """The roadmap's suggested hours per category ("Time Commitment Breakdown", given for the
    reference pace), scaled to ``pace``'s band and rounded to half hours."""
    reference = curriculum.reference_pace
    low_scale = pace.hours_min / reference.hours_min
    high_scale = pace.hours_max / reference.hours_max
    return {
        c.id: (round(c.hours_min * low_scale * 2) / 2, round(c.hours_max * high_scale * 2) / 2)
        for c in curriculum.categories
    }
