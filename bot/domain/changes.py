"""What a learner's changes do to their plan, from the current plan week on: another pace,
another week layout, a pause, a resume. Pure; the weeks before keep what they were."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from bot.domain.curriculum import Curriculum, Pace
from bot.domain.plan import Layout, LearnerPlan, Pause, Segment, as_planned, plan_weeks


def with_pace(
    curriculum: Curriculum, plan: LearnerPlan, pace: Pace, today: date, from_week: int = 0
) -> tuple[Segment, ...]:
    """The segments after a change to ``pace`` on ``today``: from the current plan week on
    (or from ``from_week``, when later: the current week has had its recap), the roadmap not
    yet covered at the new pace; earlier weeks keep theirs. Before the plan starts, the new
    pace is the plan's from week 1."""
    return _changed(curriculum, plan, today, from_week, pace=pace)


def with_layout(
    curriculum: Curriculum, plan: LearnerPlan, layout: Layout, today: date, from_week: int = 0
) -> tuple[Segment, ...]:
    """The segments after choosing another week layout on ``today``, from the current plan
    week on (or from ``from_week``, when later); earlier weeks keep theirs."""
    return _changed(curriculum, plan, today, from_week, layout=layout)


def _changed(
    curriculum: Curriculum,
    plan: LearnerPlan,
    today: date,
    from_week: int,
    *,
    pace: Pace | None = None,
    layout: Layout | None = None,
) -> tuple[Segment, ...]:
    current = max(plan.week_number(today), from_week)
    latest = plan.segments[-1]
    new_pace = pace or latest.pace
    new_layout = layout or latest.layout
    if current <= 1:
        return (Segment(1, new_pace, Fraction(0), new_layout),)
    weeks = plan_weeks(curriculum, as_planned(plan, today))
    if current <= len(weeks):
        position = weeks[current - 1].start_position
    else:  # after the end: nothing left to spread
        position = Fraction(curriculum.total_weeks)
    kept = tuple(s for s in plan.segments if s.from_week < current)
    return (*kept, Segment(current, new_pace, position, new_layout))


def paused_from(
    plan: LearnerPlan, today: date, days: int | None, start: date | None = None
) -> tuple[Pause, ...] | None:
    """The pauses after pausing, on ``today``, from ``start`` (today when None or before it)
    for ``days`` days (None: until resumed); None when a pause is in force or ahead already
    (pauses never overlap)."""
    if any(p.end is None or p.end > today for p in plan.pauses):
        return None
    first = today if start is None else max(start, today)
    end = None if days is None else first + timedelta(days=days)
    return (*plan.pauses, Pause(first, end))


def resumed_on(plan: LearnerPlan, today: date) -> tuple[Pause, ...] | None:
    """The pauses after resuming on ``today``: the pause in force ends, so today counts again;
    one that has not begun (a change of time zone can do that) is dropped. None when nothing
    is paused."""
    if not any(p.end is None or p.end > today for p in plan.pauses):
        return None
    kept = []
    for pause in plan.pauses:
        if pause.end is not None and pause.end <= today:
            kept.append(pause)
        elif pause.start < today:
            kept.append(Pause(pause.start, today))
    return tuple(kept)
