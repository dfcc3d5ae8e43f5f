"""A settings change reads the learner's plan once and works its weeks out once, and reschedules
the pushes as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from bot.db import repo
from bot.db.uow import UnitOfWork
from bot.domain import plan
from tests.e2e.harness import Bot

ADA = 1301


async def test_a_new_reminder_time_costs_one_read_of_the_plan(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "This Monday")
    await bot.press(ADA, bot.last(ADA), "Europe/Berlin")
    await bot.press(ADA, bot.last(ADA), "20:00")
    await bot.say(ADA, "/pause 2")

    computed: list[object] = []
    compute = plan._plan_weeks

    def counted(curriculum: object, learner_plan: plan.LearnerPlan) -> object:
        computed.append(learner_plan)
        return compute(curriculum, learner_plan)  # type: ignore[arg-type]

    monkeypatch.setattr(plan, "_plan_weeks", counted)
    plan._weeks_seen.clear()  # nothing kept from the setup
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]).lstrip().upper())

    target = bot.engine.sync_engine
    event.listen(target, "before_cursor_execute", count)
    try:
        reply = await bot.say_one(ADA, "/remind 07:30")
    finally:
        event.remove(target, "before_cursor_execute", count)

    assert "Daily reminder: <b>07:30</b>" in reply
    # The settings change itself: the learner with its pauses, segments and adjustments, in
    # one statement.
    selects = [s for s in statements if s.startswith("SELECT")]
    assert len(selects) == 1, selects
    assert len(computed) == 1  # the view before and after, the next reminder and recap share it
    async with UnitOfWork(bot.engine).read() as session:
        learner = await repo.learner_by_chat(session, ADA)
    assert learner is not None
    # Saturday 28 Nov, paused for today and tomorrow: the next reminder is Monday's, 07:30 in
    # Berlin; the recap stays on Sunday 6 Dec at 20:00 (this Sunday is paused).
    assert learner.next_reminder_at == datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    assert learner.next_recap_at == datetime(2026, 12, 6, 19, 0, tzinfo=UTC)


async def test_a_read_only_command_is_two_statements_and_so_is_a_log(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "This Monday")
    await bot.press(ADA, bot.last(ADA), "UTC")
    await bot.press(ADA, bot.last(ADA), "18:00")
    await bot.say(ADA, "/log 1")  # the learner is marked as seen: the next ones only read
    statements: list[str] = []

    def count(*args: object) -> None:
        statement = str(args[2]).lstrip().upper()
        if not statement.startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")):
            statements.append(statement.split()[0])

    target = bot.engine.sync_engine
    event.listen(target, "before_cursor_execute", count)
    try:
        found = {}
        for command in ("/today", "/progress", "/log 30m"):
            statements.clear()
            reply = await bot.say_one(ADA, command)
            found[command] = list(statements)
    finally:
        event.remove(target, "before_cursor_execute", count)
    assert "Logged <b>30 min</b>" in reply
    # The learner with their plan's rows; then the week's minutes, notes, answers and ticks.
    assert found["/today"] == found["/progress"] == ["SELECT", "SELECT"]
    # One write transaction, on both databases: the learner with the plan's rows (their row
    # locked on PostgreSQL), then the insert, which checks the day's 24 h and reads the week's
    # total itself.
    assert found["/log 30m"] == ["SELECT", "INSERT"]


async def test_one_learners_hours_never_count_for_another(bot: Bot) -> None:
    """The day's minutes the 24 h cap counts, and the week's in the reply, are each learner's
    own, however many there are."""
    for chat in (ADA, ADA + 1):
        await bot.say(chat, "/start")
        await bot.press(chat, bot.last(chat), "Standard")
        await bot.press(chat, bot.last(chat), "This Monday")
        await bot.press(chat, bot.last(chat), "UTC")
        await bot.press(chat, bot.last(chat), "18:00")
    assert "Logged <b>12 h</b>" in await bot.say_one(ADA, "/log 12")
    assert "Logged <b>12 h</b>" in await bot.say_one(ADA, "/log 12 practice")
    logged = await bot.say_one(ADA + 1, "/log 1.5")  # Ada's full day is hers alone
    assert logged.startswith("✅ Logged <b>1 h 30 min</b> of project for today.\nThis week: ")
    assert "1 h 30 min / " in logged
