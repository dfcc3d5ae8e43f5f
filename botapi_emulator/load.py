"""A load of learners for throughput benchmarks, driven from inside the emulator's process: each
learner sends a message, waits for the bot's reply, sends the next; all of them at once."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botapi_emulator.state import ChatMessage

if TYPE_CHECKING:
    from botapi_emulator.emulator import BotApiEmulator


@dataclass(frozen=True)
class Flood:
    """One chat sending ``count`` messages at once, not waiting for any reply."""

    chat: int
    count: int
    text: str


async def drive(
    emulator: BotApiEmulator,
    first_chat: int,
    learners: int,
    messages: int,
    text: str,
    *,
    pause: float = 0.0,
    flood: Flood | None = None,
) -> dict[str, Any]:
    """``learners`` chats from ``first_chat`` on each send ``messages`` messages (``text``, with
    ``{n}`` the message's number from 5 on), one after the bot's reply to the one before and
    ``pause`` seconds (their first ones spread over a pause); meanwhile the ``flood``, if any.
    The learners' updates answered a second and their reply times; the flood's replies so far.
    The bot must already be polling."""
    waiting: dict[int, asyncio.Future[None]] = {}
    flood_replies = 0

    def arrived(message: ChatMessage) -> None:
        nonlocal flood_replies
        if flood is not None and message.chat_id == flood.chat:
            flood_replies += 1
        future = waiting.pop(message.chat_id, None)
        if future is not None and not future.done():
            future.set_result(None)

    emulator.on_bot_message = arrived
    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    async def learner(index: int) -> None:
        chat = first_chat + index
        emulator.chat(chat)
        await asyncio.sleep(pause * index / learners)  # paced learners start spread out too
        for n in range(messages):
            future = loop.create_future()
            waiting[chat] = future
            began = time.perf_counter()
            await emulator.send(chat, text.format(n=n + 5))
            await asyncio.wait_for(future, 120)
            latencies.append(time.perf_counter() - began)
            if pause:
                await asyncio.sleep(pause)

    async def flooding(flood: Flood) -> None:
        emulator.chat(flood.chat)
        for _ in range(flood.count):
            await emulator.send(flood.chat, flood.text)

    if flood is not None:
        await flooding(flood)
    began = time.perf_counter()
    try:
        await asyncio.gather(*(learner(n) for n in range(learners)))
    finally:
        emulator.on_bot_message = None
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "updates_per_second": learners * messages / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        "flood_replies": flood_replies,
    }
