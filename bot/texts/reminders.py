"""The daily reminder and what its buttons answer. Pure."""

from __future__ import annotations

from bot.domain.curriculum import Curriculum
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, duration, esc
from bot.texts.weeks import focus_line, left_lines, project_text, week_bar, week_heading

LOG_PROMPT = "⏱ How long did you work today?"


def reminder(curriculum: Curriculum, report: WeekReport) -> Reply | None:
    """The daily reminder; None when today asks for nothing more (a free or paused day, or
    today's planned hours are logged)."""
    view = report.learner
    left = report.left
    if report.week is None or left is None or not left.reminds:
        return None
    current = report.week
    roadmap = curriculum.week(current.roadmap_week)
    lines = [
        f"⏰ <b>Study time</b> · {week_heading(curriculum, view, current)}",
        focus_line(view, current, view.today, left, label="Today"),
        f"Project: {project_text(roadmap, view.capstone)}",
        week_bar(view, current, report.week_minutes),
        *left_lines(left),
    ]
    if left.behind:
        lines.append("/progress offers ways to catch up: carry it over, lower the target, or "
                     "switch pace.")  # fmt: skip
    lines.append(f"💡 <i>{esc(report.tip.title)}</i> {esc(report.tip.text)}")
    day = view.today.isoformat()
    buttons = (
        (
            Button(f"✅ Done {duration(left.left_today)}", callbacks.data(callbacks.DONE, day)),
            Button("Log other", callbacks.data(callbacks.LOG_OTHER)),
        ),
        (
            Button("⏰ 1 h later", callbacks.data(callbacks.SNOOZE, day)),
            Button("Skip today", callbacks.data(callbacks.SKIP, day)),
        ),
        (Button("▶ Start", callbacks.data(callbacks.GO)),),
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
