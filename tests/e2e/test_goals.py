"""Goals to tick end to end: /week's tick buttons, undone by a second press, idempotent, and
counted in /progress and the recap."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.db.models import GoalTick
from bot.db.uow import UnitOfWork
from bot.texts.messages import STALE_BUTTON
from tests.e2e.harness import Bot
from tests.e2e.test_pushes import setup

ADA = 4201
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
SUNDAY = datetime(2026, 12, 6, 19, 0, tzinfo=UTC)  # 20:00 in Berlin: plan week 1's recap


async def ticks(bot: Bot) -> int:
    async with UnitOfWork(bot.engine).read() as session:
        return int(await session.scalar(select(func.count(GoalTick.id))) or 0)


async def test_goal_ticks_undone_by_a_second_press_and_counted_in_the_recap(bot: Bot) -> None:
    await setup(bot, ADA)
    bot.clock.set(TUESDAY)
    (week,) = await bot.say(ADA, "/week")
    assert "• Set up Python environment (<code>python3</code>" in week.content
    assert "🎯 Goals ticked this week: 0/4 · goals done this month: 0/15" in week.content
    assert week.buttons[:4] == [
        ("☐ Set up Python environment (pyth…", "goal:1:0:1:1"),
        ("☐ Learn syntax: variables, loops,…", "goal:1:1:1:1"),
        ("☐ Understand Pythonic idioms (lis…", "goal:1:2:1:1"),
        ("☐ Git fundamentals: init, add, co…", "goal:1:3:1:1"),
    ]
    assert week.buttons[4] == ("Week 2 ▶", "week:2")

    await bot.press(ADA, week, "☐ Set up")
    assert bot.toasts(ADA)[-1] == (
        "✅ Done: Set up Python environment (python3, venv, VSCode/PyCharm). (tap again to undo)"
    )
    shown = bot.message(ADA, week.message_id)
    assert "✅ Set up Python environment (<code>python3</code>" in shown.content
    assert "🎯 Goals ticked this week: 1/4 · goals done this month: 1/15" in shown.content
    assert shown.buttons[0] == ("✅ Set up Python environment (pyth…", "goal:1:0:0:1")
    assert await ticks(bot) == 1

    await bot.press_data(ADA, week, "goal:1:0:1:1")  # the same tick again (a double tap)
    assert await ticks(bot) == 1
    await bot.press(ADA, bot.message(ADA, week.message_id), "☐ Learn syntax")
    await bot.press(ADA, bot.message(ADA, week.message_id), "✅ Set up")  # undo
    assert bot.toasts(ADA)[-1] == (
        "Tick taken back: Set up Python environment (python3, venv, VSCode/PyCharm)."
    )
    assert await ticks(bot) == 1
    assert "• Set up Python environment" in bot.message(ADA, week.message_id).content
    await bot.press(ADA, bot.message(ADA, week.message_id), "☐ Git fundamentals")
    assert await ticks(bot) == 2

    for forged in ("goal:1:9:1:1", "goal:99:0:1:1", "goal:1:0:2:1", "goal:x"):
        await bot.press_data(ADA, week, forged)
        assert bot.toasts(ADA)[-1] == STALE_BUTTON
    assert await ticks(bot) == 2

    progress = await bot.say_one(ADA, "/progress")
    assert (
        "🎯 Goals ticked this week: 2/4 · goals done this month: 2/15 (tick them on /week)"
        in progress
    )
    await bot.tick(SUNDAY)
    recap = next(m for m in bot.sent(ADA) if "<b>Week 1 recap</b>" in m.content)
    assert (
        "🎯 Goals ticked this week: 2/4 · goals done this month: 2/15 (tick them on /week)"
        in recap.content
    )
