"""The plan's remaining study sessions, as dated events in the learner's zone. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from bot.domain.curriculum import ScheduleDay
from bot.domain.due import local_instant
from bot.domain.plan import PlanWeek

# When the sessions are set if the learner has no reminder time (reminders off): the
# default reminder time of a new learner.
NO_REMINDER_AT = time(18, 0)


@dataclass(frozen=True)
class StudySession:
    """One study day still ahead: its session, its plan week and the instant it starts."""

    day: date
    session: ScheduleDay
    week: PlanWeek
    starts_at: datetime  # in the learner's zone (a skipped local time moves to the next valid)


def remaining_sessions(
    weeks: Iterable[PlanWeek], today: date, at: time | None, zone: tzinfo
) -> tuple[StudySession, ...]:
    """Every study day of the plan from ``today`` on (today included; free and paused days
    left out), starting at ``at`` (or ``NO_REMINDER_AT``) local time, as the reminder fires."""
    start = at or NO_REMINDER_AT
    found = []
    for week in weeks:
        if week.last_day < today:
            continue
        for plan_day in week.days:
            session = plan_day.session
            if plan_day.day < today or session is None or not plan_day.available:
                continue
            instant = local_instant(plan_day.day, start, zone).astimezone(zone)
            found.append(StudySession(plan_day.day, session, week, instant))
    return tuple(found)
