"""The finish line: a whole accelerated plan (16 weeks) followed to its end, then the completion
summary, sent once, with its certificate chart and review mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.db import repo
from bot.db.uow import UnitOfWork
from tests.e2e.harness import Bot
from tests.e2e.test_plan_moves import ADA, onboard
from tests.e2e.test_pushes import statuses

FIRST_SUNDAY = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # plan week 1: Mon 30 Nov – Sun 6 Dec
# Accelerated: 20 h a week at least. Weeks 1–4 meet it, week 5 does not, weeks 6–16 do (11 in
# a row): 4 × 20 h + 12 h + 11 × 21 h = 323 h.
LOGS: dict[int, tuple[str, ...]] = {week: ("/log 10 sat", "/log 10") for week in range(1, 5)}
LOGS[5] = ("/log 12",)
LOGS |= {week: ("/log 10 sat", "/log 11") for week in range(6, 17)}
NOTES = {2: "/note - pathlib over os.path\n- argparse subcommands", 9: "/note - JWT expiry"}
NOT_SHIPPED_IN = 5  # its recap asks for roadmap week 7's project: "Not yet"
THE_MORNING_AFTER = datetime(2027, 3, 22, 9, 0, tzinfo=UTC)  # Monday after plan week 16


async def follow_the_plan(bot: Bot) -> None:
    """Each Sunday: the week's hours and notes at noon, the recap at 20:00, its projects."""
    for week in range(1, 17):
        sunday = FIRST_SUNDAY + timedelta(weeks=week - 1)
        bot.clock.set(sunday)
        for text in (*LOGS[week], *([NOTES[week]] if week in NOTES else [])):
            await bot.say(ADA, text)
        before = len(bot.sent(ADA))
        await bot.tick(sunday.replace(hour=20))
        recap = next(m for m in bot.sent(ADA)[before:] if "recap</b>" in m.content)
        for label, _data in list(recap.buttons):
            if label.startswith("✅ Shipped"):
                answer = "Not yet" if week == NOT_SHIPPED_IN else label
                await bot.press(ADA, bot.message(ADA, recap.message_id), answer)


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_the_completion_summary_comes_once_after_the_last_week(bot: Bot) -> None:
    await onboard(bot, pace="Accelerated")
    await follow_the_plan(bot)
    assert ("finish", "plan", "pending") in await statuses(bot, ADA)
    await bot.say(ADA, "/ship 1 https://github.com/ada/calc?a=1&b=2")
    (week_1,) = await bot.say(ADA, "/week 1")
    await bot.press(ADA, week_1, "☐ Set up")
    before = len(bot.sent(ADA))
    await bot.tick(THE_MORNING_AFTER - timedelta(minutes=1))
    assert not any("finish line" in m.content for m in bot.sent(ADA)[before:])
    await bot.tick(THE_MORNING_AFTER)
    sent = bot.sent(ADA)[before:]
    assert "Month 6 milestone" in sent[0].content  # the milestone first, then the finish
    certificate, summary = sent[-2:]
    assert certificate.photo is not None
    assert certificate.photo.startswith(b"\x89PNG")
    assert certificate.content == (
        "🏅 6-Month Python Backend Developer Roadmap: 323 h in 16 weeks, hours per week with "
        "the milestones marked."
    )
    text = summary.content
    assert text.startswith(
        "🎓 <b>You reached the finish line of the 6-Month Python Backend Developer Roadmap!</b>\n"
        "Monday 30 Nov 2026 – Sunday 21 Mar 2027\n\n"
        "⏱ Total: <b>323 h</b>, inside the roadmap's 250–350 h range ✅\n"
        "📅 Weeks: 16 plan weeks, ending at the Accelerated pace\n"
        "🚀 Projects shipped: 23/24\n"
        "• Week 1: Python Basics, Environment &amp; Git Foundations — <a href="
        '"https://github.com/ada/calc?a=1&amp;b=2">https://github.com/ada/calc?a=1&amp;b=2</a>\n'
    )
    assert "• Week 7:" not in text
    assert "\n• Week 24: Capstone Execution\n" in text
    assert (
        "🎯 Goals ticked: 1/82\n📝 Notes written: 3\n"
        "🔥 Longest streak: 11 weeks in a row at your pace's minimum" in text
    )
    assert summary.buttons == [("🔁 Review mode", "review")]
    # Sent once: a second tick, and a later one, send nothing more.
    after = len(bot.sent(ADA))
    await bot.tick(THE_MORNING_AFTER + timedelta(minutes=1))
    await bot.tick(THE_MORNING_AFTER + timedelta(days=2))
    assert len(bot.sent(ADA)) == after
    assert [s for s in await statuses(bot, ADA) if s[0] == "finish"] == [("finish", "plan", "sent")]
    # Review mode: the reminders go, the commands stay.
    answered = await bot.press(ADA, summary, "Review mode")
    assert bot.toasts(ADA)[-1] == "Review mode on: reminders off."
    assert answered[-1].content.startswith("🔁 Review mode: no more reminders.")
    assert bot.message(ADA, summary.message_id).buttons == []
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
    assert learner is not None
    assert learner.reminder_time is None
    logged = await bot.say_one(ADA, "/log 1")
    assert (
        logged
        == "✅ Logged <b>1 h</b> of learning for today.\nThat day: 1 h (outside your plan weeks)."
    )


