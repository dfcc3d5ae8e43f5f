"""The plan engine: where a learner stands on the roadmap on any local date. Pure, no I/O.

A pace with N plan weeks spreads the roadmap's W weeks evenly: plan week i (0-based) spans the
roadmap from position i*W/N to (i+1)*W/N, and is headed by roadmap week floor(i*W/N)+1. Plan
weeks are seven *active* days long; paused days belong to the plan week that resumes after them,
so a pause shifts the rest of the plan forward by the paused days.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.curriculum import WEEKDAYS, Curriculum, Milestone, Pace, ScheduleDay, Weekday


@dataclass(frozen=True)
class Pause:
    """Days on which the plan stands still: from ``start`` up to, not including, ``end``."""

    start: date
    end: date | None = None  # None: until the learner resumes

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class LearnerPlan:
    """What the plan engine needs to know of a learner."""

    pace: Pace
    start: date
    pauses: tuple[Pause, ...] = ()

    def paused_on(self, day: date) -> bool:
        return any(p.covers(day) for p in self.pauses)

    def closing_open_pauses(self, resume_on: date) -> LearnerPlan:
        """The same plan with a pause that has no end treated as ending on ``resume_on``."""
        pauses = tuple(
            replace(p, end=max(resume_on, p.start)) if p.end is None else p for p in self.pauses
        )
        return replace(self, pauses=pauses)


@dataclass(frozen=True)
class NotStarted:
    starts_on: date
    days_until: int


@dataclass(frozen=True)
class Finished:
    finished_on: date  # the first day after the last plan week


@dataclass(frozen=True)
class PlanWeek:
    """A plan week and the roadmap weeks it covers."""

    number: int  # 1-based
    of: int  # plan weeks in the pace
    roadmap_week: int  # the roadmap week that heads it
    covers: tuple[int, ...]  # every roadmap week it touches, in order
    first_day: date
    last_day: date
    paused: bool = False  # the date asked about is a paused day

    @property
    def days(self) -> tuple[date, ...]:
        count = (self.last_day - self.first_day).days + 1
        return tuple(self.first_day + timedelta(days=n) for n in range(count))


Position = NotStarted | PlanWeek | Finished


@dataclass(frozen=True)
class FreeDay:
    """A day of a plan week without a scheduled session."""


@dataclass(frozen=True)
class HoursBand:
    low: float
    high: float


def local_date(instant: datetime, zone: tzinfo) -> date:
    """The learner's calendar date at an instant."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(zone).date()


def weekday_of(day: date) -> Weekday:
    return WEEKDAYS[day.weekday()]


def _paused_days_before(plan: LearnerPlan, day: date) -> int:
    """Paused days in [plan.start, day), overlapping pauses counted once."""
    spans = sorted(
        (max(p.start, plan.start), day if p.end is None else min(p.end, day)) for p in plan.pauses
    )
    total, counted_until = 0, plan.start
    for lo, hi in spans:
        lo = max(lo, counted_until)
        if hi > lo:
            total += (hi - lo).days
            counted_until = hi
    return total


def plan_day(plan: LearnerPlan, day: date) -> int:
    """Active days of the plan before ``day`` (its 0-based index when it is active)."""
    return (day - plan.start).days - _paused_days_before(plan, day)


def _first_day_with(plan: LearnerPlan, index: int) -> date:
    """The earliest date whose plan day is ``index``; open pauses must be closed first."""
    day = plan.start + timedelta(days=index)
    while (deficit := index - plan_day(plan, day)) > 0:
        day += timedelta(days=deficit)
    return day


