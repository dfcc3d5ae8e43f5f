"""Goals to tick: a goal's button on /week ticks it, or takes the tick back."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import Context, chat_id, deps, edit, query_of
from bot.telegram import callbacks
from bot.texts import goals as texts
from bot.texts import reports as report_texts
from bot.texts.messages import STALE_BUTTON

MAX_WEEK = 999  # roadmap and plan weeks in button data
MAX_GOAL = 99  # a goal's index in its week


def _read(data: str | None) -> tuple[int, int, bool, int] | None:
    """``goal:<roadmap week>:<goal>:1|0:<plan week>``, each field checked."""
    fields = callbacks.arguments(data, callbacks.GOAL, 4)
    if fields is None or fields[2] not in ("0", "1"):
        return None
    week = callbacks.number(fields[0], 1, MAX_WEEK)
    index = callbacks.number(fields[1], 0, MAX_GOAL)
    plan_week = callbacks.number(fields[3], 1, MAX_WEEK)
    if week is None or index is None or plan_week is None:
        return None
    return week, index, fields[2] == "1", plan_week


async def goal_button(update: Update, context: Context) -> None:
    """☐ / ✅ on /week: set the goal as the button says, then show the week again."""
    query = query_of(update)
    d = deps(context)
    press = _read(query.data)
    result = None
    if press is not None:
        week, index, ticked, plan_week = press
        result = await d.coach.goals.set_tick(chat_id(update), week, index, ticked)
    if press is None or result is None:
        await query.answer(STALE_BUTTON)
        return
    goal, changed = result
    await query.answer(texts.ticked(goal, ticked))
    if not changed:  # pressed twice: the message shows it already
        return
    report = await d.coach.reports.week_report(chat_id(update), number=plan_week)
    if report.week is not None:
        shown = report_texts.week(d.curriculum, report)
        await edit(query, shown.text, shown)


PATTERN = f"^{callbacks.GOAL}:"
