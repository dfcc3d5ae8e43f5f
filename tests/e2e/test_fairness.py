"""One chat's flood never holds up the others: each chat waits its own turn outside the
bot's slots, within a budget of updates a minute, told once when it goes over."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.domain.curriculum import Curriculum
from bot.telegram.app import PerChatUpdates
from bot.telegram.budget import Budget
from tests.e2e.harness import START, Bot
from tests.e2e.seeding import seed_learners

FLOOD = 7000
OTHERS = list(range(7001, 7051))
MONDAY = date(2026, 11, 23)  # plan week 1 holds START (Saturday 28 November)
SLOW_DOWN = (
    "🐢 Slow down, please: I take up to 20 messages from one chat in a minute, and I'm "
    "skipping the rest. Send them again in a minute."
)
COSTLY = (
    "🐢 Recaps and files (/recap, /export, /calendar, /notes all) take a moment to make: "
    "up to 3 of them in a minute. Try again in a minute."
)
TODAY = "<b>Plan week 1/24</b> · roadmap week 1"
RECAP = "<b>Week 1 recap</b> · Mon 23 Nov – Sun 29 Nov"


@pytest.fixture
async def budgeted(engine: AsyncEngine, curriculum: Curriculum) -> AsyncIterator[Bot]:
    """The bot with the budget `coach run` gives it, and 51 onboarded learners."""
    await seed_learners(engine, [FLOOD, *OTHERS], START + timedelta(days=1), MONDAY)
    harness = Bot(engine, curriculum, budget=Budget())
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
    assert [r.getMessage() for r in harness.errors.records] == []
    assert harness.emulator.errors == [], "Telegram would have rejected a request"


def stopwatch(bot: Bot) -> dict[int, float]:
    """When each update was done with, by the bot's own signal: read afterwards, so the test
    keeps no waiter per update awake (each would be woken at every update)."""
    finished: dict[int, float] = {}
    assert bot.app is not None
    processor = bot.app.update_processor
    assert isinstance(processor, PerChatUpdates)
    then = processor.on_done

    def done(update: object) -> None:
        if isinstance(update, Update):
            finished[update.update_id] = time.monotonic()
        if then is not None:
            then(update)

    processor.on_done = done
    return finished


async def all_handled(bot: Bot, update_ids: list[int]) -> None:
    for update_id in update_ids:  # one waiter at a time
        await bot.handled(update_id, within=60)


def texts(bot: Bot, chat: int) -> list[str]:
    return [m.content for m in bot.sent(chat)]


@pytest.mark.slow
@pytest.mark.alone  # measures how long answers take
async def test_a_flood_of_recaps_holds_up_no_other_chat(budgeted: Bot) -> None:
    bot = budgeted
    finished = stopwatch(bot)
    flood = [await bot.emulator.send(FLOOD, "/recap") for _ in range(300)]
    sent: dict[int, float] = {}
    for chat in OTHERS:
        sent_at = time.monotonic()
        sent[await bot.emulator.send(chat, "/today")] = sent_at
    await all_handled(bot, list(sent))
    seconds = sorted(finished[update_id] - sent_at for update_id, sent_at in sent.items())
    assert seconds[-1] < 2, seconds[-5:]
    for chat in OTHERS:
        (today,) = texts(bot, chat)
        assert TODAY in today

    await all_handled(bot, flood)
    replies = bot.sent(FLOOD)
    assert sum(1 for m in replies if m.photo is not None) == 3  # three recaps, chart and all
    assert sum(1 for m in replies if RECAP in m.content) == 3
    assert [m.content for m in replies if m.content.startswith("🐢")] == [COSTLY, SLOW_DOWN]

    # The next minute is a new window: three more recaps, then one more "slow down".
    bot.clock.set(START + timedelta(minutes=1))
    more = [await bot.emulator.send(FLOOD, "/recap") for _ in range(30)]
    await all_handled(bot, more)
    replies = bot.sent(FLOOD)
    assert sum(1 for m in replies if m.photo is not None) == 6
    assert sum(1 for m in replies if RECAP in m.content) == 6
    assert [m.content for m in replies if m.content.startswith("🐢")] == [COSTLY, SLOW_DOWN] * 2


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_a_chats_backlog_waits_outside_the_bots_slots(
    engine: AsyncEngine, curriculum: Curriculum
) -> None:
    """A chat whose replies hang, with more updates queued than the bot has slots: another
    chat is still answered (its backlog waits for its own turn, not for a slot)."""
    slow, quick = 7100, 7101
    await seed_learners(engine, [slow, quick], START + timedelta(days=1), MONDAY)
    bot = Bot(engine, curriculum, budget=Budget(updates=10_000))
    await bot.start()
    release = bot.emulator.hold_sends(slow)
    try:
        # More than python-telegram-bot's 512 concurrent updates, which this bot once let a
        # chat's backlog hold while it waited for the chat's first reply.
        backlog = [await bot.emulator.send(slow, "/help") for _ in range(600)]
        update_id = await bot.emulator.send(quick, "/today")
        await bot.handled(update_id, within=10)
        assert TODAY in texts(bot, quick)[0]
        assert not bot.was_handled(backlog[0])  # still waiting for its reply to leave
        release.set()
        await all_handled(bot, backlog)
        assert len(texts(bot, slow)) == len(backlog)
    finally:
        release.set()
        await bot.stop()


async def test_the_calendar_and_all_notes_files_count_against_the_costly_budget(
    budgeted: Bot,
) -> None:
    bot = budgeted
    await bot.say(FLOOD, "/note pathlib beats os.path")
    await bot.say(FLOOD, "/notes")  # a text reply: not costly
    for command in ("/calendar", "/notes all", "/calendar", "/notes all", "/calendar"):
        await bot.say(FLOOD, command)
    replies = bot.sent(FLOOD)
    assert [m.document_name for m in replies if m.document is not None] == [
        "roadmap-plan.ics",
        "talking-points.md",
        "roadmap-plan.ics",
    ]
    assert [m.content for m in replies if m.content.startswith("🐢")] == [COSTLY]


async def test_a_button_pressed_over_the_budget_gets_the_slow_down_as_a_toast(
    budgeted: Bot,
) -> None:
    bot = budgeted
    (settings,) = await bot.say(FLOOD, "/settings")  # the window's first update
    for _ in range(19):
        await bot.press_data(FLOOD, settings, "no-such-button")
    assert (
        bot.toasts(FLOOD)
        == ["That button no longer works; nothing was changed. Try the command again."] * 19
    )
    assert await bot.press_data(FLOOD, settings, "no-such-button") == []
    assert await bot.press_data(FLOOD, settings, "no-such-button") == []
    assert bot.toasts(FLOOD)[19:] == [SLOW_DOWN]  # once; the press after it is dropped
