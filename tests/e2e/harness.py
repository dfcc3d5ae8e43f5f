"""The bot under test: the real Application, long-polling the Bot API emulator over HTTP."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

import telegram
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.clock import SettableClock
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.handlers.common import Deps
from bot.sandbox.emulator import BotApiEmulator, ChatMessage
from bot.services import Coach
from bot.telegram.app import AppType, PerChatUpdates, build_application, start_polling, stop_polling
from scheduler.runner import Runner, TickReport
from scheduler.sender import Sender

TOKEN = "123456789:TEST-token_for-the-emulator"
ADMIN = 9999  # a private chat whose user is in ADMIN_IDS
# Saturday 28 November 2026, 10:00 UTC
START = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@dataclass
class ErrorLog(logging.Handler):
    """Collects ERROR records so a test fails on an exception nobody expected."""

    records: list[logging.LogRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __hash__(self) -> int:
        return id(self)


class Bot:
    """Drives a learner's side of the conversation and waits for the bot's answers."""

    def __init__(self, engine: AsyncEngine, curriculum: Curriculum) -> None:
        self.clock = SettableClock(START)
        self.emulator = BotApiEmulator(clock=self.clock)
        self.engine = engine
        self.curriculum = curriculum
        self.coach = Coach(curriculum, UnitOfWork(engine), self.clock)
        self.app: AppType | None = None
        self.done: set[int] = set()
        self._done_changed = asyncio.Condition()
        self.errors = ErrorLog()
        self.sender = Sender(limits=None)  # tests that measure limits set their own
        self.runner: Runner | None = None

    async def start(self) -> None:
        await self.emulator.start()
        logging.getLogger().addHandler(self.errors)
        await self._start_app()

    async def restart(self) -> None:
        """Stop the bot and start a new one (new services, same database and emulator)."""
        await self._stop_app()
        self.coach = Coach(self.curriculum, UnitOfWork(self.engine), self.clock)
        await self._start_app()

    async def _start_app(self) -> None:
        self.app = build_application(
            TOKEN, self.emulator.base_url, Deps(self.coach, self.curriculum, frozenset({ADMIN}))
        )
        self.push_bot = telegram.Bot(TOKEN, base_url=self.emulator.base_url)  # as `coach run`
        await self.push_bot.initialize()
        self.runner = Runner(
            self.curriculum, UnitOfWork(self.engine), self.coach, self.push_bot, self.sender
        )
        processor = self.app.update_processor
        assert isinstance(processor, PerChatUpdates)
        processor.on_done = self._mark_done
        await start_polling(self.app)

    async def stop(self) -> None:
        await self._stop_app()
        await self.emulator.stop()
        logging.getLogger().removeHandler(self.errors)

    async def _stop_app(self) -> None:
        assert self.app is not None
        await stop_polling(self.app)
        await self.push_bot.shutdown()

    def _mark_done(self, update: object) -> None:
        if isinstance(update, Update):
            self.done.add(update.update_id)
            asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._done_changed:
            self._done_changed.notify_all()

    async def handled(self, update_id: int, within: float = 15) -> None:
        async with asyncio.timeout(within), self._done_changed:
            await self._done_changed.wait_for(lambda: update_id in self.done)

    def sent(self, chat_id: int) -> list[ChatMessage]:
        return self.emulator.bot_messages(chat_id, include_deleted=True)

    async def say(
        self, chat_id: int, text: str, *, reply_to: int | None = None
    ) -> list[ChatMessage]:
        """The learner sends ``text``; returns what the bot sent in answer."""
        before = len(self.sent(chat_id))
        update_id = await self.emulator.send(chat_id, text, reply_to=reply_to)
        await self.handled(update_id)
        return self.sent(chat_id)[before:]

    async def say_one(self, chat_id: int, text: str, **options: int) -> str:
        replies = await self.say(chat_id, text, **options)
        assert len(replies) == 1, [r.content for r in replies]
        return replies[0].content

    async def press(self, chat_id: int, message: ChatMessage, label: str) -> list[ChatMessage]:
        """Press the button whose text contains ``label``; returns new bot messages."""
        before = len(self.sent(chat_id))
        update_id = await self.emulator.press_button(chat_id, message.message_id, label)
        await self.handled(update_id)
        return self.sent(chat_id)[before:]

    async def press_data(self, chat_id: int, message: ChatMessage, data: str) -> list[ChatMessage]:
        before = len(self.sent(chat_id))
        update_id = await self.emulator.press(chat_id, message.message_id, data)
        await self.handled(update_id)
        return self.sent(chat_id)[before:]

    async def tick(self, at: datetime) -> TickReport:
        """Move the clock to ``at`` and run one scheduler pass, as the minute tick does."""
        assert self.runner is not None
        self.clock.set(at)
        return await self.runner.run_due(self.clock.now())

    def last(self, chat_id: int) -> ChatMessage:
        return self.emulator.bot_messages(chat_id)[-1]

    def message(self, chat_id: int, message_id: int) -> ChatMessage:
        found = next(m for m in self.sent(chat_id) if m.message_id == message_id)
        return found

    def toasts(self, chat_id: int) -> list[str]:
        return self.emulator.chats[chat_id].toasts
