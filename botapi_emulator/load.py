"""A load of learners for throughput benchmarks, driven from inside the emulator's process: each
learner sends a message, waits for the bot's reply, sends the next; all of them at once."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import TYPE_CHECKING, Any

from botapi_emulator.state import ChatMessage

if TYPE_CHECKING:
    from botapi_emulator.emulator import BotApiEmulator


async def drive(
    emulator: BotApiEmulator, first_chat: int, learners: int, messages: int, text: str
) -> dict[str, Any]:
    """``learners`` chats from ``first_chat`` on each send ``messages`` messages (``text``, with
    ``{n}`` the message's number from 5 on), one after the bot's reply to the one before; the
    updates answered a second and the reply times. The bot must already be polling."""
    waiting: dict[int, asyncio.Future[None]] = {}

    def arrived(message: ChatMessage) -> None:
        future = waiting.pop(message.chat_id, None)
        if future is not None and not future.done():
            future.set_result(None)

    emulator.on_bot_message = arrived
    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    async def learner(chat: int) -> None:
        emulator.chat(chat)
        for n in range(messages):
            future = loop.create_future()
            waiting[chat] = future
            began = time.perf_counter()
            await emulator.send(chat, text.format(n=n + 5))
            await asyncio.wait_for(future, 120)
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    try:
        await asyncio.gather(*(learner(first_chat + n) for n in range(learners)))
    finally:
        emulator.on_bot_message = None
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "updates_per_second": learners * messages / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
    }
