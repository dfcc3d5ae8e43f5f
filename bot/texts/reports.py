"""/help, /today, /week, /plan and /progress. Pure."""

from __future__ import annotations

from bot.domain.catchup import room_left
from bot.domain.curriculum import Curriculum
from bot.domain.plan import PlanWeek
from bot.domain.progress import WeekTally, current_milestone, suggested_ranges
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.telegram.commands import COMMANDS
from bot.texts.catchup import catch_up_buttons
from bot.texts.format import (
    Button,
    Reply,
    day_label,
    duration,
    esc,
    hour_range,
    long_date,
    rich,
    short,
)
from bot.texts.weeks import (
    coverage_note,
    focus_line,
    goals_line,
    left_lines,
    not_in_plan,
    pause_line,
    project_text,
    repeats,
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
        week_heading(curriculum, view, week),
        pause_line(view).rstrip("\n")
        if view.pause
        else focus_line(view, week, view.today, report.left),
        f"Project: {project_text(roadmap, view.capstone)}",
        week_bar(view, week, report.week_minutes),
        f"💡 <i>{esc(report.tip.title)}</i> {esc(report.tip.text)}",
    ]
    return Reply("\n".join(lines))


def week(curriculum: Curriculum, report: WeekReport) -> Reply:
    """A plan week: goals, project, each day's plan with its date, and what was logged."""
    view = report.learner
    if report.week is None:
        outside = not_in_plan(curriculum, view)
        return Reply(outside or f"There is no such plan week: your plan has {len(view.weeks)}.")
    current = report.week
    lines = [week_heading(curriculum, view, current)]
    coverage = coverage_note(curriculum, current.pace)
    if coverage:
        lines.append(f"<i>{coverage}</i>")
    ticks: list[tuple[Button, ...]] = []
    for number in current.covers:
        roadmap = curriculum.week(number)
        if len(current.covers) > 1:
            lines.append(f"\n<b>Roadmap week {number}: {esc(roadmap.title)}</b>")
        lines.append("<b>Goals</b>")
        for index, goal in enumerate(roadmap.goals):
            ticked = (number, index) in report.ticks
            lines.append(f"{'✅' if ticked else '•'} {rich(goal)}")
            label = f"{'✅' if ticked else '☐'} {short(goal.replace('`', ''), 32)}"
            press = callbacks.data(callbacks.GOAL, number, index, int(not ticked), current.number)
            ticks.append((Button(label, press),))
        lines.append(f"<b>Project</b>: {project_text(roadmap, view.capstone)}")
    lines.append(goals_line(curriculum, current, report.ticks, hint=False))
    lines.append("<i>Tap a goal below to tick it; tap it again to undo.</i>")
    lines.append(
        f"\n<b>Daily plan</b> ({day_label(current.first_day)} – {day_label(current.last_day)})"
    )
    for plan_day in current.days:
        day = plan_day.day
        logged = report.minutes_by_day.get(day, 0)
        marker = "▶ " if day == view.today else ""
        session = plan_day.session
        if session is None:
            plan_text = "free"
        elif view.plan.paused_on(day):
            plan_text = "paused"
        elif day < view.plan.start:
            plan_text = "before your start"
        else:
            plan_text = (
                f"{duration(session.minutes)} {esc(session.category)} — {esc(session.focus)}"
            )
        done = f" · logged {duration(logged)}" if logged else ""
        tick = " ✓" if plan_day.planned_minutes and logged >= plan_day.planned_minutes else ""
        lines.append(f"{marker}{day_label(day)}: {plan_text}{done}{tick}")
    label = "This week" if current.first_day <= view.today <= current.last_day else "Logged"
    lines.append(week_bar(view, current, report.week_minutes, label))
    buttons = []
    if current.number > 1:
        previous = current.number - 1
        buttons.append(Button(f"◀ Week {previous}", callbacks.data(callbacks.WEEK, previous)))
    if current.number < current.of:
        following = current.number + 1
        buttons.append(Button(f"Week {following} ▶", callbacks.data(callbacks.WEEK, following)))
    return Reply("\n".join(lines), buttons=(*ticks, *((tuple(buttons),) if buttons else ())))


PLAN_MARKS = "<i>Past weeks: ✓ at your pace's minimum · ○ short of it · ⏸ came again.</i>"


def plan_overview(curriculum: Curriculum, report: WeekReport) -> Reply:
    """The whole plan, one line a week with its date, the current week marked."""
    view = report.learner
    today_number = view.plan.week_number(view.today)
    lines = [
        f"<b>{esc(curriculum.title)}</b> · {esc(view.pace.name)} pace, "
        f"{len(view.weeks)} plan weeks from {long_date(view.plan.start)}"
    ]
    coverage = coverage_note(curriculum, view.pace)
    if coverage:
        lines.append(f"<i>{coverage}</i>")
    if today_number > 1:  # past weeks are marked
        lines.append(PLAN_MARKS)
    month = 0
    for week in view.weeks:
        roadmap = curriculum.week(week.roadmap_week)
        if roadmap.month != month:
            month = roadmap.month
            heading = curriculum.month(month)
            lines.append(f"\n{esc(heading.emoji)} <b>Month {month}: {esc(heading.title)}</b>")
        done = report.tallies[week.number - 1] if week.number <= len(report.tallies) else None
        lines.append(_plan_line(today_number, week, roadmap.title, repeats(view, week), done))
    lines += ["", f"Planned finish: {long_date(view.plan_finish)}", _projection(report)]
    lines.append(_categories_note(curriculum, view.pace.name))
    return Reply("\n".join(lines))


