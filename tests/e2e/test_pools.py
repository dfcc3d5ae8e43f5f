"""The database pool holds every connection the bot's concurrency can ask for, so no update
and no push ever queues for a connection (nor times out waiting for one)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot as TelegramBot

from bot.clock import SettableClock
from bot.config import Settings
from bot.db.migrate import upgrade_database
from bot.db.session import SEND_SLOTS, SPARE_CONNECTIONS, UPDATE_SLOTS, create_engine
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.app import PerChatUpdates, build_application
from bot.telegram.deps import Deps
from scheduler.service import push_runner
from tests.e2e.harness import START, TOKEN, Bot
from tests.e2e.seeding import seed_learners

URLS = ("sqlite+aiosqlite:///{tmp}/coach.db", "postgresql+asyncpg://coach@db.invalid/coach")


def room(engine: AsyncEngine) -> int:
    """How many connections the pool hands out at once, overflow included."""
    pool: Any = engine.sync_engine.pool
    return int(pool.size() + pool._max_overflow)


@pytest.mark.parametrize("url", URLS)
async def test_the_concurrency_coach_run_allows_fits_in_the_pool(
    url: str, tmp_path: Path, curriculum: Curriculum
) -> None:
    engine = create_engine(url.format(tmp=tmp_path))  # no connection is opened here
    uow, clock = UnitOfWork(engine), SettableClock(START)
    coach = Coach(curriculum, uow, clock)
    application = build_application(TOKEN, "http://127.0.0.1:1/bot", Deps(coach, curriculum))
    processor = application.update_processor
    assert isinstance(processor, PerChatUpdates)
    runner = push_runner(Settings(), curriculum, uow, coach, TelegramBot(TOKEN), clock)
    assert processor.slots == UPDATE_SLOTS
    assert runner.concurrency == SEND_SLOTS
    assert processor.slots + runner.concurrency + SPARE_CONNECTIONS <= room(engine)
    await engine.dispose()


async def test_two_hundred_chats_at_once_never_hold_more_connections_than_slots(
    tmp_path: Path, curriculum: Curriculum
) -> None:
    """Each update holds at most one connection at a time: the slots bound the connections."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}")
    await upgrade_database(engine)
    chats = list(range(20_000, 20_200))
    await seed_learners(engine, chats, START + timedelta(days=1), START.date())
    out, most = 0, 0

    def checked_out(*_args: object) -> None:
        nonlocal out, most
        out += 1
        most = max(most, out)

    def checked_in(*_args: object) -> None:
        nonlocal out
        out -= 1

    event.listen(engine.sync_engine, "checkout", checked_out)
    event.listen(engine.sync_engine, "checkin", checked_in)
    bot = Bot(engine, curriculum)
    await bot.start()
    try:
        commands = ("/log 1.5", "/today", "/week", "/progress", "/history", "/notes")
        ids = await asyncio.gather(
            *(bot.emulator.send(chat, commands[chat % len(commands)]) for chat in chats)
        )
        await asyncio.gather(*(bot.handled(update_id, within=60) for update_id in ids))
    finally:
        await bot.stop()
        await engine.dispose()
    assert all(len(bot.sent(chat)) >= 1 for chat in chats)
    assert bot.errors.records == []
    assert UPDATE_SLOTS // 2 <= most <= UPDATE_SLOTS  # busy, and never past the slots
