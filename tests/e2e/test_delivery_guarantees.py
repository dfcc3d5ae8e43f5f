"""Delivery guarantees: Telegram's limits, crashes (SIGKILL) between claim and send, a second
pass while the first is still sending, and one bad push among many."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SystemClock
from bot.db.migrate import upgrade_database
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus, Learner
from bot.db.session import create_engine
from botapi_emulator import BotApiEmulator, FloodLimits
from scheduler.claims import MAX_ATTEMPTS, TickReport
from scheduler.runner import Runner
from scheduler.sender import Limits, Sender
from tests.e2e.harness import TOKEN, Bot
from tests.e2e.seeding import (
    UNKNOWN_PACE,
    give_unknown_pace,
    make_unrenderable,
    refusing_deliveries,
    seed_learners,
)

DUE = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # a Tuesday: a study day
START = date(2026, 11, 30)
CONCURRENCY = 32  # the runner's sends in flight at once


def reminders(emulator: BotApiEmulator, chats: list[int]) -> Counter[int]:
    return Counter(
        {
            chat: sum("Study time" in m.content for m in emulator.bot_messages(chat))
            for chat in chats
        }
    )


@pytest.mark.slow
@pytest.mark.alone  # counts requests per second
async def test_a_fan_out_of_600_stays_inside_telegrams_limits(bot: Bot) -> None:
    if bot.engine.dialect.name != "sqlite":
        pytest.skip("the limits do not depend on the database: measured once, on SQLite")
    chats = list(range(20_000, 20_600))
    await seed_learners(bot.engine, chats, DUE, START)
    for chat in chats:
        bot.emulator.chat(chat)
    bot.emulator.flood = FloodLimits(per_second=30, per_chat_per_second=1)
    assert bot.app is not None
    assert bot.push_bot is not None
    runner = Runner(bot.curriculum, bot.uow, bot.coach, bot.push_bot, Sender(Limits()))
    bot.clock.set(DUE)
    report = await runner.run_due(DUE)
    assert report.count("sent") == 600
    assert reminders(bot.emulator, chats) == Counter({chat: 1 for chat in chats})
    assert [e for e in bot.emulator.errors if e[1] == 429] == []


# --- crashes: `coach tick` as a process, killed with SIGKILL ------------------------------------


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[str, AsyncEngine]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    engine = create_engine(url)
    await upgrade_database(engine)
    yield url, engine
    await engine.dispose()


async def start_tick(url: str, base_url: str, now: datetime) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": url,
        "RATE_LIMIT": "false",
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "tick", "--now", now.isoformat(), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(process: asyncio.subprocess.Process) -> None:
    _out, err = await asyncio.wait_for(process.communicate(), 300)  # a bound, on a busy machine
    assert process.returncode == 0, err.decode()


async def deliveries(engine: AsyncEngine) -> list[Delivery]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(Delivery))
        return list(rows)  # type: ignore[arg-type]


@pytest.mark.slow
async def test_killed_between_claim_and_send_sends_once_after_restart(
    database: tuple[str, AsyncEngine],
) -> None:
    url, engine = database
    chat = 30_001
    await seed_learners(engine, [chat], DUE, START)
    async with BotApiEmulator() as emulator:
        emulator.chat(chat)
        emulator.hold_sends(chat)
        process = await start_tick(url, emulator.base_url, DUE)
        await emulator.wait_until(
            lambda: any(m == "sendMessage" for m, _ in emulator.calls), within=60
        )
        process.kill()  # SIGKILL: claimed and committed, the send still in the air
        await process.wait()
        emulator.drop_held(chat)  # that send never completes
        (claimed,) = await deliveries(engine)
        assert claimed.status == DeliveryStatus.CLAIMED
        assert reminders(emulator, [chat])[chat] == 0

        await finish(await start_tick(url, emulator.base_url, DUE + timedelta(minutes=1)))
        assert reminders(emulator, [chat])[chat] == 0  # the lease has not run out yet
        await finish(await start_tick(url, emulator.base_url, DUE + timedelta(minutes=3)))
        assert reminders(emulator, [chat])[chat] == 1
        (sent,) = await deliveries(engine)
        assert (sent.status, sent.attempts) == (DeliveryStatus.SENT, 2)
        await finish(await start_tick(url, emulator.base_url, DUE + timedelta(minutes=4)))
        assert reminders(emulator, [chat])[chat] == 1


@pytest.mark.slow
async def test_five_kills_during_a_fan_out_of_2000_lose_nothing(
    database: tuple[str, AsyncEngine],
) -> None:
    url, engine = database
    chats = list(range(40_000, 42_000))
    await seed_learners(engine, chats, DUE, START)
    rng = random.Random(7)
    async with BotApiEmulator() as emulator:
        for chat in chats:
            emulator.chat(chat)

        def arrived() -> int:
            return sum(len(emulator.bot_messages(chat)) for chat in chats)

        now = DUE
        for _kill in range(5):
            target = arrived() + rng.randint(1, 150)  # a random moment of the fan-out
            process = await start_tick(url, emulator.base_url, now)
            await emulator.wait_until(lambda t=target: arrived() >= t, within=120)  # type: ignore[misc]
            process.send_signal(signal.SIGKILL)
            await process.wait()
            now += timedelta(minutes=3)  # the next start finds the dead claims' leases over
        await finish(await start_tick(url, emulator.base_url, now))

    counts = reminders(emulator, chats)
    lost = [chat for chat in chats if counts[chat] == 0]
    duplicates = sum(counts.values()) - len(chats)
    print(f"\n5 kills during a fan-out of 2000: {len(lost)} lost, {duplicates} duplicates")
    assert lost == []
    assert duplicates <= 5 * CONCURRENCY
    statuses = Counter(d.status for d in await deliveries(engine))
    assert statuses == Counter({DeliveryStatus.SENT: len(chats)})


# --- a second pass while the first is still sending ---------------------------------------------


async def seed(bot: Bot, chats: list[int]) -> None:
    """Learners whose reminder is due at DUE, each with a chat on the emulated Telegram."""
    await seed_learners(bot.engine, chats, DUE, START)
    for chat in chats:
        bot.emulator.chat(chat)


def sends_to(emulator: BotApiEmulator, chat: int) -> int:
    """Requests to send to ``chat`` that reached the emulator (held ones included)."""
    return sum(
        method in ("sendMessage", "sendPhoto") and int(params.get("chat_id", 0)) == chat
        for method, params in emulator.calls
    )


def runner_of(bot: Bot, **options: object) -> Runner:
    """Another sender on the bot's database: a replica, `coach tick`, or a second pass."""
    assert bot.push_bot is not None
    return Runner(
        bot.curriculum, bot.uow, bot.coach, bot.push_bot, bot.sender, clock=bot.clock,
        **options,  # type: ignore[arg-type]
    )  # fmt: skip


