"""Fixtures shared by every layer of tests: the curriculum and migrated databases."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.migrate import upgrade_database
from bot.db.models import Base
from bot.db.session import create_engine
from bot.domain.curriculum import Curriculum, default_curriculum_path, load_curriculum

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
os.environ.setdefault("PTB_TIMEDELTA", "1")  # as `coach` sets it (see coach/cli.py)
NO_POSTGRES = "TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (.ci/run sets it)"

# Property tests state what must hold, not how fast: on a shared 2-core machine an example may
# take longer than hypothesis's default 200 ms deadline, and that says nothing about the bot.
settings.register_profile("coach", deadline=None)
settings.load_profile("coach")


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
        POSTGRES_URL, pool_size=10, connect_args={"server_settings": {"search_path": schema}}
    )


async def _truncate_all(engine: AsyncEngine) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the newest schema, copied for each test that wants one:
    copying a file takes a millisecond, running the migrations a tenth of a second."""
    path = tmp_path_factory.mktemp("template") / "coach.db"

    async def migrate() -> None:
        db = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade_database(db)
        await db.dispose()

    # Its own thread and event loop: the fixture may be first asked for inside a test's loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, migrate()).result()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database: SQLite in a temporary file, or PostgreSQL when configured."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("migrated_sqlite")
        shutil.copyfile(template, tmp_path / "coach.db")  # migrated once per worker
        db = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}")
    else:
        schema: str = request.getfixturevalue("postgres_schema")
        db = postgres_engine(schema)
        await upgrade_database(db)
        await _truncate_all(db)
    try:
        yield db
    finally:
        await db.dispose()


# --- taking turns under pytest-xdist --------------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: xdist hands tests out in this order as workers free up, so a long
    test picked up near the end would leave the other workers idle while it runs."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _take_turns(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Under pytest-xdist, a test marked ``alone`` runs while no other test runs.

    It measures rates or timing, which another worker's load on the same cores would skew.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    run = tmp_path_factory.getbasetemp().parent  # one per run, the same for every worker
    with _turn(run, alone=request.node.get_closest_marker("alone") is not None):
        yield


@contextlib.contextmanager
def _turn(directory: Path, *, alone: bool) -> Iterator[None]:
    """A readers-writer lock across processes: every test shares ``tests.lock``, an ``alone``
    test holds it by itself. The turnstile ahead of it lets an ``alone`` test that is waiting
    go before the tests that come after it, so a stream of shared holders cannot starve it."""
    with (
        (directory / "turnstile.lock").open("a") as turnstile,
        (directory / "tests.lock").open("a") as tests,
    ):
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(tests, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(tests, fcntl.LOCK_UN)
