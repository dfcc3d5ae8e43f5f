"""The finish line: the completion summary after the last plan week, its certificate's caption,
and review mode. Pure."""

from __future__ import annotations

import html

from bot.domain.curriculum import Curriculum
from bot.services.finish import FinishSummary
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, duration, esc, hour_range, long_date

REVIEW_BUTTON = "🔁 Review mode"
VERDICTS = {
    "below": "below the roadmap's {band} — every hour still counts",
    "inside": "inside the roadmap's {band} ✅",
    "above": "above the roadmap's {band} 🚀",
}


def _weeks(count: int) -> str:
    return f"{count} week{'s' if count != 1 else ''}"


def project_line(curriculum: Curriculum, summary: FinishSummary, week: int) -> str:
    """A shipped project: its roadmap week and title, with its link when there is one."""
    line = f"• Week {week}: {esc(curriculum.week(week).title)}"
    link = summary.links.get(week)
    if link is not None:
        line += f' — <a href="{html.escape(link, quote=True)}">{esc(link)}</a>'
    return line


def summary(curriculum: Curriculum, summary: FinishSummary) -> Reply:
    view = summary.learner
    band = hour_range(summary.hours_min, summary.hours_max) + " range"
    weeks = view.weeks
    lines = [
        f"🎓 <b>You reached the finish line of the {esc(curriculum.title)}!</b>",
        f"{long_date(weeks[0].first_day)} – {long_date(weeks[-1].last_day)}",
        "",
        f"⏱ Total: <b>{duration(summary.total_minutes)}</b>, "
        + VERDICTS[summary.verdict].format(band=band),
        f"📅 Weeks: {len(weeks)} plan weeks, ending at the {esc(view.pace.name)} pace",
        f"🚀 Projects shipped: {len(summary.shipped)}/{summary.projects}",
        *(project_line(curriculum, summary, week) for week in summary.shipped),
    ]
    if summary.goals is not None:
        lines.append(f"🎯 Goals ticked: {summary.goals[0]}/{summary.goals[1]}")
    lines += [
        f"📝 Notes written: {summary.notes}",
        f"🔥 Longest streak: {_weeks(summary.longest_streak)} in a row at your pace's minimum",
        "",
        "What now? Review mode turns the reminders off; /log, /notes, /plan, /progress, "
        "/portfolio and /export keep working for as long as you like.",
    ]
    return Reply(
        "\n".join(lines), buttons=((Button(REVIEW_BUTTON, callbacks.data(callbacks.REVIEW)),),)
    )


def certificate_caption(curriculum: Curriculum, summary: FinishSummary) -> str:
    return (
        f"🏅 {esc(curriculum.title)}: {duration(summary.total_minutes)} in "
        f"{_weeks(len(summary.weekly_minutes))}, hours per week with the milestones marked."
    )


REVIEW_MODE_ON = (
    "🔁 Review mode: no more reminders. Your log, notes, /plan, /progress and /export stay as "
    "they are and keep working. /remind 18:00 turns the reminders back on."
)

REVIEW_TOAST = "Review mode on: reminders off."
