"""The unit of work: a service opens one, does its reads and writes, and commits it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.session import WRITE_OPTION, session_factory


class UnitOfWork:
    """``async with uow.write() as session: ...; await session.commit()``.

    Leaving the block without a commit rolls everything back, so a failure midway stores
    nothing. ``write()`` takes SQLite's write lock at BEGIN (it waits for other writers instead
    of failing midway); ``read()`` does not lock.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = session_factory(engine)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            await session.connection(execution_options={WRITE_OPTION: True})
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            yield session
