"""/help, /today, /week, /plan and /progress. Pure."""

from __future__ import annotations

from bot.domain.curriculum import Curriculum
from bot.domain.parsing import format_minutes
from bot.domain.plan import (
    Finished,
    FreeDay,
    PlanWeek,
    category_targets,
    current_milestone,
    focus_on,
    remaining_split,
)
from bot.services.reports import WeekReport
from bot.telegram.commands import COMMANDS
from bot.texts.format import Reply, day_label, esc, hours, long_date, rich
from bot.texts.weeks import (
    coverage_note,
    focus_line,
    not_in_plan,
    pause_line,
    project_text,
    week_bar,
    week_heading,
)


def help_text() -> Reply:
    lines = ["<b>Roadmap Coach</b> — what I understand:", ""]
    for command in COMMANDS:
        arguments = f" {esc(command.arguments)}" if command.arguments else ""
        lines.append(f"/{command.name}{arguments} — {esc(command.summary)}")
    lines += [
        "",
        "You can also just send <code>1.5</code> (or <code>90m</code>) to log today, "
        "and lines starting with <code>-</code> to add notes.",
    ]
    return Reply("\n".join(lines))


def today(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    outside = not_in_plan(curriculum, view)
    if outside is not None or report.week is None:
        return Reply(pause_line(view) + (outside or ""))
    week = report.week
    roadmap = curriculum.week(week.roadmap_week)
    lines = [
        week_heading(curriculum, week),
        pause_line(view).rstrip("\n") if view.pause else focus_line(view, view.today),
        f"Project: {project_text(roadmap)}",
        week_bar(view, report.week_minutes),
        f"💡 <i>{esc(report.tip.title)}</i> {esc(report.tip.text)}",
    ]
    return Reply("\n".join(lines))


def week(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    outside = not_in_plan(curriculum, view)
    if outside is not None or report.week is None:
        return Reply(outside or "")
    current = report.week
    lines = [week_heading(curriculum, current)]
    coverage = coverage_note(curriculum, view.pace)
    if coverage:
        lines.append(f"<i>{coverage}</i>")
    for number in current.covers:
        roadmap = curriculum.week(number)
        if len(current.covers) > 1:
            lines.append(f"\n<b>Roadmap week {number}: {esc(roadmap.title)}</b>")
        lines.append("<b>Goals</b>")
        lines += [f"• {rich(goal)}" for goal in roadmap.goals]
        lines.append(f"<b>Project</b>: {project_text(roadmap)}")
    lines.append(
        f"\n<b>Daily plan</b> ({day_label(current.first_day)} – {day_label(current.last_day)})"
    )
    for day in current.days:
        logged = report.minutes_by_day.get(day, 0)
        session = focus_on(view.plan, day)
        marker = "▶ " if day == view.today else ""
        if view.plan.paused_on(day):
            plan_text = "paused"
        elif isinstance(session, FreeDay):
            plan_text = "free"
        else:
            plan_text = (
                f"{format_minutes(session.minutes)} {esc(session.category)} — {esc(session.focus)}"
            )
        done = f" · logged {format_minutes(logged)}" if logged else ""
        tick = " ✓" if not isinstance(session, FreeDay) and logged >= session.minutes else ""
        lines.append(f"{marker}{day_label(day)}: {plan_text}{done}{tick}")
    lines.append(week_bar(view, report.week_minutes))
    return Reply("\n".join(lines))


def plan_overview(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    position = view.position
    current = position.covers if isinstance(position, PlanWeek) else ()
    lines = [
        f"<b>{esc(curriculum.title)}</b> · {esc(view.pace.name)} pace, "
        f"{view.pace.plan_weeks} plan weeks"
    ]
    coverage = coverage_note(curriculum, view.pace)
    if coverage:
        lines.append(f"<i>{coverage}</i>")
    for month in curriculum.months:
        lines.append(f"\n{esc(month.emoji)} <b>Month {month.number}: {esc(month.title)}</b>")
        for roadmap in (w for w in curriculum.weeks if w.month == month.number):
            if roadmap.number in current:
                lines.append(f"▶ <b>{roadmap.number}. {esc(roadmap.title)}</b> ← you are here")
            elif isinstance(position, Finished) or (current and roadmap.number < current[0]):
                lines.append(f"✓ {roadmap.number}. {esc(roadmap.title)}")
            else:
                lines.append(f"· {roadmap.number}. {esc(roadmap.title)}")
    lines.append("")
    lines.append(f"Planned finish: {long_date(report.plan_finish)}")
    lines.append(_projection(report))
    return Reply("\n".join(lines))


def _projection(report: WeekReport) -> str:
    if report.rate_per_week is None or report.projected_finish is None:
        return "Projected finish at your own rate: after your first full week."
    rate = hours(round(report.rate_per_week))
    return f"At your rate ({rate} h/week) you'd finish around {long_date(report.projected_finish)}."


def progress(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    outside = not_in_plan(curriculum, view)
    lines: list[str] = []
    if outside is not None or report.week is None:
        lines.append(outside or "")
    else:
        current = report.week
        lines.append(week_heading(curriculum, current))
        lines.append(week_bar(view, report.week_minutes))
        split = remaining_split(view.plan, current, view.today, report.week_minutes)
        if report.week_minutes >= view.pace.weekly_minutes:
            lines.append("🎯 This week's planned hours are done.")
        elif split:
            left = view.pace.weekly_minutes - report.week_minutes
            days = ", ".join(f"{day_label(d)} {format_minutes(m)}" for d, m in split)
            lines.append(f"Left this week: {format_minutes(left)} — {days}")
        else:
            lines.append("No study days left this week; a fresh week starts soon.")
        lines.append("\n<b>By category</b> (this week / target)")
        targets = category_targets(curriculum, view.pace)
        for category in curriculum.categories:
            done = report.minutes_by_category.get(category.id, 0)
            band = targets[category.id]
            ok = " ✓" if done >= band.low * 60 else ""
            lines.append(
                f"• {esc(category.name)}: {hours(done)} / {band.low:g}–{band.high:g} h{ok}"
            )
        milestone = current_milestone(curriculum, view.pace, current.number)
        if milestone is not None:
            lines.append(
                f"\nTotal so far: <b>{hours(report.total_minutes)} h</b> — month "
                f"{milestone.month} checkpoint: {milestone.hours_min:g}–{milestone.hours_max:g} h "
                f"({esc(milestone.expected_progress)})"
            )
    if not lines[-1].startswith("\nTotal"):
        lines.append(f"\nTotal so far: <b>{hours(report.total_minutes)} h</b>")
    weeks = "week" if report.streak == 1 else "weeks"
    lines.append(f"🔥 Streak: {report.streak} {weeks} at {view.pace.hours_min:g}+ h")
    lines.append(_projection(report))
    return Reply("\n".join(lines))
