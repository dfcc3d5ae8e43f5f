"""Buttons nobody should be able to misuse: old reminders' buttons, forged dates, presses in
groups or by someone else, and commands meant for other bots."""

from __future__ import annotations

from datetime import time, timedelta

from bot.db import repo
from bot.db.uow import UnitOfWork
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


async def test_buttons_act_only_in_their_owners_private_chat(bot: Bot) -> None:
    group = -5005
    bot.emulator.chat(group, "Team", group=True)
    (pointer,) = await bot.say(group, "/settings")
    await bot.press_data(group, pointer, "remind:07:00")
    await bot.press_data(group, pointer, "pause:open")
    assert (
        bot.toasts(group)
        == ["Buttons work only in your own private chat with me; nothing was changed."] * 2
    )
    async with UnitOfWork(bot.engine).read() as session:
        assert await repo.learner_by_chat(session, group) is None
    before = len(bot.sent(group))
    await bot.tick(MONDAY_REMINDER + timedelta(days=7))
    assert len(bot.sent(group)) == before  # nothing pushed into the group

    await setup(bot)  # reminders at 19:00
    settings = (await bot.say(ADA, "/settings"))[0]
    update_id = await bot.emulator.press(
        ADA, settings.message_id, "remind:07:00", from_user=ADA + 1
    )
    await bot.handled(update_id)
    assert bot.toasts(ADA)[-1] == (
        "Buttons work only in your own private chat with me; nothing was changed."
    )
    async with UnitOfWork(bot.engine).read() as session:
        ada = await repo.learner_by_chat(session, ADA)
        assert ada is not None
        assert ada.reminder_time == time(19, 0)
        assert await repo.learner_by_chat(session, ADA + 1) is None


async def test_in_a_group_only_commands_for_this_bot_are_answered(bot: Bot) -> None:
    group = -5005
    bot.emulator.chat(group, "Team", group=True)
    assert await bot.say(group, "/help@OtherBot") == []
    assert await bot.say(group, "/log@OtherBot 2") == []
    (reply,) = await bot.say(group, "/help@roadmap_coach_bot")
    assert reply.content == (
        "I coach one person at a time: talk to me in a private chat, and your hours and notes "
        "stay yours."
    )
    (reply,) = await bot.say(group, "/today")
    assert "talk to me in a private chat" in reply.content
    help_text = await bot.say_one(ADA, "/help@roadmap_coach_bot")
    assert help_text.startswith("<b>Roadmap Coach</b>")
    assert help_text == await bot.say_one(ADA, "/help")
