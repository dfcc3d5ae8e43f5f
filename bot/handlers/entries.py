"""Changing an entry from /history: ✏️ opens it, its buttons change its hours, category or day,
and a reply to it with hours, a category or a day does the same."""

from __future__ import annotations

import re

from telegram import Message, Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, chat_id, deps, edit, query_of
from bot.services.entries import Change, Field
from bot.telegram import callbacks
from bot.texts import entries as texts
from bot.texts.format import problem
from bot.texts.messages import NOT_YOURS, STALE_BUTTON

FIELDS: dict[str, Field] = {"m": "minutes", "c": "category", "d": "day"}


def _categories(context: Context) -> tuple[str, ...]:
    return tuple(c.id for c in deps(context).curriculum.categories)


async def open_entry(update: Update, context: Context) -> None:
    """✏️ N on /history: the entry, with buttons to change it."""
    query = query_of(update)
    fields = callbacks.arguments(query.data, callbacks.OPEN_ENTRY, 1)
    entry_id = callbacks.number(fields[0], 1, callbacks.MAX_ID) if fields else None
    if entry_id is None:
        await query.answer(STALE_BUTTON)
        return
    opened = await deps(context).coach.entries.open(chat_id(update), entry_id)
    if opened is None:
        await query.answer(NOT_YOURS)
        return
    await query.answer()
    await answer(update, context, texts.card(opened, _categories(context)))


_CATEGORY = re.compile(r"[a-z0-9-]{1,32}")


def parse_change(data: str | None) -> tuple[int, Change] | None:
    """``ed:<id>:<m|c|d>:<from>:<to>``, each field read strictly; None for anything else."""
    fields = callbacks.arguments(data, callbacks.EDIT_ENTRY, 4)
    if fields is None or fields[1] not in FIELDS:
        return None
    entry_id = callbacks.number(fields[0], 1, callbacks.MAX_ID)
    field, before, after = FIELDS[fields[1]], fields[2], fields[3]
    values: list[object]
    if field == "minutes":
        values = [callbacks.number(v, 0, 9999) for v in (before, after)]
    elif field == "day":
        values = [callbacks.day(v) for v in (before, after)]
    else:
        values = [v if _CATEGORY.fullmatch(v) else None for v in (before, after)]
    if entry_id is None or None in values:
        return None
    return entry_id, Change(field, str(values[1]), expected=str(values[0]))


async def edit_entry(update: Update, context: Context) -> None:
    """A button of an opened entry: change it (once per press), and show it as it is now."""
    query = query_of(update)
    parsed = parse_change(query.data)
    if parsed is None:
        await query.answer(STALE_BUTTON)
        return
    result = await deps(context).coach.entries.change(chat_id(update), *parsed)
    if result is None:
        await query.answer(NOT_YOURS)
        return
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer(texts.toast(result))
    reply = texts.edited(result, _categories(context))
    await edit(query, reply.text, reply)


def entry_replied_to(message: Message) -> int | None:
    """The entry whose message ``message`` replies to (its buttons name it), if any."""
    original = message.reply_to_message
    if original is None or original.reply_markup is None:
        return None
    if original.from_user is None or not original.from_user.is_bot:
        return None
    for row in original.reply_markup.inline_keyboard:
        for button in row:
            parsed = parse_change(str(button.callback_data or ""))
            if parsed is not None:
                return parsed[0]
    return None


async def reply_to_entry(update: Update, context: Context, entry_id: int, text: str) -> None:
    """A reply to an entry's message: hours, a category or a day for it."""
    result = await deps(context).coach.entries.change_by_reply(chat_id(update), entry_id, text)
    if result is None:
        await answer(update, context, problem(ParseError(NOT_YOURS)))
    elif isinstance(result, ParseError):
        await answer(update, context, problem(result))
    else:
        await answer(update, context, texts.edited(result, _categories(context)))


OPEN_PATTERN = f"^{callbacks.OPEN_ENTRY}:"
EDIT_PATTERN = f"^{callbacks.EDIT_ENTRY}:"
