"""Changing an entry from /history: its hours, category and day, each change checked as /log
checks an entry, applied once per press, and said in words. Times are UTC."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from bot.db.models import LogEntry
from bot.db.uow import UnitOfWork
from tests.e2e.harness import Bot
from tests.e2e.test_plan_moves import ADA, onboard

MON2 = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Monday of plan week 2
BOB = 5002
HOW = (
    "<i>Change it with the buttons, or reply to this message with hours (1h45), a category "
    "(learning) or a day (yesterday, mon, 2026-11-30).</i>"
)


async def entries(bot: Bot) -> list[tuple[str, int, str]]:
    async with UnitOfWork(bot.engine).read() as session:
        rows = (await session.scalars(select(LogEntry).order_by(LogEntry.id))).all()
    return [(e.day.isoformat(), e.minutes, e.category) for e in rows]


async def test_an_entry_changes_its_hours_category_and_day_from_history(bot: Bot) -> None:
    await onboard(bot)
    bot.clock.set(MON2)
    await bot.say_one(ADA, "/log 1.5 practice")
    (history,) = await bot.say(ADA, "/history")
    assert history.content.startswith(
        "<b>Your last entries</b> (tap ✏️ to change one, 🗑 to delete one)"
    )
    (card,) = await bot.press(ADA, history, "✏️ 1")
    assert card.content == (
        "✏️ <b>Entry</b> · Mon 7 Dec · 1 h 30 min of practice · plan week 2, roadmap week 2\n"
        "This week: ▓░░░░░░░░░ 1 h 30 min / 12 h (pace band 10–15 h)\n" + HOW
    )
    assert [text for text, _ in card.buttons] == [
        "−15 min", "+15 min", "learning", "project", "revision", "◀ Sun 6 Dec",
    ]  # fmt: skip
    (entry_id,) = {data.split(":")[1] for _, data in card.buttons}

    await bot.press(ADA, card, "+15 min")
    assert bot.toasts(ADA)[-1] == "Changed."
    shown = bot.message(ADA, card.message_id)
    assert shown.content.startswith(
        "Changed: Mon 7 Dec · 1 h 30 min → 1 h 45 min of practice\n\n✏️ <b>Entry</b>"
    )
    await bot.press(ADA, shown, "+15 min")
    shown = bot.message(ADA, card.message_id)
    assert shown.content.startswith("Changed: Mon 7 Dec · 1 h 45 min → 2 h of practice\n")
    # The same press again (a double tap) and a button drawn before: nothing more changes.
    await bot.press_data(ADA, shown, f"ed:{entry_id}:m:105:120")
    assert bot.toasts(ADA)[-1] == "Nothing to change: the entry is already so."
    await bot.press_data(ADA, shown, f"ed:{entry_id}:m:90:105")
    assert bot.toasts(ADA)[-1] == (
        "That entry has changed since this message; here it is as it is now."
    )
    assert await entries(bot) == [("2026-12-07", 120, "practice")]

    await bot.press(ADA, bot.message(ADA, card.message_id), "learning")
    shown = bot.message(ADA, card.message_id)
    assert shown.content.startswith("Changed: Mon 7 Dec · 2 h of practice → learning\n")
    await bot.press(ADA, shown, "◀ Sun 6 Dec")
    shown = bot.message(ADA, card.message_id)
    assert shown.content.startswith(
        "Changed: Mon 7 Dec → Sun 6 Dec · 2 h of learning\n\n"
        "✏️ <b>Entry</b> · Sun 6 Dec · 2 h of learning · plan week 1, roadmap week 1\n"
        "Plan week 1: ▓▓░░░░░░░░ 2 h / 12 h"
    )
    assert [text for text, _ in shown.buttons][-2:] == ["◀ Sat 5 Dec", "Mon 7 Dec ▶"]
    assert await entries(bot) == [("2026-12-06", 120, "learning")]

    # The entry's plan and roadmap week follow its new day.
    export = await bot.say(ADA, "/export")
    assert export[-1].document is not None
    (row,) = csv.DictReader(io.StringIO(export[-1].document.decode()))
    assert (row["date"], row["hours"], row["category"]) == ("2026-12-06", "2", "learning")
    assert (row["week"], row["plan_week"], row["roadmap_week"]) == ("1", "1", "1")


async def test_a_reply_to_an_entry_sets_its_hours_or_day(bot: Bot) -> None:
    await onboard(bot)
    bot.clock.set(MON2)
    await bot.say_one(ADA, "/log 1.5 practice")
    (card,) = await bot.press(ADA, (await bot.say(ADA, "/history"))[0], "✏️ 1")
    update = await bot.emulator.send(ADA, "2h30", reply_to=card.message_id)
    await bot.handled(update)
    changed = bot.last(ADA)
    assert changed.content.startswith(
        "Changed: Mon 7 Dec · 1 h 30 min → 2 h 30 min of practice\n\n✏️ <b>Entry</b>"
    )
    before = len(bot.sent(ADA))
    await bot.handled(await bot.emulator.redeliver(update))  # the same reply, delivered twice
    (again,) = bot.sent(ADA)[before:]
    assert again.content.startswith("Nothing to change: the entry is already so.\n")
    moved = await bot.say_one(ADA, "yesterday", reply_to=card.message_id)
    assert moved.startswith("Changed: Mon 7 Dec → Sun 6 Dec · 2 h 30 min of practice\n")
    assert await bot.say_one(ADA, "hello", reply_to=card.message_id) == (
        "⚠️ “hello” changes nothing: reply with a duration (1h45), a category (learning, "
        "practice, project, revision) or a day (yesterday, mon, 2026-11-30)."
    )
    assert await entries(bot) == [("2026-12-06", 150, "practice")]


async def test_a_change_beyond_the_rules_is_refused_and_changes_nothing(bot: Bot) -> None:
    await onboard(bot)
    bot.clock.set(MON2)
    await bot.say_one(ADA, "/log 2h practice")
    await bot.say_one(ADA, "/log 12h sun")
    await bot.say_one(ADA, "/log 11h sun")
    (history,) = await bot.say(ADA, "/history")
    (card,) = await bot.press(ADA, history, "✏️ 3")  # the newest first: 2 h on Monday
    assert "Mon 7 Dec · 2 h of practice" in card.content
    (entry_id,) = {data.split(":")[1] for _, data in card.buttons}
    await bot.press(ADA, card, "◀ Sun 6 Dec")
    assert bot.toasts(ADA)[-1] == (
        "That would make 25 h on 2026-12-06, and a day has 24 h. Already logged that day "
        "besides this entry: 23 h. Nothing was changed."
    )
    await bot.press_data(ADA, card, f"ed:{entry_id}:d:2026-12-07:2026-11-29")
    assert bot.toasts(ADA)[-1] == (
        "2026-11-29 is too far back: an entry can be moved to a day from 2026-11-30 (the "
        "start of last week) up to today."
    )
    await bot.press_data(ADA, card, f"ed:{entry_id}:d:2026-12-07:2026-12-08")
    assert bot.toasts(ADA)[-1] == (
        "2026-12-08 is in the future: an entry is for a day that has been."
    )
    await bot.press_data(ADA, card, f"ed:{entry_id}:m:120:9999")
    assert bot.toasts(ADA)[-1] == (
        "An entry can be 1 min to 12 h; 166 h 39 min is not. Nothing was changed."
    )
    await bot.press_data(ADA, card, f"ed:{entry_id}:c:practice:cooking")
    assert bot.toasts(ADA)[-1] == "“cooking” is not a category."
    await bot.press_data(ADA, card, f"ed:{entry_id}:c:practice:<b>")  # not data a button has
    assert bot.toasts(ADA)[-1] == (
        "That button no longer works; nothing was changed. Try the command again."
    )
    refused = await bot.say_one(ADA, "13h", reply_to=card.message_id)
    assert refused.startswith("⚠️ A single entry can be at most 12 h;")
    assert bot.message(ADA, card.message_id).content == card.content  # left as it was
    assert await entries(bot) == [
        ("2026-12-07", 120, "practice"),
        ("2026-12-06", 720, "revision"),  # Sunday's focus
        ("2026-12-06", 660, "revision"),
    ]

    # Someone else's entry cannot be opened or changed, even with forged buttons.
    await bot.say(BOB, "/start")
    (own,) = await bot.say(BOB, "/history")
    await bot.press_data(BOB, own, f"en:{entry_id}")
    assert bot.toasts(BOB)[-1] == "That's no longer there (or isn't yours); nothing was changed."
    await bot.press_data(BOB, own, f"ed:{entry_id}:m:120:60")
    assert bot.toasts(BOB)[-1] == "That's no longer there (or isn't yours); nothing was changed."
    assert (await entries(bot))[0] == ("2026-12-07", 120, "practice")


async def test_odd_replies_to_an_entry_get_a_short_specific_answer(bot: Bot) -> None:
    await onboard(bot)
    bot.clock.set(MON2)
    await bot.say_one(ADA, "/log 1.5 practice <b>&amp; שלום 🐍")
    (card,) = await bot.press(ADA, (await bot.say(ADA, "/history"))[0], "✏️ 1")
    assert "📝 &lt;b&gt;&amp;amp; שלום 🐍" in card.content
    for odd in ("🐍" * 2000, "<script>alert(1)</script>", "0", "-1", "tomorrow"):
        answer = await bot.say_one(ADA, odd, reply_to=card.message_id)
        assert answer.startswith("⚠️ ")
        assert len(answer) < 400
    negative = await bot.say_one(ADA, "-1", reply_to=card.message_id)
    assert negative == "⚠️ Hours can't be negative. To remove an entry, use /undo or /history."
    assert await entries(bot) == [("2026-12-07", 90, "practice")]
