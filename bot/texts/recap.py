"""The weekly recap, its chart caption and notes prompt, the project answer, and a month's
milestone summary. Pure."""

from __future__ import annotations

from bot.domain.curriculum import Curriculum
from bot.domain.plan import FreeDay, category_targets, focus_on
from bot.services.recap import MilestoneSummary
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, bar, day_label, esc, hours
from bot.texts.weeks import not_in_plan, project_text, week_heading

NOTES_PROMPT = "📝 Write your notes for this week"


def recap(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    if report.week is None:
        return Reply(not_in_plan(curriculum, view) or "No plan week to recap yet.")
    current = report.week
    roadmap = curriculum.week(current.roadmap_week)
    lines = [
        f"📊 <b>Weekly recap</b> · {day_label(current.first_day)} – {day_label(current.last_day)}",
        week_heading(curriculum, current),
        f"Hours: {bar(report.week_minutes, view.pace.weekly_minutes)} "
        f"(band {view.pace.hours_min:g}–{view.pace.hours_max:g} h)",
        "\n<b>By category</b>",
    ]
    targets = category_targets(curriculum, view.pace)
    for category in curriculum.categories:
        band = targets[category.id]
        done = report.minutes_by_category.get(category.id, 0)
        lines.append(f"• {esc(category.name)}: {hours(done)} / {band.low:g}–{band.high:g} h")
    lines.append("\n<b>By day</b> (logged / planned)")
    for day in current.days:
        session = focus_on(view.plan, day)
        planned = 0 if isinstance(session, FreeDay) else session.minutes
        logged = report.minutes_by_day.get(day, 0)
        lines.append(f"{day_label(day)}: {hours(logged)} / {hours(planned)} h")
    target = curriculum.notes_target
    if report.notes:
        lines.append(f"\n<b>Your notes</b> ({len(report.notes)})")
        lines += [f"• {esc(note.text)}" for note in report.notes]
    else:
        lines.append(f"\n<b>Notes</b>: none yet — write {target.min}–{target.max} bullets.")
    shipped = {True: "✅ shipped", False: "not yet", None: "did you ship it?"}[report.shipped]
    lines.append(f"\n<b>Project</b>: {project_text(roadmap)} — {shipped}")
    lines.append(f"🔥 Streak: {report.streak} week{'s' if report.streak != 1 else ''}")
    if current.number < current.of:
        next_heading = (current.number * curriculum.total_weeks) // current.of + 1
        upcoming = curriculum.week(next_heading)
        lines.append(
            f"\nNext week: <b>{esc(upcoming.title)}</b>\nProject: {project_text(upcoming)}"
        )
    else:
        lines.append("\nThis is the last week of your plan. 🎓")
    buttons = (
        (
            Button("✅ Shipped", callbacks.data(callbacks.PROJECT, roadmap.number, 1)),
            Button("Not yet", callbacks.data(callbacks.PROJECT, roadmap.number, 0)),
        ),
    )
    return Reply("\n".join(lines), buttons=buttons)


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
        f"Your total: <b>{hours(summary.total_minutes)} h</b> "
        f"(range {summary.hours_min:g}–{summary.hours_max:g} h)",
        verdict,
        f"Expected by now: {esc(summary.expected_progress)}",
        f"Projects shipped this month: {summary.shipped}/{summary.projects}",
    ]
    buttons: tuple[tuple[Button, ...], ...] = ()
    if summary.suggested_pace is not None and summary.recent_hours_per_week is not None:
        pace = summary.suggested_pace
        lines.append(
            f"\nYour last 3 weeks averaged {summary.recent_hours_per_week:.1f} h, which is the "
            f"{esc(pace.name)} pace ({pace.hours_min:g}–{pace.hours_max:g} h/week). Switch?"
        )
        buttons = (
            (
                Button(f"Switch to {pace.name}", callbacks.data(callbacks.PACE, pace.id)),
                Button(
                    f"Keep {summary.learner.pace.name}",
                    callbacks.data(callbacks.PACE, summary.learner.pace.id),
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