LAST_RECAP = datetime(2027, 3, 21, 20, 0, tzinfo=UTC)  # plan week 16's, the last one
# After /startdate 2027-03-22 the plan's 16 weeks run Mon 22 Mar – Sun 11 Jul 2027.
NEW_LAST_RECAP = datetime(2027, 7, 11, 20, 0, tzinfo=UTC)
FINISH_LINE = "🎓 <b>You reached the finish line"


async def finish_lines(bot: Bot, since: int) -> list[str]:
    return [m.content for m in bot.sent(ADA)[since:] if m.content.startswith(FINISH_LINE)]


async def hourly(bot: Bot, start: datetime, hours: int) -> None:
    for hour in range(hours + 1):
        await bot.tick(start + timedelta(hours=hour))


async def test_a_plan_made_longer_after_its_last_recap_gets_its_summary_at_its_new_end(
    bot: Bot,
) -> None:
    await onboard(bot, pace="Accelerated")
    before = len(bot.sent(ADA))
    await bot.tick(LAST_RECAP)
    assert ("finish", "plan", "pending") in await statuses(bot, ADA)
    bot.clock.set(LAST_RECAP + timedelta(hours=1))
    await bot.say(ADA, "/startdate 2027-03-22")
    await bot.tick(THE_MORNING_AFTER)  # the old end: the plan runs on, nothing to say yet
    assert await finish_lines(bot, before) == []
    await bot.tick(NEW_LAST_RECAP)
    await hourly(bot, NEW_LAST_RECAP, 40)
    (summary,) = await finish_lines(bot, before)
    assert "\nMonday 22 Mar 2027 – Sunday 11 Jul 2027\n" in summary
    assert [s for s in await statuses(bot, ADA) if s[0] == "finish"] == [("finish", "plan", "sent")]


async def test_a_plan_finished_and_summarised_never_gets_a_second_summary(bot: Bot) -> None:
    await onboard(bot, pace="Accelerated")
    before = len(bot.sent(ADA))
    await bot.tick(LAST_RECAP)
    await hourly(bot, LAST_RECAP, 16)
    assert len(await finish_lines(bot, before)) == 1
    bot.clock.set(THE_MORNING_AFTER + timedelta(hours=1))
    await bot.say(ADA, "/startdate 2027-03-22")  # the plan made longer after its summary
    await bot.tick(NEW_LAST_RECAP)
    await hourly(bot, NEW_LAST_RECAP, 40)
    assert len(await finish_lines(bot, before)) == 1
    assert [s for s in await statuses(bot, ADA) if s[0] == "finish"] == [("finish", "plan", "sent")]
