"""The pushes end to end: reminders, recaps with a chart, milestones, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db import deliveries, repo
from bot.db.models import Delivery
from bot.db.uow import UnitOfWork
from tests.e2e.harness import ADMIN, Bot
from tests.e2e.test_conversation import stored_minutes

ADA = 4001
# Standard pace from Monday 30 Nov 2026, Europe/Berlin, reminders at 19:00 local (18:00 UTC).
MONDAY_REMINDER = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


async def setup(bot: Bot, chat: int = ADA) -> None:
    await bot.say(chat, "/start")
    await bot.press(chat, bot.last(chat), "Standard")
    await bot.say(chat, "2026-11-30")
    await bot.say(chat, "Europe/Berlin")
    await bot.say(chat, "19:00")


async def statuses(bot: Bot, chat: int = ADA) -> list[tuple[str, str, str]]:
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, chat)
        assert learner is not None
        rows = await deliveries.deliveries_of(session, learner.id)
        return [(d.kind.value, d.period, d.status.value) for d in rows]


async def test_the_reminder_comes_once_at_the_minute(bot: Bot) -> None:
    await setup(bot)
    before = len(bot.sent(ADA))
    assert (await bot.tick(MONDAY_REMINDER - timedelta(minutes=1))).outcomes == {}
    report = await bot.tick(MONDAY_REMINDER)
    assert report.count("sent") == 1
    (reminder,) = bot.sent(ADA)[before:]
    assert "Study time" in reminder.content
    assert "<b>Plan week 1/24</b> · roadmap week 1" in reminder.content
    assert "Python Basics, Environment &amp; Git Foundations" in reminder.content
    assert (
        "Today: <b>Reading / watching tutorials for week’s topic</b> — 1 h 30 min · learning"
        in reminder.content
    )
    assert "This week: ░░░░░░░░░░ 0 min / 12 h (pace band 10–15 h)" in reminder.content
    assert "Left this week: 12 h, just as planned." in reminder.content
    assert [text for text, _ in reminder.buttons] == [
        "✅ Done 1 h 30 min",
        "Log other",
        "⏰ 1 h later",
        "Skip today",
        "▶ Start",
    ]
    assert (await bot.tick(MONDAY_REMINDER + timedelta(minutes=1))).outcomes == {}
    assert len(bot.sent(ADA)) == before + 1
    assert await statuses(bot) == [("daily", "2026-11-30", "sent")]
    async with UnitOfWork(bot.engine).read() as session:
        (delivery,) = (await session.scalars(select(Delivery))).all()
        assert delivery.telegram_message_id == reminder.message_id


async def test_late_ticks_one_hour_sends_three_hours_misses(bot: Bot) -> None:
    await setup(bot)
    before = len(bot.sent(ADA))
    await bot.tick(MONDAY_REMINDER + timedelta(hours=1))
    assert len(bot.sent(ADA)) == before + 1
    tuesday = MONDAY_REMINDER + timedelta(days=1)
    await bot.tick(tuesday + timedelta(hours=3))
    assert len(bot.sent(ADA)) == before + 1  # nothing at a silly hour
    assert await statuses(bot) == [
        ("daily", "2026-11-30", "sent"),
        ("daily", "2026-12-01", "missed"),
    ]


async def test_no_reminder_when_todays_hours_are_logged_or_on_a_free_day(bot: Bot) -> None:
    await setup(bot)
    bot.clock.set(MONDAY_REMINDER - timedelta(hours=2))
    await bot.say(ADA, "/log 1.5")
    before = len(bot.sent(ADA))
    await bot.tick(MONDAY_REMINDER)
    assert len(bot.sent(ADA)) == before
    assert await statuses(bot) == [("daily", "2026-11-30", "skipped")]
    friday = MONDAY_REMINDER + timedelta(days=4)
    await bot.tick(friday)
    assert len(bot.sent(ADA)) == before  # Friday is free: nothing is even due


async def test_no_reminder_once_the_days_own_plan_is_logged_though_a_catch_up_is_left(
    bot: Bot,
) -> None:
    """DESIGN §3: today's planned hours logged by the reminder time: nothing is sent, even
    with a catch-up share left; part of today logged: the Today line says how much is left."""
    await setup(bot)
    await bot.tick(MONDAY_REMINDER)  # Monday: nothing logged, 1 h 30 min behind
    tuesday = MONDAY_REMINDER + timedelta(days=1)
    bot.clock.set(tuesday - timedelta(hours=2))
    await bot.say(ADA, "/log 1.5")  # Tuesday's own plan, not its catch-up
    before = len(bot.sent(ADA))
    await bot.tick(tuesday)
    assert len(bot.sent(ADA)) == before
    assert ("daily", "2026-12-01", "skipped") in await statuses(bot)
    wednesday = tuesday + timedelta(days=1)
    bot.clock.set(wednesday - timedelta(hours=2))
    await bot.say(ADA, "/log 1")
    await bot.tick(wednesday)
    (reminder,) = bot.sent(ADA)[before + 1 :]
    assert reminder.content.split("\n")[2] == (
        "Today: <b>Continue learning or small debugging tasks</b> — 1 h 45 min "
        "(1 h 30 min planned + 15 min to catch up) — "
        "1 h logged, 45 min to go · learning"
    )


async def test_reminder_buttons(bot: Bot) -> None:
    await setup(bot)
    await bot.tick(MONDAY_REMINDER)
    reminder = bot.last(ADA)
    replies = await bot.press(ADA, reminder, "Done")
    assert "Logged <b>1 h 30 min</b> of learning for today" in replies[0].content
    assert await bot.press(ADA, reminder, "Done") == []  # pressed twice: logged once
    assert bot.toasts(ADA)[-1] == "Already logged."
    assert await stored_minutes(bot, ADA) == 90

    (prompt,) = await bot.press(ADA, reminder, "Log other")
    assert prompt.content.startswith("⏱ How long did you work today?")
    assert "Logged <b>45 min</b>" in await bot.say_one(ADA, "45m", reply_to=prompt.message_id)

    await bot.press(ADA, reminder, "1 h later")
    assert bot.toasts(ADA)[-1] == "⏰ I'll remind you again at 20:00."
    await bot.press(ADA, reminder, "1 h later")
    assert bot.toasts(ADA)[-1] == "You've already snoozed today's reminder once."
    before = len(bot.sent(ADA))
    await bot.tick(MONDAY_REMINDER + timedelta(minutes=59))
    assert len(bot.sent(ADA)) == before
    await bot.tick(MONDAY_REMINDER + timedelta(hours=1))
    # today's 1.5 h are logged, so the snoozed reminder has nothing to say
    assert ("snooze", "2026-11-30", "skipped") in await statuses(bot)

    await bot.tick(MONDAY_REMINDER + timedelta(days=1))
    tuesday = bot.last(ADA)
    await bot.press(ADA, tuesday, "1 h later")
    await bot.press(ADA, tuesday, "Skip today")
    assert bot.toasts(ADA)[-1] == "Skipping today. Rest well — see you tomorrow."
    assert "Skipped today." in bot.message(ADA, tuesday.message_id).content
    before = len(bot.sent(ADA))
    await bot.tick(MONDAY_REMINDER + timedelta(days=1, hours=1))
    assert len(bot.sent(ADA)) == before  # the snooze was dropped


async def test_recap_with_a_chart_then_the_milestone_after_week_four(bot: Bot) -> None:
    await setup(bot)
    for day in range(28):  # 10 h in each of the first four weeks: 40 h by the end of month 1
        bot.clock.set(MONDAY_REMINDER - timedelta(hours=6) + timedelta(days=day))
        if day % 7 in (0, 1, 2, 3, 5):
            await bot.say(ADA, "/log 2")
    bot.errors.records.clear()
    sunday = datetime(2026, 12, 6, 19, 0, tzinfo=UTC)  # 20:00 in Berlin
    before = len(bot.sent(ADA))
    await bot.tick(sunday)
    # The week's recap comes first, then today's reminder (KIND_ORDER).
    chart, recap, prompt, reminder = bot.sent(ADA)[before:]
    assert "Today: <b>Testing + reviewing previous week’s code</b>" in reminder.content
    assert chart.photo is not None
    assert chart.photo.startswith(b"\x89PNG\r\n\x1a\n")
    assert chart.caption is not None
    assert len(chart.caption) <= 1024
    assert "<b>Week 1 recap</b> · Mon 30 Nov – Sun 6 Dec" in recap.content
    assert "👍 <b>10 h of 12 h</b> — inside your pace's band. A solid week." in recap.content
    assert [text for text, _ in recap.buttons] == ["✅ Shipped wk 1", "Not yet"]
    assert prompt.content.startswith("📝 Write your notes")

    await bot.press(ADA, recap, "Shipped")
    for week in (1, 2):
        await bot.tick(sunday + timedelta(weeks=week))
    before = len(bot.sent(ADA))
    closing = sunday + timedelta(weeks=3)  # the recap of plan week 4 closes month 1
    await bot.tick(closing)
    _chart, recap, _prompt, _reminder = bot.sent(ADA)[before:]
    assert "Week 4 recap" in recap.content
    assert ("milestone", "month-1", "pending") in await statuses(bot)  # waits for the answer
    await bot.tick(closing + timedelta(hours=1))
    assert bot.last(ADA).message_id == _reminder.message_id  # nothing yet
    await bot.press(ADA, recap, "Shipped wk 4")
    await bot.tick(closing + timedelta(hours=1, minutes=1))
    milestone = bot.last(ADA)
    assert "Month 1 milestone" in milestone.content
    assert "Your total: <b>40 h</b> (range 40–60 h)" in milestone.content
    assert "<b>On track</b>" in milestone.content
    assert "Python fluency, 3–4 CLI projects" in milestone.content
    assert "Projects shipped this month: 2/4" in milestone.content  # the answer just given
    assert ("milestone", "month-1", "sent") in await statuses(bot)


async def test_recap_command_sends_the_same_recap_with_its_chart(bot: Bot) -> None:
    await setup(bot)
    bot.clock.set(MONDAY_REMINDER)
    chart, recap, _prompt = await bot.say(ADA, "/recap")
    assert chart.photo is not None
    assert chart.photo.startswith(b"\x89PNG")
    assert "<b>Week 1 recap</b> · Mon 30 Nov – Sun 6 Dec" in recap.content


async def test_a_blocked_learner_is_left_alone_until_they_write(bot: Bot) -> None:
    await setup(bot)
    bot.emulator.block(ADA)
    await bot.tick(MONDAY_REMINDER)
    assert await statuses(bot) == [("daily", "2026-11-30", "failed")]
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        assert not learner.active
    calls = len(bot.emulator.calls)
    await bot.tick(MONDAY_REMINDER + timedelta(days=1))
    assert len(bot.emulator.calls) == calls  # not even tried
    bot.clock.set(MONDAY_REMINDER + timedelta(days=2, hours=-1))
    await bot.say(ADA, "/today")  # writing again unblocks
    await bot.tick(MONDAY_REMINDER + timedelta(days=2))
    assert ("daily", "2026-12-02", "sent") in await statuses(bot)
    assert bot.emulator.errors == [("sendMessage", 403, "Forbidden: bot was blocked by the user")]
    bot.emulator.errors.clear()


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_faults_are_retried_and_nothing_escapes(bot: Bot) -> None:
    chats = [ADA + n for n in range(6)]
    for chat in chats:
        await setup(bot, chat)
    bot.emulator.fail("sendMessage", "429", times=1, retry_after=2)
    bot.emulator.fail("sendMessage", "500", times=2)
    bot.emulator.fail("sendMessage", "timeout", times=1, hang_seconds=8)
    report = await bot.tick(MONDAY_REMINDER)
    assert report.count("sent") + report.count("uncertain") == len(chats)
    assert report.count("uncertain") == 1
    for chat in chats:  # the timed-out one arrived too: only its answer was lost
        assert len([m for m in bot.sent(chat) if "Study time" in m.content]) == 1
    assert bot.sender.retries_after_429 == 1
    bot.emulator.errors.clear()


async def test_the_milestone_offers_the_pace_the_last_weeks_fit(bot: Bot) -> None:
    await setup(bot)
    for day in range(28):  # 7 h a week: inside the part-time band, under the standard one
        bot.clock.set(MONDAY_REMINDER - timedelta(hours=6) + timedelta(days=day))
        if day % 7 in (0, 2, 5):
            await bot.say(ADA, "/log 2h20m")
    recap_at = datetime(2026, 12, 27, 19, 0, tzinfo=UTC)  # the recap of plan week 4
    await bot.tick(recap_at)
    before = len(bot.sent(ADA))
    await bot.tick(recap_at + timedelta(hours=11, minutes=59))
    assert len(bot.sent(ADA)) == before  # the project question was not answered: it waits
    await bot.tick(recap_at + timedelta(hours=12))  # 08:00 on Monday in Berlin
    milestone = bot.sent(ADA)[-1]
    assert len(bot.sent(ADA)) == before + 1
    assert "Your total: <b>28 h</b> (range 40–60 h)" in milestone.content
    assert "<b>Behind</b>" in milestone.content
    assert (
        "Your last 3 weeks averaged 7 h a week: that is the Slow/Part-Time pace (6–8 h a "
        "week). Switch?" in milestone.content
    )
    assert [text for text, _ in milestone.buttons] == [
        "Switch to Slow/Part-Time",
        "Keep Standard",
    ]
    summary = milestone.content
    (answer,) = await bot.press(ADA, milestone, "Switch to")
    assert "Pace: <b>Slow/Part-Time</b>" in answer.content
    assert "from this week, plan week 5, on" in answer.content
    assert bot.message(ADA, milestone.message_id).content == summary  # the summary stays


async def test_stats_for_admins_only(bot: Bot) -> None:
    await setup(bot)
    await bot.runner.beat(MONDAY_REMINDER)  # type: ignore[union-attr]
    await bot.tick(MONDAY_REMINDER)
    assert await bot.say_one(ADA, "/stats") == "That command is for the bot's admins."
    bot.clock.set(MONDAY_REMINDER + timedelta(minutes=1))
    stats = await bot.say_one(ADMIN, "/stats")
    assert "Learners: 1\n" in stats  # the admin asking is no learner
    assert "Active in the last 7 days: 1" in stats
    assert "Pushes sent in the last 24 h: 1" in stats
    assert "Last scheduler tick: 60 s ago" in stats


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_a_chart_that_times_out_still_lets_the_recap_text_go(bot: Bot) -> None:
    await setup(bot)
    sunday = datetime(2026, 12, 6, 19, 0, tzinfo=UTC)  # 20:00 in Berlin
    await bot.tick(sunday - timedelta(hours=1))  # the day's reminder, out of the way
    bot.emulator.fail("sendPhoto", "timeout", hang_seconds=8)  # carried out, never answered
    before = len(bot.sent(ADA))
    report = await bot.tick(sunday)
    assert report.count("uncertain") == 1
    chart, recap, prompt = bot.sent(ADA)[before:]
    assert chart.photo is not None
    assert "<b>Week 1 recap</b>" in recap.content
    assert [text for text, _ in recap.buttons][:2] == ["✅ Shipped wk 1", "Not yet"]
    assert prompt.content.startswith("📝 Write your notes")
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        rows = await deliveries.deliveries_of(session, learner.id)
    (recap_row,) = [d for d in rows if d.kind == "recap"]
    assert (recap_row.status, recap_row.parts_sent) == ("uncertain", 3)
    assert recap_row.error is not None
    assert recap_row.error.startswith("message 1 of 3: ")
    await bot.tick(sunday + timedelta(minutes=3))
    assert len(bot.sent(ADA)) == before + 3  # nothing sent again


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_a_claim_taken_again_goes_on_from_the_first_message_not_sent(bot: Bot) -> None:
    await setup(bot)
    sunday = datetime(2026, 12, 6, 19, 0, tzinfo=UTC)
    await bot.tick(sunday - timedelta(hours=1))
    bot.emulator.fail("sendMessage", "500", times=4)  # the recap's text: 5xx through retries
    before = len(bot.sent(ADA))
    report = await bot.tick(sunday)
    assert report.count("sent") == 1
    chart, recap, _prompt = bot.sent(ADA)[before:]  # the chart once, then the rest
    assert chart.photo is not None
    assert "<b>Week 1 recap</b>" in recap.content
    assert ("recap", "2026-12-06", "sent") in await statuses(bot)
    bot.emulator.errors.clear()
