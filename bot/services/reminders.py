"""The daily reminder's buttons: ✅ Done logs the day's plan, ⏰ snoozes it once, Skip today."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.db import deliveries
from bot.db.models import DeliveryKind, DeliveryStatus, Learner
from bot.domain.parsing import ParseError, format_minutes
from bot.domain.plan import FreeDay, focus_on
from bot.services.learners import Learners, Source
from bot.services.log import Logbook, Logged
from bot.services.reports import Reports

SNOOZE_DELAY = timedelta(hours=1)


class Reminders:
    """What the reminder's buttons do."""

    def __init__(self, learners: Learners, logbook: Logbook, reports: Reports) -> None:
        self.learners = learners
        self.logbook = logbook
        self.reports = reports

    async def log_planned(self, chat_id: int, day: date, source: Source) -> Logged | ParseError:
        """✅ Done: log what is left of the day's hours, once per reminder however often
        pressed (a second press finds the entry of the first)."""
        report = await self.reports.week_report(chat_id, day=day)
        view = report.learner
        session = focus_on(view.plan, day)
        if isinstance(session, FreeDay):
            return ParseError(f"{day.isoformat()} is a free day: nothing was planned.")
        if report.left is not None and day == view.today:
            minutes = report.left.left_today
        else:  # an earlier day's reminder: what is left of that day's plan
            minutes = session.minutes - report.minutes_by_day.get(day, 0)
        if minutes <= 0:
            existing = await self.logbook.logged_from(source)
            if existing is not None:
                return existing
            done = format_minutes(report.minutes_by_day.get(day, 0))
            return ParseError(f"That day's hours are logged already ({done}). Well done!")
        when = "today" if day == view.today else day.isoformat()
        arguments = f"{minutes}m {session.category} {when}"
        return await self.logbook.log_hours(chat_id, arguments, source)

    async def snooze(self, chat_id: int, day: date) -> datetime | ParseError:
        """⏰ 1 h later: the day's reminder once more, an hour from now; once a day."""
        due = self.learners.clock.now() + SNOOZE_DELAY
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            not_today = self._not_today(learner, day, "snoozed")
            if not_today is not None:
                return not_today
            added = await deliveries.add_delivery(
                session,
                learner_id=learner.id,
                kind=DeliveryKind.SNOOZE,
                period=day.isoformat(),
                due_at=due,
                status=DeliveryStatus.PENDING,
            )
            await session.commit()
        if added is None:
            return ParseError("You've already snoozed today's reminder once.")
        return due

    async def skip(self, chat_id: int, day: date) -> ParseError | None:
        """Skip today: a pending snooze of that day is dropped."""
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            not_today = self._not_today(learner, day, "skipped")
            if not_today is not None:
                return not_today
            await deliveries.cancel_pending(
                session, learner.id, DeliveryKind.SNOOZE, day.isoformat()
            )
            await session.commit()
        return None

    def _not_today(self, learner: Learner, day: date, verb: str) -> ParseError | None:
        """Only today's reminder (the learner's local today) can be snoozed or skipped: a
        button of an older one, or a forged date, changes nothing."""
        today = self.learners.today_of(learner)
        if day < today:
            return ParseError(
                f"That reminder ({day.isoformat()}) is over: only today's reminder can be {verb}."
            )
        if day > today:
            return ParseError(f"That button is not for today's reminder; nothing was {verb}.")
        return None