def roadmap_span(curriculum: Curriculum, pace: Pace, index: int) -> tuple[int, tuple[int, ...]]:
    """For 0-based plan week ``index``: the heading roadmap week and every week it touches."""
    total, weeks = curriculum.total_weeks, pace.plan_weeks
    first = index * total // weeks + 1
    last = -(-(index + 1) * total // weeks)  # ceil
    return first, tuple(range(first, last + 1))


def position_on(curriculum: Curriculum, plan: LearnerPlan, day: date) -> Position:
    """Where the plan stands on a local date: not started, a plan week, or finished."""
    if day < plan.start:
        return NotStarted(starts_on=plan.start, days_until=(plan.start - day).days)
    resolved = plan.closing_open_pauses(day + timedelta(days=1))
    index = plan_day(resolved, day) // 7
    if index >= plan.pace.plan_weeks:
        return Finished(finished_on=_first_day_with(resolved, plan.pace.plan_weeks * 7))
    heading, covers = roadmap_span(curriculum, plan.pace, index)
    first_day = _first_day_with(resolved, index * 7)
    last_day = _first_day_with(resolved, (index + 1) * 7) - timedelta(days=1)
    return PlanWeek(
        number=index + 1,
        of=plan.pace.plan_weeks,
        roadmap_week=heading,
        covers=covers,
        first_day=first_day,
        last_day=last_day,
        paused=plan.paused_on(day),
    )


def plan_week_by_number(curriculum: Curriculum, plan: LearnerPlan, number: int) -> PlanWeek:
    """Plan week ``number`` (1-based) with its calendar days as the plan now stands."""
    if not 1 <= number <= plan.pace.plan_weeks:
        raise ValueError(f"plan week {number} outside 1..{plan.pace.plan_weeks}")
    index = number - 1
    first_day = _first_day_with(plan, index * 7)
    position = position_on(curriculum, plan, first_day)
    assert isinstance(position, PlanWeek)
    return position


def focus_on(plan: LearnerPlan, day: date) -> ScheduleDay | FreeDay:
    """The pace's session for a date's weekday, or a free day."""
    session = plan.pace.day(weekday_of(day))
    return FreeDay() if session is None else session


def week_target(pace: Pace) -> HoursBand:
    return HoursBand(pace.hours_min, pace.hours_max)


def _half_hours(value: float) -> float:
    return round(value * 2) / 2


def category_targets(curriculum: Curriculum, pace: Pace) -> dict[str, HoursBand]:
    """Weekly hours per category, scaled from the reference pace to this pace's band."""
    reference = curriculum.reference_pace
    low_scale = pace.hours_min / reference.hours_min
    high_scale = pace.hours_max / reference.hours_max
    return {
        c.id: HoursBand(_half_hours(c.hours_min * low_scale), _half_hours(c.hours_max * high_scale))
        for c in curriculum.categories
    }


def closing_plan_week(curriculum: Curriculum, pace: Pace, month: int) -> int:
    """The 1-based plan week in which the roadmap reaches the end of ``month``."""
    end = curriculum.last_week_of_month(month)
    return -(-end * pace.plan_weeks // curriculum.total_weeks)


def milestone_closed_by(curriculum: Curriculum, pace: Pace, plan_week: int) -> Milestone | None:
    """The milestone whose month ends in this plan week, if any."""
    for milestone in curriculum.milestones:
        if closing_plan_week(curriculum, pace, milestone.month) == plan_week:
            return milestone
    return None


def current_milestone(curriculum: Curriculum, pace: Pace, plan_week: int) -> Milestone | None:
    """The next milestone at or after this plan week (the one being worked towards)."""
    for milestone in curriculum.milestones:
        if closing_plan_week(curriculum, pace, milestone.month) >= plan_week:
            return milestone
    return None


def planned_total_minutes(pace: Pace) -> int:
    return pace.weekly_minutes * pace.plan_weeks


def projected_finish(
    pace: Pace, today: date, logged_minutes: int, minutes_per_week: float
) -> date | None:
    """When the plan's hours are done at the learner's actual weekly rate (None: no rate yet)."""
    remaining = planned_total_minutes(pace) - logged_minutes
    if remaining <= 0:
        return today
    if minutes_per_week <= 0:
        return None
    return today + timedelta(days=math.ceil(remaining / minutes_per_week * 7))


@dataclass(frozen=True)
class WeekTally:
    """Hours of one plan week, for the streak."""

    minutes: int
    paused: bool = False  # the week had paused days
    complete: bool = True  # False for the week in progress


def streak(weeks: Sequence[WeekTally], minimum_minutes: int) -> int:
    """Consecutive weeks, newest first, at or above the minimum.

    A paused week neither counts nor breaks the streak; the week in progress counts once it
    has reached the minimum and does not break it before.
    """
    count = 0
    for week in reversed(weeks):
        if week.minutes >= minimum_minutes and not week.paused:
            count += 1
        elif week.paused or not week.complete:
            continue
        else:
            break
    return count


def rebased_start(curriculum: Curriculum, plan: LearnerPlan, new_pace: Pace, today: date) -> date:
    """The start date that puts ``new_pace`` at the learner's current roadmap week today.

    The day within the plan week is kept, so the week still turns on the same weekday. Before
    the plan starts or after it ends, the start date stays as it is.
    """
    position = position_on(curriculum, plan, today)
    if not isinstance(position, PlanWeek):
        return plan.start
    heading = position.roadmap_week - 1
    total, weeks = curriculum.total_weeks, new_pace.plan_weeks
    index = -(-heading * weeks // total)  # first new week headed at or after the current one
    if index * total // weeks > heading:  # it would skip the current week: take the one before
        index -= 1
    resolved = plan.closing_open_pauses(today + timedelta(days=1))
    target = index * 7 + plan_day(resolved, today) % 7
    start, active = today, 0
    while active < target:
        start -= timedelta(days=1)
        if not resolved.paused_on(start):
            active += 1
    return start


def remaining_split(
    plan: LearnerPlan, week: PlanWeek, today: date, logged_minutes: int
) -> list[tuple[date, int]]:
    """What is left of the week's planned hours, spread over the schedule days still ahead
    (today included) in proportion to their planned hours; empty when nothing is left."""
    left = plan.pace.weekly_minutes - logged_minutes
    ahead = [
        (day, session.minutes)
        for day in week.days
        if day >= today
        and not plan.paused_on(day)
        and not isinstance(session := focus_on(plan, day), FreeDay)
    ]
    planned = sum(minutes for _, minutes in ahead)
    if left <= 0 or planned == 0:
        return []
    quarter = 15  # shares in quarter hours read naturally; the rest goes to the last day
    shares = [(day, left * minutes // planned // quarter * quarter) for day, minutes in ahead]
    last_day, last_share = shares[-1]
    shares[-1] = (last_day, last_share + left - sum(share for _, share in shares))
    return shares


def week_tallies(
    curriculum: Curriculum, plan: LearnerPlan, today: date, minutes_by_day: dict[date, int]
) -> list[WeekTally]:
    """The tally of every plan week from the first up to the one holding ``today``."""
    position = position_on(curriculum, plan, today)
    if isinstance(position, NotStarted):
        return []
    last = plan.pace.plan_weeks if isinstance(position, Finished) else position.number
    resolved = plan.closing_open_pauses(today + timedelta(days=1))
    tallies = []
    for number in range(1, last + 1):
        week = plan_week_by_number(curriculum, resolved, number)
        tallies.append(
            WeekTally(
                minutes=sum(minutes_by_day.get(day, 0) for day in week.days),
                paused=any(plan.paused_on(day) for day in week.days),
                complete=week.last_day < today,
            )
        )
    return tallies
