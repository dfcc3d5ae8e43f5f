"""Fixtures shared by every layer of tests: the curriculum and migrated databases."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.migrate import upgrade_database
from bot.db.models import Base
from bot.db.session import create_engine
from bot.domain.curriculum import Curriculum, default_curriculum_path, load_curriculum

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
os.environ.setdefault("PTB_TIMEDELTA", "1")  # as `coach` sets it (see coach/cli.py)
NO_POSTGRES = "TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (.ci/run sets it)"


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    return load_curriculum(default_curriculum_path())


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    """A schema of its own for this test run, dropped afterwards."""
    if POSTGRES_URL is None:
        pytest.skip(NO_POSTGRES)
    schema = f"coach_test_{uuid.uuid4().hex[:10]}"

    async def run(statement: str) -> None:
        engine = create_engine(POSTGRES_URL)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    def run_alone(statement: str) -> None:
        # Its own thread and event loop: the fixture may be first asked for inside a test's loop.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, run(statement)).result()

    run_alone(f'CREATE SCHEMA "{schema}"')
    yield schema
    run_alone(f'DROP SCHEMA "{schema}" CASCADE')


def postgres_engine(schema: str) -> AsyncEngine:
    """An engine whose tables live in ``schema``."""
    assert POSTGRES_URL is not None
    return create_engine(
        POSTGRES_URL, pool_size=5, connect_args={"server_settings": {"search_path": schema}}
    )


async def _truncate_all(engine: AsyncEngine) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database: SQLite in a temporary file, or PostgreSQL when configured."""
    if request.param == "sqlite":
        db = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}")
        await upgrade_database(db)
    else:
        schema: str = request.getfixturevalue("postgres_schema")
        db = postgres_engine(schema)
        await upgrade_database(db)
        await _truncate_all(db)
    try:
        yield db
    finally:
        await db.dispose()
