"""Everything that is not a command: setup answers, bare durations, bullet notes, replies to
the bot's prompts, edits, groups, and the pointer to /help."""

from __future__ import annotations

from telegram import Message, Update

from bot.domain.parsing import (
    ParseError,
    looks_like_bullets,
    parse_duration,
    starts_with_duration,
)
from bot.domain.portfolio import parse_link, says_no_link
from bot.handlers import entries, log, notes, onboarding, portfolio, settings
from bot.handlers.common import Context, answer, chat_id, deps, first_name
from bot.texts import messages as texts
from bot.texts.format import Reply
from bot.texts.portfolio import LINK_PROMPT, prompt_week
from bot.texts.recap import NOTES_PROMPT
from bot.texts.reminders import LOG_PROMPT


def _prompt_replied_to(message: Message) -> str | None:
    """Which of the bot's prompts the message replies to: "notes", "log", "link" or None."""
    original = message.reply_to_message
    if original is None or original.from_user is None or not original.from_user.is_bot:
        return None
    text = original.text or ""
    if text.startswith(NOTES_PROMPT):
        return "notes"
    if text.startswith(LOG_PROMPT):
        return "log"
    if text.startswith(LINK_PROMPT):
        return "link"
    return None


async def plain_text(update: Update, context: Context) -> None:
    """A message without a command."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    text = message.text
    prompt = _prompt_replied_to(message)
    if prompt == "notes":
        assert message.reply_to_message is not None
        await notes.add_notes(update, context, text, for_week_of=message.reply_to_message.date)
        return
    if prompt == "log":
        await log.log_text(update, context, text)
        return
    if prompt == "link":
        assert message.reply_to_message is not None
        week = prompt_week(message.reply_to_message.text or "")
        await portfolio.link_reply(update, context, week or 0, text)
        return
    entry_id = entries.entry_replied_to(message)
    if entry_id is not None:
        await entries.reply_to_entry(update, context, entry_id, text)
        return
    view = await deps(context).coach.learners.get(chat_id(update), first_name(update))
    if not view.onboarded and await settings.typed_answer(update, context, view, text):
        return
    if not isinstance(parse_duration(text), ParseError):
        await log.log_text(update, context, text)
    elif looks_like_bullets(text):
        await notes.add_notes(update, context, text)
    elif starts_with_duration(text):
        await answer(update, context, texts.log_hint(text))
    elif view.onboarded and not isinstance(parse_link(text), ParseError):
        await portfolio.bare_link(update, context, text)  # as /ship URL: the latest project
    elif not (
        view.onboarded and says_no_link(text) and await portfolio.bare_no_link(update, context)
    ):
        await answer(update, context, Reply(texts.FALLBACK))
    if not view.onboarded:  # the message was not for the pending question: ask it again
        await onboarding.ask_next(update, context, view)


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have."""
    await answer(update, context, Reply(texts.UNKNOWN_COMMAND))


async def edited(update: Update, context: Context) -> None:
    """An edited message: say that edits change nothing recorded."""
    await answer(update, context, Reply(texts.EDITED))


async def group(update: Update, context: Context) -> None:
    """A command in a group: point to the private chat; nothing is stored."""
    await answer(update, context, Reply(texts.GROUPS))


async def foreign_press(update: Update, context: Context) -> None:
    """A button pressed in a group or by someone else: a toast, and nothing changes."""
    assert update.callback_query is not None
    await update.callback_query.answer(texts.FOREIGN_PRESS)


async def other_content(update: Update, context: Context) -> None:
    """A photo, sticker, voice message…: say what the bot understands."""
    await answer(update, context, Reply(texts.FALLBACK))
