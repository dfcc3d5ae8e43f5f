"""The plan: which plan week a date falls in, what it covers of the roadmap, what it asks for.
Pure, no I/O; DESIGN §2a states the rules this module follows.

Plan weeks are calendar weeks, Monday to Sunday: week 1 is the week holding the start date
(short when the start is not a Monday), week n the (n-1)th after it, and nothing moves a week
boundary. What a week covers of the roadmap follows from the plan's segments and pauses: a
segment sets the pace from a plan week on, from a position on the roadmap; each week moves the
position on by its pace's step (W/N roadmap weeks for a pace of N plan weeks over a roadmap of
W), except a week with more than half of its planned hours paused or before the start, which is
repeated: the next week covers the same part of the roadmap again.

Positions are exact fractions of a roadmap week, so coverage never drifts.
"""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from fractions import Fraction
from functools import cache

from bot.domain.curriculum import WEEKDAYS, Curriculum, Pace, ScheduleDay, Weekday


@dataclass(frozen=True)
class Pause:
    """Days on which the plan stands still: from ``start`` up to, not including, ``end``."""

    start: date
    end: date | None = None  # None: until the learner resumes

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Layout:
    """Which weekday is free and which carries the long session (Monday = 0)."""

    free: int = 4  # Friday, as the roadmap's example week
    long: int = 5  # Saturday

    def __post_init__(self) -> None:
        if not (0 <= self.free <= 6 and 0 <= self.long <= 6) or self.free == self.long:
            raise ValueError(f"not a week layout: free {self.free}, long {self.long}")


DEFAULT_LAYOUT = Layout()


@dataclass(frozen=True)
class Segment:
    """The plan from plan week ``from_week`` on: ``pace`` and the week's ``layout``, starting
    at roadmap ``position`` (in roadmap weeks from the roadmap's start)."""

    from_week: int
    pace: Pace
    position: Fraction = Fraction(0)
    layout: Layout = DEFAULT_LAYOUT


@dataclass(frozen=True)
class LearnerPlan:
    """What the plan engine needs to know of a learner."""

    start: date
    segments: tuple[Segment, ...]  # the first from week 1, then by increasing week
    pauses: tuple[Pause, ...] = ()
    adjustments: Mapping[int, int] = field(default_factory=dict)  # plan week → target minutes

    @property
    def pace(self) -> Pace:
        """The pace from the latest segment on (the one in force)."""
        return self.segments[-1].pace

    @property
    def first_monday(self) -> date:
        return self.start - timedelta(days=self.start.weekday())

    def week_number(self, day: date) -> int:
        """The plan week holding ``day`` (0 or less before week 1)."""
        return (day - self.first_monday).days // 7 + 1

    def monday_of(self, number: int) -> date:
        return self.first_monday + timedelta(weeks=number - 1)

    def paused_on(self, day: date) -> bool:
        return any(p.covers(day) for p in self.pauses)

    def available(self, day: date) -> bool:
        """Whether ``day`` counts in the plan: on or after the start and not paused."""
        return day >= self.start and not self.paused_on(day)

    def segment_for(self, number: int) -> Segment:
        return next(s for s in reversed(self.segments) if s.from_week <= number)

    @property
    def key(self) -> Hashable:
        """The plan's value as a hashable key (its adjustments are a mapping)."""
        return (self.start, self.segments, self.pauses, tuple(sorted(self.adjustments.items())))

    def closing_open_pauses(self, resume_on: date) -> LearnerPlan:
        """The same plan with a pause that has no end treated as ending on ``resume_on``."""
        pauses = tuple(
            replace(p, end=max(resume_on, p.start)) if p.end is None else p for p in self.pauses
        )
        return replace(self, pauses=pauses)


@dataclass(frozen=True)
class FreeDay:
    """A day of a plan week without a scheduled session."""


@dataclass(frozen=True)
class PlanDay:
    """One day of a plan week: its session (None on the free day) and whether it counts."""

    day: date
    session: ScheduleDay | None
    available: bool  # on or after the start, not paused

    @property
    def planned_minutes(self) -> int:
        """Minutes asked of this day: its session's, if it counts."""
        return self.session.minutes if self.session is not None and self.available else 0


