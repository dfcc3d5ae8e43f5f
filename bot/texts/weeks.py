"""How a plan week is named and described: its heading, the project, the day's focus, the
week's bar, what is left of it; shared by the reports, the reminders and the recap. Pure."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from bot.domain.catchup import WeekLeft
from bot.domain.curriculum import Curriculum, Pace, Week
from bot.domain.goals import Tick, count_goals, month_goals
from bot.domain.plan import Finished, NotStarted, PlanWeek, step_of
from bot.services.learners import LearnerView
from bot.texts.format import DAY_NAMES, bar, day_label, duration, esc, hour_range, long_date, rich

_SHARES = {
    Fraction(1, 2): "half a roadmap week",
    Fraction(2, 3): "two thirds of a roadmap week",
    Fraction(3, 4): "three quarters of a roadmap week",
    Fraction(3, 2): "one and a half roadmap weeks",
    Fraction(2): "two roadmap weeks",
}


def roadmap_label(week: PlanWeek) -> str:
    """``roadmap week 5`` or ``roadmap weeks 2–3``."""
    if len(week.covers) > 1:
        return f"roadmap weeks {week.covers[0]}–{week.covers[-1]}"
    return f"roadmap week {week.roadmap_week}"


def repeats(view: LearnerView, week: PlanWeek) -> bool:
    """Whether ``week`` covers again what the week before it covered (that one was mostly
    paused, or mostly before the start)."""
    before = view.week(week.number - 1)
    return before is not None and before.repeated


def week_heading(curriculum: Curriculum, view: LearnerView, week: PlanWeek) -> str:
    roadmap = curriculum.week(week.roadmap_week)
    month = curriculum.month(roadmap.month)
    again = ""
    if repeats(view, week):
        start = view.plan.start
        short = week.number == 2 and start > view.plan.first_monday  # week 1 began mid-week
        why = f"week 1 was short, the plan began on {day_label(start)}" if short else ""
        again = f" (again: {why or 'last week was paused'})"
    return (
        f"<b>Plan week {week.number}/{week.of}</b> · {roadmap_label(week)}{again}\n"
        f"{esc(month.emoji)} <b>{esc(roadmap.title)}</b>"
    )


def coverage_note(curriculum: Curriculum, pace: Pace) -> str:
    """What one plan week of a pace covers, when it is not one roadmap week."""
    step = step_of(curriculum, pace)
    if step == 1:
        return ""
    share = _SHARES.get(step, f"{float(step):.2f} roadmap weeks")
    return f"At the {esc(pace.name)} pace a plan week covers {share}."


def project_text(week: Week, capstone: str | None = None) -> str:
    """The week's project; on a capstone week, the capstone chosen, else the options."""
    if week.project is not None:
        return rich(week.project)
    if capstone is not None:
        return f"your capstone, <b>{esc(capstone)}</b>"
    options = "; ".join(esc(o) for o in week.capstone_options)
    return f"your capstone ({options})"


def not_in_plan(curriculum: Curriculum, view: LearnerView) -> str | None:
    """What to say when today is before the plan's start or after its end."""
    position = view.position
    if isinstance(position, NotStarted):
        first = curriculum.week(1)
        days = "tomorrow" if position.days_until == 1 else f"in {position.days_until} days"
        return (
            f"Your plan starts on <b>{long_date(position.starts_on)}</b> ({days}).\n"
            f"Week 1: <b>{esc(first.title)}</b>\nProject: {project_text(first)}\n"
            "/week shows week 1; /startdate sets another start."
        )
    if isinstance(position, Finished):
        return (
            f"🎉 You finished the roadmap on {long_date(position.finished_on)}. "
            "Keep building: /plan shows everything you covered."
        )
    return None


def pause_span(end: date | None) -> str:
    """How long a pause lasts, from the day it ends before (``end``, the first day back):
    ``through Thursday 24 Dec 2026; back on Friday 25 Dec 2026``."""
    if end is None:
        return "until you /resume"
    return f"through {long_date(end - timedelta(days=1))}; back on {long_date(end)}"


