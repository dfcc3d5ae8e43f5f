"""Due times: DST changes, odd offsets, free days, pauses, future starts, the plan's end."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.curriculum import default_curriculum_path, load_curriculum
from bot.domain.due import (
    Schedule,
    finish_after_recap,
    first_open_week,
    local_instant,
    milestone_after_recap,
    next_recap_at,
    next_reminder_at,
    within_grace,
)
from bot.domain.plan import LearnerPlan, Pause, Segment, plan_weeks

CURRICULUM = load_curriculum(default_curriculum_path())


def schedule(
    zone: str,
    start: date,
    reminder: time | None = time(18),
    pace: str = "standard",
    pauses: tuple[Pause, ...] = (),
    recap: tuple[int, time] = (6, time(20)),
) -> Schedule:
    plan = LearnerPlan(start, (Segment(1, CURRICULUM.pace(pace)),), pauses)
    return Schedule(plan, ZoneInfo(zone), reminder, recap[0], recap[1])


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_berlin_spring_forward_fires_at_the_first_valid_minute() -> None:
    # 28 Mar 2027, a Sunday (a study day): 02:00 jumps to 03:00, so 02:30 does not exist.
    berlin = schedule("Europe/Berlin", date(2027, 3, 1), reminder=time(2, 30))
    due = next_reminder_at(CURRICULUM, berlin, utc(2027, 3, 28, 0, 0))
    assert due == utc(2027, 3, 28, 1, 0)  # 03:00 CEST
    assert due is not None
    assert due.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "03:00"


def test_berlin_fall_back_fires_once() -> None:
    # 31 Oct 2027, a Sunday: 02:30 happens twice (CEST, then CET).
    berlin = schedule("Europe/Berlin", date(2027, 10, 4), reminder=time(2, 30))
    first = next_reminder_at(CURRICULUM, berlin, utc(2027, 10, 30, 22, 0))
    assert first == utc(2027, 10, 31, 0, 30)  # 02:30 CEST, the first occurrence
    assert first is not None
    following = next_reminder_at(CURRICULUM, berlin, first)
    assert following == utc(2027, 11, 1, 1, 30)  # Monday 02:30 CET, not 01:30 UTC Sunday


@pytest.mark.parametrize(
    ("zone", "local_time", "expected_utc"),
    [
        ("Asia/Kolkata", time(0, 15), utc(2026, 12, 6, 18, 45)),  # +05:30
        ("Pacific/Chatham", time(0, 15), utc(2026, 12, 6, 10, 30)),  # +13:45 in summer
        ("Pacific/Kiritimati", time(0, 15), utc(2026, 12, 6, 10, 15)),  # +14
        ("Etc/GMT+12", time(23, 45), utc(2026, 12, 8, 11, 45)),  # -12, Monday evening
    ],
)
def test_far_offsets_around_midnight(zone: str, local_time: time, expected_utc: datetime) -> None:
    # Plan from Monday 7 Dec 2026: the first reminder is that Monday, local time.
    learner = schedule(zone, date(2026, 12, 7), reminder=local_time)
    assert next_reminder_at(CURRICULUM, learner, utc(2026, 12, 1)) == expected_utc


def test_no_reminder_on_a_free_friday() -> None:
    learner = schedule("UTC", date(2026, 11, 30))
    thursday = next_reminder_at(CURRICULUM, learner, utc(2026, 12, 3, 12))
    assert thursday == utc(2026, 12, 3, 18)
    assert next_reminder_at(CURRICULUM, learner, thursday) == utc(2026, 12, 5, 18)  # Saturday


def test_a_pause_spanning_a_recap_skips_it() -> None:
    pause = Pause(date(2026, 12, 11), date(2026, 12, 15))  # Fri..Mon, over Sunday 13 Dec
    learner = schedule("UTC", date(2026, 11, 30), pauses=(pause,))
    assert next_recap_at(CURRICULUM, learner, utc(2026, 12, 7)) == utc(2026, 12, 20, 20)
    reminder = next_reminder_at(CURRICULUM, learner, utc(2026, 12, 10, 19))
    assert reminder == utc(2026, 12, 15, 18)  # the first day back
    open_ended = schedule("UTC", date(2026, 11, 30), pauses=(Pause(date(2026, 12, 11)),))
    assert next_reminder_at(CURRICULUM, open_ended, utc(2026, 12, 10, 19)) is None
    assert next_recap_at(CURRICULUM, open_ended, utc(2026, 12, 10, 19)) is None


def test_a_start_date_in_the_future() -> None:
    learner = schedule("UTC", date(2027, 1, 4))
    assert next_reminder_at(CURRICULUM, learner, utc(2026, 12, 1)) == utc(2027, 1, 4, 18)
    assert next_recap_at(CURRICULUM, learner, utc(2026, 12, 1)) == utc(2027, 1, 10, 20)


@pytest.mark.parametrize("pace", ["standard", "accelerated", "part-time"])
def test_the_last_week_of_each_pace(pace: str) -> None:
    learner = schedule("UTC", date(2026, 11, 30), pace=pace)
    last = plan_weeks(CURRICULUM, learner.plan)[-1]
    assert last.number == learner.plan.pace.plan_weeks
    final_sunday = last.last_day
    assert final_sunday.weekday() == 6
    last_reminder = next_reminder_at(CURRICULUM, learner, utc(2026, 11, 29) + timedelta(
        days=(final_sunday - date(2026, 11, 29)).days))  # fmt: skip
    assert last_reminder == datetime.combine(final_sunday, time(18), UTC)
    assert next_reminder_at(CURRICULUM, learner, last_reminder) is None
    last_recap = next_recap_at(CURRICULUM, learner, last_reminder)
    assert last_recap == datetime.combine(final_sunday, time(20), UTC)
    assert next_recap_at(CURRICULUM, learner, last_recap) is None
    assert milestone_after_recap(CURRICULUM, learner.plan, final_sunday) == 6


def test_reminders_off_and_grace() -> None:
    assert (
        next_reminder_at(CURRICULUM, schedule("UTC", date(2026, 11, 30), None), utc(2026, 12, 1))
        is None
    )
    due = utc(2026, 12, 1, 18)
    assert within_grace("daily", due, due + timedelta(hours=2))
    assert not within_grace("daily", due, due + timedelta(hours=2, seconds=1))
    assert within_grace("recap", due, due + timedelta(hours=23))
    assert local_instant(date(2026, 12, 1), time(9), ZoneInfo("Asia/Kolkata")) == utc(
        2026, 12, 1, 3, 30
    )


def test_a_change_after_the_weeks_sunday_recap_applies_from_the_next_week() -> None:
    berlin = schedule("Europe/Berlin", date(2026, 11, 30))  # recap Sunday 20:00 Berlin
    sunday = date(2027, 2, 28)  # the last day of plan week 13
    assert first_open_week(berlin, utc(2027, 2, 28, 18, 59)) == 13  # 19:59 in Berlin
    assert first_open_week(berlin, utc(2027, 2, 28, 19, 0)) == 14  # its recap is due
    assert first_open_week(berlin, utc(2027, 3, 1, 8)) == 14  # Monday: week 14 itself
    assert berlin.plan.week_number(sunday) == 13
    thursday = schedule("UTC", date(2026, 11, 30), recap=(3, time(18)))
    assert first_open_week(thursday, utc(2027, 2, 25, 17, 59)) == 13
    assert first_open_week(thursday, utc(2027, 2, 26, 9)) == 14  # Friday: reported Thursday
    monday = schedule("UTC", date(2026, 11, 30), recap=(0, time(8)))
    # A Monday-morning slot reports the week before: the week in progress stays open.
    assert first_open_week(monday, utc(2027, 2, 28, 21)) == 13


def test_the_finish_line_follows_only_the_last_weeks_recap_the_morning_after() -> None:
    # Accelerated from Mon 30 Nov 2026: 16 plan weeks, the last Mon 15 – Sun 21 Mar 2027.
    s = schedule("Europe/Berlin", date(2026, 11, 30), pace="accelerated")
    sunday = date(2027, 3, 21)
    recap_due = local_instant(sunday, time(20), s.zone)
    # 09:00 in Berlin on the Monday after: later than the milestone's 12 h wait.
    assert finish_after_recap(CURRICULUM, s.plan, s.zone, sunday, recap_due) == utc(2027, 3, 22, 8)
    earlier = sunday - timedelta(weeks=1)
    early_due = local_instant(earlier, time(20), s.zone)
    assert finish_after_recap(CURRICULUM, s.plan, s.zone, earlier, early_due) is None
    # A Monday-morning recap reporting the last week: 12 h after it, past 09:00.
    monday = date(2027, 3, 22)
    morning_due = local_instant(monday, time(7), s.zone)
    assert finish_after_recap(CURRICULUM, s.plan, s.zone, monday, morning_due) == utc(
        2027, 3, 22, 18
    )
