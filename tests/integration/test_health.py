"""`coach health`: 0 with a fresh scheduler heartbeat, 1 with a stale or missing one."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.db import repo
from bot.db.migrate import upgrade_database
from bot.db.session import create_engine
from bot.db.uow import UnitOfWork
from coach.cli import main


def beat(url: str, age: timedelta | None) -> None:
    async def write() -> None:
        engine = create_engine(url)
        await upgrade_database(engine)
        if age is not None:
            async with UnitOfWork(engine).write() as session:
                await repo.beat(session, socket.gethostname(), SystemClock().now() - age)
                await session.commit()
        await engine.dispose()

    asyncio.run(write())


@pytest.mark.parametrize(
    ("age", "code", "says"),
    [
        (timedelta(seconds=30), 0, "healthy: the scheduler on"),
        (timedelta(minutes=4), 1, "unhealthy: the scheduler on"),
        (None, 1, "has not ticked yet"),
    ],
)
def test_health_follows_the_heartbeat(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    age: timedelta | None,
    code: int,
    says: str,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    beat(url, age)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["health"]) == code
    assert says in capsys.readouterr().out


def test_health_fails_when_the_database_does_not_answer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:9/none")
    assert main(["health"]) == 1
    assert "the database does not answer" in capsys.readouterr().out
