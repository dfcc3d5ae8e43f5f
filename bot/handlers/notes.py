"""Weekly notes: /note, /notes [last] and their delete buttons."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, arguments, chat_id, deps, edit, query_of, source
from bot.telegram import callbacks
from bot.texts import notes as texts
from bot.texts.format import problem
from bot.texts.messages import NOT_YOURS, STALE_BUTTON


async def note(update: Update, context: Context) -> None:
    """/note TEXT: one bullet per line."""
    await add_notes(update, context, arguments(update))


async def add_notes(
    update: Update, context: Context, text: str, *, for_week_of: datetime | None = None
) -> None:
    """Store bullets from a /note, a bullet message or a reply to the notes prompt."""
    d = deps(context)
    result = await d.coach.notebook.add_notes(
        chat_id(update), text, source(update), for_week_of=for_week_of
    )
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        return
    await answer(update, context, texts.notes_added(d.curriculum, result))


async def notes(update: Update, context: Context) -> None:
    """/notes, or /notes last."""
    d = deps(context)
    which = arguments(update).strip().lower()
    if which not in ("", "last"):
        await answer(
            update,
            context,
            problem(ParseError("Use /notes for this week or /notes last for last week.")),
        )
        return
    result = await d.coach.notebook.notes(chat_id(update), last_week=which == "last")
    await answer(update, context, texts.notes_list(d.curriculum, result))


async def delete_note(update: Update, context: Context) -> None:
    """A 🗑 button of /notes: delete that note if it is this chat's, then refresh the list."""
    query = query_of(update)
    d = deps(context)
    fields = callbacks.arguments(query.data, callbacks.DELETE_NOTE, 1)
    note_id = callbacks.number(fields[0], 1, callbacks.MAX_ID) if fields else None
    if note_id is None:
        await query.answer(STALE_BUTTON)
        return
    deleted = await d.coach.notebook.delete_note(chat_id(update), note_id)
    await query.answer(NOT_YOURS if deleted is None else texts.note_deleted(deleted.text))
    if deleted is not None:
        remaining = await d.coach.notebook.notes(chat_id(update), holding=deleted.day)
        page = texts.page_after_deleting(remaining, deleted.id)
        refreshed = texts.notes_list(d.curriculum, remaining, page)
        await edit(query, refreshed.text, refreshed)


async def notes_page(update: Update, context: Context) -> None:
    """◀ ▶ of /notes: show another page of that week's notes in the same message."""
    query = query_of(update)
    d = deps(context)
    fields = callbacks.arguments(query.data, callbacks.NOTES_PAGE, 2)
    day = callbacks.day(fields[0]) if fields else None
    number = callbacks.number(fields[1], 0, 999) if fields else None
    if day is None or number is None:
        await query.answer(STALE_BUTTON)
        return
    await query.answer()
    result = await d.coach.notebook.notes(chat_id(update), holding=day)
    page = texts.notes_list(d.curriculum, result, number)
    await edit(query, page.text, page)


PATTERN = f"^{callbacks.DELETE_NOTE}:"
PAGE_PATTERN = f"^{callbacks.NOTES_PAGE}:"
