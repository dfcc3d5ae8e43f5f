"""Chaos: two `coach run` replicas and a `coach tick` started by hand, on one PostgreSQL
database, against a Bot API that answers each send after 2 s, with 10-second leases and 500
pushes due at once. Every push arrives once; one that cannot be rendered fails alone."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import select

from bot.clock import SystemClock
from bot.db.migrate import upgrade_database
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus
from bot.db.session import create_engine
from bot.domain.parsing import zone_from_key
from botapi_emulator import BotApiEmulator, FloodLimits
from scheduler.claims import MAX_ATTEMPTS
from tests.e2e.seeding import make_unrenderable, seed_learners
from tests.e2e.test_run_command import environment, free_port, study_day_zone

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PUSHES = 500
CHATS = list(range(80_000, 80_000 + PUSHES))
BAD = CHATS[137]
SECRET = "chaos-secret"
FINAL = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN)


async def chaos(
    database: str, tmp_path: Path, *, unrenderable: int | None
) -> tuple[list[Delivery], BotApiEmulator]:
    """Run the three senders until every push is finished: the deliveries, and the emulator
    that holds what arrived."""
    engine = create_engine(database)
    await upgrade_database(engine)
    due = SystemClock().now() - timedelta(seconds=30)
    zone = study_day_zone(due)
    local = due.astimezone(zone_from_key(zone)).date()
    monday: date = local - timedelta(days=local.weekday())
    await seed_learners(engine, CHATS, due, monday, zone)
    if unrenderable is not None:
        await make_unrenderable(engine, unrenderable, due)

    async def finished() -> list[Delivery]:
        async with engine.connect() as connection:
            found = await connection.execute(select(Delivery))
            rows: list[Delivery] = list(found)  # type: ignore[arg-type]  # rows read alike
        return rows if len(rows) == PUSHES and all(r.status in FINAL for r in rows) else []

    emulator = BotApiEmulator()
    await emulator.start()
    for chat in CHATS:
        emulator.chat(chat)
    emulator.send_answer_delay = 2.0
    emulator.flood = FloodLimits(per_second=30, per_chat_per_second=1)
    env = environment(tmp_path, emulator.base_url, LOG_LEVEL="WARNING") | {
        "DATABASE_URL": database,
        "WEBHOOK_SECRET": SECRET,
        "PUSH_LEASE_SECONDS": "10",
    }
    senders: list[asyncio.subprocess.Process] = []
    logs = ExitStack()  # each sender's stderr, to show when one did not end well
    try:
        for number in range(2):
            port = str(free_port())
            home = tmp_path / f"replica-{number}"
            home.mkdir()
            replica = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--webhook",
                f"http://127.0.0.1:{port}/hook", "--listen", "127.0.0.1", "--port", port,
                cwd=home, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=logs.enter_context(log(home)),
            )  # fmt: skip
            senders.append(replica)
        tick = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "tick", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=logs.enter_context(log(tmp_path)),
        )  # fmt: skip
        senders.append(tick)
        async with asyncio.timeout(300):
            # Other processes' progress: there is no event here to await.
            while not (rows := await finished()):  # noqa: ASYNC110
                await asyncio.sleep(1)
            assert await tick.wait() == 0
    finally:
        for process in senders:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        codes = [await asyncio.wait_for(p.wait(), 30) for p in senders]
        logs.close()
        await emulator.stop()
        await engine.dispose()
    assert codes == [0, 0, 0], [f.read_text(encoding="utf-8")[-3000:] for f in logged(tmp_path)]
    return rows, emulator


def log(home: Path) -> IO[str]:
    return (home / "stderr.log").open("w", encoding="utf-8")


def logged(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob("**/stderr.log"))


def reminders_per_chat(emulator: BotApiEmulator) -> list[int]:
    return [sum("Study time" in m.content for m in emulator.bot_messages(chat)) for chat in CHATS]


async def test_two_replicas_and_a_tick_by_hand_send_500_pushes_once(
    postgres_database: str, tmp_path: Path
) -> None:
    rows, emulator = await chaos(postgres_database, tmp_path, unrenderable=None)
    assert reminders_per_chat(emulator) == [1] * PUSHES  # every one delivered, none twice
    assert Counter(r.status for r in rows) == Counter({DeliveryStatus.SENT: PUSHES})


async def test_one_push_that_cannot_be_rendered_fails_and_the_other_499_arrive(
    postgres_database: str, tmp_path: Path
) -> None:
    rows, emulator = await chaos(postgres_database, tmp_path, unrenderable=BAD)
    expected = [0 if chat == BAD else 1 for chat in CHATS]
    assert reminders_per_chat(emulator) == expected
    (bad,) = [r for r in rows if r.kind == DeliveryKind.SNOOZE]
    assert (bad.status, bad.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert Counter(r.status for r in rows) == Counter(
        {DeliveryStatus.SENT: PUSHES - 1, DeliveryStatus.FAILED: 1}
    )
