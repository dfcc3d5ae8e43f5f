"""The catch-up choices on /progress: carry what is behind into next week, lower this week's
target, or switch pace."""

from __future__ import annotations

from telegram import Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, chat_id, deps, query_of
from bot.telegram import callbacks
from bot.texts import catchup as texts
from bot.texts.format import Reply
from bot.texts.messages import STALE_BUTTON
from bot.texts.onboarding import ask_pace


async def choose(update: Update, context: Context) -> None:
    """catchup:carry|lower|pace:<plan week>."""
    query = query_of(update)
    d = deps(context)
    fields = callbacks.arguments(query.data, callbacks.CATCH_UP, 2)
    week = callbacks.number(fields[1], 1, 999) if fields else None
    if fields is None or week is None or fields[0] not in ("carry", "lower", "pace"):
        await query.answer(STALE_BUTTON)
        return
    choice = fields[0]
    if choice == "pace":
        await query.answer()
        await answer(update, context, ask_pace(d.curriculum, numbered=False))
        return
    result = await d.coach.catch_up.choose(chat_id(update), choice, week)
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer()
    await answer(update, context, Reply(texts.caught_up(result)))


PATTERN = f"^{callbacks.CATCH_UP}:"
