"""End-to-end fixtures: the bot against the emulator, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.session import create_engine
from bot.domain.curriculum import Curriculum
from tests.conftest import NO_POSTGRES, POSTGRES_URL
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


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """A PostgreSQL database of its own, dropped afterwards."""
    if POSTGRES_URL is None:
        pytest.skip(NO_POSTGRES)
    name = f"coach_replicas_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL)
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()
