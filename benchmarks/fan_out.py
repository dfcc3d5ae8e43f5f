"""B3: a fan-out of reminders, with Telegram's limits on (against the configured rate) and off
(against a bare python-telegram-bot loop sending the same texts at the same concurrency).

The emulator runs in a process of its own; the bot's process claims, renders, sends and records
the outcomes, as `coach run` does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import telegram
from telegram import InlineKeyboardMarkup

from benchmarks.support import DUE, TOKEN, fresh_database, seed
from bot.clock import SettableClock
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from botapi_emulator.process import EmulatorProcess
from scheduler.runner import Runner
from scheduler.sender import Limits, Sender

FIRST_CHAT = 7_000_000
CONCURRENCY = 32  # the runner's sends in flight
ROUNDS = 3  # B3b's pairs of the bot and the bare loop (an odd number: the median is one pair)


def counts(quick: bool) -> tuple[int, int]:
    """How many reminders with limits on, and how many with limits off."""
    return (200, 500) if quick else (10_000, 10_000)


async def fan_out(
    curriculum: Curriculum,
    count: int,
    limits: bool,
    measure: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> dict[str, Any]:
    """``count`` reminders due at once, sent by the scheduler's pass (within ``measure``)."""
    _url, engine = await fresh_database(None, f"b3_{count}_{limits}")
    await seed(engine, count, count, chat_base=FIRST_CHAT)
    clock = SettableClock(DUE)
    uow = UnitOfWork(engine)
    async with EmulatorProcess() as emulator:
        await emulator.control("chats", {"first": FIRST_CHAT, "count": count})
        if limits:
            await emulator.control("flood", {"per_second": 30, "per_chat_per_second": 1})
        async with telegram.Bot(TOKEN, base_url=emulator.base_url) as bot:
            sender = Sender(Limits() if limits else None)
            coach = Coach(curriculum, uow, clock)
            runner = Runner(
                curriculum, uow, coach, bot, sender, clock=clock, concurrency=CONCURRENCY
            )
            with measure():
                began = time.perf_counter()
                report = await runner.run_due(DUE)
                elapsed = time.perf_counter() - began
        stats = await emulator.control("stats")
        texts = [] if limits else await emulator.control("sent")
    await engine.dispose()
    return {
        "reminders": count,
        "sent": report.count("sent"),
        "delivered": stats["delivered"],
        "messages_per_second": report.count("sent") / elapsed,
        "responses_429": stats["responses_429"],
        "seconds": elapsed,
        "texts": texts,
    }


async def bare_loop(texts: list[dict[str, Any]]) -> dict[str, Any]:
    """python-telegram-bot alone: the same texts (and buttons) to the same chats, as many in
    flight as the runner has, nothing read or written around them."""
    async with EmulatorProcess() as emulator:
        await emulator.control("chats", {"first": FIRST_CHAT, "count": len(texts)})
        async with telegram.Bot(TOKEN, base_url=emulator.base_url) as bot:
            gate = asyncio.Semaphore(CONCURRENCY)

            async def send(message: dict[str, Any]) -> None:
                markup = message["reply_markup"]
                async with gate:
                    await bot.send_message(
                        message["chat_id"],
                        message["text"],
                        parse_mode=message["parse_mode"],
                        reply_markup=None
                        if markup is None
                        else InlineKeyboardMarkup.de_json(markup, bot),
                    )

            began = time.perf_counter()
            await asyncio.gather(*(send(m) for m in texts))
            elapsed = time.perf_counter() - began
        stats = await emulator.control("stats")
    return {
        "sent": len(texts),
        "delivered": stats["delivered"],
        "messages_per_second": len(texts) / elapsed,
        "seconds": elapsed,
    }


async def b3_fan_out(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    with_limits, without_limits = counts(quick)
    limited = await fan_out(curriculum, with_limits, limits=True)
    limited.pop("texts")
    rate = Limits().per_second
    return {
        "with_limits": limited
        | {
            "configured_per_second": rate,
            "ratio_to_configured_rate": limited["messages_per_second"] / rate,
            "goal": ">= 0.97, no 429",
        },
        "without_limits": await against_bare_loop(curriculum, without_limits),
    }


async def against_bare_loop(curriculum: Curriculum, count: int) -> dict[str, Any]:
    """B3b: ``ROUNDS`` pairs of the bot's pass and the bare loop, the first of each pair taking
    turns (the bare loop sends the texts the bot sent before); the median of the pairs' ratios.
    A shared machine's speed wanders by a third from one minute to the next: one pair alone
    says more about the neighbours than about the bot."""
    ours: list[dict[str, Any]] = []
    bare: list[dict[str, Any]] = []
    ratios: list[float] = []
    texts: list[dict[str, Any]] = []
    for index in range(ROUNDS):
        if index % 2 and texts:
            bare.append(await bare_loop(texts))
            ours.append(await fan_out(curriculum, count, limits=False))
        else:
            ours.append(await fan_out(curriculum, count, limits=False))
            bare.append(await bare_loop(ours[-1]["texts"]))
        texts = ours[-1].pop("texts")
        ratios.append(ours[-1]["messages_per_second"] / bare[-1]["messages_per_second"])
    middle = sorted(range(ROUNDS), key=lambda index: ratios[index])[ROUNDS // 2]
    return ours[middle] | {
        "bare_loop": bare[middle],
        "ratio_to_bare_loop": ratios[middle],
        "ratios_of_rounds": ratios,
        "all_sent_and_delivered": all(
            run["sent"] == run["delivered"] == count for run in ours + bare
        ),
        "goal": ">= 0.8",
    }
