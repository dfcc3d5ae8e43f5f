"""B3: a fan-out of reminders, with Telegram's limits on and off."""

from __future__ import annotations

import time
from typing import Any

from benchmarks.support import DUE, TOKEN, fresh_database, seed
from bot.clock import SettableClock
from bot.domain.curriculum import Curriculum
from botapi_emulator import FloodLimits
from coach.stage import Stage
from scheduler.sender import Limits, Sender


async def fan_out(curriculum: Curriculum, count: int, limits: bool) -> dict[str, float]:
    _url, engine = await fresh_database(None, f"b3_{count}_{limits}")
    await seed(engine, count, count, chat_base=7_000_000)
    sender = Sender(Limits() if limits else None)
    async with Stage(curriculum, engine, SettableClock(DUE), sender=sender, token=TOKEN) as stage:
        emulator = stage.emulator
        for n in range(count):
            emulator.chat(7_000_000 + n)
        if limits:
            emulator.flood = FloodLimits(per_second=30, per_chat_per_second=1)
        assert stage.runner is not None
        began = time.perf_counter()
        report = await stage.runner.run_due(DUE)
        elapsed = time.perf_counter() - began
        too_many = sum(1 for _m, code, _d in emulator.errors if code == 429)
    await engine.dispose()
    return {
        "reminders": count,
        "sent": report.count("sent"),
        "messages_per_second": report.count("sent") / elapsed,
        "responses_429": too_many,
        "seconds": elapsed,
    }


async def b3_fan_out(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    limited = await fan_out(curriculum, 600 if quick else 10_000, limits=True)
    unlimited = await fan_out(curriculum, 1_000 if quick else 10_000, limits=False)
    return {
        "with_limits": limited
        | {
            "ratio_to_30_per_second": limited["messages_per_second"] / 30,
            "goal": ">= 0.95, no 429",
        },
        "without_limits": unlimited | {"goal": ">= 1000/s"},
    }
