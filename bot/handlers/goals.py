"""Goals to tick: a goal's button on /week ticks it, or takes the tick back."""

from __future__ import annotations

import re

from telegram import Update

from bot.handlers.common import Context, chat_id, deps, edit, query_of
from bot.telegram import callbacks
from bot.texts import goals as texts
from bot.texts import reports as report_texts
from bot.texts.messages import NOT_YOURS

_DATA = re.compile(r"(\d{1,3}):(\d{1,2}):([01]):(\d{1,3})", re.ASCII)


async def goal_button(update: Update, context: Context) -> None:
    """☐ / ✅ on /week: set the goal as the button says, then show the week again."""
    query = query_of(update)
    d = deps(context)
    found = _DATA.fullmatch(callbacks.parse(query.data or "")[1])
    result = None
    if found is not None:
        week, index, ticked = int(found[1]), int(found[2]), found[3] == "1"
        result = await d.coach.goals.set_tick(chat_id(update), week, index, ticked)
    if found is None or result is None:
        await query.answer(NOT_YOURS)
        return
    goal, changed = result
    await query.answer(texts.ticked(goal, ticked))
    if not changed:  # pressed twice: the message shows it already
        return
    report = await d.coach.reports.week_report(chat_id(update), number=int(found[4]))
    if report.week is not None:
        shown = report_texts.week(d.curriculum, report)
        await edit(query, shown.text, shown)


PATTERN = f"^{callbacks.GOAL}:"
