"""The conversation end to end: the real bot over HTTP against the Bot API emulator."""

from __future__ import annotations

import asyncio
import csv
import html
import io
from datetime import date

import pytest
from sqlalchemy import func, select
from telegram.error import BadRequest

from bot.db import notes as note_rows
from bot.db import plans, repo
from bot.db.models import Base, Learner, OnboardingStep
from bot.db.uow import UnitOfWork
from bot.telegram.rules import html_to_plain
from tests.e2e.harness import START, Bot

ADA = 1001
TODAY = START.date()  # Saturday 28 Nov 2026
MONDAY = date(2026, 11, 23)


async def onboard(bot: Bot, chat: int = ADA) -> None:
    """Standard pace, this Monday, Europe/Berlin, 19:30 reminders — all by buttons."""
    await bot.say(chat, "/start")
    await bot.press(chat, bot.last(chat), "Standard")
    await bot.press(chat, bot.last(chat), "This Monday")
    await bot.press(chat, bot.last(chat), "Europe/Berlin")
    await bot.press(chat, bot.last(chat), "20:00")


async def stored_minutes(bot: Bot, chat: int = ADA) -> int:
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, chat)
        return 0 if learner is None else await repo.total_minutes(session, learner.id)


async def stored_notes(bot: Bot, chat: int = ADA) -> list[str]:
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, chat)
        if learner is None:
            return []
        return [n.text for n in await note_rows.all_notes(session, learner.id)]


async def test_onboarding_by_buttons(bot: Bot) -> None:
    welcome, pace_question = await bot.say(ADA, "/start")
    assert "Hi Ada" in welcome.content
    assert "1/4" in pace_question.content
    assert [text for text, _ in pace_question.buttons] == [
        "Standard · 10–15 h/wk",
        "Accelerated · 20–25 h/wk",
        "Slow/Part-Time · 6–8 h/wk",
    ]

    (start_question,) = await bot.press(ADA, pace_question, "Accelerated")
    answered = bot.message(ADA, pace_question.message_id)
    assert "Accelerated" in answered.content
    assert answered.buttons == []
    assert "2/4" in start_question.content
    assert [text for text, _ in start_question.buttons] == [
        "Next Monday (Mon 30 Nov)",
        "This Monday (Mon 23 Nov)",
        "Today (Sat 28 Nov)",
    ]

    (zone_question,) = await bot.press(ADA, start_question, "Next Monday")
    assert "Monday 30 Nov 2026" in bot.message(ADA, start_question.message_id).content
    (reminder_question,) = await bot.press(ADA, zone_question, "Asia/Kolkata")
    assert "Asia/Kolkata" in bot.message(ADA, zone_question.message_id).content
    (summary,) = await bot.press(ADA, reminder_question, "07:00")
    assert "All set" in summary.content
    assert "Accelerated · start Monday 30 Nov 2026 · Asia/Kolkata · reminders 07:00" in (
        summary.content
    )
    assert "Your plan starts on <b>Monday 30 Nov 2026</b> (in 2 days)" in summary.content

    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        assert (learner.start_date, learner.timezone) == (date(2026, 11, 30), "Asia/Kolkata")
        segments = await plans.segments_of(session, learner.id)
        assert [(s.from_week, s.pace) for s in segments] == [(1, "accelerated")]
        assert learner.reminder_time is not None
        assert learner.reminder_time.strftime("%H:%M") == "07:00"
        assert learner.onboarding is OnboardingStep.DONE


