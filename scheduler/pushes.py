"""What a claimed push says: its messages, rendered from the learner's data when it is sent."""

from __future__ import annotations

from datetime import date

from bot.db.models import DeliveryKind
from bot.domain.curriculum import Curriculum
from bot.domain.plan import FreeDay, focus_on
from bot.services import Coach
from bot.telegram.outgoing import Part, parts, recap_messages
from bot.texts import recap, reminders
from scheduler.claims import Claim


class Pushes:
    """Renders claims into the messages to send."""

    def __init__(self, curriculum: Curriculum, coach: Coach) -> None:
        self.curriculum = curriculum
        self.coach = coach

    async def render(self, claim: Claim) -> list[Part] | None:
        """The messages of one push, in order; None when there is nothing to say (skipped)."""
        if claim.kind is DeliveryKind.MILESTONE:
            month = int(claim.period.removeprefix("month-"))
            summary = await self.coach.recaps.milestone_summary(claim.chat_id, month)
            return parts([recap.milestone(self.curriculum, summary)])
        if claim.kind is DeliveryKind.RECAP:  # the week it was due for, even if sent late
            day = date.fromisoformat(claim.period)
            report = await self.coach.reports.week_report(claim.chat_id, by_learner=False, day=day)
            return parts(await recap_messages(self.curriculum, report))
        report = await self.coach.reports.week_report(claim.chat_id, by_learner=False)
        view = report.learner
        if view.today.isoformat() != claim.period:
            return None  # a reminder for a day that is over (the learner's zone moved on)
        session = focus_on(view.plan, view.today)
        logged = report.minutes_by_day.get(view.today, 0)
        if isinstance(session, FreeDay) or logged >= session.minutes:
            return None  # today's planned hours are logged already
        reminder = reminders.reminder(self.curriculum, report)
        return None if reminder is None else parts([reminder])
