"""The weekly recap, its chart caption and notes prompt, the project answer, and a month's
milestone summary. Pure."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.curriculum import Curriculum, Pace
from bot.domain.plan import PlanWeek
from bot.services.recap import MilestoneSummary
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, bar, day_label, duration, esc, hour_range
from bot.texts.portfolio import project_line
from bot.texts.reports import category_lines, streak_line
from bot.texts.weeks import (
    goals_line,
    not_in_plan,
    project_text,
    roadmap_label,
    week_heading,
    week_note,
)

NOTES_PROMPT = "📝 Write your notes for this week"
PROJECT_PROMPT = "Did you ship it? Tap below."


def recap(curriculum: Curriculum, report: WeekReport) -> Reply:
    """The weekly recap: one line on how the week went, then the detail."""
    view = report.learner
    if report.week is None:
        return Reply(not_in_plan(curriculum, view) or "No plan week to recap yet.")
    current = report.week
    verdict, buttons = _verdict(curriculum, report, current)
    lines = [
        f"📊 <b>Week {current.number} recap</b> · "
        f"{day_label(current.first_day)} – {day_label(current.last_day)}",
        verdict,
        "",
        week_heading(curriculum, view, current),
        f"Hours: {bar(report.week_minutes, current.target_minutes)} ({week_note(view, current)})",
        "\n<b>By category</b> (done / planned)",
        *category_lines(curriculum, report),
        "\n<b>By day</b> (done / planned)",
        *_day_lines(report, current),
    ]
    target = curriculum.notes_target
    if report.notes:
        lines.append(f"\n<b>Your notes</b> ({len(report.notes)})")
        lines += [f"• {esc(note.text)}" for note in report.notes]
    else:
        lines.append(f"\n<b>Notes</b>: none yet — write {target.min}–{target.max} bullets.")
    lines.append(goals_line(curriculum, current, report.ticks))
    project_lines, project_buttons = _projects(curriculum, report, current)
    lines += project_lines
    lines.append(streak_line(report))
    upcoming = view.week(current.number + 1)
    if upcoming is not None:
        following = curriculum.week(upcoming.roadmap_week)
        lines.append(
            f"\nNext week ({roadmap_label(upcoming)}): <b>{esc(following.title)}</b>\n"
            f"Project: {project_text(following, view.capstone)}"
        )
    else:
        lines.append("\nThis is the last week of your plan. 🎓")
    return Reply("\n".join(lines), buttons=project_buttons + buttons)


def _verdict(
    curriculum: Curriculum, report: WeekReport, week: PlanWeek
) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    """How the week went, in one line (so far, for a week in progress below its minimum);
    and, for a lost week, a break or a lighter pace."""
    done, target = report.week_minutes, week.target_minutes
    hours = f"<b>{duration(done)} of {duration(target)}</b>"
    if week.repeated:
        start = report.learner.plan.start
        why = (
            f"A short first week: the plan began on {day_label(start)}"
            if start > week.first_day
            else "A mostly paused week"
        )
        return (
            f"⏸ {why} ({duration(done)} logged): {roadmap_label(week)} comes again next week.",
            (),
        )
    if done > target * 6 // 5:
        return f"🚀 {hours} — more than planned. A great week!", ()
    if done >= target:
        return f"✅ {hours} — the whole plan. Well done!", ()
    if done >= week.minimum_minutes:
        return f"👍 {hours} — inside your pace's band. A solid week.", ()
    if report.learner.today < week.last_day:  # below the minimum, with days still to come
        return f"🕒 {hours} so far — the week runs to {day_label(week.last_day)}.", ()
    minimum = duration(week.minimum_minutes)
    if done * 4 >= target:
        return f"🟡 {hours} — short of the {minimum} minimum. Next week is a fresh start.", ()
    # A break from the Monday after the week (from today, once that Monday has come).
    monday = (week.last_day + timedelta(days=1)).isoformat()
    buttons = [Button("⏸ Pause a week", callbacks.data(callbacks.BREAK, 7, monday))]
    lighter = _lighter(curriculum, week.pace)
    if lighter is not None:
        buttons.append(
            Button(f"Switch to {lighter.name}", callbacks.data(callbacks.SWITCH, lighter.id))
        )
    return (
        f"🔴 {hours} — a lost week. It happens: take a break, or a lighter pace?",
        (tuple(buttons),),
    )


def _lighter(curriculum: Curriculum, pace: Pace) -> Pace | None:
    slower = [p for p in curriculum.paces if p.hours_max < pace.hours_min]
    return max(slower, key=lambda p: p.hours_max, default=None)


def _day_lines(report: WeekReport, week: PlanWeek) -> list[str]:
    view = report.learner
    lines = []
    for plan_day in week.days:
        logged = report.minutes_by_day.get(plan_day.day, 0)
        extra = f" · {duration(logged)} logged" if logged else ""
        if plan_day.session is None:
            state = f"free{extra}"
        elif view.plan.paused_on(plan_day.day):
            state = f"paused{extra}"
        elif plan_day.day < view.plan.start:
            state = f"before your start{extra}"
        else:
            planned = plan_day.session.minutes
            tick = " ✓" if logged >= planned else ""
            state = f"{duration(logged)} / {duration(planned)}{tick}"
        lines.append(f"{day_label(plan_day.day)}: {state}")
    return lines


def _projects(
    curriculum: Curriculum, report: WeekReport, week: PlanWeek
) -> tuple[list[str], tuple[tuple[Button, ...], ...]]:
    """The projects this week completes, answered or with ✅ Shipped / Not yet buttons."""
    if not report.projects:
        roadmap = curriculum.week(week.roadmap_week)
        capstone = report.learner.capstone
        return [f"\n<b>Project</b> (goes on next week): {project_text(roadmap, capstone)}"], ()
    lines: list[str] = []
    buttons: list[tuple[Button, ...]] = []
    for number, answer in report.projects.items():
        roadmap = curriculum.week(number)
        project = project_text(roadmap, report.learner.capstone)
        lines.append(f"\n<b>Project, week {number}</b>: {project}")
        if answer is None:
            lines.append(PROJECT_PROMPT)
            buttons.append(
                (
                    Button(f"✅ Shipped wk {number}", callbacks.data(callbacks.PROJECT, number, 1)),
                    Button("Not yet", callbacks.data(callbacks.PROJECT, number, 0)),
                )
            )
        else:
            lines.append(project_answer_line(answer))
    return lines, tuple(buttons)


def project_answer_line(shipped: bool) -> str:
    """What a recap says of a project once its question is answered."""
    return "✅ Shipped — well done." if shipped else "Not yet: it stays on your list."


def with_project_answer(shown: str, roadmap_week: int, shipped: bool) -> str | None:
    """The recap as shown (its HTML), with the question on ``roadmap_week``'s project
    replaced by the answer; None when that question is not in it. The apostrophes that
    ``Message.text_html`` escapes are written back as the recap wrote them."""
    lines = shown.replace("&#x27;", "'").split("\n")
    heading = f"<b>Project, week {roadmap_week}</b>:"
    for i, line in enumerate(lines[:-1]):
        if line.startswith(heading) and lines[i + 1] == PROJECT_PROMPT:
            lines[i + 1] = project_answer_line(shipped)
            return "\n".join(lines)
    return None


def chart_caption(report: WeekReport) -> str:
    week = report.week
    title = f"Plan week {week.number}/{week.of}" if week else "Your week"
    return f"📈 {title}: hours per day, and your total against the milestone ranges."


def milestone(curriculum: Curriculum, summary: MilestoneSummary) -> Reply:
    month = curriculum.month(summary.month)
    verdict = {
        "ahead": "🚀 <b>Ahead</b> of the milestone range",
        "on track": "✅ <b>On track</b>: inside the milestone range",
        "behind": "🐢 <b>Behind</b> the milestone range — the next month is a fresh start",
    }[summary.verdict]
    lines = [
        f"🏁 <b>Month {month.number} milestone</b> · {esc(month.emoji)} {esc(month.title)}",
        f"Your total: <b>{duration(summary.total_minutes)}</b> "
        f"(range {hour_range(summary.hours_min, summary.hours_max)})",
        verdict,
        f"Expected by now: {esc(summary.expected_progress)}",
        f"Projects shipped this month: {summary.shipped}/{summary.projects}",
        *(f"• {project_line(project)}" for project in summary.portfolio),
        f"🎯 Goals done this month: {summary.goals.done}/{summary.goals.total}",
        f"📝 Notes this month: {summary.notes} (target {summary.notes_target[0]}–"
        f"{summary.notes_target[1]}: {curriculum.notes_target.min}–{curriculum.notes_target.max} "
        "a week)",
    ]
    if summary.highlights:
        lines.append("<b>Talking points</b> (your longest notes):")
        lines += [f"• {esc(text)}" for text in summary.highlights]
    buttons: tuple[tuple[Button, ...], ...] = ()
    if summary.suggested_pace is not None and summary.recent_hours_per_week is not None:
        pace = summary.suggested_pace
        average = duration(round(summary.recent_hours_per_week * 60))
        lines.append(
            f"\nYour last 3 weeks averaged {average} a week: that is the {esc(pace.name)} pace "
            f"({hour_range(pace.hours_min, pace.hours_max)} a week). Switch?"
        )
        buttons = (
            (
                Button(f"Switch to {pace.name}", callbacks.data(callbacks.SWITCH, pace.id)),
                Button(
                    f"Keep {summary.learner.pace.name}",
                    callbacks.data(callbacks.SWITCH, summary.learner.pace.id),
                ),
            ),
        )
    return Reply("\n".join(lines), buttons=buttons)


def notes_prompt(curriculum: Curriculum) -> Reply:
    target = curriculum.notes_target
    return Reply(
        f"{NOTES_PROMPT}: reply to this message with {target.min}–{target.max} bullets on what "
        "you learned, one per line.",
        force_reply=True,
        placeholder="- what I learned…",
    )


def project_answer(shipped: bool, roadmap_week: int) -> str:
    if shipped:
        return f"🚀 Week {roadmap_week}'s project marked as shipped. Nice!"
    return f"Noted: week {roadmap_week}'s project isn't shipped yet. You've got this."
