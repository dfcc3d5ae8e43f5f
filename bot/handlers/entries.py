"""Changing an entry from /history: ✏️ opens it, its buttons change its hours, category or day,
and a reply to it with hours, a category or a day does the same."""

from __future__ import annotations

import re
from datetime import date

from telegram import Message, Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, chat_id, deps, edit, query_of
from bot.services.entries import Change, Field
from bot.telegram import callbacks
from bot.texts import entries as texts
from bot.texts.format import problem
from bot.texts.messages import NOT_YOURS

FIELDS: dict[str, Field] = {"m": "minutes", "c": "category", "d": "day"}


def _categories(context: Context) -> tuple[str, ...]:
    return tuple(c.id for c in deps(context).curriculum.categories)


async def open_entry(update: Update, context: Context) -> None:
    """✏️ N on /history: the entry, with buttons to change it."""
    query = query_of(update)
    _verb, raw = callbacks.parse(query.data or "")
    opened = (
        await deps(context).coach.entries.open(chat_id(update), int(raw))
        if raw.isascii() and raw.isdigit()
        else None
    )
    if opened is None:
        await query.answer(NOT_YOURS)
        return
    await query.answer()
    await answer(update, context, texts.card(opened, _categories(context)))


_CHANGE = re.compile(
    rf"{callbacks.EDIT_ENTRY}:([1-9]\d{{0,17}}):([mcd]):([a-z0-9-]{{1,32}}):([a-z0-9-]{{1,32}})",
    re.ASCII,
)
_DAY = re.compile(r"\d{8}", re.ASCII)


def parse_change(data: str) -> tuple[int, Change] | None:
    """``ed:<id>:<m|c|d>:<from>:<to>``, read strictly (ASCII only); None for anything else."""
    match = _CHANGE.fullmatch(data)
    if match is None:
        return None
    raw_id, kind, before, after = match.groups()
    field = FIELDS[kind]
    if field == "minutes" and not (before.isdigit() and after.isdigit() and len(after) <= 4):
        return None
    if field == "day":
        if not (_DAY.fullmatch(before) and _DAY.fullmatch(after)):
            return None
        try:
            before, after = (date.fromisoformat(d).isoformat() for d in (before, after))
        except ValueError:
            return None
    return int(raw_id), Change(field, after, expected=before)


async def edit_entry(update: Update, context: Context) -> None:
    """A button of an opened entry: change it (once per press), and show it as it is now."""
    query = query_of(update)
    parsed = parse_change(query.data or "")
    if parsed is None:
        await query.answer(NOT_YOURS)
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
