"""A focus session across a restart of `coach run`: started by one process, stopped by the
next (the session and its "still studying?" live in the database)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.models import Delivery, DeliveryKind, DeliveryStatus, FocusSession, LogEntry
from bot.db.session import create_engine
from botapi_emulator import BotApiEmulator
from tests.e2e.test_run_command import environment

CHAT = 11


async def run_until(
    emulator: BotApiEmulator, env: dict[str, str], cwd: Path, *said: tuple[str, str]
) -> list[str]:
    """Start `coach run`; for each (text, answer's start) send the text and wait for the
    answer that starts so (a setup question may be asked again around it); stop it with
    SIGTERM. The answers."""
    emulator.commands = []
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await emulator.wait_until(lambda: bool(emulator.commands), within=60)
        answers = []
        for text, start in said:
            before = len(emulator.bot_messages(CHAT))
            await emulator.send(CHAT, text)
            await emulator.wait_until(arrived(emulator, before, start), 30)
            found = answer(emulator, before, start)
            assert found is not None
            answers.append(found)
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 15)
    assert process.returncode == 0, err.decode()
    return answers


def arrived(emulator: BotApiEmulator, before: int, start: str) -> Callable[[], bool]:
    return lambda: answer(emulator, before, start) is not None


def answer(emulator: BotApiEmulator, before: int, start: str) -> str | None:
    """The first message since the ``before``-th that starts with ``start``."""
    found = (m.content for m in emulator.bot_messages(CHAT)[before:])
    return next((content for content in found if content.startswith(start)), None)


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_a_session_started_before_a_restart_is_stopped_after_it(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'coach.db'}"
    async with BotApiEmulator() as emulator:
        emulator.chat(CHAT)
        env = environment(tmp_path, emulator.base_url, LOG_LEVEL="WARNING")
        _setup, started = await run_until(
            emulator, env, tmp_path, ("/start", "<b>1/4"), ("/go practice", "▶")
        )

        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                (session,) = (await connection.execute(select(FocusSession))).all()
                (timer,) = (await connection.execute(select(Delivery))).all()
        finally:
            await engine.dispose()
        since = session.started_at.strftime("%H:%M")  # the learner's zone is UTC
        assert started == (
            f"▶ Focus session started at {since}: practice.\n"
            "Send /stop when you're done: I'll log the time, rounded to 5 minutes."
        )
        assert (timer.kind, timer.status) == (DeliveryKind.TIMER, DeliveryStatus.PENDING)
        assert timer.due_at == session.started_at + timedelta(hours=3)

        running, stopped = await run_until(emulator, env, tmp_path, ("/go", "⏱"), ("/stop", "⏹"))

    assert running.startswith("⏱ Your focus session has been running for ")
    assert f"(since {since}, practice).\nSend /stop to log it." in running
    assert "✅ Logged 5 min of practice for " in stopped  # under 5 minutes: 5
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            entries = (await connection.execute(select(LogEntry))).all()
            sessions = (await connection.execute(select(FocusSession))).all()
            deliveries = (await connection.execute(select(Delivery))).all()
    finally:
        await engine.dispose()
    assert [(e.day, e.minutes, e.category) for e in entries] == [
        (session.started_at.date(), 5, "practice")
    ]
    assert sessions == []
    assert deliveries == []  # the question of a session that ended is cancelled with it
