"""Logging time: /log, /undo, /history and its delete buttons."""

from __future__ import annotations

from telegram import Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, arguments, chat_id, deps, edit, query_of, source
from bot.telegram import callbacks
from bot.texts import log as texts
from bot.texts.format import problem
from bot.texts.messages import NOT_YOURS, STALE_BUTTON


async def log(update: Update, context: Context) -> None:
    """/log 1.5 [category] [day] [note]."""
    await log_text(update, context, arguments(update))


async def log_text(update: Update, context: Context, text: str) -> None:
    """Log from ``text`` (a /log argument or a bare duration) and say what was stored."""
    coach = deps(context).coach
    result = await coach.logbook.log_hours(chat_id(update), text, source(update))
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        return
    await answer(update, context, texts.logged(result.learner, result))


async def undo(update: Update, context: Context) -> None:
    """/undo: remove the last entry."""
    coach = deps(context).coach
    result = await coach.logbook.undo(chat_id(update), source(update))
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        return
    entry, total = result
    view = await coach.learners.get(chat_id(update))
    await answer(update, context, texts.undone(view, entry, total))


async def history(update: Update, context: Context) -> None:
    """/history: the last entries with delete buttons."""
    result = await deps(context).coach.logbook.history(chat_id(update))
    await answer(update, context, texts.history(result))


async def delete_entry(update: Update, context: Context) -> None:
    """A 🗑 button of /history: delete that entry if it is this chat's, then refresh the list."""
    query = query_of(update)
    coach = deps(context).coach
    fields = callbacks.arguments(query.data, callbacks.DELETE_ENTRY, 1)
    entry_id = callbacks.number(fields[0], 1, callbacks.MAX_ID) if fields else None
    if entry_id is None:
        await query.answer(STALE_BUTTON)
        return
    deleted = await coach.logbook.delete_entry(chat_id(update), entry_id)
    await query.answer(NOT_YOURS if deleted is None else texts.entry_deleted(deleted))
    if deleted is not None:
        refreshed = texts.history(await coach.logbook.history(chat_id(update)))
        await edit(query, refreshed.text, refreshed)


PATTERN = f"^{callbacks.DELETE_ENTRY}:"
