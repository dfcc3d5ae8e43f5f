"""Buttons nobody should be able to misuse: old reminders' buttons, forged dates, presses in
groups or by someone else, and commands meant for other bots."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.harness import Bot
from tests.e2e.test_pushes import MONDAY_REMINDER, setup, statuses

ADA = 4001


async def test_only_todays_reminder_can_be_snoozed_or_skipped(bot: Bot) -> None:
    await setup(bot)
    await bot.tick(MONDAY_REMINDER)
    monday = bot.last(ADA)
    await bot.tick(MONDAY_REMINDER + timedelta(days=1))
    tuesday = bot.last(ADA)
    assert tuesday.message_id != monday.message_id

    assert await bot.press(ADA, monday, "1 h later") == []
    assert bot.toasts(ADA)[-1] == (
        "That reminder (2026-11-30) is over: only today's reminder can be snoozed."
    )
    assert await bot.press(ADA, monday, "Skip today") == []
    assert bot.toasts(ADA)[-1] == (
        "That reminder (2026-11-30) is over: only today's reminder can be skipped."
    )
    assert "Skipped today." not in bot.message(ADA, monday.message_id).content
    await bot.press_data(ADA, tuesday, "snooze:9999-12-31")
    assert bot.toasts(ADA)[-1] == ("That button is not for today's reminder; nothing was snoozed.")
    assert await statuses(bot) == [
        ("daily", "2026-11-30", "sent"),
        ("daily", "2026-12-01", "sent"),
    ]  # no snooze stored

    await bot.press(ADA, tuesday, "1 h later")  # today's still can be
    assert bot.toasts(ADA)[-1] == "⏰ I'll remind you again at 20:00."
    assert ("snooze", "2026-12-01", "pending") in await statuses(bot)