@dataclass(frozen=True)
class PlanWeek:
    """A plan week: its days, its pace and what it covers of the roadmap."""

    number: int  # 1-based
    of: int  # plan weeks in the whole plan as it stands
    pace: Pace
    start_position: Fraction  # where on the roadmap it starts
    step: Fraction  # how much of the roadmap it covers (its pace's step)
    repeated: bool  # more than half of its planned hours unavailable: the next week covers it again
    days: tuple[PlanDay, ...]
    adjustment: int = 0  # minutes added to (or taken from) the target by a catch-up choice
    total_weeks: int = 24  # roadmap weeks

    @property
    def first_day(self) -> date:
        return self.days[0].day

    @property
    def last_day(self) -> date:
        return self.days[-1].day

    @property
    def end_position(self) -> Fraction:
        return min(self.start_position + self.step, Fraction(self.total_weeks))

    @property
    def advance(self) -> Fraction:
        """How far this week moves the roadmap on: nothing when it is repeated."""
        return Fraction(0) if self.repeated else self.end_position - self.start_position

    @property
    def roadmap_week(self) -> int:
        """The roadmap week that heads it."""
        return math.floor(self.start_position) + 1

    @property
    def covers(self) -> tuple[int, ...]:
        """Every roadmap week it touches, in order."""
        last = math.ceil(self.end_position)
        return tuple(range(self.roadmap_week, max(last, self.roadmap_week) + 1))

    @property
    def completes(self) -> tuple[int, ...]:
        """The roadmap weeks whose end this week reaches (their projects are due with it)."""
        # A whole week w is past the start and within the end when floor(start) < w <= floor(end).
        end = math.floor(self.start_position + self.advance)
        first = max(1, math.floor(self.start_position) + 1)
        return tuple(range(first, min(end, self.total_weeks) + 1))

    def day(self, day: date) -> PlanDay:
        return self.days[(day - self.first_day).days]

    @property
    def full_minutes(self) -> int:
        """The pace's week, as if nothing were paused or before the start."""
        return self.pace.weekly_minutes

    @property
    def planned_minutes(self) -> int:
        """The schedule's minutes on the days that count."""
        return sum(d.planned_minutes for d in self.days)

    @property
    def target_minutes(self) -> int:
        """What the week asks for: the days that count, and any catch-up choice."""
        return max(0, self.planned_minutes + self.adjustment)

    @property
    def share(self) -> Fraction:
        """The part of a full week that counts (1 for a week with nothing paused)."""
        if not self.full_minutes:
            return Fraction(0)
        return Fraction(self.planned_minutes, self.full_minutes)

    @property
    def minimum_minutes(self) -> int:
        """The pace's minimum hours, prorated to the days that count (the streak's bar)."""
        return math.ceil(self.pace.hours_min * 60 * self.share)

    @property
    def band_minutes(self) -> tuple[int, int]:
        """The pace's weekly band, prorated to the days that count."""
        low = self.pace.hours_min * 60 * self.share
        high = self.pace.hours_max * 60 * self.share
        return round(low), round(high)

    def category_targets(self) -> dict[str, int]:
        """Minutes per category that the schedule asks for on the days that count."""
        targets: dict[str, int] = {}
        for plan_day in self.days:
            if plan_day.session is not None and plan_day.available:
                category = plan_day.session.category
                targets[category] = targets.get(category, 0) + plan_day.session.minutes
        return targets

    def is_study_day(self, day: date) -> bool:
        plan_day = self.day(day)
        return plan_day.session is not None and plan_day.available


@dataclass(frozen=True)
class NotStarted:
    starts_on: date
    days_until: int


@dataclass(frozen=True)
class Finished:
    finished_on: date  # the first day after the last plan week


Position = NotStarted | PlanWeek | Finished


def local_date(instant: datetime, zone: tzinfo) -> date:
    """The learner's calendar date at an instant."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(zone).date()


def weekday_of(day: date) -> Weekday:
    return WEEKDAYS[day.weekday()]


@cache
def sessions(pace: Pace, layout: Layout) -> tuple[ScheduleDay | None, ...]:
    """The session of each weekday, Monday first (None on the free day), for a week laid out
    with ``layout``: the pace's sessions in their order on the study days, the longest on the
    day chosen for it; learning stays first, and revision last unless the long session is."""
    ordered = [d for d in pace.by_weekday if d is not None]
    longest = max(ordered, key=lambda d: d.minutes)
    rest = [d for d in ordered if d is not longest]
    study_days = [w for w in range(7) if w != layout.free]
    week: list[ScheduleDay | None] = [None] * 7
    for weekday in study_days:
        session = longest if weekday == layout.long else rest.pop(0)
        week[weekday] = session.model_copy(update={"weekday": WEEKDAYS[weekday]})
    return tuple(week)


def session_on(pace: Pace, day: date, layout: Layout = DEFAULT_LAYOUT) -> ScheduleDay | None:
    """The session on a date's weekday; None on the free day."""
    return sessions(pace, layout)[day.weekday()]


def step_of(curriculum: Curriculum, pace: Pace) -> Fraction:
    """How much of the roadmap one plan week of ``pace`` covers."""
    return Fraction(curriculum.total_weeks, pace.plan_weeks)


