"""Your own week (/days): the free day and the long session move, and the reminders, targets
and recap follow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import Bot
from tests.e2e.test_plan_moves import ADA, MON, category_lines, onboard


async def test_a_week_with_monday_free_and_the_long_session_on_sunday(bot: Bot) -> None:
    await onboard(bot)
    (menu,) = await bot.say(ADA, "/days")
    assert "Friday: free" in menu.content
    await bot.press(ADA, menu, "Long Sun")
    edited = bot.message(ADA, menu.message_id)
    assert edited.content.startswith(
        "🗓 Your week for your whole plan: Friday free, the long session on Sunday."
    )
    assert "Saturday: Testing + reviewing previous week’s code — 2 h · revision" in edited.content
    changed = await bot.say_one(ADA, "/days free mon")
    assert changed.startswith("🗓 Your week for your whole plan: Monday free, the long session")
    assert "Friday: Mini-project work (core functionality) — 1 h 30 min · project" in changed
    refused = await bot.say_one(ADA, "/days free sun")
    assert refused == (
        "⚠️ Sunday holds your long session. Move it first (/days long …), then make another "
        "day free."
    )
    # The week follows: no reminder on Monday, one on each other day, Done meets every target.
    days_with_reminders = []
    for day in range(7):
        before = len(bot.sent(ADA))
        at = MON.replace(hour=18) + timedelta(days=day)
        await bot.tick(at)
        for message in bot.sent(ADA)[before:]:
            if "Study time" in message.content:
                days_with_reminders.append(at.strftime("%a"))
                await bot.press(ADA, message, "Done")
    assert days_with_reminders == ["Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    progress = await bot.say_one(ADA, "/progress")
    assert "🎯 This week's target is reached." in progress
    assert all("✓" in line for line in category_lines(progress))
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 6, 20, 0, tzinfo=UTC))
    recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
    assert "Mon 30 Nov: free" in recap.content
    assert "Sun 6 Dec: 4 h / 4 h ✓" in recap.content
