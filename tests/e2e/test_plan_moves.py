"""How the plan moves (DESIGN §2a), end to end: each case a learner hit in the sandbox, with the
reply they now read. Times are UTC; the learner's zone is UTC too."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from tests.e2e.harness import Bot

ADA = 5001
SAT = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # the harness's start: Saturday 28 Nov
MON = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # the Monday after


async def onboard(bot: Bot, pace: str = "Standard", start: str = "Next Monday") -> None:
    """By buttons: a pace, a start, UTC, reminders at 18:00; the recap stays Sunday 20:00."""
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), pace)
    await bot.press(ADA, bot.last(ADA), start)
    await bot.press(ADA, bot.last(ADA), "UTC")
    await bot.press(ADA, bot.last(ADA), "18:00")


async def at(bot: Bot, when: datetime, text: str) -> str:
    bot.clock.set(when)
    return await bot.say_one(ADA, text)


async def done_every_reminder(bot: Bot, monday: datetime) -> None:
    """A week followed as the reminders say: ✅ Done on each, at 18:00."""
    for day in range(7):
        before = len(bot.sent(ADA))
        await bot.tick(monday.replace(hour=18) + timedelta(days=day))
        reminders = [m for m in bot.sent(ADA)[before:] if "Study time" in m.content]
        for reminder in reminders:
            await bot.press(ADA, reminder, "Done")


def category_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith("• ")]


# --- 1. a pace change keeps the past ------------------------------------------------------------


async def test_a_pace_change_keeps_the_start_date_the_rate_and_the_past_weeks(bot: Bot) -> None:
    await onboard(bot)
    for week in range(2):  # two full weeks at the standard pace
        await done_every_reminder(bot, MON + timedelta(weeks=week))
    changed = await at(bot, MON + timedelta(weeks=2, hours=1), "/pace part-time")
    assert "It applies from this week, plan week 3, on; the weeks before keep theirs." in changed
    settings = await bot.say_one(ADA, "/settings")
    assert "Start date: Monday 30 Nov 2026" in settings  # never rewritten
    progress = await bot.say_one(ADA, "/progress")
    assert "<b>Plan week 3/" in progress
    assert "roadmap week 3</b>" not in progress  # part-time: two thirds of a week each
    # 24 h over the 14 days that have counted, today included: 12 h a week.
    assert "At your rate (11 h 12 min a week)" in progress
    export = await bot.say(ADA, "/export")
    document = export[-1].document
    assert document is not None
    rows = list(csv.DictReader(io.StringIO(document.decode())))
    first = [r for r in rows if r["date"] == "2026-11-30"]
    assert first[0]["week"] == first[0]["plan_week"] == "1"
    assert first[0]["roadmap_week"] == "1"
    second = [r for r in rows if r["date"] == "2026-12-07"]
    assert (second[0]["plan_week"], second[0]["roadmap_week"]) == ("2", "2")


# --- 2. a pause moves no week boundary -----------------------------------------------------------


async def test_a_two_day_pause_on_a_tuesday_keeps_monday_to_sunday(bot: Bot) -> None:
    await onboard(bot)
    paused = await at(bot, MON + timedelta(weeks=1, days=1), "/pause 2")
    assert paused.startswith(
        "⏸ Paused for 2 days, through Wednesday 9 Dec 2026; back on Thursday 10 Dec 2026. "
        "/resume to come back sooner."
    )
    week = await bot.say_one(ADA, "/week")
    assert "Daily plan</b> (Mon 7 Dec – Sun 13 Dec)" in week
    assert "▶ Tue 8 Dec: paused" in week
    assert "Wed 9 Dec: paused" in week
    assert "This week: ░░░░░░░░░░ 0 min / 9 h (2 study days paused)" in week
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 13, 20, 0, tzinfo=UTC))  # Sunday 20:00
    recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
    assert "📊 <b>Week 2 recap</b> · Mon 7 Dec – Sun 13 Dec" in recap.content
    monday = await at(bot, datetime(2026, 12, 14, 9, 0, tzinfo=UTC), "/today")
    assert "Monday: <b>Reading / watching tutorials for week’s topic</b>" in monday


# --- 3. a weekend sign-up ------------------------------------------------------------------------


async def test_this_monday_on_a_saturday_asks_no_more_than_one_and_a_half_times_a_day(
    bot: Bot,
) -> None:
    await onboard(bot, start="This Monday")
    progress = await bot.say_one(ADA, "/progress")
    assert "Left this week: 12 h — today 6 h, Sun 29 Nov 3 h" in progress
    assert "⚠️ Behind by 3 h: more than the days left can take at 1.5× their plan." in progress


async def test_today_on_a_saturday_is_a_short_week_of_saturday_and_sunday(bot: Bot) -> None:
    await onboard(bot, start="Today")
    today = await bot.say_one(ADA, "/today")
    assert "Saturday: <b>Project build + documentation</b> — 4 h · project" in today
    assert "This week: ░░░░░░░░░░ 0 min / 6 h (a short week: 2 of 6 study days)" in today


# --- 4. the schedule meets its own targets -------------------------------------------------------


async def test_done_on_every_reminder_meets_every_category_target(bot: Bot) -> None:
    await onboard(bot)
    await done_every_reminder(bot, MON)
    progress = await at(bot, datetime(2026, 12, 6, 21, 0, tzinfo=UTC), "/progress")
    assert category_lines(progress) == [
        "• Learning &amp; Reading: 3 h / 3 h ✓ <i>(roadmap 3–5 h)</i>",
        "• Hands-on Coding Practice: 1 h 30 min / 1 h 30 min ✓ <i>(roadmap 4–6 h)</i>",
        "• Project Work: 5 h 30 min / 5 h 30 min ✓ <i>(roadmap 3–4 h)</i>",
        "• Revision / Notes / Reflection: 2 h / 2 h ✓ <i>(roadmap 1–2 h)</i>",
    ]
    assert "🎯 This week's target is reached." in progress


async def test_part_time_and_accelerated_weeks_meet_their_targets_too(bot: Bot) -> None:
    await onboard(bot, pace="Slow/Part-Time")
    await done_every_reminder(bot, MON)
    part_time = await at(bot, datetime(2026, 12, 6, 21, 0, tzinfo=UTC), "/progress")
    assert "• Project Work: 3 h / 3 h ✓ <i>(roadmap 2 h)</i>" in part_time
    assert all("✓" in line for line in category_lines(part_time))
    await bot.say(ADA, "/pace accelerated")
    await done_every_reminder(bot, MON + timedelta(weeks=1))
    accelerated = await at(bot, datetime(2026, 12, 13, 21, 0, tzinfo=UTC), "/progress")
    assert "• Project Work: 9 h / 9 h ✓ <i>(roadmap 6–6.5 h)</i>" not in accelerated
    assert all("✓" in line for line in category_lines(accelerated))


# --- 5. catch-up a learner can follow ------------------------------------------------------------


async def test_catch_up_is_capped_the_choices_work_and_done_logs_what_is_left(bot: Bot) -> None:
    await onboard(bot)
    sunday = await at(bot, datetime(2026, 12, 6, 9, 0, tzinfo=UTC), "/progress")
    assert "Left this week: 12 h — today 3 h" in sunday
    assert "⚠️ Behind by 9 h" in sunday
    choice = bot.last(ADA)
    assert [text for text, _ in choice.buttons] == [
        "Carry 9 h into next week",
        "Lower this week's target",
        "Switch pace",
    ]
    (carried,) = await bot.press(ADA, choice, "Carry")
    assert carried.content == (
        "➡️ Carried 9 h into next week: this week now asks for 3 h, next week for 21 h."
    )
    await bot.press(ADA, choice, "Lower")  # pressed again: nothing left to move
    assert bot.toasts(ADA)[-1] == "You're not behind any more: nothing to change. 💪"
    monday = await at(bot, datetime(2026, 12, 7, 9, 0, tzinfo=UTC), "/progress")
    assert "This week: ░░░░░░░░░░ 0 min / 21 h (+9 h carried in)" in monday
    assert "Left this week: 21 h — today 2 h 15 min" in monday  # 1.5 × 1 h 30 min at most
    # A Saturday reminder: today's hours, what is left and ✅ Done agree.
    bot.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    await bot.say(ADA, "/log 30m")
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 7, 18, 0, tzinfo=UTC))
    reminder = next(m for m in bot.sent(ADA)[before:] if "Study time" in m.content)
    assert "Today: <b>Reading / watching tutorials for week’s topic</b> — 2 h 15 min" in (
        reminder.content
    )
    assert reminder.buttons[0][0] == "✅ Done 1 h 45 min"  # 2 h 15 min less the 30 min
    (logged,) = await bot.press(ADA, reminder, "Done")
    assert "✅ Logged <b>1 h 45 min</b> of learning for today." in logged.content


# --- 9, 10, 13, 14: the right week, one streak, a verdict ----------------------------------------


async def test_yesterday_on_the_plans_first_day_names_the_plans_start(bot: Bot) -> None:
    await onboard(bot)
    reply = await at(bot, MON, "/log 1h30 practice yesterday loops")
    assert reply == (
        "⚠️ 2026-11-29 is too far back: you can log from 2026-11-30 (the start of your plan) "
        "up to today."
    )


async def test_a_lost_week_has_one_streak_and_a_verdict_with_a_way_out(bot: Bot) -> None:
    await onboard(bot)
    await done_every_reminder(bot, MON)  # week 1: 12 h
    # Wednesday of week 2, nothing logged: the days left can take 13 h 30 min at 1.5× their
    # plan (2 h 15 min, 2 h 15 min, 6 h, 3 h), enough for the 10 h minimum.
    wednesday = await at(bot, datetime(2026, 12, 9, 9, 0, tzinfo=UTC), "/progress")
    assert (
        "🔥 Streak: 1 week in a row at your pace's minimum — 10 h more this week keeps it"
        in wednesday
    )
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 13, 20, 0, tzinfo=UTC))  # week 2: nothing at all
    recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
    assert (
        "🔴 <b>0 min of 12 h</b> — a lost week. It happens: take a break, or a lighter pace?"
        in (recap.content)
    )
    # The week has not ended: it cannot break the streak yet; but Sunday can take at most 3 h
    # (1.5× its 2 h), so the 10 h minimum is out of reach, and both say so.
    streak = "🔥 Your 1-week streak ends with this week (0 min of 10 h)."
    assert streak in recap.content
    progress = await at(bot, datetime(2026, 12, 13, 20, 30, tzinfo=UTC), "/progress")
    assert streak in progress
    monday = await at(bot, datetime(2026, 12, 14, 9, 0, tzinfo=UTC), "/progress")
    assert "🔥 Streak: 0 weeks in a row at your pace's minimum" in monday
    (paused,) = await bot.press(ADA, recap, "Pause a week")  # pressed on Monday morning
    assert paused.content.startswith(
        "⏸ Paused for 7 days, through Sunday 20 Dec 2026; back on Monday 21 Dec 2026."
    )
    assert paused.content.endswith(
        "With more than half of this week paused, roadmap week 3 comes again next week."
    )
    assert "recap</b>" in bot.message(ADA, recap.message_id).content  # the recap stays


async def test_a_break_from_a_sunday_recap_pauses_the_coming_week(bot: Bot) -> None:
    """The recap reported the week in progress: the break leaves that week as it was."""
    await onboard(bot)
    await done_every_reminder(bot, MON)  # week 1: 12 h
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 13, 20, 0, tzinfo=UTC))  # week 2: nothing at all
    recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
    bot.clock.set(datetime(2026, 12, 13, 20, 5, tzinfo=UTC))  # still Sunday
    (paused,) = await bot.press(ADA, recap, "Pause a week")
    assert paused.content == (
        "⏸ Paused Mon 14 Dec – Sun 20 Dec (7 days); back on Monday 21 Dec 2026. "
        "/resume cancels it. No reminders meanwhile, and paused days ask for nothing. "
        "With more than half of plan week 3 paused, roadmap week 3 comes again in plan week 4."
    )
    progress = await at(bot, datetime(2026, 12, 13, 20, 30, tzinfo=UTC), "/progress")
    assert "This week: ░░░░░░░░░░ 0 min / 12 h (pace band 10–15 h)" in progress
    assert (
        "Status: active; a pause from Monday 14 Dec 2026, through Sunday 20 Dec 2026; back on "
        "Monday 21 Dec 2026\n"
    ) in await bot.say_one(ADA, "/settings")
    week = await bot.say_one(ADA, "/week next")
    assert "<b>Plan week 3/25</b> · roadmap week 3" in week
    assert "Mon 14 Dec: paused" in week
    assert "Sun 20 Dec: paused" in week


async def test_a_break_from_a_monday_recap_pauses_from_the_day_it_is_pressed(bot: Bot) -> None:
    """The recap reported last week: the break begins on the day of the press, for 7 days."""
    await onboard(bot)
    await bot.say(ADA, "/recaptime mon 08:00")
    await done_every_reminder(bot, MON)  # week 1: 12 h
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 14, 8, 0, tzinfo=UTC))  # reports week 2: nothing at all
    recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
    assert "📊 <b>Week 2 recap</b> · Mon 7 Dec – Sun 13 Dec" in recap.content
    bot.clock.set(datetime(2026, 12, 15, 9, 0, tzinfo=UTC))  # pressed on Tuesday
    (paused,) = await bot.press(ADA, recap, "Pause a week")
    assert paused.content == (
        "⏸ Paused for 7 days, through Monday 21 Dec 2026; back on Tuesday 22 Dec 2026. "
        "/resume to come back sooner. No reminders meanwhile, and paused days ask for nothing. "
        "With more than half of this week paused, roadmap week 3 comes again next week."
    )


async def test_a_category_with_nothing_planned_in_a_short_week_shows_its_time_alone(
    bot: Bot,
) -> None:
    await onboard(bot, start="Today")  # Saturday 28 Nov: week 1 holds Saturday and Sunday
    await bot.say(ADA, "/log 1h practice")
    progress = await bot.say_one(ADA, "/progress")
    assert category_lines(progress) == [
        "• Learning &amp; Reading: 0 min (no time planned this week) <i>(roadmap 3–5 h)</i>",
        "• Hands-on Coding Practice: 1 h (no time planned this week) <i>(roadmap 4–6 h)</i>",
        "• Project Work: 0 min / 4 h <i>(roadmap 3–4 h)</i>",
        "• Revision / Notes / Reflection: 0 min / 2 h <i>(roadmap 1–2 h)</i>",
    ]


async def test_a_good_week_is_praised_and_counts_for_the_streak(bot: Bot) -> None:
    await onboard(bot)
    await done_every_reminder(bot, MON)
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 6, 20, 0, tzinfo=UTC))
    recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
    lines = recap.content.split("\n")
    assert lines[:2] == [
        "📊 <b>Week 1 recap</b> · Mon 30 Nov – Sun 6 Dec",
        "✅ <b>12 h of 12 h</b> — the whole plan. Well done!",
    ]
    assert "🔥 Streak: 1 week in a row at your pace's minimum" in recap.content
    assert "Fri 4 Dec: free" in recap.content


async def test_a_monday_morning_recap_reports_the_week_that_ended(bot: Bot) -> None:
    await onboard(bot)
    await bot.say(ADA, "/recaptime mon 08:00")
    bot.clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    await bot.say(ADA, "/log 3")
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
    assert recap.content.startswith(
        "📊 <b>Week 1 recap</b> · Mon 30 Nov – Sun 6 Dec\n"
        "🟡 <b>3 h of 12 h</b> — short of the 10 h minimum."
    )


# --- 15: smaller things --------------------------------------------------------------------------


async def test_week_one_can_be_read_before_the_start(bot: Bot) -> None:
    await onboard(bot)
    week = await bot.say_one(ADA, "/week")
    assert "<b>Plan week 1/24</b> · roadmap week 1" in week
    assert "Daily plan</b> (Mon 30 Nov – Sun 6 Dec)" in week
    assert "Fri 4 Dec: free" in week
    following = await bot.say_one(ADA, "/week next")
    assert "<b>Plan week 2/24</b> · roadmap week 2" in following
    assert "Plan week 24/24" in await bot.say_one(ADA, "/week 24")
    assert await bot.say_one(ADA, "/week 25") == (
        "⚠️ Your plan has weeks 1 to 24; there is no week 25."
    )


async def test_part_time_says_two_thirds_of_a_roadmap_week(bot: Bot) -> None:
    await onboard(bot, pace="Slow/Part-Time")
    week = await bot.say_one(ADA, "/week")
    assert "At the Slow/Part-Time pace a plan week covers two thirds of a roadmap week." in week
    assert "0.667" not in week


# --- /resume after a change of time zone ends the pause that holds today ------------------------


async def test_resume_after_the_zone_moved_today_before_the_pause(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "Next Monday")
    await bot.say(ADA, "Pacific/Kiritimati")  # UTC+14
    await bot.press(ADA, bot.last(ADA), "18:00")
    tuesday_evening = MON + timedelta(days=1, hours=12)  # Wednesday 11:00 in Kiritimati
    paused = await at(bot, tuesday_evening, "/pause 3")
    assert "⏸ Paused for 3 days, through Friday 4 Dec 2026; back on Saturday 5 Dec 2026." in paused
    moved = await at(bot, tuesday_evening, "/timezone UTC-12")  # now Tuesday 09:00 there
    assert "Time zone: <b>UTC-12:00</b>" in moved
    again = await bot.say_one(ADA, "/pause 2")
    assert again == (
        "⚠️ You have a pause from Wednesday 2 Dec 2026 through Friday 4 Dec 2026 already. "
        "/resume cancels it."
    )
    assert "Welcome back!" in await bot.say_one(ADA, "/resume")
    assert "Status: active" in await bot.say_one(ADA, "/settings")
    # Tuesday is a study day again: its reminder comes at 18:00 in UTC-12.
    before = len(bot.sent(ADA))
    await bot.tick(datetime(2026, 12, 2, 6, 0, tzinfo=UTC))
    (reminder,) = bot.sent(ADA)[before:]
    assert "Study time" in reminder.content
    assert "Left this week: 12 h — today 1 h 45 min, Wed 2 Dec 1 h 45 min" in reminder.content