MAX_PLAN_WEEKS = 520  # ten years: a plan with more repeated weeks than this is cut off


# The weeks of the plans seen last, by curriculum and by the plan's value: a change of settings
# asks for the same plan's weeks several times (the view before and after it, then the next
# reminder and recap), and learners who started on the same day at the same pace share them.
WEEKS_KEPT = 64
_weeks_seen: dict[int, OrderedDict[Hashable, tuple[PlanWeek, ...]]] = {}


def plan_weeks(curriculum: Curriculum, plan: LearnerPlan) -> tuple[PlanWeek, ...]:
    """Every plan week, from week 1 to the one that reaches the end of the roadmap.

    An open pause makes every later day paused: close it first (``closing_open_pauses``) to
    see the plan as it would stand after the learner resumes.
    """
    seen = _weeks_seen.get(id(curriculum))
    if seen is None:  # forgotten with the curriculum, before its id can be reused
        seen = _weeks_seen[id(curriculum)] = OrderedDict()
        weakref.finalize(curriculum, _weeks_seen.pop, id(curriculum), None)
    key = plan.key
    weeks = seen.get(key)
    if weeks is None:
        weeks = seen[key] = _plan_weeks(curriculum, plan)
        if len(seen) > WEEKS_KEPT:
            seen.popitem(last=False)
    else:
        seen.move_to_end(key)
    return weeks


def _plan_weeks(curriculum: Curriculum, plan: LearnerPlan) -> tuple[PlanWeek, ...]:
    total = Fraction(curriculum.total_weeks)
    steps = {s.pace.id: step_of(curriculum, s.pace) for s in plan.segments}
    found: list[tuple[int, Pace, Fraction, bool, tuple[PlanDay, ...]]] = []
    position = Fraction(0)
    number = 1
    while position < total and number <= MAX_PLAN_WEEKS:
        segment = plan.segment_for(number)
        if segment.from_week == number:
            position = segment.position
            if position >= total:
                break
        pace = segment.pace
        week_sessions = sessions(pace, segment.layout)
        monday = plan.monday_of(number)
        sunday = monday + timedelta(days=6)
        pauses = [p for p in plan.pauses if p.start <= sunday and (p.end is None or p.end > monday)]
        days = []
        unavailable = 0
        for offset, session in enumerate(week_sessions):
            day = monday + timedelta(days=offset)
            counts = day >= plan.start and not any(p.covers(day) for p in pauses)
            if session is not None and not counts:
                unavailable += session.minutes
            days.append(PlanDay(day, session, counts))
        repeated = 2 * unavailable > pace.weekly_minutes
        found.append((number, pace, position, repeated, tuple(days)))
        if not repeated:
            position = min(position + steps[pace.id], total)
        number += 1
    return tuple(
        PlanWeek(
            number=number,
            of=len(found),
            pace=pace,
            start_position=start,
            step=steps[pace.id],
            repeated=repeated,
            days=days,
            adjustment=plan.adjustments.get(number, 0),
            total_weeks=curriculum.total_weeks,
        )
        for number, pace, start, repeated, days in found
    )


def as_planned(plan: LearnerPlan, today: date) -> LearnerPlan:
    """The plan as it stands on ``today``: an open pause runs to the end of this week (this
    week's targets count only its days before the pause) and ends next Monday."""
    return plan.closing_open_pauses(today + timedelta(days=7 - today.weekday()))


def position_on(curriculum: Curriculum, plan: LearnerPlan, day: date, today: date) -> Position:
    """Where the plan stands on a local date, as it stands on ``today``."""
    if day < plan.start:
        return NotStarted(starts_on=plan.start, days_until=(plan.start - day).days)
    weeks = plan_weeks(curriculum, as_planned(plan, today))
    number = plan.week_number(day)
    if not weeks or number > len(weeks):
        end = weeks[-1].last_day if weeks else plan.start - timedelta(days=1)
        return Finished(finished_on=end + timedelta(days=1))
    return weeks[number - 1]


def week_by_number(
    curriculum: Curriculum, plan: LearnerPlan, number: int, today: date
) -> PlanWeek | None:
    """Plan week ``number`` (1-based) as the plan stands on ``today``; None beyond the plan."""
    weeks = plan_weeks(curriculum, as_planned(plan, today))
    return weeks[number - 1] if 1 <= number <= len(weeks) else None


def focus_on(plan: LearnerPlan, day: date) -> ScheduleDay | FreeDay:
    """The session of the pace in force in the week holding ``day``, or a free day."""
    number = max(1, plan.week_number(day))
    segment = plan.segment_for(number)
    session = session_on(segment.pace, day, segment.layout)
    return FreeDay() if session is None else session
