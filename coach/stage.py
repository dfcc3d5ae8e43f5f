"""The bot, the Bot API emulator and a movable clock, started together on one event loop.

`coach sandbox`, the end-to-end tests and the benchmarks drive the real application through a
stage: a learner's messages and button presses go in over HTTP, and the pushes go out when the
clock moves and the scheduler's pass runs, exactly as in `coach run`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from types import TracebackType

import telegram
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.clock import SettableClock
from bot.db import repo
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.app import AppType, PerChatUpdates, build_application, start_polling, stop_polling
from bot.telegram.budget import Budget
from bot.telegram.deps import Deps
from bot.telegram.request import push_bot
from botapi_emulator import BotApiEmulator
from scheduler.claims import TickReport
from scheduler.runner import Runner
from scheduler.sender import Sender

TOKEN = "123456789:stage-token_for-the-emulator"


class Stage:
    """The real application long-polling the emulator, with its scheduler on a settable clock.

    Pushes go through a bot of their own and the scheduler's sender, as in `coach run`.
    """

    def __init__(
        self,
        curriculum: Curriculum,
        engine: AsyncEngine,
        clock: SettableClock,
        *,
        admin_ids: frozenset[int] = frozenset(),
        sender: Sender | None = None,
        token: str = TOKEN,
        budget: Budget | None = None,
    ) -> None:
        self.curriculum = curriculum
        self.engine = engine
        self.clock = clock
        self.admin_ids = admin_ids
        self.sender = sender or Sender(limits=None)
        self.token = token
        self.budget = budget
        self.emulator = BotApiEmulator(clock=clock)
        self.uow = UnitOfWork(engine)
        self.coach = Coach(curriculum, self.uow, clock)
        self.app: AppType | None = None
        self.push_bot: telegram.Bot | None = None
        self.runner: Runner | None = None
        self._handled: set[int] = set()
        self._changed = asyncio.Condition()

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve the emulator, then start the bot against it."""
        await self.emulator.start()
        await self._start_bot()

    async def stop(self) -> None:
        await self._stop_bot()
        await self.emulator.stop()

    async def restart(self) -> None:
        """Stop the bot and start a new one: new services, same database, emulator and clock
        (what a restart of `coach run` is)."""
        await self._stop_bot()
        self.coach = Coach(self.curriculum, self.uow, self.clock)
        await self._start_bot()

    async def __aenter__(self) -> Stage:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _start_bot(self) -> None:
        deps = Deps(self.coach, self.curriculum, self.admin_ids)
        app = build_application(self.token, self.emulator.base_url, deps, budget=self.budget)
        processor = app.update_processor
        assert isinstance(processor, PerChatUpdates)
        processor.on_done = self._done
        self.push_bot = push_bot(self.token, self.emulator.base_url)
        await self.push_bot.initialize()
        self.runner = Runner(
            self.curriculum, self.uow, self.coach, self.push_bot, self.sender, clock=self.clock
        )
        await start_polling(app)
        self.app = app

    async def _stop_bot(self) -> None:
        if self.app is not None:
            await stop_polling(self.app)
            self.app = None
        if self.push_bot is not None:
            await self.push_bot.shutdown()
            self.push_bot = None

    # --- the learner's side --------------------------------------------------------------------

    def _done(self, update: object) -> None:
        if isinstance(update, Update):
            self._handled.add(update.update_id)
            asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def was_handled(self, update_id: int) -> bool:
        return update_id in self._handled

    async def handled(self, update_id: int, within: float = 15) -> None:
        """Wait until the bot has finished handling an update."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: update_id in self._handled)

    async def send_and_wait(self, chat_id: int, text: str, *, reply_to: int | None = None) -> int:
        """The learner sends ``text``; returns once the bot has handled it."""
        update_id = await self.emulator.send(chat_id, text, reply_to=reply_to)
        await self.handled(update_id)
        return update_id

    async def sticker_and_wait(self, chat_id: int) -> int:
        """The learner sends a sticker; returns once the bot has handled it."""
        update_id = await self.emulator.send_sticker(chat_id)
        await self.handled(update_id)
        return update_id

    async def press_and_wait(self, chat_id: int, message_id: int, data: str) -> int:
        """The learner presses a button with ``data``; returns once the bot has handled it."""
        update_id = await self.emulator.press(chat_id, message_id, data)
        await self.handled(update_id)
        return update_id

    # --- the clock -----------------------------------------------------------------------------

    async def tick(self, at: datetime) -> TickReport:
        """Move the clock to ``at`` and run one scheduler pass, as the minute tick does."""
        assert self.runner is not None
        self.clock.set(at)
        return await self.runner.run_due(self.clock.now())

    async def advance(
        self, target: datetime, after_pass: Callable[[], None] = lambda: None
    ) -> None:
        """Move the clock to ``target``, stopping at every due push on the way to send it."""
        assert self.runner is not None
        cursor = self.clock.now() - timedelta(seconds=1)
        while True:  # the cursor only moves forward, so this ends
            async with self.uow.read() as session:
                due = await repo.next_due_after(session, cursor)
            if due is None or due > target:
                break
            await self.tick(max(due, self.clock.now()))
            after_pass()
            cursor = due
        await self.tick(target)
        after_pass()
