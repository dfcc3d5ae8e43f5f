"""Several webhook replicas on one PostgreSQL database: every push once, inside one flood
limit together, and every update once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.clock import SystemClock
from bot.db.migrate import upgrade_database
from bot.db.models import Delivery, DeliveryStatus
from bot.db.session import create_engine
from bot.domain.parsing import zone_from_key
from botapi_emulator import BotApiEmulator, FloodLimits
from tests.e2e.seeding import seed_learners
from tests.e2e.test_run_command import (
    environment,
    free_port,
    second_poller_refuses,
    study_day_zone,
)

SECRET = "replica-secret"
pytestmark = pytest.mark.postgres


@pytest.mark.slow
@pytest.mark.alone  # counts requests per second, as the emulator sees them arrive
async def test_three_replicas_send_each_reminder_once_inside_one_flood_limit(
    postgres_database: str, tmp_path: Path
) -> None:
    database = postgres_database
    chats = list(range(60_000, 60_600))
    engine = create_engine(database)
    await upgrade_database(engine)
    due = SystemClock().now() - timedelta(seconds=20)
    zone = study_day_zone(due)
    local = due.astimezone(zone_from_key(zone)).date()
    await seed_learners(engine, chats, due, local - timedelta(days=local.weekday()), zone)
    # The learner who logs below; their reminder is due after the test.
    await seed_learners(engine, [7_001], due + timedelta(hours=12), local, zone)

    async with BotApiEmulator() as emulator:
        for chat in [*chats, 7_001]:
            emulator.chat(chat)
        # Telegram's limits, strictly: 30 a second overall, whichever replica sends.
        emulator.flood = FloodLimits(per_second=30, per_chat_per_second=1)
        ports = [free_port() for _ in range(3)]
        replicas = []
        for number, port in enumerate(ports):
            env = environment(tmp_path, emulator.base_url, LOG_LEVEL="WARNING")
            env |= {"DATABASE_URL": database, "WEBHOOK_SECRET": SECRET}
            home = tmp_path / f"replica-{number}"
            home.mkdir()
            replicas.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    "--webhook",
                    f"http://127.0.0.1:{port}/hook",
                    "--listen",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    cwd=home,
                    env=env,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.PIPE,
                )
            )
        try:

            async def unsent() -> int:
                async with engine.connect() as connection:
                    sent = await connection.scalar(
                        select(func.count())
                        .select_from(Delivery)
                        .where(Delivery.status == DeliveryStatus.SENT)
                    )
                return len(chats) - (sent or 0)

            async with asyncio.timeout(120):
                # Other processes' progress: there is no event here to await.
                while await unsent():  # noqa: ASYNC110
                    await asyncio.sleep(0.5)

            pushes_429 = [e for e in emulator.errors if e[1] == 429]
            emulator.flood = None  # replies in a burst to one chat are not what this measures
            # Updates reach whichever replica the load balancer picks: each is answered once.
            emulator.webhook_url = None  # hold updates here; the test delivers them
            async with httpx.AsyncClient() as client:
                for n in range(9):
                    update_id = await emulator.send(7_001, f"/log {n + 1}m")
                    update = emulator.delivered[update_id]
                    response = await client.post(
                        f"http://127.0.0.1:{ports[n % 3]}/hook",
                        json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    )
                    assert response.status_code == 200
                await emulator.wait_until(lambda: len(emulator.bot_messages(7_001)) >= 9, 30)
        finally:
            for replica in replicas:
                replica.send_signal(signal.SIGTERM)
            codes = [await asyncio.wait_for(r.wait(), 15) for r in replicas]
    await engine.dispose()

    assert codes == [0, 0, 0]
    counts = [sum("Study time" in m.content for m in emulator.bot_messages(c)) for c in chats]
    assert counts == [1] * len(chats)
    assert pushes_429 == []
    replies = [m.content for m in emulator.bot_messages(7_001)]
    assert len(replies) == 9
    assert all("Logged" in reply for reply in replies), replies
    assert os.environ.get("TEST_POSTGRES_URL")  # this test only runs on PostgreSQL


@pytest.mark.slow
async def test_a_second_poller_on_postgresql_refuses(
    postgres_database: str, tmp_path: Path
) -> None:
    env = environment(tmp_path, "", LOG_LEVEL="WARNING") | {"DATABASE_URL": postgres_database}
    await second_poller_refuses(tmp_path, env)
