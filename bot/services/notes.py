"""Weekly notes: adding bullets (a bounded number a message and a week), listing a week's,
deleting one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.db import notes as note_rows
from bot.db import repo
from bot.db.models import Note
from bot.db.weeks import NoteRow
from bot.domain.parsing import ParseError, parse_note, zone_from_key
from bot.domain.plan import PlanWeek
from bot.services.learners import Learners, Source, week_bounds

# One message adds at most this many bullets, and a week holds at most this many notes: the
# notes of a week are listed in one reply, and each write holds SQLite's one write lock.
MAX_BULLETS_PER_MESSAGE = 20
MAX_NOTES_PER_WEEK = 100
MAX_SEARCH = 100  # characters of a /notes find


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
class PlacedNote:
    """A note with the plan and roadmap week it was written in (None: outside the plan)."""

    note: NoteView
    plan_week: int | None
    roadmap_week: int | None


@dataclass(frozen=True)
class NotesList:
    week: PlanWeek | None
    notes: tuple[NoteView, ...]
    last_week: bool
    monday: date  # the first day of the listed Monday-to-Sunday week


class Notebook:
    """The learner's weekly notes."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def add_notes(
        self, chat_id: int, text: str, source: Source | None, *, for_week_of: datetime | None = None
    ) -> NotesAdded | ParseError:
        """Add bullets to the notes of this week, or of the week holding ``for_week_of`` (the
        instant a notes prompt was sent, when the learner replies to it).

        Over the bounds, nothing is stored. The week's count is checked in the write
        transaction, the learner's row locked on PostgreSQL, so replicas cannot pass it together.
        """
        bullets = parse_note(text)
        if isinstance(bullets, ParseError):
            return bullets
        if len(bullets) > MAX_BULLETS_PER_MESSAGE:
            return ParseError(
                f"That's {len(bullets)} bullets in one message; I take at most "
                f"{MAX_BULLETS_PER_MESSAGE} at a time. Nothing was saved: send them in parts."
            )
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            await repo.lock_learner(session, learner.id)
            if for_week_of is None:
                day = self.learners.today_of(learner)
            else:
                day = for_week_of.astimezone(zone_from_key(learner.timezone)).date()
            first, last = week_bounds(day)
            count = await note_rows.count_between(session, learner.id, first, last)
            if count + len(bullets) > MAX_NOTES_PER_WEEK:
                if source is not None and await note_rows.from_message(
                    session, source.chat_id, source.message_id
                ):
                    return NotesAdded(0, count, already=True)
                return ParseError(
                    f"A week holds at most {MAX_NOTES_PER_WEEK} notes; this one has {count}, "
                    f"and {len(bullets)} more would make {count + len(bullets)}. "
                    "Nothing was saved."
                )
            added = await note_rows.add_notes(
                session,
                learner.id,
                day,
                bullets,
                chat_id=source.chat_id if source else None,
                message_id=source.message_id if source else None,
            )
            await session.commit()
        return NotesAdded(len(added), count + len(added), already=not added)

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
            notes = await note_rows.notes_between(session, learner.id, first, last)
        return NotesList(week, tuple(note_view(n) for n in notes), last < view.today, first)

    async def placed_notes(self, chat_id: int) -> tuple[PlacedNote, ...]:
        """Every note, by day, with the week it belongs to (for /notes all)."""
        async with self.learners.reading(chat_id) as (session, learner):
            view = await self.learners.view(session, learner)
            notes = await note_rows.all_notes(session, learner.id)
        placed = []
        for note in notes:
            week = view.week_of(note.day) if note.day >= view.plan.start else None
            placed.append(
                PlacedNote(
                    note_view(note),
                    None if week is None else week.number,
                    None if week is None else week.roadmap_week,
                )
            )
        return tuple(placed)

    async def find(
        self, chat_id: int, words: str
    ) -> tuple[str, tuple[PlacedNote, ...]] | ParseError:
        """The notes holding ``words`` (any case), with their weeks."""
        wanted = " ".join(words.split())
        if not wanted:
            return ParseError("Tell me what to look for: /notes find WORD, e.g. /notes find async.")
        if len(wanted) > MAX_SEARCH:
            return ParseError(f"Search for at most {MAX_SEARCH} characters.")
        needle = wanted.casefold()
        found = [p for p in await self.placed_notes(chat_id) if needle in p.note.text.casefold()]
        return wanted, tuple(found)

    async def delete_note(self, chat_id: int, note_id: int) -> NoteView | None:
        async with self.learners.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return None
            note = await note_rows.delete_note(session, learner.id, note_id)
            await session.commit()
        return None if note is None else note_view(note)


def note_view(note: Note | NoteRow) -> NoteView:
    return NoteView(note.id, note.day, note.text)
