"""Delivery guarantees: Telegram's limits, and crashes (SIGKILL) between claim and send."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.migrate import upgrade_database
from bot.db.models import Delivery, DeliveryStatus
from bot.db.session import create_engine
from botapi_emulator import BotApiEmulator, FloodLimits
from scheduler.runner import Runner
from scheduler.sender import Limits, Sender
from tests.e2e.harness import TOKEN, Bot
from tests.e2e.seeding import seed_learners

DUE = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # a Tuesday: a study day
START = date(2026, 11, 30)
CONCURRENCY = 32  # the runner's sends in flight at once


def reminders(emulator: BotApiEmulator, chats: list[int]) -> Counter[int]:
    return Counter(
        {
            chat: sum("Study time" in m.content for m in emulator.bot_messages(chat))
            for chat in chats
        }
    )


@pytest.mark.slow
@pytest.mark.alone  # counts requests per second
async def test_a_fan_out_of_600_stays_inside_telegrams_limits(bot: Bot) -> None:
    if bot.engine.dialect.name != "sqlite":
        pytest.skip("the limits do not depend on the database: measured once, on SQLite")
    chats = list(range(20_000, 20_600))
    await seed_learners(bot.engine, chats, DUE, START)
    for chat in chats:
        bot.emulator.chat(chat)
    bot.emulator.flood = FloodLimits(per_second=30, per_chat_per_second=1)
    assert bot.app is not None
    assert bot.push_bot is not None
    runner = Runner(bot.curriculum, bot.uow, bot.coach, bot.push_bot, Sender(Limits()))
    bot.clock.set(DUE)
    report = await runner.run_due(DUE)
    assert report.count("sent") == 600
    assert reminders(bot.emulator, chats) == Counter({chat: 1 for chat in chats})
    assert [e for e in bot.emulator.errors if e[1] == 429] == []


# --- crashes: `coach tick` as a process, killed with SIGKILL ------------------------------------


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[str, AsyncEngine]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    engine = create_engine(url)
    await upgrade_database(engine)
    yield url, engine
    await engine.dispose()


async def start_tick(url: str, base_url: str, now: datetime) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": url,
        "RATE_LIMIT": "false",
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "tick", "--now", now.isoformat(), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(process: asyncio.subprocess.Process) -> None:
    _out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()


async def deliveries(engine: AsyncEngine) -> list[Delivery]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(Delivery))
        return list(rows)  # type: ignore[arg-type]


@pytest.mark.slow
async def test_killed_between_claim_and_send_sends_once_after_restart(
    database: tuple[str, AsyncEngine],
) -> None:
    url, engine = database
    chat = 30_001
    await seed_learners(engine, [chat], DUE, START)
    async with BotApiEmulator() as emulator:
        emulator.chat(chat)
        emulator.hold_sends(chat)
        process = await start_tick(url, emulator.base_url, DUE)
        await emulator.wait_until(
            lambda: any(m == "sendMessage" for m, _ in emulator.calls), within=60
        )
        process.kill()  # SIGKILL: claimed and committed, the send still in the air
        await process.wait()
        emulator.drop_held(chat)  # that send never completes
        (claimed,) = await deliveries(engine)
        assert claimed.status == DeliveryStatus.CLAIMED
        assert reminders(emulator, [chat])[chat] == 0

        await finish(await start_tick(url, emulator.base_url, DUE + timedelta(minutes=1)))
        assert reminders(emulator, [chat])[chat] == 0  # the lease has not run out yet
        await finish(await start_tick(url, emulator.base_url, DUE + timedelta(minutes=3)))
        assert reminders(emulator, [chat])[chat] == 1
        (sent,) = await deliveries(engine)
        assert (sent.status, sent.attempts) == (DeliveryStatus.SENT, 2)
        await finish(await start_tick(url, emulator.base_url, DUE + timedelta(minutes=4)))
        assert reminders(emulator, [chat])[chat] == 1


@pytest.mark.slow
async def test_five_kills_during_a_fan_out_of_2000_lose_nothing(
    database: tuple[str, AsyncEngine],
) -> None:
    url, engine = database
    chats = list(range(40_000, 42_000))
    await seed_learners(engine, chats, DUE, START)
    rng = random.Random(7)
    async with BotApiEmulator() as emulator:
        for chat in chats:
            emulator.chat(chat)

        def arrived() -> int:
            return sum(len(emulator.bot_messages(chat)) for chat in chats)

        now = DUE
        for _kill in range(5):
            target = arrived() + rng.randint(1, 150)  # a random moment of the fan-out
            process = await start_tick(url, emulator.base_url, now)
            await emulator.wait_until(lambda t=target: arrived() >= t, within=120)  # type: ignore[misc]
            process.send_signal(signal.SIGKILL)
            await process.wait()
            now += timedelta(minutes=3)  # the next start finds the dead claims' leases over
        await finish(await start_tick(url, emulator.base_url, now))

    counts = reminders(emulator, chats)
    lost = [chat for chat in chats if counts[chat] == 0]
    duplicates = sum(counts.values()) - len(chats)
    print(f"\n5 kills during a fan-out of 2000: {len(lost)} lost, {duplicates} duplicates")
    assert lost == []
    assert duplicates <= 5 * CONCURRENCY
    statuses = Counter(d.status for d in await deliveries(engine))
    assert statuses == Counter({DeliveryStatus.SENT: len(chats)})
