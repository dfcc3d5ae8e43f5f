"""`coach run` as a real process: migrates, registers commands, answers, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import sys
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.clock import SystemClock
from bot.db.migrate import upgrade_database
from bot.db.models import Delivery, LogEntry
from bot.db.session import create_engine
from bot.domain.parsing import zone_from_key
from botapi_emulator import BotApiEmulator
from tests.e2e.seeding import seed_learners

TOKEN = "987654:RUN-command-secret"


def environment(tmp_path: Path, base_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'coach.db'}",
        LOG_LEVEL="DEBUG",
    )
    env.update(extra)
    return env


async def test_run_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    # A learner whose reminder came due while the bot was down: the catch-up pass sends it.
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'coach.db'}")
    await upgrade_database(engine)
    due = SystemClock().now().replace(second=0, microsecond=0) - timedelta(minutes=1)
    await seed_learners(engine, [6], due, due.date() - timedelta(days=due.weekday()))
    await engine.dispose()
    study_day = due.weekday() != 4  # Friday is a free day: nothing would be due
    async with BotApiEmulator() as emulator:
        emulator.chat(6)
        log_file = tmp_path / "coach.log"
        with log_file.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=tmp_path,
                env=environment(tmp_path, emulator.base_url),
                stdout=log,
                stderr=log,
            )
            try:
                await emulator.wait_until(lambda: bool(emulator.commands), within=60)
                assert emulator.commands[0] == {
                    "command": "today",
                    "description": "today's focus, hours and this week's project",
                }
                await emulator.send(5, "/start")
                await emulator.wait_until(lambda: len(emulator.bot_messages(5)) == 2, within=30)
                await emulator.send(5, "/log 2")
                await emulator.wait_until(lambda: len(emulator.bot_messages(5)) == 3, within=30)
                assert "Logged <b>2 h</b>" in emulator.bot_messages(5)[-1].content
                if study_day:
                    await emulator.wait_until(lambda: bool(emulator.bot_messages(6)), within=30)
                    assert "Study time" in emulator.bot_messages(6)[0].content
                else:  # a free day: the pass ran and recorded that nothing was to be said
                    await wait_for_delivery(tmp_path, "skipped")
                process.send_signal(signal.SIGTERM)
                code = await asyncio.wait_for(process.wait(), 10)
            finally:
                if process.returncode is None:
                    process.kill()
    assert code == 0
    output = log_file.read_text(encoding="utf-8")
    assert "DEBUG" in output
    assert TOKEN.split(":")[1] not in output
    assert (tmp_path / "data" / "coach.db").exists()


async def wait_for_delivery(tmp_path: Path, status: str) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'coach.db'}")
    try:
        async with asyncio.timeout(30):
            while True:
                async with engine.connect() as connection:
                    found = await connection.scalar(select(Delivery.status))
                if found == status:
                    return
                await asyncio.sleep(0.2)  # polling another process's database
    finally:
        await engine.dispose()


async def test_run_without_a_token_says_so_in_one_line(tmp_path: Path) -> None:
    env = environment(tmp_path, "http://127.0.0.1:9/bot")
    del env["TELEGRAM_BOT_TOKEN"]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert err.decode().startswith("coach: TELEGRAM_BOT_TOKEN is not set")
    assert err.decode().count("\n") == 1


async def second_poller_refuses(tmp_path: Path, env: dict[str, str]) -> None:
    """Start `coach run`, then another on the same database: the second exits 2 and says why."""
    async with BotApiEmulator() as emulator:
        env = env | {"TELEGRAM_API_BASE_URL": emulator.base_url}
        first = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await emulator.wait_until(lambda: bool(emulator.commands), within=60)
            second = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            _out, err = await asyncio.wait_for(second.communicate(), 60)
            assert second.returncode == 2
            assert "another `coach run` is already polling Telegram" in err.decode()
            assert first.returncode is None  # the first one carries on
        finally:
            first.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(first.wait(), 15) == 0


@pytest.mark.slow
async def test_a_second_poller_on_the_same_database_refuses(tmp_path: Path) -> None:
    await second_poller_refuses(tmp_path, environment(tmp_path, "", LOG_LEVEL="WARNING"))


def free_port() -> int:
    """A port for a `coach run` to listen on, below the kernel's ephemeral ports: a port the
    kernel hands out (a bind to port 0) is one it also gives outgoing connections, and one of
    them (to PostgreSQL, to the emulator, from any test) could take it in the second or two
    before the process, still starting, binds it. Each pytest-xdist worker picks from a range of
    its own, so two tests running at once never pick the same one."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    low = 20_000 + 1_000 * (worker % 12)
    for port in random.sample(range(low, low + 1_000), 1_000):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # something listens there
            return port
    raise RuntimeError(f"no free port from {low} to {low + 999}")


