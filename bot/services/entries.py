"""Changing one log entry (from /history): its hours, its category or its day, with the
rules of /log (a single entry at most 12 h, a day at most 24 h, days inside the log window)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from bot.db import repo
from bot.domain.parsing import (
    MAX_DAY_MINUTES,
    MAX_ENTRY_MINUTES,
    ParseError,
    format_minutes,
    parse_day,
    parse_duration,
    quoted,
)
from bot.services.learners import Learners, LearnerView
from bot.services.log import EntryView, Logbook, WeekTotal, entry_view

Field = Literal["minutes", "category", "day"]


@dataclass(frozen=True)
class Change:
    """Set ``field`` to ``value``; from a button, only if it still is ``expected`` (what the
    button was drawn from), so a press applies once and a stale button changes nothing."""

    field: Field
    value: str
    expected: str | None = None


@dataclass(frozen=True)
class Opened:
    """An entry as it is now, with what may be done to it."""

    learner: LearnerView
    entry: EntryView
    earliest: date  # the first day it may be moved to (the log window)
    total: WeekTotal


@dataclass(frozen=True)
class Edited:
    """The entry after a change; ``before`` as it was. ``stale`` when a button was drawn from
    another value than the entry has now (nothing was changed)."""

    opened: Opened
    before: EntryView
    stale: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.opened.entry


class Entries:
    """Opening and changing the chat's own entries."""

    def __init__(self, learners: Learners, logbook: Logbook) -> None:
        self.learners = learners
        self.logbook = logbook
        self.curriculum = learners.curriculum

    async def open(self, chat_id: int, entry_id: int) -> Opened | None:
        """The entry, if it is this chat's and still there."""
        async with self.learners.reading(chat_id) as (session, learner):
            entry = await repo.log_entry(session, learner.id, entry_id)
            if entry is None:
                return None
            view = await self.learners.view(session, learner)
            found = entry_view(entry)
            total = await self.logbook.week_total(session, learner.id, view, found.day)
        return Opened(view, found, self.logbook.log_window(view)[0], total)

    def read_change(self, text: str, today: date) -> Change | ParseError:
        """A reply to an entry: a duration, a category word or a day word."""
        word = text.strip()
        category = self.curriculum.category_words.get(word.lower())
        if category is not None:
            return Change("category", category)
        day = parse_day(word, today)
        if isinstance(day, ParseError):
            return day
        if day is not None:
            return Change("day", day.isoformat())
        minutes = parse_duration(word)
        if isinstance(minutes, ParseError) and word[:1] in tuple("0123456789+-−.,"):
            return minutes  # meant as hours: what is wrong with them (0, over 12 h, …)
        if isinstance(minutes, ParseError):
            return ParseError(
                f"{quoted(word)} changes nothing: reply with a duration (1h45), a category "
                "(learning, practice, project, revision) or a day (yesterday, mon, 2026-11-30)."
            )
        return Change("minutes", str(minutes))

    async def change_by_reply(
        self, chat_id: int, entry_id: int, text: str
    ) -> Edited | ParseError | None:
        """A reply to the entry's message: hours, a category or a day."""
        change = self.read_change(text, (await self.learners.get(chat_id)).today)
        if isinstance(change, ParseError):
            return change
        return await self.change(chat_id, entry_id, change)

    async def change(
        self, chat_id: int, entry_id: int, change: Change
    ) -> Edited | ParseError | None:
        """Apply one change, checked as /log checks a new entry, in one transaction with the
        learner locked (so two replicas cannot both pass the day's 24 h). None: not theirs."""
        async with self.learners.uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                return None
            await repo.lock_learner(session, learner.id)
            entry = await repo.log_entry(session, learner.id, entry_id)
            if entry is None:
                return None
            view = await self.learners.view(session, learner)
            before = entry_view(entry)
            current = {"minutes": str(entry.minutes), "category": entry.category,
                       "day": entry.day.isoformat()}[change.field]  # fmt: skip
            # A press drawn from another value: stale, unless it asks for what is there now
            # (the same press again, which then changes nothing).
            stale = change.expected not in (None, current) and change.value != current
            earliest, which = self.logbook.log_window(view)
            if not stale and change.value != current:
                after = self._changed(before, change, view.today, earliest, which)
                if isinstance(after, ParseError):
                    return after
                others = await repo.minutes_on(session, learner.id, after.day)
                if after.day == before.day:
                    others -= before.minutes
                if others + after.minutes > MAX_DAY_MINUTES:
                    return ParseError(
                        f"That would make {format_minutes(others + after.minutes)} on "
                        f"{after.day.isoformat()}, and a day has 24 h. Already logged that day "
                        f"besides this entry: {format_minutes(others)}. Nothing was changed."
                    )
                entry.minutes, entry.category, entry.day = after.minutes, after.category, after.day
                await session.flush()
            found = entry_view(entry)
            total = await self.logbook.week_total(session, learner.id, view, found.day)
            await session.commit()
        opened = Opened(view, found, earliest, total)
        return Edited(opened, before, stale=stale)

    def _changed(
        self, entry: EntryView, change: Change, today: date, earliest: date, which: str
    ) -> EntryView | ParseError:
        """The entry with ``change`` applied, or why it may not be."""
        if change.field == "minutes":
            minutes = int(change.value)
            if not 1 <= minutes <= MAX_ENTRY_MINUTES:
                return ParseError(
                    f"An entry can be 1 min to {MAX_ENTRY_MINUTES // 60} h; "
                    f"{format_minutes(minutes)} is not. Nothing was changed."
                )
            return replace(entry, minutes=minutes)
        if change.field == "category":
            if change.value not in {c.id for c in self.curriculum.categories}:
                return ParseError(f"{quoted(change.value)} is not a category.")
            return replace(entry, category=change.value)
        day = date.fromisoformat(change.value)
        if day > today:
            return ParseError(
                f"{day.isoformat()} is in the future: an entry is for a day that has been."
            )
        if day < earliest:
            return ParseError(
                f"{day.isoformat()} is too far back: an entry can be moved to a day from "
                f"{earliest.isoformat()} ({which}) up to today."
            )
        return replace(entry, day=day)
