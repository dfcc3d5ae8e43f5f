"""B5: the reply times of quiet chats while one chat floods the bot with /recap, against the
same chats' reply times with no flood. The emulator (and the learners it drives) runs in a
process of its own."""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks.service import SUNDAY, log_weeks
from benchmarks.support import fresh_database, seed
from bot.clock import SettableClock
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.app import AppType, build_application, start_polling, stop_polling
from bot.telegram.deps import Deps
from bot.texts.charts import warm_up
from botapi_emulator.process import EmulatorProcess

FIRST_CHAT = 4_000_000
QUIET = 50


async def quiet_chats(
    curriculum: Curriculum, engine: Any, messages: int, flood: dict[str, Any] | None
) -> dict[str, Any]:
    async with EmulatorProcess() as emulator:
        coach = Coach(curriculum, UnitOfWork(engine), SettableClock(SUNDAY))
        app: AppType = build_application(
            "1:benchmark", emulator.base_url, Deps(coach, curriculum, frozenset())
        )
        await start_polling(app)
        # A running bot has drawn its chart thread's first chart long before a flood comes.
        await asyncio.wrap_future(warm_up())
        try:
            load = {"first": FIRST_CHAT, "learners": QUIET, "messages": messages, "pause": 2.5}
            figures: dict[str, Any] = await emulator.control(
                "drive", load | {"text": "/log {n}m", "flood": flood}
            )
        finally:
            await stop_polling(app)
    return figures


async def b5_fairness(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    messages, recaps = (3, 60) if quick else (10, 300)
    _url, engine = await fresh_database(None, "b5")
    await seed(engine, QUIET + 1, 0, chat_base=FIRST_CHAT)  # the last one floods
    await log_weeks(engine, QUIET + 1, SUNDAY)
    calm = await quiet_chats(curriculum, engine, messages, None)
    flood = {"chat": FIRST_CHAT + QUIET, "count": recaps, "text": "/recap"}
    flooded = await quiet_chats(curriculum, engine, messages, flood)
    await engine.dispose()
    return {
        "quiet_chats": QUIET,
        "messages_each": messages,
        "flood_recaps": recaps,
        "calm": calm,
        "flooded": flooded,
        "ratio": flooded["p99_ms"] / calm["p99_ms"],
        "goal": "<= 2",
    }
