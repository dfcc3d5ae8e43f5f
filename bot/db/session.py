"""The engine factory: one place that knows SQLite's and PostgreSQL's connection settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from bot.db import sqlite_driver

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option that makes a SQLite transaction take the write lock at BEGIN, so that it
# waits (busy_timeout) for other writers up front instead of failing midway with
# "database is locked" when a read lock cannot be upgraded.
WRITE_OPTION = "coach_write"

# One budget of database connections a process, and the concurrency sized to fit in it, so that
# no one ever queues for a connection (where a 30 s pool timeout would end in an error) rather
# than for a slot (where waiting is harmless). An update's handler and a push's send each hold
# at most one connection at a time: a unit of work is opened, used and closed, and none is
# opened inside another. So UPDATE_SLOTS updates handled at once (bot/telegram/app.py) and
# SEND_SLOTS pushes sent at once (scheduler/runner.py) need that many connections; the spare
# ones serve the rest: the poller's advisory lock (held while the process runs), the claim phase
# and lease renewal of two overlapping scheduler passes (the catch-up pass and the minute
# tick), the heartbeat. 48 a process leaves room for two replicas under PostgreSQL's default
# max_connections of 100; more replicas need a larger max_connections (or a pooler).
UPDATE_SLOTS = 24
SEND_SLOTS = 16
SPARE_CONNECTIONS = 8
POOL_SIZE = UPDATE_SLOTS + SEND_SLOTS + SPARE_CONNECTIONS


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_directory(url: str | URL) -> None:
    """Create the directory of a file database, so a fresh checkout runs as is."""
    parsed = make_url(url)
    database = parsed.database
    if (
        is_sqlite(parsed)
        and database
        and database != ":memory:"
        and not database.startswith("file:")
    ):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, emit BEGIN (see the "begin" listener below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 16 MB of page cache a connection (SQLite's default is 2 MB), so the due-time indexes of
    # a large learner table stay in memory.
    cursor.execute("PRAGMA cache_size=-16000")
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
    driver = connection.connection.dbapi_connection
    if isinstance(driver, sqlite_driver.OneTripConnection):
        driver.begin_with_next(begin)  # sent with the transaction's first statement
    else:
        connection.exec_driver_sql(begin)


def create_engine(
    url: str | URL,
    *,
    echo: bool = False,
    pool_size: int = POOL_SIZE,
    connect_args: dict[str, Any] | None = None,
    hide_parameters: bool = True,
) -> AsyncEngine:
    """An async engine for ``sqlite+aiosqlite://`` or ``postgresql+asyncpg://`` URLs.

    A statement's parameters (a learner's note, say) stay out of its errors and of SQLAlchemy's
    log lines unless ``hide_parameters`` is off (``LOG_CONTENT=true``)."""
    if is_sqlite(url):
        ensure_sqlite_directory(url)
        engine = create_async_engine(
            url,
            echo=echo,
            hide_parameters=hide_parameters,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            module=sqlite_driver.dbapi(),  # one trip to aiosqlite's thread a statement
            **_pool_options(url, pool_size),
        )
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        hide_parameters=hide_parameters,
        pool_size=pool_size,
        max_overflow=0,
        pool_pre_ping=True,
        connect_args=connect_args or {},
    )


def _pool_options(url: str | URL, pool_size: int) -> dict[str, Any]:
    """A file database gets a queue pool of ``pool_size``; an in-memory one keeps SQLAlchemy's
    single shared connection (a pool size means nothing there)."""
    database = make_url(url).database
    if not database or database == ":memory:" or "mode=memory" in database:
        return {}
    return {"pool_size": pool_size, "max_overflow": 0}


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
