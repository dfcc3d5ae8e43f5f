"""Forgiving, correct input over HTTP: setup questions that take what people type and swallow
nothing else, /log day words and units, zones by place, /forget that ends it, and strict
numbers and button data. Each test reads the replies a learner would read."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from bot.db import repo
from bot.db.models import Delivery, Learner
from bot.db.uow import UnitOfWork
from tests.e2e.harness import Bot
from tests.e2e.test_conversation import onboard, stored_minutes, stored_notes

ADA = 1001
STALE = "That button no longer works; nothing was changed. Try the command again."


async def learner_settings(bot: Bot, chat: int = ADA) -> tuple[str, str, str] | None:
    """(time zone, reminder, start date) as stored, or None without a learner."""
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, chat)
        if learner is None:
            return None
        reminder = learner.reminder_time.strftime("%H:%M") if learner.reminder_time else "off"
        return learner.timezone, reminder, learner.start_date.isoformat()


async def test_a_pending_question_takes_answers_and_lets_logs_and_notes_through(
    bot: Bot,
) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "This Monday")
    await bot.press(ADA, bot.last(ADA), "Europe/Berlin")
    assert "<b>4/4 · Daily reminder</b>" in bot.last(ADA).content

    logged, asked_again = await bot.say(ADA, "90m")
    assert logged.content.startswith("✅ Logged <b>1 h 30 min</b> of project for today.")
    assert asked_again.content.startswith("<b>4/4 · Daily reminder</b>")
    assert await stored_minutes(bot) == 90

    noted, asked_again = await bot.say(ADA, "- git init and first commit")
    assert noted.content.startswith("📝 Added 1 note.")
    assert asked_again.content.startswith("<b>4/4 · Daily reminder</b>")
    assert await stored_notes(bot) == ["git init and first commit"]

    hint, asked_again = await bot.say(ADA, "1.5 practice loops")
    assert "start with /log: <code>/log 1.5 practice loops</code>" in hint.content
    assert asked_again.content.startswith("<b>4/4 · Daily reminder</b>")

    waiting, asked_again = await bot.say(ADA, "ok")
    assert waiting.content == (
        "⚠️ I'm still waiting for your reminder time: tap a button, or type a time like 19:30 "
        "or 7pm, or off."
    )
    assert asked_again.content.startswith("<b>4/4 · Daily reminder</b>")

    wrong, asked_again = await bot.say(ADA, "25:00")
    assert wrong.content == "⚠️ “25:00” is not a time of day: hours go 00–23, minutes 00–59."
    assert asked_again.content.startswith("<b>4/4 · Daily reminder</b>")

    set_to, done = await bot.say(ADA, "7pm")
    assert set_to.content == "Daily reminder: <b>19:00</b> on your study days."
    assert "✅ <b>All set!</b>" in done.content
    assert await learner_settings(bot) == ("Europe/Berlin", "19:00", "2026-11-23")
    assert await stored_minutes(bot) == 90  # nothing answered twice, nothing lost


async def test_setup_answers_typed_as_people_type_them(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    pace, start_question = await bot.say(ADA, "12 hours a week")
    assert pace.content.startswith("Pace: <b>Standard</b> (10–15 h a week).")
    assert start_question.content.startswith("<b>2/4 · Start date</b>")
    assert "a date like <code>2026-11-30</code>" in start_question.content

    start, zone_question = await bot.say(ADA, "next monday")
    assert start.content == "Start date: <b>Monday 30 Nov 2026</b>. Week 1: Mon 30 Nov – Sun 6 Dec."
    assert zone_question.content.startswith("<b>3/4 · Time zone</b>")

    # 10:00 UTC is 15:30 in India
    zone, reminder_question = await bot.say(ADA, "India")
    assert zone.content == (
        "Time zone: <b>Asia/Kolkata</b>. Your local time is now 15:30 on Sat 28 Nov."
    )
    assert reminder_question.content.startswith("<b>4/4 · Daily reminder</b>")

    reminder, _done = await bot.say(ADA, "7:30 pm")
    assert reminder.content == "Daily reminder: <b>19:30</b> on your study days."
    assert await learner_settings(bot) == ("Asia/Kolkata", "19:30", "2026-11-30")


async def test_a_wrong_typed_start_date_is_explained_with_a_date_from_the_clock(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    error, _question = await bot.say(ADA, "28/11")
    assert error.content == ("⚠️ “28/11” is not a date: write it as YYYY-MM-DD, e.g. 2026-11-30.")
    bot.clock.set(datetime(2027, 3, 3, 12, 0, tzinfo=UTC))  # a Wednesday
    error, question = await bot.say(ADA, "next blursday")
    assert error.content == (
        "⚠️ “next blursday” is not a day I know. Type next monday, tomorrow, a weekday or a "
        "date like 2027-03-08."
    )
    assert "a date like <code>2027-03-08</code>" in question.content
    assert "2026-12-07" not in error.content + question.content


async def test_time_zones_by_place_and_offsets_only_with_a_sign(bot: Bot) -> None:
    await onboard(bot)
    cases = {
        "/timezone 18:00": (
            "⚠️ “18:00” is not a time zone: an offset needs its sign, like +05:30 or -03:00. "
            "Or type a city (Berlin) or a zone name (Europe/Berlin)."
        ),
        "/timezone 12": (
            "⚠️ “12” is not a time zone: an offset needs its sign, like +05:30 or -03:00. "
            "Or type a city (Berlin) or a zone name (Europe/Berlin)."
        ),
        "/timezone IST": (
            "⚠️ IST means different zones in different places (Asia/Kolkata, Europe/Dublin, "
            "Asia/Jerusalem). Type the zone name or your city."
        ),
    }
    for command, says in cases.items():
        assert await bot.say_one(ADA, command) == says
        assert (await learner_settings(bot) or ("",))[0] == "Europe/Berlin"

    assert await bot.say_one(ADA, "/timezone EST") == (
        "Time zone: <b>America/New_York</b>. Your local time is now 05:00 on Sat 28 Nov.\n"
        "I read EST as America/New_York (US Eastern time), which follows daylight saving. "
        "For a fixed offset all year, send it with its sign, e.g. UTC-5."
    )
    for typed, key in [
        ("London", "Europe/London"),
        ("new york", "America/New_York"),
        ("+5:30", "UTC+05:30"),
        ("UTC-3", "UTC-03:00"),
        ("GMT+1", "UTC+01:00"),
    ]:
        reply = await bot.say_one(ADA, f"/timezone {typed}")
        assert reply.startswith(f"Time zone: <b>{key}</b>. Your local time is now "), reply
        assert (await learner_settings(bot) or ("",))[0] == key
    assert "today there is" not in reply


async def test_logs_read_day_words_and_units_apart(bot: Bot) -> None:
    await onboard(bot)  # Saturday 28 Nov, plan week 1 from Monday 23 Nov
    future = await bot.say_one(ADA, "/log 1.5 tomorrow")
    assert future == ("⚠️ “tomorrow” is 2026-11-29, in the future: log time you have already spent.")
    unknown = await bot.say_one(ADA, "/log 1 wendesday")
    assert unknown == (
        "⚠️ “wendesday” is not a day I know. Use yesterday, a weekday (friday, last friday) or "
        "a date like 2026-11-27."
    )
    assert await stored_minutes(bot) == 0

    friday = await bot.say_one(ADA, "/log 1.5 last friday")
    # Friday is the free day: its category is Thursday's, the mini-project
    assert friday.startswith("✅ Logged <b>1 h 30 min</b> of project for Fri 27 Nov.")
    hour = await bot.say_one(ADA, "/log 1 hour")
    assert hour.startswith("✅ Logged <b>1 h</b> of project for today.")
    assert "📝" not in hour
    minutes = await bot.say_one(ADA, "/log 45 min")
    assert minutes.startswith("✅ Logged <b>45 min</b> of project for today.")
    both = await bot.say_one(ADA, "/log 1h 30m practice last tue pairing")
    assert both.startswith("✅ Logged <b>1 h 30 min</b> of practice for Tue 24 Nov.")
    assert "📝 pairing" in both
    assert await stored_minutes(bot) == 90 + 60 + 45 + 90
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        entries = await repo.all_log_entries(session, learner.id)
    assert [(e.day, e.minutes, e.note) for e in entries] == [
        (date(2026, 11, 24), 90, "pairing"),
        (date(2026, 11, 27), 90, None),
        (date(2026, 11, 28), 60, None),
        (date(2026, 11, 28), 45, None),
    ]


async def test_after_forget_nothing_is_stored_until_start(bot: Bot) -> None:
    await onboard(bot)
    await bot.say(ADA, "/log 1")
    old_menu = (await bot.say(ADA, "/settings"))[0]
    confirm = (await bot.say(ADA, "/forget"))[0]
    await bot.press(ADA, confirm, "Yes, delete everything")
    assert "I've deleted everything about you" in bot.message(ADA, confirm.message_id).content

    pointer = (
        "I don't have you as a learner (you haven't started yet, or /forget deleted "
        "everything). Send /start to begin; until then I store nothing you send."
    )
    for text in ("ok thanks, bye", "/log 1.5", "- a note", "/today", "/settings"):
        assert await bot.say_one(ADA, text) == pointer
    await bot.press(ADA, old_menu, "Pace")
    assert bot.toasts(ADA)[-1] == "Send /start to begin; I have nothing stored for you."
    async with UnitOfWork(bot.engine).read() as session:
        assert await session.scalar(select(func.count()).select_from(Learner)) == 0
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 0
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))  # 18:00 Berlin, a study day
    await bot.tick(datetime(2026, 11, 30, 19, 0, tzinfo=UTC))
    assert len(bot.sent(ADA)) == before  # no reminder for a learner who is gone

    welcome, question = await bot.say(ADA, "/start")
    assert welcome.content.startswith("👋 Hi Ada!")
    assert question.content.startswith("<b>1/4 · Your pace</b>")


async def test_settings_questions_show_no_setup_steps(bot: Bot) -> None:
    await onboard(bot)
    for command, title in [
        ("/timezone", "<b>Time zone</b> — so reminders come at your local time."),
        ("/remind", "<b>Daily reminder</b> — when should I remind you"),
        ("/pace", "<b>Your pace</b> — how many hours a week can you give?"),
        ("/startdate", "<b>Start date</b> — when does week 1 begin?"),
    ]:
        question = await bot.say_one(ADA, command)
        assert question.startswith(title), question
        assert "/4 ·" not in question
    await bot.say(ADA, "/settings")
    menu = bot.last(ADA)
    await bot.press(ADA, menu, "Time zone")
    shown = bot.message(ADA, menu.message_id).content
    assert shown.startswith("<b>Time zone</b> — so reminders")
    await bot.press(ADA, bot.message(ADA, menu.message_id), "Asia/Tokyo")
    assert bot.message(ADA, menu.message_id).content == (
        "Time zone: <b>Asia/Tokyo</b>. Your local time is now 19:00 on Sat 28 Nov."
    )


async def test_odd_numbers_and_forged_button_data_are_refused_clearly(bot: Bot) -> None:
    await onboard(bot)
    for odd in ("²", "٣", "１", "1_0"):
        assert await bot.say_one(ADA, f"/pause {odd}") == (
            f"⚠️ “{odd}” is not a number: give a number of days from 1 to 365. E.g. /pause 7, "
            "or just /pause until you /resume."
        )
    assert await bot.say_one(ADA, "/week ²") == (
        "⚠️ Use /week, /week next, /week last or /week N (a plan week number)."
    )
    await bot.say(ADA, "/log 1")
    await bot.say(ADA, "/note kept")
    message = (await bot.say(ADA, "/history"))[0]
    forged = [
        "dl:²",
        "dl:1_0",
        "dn:٣",
        "pause:²",
        "break:²",
        "proj:²:1",
        "proj:1:2",
        "week:²",
        "catchup:carry:²",
        "days:free:²",
        "days:free:7",
        "settings:²",
        "forget:maybe",
        "done:２０２６-11-28",
        "done:2026-02-30",
        "snooze:2026-11-28:x",
        "tz:",
    ]
    for data in forged:
        await bot.press_data(ADA, message, data)
        assert bot.toasts(ADA)[-1] == STALE, data
    assert await stored_minutes(bot) == 60
    assert await stored_notes(bot) == ["kept"]
    assert await learner_settings(bot) == ("Europe/Berlin", "20:00", "2026-11-23")
    assert "Paused" not in await bot.say_one(ADA, "/today")  # no forged pause took


async def test_settings_commands_take_the_typed_forms(bot: Bot) -> None:
    await onboard(bot)  # Saturday 28 Nov 2026, Europe/Berlin
    assert await bot.say_one(ADA, "/remind 7pm") == (
        "Daily reminder: <b>19:00</b> on your study days."
    )
    assert await bot.say_one(ADA, "/remind off") == (
        "Daily reminders: <b>off</b>. Turn them back on with /remind 18:00."
    )
    assert await bot.say_one(ADA, "/recaptime sunday 8pm") == "Weekly recap: <b>Sunday 20:00</b>."
    assert (await bot.say_one(ADA, "/pace 20 hours a week")).startswith(
        "Pace: <b>Accelerated</b> (20–25 h a week)."
    )
    assert await bot.say_one(ADA, "/startdate next monday") == (
        "Start date: <b>Monday 30 Nov 2026</b>. Week 1: Mon 30 Nov – Sun 6 Dec."
    )
    assert await bot.say_one(ADA, "/startdate soon") == (
        "⚠️ “soon” is not a date. Type next monday, tomorrow, a weekday or a date like 2026-11-30."
    )
    assert await bot.say_one(ADA, "/pace 500 h a week") == (
        "⚠️ “500 h a week”: a week has 168 hours. How many can you give?"
    )
    assert await learner_settings(bot) == ("Europe/Berlin", "off", "2026-11-30")
