"""Updates Telegram delivers twice (a webhook retried, a poll whose confirmation was lost):
answered as the first time, applied once."""

from __future__ import annotations

from bot.db import repo
from bot.db.uow import UnitOfWork
from tests.e2e.harness import Bot
from tests.e2e.test_conversation import stored_minutes

ADA = 1001


async def test_an_undo_delivered_twice_removes_one_entry(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.say(ADA, "/startdate 2026-11-23")  # this Monday: today is in plan week 1
    await bot.say(ADA, "/log 1 learning")
    await bot.say(ADA, "/log 2 practice")
    await bot.say(ADA, "/log 30m project")
    before = len(bot.sent(ADA))
    first = await bot.emulator.send(ADA, "/undo")
    await bot.handled(first)
    await bot.handled(await bot.emulator.redeliver(first))
    answer, again = (m.content for m in bot.sent(ADA)[before:])
    assert answer == (
        "↩️ Removed 30 min of project on Sat 28 Nov.\n"
        "This week: ▓▓░░░░░░░░ 3 h / 12 h (pace band 10–15 h)"
    )
    assert again == answer
    assert await stored_minutes(bot) == 180

    second = await bot.emulator.send(ADA, "/undo")  # a new /undo: the next entry goes
    await bot.handled(second)
    assert bot.last(ADA).content.startswith("↩️ Removed 2 h of practice on Sat 28 Nov")
    assert await stored_minutes(bot) == 60
    await bot.handled(await bot.emulator.redeliver(first))
    await bot.handled(await bot.emulator.redeliver(second))
    assert await stored_minutes(bot) == 60
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        (entry,) = await repo.latest_log_entries(session, learner.id, 10)
        assert (entry.minutes, entry.category) == (60, "learning")
