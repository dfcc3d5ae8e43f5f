"""End-to-end fixtures: the bot against the emulator, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.curriculum import Curriculum
from tests.e2e.harness import Bot


@pytest.fixture
async def bot(engine: AsyncEngine, curriculum: Curriculum) -> AsyncIterator[Bot]:
    harness = Bot(engine, curriculum)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
    assert [r.getMessage() for r in harness.errors.records] == []
    assert harness.emulator.errors == [], "Telegram would have rejected a request"
