"""The composition root: builds the python-telegram-bot Application with its services."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor, ContextTypes

from bot.db.session import UPDATE_SLOTS
from bot.handlers import register
from bot.telegram.budget import Budget, ChatBudgets, Verdict
from bot.telegram.commands import COMMANDS, is_costly
from bot.telegram.deps import Deps
from bot.telegram.request import RetryingRequest, plain_request
from bot.texts import budget as budget_texts
from bot.texts.charts import warm_up
from bot.texts.messages import ERROR

log = logging.getLogger(__name__)

# Updates this process holds at once: handled, waiting for a slot, or waiting for their chat's
# earlier updates. PTB's own limit counts these; the slots (UPDATE_SLOTS, sized to the database
# pool) limit only the ones being handled. A chat holds at most its budget of them, so this is
# reached only when hundreds of chats send their whole budget at the same moment.
UPDATES_IN_HAND = 4096
UpdateDone = Callable[[object], None]
Refuse = Callable[[Update, Verdict], Awaitable[None]]
AppType = Application[Any, Any, Any, Any, Any, Any]


class PerChatUpdates(BaseUpdateProcessor):
    """Updates of different chats are handled concurrently, those of one chat in order, and
    each chat within its budget.

    A chat's updates wait for the chat's earlier ones before they take one of the ``slots``, so
    one chat's backlog never holds a slot another chat could use: one slow or flooding learner
    never holds up another. An update over its chat's budget is never queued: the first one is
    answered by ``refuse`` (the chat is told why), the rest are dropped.
    """

    def __init__(
        self,
        budgets: ChatBudgets,
        refuse: Refuse,
        *,
        slots: int = UPDATE_SLOTS,
        in_hand: int = UPDATES_IN_HAND,
    ) -> None:
        super().__init__(in_hand)
        self.budgets = budgets
        self.refuse = refuse
        self.slots = slots
        self._slots = asyncio.Semaphore(slots)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: Counter[int] = Counter()
        self.on_done: UpdateDone | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        try:
            verdict = self._verdict(update, key)
            if verdict is not Verdict.HANDLE:
                _discard(coroutine)
                _log_refusal(update, key, verdict)
                if verdict is Verdict.DROP or not isinstance(update, Update):
                    return
                coroutine = self.refuse(update, verdict)
            await self._in_turn(key, coroutine)
        finally:
            if self.on_done is not None:
                self.on_done(update)

    def _verdict(self, update: object, key: int | None) -> Verdict:
        if key is None:  # no chat (nothing the bot answers): nothing to budget
            return Verdict.HANDLE
        message = update.message if isinstance(update, Update) else None
        costly = message is not None and is_costly(message.text)
        return self.budgets.admit(key, costly=costly)

    async def _in_turn(self, key: int | None, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then for a slot, then handle."""
        key = 0 if key is None else key
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] += 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _discard(coroutine: Awaitable[Any]) -> None:
    """Close an update's handling that will never run (no "never awaited" warning)."""
    if isinstance(coroutine, Coroutine):
        coroutine.close()


def _log_refusal(update: object, key: int | None, verdict: Verdict) -> None:
    # The chat and the update's number, never its text.
    update_id = update.update_id if isinstance(update, Update) else None
    if verdict is Verdict.DROP:
        log.info("chat %s is over its budget: update %s dropped", key, update_id)
    else:
        log.warning("chat %s is over its budget (%s): update %s refused", key, verdict.value,
                    update_id)  # fmt: skip


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


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback, and tell the learner briefly.

    Telegram out of reach (after the request layer's retries) is a warning: there is no bug
    to look at, and no way to tell the learner either. A request Telegram refused
    (``BadRequest``, a ``NetworkError`` in PTB) is a bug like any other.
    """
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
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
    budget: Budget | None = None,
) -> AppType:
    """The bot: every handler wired to the services, talking to ``base_url``; each chat within
    ``budget`` (by default 20 updates a minute, 3 of them a chart or a file: /recap, /export, …)."""
    budgets = ChatBudgets(deps.coach.clock, budget)

    async def refuse(update: Update, verdict: Verdict) -> None:
        await _tell_over_budget(budgets.budget, update, verdict)

    processor = PerChatUpdates(budgets, refuse)
    builder = (
        ApplicationBuilder()
        .application_class(CoachApplication)
        .token(token)
        .base_url(base_url)
        .base_file_url(file_base_url(base_url))
        .request(RetryingRequest())
        .get_updates_request(plain_request(connection_pool_size=1))  # one poll at a time
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


async def _tell_over_budget(budget: Budget, update: Update, verdict: Verdict) -> None:
    """The first update over a budget: tell the chat why (through the bot that received it)."""
    if update.effective_chat is None:
        return
    if verdict is Verdict.COSTLY:
        text = budget_texts.costly(budget.costly, budget.window)
    else:
        text = budget_texts.slow_down(budget.updates, budget.window)
    try:
        if update.callback_query is not None:  # a button press: a toast (ends its spinner)
            await update.callback_query.answer(text)
        else:
            await update.get_bot().send_message(
                update.effective_chat.id, text, parse_mode=ParseMode.HTML
            )
    except TelegramError as exc:
        log.warning("could not tell chat %s it is over its budget: %r",
                    update.effective_chat.id, exc)  # fmt: skip


def _starting(
    before: Callable[[AppType], Coroutine[Any, Any, None]] | None,
) -> Callable[[AppType], Coroutine[Any, Any, None]]:
    async def start(application: AppType) -> None:
        if before is not None:
            await before(application)
        warm_up()  # the chart thread builds its figure now, not on the first /recap
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