def pause_line(view: LearnerView) -> str:
    if view.pause is None:
        return ""
    return (
        f"⏸ Paused {pause_span(view.pause.end)}. No reminders meanwhile, and paused days ask "
        "for nothing.\n"
    )


def focus_line(
    view: LearnerView, week: PlanWeek, day: date, left: WeekLeft | None, label: str = ""
) -> str:
    """The day's session, with the hours it asks for today (catch-up included)."""
    name = label or DAY_NAMES[day.weekday()]
    plan_day = week.day(day)
    if plan_day.session is None:
        return f"{name}: free day. Rest, or catch up if you like."
    if not plan_day.available:
        return f"{name}: paused."
    session = plan_day.session
    asked = session.minutes if left is None or left.today is None else left.today.minutes
    extra = asked - session.minutes
    hours = duration(asked)
    if extra > 0:
        hours += f" ({duration(session.minutes)} planned + {duration(extra)} to catch up)"
    today = left is not None and left.today is not None and left.today.day == day
    if today and left is not None and left.logged_today and left.left_today:  # part done
        hours += f" — {duration(left.logged_today)} logged, {duration(left.left_today)} to go"
    return f"{name}: <b>{esc(session.focus)}</b> — {hours} · {esc(session.category)}"


def week_note(view: LearnerView, week: PlanWeek) -> str:
    """Why a week's target is not the pace's usual one, if it is not."""
    notes = []
    sessions = [d for d in week.days if d.session is not None]
    paused = sum(1 for d in sessions if view.plan.paused_on(d.day))
    before_start = sum(1 for d in sessions if d.day < view.plan.start)
    if before_start:
        notes.append(f"a short week: {len(sessions) - before_start} of {len(sessions)} study days")
    if paused:
        notes.append(f"{paused} study day{'s' if paused != 1 else ''} paused")
    if week.adjustment > 0:
        notes.append(f"+{duration(week.adjustment)} carried in")
    elif week.adjustment < 0:
        notes.append(f"lowered by {duration(-week.adjustment)}")
    if notes:
        return "; ".join(notes)
    return f"pace band {hour_range(week.pace.hours_min, week.pace.hours_max)}"


def week_bar(view: LearnerView, week: PlanWeek, minutes: int, label: str = "This week") -> str:
    return f"{label}: {bar(minutes, week.target_minutes)} ({week_note(view, week)})"


def left_lines(left: WeekLeft) -> list[str]:
    """What is left of the week: just as planned, covered by the plan, or spread over the
    days left with a catch-up (each at most 1.5× its plan), and what falls behind."""
    if left.left == 0:
        return ["🎯 This week's target is reached. Anything more is extra."]
    shown = []
    if left.left_today:
        shown.append(("today", left.left_today))
    shown += [(day_label(s.day), s.minutes) for s in left.ahead]
    planned = sum(m for _, m in shown)
    lines = []
    if not shown:
        lines.append(f"Left this week: {duration(left.left)}, and no study day is left.")
    elif left.catching_up:
        days = ", ".join(f"{name} {duration(m)}" for name, m in shown)
        lines.append(f"Left this week: {duration(left.left)} — {days}")
    elif planned == left.left:
        lines.append(f"Left this week: {duration(left.left)}, just as planned.")
    else:
        lines.append(
            f"Left this week: {duration(left.left)}; the plan for the days left "
            f"({duration(planned)}) covers it."
        )
    if left.behind:
        lines.append(
            f"⚠️ Behind by {duration(left.behind)}: more than the days left can take at 1.5× "
            "their plan."
        )
    return lines


def goals_line(
    curriculum: Curriculum, week: PlanWeek, ticks: frozenset[Tick], *, hint: bool = True
) -> str:
    """How many of the week's goals, and of its roadmap month's, the learner ticked."""
    done = count_goals(curriculum, ticks, week.covers)
    month = month_goals(curriculum, ticks, curriculum.week(week.roadmap_week).month)
    line = (
        f"🎯 Goals ticked this week: {done.done}/{done.total} · "
        f"goals done this month: {month.done}/{month.total}"
    )
    return line if done.done == done.total or not hint else f"{line} (tick them on /week)"
