"""What every handler shares: its dependencies, replying with a rendered text, the source."""

from __future__ import annotations

from typing import cast

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import BaseHandler, ContextTypes

from bot.services.learners import Source
from bot.telegram.deps import Deps
from bot.telegram.outgoing import Outgoing, deliver, inline_keyboard
from bot.texts.format import Reply

Context = ContextTypes.DEFAULT_TYPE


def deps(context: Context) -> Deps:
    return cast(Deps, context.application.bot_data["deps"])


async def send(context: Context, chat_id: int, reply: Outgoing) -> Message:
    """Send a rendered reply (split if long; buttons on the last part) or a photo."""
    return await deliver(context.bot, chat_id, reply)


async def answer(update: Update, context: Context, reply: Outgoing) -> Message:
    """Reply in the chat the update came from."""
    chat = update.effective_chat
    assert chat is not None
    return await send(context, chat.id, reply)


async def edit(query: CallbackQuery, text: str, reply: Reply | None = None) -> None:
    """Replace the text (and buttons) of the message a button was pressed on."""
    message = query.message
    if not isinstance(message, Message):
        return
    try:
        await message.edit_text(
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=inline_keyboard(reply) if reply is not None else None,
        )
    except BadRequest as exc:
        if "not modified" not in exc.message:  # the same button pressed twice: nothing to do
            raise


async def drop_buttons(query: CallbackQuery, prefix: str, text: str | None = None) -> None:
    """Remove, from the message a button was pressed on, the rows of buttons whose data starts
    with ``prefix`` (an answered question); the text stays as it is, or becomes ``text``."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        row
        for row in message.reply_markup.inline_keyboard
        if not any(str(button.callback_data or "").startswith(prefix) for button in row)
    ]
    markup = InlineKeyboardMarkup(rows) if rows else None
    try:
        if text is None:
            await message.edit_reply_markup(markup)
        else:
            await message.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise


def source(update: Update) -> Source | None:
    message = update.effective_message
    if message is None:
        return None
    return Source(message.chat_id, message.message_id)


def chat_id(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id


def first_name(update: Update) -> str | None:
    user = update.effective_user
    return user.first_name if user else None


def arguments(update: Update) -> str:
    """The text after the command (``/log 1.5 x`` → ``1.5 x``), newlines kept."""
    message = update.effective_message
    text = message.text if message and message.text else ""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


class ForeignPress(BaseHandler[Update, Context, None]):
    """A button pressed outside its owner's private chat: in a group, on a message sent via
    inline mode, or by a user who is not the one the private chat belongs to (a forged update).

    Registered before every button handler, so such a press reaches none of them.
    """

    def check_update(self, update: object) -> bool:
        if not isinstance(update, Update) or update.callback_query is None:
            return False
        query = update.callback_query
        message = query.message
        if message is None:
            return True
        chat = message.chat
        return chat.type != ChatType.PRIVATE or query.from_user.id != chat.id


def query_of(update: Update) -> CallbackQuery:
    assert update.callback_query is not None
    return update.callback_query