async def test_webhook_mode_checks_the_secret(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    async with BotApiEmulator() as emulator:
        env = environment(tmp_path, emulator.base_url, WEBHOOK_SECRET="s3cret-Token_1")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--webhook", url, "--listen", "127.0.0.1",
            "--port", str(port), cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await emulator.wait_until(lambda: emulator.webhook_url == url, within=60)
            assert emulator.webhook_secret == "s3cret-Token_1"
            await emulator.send(7, "/start")  # POSTed to the webhook with the secret
            await emulator.wait_until(lambda: len(emulator.bot_messages(7)) == 2, within=30)
            await emulator.send(7, "/log 1.5")
            await emulator.wait_until(lambda: len(emulator.bot_messages(7)) == 3, within=30)
            assert "Logged <b>1 h 30 min</b>" in emulator.bot_messages(7)[-1].content

            message = {
                **emulator.delivered[max(emulator.delivered)]["message"],
                "message_id": 99,
                "text": "/log 5",
            }
            forged = {"update_id": 999, "message": message}
            async with httpx.AsyncClient() as client:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                    response = await client.post(url, json=forged, headers=headers)
                    assert response.status_code == 403
            assert len(emulator.bot_messages(7)) == 3  # nothing answered, nothing logged
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 15)
    assert code == 0
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'coach.db'}")
    try:
        async with engine.connect() as connection:
            minutes = await connection.scalar(select(func.sum(LogEntry.minutes)))
        assert minutes == 90
    finally:
        await engine.dispose()


async def test_webhook_mode_needs_a_secret(tmp_path: Path) -> None:
    env = environment(tmp_path, "http://127.0.0.1:9/bot")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--webhook", "https://example.org/hook",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert err.decode().startswith("coach: WEBHOOK_SECRET is not set")


def study_day_zone(now: datetime) -> str:
    """A zone in which ``now`` falls on a study day (not the standard pace's free Friday)."""
    if now.weekday() != 4:
        return "UTC"
    return "Etc/GMT+12" if now.hour < 12 else "Etc/GMT-14"  # Thursday there, or Saturday


@pytest.mark.slow
async def test_sigterm_during_a_fan_out_finishes_in_flight_and_hands_back_the_rest(
    tmp_path: Path,
) -> None:
    chats = list(range(50_000, 50_300))
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'coach.db'}"
    engine = create_engine(url)
    await upgrade_database(engine)
    due = SystemClock().now() - timedelta(seconds=30)
    zone = study_day_zone(due)
    local = due.astimezone(zone_from_key(zone)).date()
    await seed_learners(engine, chats, due, local - timedelta(days=local.weekday()), zone)
    await engine.dispose()

    async with BotApiEmulator() as emulator:
        for chat in chats:
            emulator.chat(chat)

        def arrived() -> int:
            return sum(len(emulator.bot_messages(chat)) for chat in chats)

        env = environment(tmp_path, emulator.base_url, LOG_LEVEL="WARNING")  # rate limit on
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        await emulator.wait_until(lambda: arrived() >= 40, within=60)
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 10)  # stops within 10 s
        assert process.returncode == 0, err.decode()
        assert arrived() < len(chats)  # it really stopped in the middle

        tick = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "tick", cwd=tmp_path,
            env=env | {"RATE_LIMIT": "false"},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _out, err = await asyncio.wait_for(tick.communicate(), 120)
        assert tick.returncode == 0, err.decode()
        counts = [len(emulator.bot_messages(chat)) for chat in chats]
    assert counts == [1] * len(chats)  # nothing lost, nothing twice


async def test_json_logs_are_one_object_per_line(tmp_path: Path) -> None:
    async with BotApiEmulator() as emulator:
        env = environment(tmp_path, emulator.base_url, LOG_FORMAT="json", LOG_LEVEL="INFO")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        await emulator.wait_until(lambda: bool(emulator.commands), within=60)
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 10)
    lines = err.decode().splitlines()
    assert len(lines) >= 3
    not_json = [line for line in lines if not line.startswith("{")]
    assert not_json == []
    entries = [json.loads(line) for line in lines]
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
    assert any(e["logger"] == "alembic.runtime.migration" for e in entries)
