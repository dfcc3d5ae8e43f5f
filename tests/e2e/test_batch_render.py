"""The pushes of a claim batch are read together and rendered by the same pure functions as one
push at a time: the same messages, byte for byte, whatever state each learner is in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from bot.db import plans, repo, weeks
from bot.db.models import DeliveryKind
from bot.db.uow import UnitOfWork
from bot.services.reports import LearnerRows
from scheduler.claims import Claim
from scheduler.pushes import Pushes
from tests.e2e.harness import Bot

SUNDAY_EVENING = datetime(2026, 12, 13, 19, 30, tzinfo=UTC)


async def onboard(bot: Bot, chat: int, pace: str, start: str, zone: str) -> None:
    await bot.say(chat, "/start")
    await bot.press(chat, bot.last(chat), pace)
    await bot.say(chat, start)
    await bot.say(chat, zone)
    await bot.say(chat, "19:00")


async def learners_in_many_states(bot: Bot) -> list[int]:
    """Seven learners: three paces, four zones, pauses, logs over two weeks, notes, one who has
    not started yet and one who never finished setting up."""
    bot.clock.set(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"]
    paces = ["Standard", "Slow", "Accelerated"]
    chats = list(range(9_100, 9_106))
    for n, chat in enumerate(chats):
        start = "2026-12-14" if n == 5 else "2026-11-30"
        await onboard(bot, chat, paces[n % 3], start, zones[n % 4])
    await bot.say(9_106, "/start")  # stops at the first question
    for day in range(14):
        bot.clock.set(datetime(2026, 11, 30, 12, 0, tzinfo=UTC) + timedelta(days=day))
        for n, chat in enumerate(chats[:5]):
            if (day + n) % 3:
                await bot.say(
                    chat, f"/log {1 + n % 3}.5 {['learning', 'practice', 'project'][n % 3]}"
                )
        if day == 2:
            await bot.say(chats[1], "/pause 3")
            await bot.say(chats[2], "- closures keep their scope\n- git rebase -i")
    await bot.say(chats[4], "/pause 1")  # paused today, Sunday
    return [*chats, 9_106]


def claims_for(chats: list[int]) -> list[Claim]:
    found = []
    for n, chat in enumerate(chats):
        found.append(Claim(n, n, chat, DeliveryKind.DAILY, "2026-12-13"))
        found.append(Claim(100 + n, n, chat, DeliveryKind.RECAP, "2026-12-13"))
        if n % 2:
            found.append(Claim(200 + n, n, chat, DeliveryKind.RECAP, "2026-12-07"))
    return found


async def test_a_batch_renders_what_one_at_a_time_renders(bot: Bot) -> None:
    chats = await learners_in_many_states(bot)
    bot.clock.set(SUNDAY_EVENING)
    pushes = Pushes(bot.curriculum, bot.coach)
    claims = claims_for([*chats, 9_999])  # 9_999: no learner (forgotten meanwhile)

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    target = bot.engine.sync_engine
    event.listen(target, "before_cursor_execute", count)
    try:
        prepared = await pushes.prepare(claims)
    finally:
        event.remove(target, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 9  # for 18 pushes of 7 learners, not 9 a push

    rendered = 0
    for claim in claims:
        if claim.chat_id == 9_999:
            assert not any(w.chat_id == 9_999 for w in prepared)
            continue
        batch = await pushes.render(claim, prepared)
        alone = await pushes.render(claim)
        assert batch == alone, (claim.chat_id, claim.kind, claim.period)
        rendered += batch is not None
    assert rendered >= 12  # most of them say something: the comparison is not of Nones

    # What the batch read is what the learners would read: one of them, spelled out.
    (reminder,) = await pushes.render(claims[0], prepared) or []
    assert "Plan week 2/24" in reminder.text  # type: ignore[union-attr]


async def test_a_batch_made_from_the_claims_rows_renders_what_one_at_a_time_renders(
    bot: Bot,
) -> None:
    """The learners a claim read (half of them here) are not read again: the batch is made
    from those rows, with the same messages, and four statements fewer when every learner is
    known."""
    chats = await learners_in_many_states(bot)
    bot.clock.set(SUNDAY_EVENING)
    pushes = Pushes(bot.curriculum, bot.coach)
    claims = claims_for(chats)
    known = await rows_as_a_claim_reads_them(bot, chats[::2])

    prepared = await pushes.prepare(claims, known)
    for claim in claims:
        batch = await pushes.render(claim, prepared)
        assert batch == await pushes.render(claim), (claim.chat_id, claim.kind, claim.period)

    every = await rows_as_a_claim_reads_them(bot, chats)
    read_all, from_rows = (
        await selects_of(bot, pushes, claims, {}),
        await selects_of(bot, pushes, claims, every),
    )
    assert read_all - from_rows == 4  # the learners, their pauses, segments and adjustments


async def rows_as_a_claim_reads_them(bot: Bot, chats: list[int]) -> dict[int, LearnerRows]:
    async with UnitOfWork(bot.engine).read() as session:
        learners = await weeks.learners_by_chat(session, chats)
        ids = [learner.id for learner in learners.values()]
        pauses = await repo.pauses_by_learner(session, ids)
        segments = await plans.segments_by_learner(session, ids)
        adjustments = await plans.adjustments_by_learner(session, ids)
    return {
        chat: LearnerRows(
            learner,
            pauses.get(learner.id, []),
            segments.get(learner.id, []),
            adjustments.get(learner.id, {}),
        )
        for chat, learner in learners.items()
    }


async def selects_of(
    bot: Bot, pushes: Pushes, claims: list[Claim], known: dict[int, LearnerRows]
) -> int:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(bot.engine.sync_engine, "before_cursor_execute", count)
    try:
        await pushes.prepare(claims, known)
    finally:
        event.remove(bot.engine.sync_engine, "before_cursor_execute", count)
    return sum(s.lstrip().upper().startswith("SELECT") for s in statements)
