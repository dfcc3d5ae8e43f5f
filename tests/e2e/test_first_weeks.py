"""The first weeks of a plan, as a learner reads them: the start taken before one is chosen, a
first week that began mid-week, a week still in progress. Times are UTC; so is the learner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import Bot

ADA = 6001
SAT = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # the harness's start: Saturday 28 Nov


async def at(bot: Bot, when: datetime, text: str) -> str:
    bot.clock.set(when)
    return await bot.say_one(ADA, text)


async def test_a_learner_met_on_saturday_starts_next_monday(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    pace_question = bot.last(ADA)
    (start_question,) = await bot.press(ADA, pace_question, "Standard")
    assert bot.message(ADA, pace_question.message_id).content == (
        "Pace: <b>Standard</b> (10–15 h a week). Your plan: 24 plan weeks, "
        "ending Sunday 16 May 2027."
    )
    assert [text for text, _ in start_question.buttons] == [
        "Next Monday (Mon 30 Nov)",
        "This Monday (Mon 23 Nov)",
        "Today (Sat 28 Nov)",
    ]
    # Unanswered, the start is the Monday offered first: nothing is due on Saturday.
    assert (await bot.say_one(ADA, "/today")).startswith(
        "Your plan starts on <b>Monday 30 Nov 2026</b> (in 2 days).\n"
        "Week 1: <b>Python Basics, Environment &amp; Git Foundations</b>"
    )


async def recap_at(bot: Bot, when: datetime) -> str:
    """The recap among what /recap sends (a chart, the recap, the notes prompt)."""
    bot.clock.set(when)
    (recap,) = [m.content for m in await bot.say(ADA, "/recap") if "recap</b> ·" in m.content]
    return recap


async def onboard_from_sunday(bot: Bot) -> None:
    """Standard pace from Sunday 29 Nov (typed), UTC, reminders at 18:00."""
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.say(ADA, "sunday")
    await bot.press(ADA, bot.last(ADA), "UTC")
    await bot.press(ADA, bot.last(ADA), "18:00")


async def test_no_recap_comes_for_a_slot_before_the_start(bot: Bot) -> None:
    await onboard_from_sunday(bot)
    assert "Friday 19:00" in await at(bot, SAT, "/recaptime fri 7pm")
    before = len(bot.sent(ADA))
    await bot.tick(SAT + timedelta(minutes=1))  # Friday 27 Nov 19:00 is before the start
    await bot.advance(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))  # a week on, before Friday 19:00
    assert [m.content for m in bot.sent(ADA)[before:] if "recap" in m.content] == []
    await bot.advance(datetime(2026, 12, 4, 19, 1, tzinfo=UTC))
    (recap,) = [m.content for m in bot.sent(ADA)[before:] if "recap</b> ·" in m.content]
    assert recap.startswith("📊 <b>Week 2 recap</b> · Mon 30 Nov – Sun 6 Dec")


async def test_a_first_week_mostly_before_the_start_is_said_to_be_short(bot: Bot) -> None:
    await onboard_from_sunday(bot)
    before = len(bot.sent(ADA))
    await bot.advance(datetime(2026, 11, 29, 20, 1, tzinfo=UTC))
    (recap,) = [m.content for m in bot.sent(ADA)[before:] if "recap</b> ·" in m.content]
    print(recap)
    assert (
        "⏸ A short first week: the plan began on Sun 29 Nov (0 min logged): "
        "roadmap week 1 comes again next week."
    ) in recap
    assert "paused" not in recap
    today = await at(bot, datetime(2026, 11, 30, 9, 0, tzinfo=UTC), "/today")
    assert today.startswith(
        "<b>Plan week 2/25</b> · roadmap week 1 (again: week 1 was short, the plan began on "
        "Sun 29 Nov)\n"
    )


async def test_a_recap_of_the_week_in_progress_speaks_of_it_so_far(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "Next Monday")
    await bot.press(ADA, bot.last(ADA), "UTC")
    await bot.press(ADA, bot.last(ADA), "18:00")
    monday = await recap_at(bot, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    assert monday.startswith(
        "📊 <b>Week 1 recap</b> · Mon 30 Nov – Sun 6 Dec\n"
        "🕒 <b>0 min of 12 h</b> so far — the week runs to Sun 6 Dec.\n"
    )
    assert "lost" not in monday
    # On its last day a week short of its minimum is what it is.
    sunday = await recap_at(bot, datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    assert (
        "🔴 <b>0 min of 12 h</b> — a lost week. It happens: take a break, or a lighter pace?"
        in (sunday)
    )


async def test_an_open_pause_leaves_this_week_only_its_days_before_it(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "Next Monday")
    await bot.press(ADA, bot.last(ADA), "UTC")
    await bot.press(ADA, bot.last(ADA), "18:00")
    await at(bot, datetime(2026, 11, 30, 19, 0, tzinfo=UTC), "/log 1.5")
    tuesday = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    paused = await at(bot, tuesday, "/pause")
    assert "With more than half of this week paused, roadmap week 1 comes again next week." in (
        paused
    )
    today = await at(bot, tuesday, "/today")
    assert "This week: ▓▓▓▓▓▓▓▓▓▓ 1 h 30 min / 1 h 30 min (5 study days paused)" in today
    assert today.startswith("<b>Plan week 1/25</b> · roadmap week 1")  # week 1 comes again


async def test_the_plan_ticks_only_the_weeks_done(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "Next Monday")
    await bot.press(ADA, bot.last(ADA), "UTC")
    await bot.press(ADA, bot.last(ADA), "18:00")
    for day in (30, 1, 2, 3, 5):  # week 1: 5 × 2 h = 10 h, the minimum
        month = 11 if day == 30 else 12
        await at(bot, datetime(2026, month, day, 19, 0, tzinfo=UTC), "/log 2")
    await at(bot, datetime(2026, 12, 7, 19, 0, tzinfo=UTC), "/log 1.5")  # week 2: 1 h 30 min
    await at(bot, datetime(2026, 12, 14, 9, 0, tzinfo=UTC), "/pause 7")  # week 3: all paused
    plan = await at(bot, datetime(2026, 12, 21, 9, 0, tzinfo=UTC), "/plan")
    assert plan.startswith(
        "<b>6-Month Python Backend Developer Roadmap</b> · Standard pace, 25 plan weeks from "
        "Monday 30 Nov 2026\n"
    )
    assert "<i>Past weeks: ✓ at your pace's minimum · ○ short of it · ⏸ came again.</i>" in plan
    assert (
        "✓ 1. Mon 30 Nov · wk 1: Python Basics, Environment &amp; Git Foundations\n"
        "○ 2. Mon 7 Dec · wk 2: Data Structures, Modules &amp; Git Workflow\n"
        "⏸ 3. Mon 14 Dec · wk 3: OOP &amp; Error Handling\n"
        "▶ <b>4. Mon 21 Dec · wk 3: OOP &amp; Error Handling (again)</b> ← you are here\n"
        "· 5. Mon 28 Dec · wk 4: Files, JSON, Logging &amp; Testing\n"
    ) in plan
