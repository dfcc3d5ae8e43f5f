"""One poller per database: Telegram allows a single getUpdates consumer per bot token.

On PostgreSQL a session advisory lock, held by a connection kept open while the bot runs; on
SQLite an exclusive lock on a file beside the database. Either is released when the process
ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.db.session import is_sqlite

ADVISORY_KEY = 0x636F616368  # "coach"


class PollerBusy(Exception):
    """Another `coach run` is already polling for this database."""


class PollerLock:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None
        self._fd: int | None = None

    async def acquire(self) -> None:
        if is_sqlite(self.engine.url):
            self._lock_file()
            return
        connection = await self.engine.connect()
        got = await connection.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}
        )
        await connection.commit()
        if not got:
            await connection.close()
            raise PollerBusy(_BUSY)
        self._connection = connection

    def _lock_file(self) -> None:
        database = make_url(self.engine.url).database or "coach.db"
        path = Path(f"{database}.poller.lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise PollerBusy(_BUSY) from None
        self._fd = fd

    async def release(self) -> None:
        if self._connection is not None:
            await self._connection.close()  # ends the session, and with it the advisory lock
            self._connection = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


_BUSY = (
    "another `coach run` is already polling Telegram for this database; Telegram allows one "
    "poller per bot. Stop it first, or run several replicas with --webhook."
)
