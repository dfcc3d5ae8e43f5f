"""Telegram's overall broadcast limit, kept by every process that sends on one database.

Each send takes the next free slot of one row (``send_timeline``), ``1/per_second`` after the
one before, or now when the timeline has fallen behind; the database's clock places the slots,
so replicas on hosts whose clocks differ still keep to one limit together. A send waits for its
slot, so N replicas together send as fast as one, never N times as fast.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.uow import UnitOfWork
from scheduler.batched import GroupCommit

_POSTGRES = text(
    """
    WITH now AS (SELECT EXTRACT(EPOCH FROM clock_timestamp())::float8 AS at)
    INSERT INTO send_timeline (id, next_at) SELECT 1, at FROM now
    ON CONFLICT (id) DO UPDATE
        SET next_at = GREATEST(send_timeline.next_at + :step, EXCLUDED.next_at)
    RETURNING next_at - (SELECT at FROM now)
    """
)
# julianday('now') is the same instant throughout one statement.
_SQLITE_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
_SQLITE = text(
    f"""
    INSERT INTO send_timeline (id, next_at) VALUES (1, {_SQLITE_NOW})
    ON CONFLICT (id) DO UPDATE SET next_at = max(next_at + :step, excluded.next_at)
    RETURNING next_at - {_SQLITE_NOW}
    """
)


class SharedTimeline:
    """The slots of the overall limit, in the database every sender shares."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.group = GroupCommit(uow)  # the slots of sends placed at once, in one transaction
        self._statement = _POSTGRES if uow.engine.dialect.name == "postgresql" else _SQLITE

    async def reserve(self, step: float) -> float:
        """Take the next slot, ``step`` seconds after the last one taken; the seconds to wait
        until it comes (0 when the timeline had fallen behind)."""

        async def slot(session: AsyncSession) -> float:
            return float(await session.scalar(self._statement, {"step": step}) or 0.0)

        return max(0.0, await self.group.write(slot))
