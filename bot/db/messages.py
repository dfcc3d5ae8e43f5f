"""The Telegram message ids a chat's rows were keyed on (a log entry's, a note's, an /undo's, a
push's), so that a fresh Bot API emulator over an old database numbers its messages after them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Delivery, Learner, LogEntry, Note, UndoneEntry


async def highest_message_id(session: AsyncSession, chat_id: int) -> int:
    """The highest message id of ``chat_id`` that any stored row names (0 for none)."""
    queries = [
        select(func.max(row.source_message_id)).where(row.source_chat_id == chat_id)
        for row in (LogEntry, Note, UndoneEntry)
    ]
    queries.append(
        select(func.max(Delivery.telegram_message_id))
        .join(Learner, Learner.id == Delivery.learner_id)
        .where(Learner.chat_id == chat_id)
    )
    found = [await session.scalar(query) for query in queries]
    return max((int(value) for value in found if value is not None), default=0)
