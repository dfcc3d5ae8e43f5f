"""The plan engine: properties over every pace, DST weeks, pauses, milestones and streaks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.curriculum import Curriculum, default_curriculum_path, load_curriculum
from bot.domain.plan import (
    Finished,
    FreeDay,
    HoursBand,
    LearnerPlan,
    NotStarted,
    Pause,
    PlanWeek,
    WeekTally,
    category_targets,
    closing_plan_week,
    current_milestone,
    focus_on,
    local_date,
    milestone_closed_by,
    plan_week_by_number,
    position_on,
    projected_finish,
    rebased_start,
    streak,
    week_target,
)

CURRICULUM = load_curriculum(default_curriculum_path())
PACES = [p.id for p in CURRICULUM.paces]
MONDAY = date(2026, 11, 30)


def plan(pace: str = "standard", start: date = MONDAY, *pauses: Pause) -> LearnerPlan:
    return LearnerPlan(CURRICULUM.pace(pace), start, tuple(pauses))


def week_on(learner: LearnerPlan, day: date) -> PlanWeek:
    position = position_on(CURRICULUM, learner, day)
    assert isinstance(position, PlanWeek), position
    return position


pauses_strategy = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)), max_size=3).map(
    lambda spans: tuple(
        Pause(MONDAY + timedelta(days=a), MONDAY + timedelta(days=a + n)) for a, n in sorted(spans)
    )
)


@settings(max_examples=60, deadline=None)
@given(
    pace=st.sampled_from(PACES),
    start_offset=st.integers(0, 6),
    pauses=pauses_strategy,
)
def test_every_date_maps_to_exactly_one_plan_week(
    pace: str, start_offset: int, pauses: tuple[Pause, ...]
) -> None:
    learner = plan(pace, MONDAY + timedelta(days=start_offset), *pauses)
    day = learner.start
    expected_number = 1
    first_of_week = day
    while True:
        position = position_on(CURRICULUM, learner, day)
        if isinstance(position, Finished):
            assert expected_number == learner.pace.plan_weeks
            assert position.finished_on == day
            break
        assert isinstance(position, PlanWeek)
        if position.number != expected_number:
            # The week turned: the previous one ended yesterday and this one starts today.
            assert position.number == expected_number + 1
            expected_number += 1
            first_of_week = day
        assert position.first_day == first_of_week <= day <= position.last_day
        active = [d for d in position.days if not learner.paused_on(d)]
        assert len(active) == 7
        day += timedelta(days=1)
    assert position_on(CURRICULUM, learner, learner.start - timedelta(days=1)) == NotStarted(
        learner.start, 1
    )


@pytest.mark.parametrize("pace", PACES)
def test_every_pace_visits_all_roadmap_weeks_in_order(pace: str) -> None:
    learner = plan(pace)
    visited: list[int] = []
    headings: list[int] = []
    for number in range(1, learner.pace.plan_weeks + 1):
        week = plan_week_by_number(CURRICULUM, learner, number)
        headings.append(week.roadmap_week)
        visited.extend(w for w in week.covers if not visited or w != visited[-1])
    assert visited == list(range(1, 25))
    assert headings == sorted(headings)
    assert headings[0] == 1
    assert headings[-1] <= 24


def test_accelerated_weeks_cover_one_and_a_half_roadmap_weeks() -> None:
    learner = plan("accelerated")
    spans = [plan_week_by_number(CURRICULUM, learner, n).covers for n in (1, 2, 3, 16)]
    assert spans == [(1, 2), (2, 3), (4, 5), (23, 24)]


def test_the_standard_schedule_sums_to_twelve_hours(curriculum: Curriculum) -> None:
    assert curriculum.pace("standard").weekly_minutes == 12 * 60


@given(st.sampled_from(PACES), st.dates(date(2020, 1, 1), date(2035, 1, 1)))
def test_before_the_start_it_says_how_many_days(pace: str, start: date) -> None:
    for days_before in (1, 6, 30):
        position = position_on(CURRICULUM, plan(pace, start), start - timedelta(days=days_before))
        assert position == NotStarted(start, days_before)


def test_after_the_last_week_the_plan_is_finished() -> None:
    learner = plan("standard")
    last = plan_week_by_number(CURRICULUM, learner, 24)
    assert last.roadmap_week == 24
    assert last.last_day == MONDAY + timedelta(days=24 * 7 - 1)
    after = position_on(CURRICULUM, learner, last.last_day + timedelta(days=1))
    assert after == Finished(MONDAY + timedelta(days=24 * 7))


@pytest.mark.parametrize(
    ("zone", "change_day", "hours_in_week"),
    [
        ("Europe/Berlin", date(2027, 3, 28), 167),  # spring forward
        ("Europe/Berlin", date(2027, 10, 31), 169),  # fall back
        ("America/New_York", date(2027, 3, 14), 167),
        ("America/New_York", date(2027, 11, 7), 169),
    ],
)
def test_a_week_across_a_dst_change_is_still_seven_days(
    zone: str, change_day: date, hours_in_week: int
) -> None:
    tz = ZoneInfo(zone)
    monday = change_day - timedelta(days=change_day.weekday())
    learner = plan("standard", monday - timedelta(weeks=3))
    week = week_on(learner, change_day)
    assert week.first_day.weekday() == 0
    assert len(week.days) == 7
    start = datetime.combine(week.first_day, datetime.min.time(), tz).astimezone(UTC)
    end = datetime.combine(week.last_day + timedelta(days=1), datetime.min.time(), tz)
    hours = 0
    instant = start
    while instant < end.astimezone(UTC):
        assert week_on(learner, local_date(instant, tz)).number == week.number
        hours += 1
        instant += timedelta(hours=1)
    assert hours == hours_in_week
    before = local_date(start - timedelta(minutes=1), tz)
    assert week_on(learner, before).number == week.number - 1


def test_local_date_follows_the_learners_zone() -> None:
    instant = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # a Sunday night in UTC
    assert local_date(instant, ZoneInfo("Asia/Kolkata")) == date(2026, 12, 7)
    assert local_date(instant, ZoneInfo("America/New_York")) == date(2026, 12, 6)
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 12, 6), ZoneInfo("UTC"))


def test_todays_focus_and_free_friday() -> None:
    learner = plan("standard")
    monday = focus_on(learner, MONDAY)
    assert not isinstance(monday, FreeDay)
    assert (monday.hours, monday.category) == (1.5, "learning")
    assert isinstance(focus_on(learner, MONDAY + timedelta(days=4)), FreeDay)
    saturday = focus_on(learner, MONDAY + timedelta(days=5))
    assert not isinstance(saturday, FreeDay)
    assert (saturday.minutes, saturday.category) == (240, "project")


def test_targets_scale_with_the_pace() -> None:
    assert week_target(CURRICULUM.pace("standard")) == HoursBand(10, 15)
    standard = category_targets(CURRICULUM, CURRICULUM.pace("standard"))
    assert standard["practice"] == HoursBand(4, 6)
    accelerated = category_targets(CURRICULUM, CURRICULUM.pace("accelerated"))
    assert accelerated["learning"] == HoursBand(6, 8.5)
    part_time = category_targets(CURRICULUM, CURRICULUM.pace("part-time"))
    assert part_time["revision"] == HoursBand(0.5, 1)


@pytest.mark.parametrize(
    ("pace", "closing_weeks"),
    [
        ("standard", [4, 8, 12, 16, 20, 24]),
        ("accelerated", [3, 6, 8, 11, 14, 16]),
        ("part-time", [6, 12, 18, 24, 30, 36]),
    ],
)
def test_milestones_close_at_the_end_of_each_month(pace: str, closing_weeks: list[int]) -> None:
    chosen = CURRICULUM.pace(pace)
    assert [closing_plan_week(CURRICULUM, chosen, m) for m in range(1, 7)] == closing_weeks
    closed = [milestone_closed_by(CURRICULUM, chosen, w) for w in range(1, chosen.plan_weeks + 1)]
    assert [m.month for m in closed if m is not None] == [1, 2, 3, 4, 5, 6]
    first = milestone_closed_by(CURRICULUM, chosen, closing_weeks[0])
    assert first is not None
    assert (first.hours_min, first.hours_max) == (40, 60)
    upcoming = current_milestone(CURRICULUM, chosen, closing_weeks[0] + 1)
    assert upcoming is not None
    assert upcoming.month == 2


def test_projected_finish_at_the_actual_rate() -> None:
    standard = CURRICULUM.pace("standard")  # 24 weeks x 12 h = 288 h
    today = date(2027, 1, 4)
    assert projected_finish(standard, today, 48 * 60, 12 * 60) == today + timedelta(weeks=20)
    assert projected_finish(standard, today, 48 * 60, 6 * 60) == today + timedelta(weeks=40)
    assert projected_finish(standard, today, 0, 0) is None
    assert projected_finish(standard, today, 300 * 60, 60) == today


def test_streak_counts_weeks_at_the_minimum_and_skips_pauses() -> None:
    minimum = 10 * 60
    weeks = [
        WeekTally(12 * 60),
        WeekTally(5 * 60),  # broke the streak
        WeekTally(11 * 60),
        WeekTally(2 * 60, paused=True),  # neither counts nor breaks
        WeekTally(10 * 60),
        WeekTally(3 * 60, complete=False),  # in progress, not yet at the minimum
    ]
    assert streak(weeks, minimum) == 2
    assert streak([*weeks[:-1], WeekTally(10 * 60, complete=False)], minimum) == 3
    assert streak([], minimum) == 0
    assert streak([WeekTally(9 * 60)], minimum) == 0


def test_a_pause_shifts_the_rest_of_the_plan() -> None:
    pause = Pause(MONDAY + timedelta(days=9), MONDAY + timedelta(days=12))  # Wed..Fri of week 2
    learner = plan("standard", MONDAY, pause)
    week2 = week_on(learner, MONDAY + timedelta(days=7))
    assert (week2.first_day, week2.last_day) == (MONDAY + timedelta(7), MONDAY + timedelta(16))
    assert week_on(learner, MONDAY + timedelta(days=10)).paused
    week3 = week_on(learner, MONDAY + timedelta(days=17))
    assert week3.number == 3
    assert week3.first_day == MONDAY + timedelta(days=17)


def test_an_open_pause_holds_the_plan_until_resumed() -> None:
    learner = plan("standard", MONDAY, Pause(MONDAY + timedelta(days=3)))
    much_later = MONDAY + timedelta(days=100)
    week = week_on(learner, much_later)
    assert week.number == 1
    assert week.paused
    assert week.first_day == MONDAY


@pytest.mark.parametrize("new_pace", ["accelerated", "part-time", "standard"])
def test_a_pace_change_keeps_the_current_roadmap_week(new_pace: str) -> None:
    learner = plan("standard")
    today = MONDAY + timedelta(weeks=9, days=2)  # standard plan week 10 = roadmap week 10
    assert week_on(learner, today).roadmap_week == 10
    switched = LearnerPlan(
        CURRICULUM.pace(new_pace),
        rebased_start(CURRICULUM, learner, CURRICULUM.pace(new_pace), today),
    )
    now = week_on(switched, today)
    assert 10 in now.covers
    assert now.roadmap_week == 10 or now.covers[-1] == 10
    assert now.first_day.weekday() == 0  # the week still turns on Monday


def test_a_pace_change_before_the_start_keeps_the_start() -> None:
    learner = plan("standard")
    assert (
        rebased_start(CURRICULUM, learner, CURRICULUM.pace("accelerated"), MONDAY - timedelta(3))
        == MONDAY
    )
