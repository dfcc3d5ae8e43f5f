"""B1: learners logging over HTTP at once, against a bare python-telegram-bot echo bot.

The emulator runs in a process of its own and drives the learners from there (each sends a
message, waits for the reply, sends the next): the bot's process does the bot's work only, as it
would against Telegram, for the echo bot and for ours alike.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from benchmarks.support import DUE, TOKEN, fresh_database, seed
from bot.clock import SettableClock
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.app import AppType, build_application, start_polling, stop_polling
from bot.telegram.deps import Deps
from botapi_emulator.process import EmulatorProcess

FIRST_CHAT = 5_000_000


def echo_bot(base_url: str) -> Application[Any, Any, Any, Any, Any, Any]:
    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(512).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


def coach_bot(curriculum: Curriculum, engine: AsyncEngine, base_url: str) -> AppType:
    """The real application, as `coach run` builds it, on a clock set to the benchmark's day."""
    coach = Coach(curriculum, UnitOfWork(engine), SettableClock(DUE))
    return build_application(TOKEN, base_url, Deps(coach, curriculum, frozenset()))


def load(quick: bool) -> tuple[int, int]:
    """How many learners, and how many messages each."""
    return (150, 3) if quick else (1000, 10)


async def seeded(url: str | None, learners: int) -> AsyncEngine:
    """A fresh database with the learners, who went through /start already: only /start makes a
    learner, and a /log of a chat without one is answered with a pointer to /start, which is not
    what is measured."""
    _url, engine = await fresh_database(url, "b1")
    await seed(engine, learners, 0, chat_base=FIRST_CHAT)
    return engine


async def driven(
    app: Any,
    emulator: EmulatorProcess,
    learners: int,
    messages: int,
    measure: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> Any:
    """The learners' load on ``app``, polling ``emulator``; only the load within ``measure``."""
    await start_polling(app)
    try:
        load = {"first": FIRST_CHAT, "learners": learners, "messages": messages}
        with measure():
            return await emulator.control("drive", load | {"text": "/log {n}m"})
    finally:
        await stop_polling(app)


async def b1_updates(curriculum: Curriculum, quick: bool, postgres: str | None) -> dict[str, Any]:
    learners, messages = load(quick)
    async with EmulatorProcess() as emulator:
        echo = await driven(echo_bot(emulator.base_url), emulator, learners, messages)
    found: dict[str, Any] = {"learners": learners, "messages_each": messages, "echo": echo}
    for backend, url in (("sqlite", None), ("postgresql", postgres)):
        if backend == "postgresql" and url is None:
            continue
        engine = await seeded(url, learners)
        async with EmulatorProcess() as emulator:
            app = coach_bot(curriculum, engine, emulator.base_url)
            ours = await driven(app, emulator, learners, messages)
        await engine.dispose()
        ratio = ours["updates_per_second"] / echo["updates_per_second"]
        found[backend] = {"ours": ours, "ratio": ratio, "goal": ">= 0.7"}
    return found
