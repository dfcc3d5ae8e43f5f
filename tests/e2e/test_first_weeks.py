"""The first weeks of a plan, as a learner reads them: the start taken before one is chosen, a
first week that began mid-week, a week still in progress. Times are UTC; so is the learner."""

from __future__ import annotations

from datetime import UTC, datetime

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
