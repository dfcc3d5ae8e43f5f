"""What the bot sends, as Bot API calls: replies (split, with buttons) and photos.

The conversation and the scheduler send through the same functions; the scheduler wraps each
call in its rate-limited sender.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot, ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ParseMode

from bot.domain.curriculum import Curriculum
from bot.services.reports import WeekReport
from bot.texts.charts import chart_data, render_chart
from bot.texts.format import Reply
from bot.texts.recap import chart_caption, notes_prompt, recap

Call = Callable[[int, Callable[[], Awaitable[Message]]], Awaitable[Message]]


@dataclass(frozen=True)
class Photo:
    png: bytes
    caption: str


Outgoing = Reply | Photo


async def _direct(chat_id: int, request: Callable[[], Awaitable[Message]]) -> Message:
    return await request()


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in reply.buttons]
    )


def markup(reply: Reply) -> InlineKeyboardMarkup | ForceReply | None:
    if reply.buttons:
        return inline_keyboard(reply)
    if reply.force_reply:
        return ForceReply(input_field_placeholder=reply.placeholder)
    return None


async def deliver(bot: Bot, chat_id: int, item: Outgoing, call: Call = _direct) -> Message:
    """Send one reply (in parts if long; buttons on the last) or photo; the last message."""
    if isinstance(item, Photo):
        return await call(
            chat_id,
            lambda: bot.send_photo(
                chat_id,
                InputFile(item.png, filename="recap.png"),
                caption=item.caption,
                parse_mode=ParseMode.HTML,
            ),
        )
    chunks = item.chunks()
    message: Message | None = None
    for index, chunk in enumerate(chunks):
        keyboard = markup(item) if index == len(chunks) - 1 else None
        message = await call(
            chat_id,
            lambda chunk=chunk, keyboard=keyboard: bot.send_message(  # type: ignore[misc]
                chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=keyboard
            ),
        )
    assert message is not None
    return message


async def recap_messages(curriculum: Curriculum, report: WeekReport) -> list[Outgoing]:
    """The weekly recap: its chart, the recap with the project buttons, and a notes prompt
    (when the week has fewer notes than the target) to reply to."""
    items: list[Outgoing] = []
    data = chart_data(curriculum, report)
    if data is not None:
        items.append(Photo(await render_chart(data), chart_caption(report)))
    items.append(recap(curriculum, report))
    if report.week is not None and len(report.notes) < curriculum.notes_target.min:
        items.append(notes_prompt(curriculum))
    return items
