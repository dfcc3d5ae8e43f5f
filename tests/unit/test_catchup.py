"""What is left of a week and how it spreads (DESIGN §2a, "What is left" and "Categories")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.catchup import cap, room_left, spread, week_left
from bot.domain.curriculum import default_curriculum_path, load_curriculum
from bot.domain.plan import LearnerPlan, Pause, PlanWeek, Segment, as_planned, plan_weeks

CURRICULUM = load_curriculum(default_curriculum_path())
PACES = [p.id for p in CURRICULUM.paces]
MONDAY = date(2026, 11, 30)
H = 60


def week_of(
    pace: str = "standard",
    start: date = MONDAY,
    pauses: tuple[Pause, ...] = (),
    adjustment: int = 0,
    number: int = 1,
) -> PlanWeek:
    plan = LearnerPlan(start, (Segment(1, CURRICULUM.pace(pace)),), pauses, {number: adjustment})
    return plan_weeks(CURRICULUM, as_planned(plan, start))[number - 1]


def test_a_sunday_with_twelve_hours_left_asks_for_three_and_says_behind_by_nine() -> None:
    week = week_of()
    sunday = MONDAY + timedelta(days=6)
    left = week_left(week, sunday, {})
    assert left.today is not None
    assert left.today.minutes == 3 * H  # 1.5 × its 2 h
    assert left.left == 12 * H
    assert left.behind == 9 * H


def test_two_three_hour_days_share_a_catch_up_evenly() -> None:
    shares, behind = spread(450, [(MONDAY, 180), (MONDAY + timedelta(days=1), 180)])
    assert [s.minutes for s in shares] == [225, 225]
    assert behind == 0


def test_a_saturday_ahead_of_the_plan_asks_for_its_plan_and_done_logs_it() -> None:
    week = week_of()
    saturday = MONDAY + timedelta(days=5)
    logs = {MONDAY + timedelta(days=n): 150 for n in range(4)}  # 10 h by Thursday
    left = week_left(week, saturday, logs)
    assert left.left == 2 * H
    assert left.today is not None
    assert left.today.minutes == 4 * H
    assert left.left_today == 4 * H
    assert not left.catching_up


def test_done_logs_what_is_left_of_today_after_a_half_hour() -> None:
    left = week_left(week_of(), MONDAY, {MONDAY: 30})
    assert left.left_today == 60


def test_logging_more_than_today_asks_lightens_the_days_ahead() -> None:
    saturday = MONDAY + timedelta(days=5)
    behind = week_left(week_of(), saturday, {saturday: 0})
    assert [s.minutes for s in behind.ahead] == [3 * H]  # Sunday catching up, capped
    worked = week_left(week_of(), saturday, {saturday: 9 * H})
    assert worked.left_today == 0
    assert [s.minutes for s in worked.ahead] == [3 * H]
    assert worked.behind == 0


logs_strategy = st.dictionaries(st.integers(0, 6), st.integers(0, 8 * H), max_size=7)


@settings(max_examples=300, deadline=None)
@given(
    pace=st.sampled_from(PACES),
    start_offset=st.integers(0, 6),
    pause=st.tuples(st.integers(0, 6), st.integers(0, 7)),
    adjustment=st.integers(-12 * H, 12 * H),
    today_offset=st.integers(0, 6),
    logs=logs_strategy,
)
def test_no_day_is_asked_for_more_than_one_and_a_half_times_its_plan(
    pace: str,
    start_offset: int,
    pause: tuple[int, int],
    adjustment: int,
    today_offset: int,
    logs: dict[int, int],
) -> None:
    pauses = (Pause(MONDAY + timedelta(days=pause[0]), MONDAY + timedelta(days=sum(pause))),)
    week = week_of(pace, MONDAY + timedelta(days=start_offset), pauses, adjustment)
    today = MONDAY + timedelta(days=today_offset)
    by_day = {MONDAY + timedelta(days=n): m for n, m in logs.items() if n <= today_offset}
    left = week_left(week, today, by_day)
    shares = [*((left.today,) if left.today else ()), *left.ahead]
    for share in shares:
        assert share.minutes <= cap(share.planned) <= share.planned * 3 // 2
        assert week.is_study_day(share.day)
    # What the days are asked for and what falls behind add up to what is left.
    asked = left.left_today + sum(s.minutes for s in left.ahead)
    assert asked + left.behind >= left.left
    assert left.behind <= left.left


@settings(max_examples=300, deadline=None)
@given(
    pace=st.sampled_from(PACES),
    start_offset=st.integers(0, 6),
    pause=st.tuples(st.integers(0, 6), st.integers(0, 7)),
    adjustment=st.integers(-6 * H, 8 * H),
)
def test_a_week_followed_as_the_reminders_say_meets_every_category_target(
    pace: str, start_offset: int, pause: tuple[int, int], adjustment: int
) -> None:
    pauses = (Pause(MONDAY + timedelta(days=pause[0]), MONDAY + timedelta(days=sum(pause))),)
    week = week_of(pace, MONDAY + timedelta(days=start_offset), pauses, adjustment)
    logs: dict[date, int] = {}
    by_category: dict[str, int] = {}
    for plan_day in week.days:  # each study day: ✅ Done on the reminder
        left = week_left(week, plan_day.day, logs)
        if left.left_today and plan_day.session is not None:
            logs[plan_day.day] = left.left_today
            category = plan_day.session.category
            by_category[category] = by_category.get(category, 0) + left.left_today
    for category, target in week.category_targets().items():
        assert by_category.get(category, 0) >= target, (category, by_category, target)
    behind = week_left(week, week.last_day, logs).behind
    assert sum(logs.values()) + behind >= week.target_minutes


def test_a_lowered_target_never_asks_less_than_the_days_plan() -> None:
    lowered = replace(week_of(), adjustment=-6 * H)
    left = week_left(lowered, MONDAY, {})
    assert left.left == 6 * H
    assert left.today is not None
    assert left.today.minutes == 90


@given(
    pace=st.sampled_from(PACES),
    weekday=st.integers(0, 6),
    before=st.integers(0, 15 * H),
    need=st.integers(0, 20 * H),
)
@settings(max_examples=60, deadline=None)
def test_the_room_left_is_exactly_what_the_days_left_can_be_asked_for(
    pace: str, weekday: int, before: int, need: int
) -> None:
    """A need within the room left falls behind by nothing; beyond it, by the excess."""
    week = week_of(pace)
    today = MONDAY + timedelta(days=weekday)
    logs = {MONDAY: before} if weekday else {}
    days = [(d.day, d.planned_minutes) for d in week.days if d.day >= today and d.planned_minutes]
    _shares, behind = spread(need, days)
    assert behind == max(0, need - room_left(week, today, logs))


def test_a_sunday_evening_has_room_for_one_and_a_half_times_its_plan_less_what_is_logged() -> None:
    week = week_of()
    sunday = MONDAY + timedelta(days=6)
    assert room_left(week, sunday, {}) == 3 * H
    assert room_left(week, sunday, {sunday: 2 * H}) == 1 * H
    assert room_left(week, MONDAY + timedelta(days=2), {}) == 13 * H + 30


def spread_by_fractions(need: int, planned: list[tuple[date, int]]) -> tuple[list[int], int]:
    """``spread`` as first written, with exact fractions: the reference its integers keep to."""
    total = sum(m for _, m in planned)
    if total == 0:
        return [], max(0, need)
    if need <= total:
        return [m for _, m in planned], 0
    caps = [int(m * Fraction(3, 2)) // 15 * 15 or m for _, m in planned]
    goal = min(need, sum(caps))
    ideal = [Fraction(goal * m, total) for _, m in planned]
    shares = [min(c, int(x) // 15 * 15) for x, c in zip(ideal, caps, strict=True)]
    rest = goal - sum(shares)
    while rest > 0:
        room = [i for i, (s, c) in enumerate(zip(shares, caps, strict=True)) if s < c]
        if not room:
            break
        i = max(room, key=lambda k: (ideal[k] - shares[k], -k))
        give = min(rest, 15, caps[i] - shares[i])
        shares[i] += give
        rest -= give
    return shares, need - sum(shares)


@given(
    need=st.integers(min_value=-60, max_value=40 * H),
    minutes=st.lists(st.integers(min_value=0, max_value=8 * H), min_size=0, max_size=7),
)
def test_the_spread_in_integers_is_the_spread_in_exact_fractions(
    need: int, minutes: list[int]
) -> None:
    planned = [(MONDAY + timedelta(days=i), m) for i, m in enumerate(minutes)]
    shares, behind = spread(need, planned)
    assert ([s.minutes for s in shares], behind) == spread_by_fractions(need, planned)
    assert [cap(m) for m in minutes] == [int(m * Fraction(3, 2)) // 15 * 15 or m for m in minutes]
