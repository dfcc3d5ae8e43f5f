"""How a plan week is named and described: its heading, the project, the day's focus, the
week's bar; shared by the reports, the reminders and the recap. Pure."""

from __future__ import annotations

from datetime import date

from bot.domain.curriculum import Curriculum, Pace, Week
from bot.domain.parsing import format_minutes
from bot.domain.plan import Finished, FreeDay, NotStarted, PlanWeek, focus_on
from bot.services.learners import LearnerView
from bot.texts.format import DAY_NAMES, bar, esc, long_date, rich


def week_heading(curriculum: Curriculum, week: PlanWeek) -> str:
    roadmap = curriculum.week(week.roadmap_week)
    month = curriculum.month(roadmap.month)
    if len(week.covers) > 1:
        covers = f"roadmap weeks {week.covers[0]}–{week.covers[-1]}"
    else:
        covers = f"roadmap week {week.roadmap_week}"
    return (
        f"<b>Plan week {week.number}/{week.of}</b> · {covers}\n"
        f"{esc(month.emoji)} <b>{esc(roadmap.title)}</b>"
    )


def coverage_note(curriculum: Curriculum, pace: Pace) -> str:
    per_week = curriculum.total_weeks / pace.plan_weeks
    if per_week == 1:
        return ""
    return f"At the {esc(pace.name)} pace a plan week covers {per_week:.3g} roadmap weeks."


def project_text(week: Week) -> str:
    if week.project is not None:
        return rich(week.project)
    options = "; ".join(esc(o) for o in week.capstone_options)
    return f"your capstone ({options})"


def not_in_plan(curriculum: Curriculum, view: LearnerView) -> str | None:
    position = view.position
    if isinstance(position, NotStarted):
        first = curriculum.week(1)
        days = "tomorrow" if position.days_until == 1 else f"in {position.days_until} days"
        return (
            f"Your plan starts on <b>{long_date(position.starts_on)}</b> ({days}).\n"
            f"Week 1: <b>{esc(first.title)}</b>\nProject: {project_text(first)}\n"
            "Set another start with /startdate."
        )
    if isinstance(position, Finished):
        return (
            f"🎉 You finished the roadmap on {long_date(position.finished_on)}. "
            "Keep building: /plan shows everything you covered."
        )
    return None


def pause_line(view: LearnerView) -> str:
    if view.pause is None:
        return ""
    until = (
        f"until {long_date(view.pause.end)}" if view.pause.end is not None else "until you /resume"
    )
    return f"⏸ Paused {until}: no reminders, and the plan waits for you.\n"


def focus_line(view: LearnerView, day: date) -> str:
    session = focus_on(view.plan, day)
    if isinstance(session, FreeDay):
        return f"{DAY_NAMES[day.weekday()]}: free day. Rest, or catch up if you like."
    return (
        f"{DAY_NAMES[day.weekday()]}: <b>{esc(session.focus)}</b> — "
        f"{format_minutes(session.minutes)} · {esc(session.category)}"
    )


def week_bar(view: LearnerView, minutes: int) -> str:
    pace = view.pace
    return (
        f"This week: {bar(minutes, pace.weekly_minutes)} "
        f"(target {pace.hours_min:g}–{pace.hours_max:g} h)"
    )