async def deliveries_by_chat(bot: Bot) -> dict[int, Delivery]:
    async with bot.uow.read() as session:
        rows = await session.execute(
            select(Delivery, Learner.chat_id).join(Learner, Learner.id == Delivery.learner_id)
        )
        return {chat: delivery for delivery, chat in rows.all()}


async def test_a_batch_claimed_late_in_a_long_pass_is_not_taken_again(bot: Bot) -> None:
    """A claim's lease runs from the wall-clock time it was taken, not from the pass's
    instant; and a batch claimed ahead, waiting behind a slow one, keeps its lease through
    the renewals of the pass."""
    chats = [31_001, 31_002, 31_003]
    await seed(bot, chats)
    held = [bot.emulator.hold_sends(chat) for chat in chats]
    bot.clock.set(DUE)
    runner = runner_of(bot, batch=1, concurrency=1)
    long_pass = asyncio.create_task(runner.run_due(DUE))
    await bot.emulator.wait_until(lambda: sends_to(bot.emulator, chats[0]) == 1)
    # The first batch takes three minutes; the second, claimed ahead, waits behind it. The
    # pass renews its leases every third of a lease: here as it would have in those minutes.
    bot.clock.set(DUE + timedelta(minutes=3))
    await runner.outcomes.renew("this host")
    held[0].set()
    # The third batch is claimed now, three minutes into the pass, while the second is sent ...
    await bot.emulator.wait_until(lambda: sends_to(bot.emulator, chats[1]) == 1)
    # ... when the next minute's pass starts: no claim is stale, nothing is taken again.
    next_pass = asyncio.create_task(runner.run_due(DUE + timedelta(minutes=3)))
    await asyncio.wait({next_pass}, timeout=10)
    for event_ in held[1:]:
        event_.set()
    await long_pass
    assert (await next_pass).outcomes == {}
    assert reminders(bot.emulator, chats) == Counter({chat: 1 for chat in chats})
    rows = await deliveries_by_chat(bot)
    assert [(rows[c].status, rows[c].attempts) for c in chats] == [(DeliveryStatus.SENT, 1)] * 3


