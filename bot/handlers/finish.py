"""The finish line's button: review mode (reminders off, everything else as it was)."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import Context, answer, chat_id, deps, drop_buttons, query_of
from bot.telegram import callbacks
from bot.texts import finish as texts
from bot.texts.format import Reply


async def review_button(update: Update, context: Context) -> None:
    """🔁 Review mode on the completion summary."""
    query = query_of(update)
    await deps(context).coach.finish.review_mode(chat_id(update))
    await query.answer(texts.REVIEW_TOAST)
    await drop_buttons(query, callbacks.REVIEW)
    await answer(update, context, Reply(texts.REVIEW_MODE_ON))


PATTERN = f"^{callbacks.REVIEW}$"
