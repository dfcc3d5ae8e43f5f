"""The bot under test: a stage (the real application long-polling the Bot API emulator over
HTTP), driven from the learner's side."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SettableClock
from bot.domain.curriculum import Curriculum
from bot.telegram.budget import Budget
from botapi_emulator import ChatMessage
from coach.stage import Stage

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


# A conversation test sends dozens of messages from one chat while the clock stands still, all
# inside one budget window; the fairness tests give the bot the real budget.
ROOMY = Budget(updates=1_000, costly=100)


class Bot(Stage):
    """A stage, with the learner's side of the conversation as a test drives it."""

    def __init__(self, engine: AsyncEngine, curriculum: Curriculum, budget: Budget = ROOMY) -> None:
        super().__init__(curriculum, engine, SettableClock(START), admin_ids=frozenset({ADMIN}),
                         token=TOKEN, budget=budget)  # fmt: skip
        self.errors = ErrorLog()

    async def start(self) -> None:
        logging.getLogger().addHandler(self.errors)
        await super().start()

    async def stop(self) -> None:
        await super().stop()
        logging.getLogger().removeHandler(self.errors)

    def sent(self, chat_id: int) -> list[ChatMessage]:
        return self.emulator.bot_messages(chat_id, include_deleted=True)

    async def say(
        self, chat_id: int, text: str, *, reply_to: int | None = None
    ) -> list[ChatMessage]:
        """The learner sends ``text``; returns what the bot sent in answer."""
        before = len(self.sent(chat_id))
        await self.send_and_wait(chat_id, text, reply_to=reply_to)
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
        await self.press_and_wait(chat_id, message.message_id, data)
        return self.sent(chat_id)[before:]

    def last(self, chat_id: int) -> ChatMessage:
        return self.emulator.bot_messages(chat_id)[-1]

    def message(self, chat_id: int, message_id: int) -> ChatMessage:
        found = next(m for m in self.sent(chat_id) if m.message_id == message_id)
        return found

    def toasts(self, chat_id: int) -> list[str]:
        return self.emulator.chats[chat_id].toasts