async def test_a_sender_whose_lease_ran_out_sends_nothing_more(bot: Bot) -> None:
    stalled, waiting = 32_001, 32_002
    await seed(bot, [stalled, waiting])
    held = bot.emulator.hold_sends(stalled)
    bot.clock.set(DUE)
    first = runner_of(bot, concurrency=1)  # sends the two one after the other
    first_pass = asyncio.create_task(first.run_due(DUE))
    await bot.emulator.wait_until(lambda: sends_to(bot.emulator, stalled) == 1)
    # The first sender stalls past its lease; another takes both claims and sends them.
    bot.clock.set(DUE + timedelta(minutes=3))
    second = runner_of(bot)
    second_pass = asyncio.create_task(second.run_due(DUE + timedelta(minutes=3)))
    await bot.emulator.wait_until(lambda: sends_to(bot.emulator, stalled) == 2)
    held.set()
    second_report, first_report = await second_pass, await first_pass
    # The first sender goes on to its second claim, finds it taken over and sends nothing.
    assert first_report.count("taken over") == 1
    assert second_report.count("sent") == 2
    counts = reminders(bot.emulator, [stalled, waiting])
    assert counts[waiting] == 1
    assert counts[stalled] == 2  # the one message in flight when the lease ran out
    rows = await deliveries_by_chat(bot)
    assert (rows[waiting].status, rows[waiting].attempts) == (DeliveryStatus.SENT, 2)
    assert rows[waiting].claimed_by == second.owner


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_leases_are_renewed_while_a_slow_send_outlasts_them(bot: Bot) -> None:
    chat = 33_001
    await seed(bot, [chat])
    bot.emulator.send_answer_delay = 4.0  # every send is answered after 4 s ...
    lease = timedelta(seconds=1.5)  # ... and leases last 1.5 s (renewed every 0.5 s)
    assert bot.push_bot is not None
    real_time = dict(clock=SystemClock(), lease=lease)
    bot.clock.set(DUE)  # what the reminder says is worked out at DUE
    slow = Runner(bot.curriculum, bot.uow, bot.coach, bot.push_bot, bot.sender, **real_time)  # type: ignore[arg-type]
    slow_pass = asyncio.create_task(slow.run_due(DUE))
    await bot.emulator.wait_until(lambda: sends_to(bot.emulator, chat) == 1)
    await asyncio.sleep(2.5)  # longer than the lease: only its renewal keeps the claim
    other = Runner(bot.curriculum, bot.uow, bot.coach, bot.push_bot, bot.sender, **real_time)  # type: ignore[arg-type]
    assert (await other.run_due(DUE + timedelta(seconds=3))).outcomes == {}
    assert (await slow_pass).count("sent") == 1
    assert reminders(bot.emulator, [chat])[chat] == 1


