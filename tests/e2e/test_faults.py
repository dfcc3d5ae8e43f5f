"""The fault suite: Telegram failing a fifth of all calls, then recovering."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.e2e.harness import Bot
from tests.e2e.seeding import seed_learners

DUE = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # a Tuesday: a study day


@pytest.mark.slow
async def test_a_fifth_of_all_calls_failing_loses_no_reply_and_no_reminder(bot: Bot) -> None:
    if bot.engine.dialect.name != "sqlite":
        pytest.skip("Telegram's faults do not depend on the database: run once, on SQLite")
    talkers = list(range(70_000, 70_030))
    reminded = list(range(71_000, 71_200))
    await seed_learners(bot.engine, reminded, DUE, date(2026, 11, 30))
    await seed_learners(bot.engine, talkers, DUE, date(2026, 11, 30))  # set up by /start
    for chat in [*talkers, *reminded]:
        bot.emulator.chat(chat)
    bot.clock.set(DUE)

    bot.emulator.fail_randomly(0.2, ["500", "429", "timeout"], seconds=30, rng=random.Random(5))
    updates = [await bot.emulator.send(chat, f"/log {n + 1}0m") for chat in talkers
               for n in range(4)]  # fmt: skip
    tick = asyncio.ensure_future(bot.tick(DUE))
    await asyncio.gather(*(bot.handled(update_id, within=90) for update_id in updates))
    first = await asyncio.wait_for(tick, 120)
    bot.emulator.stop_failing()
    # Pushes that Telegram kept failing were handed back; the next tick sends them.
    later = await bot.tick(DUE + timedelta(minutes=3))

    failed = bot.emulator.errors
    assert {code for _method, code, _text in failed} <= {429, 500}
    assert len(failed) > 20  # the faults really happened
    for chat in talkers:  # every message answered (a timed-out answer arrived all the same)
        replies = [m.content for m in bot.sent(chat) if "Logged" in m.content]
        assert len(replies) == 4, replies  # (talkers, new at 18:00, get a reminder as well)
    for chat in reminded:
        assert sum("Study time" in m.content for m in bot.sent(chat)) == 1
    assert first.count("failed") == later.count("failed") == 0
    bot.emulator.errors.clear()  # expected here; the fixture fails on any other
    # No exception escaped a handler or a tick: the fixture checks no ERROR was logged.
