"""The learner's data: /export as CSV, /forget after confirmation."""

from __future__ import annotations

from telegram import InputFile, Update

from bot.handlers.common import Context, answer, chat_id, deps, edit, query_of
from bot.telegram import callbacks
from bot.texts import data as texts
from bot.texts.messages import STALE_BUTTON

EXPORT_NAME = "coach-export.csv"


async def export(update: Update, context: Context) -> None:
    """/export: a CSV of every log entry and note."""
    content = await deps(context).coach.data.export_csv(chat_id(update))
    rows = content.count(b"\n") - 1
    await context.bot.send_document(
        chat_id(update),
        InputFile(content, filename=EXPORT_NAME),
        caption=texts.export_caption(rows),
    )


async def forget(update: Update, context: Context) -> None:
    """/forget: ask first."""
    await answer(update, context, texts.forget_confirm())


async def forget_button(update: Update, context: Context) -> None:
    """Yes, delete everything / Cancel."""
    query = query_of(update)
    fields = callbacks.arguments(query.data, callbacks.FORGET, 1)
    if fields is None or fields[0] not in ("yes", "no"):
        await query.answer(STALE_BUTTON)
        return
    await query.answer()
    if fields[0] != "yes":
        await edit(query, texts.FORGET_CANCELLED)
        return
    deleted = await deps(context).coach.data.forget(chat_id(update))
    await edit(query, texts.FORGOTTEN if deleted else texts.NOTHING_TO_FORGET)


PATTERN = f"^{callbacks.FORGET}:"
