"""The unit of work: a service opens one, does its reads and writes, and commits it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.session import WRITE_OPTION, is_sqlite, session_factory

# SQLite has one writer at a time. Writers of this process queue here, in order, instead of
# colliding in SQLite, whose busy handler sleeps in steps of up to 100 ms between attempts.
_SQLITE_WRITERS: WeakKeyDictionary[AsyncEngine, asyncio.Lock] = WeakKeyDictionary()


class UnitOfWork:
    """``async with uow.write() as session: ...; await session.commit()``.

    Leaving the block without a commit rolls everything back, so a failure midway stores
    nothing. ``write()`` takes SQLite's write lock at BEGIN (it waits for other writers instead
    of failing midway); ``read()`` does not lock.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = session_factory(engine)
        self._sqlite = is_sqlite(engine.url)

    def _writer_turn(self) -> AbstractAsyncContextManager[object]:
        if not self._sqlite:
            return nullcontext()
        return _SQLITE_WRITERS.setdefault(self.engine, asyncio.Lock())

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        async with self._writer_turn(), self._sessions() as session:
            await session.connection(execution_options={WRITE_OPTION: True})
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            yield session
