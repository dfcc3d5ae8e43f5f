"""Weekly notes: adding bullets, listing a week's, deleting one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.db import repo
from bot.db.models import Note
from bot.domain.parsing import ParseError, parse_note
from bot.domain.plan import PlanWeek
from bot.services.learners import Learners, Source, week_bounds


@dataclass(frozen=True)
class NoteView:
    id: int
    day: date
    text: str


@dataclass(frozen=True)
class NotesAdded:
    added: int
    week_count: int  # bullets this week after adding
    already: bool = False


@dataclass(frozen=True)
class NotesList:
    week: PlanWeek | None
    notes: tuple[NoteView, ...]
    last_week: bool


class Notebook:
    """The learner's weekly notes."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def add_notes(
        self, chat_id: int, text: str, source: Source | None, *, for_week_of: datetime | None = None
    ) -> NotesAdded | ParseError:
        """Add bullets to the notes of this week, or of the week holding ``for_week_of`` (the
        instant a notes prompt was sent, when the learner replies to it)."""
        bullets = parse_note(text)
        if isinstance(bullets, ParseError):
            return bullets
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            day = view.today if for_week_of is None else for_week_of.astimezone(view.zone).date()
            added = await repo.add_notes(
                session,
                learner.id,
                day,
                bullets,
                chat_id=source.chat_id if source else None,
                message_id=source.message_id if source else None,
            )
            first, last = week_bounds(day)
            count = len(await repo.notes_between(session, learner.id, first, last))
            await session.commit()
        return NotesAdded(len(added), count, already=not added)

    async def notes(
        self, chat_id: int, *, last_week: bool = False, holding: date | None = None
    ) -> NotesList:
        """This week's notes, last week's, or those of the week holding a given day."""
        async with self.learners.reading(chat_id) as (session, learner):
            view = await self.learners.view(session, learner)
            if holding is None:
                holding = view.today - timedelta(days=7) if last_week else view.today
            week = view.week_of(holding)
            first, last = week_bounds(holding)
            notes = await repo.notes_between(session, learner.id, first, last)
        return NotesList(week, tuple(note_view(n) for n in notes), last < view.today)

    async def delete_note(self, chat_id: int, note_id: int) -> NoteView | None:
        async with self.learners.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return None
            note = await repo.delete_note(session, learner.id, note_id)
            await session.commit()
        return None if note is None else note_view(note)


def note_view(note: Note) -> NoteView:
    return NoteView(note.id, note.day, note.text)
