"""The portfolio end to end: the link after ✅ Shipped, /ship, /portfolio, the milestone's
projects, the /export row, and the capstone question."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.db.models import Learner, ProjectAnswer
from bot.db.uow import UnitOfWork
from bot.texts.messages import STALE_BUTTON
from tests.e2e.harness import Bot
from tests.e2e.seeding import seed_learners
from tests.e2e.test_pushes import MONDAY_REMINDER, setup, statuses

ADA = 4101
SUNDAY = datetime(2026, 12, 6, 19, 0, tzinfo=UTC)  # 20:00 in Berlin: plan week 1's recap
WEEK_1 = "Python Basics, Environment &amp; Git Foundations"
WEEK_3 = "OOP &amp; Error Handling"
WEEK_4 = "Files, JSON, Logging &amp; Testing"
CALC = "https://github.com/ada/calc?tab=readme&x=1"


async def links(bot: Bot, chat: int = ADA) -> dict[int, tuple[bool, str | None]]:
    async with UnitOfWork(bot.engine).read() as session:
        learner = await session.scalar(select(Learner).where(Learner.chat_id == chat))
        assert learner is not None
        rows = await session.scalars(
            select(ProjectAnswer).where(ProjectAnswer.learner_id == learner.id)
        )
        return {a.roadmap_week: (a.shipped, a.link) for a in rows}


async def test_the_portfolio_in_portfolio_the_milestone_and_export(bot: Bot) -> None:
    await setup(bot, ADA)
    for day in range(28):  # 10 h in each of the first four weeks
        bot.clock.set(MONDAY_REMINDER - timedelta(hours=6) + timedelta(days=day))
        if day % 7 in (0, 1, 2, 3, 5):
            await bot.say(ADA, "/log 2")
        if day == 1:
            await bot.say(ADA, "/note pathlib beats os.path\nf-strings: {x!r} & <b>")
        if day == 8:
            await bot.say(ADA, "/note git rebase -i squashes my messy commits before a PR")
        if day == 15:
            await bot.say(ADA, "/note ok")
    bot.errors.records.clear()

    await bot.tick(SUNDAY)
    recap = next(m for m in bot.sent(ADA) if "<b>Week 1 recap</b>" in m.content)
    (question,) = await bot.press(ADA, recap, "Shipped")
    assert bot.toasts(ADA)[-1] == "🚀 Week 1's project marked as shipped. Nice!"  # as before
    assert question.content == (
        f"🔗 Link to week 1's project ({WEEK_1})? Reply to this message with its URL (a "
        "repository or a deployed app), or “no link”."
    )
    bad = await bot.say_one(ADA, "javascript:alert(1)", reply_to=question.message_id)
    assert bad == (
        "⚠️ “javascript:alert(1)” isn't a web link: send an http:// or https:// address, e.g. "
        "https://github.com/you/calculator. Or reply “no link”. Nothing was saved."
    )
    assert await links(bot) == {1: (True, None)}
    saved = await bot.say_one(ADA, CALC, reply_to=question.message_id)
    assert saved == (
        f"🔗 Week 1's project ({WEEK_1}): https://github.com/ada/calc?tab=readme&amp;x=1 "
        "saved.\n/portfolio lists every shipped project."
    )
    assert await links(bot) == {1: (True, CALC)}  # stored as given

    # Bad /ship input: a specific answer each, and nothing stored.
    assert await bot.say_one(ADA, "/ship notaurl") == (
        "⚠️ “notaurl” isn't a web link: send an http:// or https:// address, e.g. "
        "https://github.com/you/calculator. Nothing was saved."
    )
    assert await bot.say_one(ADA, "/ship 99 https://x.y") == (
        "⚠️ There is no roadmap week 99: the roadmap has weeks 1–24. Nothing was saved."
    )
    assert await bot.say_one(ADA, "/ship 9 https://x.y") == (
        "⚠️ Roadmap week 9 hasn't started for you yet (you're on roadmap week 1). Nothing was saved."
    )
    assert await bot.say_one(ADA, "/ship") == (
        "⚠️ Use /ship URL for your latest shipped project, or /ship WEEK URL (a roadmap week)."
    )
    assert await links(bot) == {1: (True, CALC)}

    await bot.tick(SUNDAY + timedelta(weeks=1))
    recap = next(m for m in bot.sent(ADA) if "<b>Week 2 recap</b>" in m.content)
    assert await bot.press(ADA, recap, "Not yet") == []  # no link asked for
    await bot.tick(SUNDAY + timedelta(weeks=2))
    recap = next(m for m in bot.sent(ADA) if "<b>Week 3 recap</b>" in m.content)
    (question,) = await bot.press(ADA, recap, "Shipped")
    no_link = await bot.say_one(ADA, "No link", reply_to=question.message_id)
    assert no_link == (
        f"👍 Week 3's project ({WEEK_3}) is in your portfolio without a link. "
        "<code>/ship 3 URL</code> adds one later."
    )
    closing = SUNDAY + timedelta(weeks=3)  # plan week 4's recap closes month 1
    await bot.tick(closing)
    recap = next(m for m in bot.sent(ADA) if "<b>Week 4 recap</b>" in m.content)
    await bot.press(ADA, recap, "Shipped wk 4")
    shipped = await bot.say_one(ADA, "/ship https://ada.dev/todo?q=<b>")
    assert shipped == (
        f"🔗 Week 4's project ({WEEK_4}): https://ada.dev/todo?q=&lt;b&gt; saved.\n"
        "/portfolio lists every shipped project."
    )
    await bot.tick(closing + timedelta(minutes=1))
    milestone = bot.last(ADA)
    assert "Month 1 milestone" in milestone.content
    assert (
        "Projects shipped this month: 3/4\n"
        f"• Plan week 1 · roadmap week 1: <b>{WEEK_1}</b>\n"
        "   https://github.com/ada/calc?tab=readme&amp;x=1 · shipped Sunday 6 Dec 2026\n"
        f"• Plan week 3 · roadmap week 3: <b>{WEEK_3}</b>\n"
        "   no link yet · shipped Sunday 20 Dec 2026\n"
        f"• Plan week 4 · roadmap week 4: <b>{WEEK_4}</b>\n"
        "   https://ada.dev/todo?q=&lt;b&gt; · shipped Sunday 27 Dec 2026\n"
        "🎯 Goals done this month: 0/15\n"
        "📝 Notes this month: 4 (target 12–20: 3–5 a week)\n"
        "<b>Talking points</b> (your longest notes):\n"
        "• git rebase -i squashes my messy commits before a PR\n"
        "• f-strings: {x!r} &amp; &lt;b&gt;\n"
        "• pathlib beats os.path"
    ) in milestone.content
    assert ("milestone", "month-1", "sent") in await statuses(bot, ADA)

    corrected = await bot.say_one(ADA, "/ship 1 https://gitlab.com/ada/calc")
    assert corrected == (
        f"🔗 Week 1's project ({WEEK_1}): link changed from "
        "https://github.com/ada/calc?tab=readme&amp;x=1 to https://gitlab.com/ada/calc.\n"
        "/portfolio lists every shipped project."
    )
    assert await bot.say_one(ADA, "/portfolio") == (
        "🗂 <b>Your portfolio</b> · 3 shipped projects\n\n"
        f"1. Plan week 1 · roadmap week 1: <b>{WEEK_1}</b>\n"
        "   https://gitlab.com/ada/calc · shipped Sunday 6 Dec 2026\n"
        f"2. Plan week 3 · roadmap week 3: <b>{WEEK_3}</b>\n"
        "   no link yet · shipped Sunday 20 Dec 2026\n"
        f"3. Plan week 4 · roadmap week 4: <b>{WEEK_4}</b>\n"
        "   https://ada.dev/todo?q=&lt;b&gt; · shipped Sunday 27 Dec 2026\n\n"
        "<code>/ship WEEK URL</code> adds or corrects a link."
    )

    (document,) = await bot.say(ADA, "/export")
    assert document.document is not None
    rows = list(csv.reader(io.StringIO(document.document.decode("utf-8"))))
    assert rows[0] == [
        "type", "date", "week", "hours", "category", "text", "plan_week", "roadmap_week", "link",
    ]  # fmt: skip
    assert [r for r in rows if r[0] == "project"] == [
        ["project", "2026-12-06", "1", "", "", "Python Basics, Environment & Git Foundations: "
         "shipped", "1", "1", "https://gitlab.com/ada/calc"],
        ["project", "2026-12-13", "2", "", "", "Data Structures, Modules & Git Workflow: not yet",
         "2", "2", ""],
        ["project", "2026-12-20", "3", "", "", "OOP & Error Handling: shipped", "3", "3", ""],
        ["project", "2026-12-27", "4", "", "", "Files, JSON, Logging & Testing: shipped", "4", "4",
         "https://ada.dev/todo?q=<b>"],
    ]  # fmt: skip


async def test_an_empty_portfolio_says_how_it_fills(bot: Bot) -> None:
    await setup(bot, ADA)
    assert await bot.say_one(ADA, "/portfolio") == (
        "🗂 <b>Your portfolio</b> is empty so far. Each weekly recap asks about the week's "
        "project: ✅ Shipped puts it here, with its link."
    )
    assert await bot.say_one(ADA, "/ship https://github.com/ada/calc") == (
        "⚠️ No project is marked as shipped yet: use /ship WEEK URL with its roadmap week. "
        "Nothing was saved."
    )
    assert await bot.say_one(ADA, "/ship 1 ftp://example.com/calc") == (
        "⚠️ “ftp://example.com/calc” isn't a web link: send an http:// or https:// address, "
        "e.g. https://github.com/you/calculator. Nothing was saved."
    )


BEN = 4102
# Monday 30 Nov 2026 is in Ben's plan week 22: the week before roadmap week 23, the capstone.
BEN_REMINDER = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
BEN_START = date(2026, 11, 30) - timedelta(weeks=21)


async def test_the_capstone_question_once_then_the_weeks_name_the_choice(bot: Bot) -> None:
    await seed_learners(bot.engine, [BEN], BEN_REMINDER, BEN_START)
    bot.emulator.chat(BEN)
    await bot.tick(BEN_REMINDER)
    reminder, question = bot.sent(BEN)  # the question right after the week's first reminder
    assert "<b>Plan week 22/24</b> · roadmap week 22" in reminder.content
    assert question.content == (
        "🎓 <b>Your capstone</b>: the last two roadmap weeks build one full backend app. "
        "Which one will you take?\n"
        "1. Personal Finance Tracker API\n"
        "2. Project Management Backend\n"
        "3. E-commerce REST API"
    )
    assert question.buttons == [
        ("Personal Finance Tracker API", "cap:1"),
        ("Project Management Backend", "cap:2"),
        ("E-commerce REST API", "cap:3"),
    ]
    (chosen,) = await bot.press(BEN, question, "Project Management")
    assert chosen.content == (
        "🎓 Your capstone: <b>Project Management Backend</b>. Your reminders and recaps of the "
        "capstone weeks will name it; /capstone changes it."
    )
    assert ("capstone", "capstone", "sent") in await statuses(bot, BEN)
    await bot.tick(BEN_REMINDER + timedelta(days=1))  # asked once: only Tuesday's reminder
    assert "Study time" in bot.last(BEN).content
    assert [k for k, _p, _s in await statuses(bot, BEN)].count("capstone") == 1

    monday = BEN_REMINDER + timedelta(weeks=1)  # plan week 23: the capstone
    await bot.tick(monday)
    reminder = bot.last(BEN)
    assert "roadmap week 23" in reminder.content
    assert "Project: your capstone, <b>Project Management Backend</b>" in reminder.content
    bot.clock.set(monday + timedelta(days=6, hours=1))
    _chart, recap, *_ = await bot.say(BEN, "/recap")
    assert "<b>Week 23 recap</b>" in recap.content
    assert (
        "<b>Project, week 23</b>: your capstone, <b>Project Management Backend</b>" in recap.content
    )

    again = await bot.say_one(BEN, "/capstone")
    assert again.endswith("\nYour choice so far: <b>Project Management Backend</b>.")
    assert (await bot.press_data(BEN, bot.last(BEN), "cap:7")) == []  # no such option
    assert bot.toasts(BEN)[-1] == STALE_BUTTON


async def test_a_link_sent_without_reply_goes_to_the_latest_shipped_project(bot: Bot) -> None:
    await setup(bot, ADA)
    bot.clock.set(SUNDAY)
    # Before any project is shipped a bare link is not taken for anything.
    assert await bot.say_one(ADA, "https://github.com/ada/calc") == (
        "⚠️ No project is marked as shipped yet: use /ship WEEK URL with its roadmap week. "
        "Nothing was saved."
    )
    await bot.tick(SUNDAY)
    recap = next(m for m in bot.sent(ADA) if "<b>Week 1 recap</b>" in m.content)
    await bot.press(ADA, recap, "Shipped")
    # On a phone the link is often sent as a message of its own, not as a reply.
    assert await bot.say_one(ADA, "https://github.com/ada/calc") == (
        f"🔗 Week 1's project ({WEEK_1}): https://github.com/ada/calc saved.\n"
        "/portfolio lists every shipped project."
    )
    assert await links(bot) == {1: (True, "https://github.com/ada/calc")}
    # Text that merely holds a link is not one.
    assert "I didn't catch that" in await bot.say_one(ADA, "see https://github.com/ada/calc")


async def test_shipped_tapped_twice_asks_for_the_link_once_and_keeps_the_date(bot: Bot) -> None:
    await setup(bot, ADA)
    await bot.tick(SUNDAY)
    recap = next(m for m in bot.sent(ADA) if "<b>Week 1 recap</b>" in m.content)
    (question,) = await bot.press(ADA, recap, "Shipped")
    assert question.content.startswith("🔗 Link to week 1's project")
    bot.clock.set(SUNDAY + timedelta(days=2))
    assert await bot.press_data(ADA, recap, "proj:1:1") == []  # a double tap, or an old copy
    assert bot.toasts(ADA)[-1] == "🚀 Week 1's project marked as shipped. Nice!"
    async with UnitOfWork(bot.engine).read() as session:
        answer = await session.scalar(select(ProjectAnswer))
    assert answer is not None
    assert (answer.shipped, answer.answered_at) == (True, SUNDAY)


async def test_no_link_sent_without_reply_answers_the_link_question(bot: Bot) -> None:
    await setup(bot, ADA)
    bot.clock.set(SUNDAY)
    # Before any project is shipped "no link" answers nothing.
    assert "I didn't catch that" in await bot.say_one(ADA, "no link")
    await bot.tick(SUNDAY)
    recap = next(m for m in bot.sent(ADA) if "<b>Week 1 recap</b>" in m.content)
    await bot.press(ADA, recap, "Shipped")
    for said in ("no link", "No link.", "NO LINK!"):
        assert await bot.say_one(ADA, said) == (
            f"👌 OK: week 1's project ({WEEK_1}) stays without a link. "
            "<code>/ship URL</code> adds one later."
        )
    assert await links(bot) == {1: (True, None)}
    # Once it has a link, "no link" takes nothing away.
    await bot.say(ADA, "https://github.com/ada/calc")
    assert "I didn't catch that" in await bot.say_one(ADA, "no link")
    assert await links(bot) == {1: (True, "https://github.com/ada/calc")}