def _plan_line(
    today_number: int, week: PlanWeek, title: str, again: bool, tally: WeekTally | None
) -> str:
    """One week of /plan. A past week is marked ✓ at its pace's minimum, ⏸ when it comes
    again (mostly paused or before the start), ○ otherwise; a week ahead ·."""
    first, last = week.covers[0], week.covers[-1]
    covers = str(first) if first == last else f"{first}–{last}"
    text = f"{week.number}. {day_label(week.first_day)} · wk {covers}: {esc(title)}"
    if again:
        text += " (again)"
    if week.number == today_number:
        return f"▶ <b>{text}</b> ← you are here"
    if week.number > today_number:
        return f"· {text}"
    if week.repeated:
        return f"⏸ {text}"
    return f"✓ {text}" if tally is not None and tally.met else f"○ {text}"


def _categories_note(curriculum: Curriculum, pace_name: str) -> str:
    reference = curriculum.reference_pace
    practice = next((c for c in curriculum.categories if c.id == "practice"), None)
    if practice is None:
        return ""
    planned = sum(d.minutes for d in reference.schedule if d.category == practice.id)
    return (
        f"\n<i>Category targets follow your pace's daily schedule. The roadmap's example week "
        f"plans {duration(planned)} of {esc(practice.name.lower())} while its breakdown "
        f"suggests {hour_range(practice.hours_min, practice.hours_max)}; /progress shows both, "
        "and extra practice on project days counts.</i>"
    )


def _projection(report: WeekReport) -> str:
    if report.rate_per_week is None or report.projected_finish is None:
        return "Projected finish at your own rate: after your first full week."
    rate = duration(round(report.rate_per_week))
    return f"At your rate ({rate} a week) you'd finish around {long_date(report.projected_finish)}."


def category_lines(curriculum: Curriculum, report: WeekReport) -> list[str]:
    """Each category's hours against the week's schedule, the roadmap's range beside."""
    assert report.week is not None
    targets = report.week.category_targets()
    ranges = suggested_ranges(curriculum, report.week.pace)
    lines = []
    for category in curriculum.categories:
        done = report.minutes_by_category.get(category.id, 0)
        target = targets.get(category.id, 0)
        low, high = ranges[category.id]
        upper = max(target * 3 // 2, round(high * 60))
        above = " ↑ above" if done > upper else ""
        if target:
            shown = f"{duration(target)}{' ✓' if target <= done <= upper else above}"
            hours = f"{duration(done)} / {shown}"
        else:  # nothing of it planned this week (its day before the start, or paused)
            hours = f"{duration(done)}{above} (no time planned this week)"
        lines.append(f"• {esc(category.name)}: {hours} <i>(roadmap {hour_range(low, high)})</i>")
    return lines


def progress(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    outside = not_in_plan(curriculum, view)
    lines: list[str] = []
    buttons: tuple[tuple[Button, ...], ...] = ()
    if outside is not None or report.week is None:
        lines.append(outside or "")
    else:
        current = report.week
        lines.append(week_heading(curriculum, view, current))
        lines.append(week_bar(view, current, report.week_minutes))
        if report.left is not None:
            lines += left_lines(report.left)
            if report.left.behind:
                buttons = catch_up_buttons(current.number, report.left.behind)
        lines.append("\n<b>By category</b> (this week / planned)")
        lines += category_lines(curriculum, report)
        lines.append(goals_line(curriculum, current, report.ticks))
        milestone = current_milestone(curriculum, current)
        if milestone is not None:
            checkpoint = hour_range(milestone.hours_min, milestone.hours_max)
            lines.append(
                f"\nTotal so far: <b>{duration(report.total_minutes)}</b> — month "
                f"{milestone.month} checkpoint: {checkpoint} ({esc(milestone.expected_progress)})"
            )
    if not lines[-1].startswith("\nTotal"):
        lines.append(f"\nTotal so far: <b>{duration(report.total_minutes)}</b>")
    lines.append(streak_line(report))
    lines.append(_projection(report))
    return Reply("\n".join(lines), buttons=buttons)


def streak_line(report: WeekReport) -> str:
    """The one streak (the same in /progress and the recap), and what keeps it alive while
    the week in progress has not reached its minimum."""
    weeks = "week" if report.streak == 1 else "weeks"
    line = f"🔥 Streak: {report.streak} {weeks} in a row at your pace's minimum"
    current = report.learner.week_of(report.learner.today)
    if report.streak and current is not None and not current.repeated:
        done = (
            sum(report.minutes_by_day.get(d.day, 0) for d in current.days)
            if report.week == current
            else None
        )
        if done is not None and done < current.minimum_minutes:
            more = current.minimum_minutes - done
            if more <= room_left(current, report.learner.today, report.minutes_by_day):
                line += f" — {duration(more)} more this week keeps it"
            else:  # more than the days left can take at 1.5× their plan
                return (
                    f"🔥 Your {report.streak}-week streak ends with this week "
                    f"({duration(done)} of {duration(current.minimum_minutes)})."
                )
    return line
