"""The focus timer end to end: /go, /stop, "still studying?", the 12 h cap, midnight, the
reminder's ▶ Start, and the bad input that stores nothing. Times are UTC unless a zone is set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select

from bot.db import deliveries as delivery_rows
from bot.db import repo
from bot.db.models import Base, FocusSession, LogEntry
from bot.db.uow import UnitOfWork
from bot.texts.messages import NOT_STARTED, NOT_STARTED_SHORT
from botapi_emulator import ChatMessage
from tests.e2e.harness import Bot
from tests.e2e.test_plan_moves import ADA, onboard

TUE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday of plan week 1: practice, 1 h 30 min
NO_SESSION = "⚠️ No focus session is running. Start one with /go, or log time with /log 1.5."


async def at(bot: Bot, when: datetime, text: str) -> str:
    bot.clock.set(when)
    return await bot.say_one(ADA, text)


async def tables_empty(bot: Bot) -> bool:
    async with UnitOfWork(bot.engine).read() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
            if table.name not in ("send_timeline", "heartbeats")
        ]
    return not any(counts)


async def stored(bot: Bot) -> tuple[list[tuple[str, int, str]], list[str], list[tuple[str, str]]]:
    """The learner's entries (day, minutes, category), sessions' starts and timer pushes."""
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
        assert learner is not None
        entries = (await session.scalars(select(LogEntry).order_by(LogEntry.id))).all()
        sessions = (await session.scalars(select(FocusSession))).all()
        deliveries = await delivery_rows.deliveries_of(session, learner.id)
    return (
        [(e.day.isoformat(), e.minutes, e.category) for e in entries],
        [s.started_at.isoformat() for s in sessions],
        [(d.period, d.status.value) for d in deliveries if d.kind.value == "timer"],
    )


async def test_go_shows_the_running_session_and_stop_logs_it_rounded(bot: Bot) -> None:
    await onboard(bot)
    started = await at(bot, TUE, "/go")
    assert started == (
        "▶ Focus session started at 09:00: practice, today's focus.\n"
        "Send /stop when you're done: I'll log the time, rounded to 5 minutes."
    )
    assert await stored(bot) == (
        [],
        ["2026-12-01T09:00:00+00:00"],
        [("2026-12-01T09:00:00", "pending")],
    )
    again = await at(bot, TUE + timedelta(minutes=40), "/go revision")
    assert again == (
        "⏱ Your focus session has been running for 40 min (since 09:00, practice, today's "
        "focus).\nSend /stop to log it."
    )
    stopped = await at(bot, TUE + timedelta(minutes=83), "/stop")
    assert stopped == (
        "⏹ Focus session 09:00–10:23 (1 h 23 min).\n"
        "✅ Logged 1 h 25 min of practice for today.\n"
        "This week: ▓░░░░░░░░░ 1 h 25 min / 12 h (pace band 10–15 h)"
    )
    assert await stored(bot) == ([("2026-12-01", 85, "practice")], [], [])
    assert await bot.say_one(ADA, "/stop") == NO_SESSION
    assert (await stored(bot))[0] == [("2026-12-01", 85, "practice")]


async def test_a_redelivered_stop_logs_once(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go project")
    bot.clock.set(TUE + timedelta(minutes=2))
    before = len(bot.sent(ADA))
    first = await bot.send_and_wait(ADA, "/stop")
    await bot.handled(await bot.emulator.redeliver(first))
    answer, again = (m.content for m in bot.sent(ADA)[before:])
    assert "✅ Logged 5 min of project for today." in answer  # at least 5 minutes
    assert again.startswith("Already recorded: 5 min of project for today. Nothing was added.")
    assert (await stored(bot))[0] == [("2026-12-01", 5, "project")]


async def test_bad_input_gets_a_specific_answer_and_stores_nothing(bot: Bot) -> None:
    bot.clock.set(TUE)
    for command in ("/go", "/stop", "/stop cancel"):  # before /start: nothing is stored
        assert await bot.say_one(ADA, command) == NOT_STARTED
    assert await tables_empty(bot)
    await onboard(bot)
    assert await bot.say_one(ADA, "/stop") == NO_SESSION
    assert await bot.say_one(ADA, "/go nonsense-category") == (
        "⚠️ “nonsense-category” is not a category. Use one of learning, practice, project, "
        "revision, or /go alone for today's focus. No session was started."
    )
    assert await bot.say_one(ADA, "/go <b>x</b>") == (
        "⚠️ “&lt;b&gt;x&lt;/b&gt;” is not a category. Use one of learning, practice, project, "
        "revision, or /go alone for today's focus. No session was started."
    )
    assert await stored(bot) == ([], [], [])


async def test_still_studying_is_asked_once_after_three_hours(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go learning")
    await bot.restart()  # the session lives in the database, not in this process
    before = len(bot.sent(ADA))
    await bot.tick(TUE + timedelta(hours=3, seconds=-1))
    assert bot.sent(ADA)[before:] == []
    await bot.tick(TUE + timedelta(hours=3))
    (question,) = bot.sent(ADA)[before:]
    assert question.content == (
        "⏱ Still studying? Your focus session has been running for 3 h (since 09:00, learning)."
    )
    assert [text for text, _ in question.buttons] == ["⏹ Stop and log", "▶ Keep going"]
    await bot.tick(TUE + timedelta(hours=4))
    assert len(bot.sent(ADA)) == before + 1  # once
    assert (await stored(bot))[2] == [("2026-12-01T09:00:00", "sent")]
    await bot.press(ADA, question, "Keep going")
    assert bot.toasts(ADA)[-1] == "Keep going! Send /stop when you're done."
    assert bot.message(ADA, question.message_id).buttons == []
    stopped = await at(bot, TUE + timedelta(hours=4), "/stop")
    assert "✅ Logged 4 h of learning for today." in stopped

    (second,) = await at_push(bot, TUE + timedelta(days=1))
    bot.clock.set(TUE + timedelta(days=1, hours=3, minutes=12))
    before = len(bot.sent(ADA))
    (_, stop_data), _ = second.buttons
    await bot.press(ADA, second, "Stop and log")
    await bot.press_data(ADA, second, stop_data)  # a double tap, before the buttons went
    logged, again = (m.content for m in bot.sent(ADA)[before:])
    assert logged.startswith(
        "⏹ Focus session 09:00–12:12 (3 h 12 min).\n✅ Logged 3 h 10 min of practice for today."
    )
    assert again.startswith("Already recorded: 3 h 10 min of practice for today.")
    assert (await stored(bot))[0] == [
        ("2026-12-01", 240, "learning"),
        ("2026-12-02", 190, "practice"),
    ]


async def test_an_old_stop_button_never_stops_a_later_session(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go learning")
    before = len(bot.sent(ADA))
    await bot.tick(TUE + timedelta(hours=3))
    (question,) = bot.sent(ADA)[before:]
    assert question.buttons[0] == ("⏹ Stop and log", "stop:1796115600")  # 2026-12-01 09:00
    await at(bot, TUE + timedelta(hours=3, minutes=5), "/stop")
    await at(bot, TUE + timedelta(hours=3, minutes=10), "/go project")
    bot.clock.set(TUE + timedelta(hours=4))
    assert await bot.press(ADA, question, "Stop and log") == []
    assert bot.toasts(ADA)[-1] == "That session has ended; nothing was logged."
    assert bot.message(ADA, question.message_id).buttons == []
    assert await stored(bot) == (
        [("2026-12-01", 185, "learning")],
        ["2026-12-01T12:10:00+00:00"],  # the later session runs on
        [("2026-12-01T09:00:00", "sent"), ("2026-12-01T12:10:00", "pending")],
    )
    # A "still studying?" sent before its button named the session: stale, nothing done.
    assert await bot.press_data(ADA, question, "stop") == []
    assert bot.toasts(ADA)[-1] == (
        "That button no longer works; nothing was changed. Try the command again."
    )
    assert (await stored(bot))[1] == ["2026-12-01T12:10:00+00:00"]
    stopped = await at(bot, TUE + timedelta(hours=4), "/stop")
    assert stopped.startswith("⏹ Focus session 12:10–13:00 (50 min).")


async def test_stop_and_log_after_forget_points_to_start(bot: Bot) -> None:
    await onboard(bot)
    (question,) = await at_push(bot, TUE)
    confirm = (await bot.say(ADA, "/forget"))[0]
    await bot.press(ADA, confirm, "Yes, delete everything")
    assert await bot.press(ADA, question, "Stop and log") == []
    assert bot.toasts(ADA)[-1] == NOT_STARTED_SHORT
    assert bot.emulator.errors == []  # the query answered once
    assert await tables_empty(bot)


async def at_push(bot: Bot, when: datetime) -> list[ChatMessage]:
    """/go at ``when``, then the "still studying?" 3 h later."""
    bot.clock.set(when)
    await bot.say_one(ADA, "/go practice")
    before = len(bot.sent(ADA))
    await bot.tick(when + timedelta(hours=3))
    return bot.sent(ADA)[before:]


async def test_a_session_ended_before_three_hours_asks_nothing(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go")
    await at(bot, TUE + timedelta(hours=1), "/stop")
    before = len(bot.sent(ADA))
    await bot.tick(TUE + timedelta(hours=3))
    assert bot.sent(ADA)[before:] == []
    assert (await stored(bot))[2] == []  # the pending question was cancelled with the session


async def test_a_session_over_twelve_hours_is_capped_and_logged_on_its_first_day(
    bot: Bot,
) -> None:
    await onboard(bot)
    await at(bot, TUE.replace(hour=20), "/go")
    running = await at(bot, TUE + timedelta(days=1, hours=1), "/go")
    assert running == (
        "⏱ Your focus session has been running for 14 h (since Tue 1 Dec 20:00, practice, "
        "that day's focus) — over 12 h: /stop logs at most 12 h.\nSend /stop to log it."
    )
    stopped = await at(bot, TUE + timedelta(days=1, hours=1, minutes=30), "/stop")
    assert stopped.startswith(
        "⏹ Focus session 20:00–10:30 (14 h 30 min).\n"
        "✅ Logged 12 h of practice for Tue 1 Dec.\n"
        "A single entry is at most 12 h, so I logged 12 h of the 14 h 30 min. Change it from "
        "/history if that's wrong.\n"
    )
    assert (await stored(bot))[0] == [("2026-12-01", 720, "practice")]


async def test_a_session_past_midnight_counts_for_the_day_it_started_in_the_learners_zone(
    bot: Bot,
) -> None:
    await onboard(bot)
    await at(bot, TUE, "/timezone America/New_York")
    # 04:30 UTC on Wednesday is 23:30 on Tuesday in New York.
    await at(bot, datetime(2026, 12, 2, 4, 30, tzinfo=UTC), "/go")
    stopped = await at(bot, datetime(2026, 12, 2, 5, 14, tzinfo=UTC), "/stop")
    assert stopped.startswith(
        "⏹ Focus session 23:30–00:14 (44 min).\n✅ Logged 45 min of practice for Tue 1 Dec.\n"
    )
    assert (await stored(bot))[0] == [("2026-12-01", 45, "practice")]


async def test_a_full_day_refuses_the_log_and_the_session_keeps_running(bot: Bot) -> None:
    await onboard(bot)
    bot.clock.set(TUE)
    await bot.say_one(ADA, "/log 12h")
    await bot.say_one(ADA, "/log 11h30")
    await at(bot, TUE + timedelta(hours=1), "/go")
    refused = await at(bot, TUE + timedelta(hours=2), "/stop")
    assert refused == (
        "⚠️ That would make 24 h 30 min on 2026-12-01, and a day has 24 h. Already logged that "
        "day: 23 h 30 min. Your focus session keeps running (since 10:00): make room that day "
        "from /history and /stop again, or /stop cancel to end it without logging."
    )
    entries, sessions, timers = await stored(bot)
    assert [minutes for _day, minutes, _c in entries] == [720, 690]
    assert sessions == ["2026-12-01T10:00:00+00:00"]
    assert timers == [("2026-12-01T10:00:00", "pending")]


async def test_the_reminder_starts_a_session_with_todays_focus(bot: Bot) -> None:
    await onboard(bot)
    before = len(bot.sent(ADA))
    await bot.tick(TUE.replace(hour=18))
    (reminder,) = bot.sent(ADA)[before:]
    (started,) = await bot.press(ADA, reminder, "▶ Start")
    assert started.content.startswith("▶ Focus session started at 18:00: practice, today's focus.")
    bot.clock.set(TUE.replace(hour=18, minute=20))
    assert await bot.press(ADA, reminder, "▶ Start") == []
    assert bot.toasts(ADA)[-1] == (
        "Your focus session has been running for 20 min (since 18:00, practice, today's focus)."
    )
    assert len((await stored(bot))[1]) == 1
    help_text = await bot.say_one(ADA, "/help")
    assert "/go [category] — start a focus session; /stop logs its time" in help_text
    assert "/stop [cancel] — log the focus session (cancel: end it, log nothing)" in help_text


async def test_stop_cancel_ends_a_session_without_logging(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go learning")
    assert await at(bot, TUE + timedelta(minutes=1), "/stop now") == (
        "⚠️ Use /stop to log your focus session, or /stop cancel to end it without logging."
    )
    assert len((await stored(bot))[1]) == 1  # still running
    assert await at(bot, TUE + timedelta(minutes=7), "/stop cancel") == (
        "⏹ Focus session since 09:00 ended after 7 min; nothing was logged."
    )
    assert await stored(bot) == ([], [], [])
    assert await bot.say_one(ADA, "/stop cancel") == NO_SESSION


async def test_a_session_older_than_the_log_window_is_not_logged(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go")
    refused = await at(bot, TUE + timedelta(weeks=2), "/stop")
    assert refused == (
        "⚠️ Your focus session began on 2026-12-01, before the days you can still log (from "
        "2026-12-07, the start of last week). Send /stop cancel to end it without logging, "
        "then log what you did with /log."
    )
    entries, sessions, _timers = await stored(bot)
    assert (entries, len(sessions)) == ([], 1)


async def test_a_question_for_a_session_that_is_gone_is_skipped(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go")
    async with UnitOfWork(bot.engine).write() as session:  # ended without its question
        await session.execute(delete(FocusSession))
        await session.commit()
    before = len(bot.sent(ADA))
    await bot.tick(TUE + timedelta(hours=3))
    assert bot.sent(ADA)[before:] == []
    assert (await stored(bot))[2] == [("2026-12-01T09:00:00", "skipped")]


async def test_still_studying_comes_late_after_downtime_but_never_past_the_cap(bot: Bot) -> None:
    await onboard(bot)
    await at(bot, TUE, "/go")
    before = len(bot.sent(ADA))
    await bot.tick(TUE + timedelta(hours=11))  # the scheduler was down from 12:00 to 20:00
    (late,) = bot.sent(ADA)[before:]
    assert late.content.startswith("⏱ Still studying? Your focus session has been running for 11 h")
    await at(bot, TUE + timedelta(hours=11, minutes=5), "/stop")
    await at(bot, TUE + timedelta(days=1), "/go")
    await bot.tick(TUE + timedelta(days=1, hours=12, minutes=1))  # 9 h 1 min after it was due
    assert (await stored(bot))[2] == [
        ("2026-12-01T09:00:00", "sent"),
        ("2026-12-02T09:00:00", "missed"),
    ]
    assert "Still studying" not in bot.last(ADA).content
