"""The daily reminder and what its buttons answer. Pure."""

from __future__ import annotations

from bot.domain.curriculum import Curriculum
from bot.domain.parsing import format_minutes
from bot.domain.plan import FreeDay, focus_on, remaining_split
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, day_label, esc
from bot.texts.weeks import project_text, week_bar, week_heading

LOG_PROMPT = "⏱ How long did you work today?"


def reminder(curriculum: Curriculum, report: WeekReport) -> Reply | None:
    """The daily reminder; None when there is nothing to remind of today."""
    view = report.learner
    session = focus_on(view.plan, view.today)
    if report.week is None or isinstance(session, FreeDay):
        return None
    current = report.week
    roadmap = curriculum.week(current.roadmap_week)
    lines = [
        f"⏰ <b>Study time</b> · {week_heading(curriculum, current)}",
        f"Today: <b>{esc(session.focus)}</b> — {format_minutes(session.minutes)} · "
        f"{esc(session.category)}",
        f"Project: {project_text(roadmap)}",
        week_bar(view, report.week_minutes),
    ]
    split = remaining_split(view.plan, current, view.today, report.week_minutes)
    if split:
        left = view.pace.weekly_minutes - report.week_minutes
        days = ", ".join(f"{day_label(d)} {format_minutes(m)}" for d, m in split)
        lines.append(f"Left this week: {format_minutes(left)} — {days}")
    lines.append(f"💡 <i>{esc(report.tip.title)}</i> {esc(report.tip.text)}")
    day = view.today.isoformat()
    buttons = (
        (
            Button(
                f"✅ Done {format_minutes(session.minutes)}", callbacks.data(callbacks.DONE, day)
            ),
            Button("Log other", callbacks.data(callbacks.LOG_OTHER)),
        ),
        (
            Button("⏰ 1 h later", callbacks.data(callbacks.SNOOZE, day)),
            Button("Skip today", callbacks.data(callbacks.SKIP, day)),
        ),
    )
    return Reply("\n".join(lines), buttons=buttons)


def log_prompt() -> Reply:
    return Reply(
        f"{LOG_PROMPT} Reply with a duration like <code>1.5</code>, <code>45m</code> or "
        "<code>1h30</code>.",
        force_reply=True,
        placeholder="1.5",
    )


def snoozed(until_local: str) -> str:
    return f"⏰ I'll remind you again at {until_local}."


SKIPPED = "Skipping today. Rest well — see you tomorrow."
