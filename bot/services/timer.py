"""The focus timer: /go starts a session kept in the database, /stop logs its time through
the logbook (the same checks as /log), and "still studying?" is asked once after 3 h."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import deliveries, focus, repo
from bot.db.models import DeliveryKind, DeliveryStatus, FocusSession
from bot.domain.focus import (
    STILL_STUDYING_AFTER,
    SessionLog,
    session_day,
    session_log,
    timer_period,
)
from bot.domain.parsing import ParseError, quoted
from bot.services.learners import Learners, LearnerView, Source
from bot.services.log import Logbook, Logged

NO_SESSION = "No focus session is running. Start one with /go, or log time with /log 1.5."
SESSION_ENDED = "That session has ended; nothing was logged."


@dataclass(frozen=True)
class Running:
    """A running session; ``started`` when this very /go started it."""

    learner: LearnerView
    started_at: datetime
    category: str
    default_category: bool  # the day's focus, not one the learner named
    elapsed: timedelta
    started: bool = False


@dataclass(frozen=True)
class Stopped:
    """A session ended and logged."""

    logged: Logged
    started_at: datetime
    stopped_at: datetime
    log: SessionLog


class FocusTimer:
    """Starting, showing and stopping the learner's one focus session."""

    def __init__(self, learners: Learners, logbook: Logbook) -> None:
        self.learners = learners
        self.logbook = logbook
        self.curriculum = learners.curriculum

    def category_of(self, words: str) -> str | ParseError | None:
        """The category /go names (None: the day's focus)."""
        word = words.strip()
        if not word:
            return None
        category = self.curriculum.category_words.get(word.lower())
        if category is None:
            names = ", ".join(c.id for c in self.curriculum.categories)
            return ParseError(
                f"{quoted(word)} is not a category. Use one of {names}, or /go alone for "
                "today's focus. No session was started."
            )
        return category

    async def go(self, chat_id: int, words: str) -> Running | ParseError:
        """/go [category]: start a session, or show the one running (which it leaves be)."""
        category = self.category_of(words)
        if isinstance(category, ParseError):
            return category
        now = self.learners.clock.now()
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            await repo.lock_learner(session, learner.id)
            started = await focus.start(session, learner.id, now, category)
            if started:
                await deliveries.add_delivery(
                    session,
                    learner_id=learner.id,
                    kind=DeliveryKind.TIMER,
                    period=timer_period(now),
                    due_at=now + STILL_STUDYING_AFTER,
                    status=DeliveryStatus.PENDING,
                )
            row = await focus.running(session, learner.id)
            assert row is not None  # started now, or running since before
            view = await self.learners.view(session, learner)
            await session.commit()
        return self._running(view, row, started)

    async def status(self, chat_id: int) -> Running | None:
        """The running session, if any (what "still studying?" asks about)."""
        async with self.learners.reading(chat_id, by_learner=False) as (session, learner):
            row = await focus.running(session, learner.id)
            if row is None:
                return None
            view = await self.learners.view(session, learner)
        return self._running(view, row, started=False)

    def _running(self, view: LearnerView, row: FocusSession, started: bool) -> Running:
        day = session_day(row.started_at, view.zone)
        category = row.category or self.logbook.default_category(view.plan, day)
        elapsed = self.learners.clock.now() - row.started_at
        return Running(view, row.started_at, category, row.category is None, elapsed, started)

    async def stop(
        self, chat_id: int, source: Source | None, started: int | None = None
    ) -> Stopped | Logged | ParseError:
        """/stop: log the session's time on the day it started and end it, together.

        A redelivered /stop (the same message) answers with what it logged the first time.
        ``started`` (epoch seconds), from a button asking about one session: stop that session
        only, never one started later (``SESSION_ENDED`` then).
        """
        if source is not None and (before := await self.logbook.logged_from(source)) is not None:
            return before
        now = self.learners.clock.now()
        async with self.learners.reading(chat_id) as (session, learner):
            row = await focus.running(session, learner.id)
            if started is not None and (row is None or epoch(row.started_at) != started):
                return ParseError(SESSION_ENDED)
            if row is None:
                return ParseError(NO_SESSION)
            view = await self.learners.view(session, learner)
            session_id, started_at, category = row.id, row.started_at, row.category
        log = session_log(now - started_at)
        day = session_day(started_at, view.zone)
        earliest, which = self.logbook.log_window(view)
        if day < earliest:
            return ParseError(
                f"Your focus session began on {day.isoformat()}, before the days you can still "
                f"log (from {earliest.isoformat()}, {which}). Send /stop cancel to end it "
                "without logging, then log what you did with /log."
            )
        arguments = f"{log.minutes}m {category or ''} {day.isoformat()}"

        async def end_session(session: AsyncSession, learner_id: int) -> ParseError | None:
            if not await focus.end(session, learner_id, session_id):
                return ParseError(NO_SESSION)  # another /stop ended it meanwhile
            period = timer_period(started_at)
            await deliveries.cancel_pending(session, learner_id, DeliveryKind.TIMER, period)
            return None

        logged = await self.logbook.log_hours(chat_id, arguments, source, also=end_session)
        if isinstance(logged, ParseError):
            if logged.message == NO_SESSION:
                return logged
            since = started_at.astimezone(view.zone).strftime("%H:%M")
            return ParseError(
                f"{logged.message} Your focus session keeps running (since {since}): make "
                "room that day from /history and /stop again, or /stop cancel to end it "
                "without logging."
            )
        if logged.already:
            return logged
        return Stopped(logged, started_at, now, log)

    async def cancel(self, chat_id: int) -> Running | ParseError:
        """/stop cancel: end the session without logging anything (started by mistake)."""
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            await repo.lock_learner(session, learner.id)
            row = await focus.running(session, learner.id)
            if row is None:
                return ParseError(NO_SESSION)
            view = await self.learners.view(session, learner)
            running = self._running(view, row, started=False)
            await focus.end(session, learner.id, row.id)
            period = timer_period(row.started_at)
            await deliveries.cancel_pending(session, learner.id, DeliveryKind.TIMER, period)
            await session.commit()
        return running


def epoch(moment: datetime) -> int:
    """A session's start as a button carries it: whole seconds since 1970."""
    return int(moment.timestamp())
