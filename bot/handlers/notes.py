"""Weekly notes: /note, /notes [last] and their delete buttons."""

from __future__ import annotations

from datetime import datetime

from telegram import InputFile, Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, arguments, chat_id, deps, edit, query_of, source
from bot.telegram import callbacks
from bot.texts import notes as texts
from bot.texts.format import Reply, problem
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
    """/notes, /notes last, /notes all (a Markdown file) or /notes find WORD."""
    d = deps(context)
    words = arguments(update).split(maxsplit=1)
    which = words[0].lower() if words else ""
    if which == "all" and len(words) == 1:
        await notes_file(update, context)
        return
    if which == "find":
        found = await d.coach.notebook.find(chat_id(update), words[1] if len(words) > 1 else "")
        if isinstance(found, ParseError):
            await answer(update, context, problem(found))
        else:
            await answer(update, context, texts.found_notes(d.curriculum, *found))
        return
    if which not in ("", "last") or len(words) > 1:
        await answer(update, context, problem(ParseError(texts.NOTES_USAGE)))
        return
    result = await d.coach.notebook.notes(chat_id(update), last_week=which == "last")
    await answer(update, context, texts.notes_list(d.curriculum, result))


async def notes_file(update: Update, context: Context) -> None:
    """/notes all: every note as a Markdown document, by month and roadmap week."""
    d = deps(context)
    placed = await d.coach.notebook.placed_notes(chat_id(update))
    if not placed:
        await answer(update, context, Reply(texts.NO_NOTES_AT_ALL))
        return
    document = texts.notes_markdown(d.curriculum, placed).encode("utf-8")
    await context.bot.send_document(
        chat_id(update),
        InputFile(document, filename=NOTES_FILE),
        caption=texts.notes_file_caption(placed),
    )


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


NOTES_FILE = "talking-points.md"
PATTERN = f"^{callbacks.DELETE_NOTE}:"
PAGE_PATTERN = f"^{callbacks.NOTES_PAGE}:"
