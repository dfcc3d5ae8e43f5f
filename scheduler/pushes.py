"""What a claimed push says: its messages, rendered from the learner's data when it is sent.

A claim batch is read at once (``prepare``: a few queries for the whole batch), then each push
is rendered from what was read by the same pure functions as ``/today`` and ``/recap``. A push
the batch could not read (the learner was forgotten meanwhile, or the batch read failed) is
read on its own, so that its error is its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from bot.db.models import DeliveryKind
from bot.domain.curriculum import Curriculum
from bot.domain.focus import timer_period
from bot.services import Coach
from bot.services.reports import LearnerRows, WeekReport, WeekWanted
from bot.telegram.outgoing import Part, finish_messages, parts, recap_messages
from bot.texts import portfolio, recap, reminders, timer
from scheduler.claims import Claim

Prepared = Mapping[WeekWanted, WeekReport]


def wanted(claim: Claim) -> WeekWanted | None:
    """The week report a push is rendered from; None for a milestone (read on its own)."""
    if claim.kind is DeliveryKind.RECAP:  # the week it was due for, even if sent late
        return WeekWanted(claim.chat_id, date.fromisoformat(claim.period))
    if claim.kind in (DeliveryKind.DAILY, DeliveryKind.SNOOZE):
        return WeekWanted(claim.chat_id)
    return None


class Pushes:
    """Renders claims into the messages to send."""

    def __init__(self, curriculum: Curriculum, coach: Coach) -> None:
        self.curriculum = curriculum
        self.coach = coach

    async def prepare(
        self, claims: Iterable[Claim], known: Mapping[int, LearnerRows] | None = None
    ) -> Prepared:
        """The week reports of a whole claim batch, read together (the learners of ``known``,
        by chat, made from the rows given)."""
        wants = {want for claim in claims if (want := wanted(claim)) is not None}
        return await self.coach.reports.week_reports(wants, known) if wants else {}

    async def render(self, claim: Claim, prepared: Prepared | None = None) -> list[Part] | None:
        """The messages of one push, in order; None when there is nothing to say (skipped)."""
        if claim.kind is DeliveryKind.TIMER:
            running = await self.coach.timer.status(claim.chat_id)
            if running is None or timer_period(running.started_at) != claim.period:
                return None  # that session ended before its third hour
            return parts([timer.still_studying(running)])
        if claim.kind is DeliveryKind.CAPSTONE:
            question = await self.coach.portfolio.capstone_question(claim.chat_id, by_learner=False)
            if question.chosen is not None or not question.options:
                return None  # chosen already (/capstone): nothing to ask
            return parts([portfolio.capstone_question(question)])
        if claim.kind is DeliveryKind.MILESTONE:
            month = int(claim.period.removeprefix("month-"))
            summary = await self.coach.recaps.milestone_summary(claim.chat_id, month)
            return parts([recap.milestone(self.curriculum, summary)])
        if claim.kind is DeliveryKind.FINISH:
            finished = await self.coach.finish.summary(claim.chat_id)
            if finished is None:
                return None  # the plan was made longer after its last week's recap
            return parts(await finish_messages(self.curriculum, finished))
        want = wanted(claim)
        report = None if want is None or prepared is None else prepared.get(want)
        if claim.kind is DeliveryKind.RECAP:
            if report is None:
                report = await self.coach.reports.week_report(
                    claim.chat_id, by_learner=False, day=date.fromisoformat(claim.period),
                    recap=True,
                )  # fmt: skip
            return parts(await recap_messages(self.curriculum, report))
        if report is None:
            report = await self.coach.reports.week_report(claim.chat_id, by_learner=False)
        if report.learner.today.isoformat() != claim.period:
            return None  # a reminder for a day that is over (the learner's zone moved on)
        if report.left is None or not report.left.reminds:
            return None  # not a study day any more, or today's planned hours are logged
        reminder = reminders.reminder(self.curriculum, report)
        return None if reminder is None else parts([reminder])
