"""When each push is due for a learner, in their own time zone. Pure.

A local wall-clock time that does not exist (skipped by a spring-forward change) fires at the
first valid minute after it; one that occurs twice (a fall-back change) fires once, at its
first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.domain.curriculum import Curriculum
from bot.domain.plan import (
    FreeDay,
    LearnerPlan,
    PlanWeek,
    focus_on,
    milestone_closed_by,
    position_on,
)

GRACE = {"daily": timedelta(hours=2), "snooze": timedelta(hours=2),
         "recap": timedelta(hours=24), "milestone": timedelta(hours=24)}  # fmt: skip
SEARCH_DAYS = 400  # far enough for the longest pause a learner can set


@dataclass(frozen=True)
class Schedule:
    """What the due times depend on: the plan, the zone and the chosen times."""

    plan: LearnerPlan
    zone: tzinfo
    reminder: time | None
    recap_weekday: int  # Monday = 0
    recap_time: time


def local_instant(day: date, at: time, zone: tzinfo) -> datetime:
    """The UTC instant of a local wall-clock time, DST-correct.

    A skipped time (spring forward) becomes the first valid minute after it; a repeated time
    (fall back) its first occurrence.
    """
    wall = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first occurrence
    instant = wall.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return instant
    # Not a real local time: walk forward minute by minute to the first one that exists.
    probe = wall.replace(tzinfo=None)
    for _ in range(24 * 60):
        probe += timedelta(minutes=1)
        candidate = probe.replace(tzinfo=zone).astimezone(UTC)
        if candidate.astimezone(zone).replace(tzinfo=None) == probe:
            return candidate
    raise ValueError(f"no valid local time after {day} {at} in {zone}")  # pragma: no cover


def _study_day(curriculum: Curriculum, plan: LearnerPlan, day: date) -> bool:
    position = position_on(curriculum, plan, day)
    return (
        isinstance(position, PlanWeek)
        and not position.paused
        and not isinstance(focus_on(plan, day), FreeDay)
    )


def next_reminder_at(
    curriculum: Curriculum, schedule: Schedule, after: datetime
) -> datetime | None:
    """The first daily reminder strictly after ``after``: schedule days only (no free day,
    no paused day, nothing before the plan starts or after it ends); None when none is due."""
    if schedule.reminder is None:
        return None
    first = after.astimezone(schedule.zone).date() - timedelta(days=1)
    for offset in range(SEARCH_DAYS):
        day = first + timedelta(days=offset)
        if not _study_day(curriculum, schedule.plan, day):
            continue
        instant = local_instant(day, schedule.reminder, schedule.zone)
        if instant > after:
            return instant
    return None


def recap_week(curriculum: Curriculum, plan: LearnerPlan, day: date) -> PlanWeek | None:
    """The plan week a recap on ``day`` reports, or None (outside the plan, or paused)."""
    position = position_on(curriculum, plan, day)
    if isinstance(position, PlanWeek) and not position.paused:
        return position
    return None


def next_recap_at(curriculum: Curriculum, schedule: Schedule, after: datetime) -> datetime | None:
    """The first weekly recap slot strictly after ``after`` that falls inside the plan and not
    in a pause; None when the plan has no further recap."""
    start = after.astimezone(schedule.zone).date() - timedelta(days=1)
    start += timedelta(days=(schedule.recap_weekday - start.weekday()) % 7)
    for week in range(SEARCH_DAYS // 7):
        day = start + timedelta(weeks=week)
        if recap_week(curriculum, schedule.plan, day) is None:
            continue
        instant = local_instant(day, schedule.recap_time, schedule.zone)
        if instant > after:
            return instant
    return None


def milestone_after_recap(curriculum: Curriculum, plan: LearnerPlan, recap_day: date) -> int | None:
    """The roadmap month whose milestone summary follows the recap sent on ``recap_day``."""
    week = recap_week(curriculum, plan, recap_day)
    if week is None:
        return None
    milestone = milestone_closed_by(curriculum, plan.pace, week.number)
    return None if milestone is None else milestone.month


def within_grace(kind: str, due_at: datetime, now: datetime) -> bool:
    """Whether a push due at ``due_at`` may still be sent at ``now``."""
    return now - due_at <= GRACE[kind]
