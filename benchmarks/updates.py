"""B1: learners logging over HTTP at once, against a bare python-telegram-bot echo bot."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from benchmarks.support import DUE, TOKEN, fresh_database, percentile
from bot.clock import SettableClock
from bot.domain.curriculum import Curriculum
from bot.telegram.app import start_polling, stop_polling
from botapi_emulator import BotApiEmulator, ChatMessage
from coach.stage import Stage


async def drive_updates(
    emulator: BotApiEmulator, learners: int, messages: int, start_replies: int = 0
) -> dict[str, float]:
    """Each learner sends a message, waits for the reply, sends the next; all at once. The
    bot under test is already polling ``emulator``. With ``start_replies``, each learner first
    sends /start and waits for that many replies (not measured): only /start makes a learner."""
    waiting: dict[int, asyncio.Future[None]] = {}

    def arrived(message: ChatMessage) -> None:
        future = waiting.pop(message.chat_id, None)
        if future is not None and not future.done():
            future.set_result(None)

    emulator.on_bot_message = arrived
    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    async def learner(chat: int) -> None:
        emulator.chat(chat)
        if start_replies:
            await emulator.send(chat, "/start")
            await emulator.wait_until(lambda: len(emulator.bot_messages(chat)) >= start_replies, 60)
        for n in range(messages):
            future = loop.create_future()
            waiting[chat] = future
            began = time.perf_counter()
            await emulator.send(chat, f"/log {n + 5}m")
            await asyncio.wait_for(future, 60)
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(learner(5_000_000 + n) for n in range(learners)))
    elapsed = time.perf_counter() - began
    emulator.on_bot_message = None
    return {
        "updates_per_second": learners * messages / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def echo_bot(base_url: str) -> Application[Any, Any, Any, Any, Any, Any]:
    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(512).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def b1_updates(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    learners, messages = (200, 4) if quick else (1000, 10)
    _url, engine = await fresh_database(None, "b1")
    async with BotApiEmulator() as emulator:
        app = echo_bot(emulator.base_url)
        await start_polling(app)
        echo = await drive_updates(emulator, learners, messages)
        await stop_polling(app)
    async with Stage(curriculum, engine, SettableClock(DUE), token=TOKEN) as stage:
        # /start answers with a welcome and the first setup question
        ours = await drive_updates(stage.emulator, learners, messages, start_replies=2)
    await engine.dispose()
    return {
        "learners": learners,
        "messages_each": messages,
        "ours": ours,
        "echo": echo,
        "ratio": ours["updates_per_second"] / echo["updates_per_second"],
        "goal": ">= 0.7",
    }
