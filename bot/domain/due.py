"""When each push is due for a learner, in their own time zone. Pure.

A local wall-clock time that does not exist (skipped by a spring-forward change) fires at the
first valid minute after it; one that occurs twice (a fall-back change) fires once, at its
first occurrence. The next due instant is found by walking study days and recap slots from a
given instant, jumping over pauses: a few steps, never a scan of the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.domain.curriculum import Curriculum
from bot.domain.plan import LearnerPlan, Pause, PlanWeek, plan_weeks
from bot.domain.progress import month_closed_by

GRACE = {"daily": timedelta(hours=2), "snooze": timedelta(hours=2),
         "recap": timedelta(hours=24), "milestone": timedelta(hours=24),
         "finish": timedelta(days=7),
         "capstone": timedelta(days=7)}  # fmt: skip
# "Still studying?" (3 h into a focus session) is worth asking up to the session's 12 h cap.
GRACE["timer"] = timedelta(hours=9)
# A milestone waits for the answer to its recap's project question, or this long after it.
MILESTONE_WAIT = timedelta(hours=12)
# The completion summary comes the morning after the last plan week, at this local time, and
# never before the last month's milestone (due at the latest MILESTONE_WAIT after its recap).
FINISH_TIME = time(9, 0)
# Recap slots on these weekdays report the week in progress; earlier ones the week before.
FIRST_SAME_WEEK_RECAP_DAY = 3  # Thursday


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


def _open_pause(plan: LearnerPlan) -> Pause | None:
    return next((p for p in plan.pauses if p.end is None), None)


def _weeks_until_open_pause(curriculum: Curriculum, plan: LearnerPlan) -> tuple[PlanWeek, ...]:
    """The plan weeks, with an open pause taken as lasting a day: nothing is due from its
    start on anyway, and the weeks before it do not depend on its end."""
    pause = _open_pause(plan)
    if pause is not None:
        plan = plan.closing_open_pauses(pause.start + timedelta(days=1))
    return plan_weeks(curriculum, plan)


def _no_push_from(plan: LearnerPlan) -> date:
    """The first day nothing is pushed from on: an open pause's start, or never."""
    pause = _open_pause(plan)
    return date.max if pause is None else pause.start


def _pause_end(plan: LearnerPlan, day: date) -> date | None:
    """The first day after the pause covering ``day``; None when ``day`` is not paused."""
    for pause in plan.pauses:
        if pause.covers(day):
            return pause.end
    return None


def next_reminder_at(
    curriculum: Curriculum, schedule: Schedule, after: datetime
) -> datetime | None:
    """The first daily reminder strictly after ``after``: study days only (no free day, no
    paused day, nothing before the plan starts or after it ends); None when none is due."""
    if schedule.reminder is None:
        return None
    plan = schedule.plan
    weeks = _weeks_until_open_pause(curriculum, plan)
    if not weeks:
        return None
    last_day = min(weeks[-1].last_day, _no_push_from(plan) - timedelta(days=1))
    day = max(after.astimezone(schedule.zone).date() - timedelta(days=1), plan.start)
    while day <= last_day:
        resume = _pause_end(plan, day)
        if resume is not None:
            day = resume
            continue
        week = weeks[plan.week_number(day) - 1]
        if week.is_study_day(day):
            instant = local_instant(day, schedule.reminder, schedule.zone)
            if instant > after:
                return instant
        day += timedelta(days=1)
    return None


def reported_week_number(plan: LearnerPlan, recap_day: date) -> int:
    """The plan week a recap on ``recap_day`` reports: from Thursday on the week in progress,
    earlier in the week (a Monday-morning recap) the week that just ended."""
    number = plan.week_number(recap_day)
    return number if recap_day.weekday() >= FIRST_SAME_WEEK_RECAP_DAY else number - 1


def first_open_week(schedule: Schedule, now: datetime) -> int:
    """The first plan week a change made at ``now`` may still alter: the current one, or the
    next once the current week's recap slot has passed (that recap reported this week, and a
    recap's figures are never rewritten afterwards)."""
    plan = schedule.plan
    today = now.astimezone(schedule.zone).date()
    current = plan.week_number(today)
    if schedule.recap_weekday < FIRST_SAME_WEEK_RECAP_DAY:
        return current  # its slot reports the week before
    slot = plan.monday_of(current) + timedelta(days=schedule.recap_weekday)
    reported = now >= local_instant(slot, schedule.recap_time, schedule.zone)
    return current + 1 if reported else current


def recap_week(curriculum: Curriculum, plan: LearnerPlan, day: date) -> PlanWeek | None:
    """The plan week a recap on ``day`` reports, or None (outside the plan, a week with no
    study day in it, a paused day or a day before the plan's start)."""
    return _recap_week(_weeks_until_open_pause(curriculum, plan), plan, day)


def _recap_week(weeks: tuple[PlanWeek, ...], plan: LearnerPlan, day: date) -> PlanWeek | None:
    if plan.paused_on(day) or day < plan.start:
        return None
    number = reported_week_number(plan, day)
    if not 1 <= number <= len(weeks):
        return None
    week = weeks[number - 1]
    return week if week.planned_minutes > 0 else None


def next_recap_at(curriculum: Curriculum, schedule: Schedule, after: datetime) -> datetime | None:
    """The first weekly recap slot strictly after ``after`` that reports a plan week and falls
    on a day that is not paused nor before the plan's start; None when the plan has no
    further recap."""
    plan = schedule.plan
    weeks = _weeks_until_open_pause(curriculum, plan)
    if not weeks:
        return None
    stop = _no_push_from(plan)
    start = after.astimezone(schedule.zone).date() - timedelta(days=1)
    day = start + timedelta(days=(schedule.recap_weekday - start.weekday()) % 7)
    while day < stop and reported_week_number(plan, day) <= len(weeks):
        resume = _pause_end(plan, day)
        if resume is not None:  # jump to the first slot on or after the pause's end
            day += timedelta(weeks=max(1, -(-(resume - day).days // 7)))
            continue
        if _recap_week(weeks, plan, day) is not None:
            instant = local_instant(day, schedule.recap_time, schedule.zone)
            if instant > after:
                return instant
        day += timedelta(weeks=1)
    return None


def milestone_after_recap(curriculum: Curriculum, plan: LearnerPlan, recap_day: date) -> int | None:
    """The roadmap month whose milestone summary follows the recap sent on ``recap_day``."""
    week = recap_week(curriculum, plan, recap_day)
    return None if week is None else month_closed_by(curriculum, week)


def finish_after_recap(
    curriculum: Curriculum, plan: LearnerPlan, zone: tzinfo, recap_day: date, recap_due: datetime
) -> datetime | None:
    """When the completion summary is due, if the recap sent on ``recap_day`` (due at
    ``recap_due``) reports the plan's last week; None after any other recap."""
    weeks = _weeks_until_open_pause(curriculum, plan)
    week = _recap_week(weeks, plan, recap_day)
    if week is None or week.number != len(weeks):
        return None
    morning = local_instant(week.last_day + timedelta(days=1), FINISH_TIME, zone)
    return max(morning, recap_due + MILESTONE_WAIT)


def within_grace(kind: str, due_at: datetime, now: datetime) -> bool:
    """Whether a push due at ``due_at`` may still be sent at ``now``."""
    return now - due_at <= GRACE[kind]
