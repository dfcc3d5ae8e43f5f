"""What a claimed push says: its messages, rendered from the learner's data when it is sent."""

from __future__ import annotations

from datetime import date

from bot.db.models import DeliveryKind
from bot.domain.curriculum import Curriculum
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
            report = await self.coach.reports.week_report(
                claim.chat_id, by_learner=False, day=day, recap=True
            )
            return parts(await recap_messages(self.curriculum, report))
        report = await self.coach.reports.week_report(claim.chat_id, by_learner=False)
        if report.learner.today.isoformat() != claim.period:
            return None  # a reminder for a day that is over (the learner's zone moved on)
        if report.left is None or report.left.left_today == 0:
            return None  # not a study day any more, or today's hours are logged already
        reminder = reminders.reminder(self.curriculum, report)
        return None if reminder is None else parts([reminder])
