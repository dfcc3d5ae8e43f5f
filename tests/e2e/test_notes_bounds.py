"""Notes within bounds: at most 20 bullets a message and 100 notes a week, listed a page at a
time so every reply stays within Telegram's 4096 characters and 100 buttons."""

from __future__ import annotations

from tests.e2e.harness import Bot
from tests.e2e.test_conversation import onboard, stored_notes

ADA = 1001


def bullets(first: int, count: int) -> str:
    return "\n".join(f"- note {n}" for n in range(first, first + count))


async def test_too_many_bullets_in_one_message_store_nothing(bot: Bot) -> None:
    await onboard(bot)
    reply = await bot.say_one(ADA, bullets(1, 21))
    assert reply == (
        "⚠️ That's 21 bullets in one message; I take at most 20 at a time. Nothing was saved: "
        "send them in parts."
    )
    huge = "- x\n" * 1024  # a 4 KB message: 1,024 bullets
    assert "That's 1024 bullets in one message" in await bot.say_one(ADA, huge)
    assert "That's 21 bullets" in await bot.say_one(ADA, "/note " + bullets(1, 21))
    assert await stored_notes(bot) == []
    reply = await bot.say_one(ADA, bullets(1, 20))
    assert reply == (
        "📝 Added 20 notes. This week: 20 — well documented! 📚\n/notes shows them all."
    )


async def test_a_week_holds_a_hundred_notes_listed_a_page_at_a_time(bot: Bot) -> None:
    await onboard(bot)
    for first in range(1, 81, 20):
        await bot.say(ADA, bullets(first, 20))
    hundredth = await bot.send_and_wait(ADA, bullets(81, 20))
    reply = await bot.say_one(ADA, "/note one more")
    assert reply == (
        "⚠️ A week holds at most 100 notes; this one has 100, and 1 more would make 101. "
        "Nothing was saved."
    )
    await bot.handled(await bot.emulator.redeliver(hundredth))
    assert bot.last(ADA).content == (
        "Already recorded: those notes were saved before. Nothing was added."
    )
    assert await stored_notes(bot) == [f"note {n}" for n in range(1, 101)]

    (first_page,) = await bot.say(ADA, "/notes")
    assert first_page.content.startswith(
        "<b>Notes, plan week 1</b> (Mon 23 Nov – Sun 29 Nov) · page 1/5\n1. note 1\n2. note 2\n"
    )
    assert first_page.content.endswith("\n20. note 20")
    assert [text for text, _ in first_page.buttons] == [
        *(f"🗑 {n}" for n in range(1, 21)),
        "Next ▶",
    ]
    await bot.press(ADA, first_page, "Next ▶")
    second = bot.message(ADA, first_page.message_id)  # the same message, turned
    assert second.content.startswith(
        "<b>Notes, plan week 1</b> (Mon 23 Nov – Sun 29 Nov) · page 2/5\n21. note 21\n"
    )
    assert [text for text, _ in second.buttons] == [
        *(f"🗑 {n}" for n in range(21, 41)),
        "◀ Previous",
        "Next ▶",
    ]
    assert dict(second.buttons)["Next ▶"] == "np:2026-11-23:2"

    await bot.press(ADA, second, "🗑 21")
    assert bot.toasts(ADA)[-1] == "Deleted the note “note 21”."
    after = bot.message(ADA, first_page.message_id)  # still page 2, now from note 22
    assert "· page 2/5\n21. note 22\n" in after.content
    assert "note 21\n" not in after.content
    assert len(await stored_notes(bot)) == 99
    assert "Added 1 note. This week: 100" in await bot.say_one(ADA, "/note one more")


async def test_long_notes_make_pages_that_fit_a_message(bot: Bot) -> None:
    await onboard(bot)
    for n in range(12):
        await bot.say(ADA, f"/note {'é' * 990} {n}")
    (page,) = await bot.say(ADA, "/notes")
    assert len(page.content) <= 4096
    assert "· page 1/3\n1. " in page.content
    assert [text for text, _ in page.buttons] == ["🗑 1", "🗑 2", "🗑 3", "🗑 4", "Next ▶"]
    await bot.press(ADA, page, "Next ▶")
    await bot.press(ADA, bot.message(ADA, page.message_id), "Next ▶")
    last = bot.message(ADA, page.message_id)
    assert "· page 3/3\n9. " in last.content
    assert f"12. {'é' * 990} 11" in last.content
    assert [text for text, _ in last.buttons][-1] == "◀ Previous"
    await bot.press_data(ADA, last, "np:2026-11-23:²")  # a forged page
    assert bot.toasts(ADA)[-1] == (
        "That button no longer works; nothing was changed. Try the command again."
    )
