"""The daily reminder's buttons: ✅ Done, Log other, ⏰ 1 h later, Skip today."""

from __future__ import annotations

from datetime import date

from telegram import Message, Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, chat_id, deps, edit, query_of
from bot.services.learners import Source
from bot.telegram import callbacks
from bot.texts import reminders as texts
from bot.texts.log import logged
from bot.texts.messages import STALE_BUTTON


def _button_day(data: str | None, verb: str) -> date | None:
    """The reminder's day in a button's data (``done:2026-11-30``); None if it has none."""
    fields = callbacks.arguments(data, verb, 1)
    return callbacks.day(fields[0]) if fields else None


async def done(update: Update, context: Context) -> None:
    """✅ Done: log the day's planned hours (once, however often pressed)."""
    query = query_of(update)
    coach = deps(context).coach
    day = _button_day(query.data, callbacks.DONE)
    message = query.message
    if day is None or not isinstance(message, Message):
        await query.answer(STALE_BUTTON)
        return
    result = await coach.reminders.log_planned(
        chat_id(update), day, Source(message.chat_id, message.id)
    )
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer("Already logged." if result.already else "Logged. Well done!")
    if not result.already:
        await answer(update, context, logged(result.learner, result))


async def log_other(update: Update, context: Context) -> None:
    """Log other: ask for a duration, as a message to reply to."""
    query = query_of(update)
    await query.answer()
    await answer(update, context, texts.log_prompt())


async def snooze(update: Update, context: Context) -> None:
    """⏰ 1 h later: the reminder once more in an hour."""
    query = query_of(update)
    coach = deps(context).coach
    day = _button_day(query.data, callbacks.SNOOZE)
    if day is None:
        await query.answer(STALE_BUTTON)
        return
    result = await coach.reminders.snooze(chat_id(update), day)
    if isinstance(result, ParseError):
        await query.answer(result.message[:200])
        return
    view = await coach.learners.get(chat_id(update))
    await query.answer(texts.snoozed(result.astimezone(view.zone).strftime("%H:%M")))


async def skip(update: Update, context: Context) -> None:
    """Skip today: no snooze, no buttons; see you tomorrow."""
    query = query_of(update)
    day = _button_day(query.data, callbacks.SKIP)
    if day is None:
        await query.answer(STALE_BUTTON)
        return
    not_today = await deps(context).coach.reminders.skip(chat_id(update), day)
    if not_today is not None:
        await query.answer(not_today.message[:200])
        return
    await query.answer(texts.SKIPPED)
    message = query.message
    if isinstance(message, Message) and message.text_html is not None:
        await edit(query, message.text_html + "\n\n<i>Skipped today.</i>")


PATTERNS = {
    f"^{callbacks.DONE}:": done,
    f"^{callbacks.LOG_OTHER}$": log_other,
    f"^{callbacks.SNOOZE}:": snooze,
    f"^{callbacks.SKIP}:": skip,
}
