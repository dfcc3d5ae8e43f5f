"""B4: the memory of `coach run` with a million learners, idle and during a tick."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update

from benchmarks.support import TOKEN, fresh_database, seed
from bot.clock import SystemClock
from bot.db.models import Learner
from bot.db.session import create_engine
from bot.domain.curriculum import Curriculum
from botapi_emulator import BotApiEmulator


def rss_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def b4_memory(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    size = 20_000 if quick else 1_000_000
    due = 500 if quick else 2_000
    url, engine = await fresh_database(None, "b4")
    now = SystemClock().now().replace(second=0, microsecond=0) - timedelta(seconds=30)
    monday = now.date() - timedelta(days=now.weekday() + 7)  # a plan in its second week
    await seed(engine, size, 0, chat_base=9_000_000, start=monday, due_at=now)
    await engine.dispose()
    async with BotApiEmulator() as emulator:
        env = dict(os.environ, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emulator.base_url,
                   DATABASE_URL=url, LOG_LEVEL="WARNING", RATE_LIMIT="false")  # fmt: skip
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await emulator.wait_until(lambda: bool(emulator.commands), within=120)
        await asyncio.sleep(5)  # settle after the catch-up pass
        idle = rss_mb(process.pid, "VmRSS")
        engine = create_engine(url)
        async with engine.begin() as connection:  # make 2,000 of them (500 quick) due now
            await connection.execute(
                update(Learner).where(Learner.id <= due).values(next_reminder_at=now)
            )
        await engine.dispose()
        for n in range(due):
            emulator.chat(9_000_000 + n)
        await emulator.wait_until(lambda: len(emulator.calls) > due, within=180)
        peak = rss_mb(process.pid, "VmHWM")
        process.terminate()
        await process.wait()
    return {"learners": size, "idle_rss_mb": idle, "peak_rss_mb_during_tick": peak,
            "goal": "<= 250 MB"}  # fmt: skip
