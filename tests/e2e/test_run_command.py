"""`coach run` as a real process: migrates, registers commands, answers, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.sandbox.emulator import BotApiEmulator

TOKEN = "987654:RUN-command-secret"


def environment(tmp_path: Path, base_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'coach.db'}",
        LOG_LEVEL="DEBUG",
        **extra,
    )
    return env


async def test_run_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    async with BotApiEmulator() as emulator:
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
                await emulator.send(5, "/log 2")
                await emulator.wait_until(lambda: bool(emulator.bot_messages(5)), within=30)
                assert "Logged <b>2 h</b>" in emulator.bot_messages(5)[0].content
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
