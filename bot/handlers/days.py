"""Your own week: /days, its buttons, and /days free DAY or /days long DAY."""

from __future__ import annotations

from telegram import Update

from bot.domain.curriculum import WEEKDAYS
from bot.domain.parsing import ParseError, parse_weekday
from bot.handlers.common import Context, answer, arguments, chat_id, deps, edit, query_of
from bot.services.learners import Changed
from bot.telegram import callbacks
from bot.texts import days as texts
from bot.texts.format import Reply, problem
from bot.texts.messages import STALE_BUTTON

USAGE = "Use /days, /days free DAY or /days long DAY, e.g. /days long sun."


async def days(update: Update, context: Context) -> None:
    """/days: the week, with buttons; /days free DAY or /days long DAY changes it."""
    d = deps(context)
    words = arguments(update).lower().split()
    if not words:
        view = await d.coach.learners.get(chat_id(update))
        await answer(update, context, texts.days_menu(view))
        return
    weekday = parse_weekday(words[1]) if len(words) == 2 else None
    if words[0] not in ("free", "long") or weekday is None:
        await answer(update, context, problem(ParseError(USAGE)))
        return
    result = await _change(update, context, words[0], WEEKDAYS.index(weekday))
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        return
    await answer(update, context, Reply(texts.days_changed(result.learner)))


async def days_button(update: Update, context: Context) -> None:
    """A day on the /days menu: make it free, or give it the long session."""
    query = query_of(update)
    fields = callbacks.arguments(query.data, callbacks.DAYS, 2)
    weekday = callbacks.number(fields[1], 0, 6) if fields else None
    if fields is None or weekday is None or fields[0] not in ("free", "long"):
        await query.answer(STALE_BUTTON)
        return
    result = await _change(update, context, fields[0], weekday)
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer()
    menu = texts.days_menu(result.learner)
    await edit(
        query, texts.days_changed(result.learner) + "\n\n" + menu.text.split("\n\n")[-1], menu
    )


async def _change(
    update: Update, context: Context, kind: str, weekday: int
) -> Changed | ParseError:
    service = deps(context).coach.days
    if kind == "free":
        return await service.set_layout(chat_id(update), free=weekday)
    return await service.set_layout(chat_id(update), long=weekday)


PATTERN = f"^{callbacks.DAYS}:"
