"""The composition root: builds the python-telegram-bot Application with its services."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor, ContextTypes

from bot.handlers import register
from bot.telegram.commands import COMMANDS
from bot.telegram.deps import Deps
from bot.telegram.request import RetryingRequest
from bot.texts.messages import ERROR

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 512
UpdateDone = Callable[[object], None]
AppType = Application[Any, Any, Any, Any, Any, Any]


class PerChatUpdates(BaseUpdateProcessor):
    """Updates of different chats are handled concurrently, those of one chat in order.

    One slow learner never holds up another, while a learner's own messages are applied in
    the order they were sent.
    """

    def __init__(self, max_concurrent: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: Counter[int] = Counter()
        self.on_done: UpdateDone | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] += 1
        try:
            async with lock:
                await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._locks[key]
            if self.on_done is not None:
                self.on_done(update)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


class CoachApplication(Application[Any, Any, Any, Any, Any, Any]):
    """The PTB Application, telling long-running work to wind down before it waits for it.

    ``Application.stop`` waits for running jobs; a scheduler fan-out must first be asked to
    stop claiming, so that SIGTERM ends the process in seconds.
    """

    async def stop(self) -> None:
        for wind_down in self.bot_data.get(BEFORE_STOP, ()):
            wind_down()
        await super().stop()


BEFORE_STOP = "before_stop"


def _chat_key(update: object) -> int:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return 0


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback, and tell the learner briefly.

    Telegram out of reach (after the request layer's retries) is a warning: there is no bug
    to look at, and no way to tell the learner either.
    """
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, NetworkError):
        log.warning("update %s: Telegram did not answer: %s", update_id, context.error)
        return
    log.error("handling update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(ERROR)
        else:
            await context.bot.send_message(update.effective_chat.id, ERROR)
    except TelegramError:
        log.warning(
            "could not tell chat %s about the failure", update.effective_chat.id, exc_info=True
        )


def file_base_url(base_url: str) -> str:
    """The file download URL that goes with a Bot API base URL (``…/bot`` → ``…/file/bot``)."""
    head, sep, _tail = base_url.rpartition("/bot")
    return f"{head}/file/bot" if sep else base_url


def build_application(
    token: str,
    base_url: str,
    deps: Deps,
    *,
    post_init: Callable[[AppType], Coroutine[Any, Any, None]] | None = None,
    post_shutdown: Callable[[AppType], Coroutine[Any, Any, None]] | None = None,
) -> AppType:
    """The bot: every handler wired to the services, talking to ``base_url``."""
    processor = PerChatUpdates()
    builder = (
        ApplicationBuilder()
        .application_class(CoachApplication)
        .token(token)
        .base_url(base_url)
        .base_file_url(file_base_url(base_url))
        .request(RetryingRequest())
        .concurrent_updates(processor)
        .post_init(_starting(post_init))
    )
    if post_shutdown is not None:
        builder = builder.post_shutdown(post_shutdown)
    application: AppType = builder.build()
    application.bot_data["deps"] = deps
    register(application)
    application.add_error_handler(on_error)
    return application


def _starting(
    before: Callable[[AppType], Coroutine[Any, Any, None]] | None,
) -> Callable[[AppType], Coroutine[Any, Any, None]]:
    async def start(application: AppType) -> None:
        if before is not None:
            await before(application)
        # Telegram's command menu, from the same table /help renders.
        await application.bot.set_my_commands([BotCommand(c.name, c.summary) for c in COMMANDS])

    return start


async def start_polling(application: AppType) -> None:
    """Start the way ``Application.run_polling`` does, inside an already running event loop
    (the sandbox, the tests and the benchmarks share their loop with the emulator)."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=5)
    await application.start()


async def stop_polling(application: AppType) -> None:
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