async def test_typed_answers_and_a_wrong_one(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.say(ADA, "part-time")
    replies = await bot.say(ADA, "2026-13-01")
    assert "not a real date" in replies[0].content
    assert "2/4" in replies[1].content  # asked again
    await bot.say(ADA, "2026-11-23")
    problem, again = await bot.say(ADA, "Atlantis/Lost")
    assert "don't know the time zone" in problem.content
    assert "3/4" in again.content
    await bot.say(ADA, "+05:30")
    confirmation, summary = await bot.say(ADA, "21:15")
    assert "21:15" in confirmation.content
    assert "Slow/Part-Time · start Monday 23 Nov 2026 · UTC+05:30 · reminders 21:15" in (
        summary.content
    )


async def test_commands_work_before_onboarding_with_the_defaults(bot: Bot) -> None:
    await bot.say(ADA, "/start")  # and no setup question answered
    text = await bot.say_one(ADA, "/today")
    # Standard pace, starting next Monday (30 Nov: it is Saturday), UTC.
    assert text.startswith("Your plan starts on <b>Monday 30 Nov 2026</b> (in 2 days).")
    assert "Python Basics" in text
    settings = await bot.say_one(ADA, "/settings")
    assert "Daily reminder: 18:00" in settings
    assert "Time zone: UTC" in settings


async def test_full_journey(bot: Bot) -> None:
    await onboard(bot)

    today = await bot.say_one(ADA, "/today")
    assert "<b>Plan week 1/24</b> · roadmap week 1" in today
    assert "Python Basics, Environment &amp; Git Foundations" in today
    assert (
        "Saturday: <b>Project build + documentation</b> — 6 h (4 h planned + 2 h to catch up)"
        " · project" in today
    )
    assert "Simple CLI Calculator using <code>argparse</code>" in today
    assert "This week: ░░░░░░░░░░ 0 min / 12 h (pace band 10–15 h)" in today
    assert "💡" in today

    logged = await bot.say_one(ADA, "/log 1.5")
    assert "Logged <b>1 h 30 min</b> of project for today" in logged
    assert "1 h 30 min / 12 h" in logged
    logged = await bot.say_one(ADA, "/log 1h30m practice yesterday list comprehensions")
    assert "Logged <b>1 h 30 min</b> of practice for Fri 27 Nov" in logged
    assert "📝 list comprehensions" in logged
    assert "3 h / 12 h" in logged
    logged = await bot.say_one(ADA, "90m learning mon")
    assert "start with /log: <code>/log 90m learning mon</code>" in logged  # not logged
    logged = await bot.say_one(ADA, "/log 90m learning mon")
    assert "for Mon 23 Nov" in logged
    assert "4 h 30 min / 12 h" in logged
    logged = await bot.say_one(ADA, "2")
    assert "Logged <b>2 h</b> of project for today" in logged
    assert "6 h 30 min / 12 h" in logged
    assert await stored_minutes(bot) == 390

    week = await bot.say_one(ADA, "/week")
    assert "• Set up Python environment (<code>python3</code>" in week
    assert "▶ Sat 28 Nov: 4 h project — Project build + documentation · logged 3 h 30 min" in week
    assert (
        "Mon 23 Nov: 1 h 30 min learning — Reading / watching tutorials for week’s topic · "
        "logged 1 h 30 min ✓" in week
    )
    assert "Fri 27 Nov: free · logged 1 h 30 min" in week

    plan = await bot.say_one(ADA, "/plan")
    assert (
        "▶ <b>1. Mon 23 Nov · wk 1: Python Basics, Environment &amp; Git Foundations</b> "
        "← you are here" in plan
    )
    assert "· 24. Mon 3 May · wk 24: Capstone Execution" in plan
    assert "Planned finish: Sunday 9 May 2027" in plan

    progress = await bot.say_one(ADA, "/progress")
    assert "6 h 30 min / 12 h" in progress
    # 5 h 30 min left, but Sunday can take at most 1.5× its 2 h: 3 h.
    assert "Left this week: 5 h 30 min — today 2 h 30 min, Sun 29 Nov 3 h" in progress
    assert (
        "• Hands-on Coding Practice: 1 h 30 min / 1 h 30 min ✓ <i>(roadmap 4–6 h)</i>" in progress
    )
    assert "• Project Work: 3 h 30 min / 5 h 30 min <i>(roadmap 3–4 h)</i>" in progress
    assert "Total so far: <b>6 h 30 min</b> — month 1 checkpoint: 40–60 h" in progress
    assert "🔥 Streak: 0 weeks in a row at your pace's minimum" in progress

    added = await bot.say_one(ADA, "- decorators wrap functions\n• context managers")
    assert "Added 2 notes. This week: 2 — aim for 3–5." in added

    chart, recap, prompt = await bot.say(ADA, "/recap")
    assert chart.photo is not None
    assert chart.photo.startswith(b"\x89PNG")
    assert "Week 1 recap</b> · Mon 23 Nov – Sun 29 Nov" in recap.content
    # Saturday: the week still has Sunday to come.
    assert "🕒 <b>6 h 30 min of 12 h</b> so far — the week runs to Sun 29 Nov." in recap.content
    assert "Hours: ▓▓▓▓▓░░░░░ 6 h 30 min / 12 h (pace band 10–15 h)" in recap.content
    assert "Sat 28 Nov: 3 h 30 min / 4 h" in recap.content
    assert "• context managers" in recap.content
    assert (
        "Next week (roadmap week 2): <b>Data Structures, Modules &amp; Git Workflow</b>"
        in recap.content
    )
    assert [text for text, _ in recap.buttons] == ["✅ Shipped wk 1", "Not yet"]
    assert prompt.content.startswith("📝 Write your notes")
    await bot.press(ADA, recap, "Shipped")
    assert bot.toasts(ADA)[-1] == "🚀 Week 1's project marked as shipped. Nice!"
    answered = bot.message(ADA, recap.message_id)
    assert answered.buttons == []  # answered: no question left, and the recap says the answer
    assert html_to_plain(answered.content) == html_to_plain(recap.content).replace(
        "\nDid you ship it? Tap below.\n", "\n✅ Shipped — well done.\n"
    )
    assert "Tap below" not in answered.content
    added = await bot.say_one(
        ADA, "async is cooperative\npytest fixtures", reply_to=prompt.message_id
    )
    assert "Added 2 notes. This week: 4 — well documented!" in added
    added = await bot.say_one(ADA, "/note git rebase vs merge")
    assert "This week: 5 — well documented!" in added
    notes = await bot.say_one(ADA, "/notes")
    assert "1. decorators wrap functions\n2. context managers\n3. async is cooperative" in notes
    assert "5. git rebase vs merge" in notes
    last_week = await bot.say_one(ADA, "/notes last")
    assert "No notes last week" in last_week
    _chart, recap_again = await bot.say(ADA, "/recap")  # 5 notes: no prompt this time
    assert "Project, week 1</b>: Simple CLI Calculator" in recap_again.content
    assert "GitHub push.\n✅ Shipped — well done.\n🔥 Streak" in recap_again.content
    assert recap_again.buttons == []

    (history,) = await bot.say(ADA, "/history")
    # The time of day tells apart entries for the same day (Berlin is UTC+1).
    assert "1. Sat 28 Nov · 2 h project · logged 11:00" in history.content
    assert "2. Mon 23 Nov · 1 h 30 min learning · logged Sat 28 Nov 11:00" in history.content
    assert [text for text, _ in history.buttons] == [
        *(f"✏️ {n}" for n in range(1, 5)),
        *(f"🗑 {n}" for n in range(1, 5)),
    ]
    await bot.press(ADA, history, "🗑 1")
    assert bot.toasts(ADA)[-1] == "Deleted 2 h on Sat 28 Nov."
    refreshed = bot.message(ADA, history.message_id)
    assert "1. Mon 23 Nov · 1 h 30 min learning" in refreshed.content
    assert len(refreshed.buttons) == 6
    assert await stored_minutes(bot) == 270

    undone = await bot.say_one(ADA, "/undo")
    assert "Removed 1 h 30 min of learning on Mon 23 Nov" in undone
    assert "3 h / 12 h" in undone

    changed = await bot.say_one(ADA, "/pace part-time")
    assert changed == (
        "Pace: <b>Slow/Part-Time</b> (6–8 h a week). Your plan: 36 plan weeks, ending Sunday "
        "1 Aug 2027. At the Slow/Part-Time pace a plan week covers two thirds of a roadmap week."
    )
    changed = await bot.say_one(ADA, "/startdate 2026-11-16")
    assert changed == "Start date: <b>Monday 16 Nov 2026</b>. Week 1: Mon 16 Nov – Sun 22 Nov."
    assert "Plan week 2/36</b> · roadmap weeks 1–2" in await bot.say_one(ADA, "/today")
    assert "Time zone: <b>America/New_York</b>" in await bot.say_one(
        ADA, "/timezone america/new_york"
    )
    assert "Daily reminders: <b>off</b>" in await bot.say_one(ADA, "/remind off")
    assert "Daily reminder: <b>06:45</b>" in await bot.say_one(ADA, "/remind 6:45")
    assert "Weekly recap: <b>Friday 18:30</b>" in await bot.say_one(ADA, "/recaptime fri 18:30")

    paused = await bot.say_one(ADA, "/pause 3")
    back = "through Monday 30 Nov 2026; back on Tuesday 1 Dec 2026"
    assert paused.startswith(f"⏸ Paused for 3 days, {back}. /resume to come back sooner.")
    assert f"⏸ Paused {back}. No reminders meanwhile" in await bot.say_one(ADA, "/today")
    assert f"Status: paused {back}\n" in await bot.say_one(ADA, "/settings")
    assert await bot.say_one(ADA, "/pause") == (
        f"⚠️ You're already paused {back}. Use /resume to continue."
    )
    assert "Welcome back!" in await bot.say_one(ADA, "/resume")
    assert "not paused" in await bot.say_one(ADA, "/resume")

    settings = await bot.say_one(ADA, "/settings")
    assert "Pace: Slow/Part-Time (6–8 h/week)" in settings
    assert "Daily reminder: 06:45" in settings
    assert "Weekly recap: Friday 18:30" in settings
    menu = bot.last(ADA)
    await bot.press(ADA, menu, "Pace")
    assert "<b>Your pace</b> — how many hours" in bot.message(ADA, menu.message_id).content
    assert "1/4" not in bot.message(ADA, menu.message_id).content  # not a setup step here
    await bot.press(ADA, bot.message(ADA, menu.message_id), "Standard")
    assert "Pace: <b>Standard</b>" in bot.message(ADA, menu.message_id).content

    help_text = await bot.say_one(ADA, "/help")
    for command in ("/today", "/log", "/undo", "/history", "/notes", "/export", "/forget"):
        assert command in help_text
    assert [c["command"] for c in bot.emulator.commands][:3] == ["today", "log", "week"]


async def test_bad_inputs_get_a_specific_answer_and_store_nothing(bot: Bot) -> None:
    await onboard(bot)
    await bot.say(ADA, "/log 10")
    await bot.say(ADA, "/log 10")  # 20 h today
    cases = {
        "/log abc": "“abc” is not a duration",
        "/log": "Tell me how long you worked",
        "/log 0": "That's 0 hours",
        "/log -2": "can't be negative",
        "/log 1e9": "“1e9” is not a duration",
        "/log 25": "A single entry can be at most 12 h",
        "/log 30": (
            "⚠️ A single entry can be at most 12 h; “30” is 30 h — did you mean 30 min? "
            "Send /log 30m."
        ),
        "/log 12h30": "A single entry can be at most 12 h",
        "/log 12 yesterday": None,  # fine on its own: 12 h yesterday
        "/log 5 today": "That would make 25 h on 2026-11-28, and a day has 24 h",
        "/log 1 2026-11-01": "too far back",
        "/log 1 2027-01-01": "in the future",
        "/timezone Mars/Olympus": "I don't know the time zone “Mars/Olympus”",
        "/remind 25:61": "“25:61” is not a time of day",
        "/recaptime someday 20:00": "is not a day of the week",
        "/startdate 2026-02-30": "not a real date",
        "/pace turbo": "There is no pace called “turbo”",
        "/pause x": "“x” is not a number: give a number of days from 1 to 365.",
        "/pause ²": "“²” is not a number: give a number of days from 1 to 365.",
        "/pause 0": "“0” is out of range: give a number of days from 1 to 365.",
        "/timezone 18:00": "“18:00” is not a time zone: an offset needs its sign",
        "/note": "The note is empty",
        "/note " + "x" * 1001: "at most 1000 characters",
        "/notes yesterday": "Use /notes for this week",
    }
    for text, says in cases.items():
        before_minutes, before_notes = await stored_minutes(bot), await stored_notes(bot)
        reply = await bot.say_one(ADA, text)
        if says is None:
            continue
        assert says in reply, (text, reply)
        assert reply.startswith("⚠️"), (text, reply)
        assert await stored_minutes(bot) == before_minutes, text
        assert await stored_notes(bot) == before_notes, text


@pytest.mark.parametrize(
    "text",
    [
        "<b>&amp; <script>alert(1)</script> 🐍👩‍💻 שלום עולם",
        "**bold** _it_ `code` [link](http://x) ~~s~~ ||sp||",
        "\u202eevil\u202c \x00\x01\x07 tab\there",
        "&lt; & < > &#x1F40D; &unknown; </b>",
    ],
)
async def test_hostile_notes_come_back_escaped(bot: Bot, text: str) -> None:
    await bot.say(ADA, "/start")
    added = await bot.say_one(ADA, f"/note {text}")
    assert "Added 1 note" in added
    listing = await bot.say_one(ADA, "/notes")
    (stored,) = await stored_notes(bot)
    assert not any(ord(ch) < 32 for ch in stored)  # control characters dropped
    assert html.escape(stored, quote=False) in listing  # shown as written, escaped
    # (the fixture checks that the emulator, like Telegram, accepted every message)


async def test_a_note_of_4096_characters_and_a_long_history(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    huge = "🐍" * 4096
    reply = await bot.say_one(ADA, f"/note {huge}")
    assert "at most 1000 characters" in reply
    for n in range(12):
        await bot.say(ADA, f"/note {'é' * 990} {n}")
    # 12 notes of ~1000 characters cannot fit one message: they come a page at a time
    (page,) = await bot.say(ADA, "/notes")
    assert len(page.content) <= 4096
    assert "· page 1/3" in page.content
    assert page.buttons[-1][0] == "Next ▶"


async def test_the_same_message_twice_is_recorded_once(bot: Bot) -> None:
    await onboard(bot)
    before = len(bot.sent(ADA))
    update_id = await bot.emulator.send(ADA, "/log 1.5")
    await bot.handled(update_id)
    again = await bot.emulator.redeliver(update_id)
    await bot.handled(again)
    first, second = (m.content for m in bot.sent(ADA)[before:])
    assert "Logged <b>1 h 30 min</b>" in first
    assert "Already recorded: 1 h 30 min of project for today. Nothing was added." in second
    assert await stored_minutes(bot) == 90

    note_update = await bot.emulator.send(ADA, "- one\n- two")
    await bot.handled(note_update)
    await bot.handled(await bot.emulator.redeliver(note_update))
    assert "Already recorded" in bot.last(ADA).content
    assert await stored_notes(bot) == ["one", "two"]


async def test_a_forged_button_changes_nothing(bot: Bot) -> None:
    eve = 2002
    await bot.say(ADA, "/start")
    await bot.say(eve, "/start")
    await bot.say(ADA, "/log 2")
    await bot.say(ADA, "/note private thought")
    async with UnitOfWork(bot.engine).read() as session:
        ada = await repo.learner_by_chat(session, ADA)
        assert ada is not None
        (entry,) = await repo.latest_log_entries(session, ada.id, 1)
        (note,) = await note_rows.all_notes(session, ada.id)
    eves_message = (await bot.say(eve, "/history"))[0]
    await bot.press_data(eve, eves_message, f"dl:{entry.id}")
    await bot.press_data(eve, eves_message, f"dn:{note.id}")
    await bot.press_data(eve, eves_message, "proj:99:1")
    await bot.press_data(eve, eves_message, "dl:not-a-number")
    await bot.press_data(eve, eves_message, "whatever")
    assert (
        bot.toasts(eve)[:3]
        == [
            "That's no longer there (or isn't yours); nothing was changed.",
        ]
        * 3
    )
    assert await stored_minutes(bot) == 120
    assert await stored_notes(bot) == ["private thought"]


async def test_edits_groups_and_other_content(bot: Bot) -> None:
    await onboard(bot)
    await bot.say(ADA, "/log 1")
    message_id = bot.emulator.chats[ADA].messages[-2].message_id
    before = len(bot.sent(ADA))
    await bot.handled(await bot.emulator.edit(ADA, message_id, "/log 5"))
    assert "edits don't change what's recorded" in bot.sent(ADA)[before].content
    assert await stored_minutes(bot) == 60

    group = -5005
    bot.emulator.chat(group, "Team", group=True)
    reply = await bot.say_one(group, "/log 2")
    assert "talk to me in a private chat" in reply
    async with UnitOfWork(bot.engine).read() as session:
        assert await repo.learner_by_chat(session, group) is None

    assert "I didn't catch that" in await bot.say_one(ADA, "what should I do?")
    assert "I don't know that command" in await bot.say_one(ADA, "/dance")


async def test_one_slow_chat_does_not_hold_up_another(bot: Bot) -> None:
    slow, fast = 3003, 3004
    await bot.say(slow, "/help")
    await bot.say(fast, "/help")
    release = bot.emulator.hold_sends(slow)
    held = await bot.emulator.send(slow, "/today")
    quick = await bot.emulator.send(fast, "/today")
    await bot.handled(quick)
    assert not bot.was_handled(held)  # still waiting on its send while the other was answered
    release.set()
    await bot.handled(held)


async def test_a_chats_messages_are_handled_in_order(bot: Bot) -> None:
    await onboard(bot)
    before = len(bot.sent(ADA))
    ids = [await bot.emulator.send(ADA, f"/log {n}") for n in range(1, 6)]
    for update_id in ids:
        await bot.handled(update_id)
    totals = [m.content.split("This week: ")[1].split(" (")[0] for m in bot.sent(ADA)[before:]]
    assert [t.split(" ", 1)[1] for t in totals] == [
        "1 h / 12 h",
        "3 h / 12 h",
        "6 h / 12 h",
        "10 h / 12 h",
        "15 h / 12 h",
    ]


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_two_hundred_learners_log_at_once(bot: Bot) -> None:
    chats = list(range(10_000, 10_200))
    starts = await asyncio.gather(*(bot.emulator.send(chat, "/start") for chat in chats))
    await asyncio.gather(*(bot.handled(update_id, within=60) for update_id in starts))
    ids = await asyncio.gather(*(bot.emulator.send(chat, "/log 1.5") for chat in chats))
    await asyncio.gather(*(bot.handled(update_id, within=60) for update_id in ids))
    for chat in chats:
        *_setup, reply = bot.sent(chat)
        assert "Logged <b>1 h 30 min</b>" in reply.content
    async with UnitOfWork(bot.engine).read() as session:
        total = await session.scalar(select(func.count()).select_from(Learner))
        assert total == 200
    assert [await stored_minutes(bot, chat) for chat in chats] == [90] * 200


async def test_a_restart_in_the_middle_of_onboarding_continues(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Accelerated")
    start_question = bot.last(ADA)

    await bot.restart()  # a new Application and services on the same database and chats
    (zone_question,) = await bot.press(ADA, start_question, "Today")
    assert (
        "Start date: <b>Saturday 28 Nov 2026</b>"
        in bot.message(ADA, start_question.message_id).content
    )
    assert "3/4 · Time zone" in zone_question.content
    confirmation, reminder_question = await bot.say(ADA, "Europe/Berlin")
    assert "Europe/Berlin" in confirmation.content
    assert "4/4" in reminder_question.content


async def test_export_then_forget(bot: Bot) -> None:
    await onboard(bot)
    await bot.say(ADA, "/log 1.5 learning mon first, with a comma")
    await bot.say(ADA, '/log 2 "quoted"')
    await bot.say(ADA, '/note csv, quotes " and\nnewline bullet')
    before = len(bot.sent(ADA))
    await bot.say(ADA, "/export")
    (document,) = bot.sent(ADA)[before:]
    assert document.document_name == "coach-export.csv"
    assert document.caption == "📦 Your data: 4 rows (log entries and notes)."
    assert document.document is not None
    rows = list(csv.reader(io.StringIO(document.document.decode("utf-8"))))
    assert rows == [
        ["type", "date", "week", "hours", "category", "text", "plan_week", "roadmap_week", "link"],
        ["log", "2026-11-23", "1", "1.5", "learning", "first, with a comma", "1", "1", ""],
        ["log", "2026-11-28", "1", "2", "project", '"quoted"', "1", "1", ""],
        ["note", "2026-11-28", "1", "", "", 'csv, quotes " and', "1", "1", ""],
        ["note", "2026-11-28", "1", "", "", "newline bullet", "1", "1", ""],
    ]

    confirm = (await bot.say(ADA, "/forget"))[0]
    await bot.press(ADA, confirm, "Cancel")
    assert "nothing was deleted" in bot.message(ADA, confirm.message_id).content
    assert await stored_minutes(bot) == 210
    confirm = (await bot.say(ADA, "/forget"))[0]
    await bot.press(ADA, confirm, "Yes, delete everything")
    assert "deleted everything" in bot.message(ADA, confirm.message_id).content
    async with UnitOfWork(bot.engine).read() as session:
        for table in Base.metadata.sorted_tables:
            count = await session.scalar(select(func.count()).select_from(table))
            assert count == 0, table.name


async def test_a_failure_is_logged_and_the_learner_told(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    await bot.say(ADA, "/start")
    monkeypatch.setattr(bot.coach.reports, "week_report", broken)
    reply = await bot.say_one(ADA, "/today")
    assert reply == "😵 Something went wrong on my side. Please try again in a moment."
    (record,) = bot.errors.records
    assert record.exc_info is not None
    assert "database went away" in str(record.exc_info[1])
    bot.errors.records.clear()  # expected here; the fixture fails on any other
    assert "Logged" in await bot.say_one(ADA, "/log 1")  # the bot carries on


async def test_a_request_telegram_refused_is_a_failure_not_a_network_error(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refused(*args: object, **kwargs: object) -> None:
        raise BadRequest("Can't parse entities: unsupported start tag")

    await bot.say(ADA, "/start")
    monkeypatch.setattr(bot.coach.reports, "week_report", refused)
    reply = await bot.say_one(ADA, "/today")
    assert reply == "😵 Something went wrong on my side. Please try again in a moment."
    (record,) = bot.errors.records
    assert record.exc_info is not None
    assert "Can't parse entities" in str(record.exc_info[1])
    bot.errors.records.clear()  # expected here; the fixture fails on any other
