"""The emulator in a process of its own: the Bot API over HTTP, and a control endpoint that
creates chats, sets flood limits, drives a load of learners and reports what it delivered."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from botapi_emulator.process import EmulatorProcess

TOKEN = "42:emulator-process"


@pytest.fixture
async def emulator() -> AsyncIterator[EmulatorProcess]:
    async with EmulatorProcess() as started:
        yield started


async def test_sends_are_delivered_and_flood_limits_answer_429(emulator: EmulatorProcess) -> None:
    await emulator.control("chats", {"first": 500, "count": 2})
    await emulator.control("flood", {"per_second": 30, "per_chat_per_second": 1})
    async with telegram.Bot(TOKEN, base_url=emulator.base_url) as bot:
        await bot.send_message(500, "<b>Plan week 2/24</b>", parse_mode="HTML")
        with pytest.raises(RetryAfter):  # a second one to the same chat within the second
            await bot.send_message(500, "again")
        await bot.send_message(501, "to the other chat")
        with pytest.raises(telegram.error.BadRequest, match="Chat not found"):
            await bot.send_message(502, "no such chat")
    stats = await emulator.control("stats")
    assert stats["delivered"] == 2
    assert stats["responses_429"] == 1
    assert stats["calls"]["sendMessage"] == 4
    sent = await emulator.control("sent")
    assert sent == [
        {
            "chat_id": 500,
            "text": "<b>Plan week 2/24</b>",
            "parse_mode": "HTML",
            "reply_markup": None,
        },
        {"chat_id": 501, "text": "to the other chat", "parse_mode": None, "reply_markup": None},
    ]
    await emulator.control("flood", {})  # limits off again: the same chat twice in a second
    async with telegram.Bot(TOKEN, base_url=emulator.base_url) as bot:
        await bot.send_message(500, "one")
        await bot.send_message(500, "two")
    assert (await emulator.control("stats"))["delivered"] == 4


async def test_a_driven_load_waits_for_each_reply(emulator: EmulatorProcess) -> None:
    replies: list[str] = []

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.text is not None
        replies.append(update.message.text)
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(emulator.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        await app.start()
        figures = await emulator.control(
            "drive", {"first": 900, "learners": 3, "messages": 2, "text": "/log {n}m"}
        )
        await app.updater.stop()
        await app.stop()
    assert sorted(replies) == ["/log 5m"] * 3 + ["/log 6m"] * 3
    assert figures["updates_per_second"] > 0
    assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert figures["flood_replies"] == 0
    stats = await emulator.control("stats")
    assert stats["delivered"] == 6


async def test_a_flood_arrives_before_the_paced_learners_and_its_replies_are_counted(
    emulator: EmulatorProcess,
) -> None:
    replies: list[tuple[int, str]] = []

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.text is not None
        replies.append((update.message.chat_id, update.message.text))
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(emulator.base_url).build()  # in order
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        await app.start()
        figures = await emulator.control(
            "drive",
            {
                "first": 700,
                "learners": 2,
                "messages": 2,
                "text": "/log {n}m",
                "pause": 0.05,
                "flood": {"chat": 799, "count": 5, "text": "/recap"},
            },
        )
        await app.updater.stop()
        await app.stop()
    assert replies[:5] == [(799, "/recap")] * 5  # the flood came first, all at once
    assert sorted(replies[5:]) == [(700, "/log 5m"), (700, "/log 6m"), (701, "/log 5m"),
                                   (701, "/log 6m")]  # fmt: skip
    assert figures["flood_replies"] == 5
    assert (await emulator.control("stats"))["delivered"] == 9


async def test_an_unknown_control_action_is_a_404(emulator: EmulatorProcess) -> None:
    with pytest.raises(httpx.HTTPStatusError, match="404"):
        await emulator.control("nothing", {})
