"""What the bot sends, as Bot API calls: replies (split, with buttons) and photos.

The conversation and the scheduler send through the same functions; the scheduler wraps each
call in its rate-limited sender, and sends a push message by message (``parts``), so that it
knows which of them arrived.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from telegram import Bot, ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ParseMode

from bot.domain.curriculum import Curriculum
from bot.services.finish import FinishSummary
from bot.services.reports import WeekReport
from bot.texts import finish
from bot.texts.charts import certificate_data, chart_data, render_certificate, render_chart
from bot.texts.format import Button, Reply
from bot.texts.recap import chart_caption, notes_prompt, recap

Call = Callable[[int, Callable[[], Awaitable[Message]]], Awaitable[Message]]


@dataclass(frozen=True)
class Photo:
    png: bytes
    caption: str


Outgoing = Reply | Photo


@dataclass(frozen=True)
class Text:
    """One message of a reply: a part of its text, with the reply's keyboard on its last."""

    text: str
    markup: InlineKeyboardMarkup | ForceReply | None = None


Part = Text | Photo  # one message, one Bot API call


async def _direct(chat_id: int, request: Callable[[], Awaitable[Message]]) -> Message:
    return await request()


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _keyboard(reply.buttons) if reply.buttons else None


@lru_cache(maxsize=256)
def _keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    """One keyboard object for every message with the same buttons (a fan-out's reminders of
    a day share theirs); python-telegram-bot's objects are immutable once built."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in buttons]
    )


def markup(reply: Reply) -> InlineKeyboardMarkup | ForceReply | None:
    if reply.buttons:
        return inline_keyboard(reply)
    if reply.force_reply:
        return ForceReply(input_field_placeholder=reply.placeholder)
    return None


def parts(items: Sequence[Outgoing]) -> list[Part]:
    """The messages that send ``items``, in order: a long reply in several, buttons on its last."""
    found: list[Part] = []
    for item in items:
        if isinstance(item, Photo):
            found.append(item)
            continue
        chunks = item.chunks()
        found += [
            Text(chunk, markup(item) if index == len(chunks) - 1 else None)
            for index, chunk in enumerate(chunks)
        ]
    return found


def request(bot: Bot, chat_id: int, part: Part) -> Callable[[], Awaitable[Message]]:
    """The Bot API call that sends one message."""
    if isinstance(part, Photo):
        return lambda: bot.send_photo(
            chat_id,
            InputFile(part.png, filename="recap.png"),
            caption=part.caption,
            parse_mode=ParseMode.HTML,
        )
    return lambda: bot.send_message(
        chat_id, part.text, parse_mode=ParseMode.HTML, reply_markup=part.markup
    )


async def deliver(bot: Bot, chat_id: int, item: Outgoing, call: Call = _direct) -> Message:
    """Send one reply (in parts if long; buttons on the last) or photo; the last message."""
    message: Message | None = None
    for part in parts([item]):
        message = await call(chat_id, request(bot, chat_id, part))
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


async def finish_messages(curriculum: Curriculum, summary: FinishSummary) -> list[Outgoing]:
    """The completion summary: the certificate chart, then the summary with review mode."""
    png = await render_certificate(certificate_data(curriculum, summary))
    return [
        Photo(png, finish.certificate_caption(curriculum, summary)),
        finish.summary(curriculum, summary),
    ]
