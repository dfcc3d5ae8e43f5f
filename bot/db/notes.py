"""The notes' rows: a message's bullets added in one statement, a week's listed and counted,
one deleted. Like ``repo``, nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Note
from bot.db.repo import conflict_insert


async def add_notes(
    session: AsyncSession,
    learner_id: int,
    day: date,
    bullets: Sequence[str],
    *,
    chat_id: int | None = None,
    message_id: int | None = None,
) -> list[int]:
    """Store bullets in one INSERT; those already stored from the same message and line are
    skipped. The new ids, in the bullets' order."""
    if not bullets:
        return []
    rows = [
        {
            "learner_id": learner_id,
            "day": day,
            "text": text,
            "source_chat_id": chat_id,
            "source_message_id": message_id,
            "source_line": line,
        }
        for line, text in enumerate(bullets)
    ]
    insert = conflict_insert(session, Note).values(rows).on_conflict_do_nothing()
    statement = insert.returning(Note.id)
    return sorted((await session.scalars(statement)).all())


async def from_message(session: AsyncSession, chat_id: int, message_id: int) -> bool:
    """Whether notes were stored from that message before."""
    query = select(Note.id).where(
        Note.source_chat_id == chat_id, Note.source_message_id == message_id
    )
    return (await session.scalar(query.limit(1))) is not None


async def count_between(session: AsyncSession, learner_id: int, first: date, last: date) -> int:
    query = select(func.count(Note.id)).where(
        Note.learner_id == learner_id, Note.day >= first, Note.day <= last
    )
    return int(await session.scalar(query) or 0)


async def notes_between(
    session: AsyncSession, learner_id: int, first: date, last: date
) -> Sequence[Note]:
    query = (
        select(Note)
        .where(Note.learner_id == learner_id, Note.day >= first, Note.day <= last)
        .order_by(Note.id)
    )
    return (await session.scalars(query)).all()


async def all_notes(session: AsyncSession, learner_id: int) -> Sequence[Note]:
    query = select(Note).where(Note.learner_id == learner_id).order_by(Note.day, Note.id)
    return (await session.scalars(query)).all()


async def delete_note(session: AsyncSession, learner_id: int, note_id: int) -> Note | None:
    note = await session.scalar(
        select(Note).where(Note.learner_id == learner_id, Note.id == note_id)
    )
    if note is not None:
        await session.delete(note)
    return note
