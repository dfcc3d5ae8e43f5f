"""The plan model of DESIGN §2a: fixed Monday–Sunday weeks, segments for pace changes, pauses
that take days out, weeks repeated when mostly paused, a past that never changes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.changes import paused_from, resumed_on, with_layout, with_pace
from bot.domain.curriculum import default_curriculum_path, load_curriculum
from bot.domain.plan import (
    Finished,
    Layout,
    LearnerPlan,
    NotStarted,
    Pause,
    PlanWeek,
    Segment,
    _plan_weeks,
    as_planned,
    plan_weeks,
    position_on,
    sessions,
)
from bot.domain.progress import WeekTally, month_closed_by, recent_weekly_minutes

CURRICULUM = load_curriculum(default_curriculum_path())
PACES = [p.id for p in CURRICULUM.paces]
MONDAY = date(2026, 11, 30)
H = 60


def plan(pace: str = "standard", start: date = MONDAY, *pauses: Pause) -> LearnerPlan:
    return LearnerPlan(start, (Segment(1, CURRICULUM.pace(pace)),), tuple(pauses))


def weeks(learner: LearnerPlan, today: date = MONDAY) -> tuple[PlanWeek, ...]:
    return plan_weeks(CURRICULUM, as_planned(learner, today))


# --- examples a learner would check by hand ---------------------------------------------------


def test_the_standard_plan_is_24_monday_to_sunday_weeks_of_12_hours() -> None:
    found = weeks(plan())
    assert len(found) == 24
    assert [w.roadmap_week for w in found] == list(range(1, 25))
    assert found[0].first_day == MONDAY
    assert found[-1].last_day == date(2027, 5, 16)
    assert {w.target_minutes for w in found} == {12 * H}
    assert found[0].category_targets() == {
        "learning": 3 * H,
        "practice": 90,
        "project": 330,
        "revision": 2 * H,
    }


def test_accelerated_weeks_cover_one_and_a_half_roadmap_weeks() -> None:
    found = weeks(plan("accelerated"))
    assert len(found) == 16
    assert [w.covers for w in found[:4]] == [(1, 2), (2, 3), (4, 5), (5, 6)]
    assert found[-1].covers == (23, 24)
    assert [w.completes for w in found[:3]] == [(1,), (2, 3), (4,)]


def test_part_time_is_36_weeks_and_completes_a_roadmap_week_every_week_and_a_half() -> None:
    found = weeks(plan("part-time"))
    assert len(found) == 36
    assert [w.completes for w in found[:4]] == [(), (1,), (2,), ()]


def test_a_thursday_start_makes_week_one_a_short_week() -> None:
    thursday = MONDAY + timedelta(days=3)
    first = weeks(plan(start=thursday))[0]
    assert (first.first_day, first.last_day) == (MONDAY, MONDAY + timedelta(days=6))
    assert first.target_minutes == 90 + 4 * H + 2 * H  # Thu, Sat, Sun
    assert first.category_targets() == {"project": 330, "revision": 2 * H}
    assert not first.repeated
    assert position_on(CURRICULUM, plan(start=thursday), MONDAY, MONDAY) == NotStarted(thursday, 3)


def test_a_sunday_start_is_a_warm_up_week_and_roadmap_week_one_comes_again() -> None:
    found = weeks(plan(start=MONDAY + timedelta(days=6)))
    assert found[0].repeated
    assert found[0].target_minutes == 2 * H
    assert found[1].roadmap_week == 1
    assert len(found) == 25


def test_a_two_day_pause_takes_days_out_but_moves_no_week() -> None:
    # /pause 2 on Tuesday 8 Dec: Tuesday and Wednesday are paused.
    learner = plan("standard", MONDAY, Pause(date(2026, 12, 8), date(2026, 12, 10)))
    found = weeks(learner)
    second = found[1]
    assert (second.first_day, second.last_day) == (date(2026, 12, 7), date(2026, 12, 13))
    assert second.target_minutes == 9 * H  # 12 h less the two 1.5 h days
    assert not second.repeated
    assert [w.roadmap_week for w in found] == list(range(1, 25))
    assert found[-1].last_day == date(2027, 5, 16)  # the plan's end does not move


def test_a_mostly_paused_week_is_repeated_and_the_end_moves_by_a_week() -> None:
    # Half of a week paused (Monday to Friday: 6 of 12 h) is not more than half.
    half = weeks(plan("standard", MONDAY, Pause(date(2026, 12, 7), date(2026, 12, 12))))
    assert not half[1].repeated
    assert half[1].target_minutes == 6 * H
    learner = plan("standard", MONDAY, Pause(date(2026, 12, 7), date(2026, 12, 13)))
    found = weeks(learner)
    assert found[1].repeated
    assert found[1].target_minutes == 2 * H
    assert [w.roadmap_week for w in found[:4]] == [1, 2, 2, 3]
    assert len(found) == 25
    assert found[-1].last_day == date(2027, 5, 23)


def test_a_pace_change_keeps_the_past_and_spreads_the_rest_at_the_new_pace() -> None:
    learner = plan()
    today = date(2026, 12, 30)  # Wednesday of plan week 5
    before = weeks(learner, today)
    changed = replace(
        learner, segments=with_pace(CURRICULUM, learner, CURRICULUM.pace("part-time"), today)
    )
    after = weeks(changed, today)
    assert after[:4] == tuple(replace(w, of=len(after)) for w in before[:4])
    assert after[4].pace.id == "part-time"
    assert after[4].start_position == 4
    assert after[4].roadmap_week == 5
    assert len(after) == 4 + 30  # 20 roadmap weeks at two thirds of one a week
    assert changed.start == learner.start


def test_a_pace_change_from_next_week_keeps_this_week_as_its_recap_showed_it() -> None:
    learner = plan()
    sunday = date(2027, 2, 28)  # plan week 13's Sunday, after its recap
    before = weeks(learner, sunday)
    part_time = CURRICULUM.pace("part-time")
    changed = replace(learner, segments=with_pace(CURRICULUM, learner, part_time, sunday, 14))
    after = weeks(changed, sunday)
    assert after[12] == replace(before[12], of=len(after))  # plan week 13: as recapped
    assert after[13].pace.id == "part-time"
    assert after[13].start_position == Fraction(13)
    assert len(after) == 13 + 17  # 11 roadmap weeks at two thirds of one a week: 16.5 weeks


def test_a_pace_change_before_the_start_is_the_whole_plan() -> None:
    learner = plan()
    segments = with_pace(CURRICULUM, learner, CURRICULUM.pace("accelerated"), MONDAY)
    assert segments == (Segment(1, CURRICULUM.pace("accelerated"), Fraction(0)),)


def test_month_milestones_close_with_the_week_that_completes_the_month() -> None:
    closing = {month_closed_by(CURRICULUM, w): w.number for w in weeks(plan())}
    assert {m: n for m, n in closing.items() if m is not None} == {
        1: 4,
        2: 8,
        3: 12,
        4: 16,
        5: 20,
        6: 24,
    }


def test_after_the_last_week_the_plan_is_finished() -> None:
    learner = plan()
    after = position_on(CURRICULUM, learner, date(2027, 5, 17), date(2027, 5, 17))
    assert after == Finished(date(2027, 5, 17))


def test_resume_ends_the_pause_in_force_today_and_drops_one_not_begun() -> None:
    learner = plan("standard", MONDAY, Pause(date(2026, 12, 1), date(2026, 12, 3)))
    paused = paused_from(learner, date(2026, 12, 10), None)
    assert paused is not None
    assert paused_from(replace(learner, pauses=paused), date(2026, 12, 11), 3) is None
    resumed = resumed_on(replace(learner, pauses=paused), date(2026, 12, 14))
    assert resumed == (
        Pause(date(2026, 12, 1), date(2026, 12, 3)),
        Pause(date(2026, 12, 10), date(2026, 12, 14)),
    )
    # A zone change put the pause's first day in the future: resuming drops it.
    future = (Pause(date(2026, 12, 15), None),)
    assert resumed_on(replace(learner, pauses=future), date(2026, 12, 14)) == ()
    assert resumed_on(learner, date(2026, 12, 14)) is None


def test_a_pause_may_begin_on_a_day_ahead_never_on_a_day_past() -> None:
    learner = plan("standard", MONDAY)
    sunday = date(2026, 12, 13)
    ahead = paused_from(learner, sunday, 7, date(2026, 12, 14))
    assert ahead == (Pause(date(2026, 12, 14), date(2026, 12, 21)),)
    past = paused_from(learner, sunday, 7, date(2026, 12, 7))
    assert past == (Pause(sunday, date(2026, 12, 20)),)
    # One ahead already: no second one, even before it begins (pauses never overlap).
    assert paused_from(replace(learner, pauses=ahead), sunday, 3) is None


# --- invariants over random journeys ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    wait_days: int
    action: str  # "pause", "resume", "pace", "days" or "wait"
    days: int  # of a pause; 0: until resumed
    pace: str
    free: int  # the free weekday, for "days"
    long: int  # the long session's weekday, for "days"


steps = st.builds(
    Step,
    wait_days=st.integers(0, 25),
    action=st.sampled_from(["pause", "resume", "pace", "days", "wait"]),
    days=st.integers(0, 20),
    pace=st.sampled_from(PACES),
    free=st.integers(0, 6),
    long=st.integers(0, 6),
)


def act(learner: LearnerPlan, today: date, step: Step) -> LearnerPlan:
    """What the settings service does for the step."""
    if step.action == "pause":
        pauses = paused_from(learner, today, step.days or None)
        return learner if pauses is None else replace(learner, pauses=pauses)
    if step.action == "resume":
        pauses = resumed_on(learner, today)
        return learner if pauses is None else replace(learner, pauses=pauses)
    if step.action == "pace":
        pace = CURRICULUM.pace(step.pace)
        return replace(learner, segments=with_pace(CURRICULUM, learner, pace, today))
    if step.action == "days" and step.free != step.long:
        layout = Layout(step.free, step.long)
        return replace(learner, segments=with_layout(CURRICULUM, learner, layout, today))
    return learner


def past_labels(found: tuple[PlanWeek, ...], today: date) -> dict[int, tuple[object, ...]]:
    """What a learner reads about each week that is over: dates, pace, roadmap weeks, target."""
    return {
        w.number: (
            w.first_day,
            w.pace.id,
            w.start_position,
            w.roadmap_week,
            w.covers,
            w.completes,
            w.target_minutes,
            w.repeated,
        )
        for w in found
        if w.last_day < today
    }


@settings(max_examples=150, deadline=None)
@given(
    pace=st.sampled_from(PACES),
    start_offset=st.integers(-3, 13),
    journey=st.lists(steps, max_size=14),
)
def test_weeks_are_fixed_and_the_past_never_changes(
    pace: str, start_offset: int, journey: list[Step]
) -> None:
    learner = plan(pace, MONDAY + timedelta(days=start_offset))
    today = MONDAY
    seen: dict[int, tuple[object, ...]] = {}
    for step in journey:
        today += timedelta(days=step.wait_days)
        learner = act(learner, today, step)
        found = weeks(learner, today)
        # Every plan week is a calendar week, Monday to Sunday, one after the other.
        first_monday = learner.start - timedelta(days=learner.start.weekday())
        for number, week in enumerate(found, start=1):
            assert week.number == number
            assert week.first_day == first_monday + timedelta(weeks=number - 1)
            assert week.first_day.weekday() == 0
            assert week.last_day.weekday() == 6
        # Every roadmap week is covered, once and in order: the weeks that are not repeated
        # cover the roadmap end to end, without a gap or an overlap.
        position = Fraction(0)
        for week in found:
            assert week.start_position == position
            position += week.advance
        assert position == CURRICULUM.total_weeks
        # A week that is over keeps what it said.
        now = past_labels(found, today)
        for number, label in seen.items():
            assert now[number] == label, f"plan week {number} changed after {step}"
        seen = now


def test_a_week_laid_out_by_the_learner_keeps_learning_first_and_its_hours() -> None:
    standard = CURRICULUM.pace("standard")
    week = sessions(standard, Layout(free=0, long=6))
    assert week[0] is None
    assert [s.focus[:8] if s else None for s in week] == [
        None,
        "Reading ",
        "Practice",
        "Continue",
        "Mini-pro",
        "Testing ",
        "Project ",
    ]
    assert sum(s.minutes for s in week if s) == standard.weekly_minutes


def test_the_milestones_last_three_weeks_count_the_closing_week_in_progress() -> None:
    tallies = [
        WeekTally(12 * H, 10 * H),
        WeekTally(0, 0, neutral=True),  # repeated: neither counts nor breaks
        WeekTally(7 * H, 10 * H),
        WeekTally(450, 10 * H),
        WeekTally(390, 10 * H, complete=False),  # its recap went out on its Sunday evening
        WeekTally(60, 10 * H, complete=False),  # a later week does not count
    ]
    assert recent_weekly_minutes(tallies, 5) == (7 * H + 450 + 390) / 3
    assert recent_weekly_minutes(tallies, 4) == (12 * H + 7 * H + 450) / 3
    assert recent_weekly_minutes(tallies, 3) is None  # two weeks that count


@settings(max_examples=100, deadline=None)
@given(
    pace=st.sampled_from(PACES),
    start_offset=st.integers(-3, 13),
    journey=st.lists(steps, max_size=10),
    adjustments=st.dictionaries(st.integers(1, 30), st.integers(-300, 300), max_size=3),
)
def test_the_weeks_kept_of_a_plan_are_always_that_plans_weeks(
    pace: str, start_offset: int, journey: list[Step], adjustments: dict[int, int]
) -> None:
    """Whatever plans were seen before, the weeks given for a plan are the ones computed for it
    afresh; a plan equal in value to one seen gets the weeks kept, not computed again."""
    learner = plan(pace, MONDAY + timedelta(days=start_offset))
    today = MONDAY
    for step in journey:
        today += timedelta(days=step.wait_days)
        learner = act(learner, today, step)
        for variant in (learner, replace(learner, adjustments=adjustments)):
            planned = as_planned(variant, today)
            assert plan_weeks(CURRICULUM, planned) == _plan_weeks(CURRICULUM, planned)
    again = replace(learner, adjustments=dict(learner.adjustments))  # equal, not the same
    assert plan_weeks(CURRICULUM, again) is plan_weeks(CURRICULUM, learner)


@given(
    start=st.fractions(min_value=0, max_value=30, max_denominator=12),
    step=st.fractions(min_value=0, max_value=3, max_denominator=12),
    repeated=st.booleans(),
)
def test_the_roadmap_weeks_a_week_completes_are_those_whose_end_it_reaches(
    start: Fraction, step: Fraction, repeated: bool
) -> None:
    week = replace(weeks(plan())[0], start_position=start, step=step, repeated=repeated)
    end = start + week.advance
    assert week.completes == tuple(w for w in range(1, week.total_weeks + 1) if start < w <= end)