async def test_a_database_hiccup_after_a_send_does_not_send_it_again(bot: Bot) -> None:
    chat = 34_001
    await seed(bot, [chat])
    hiccups = fail_outcome_writes(bot.engine, times=2)
    report = await bot.tick(DUE)
    assert hiccups == []  # both failures happened, and the write went through after them
    assert report.count("sent") == 1
    (row,) = (await deliveries_by_chat(bot)).values()
    assert row.status == DeliveryStatus.SENT
    await bot.tick(DUE + timedelta(minutes=3))  # past the lease: nothing is left claimed
    assert reminders(bot.emulator, [chat])[chat] == 1


def fail_outcome_writes(engine: AsyncEngine, times: int) -> list[int]:
    """The next ``times`` writes of a delivery's outcome fail as a lost connection would;
    the returned list empties as they happen."""
    pending = list(range(times))

    def before_execute(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if pending and statement.startswith("UPDATE deliveries SET status"):
            pending.pop()
            raise OperationalError(statement, None, ConnectionResetError("connection lost"))

    event.listen(engine.sync_engine, "before_cursor_execute", before_execute)
    return pending


# --- one bad push holds up no other ---------------------------------------------------------------


async def test_a_push_that_cannot_be_rendered_fails_alone_after_the_attempt_cap(bot: Bot) -> None:
    chats = [35_001, 35_002, 35_003]
    await seed(bot, chats)
    await make_unrenderable(bot.engine, chats[1], DUE)
    report = await bot.tick(DUE)
    assert report.count("sent") == 2
    assert report.count("failed") == 1
    counts = reminders(bot.emulator, chats)
    assert (counts[chats[0]], counts[chats[1]], counts[chats[2]]) == (1, 0, 1)
    rows = await deliveries_by_chat(bot)
    bad = rows[chats[1]]
    assert (bad.status, bad.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert bad.error == f"KeyError: '{UNKNOWN_PACE}'"
    (logged,) = bot.errors.records  # the traceback, once
    assert logged.exc_info is not None
    assert f"failed after {MAX_ATTEMPTS} attempts" in logged.getMessage()
    bot.errors.records.clear()


async def test_an_answer_that_cannot_be_read_is_uncertain_and_the_rest_go_on(bot: Bot) -> None:
    chats = [36_001, 36_002, 36_003]
    await seed(bot, chats)
    bot.emulator.fail("sendMessage", "garbled")  # the first send arrives; its answer is junk
    report = await bot.tick(DUE)
    assert (report.count("sent"), report.count("uncertain")) == (2, 1)
    assert reminders(bot.emulator, chats) == Counter({chat: 1 for chat in chats})
    statuses = Counter(d.status for d in (await deliveries_by_chat(bot)).values())
    assert statuses == Counter({DeliveryStatus.SENT: 2, DeliveryStatus.UNCERTAIN: 1})
    await bot.tick(DUE + timedelta(minutes=3))
    assert reminders(bot.emulator, chats) == Counter({chat: 1 for chat in chats})
    bot.errors.records.clear()  # python-telegram-bot logs the answer it could not load


async def test_a_learner_whose_pushes_cannot_be_worked_out_holds_up_no_one(bot: Bot) -> None:
    chats = [37_001, 37_002, 37_003]
    await seed(bot, chats)
    bad = await give_unknown_pace(bot.engine, chats[0])
    report = await bot.tick(DUE)
    assert report.count("sent") == 2
    assert report.count("claim failed") == 1
    assert reminders(bot.emulator, chats) == Counter({chats[1]: 1, chats[2]: 1})
    async with bot.uow.read() as session:
        learner = await session.get(Learner, bad)
        assert learner is not None
        assert learner.next_reminder_at == DUE + timedelta(hours=1)  # looked at again then
    (logged,) = bot.errors.records
    assert logged.exc_info is not None
    assert (await bot.tick(DUE + timedelta(minutes=1))).outcomes == {}  # not every minute
    bot.errors.records.clear()


async def test_a_learner_whose_pushes_the_database_refuses_holds_up_no_one(bot: Bot) -> None:
    """A batch's deliveries go in together; when the database refuses one learner's rows, the
    batch is written again one learner at a time, and only that learner waits an hour."""
    chats = [38_001, 38_002, 38_003, 38_004]
    await seed(bot, chats)
    async with refusing_deliveries(bot.engine, chats[2]) as bad:
        report = await bot.tick(DUE)
    assert report.count("sent") == 3
    assert report.count("claim failed") == 1
    assert reminders(bot.emulator, chats) == Counter({c: 1 for c in chats if c != chats[2]})
    async with bot.uow.read() as session:
        learner = await session.get(Learner, bad)
        assert learner is not None
        assert learner.next_reminder_at == DUE + timedelta(hours=1)
    (logged,) = bot.errors.records  # the refused learner, with the database's reason
    assert f"learner {bad}" in logged.getMessage()
    assert logged.exc_info is not None
    assert "refused by the test" in str(logged.exc_info[1])
    bot.errors.records.clear()


async def test_a_claim_batch_costs_the_same_statements_for_5_learners_as_for_60(
    bot: Bot,
) -> None:
    """The deliveries of a batch go in by one INSERT, claimed and missed ones together, and the
    learners' next due times by one UPDATE (an executemany), however many learners it holds."""
    assert bot.runner is not None
    costs: list[Counter[str]] = []
    batches = ((DUE, 39_000, 4, 1), (DUE + timedelta(hours=1), 39_100, 50, 10))
    for now, first, fresh, late in batches:
        chats = list(range(first, first + fresh))
        late_chats = list(range(first + fresh, first + fresh + late))
        await seed_learners(bot.engine, chats, now, START)
        await seed_learners(bot.engine, late_chats, now - timedelta(hours=3), START)
        statements: Counter[str] = Counter()
        count = partial(_count_statement, statements)
        report = TickReport()
        event.listen(bot.engine.sync_engine, "before_cursor_execute", count)
        try:
            taken = await bot.runner.claims.take(now, report)
        finally:
            event.remove(bot.engine.sync_engine, "before_cursor_execute", count)
        claims = taken.claims
        assert sorted(c.chat_id for c in claims) == chats  # each learner's reminder, once
        assert set(chats) <= set(taken.rows)  # their rows, for the batch's reports
        today = now.date().isoformat()
        assert {(c.kind, c.period) for c in claims} == {(DeliveryKind.DAILY, today)}
        assert report.count("missed") == late  # 3 h late: past a reminder's grace
        costs.append(statements)
    assert costs[0] == costs[1]
    assert costs[1]["INSERT INTO deliveries"] == 1


def _count_statement(statements: Counter[str], *args: object) -> None:
    """A ``before_cursor_execute`` listener: the statement's verb (and an INSERT's table)."""
    words = str(args[2]).split()
    statements[" ".join(words[:3] if words[0] == "INSERT" else words[:1])] += 1


async def test_the_proofs_and_outcomes_of_sends_in_flight_share_their_statements(
    bot: Bot,
) -> None:
    """40 reminders sent 32 at a time: each proven before it left and recorded after, in
    fewer UPDATE statements than reminders (one per message would be 80)."""
    chats = list(range(40_000, 40_040))
    await seed(bot, chats)
    statements: Counter[str] = Counter()
    count = partial(_count_statement, statements)
    event.listen(bot.engine.sync_engine, "before_cursor_execute", count)
    try:
        report = await bot.tick(DUE)
    finally:
        event.remove(bot.engine.sync_engine, "before_cursor_execute", count)
    assert report.count("sent") == 40
    assert reminders(bot.emulator, chats) == Counter({chat: 1 for chat in chats})
    statuses = Counter(d.status for d in (await deliveries_by_chat(bot)).values())
    assert statuses == Counter({DeliveryStatus.SENT: 40})
    assert statements["UPDATE"] < 40
