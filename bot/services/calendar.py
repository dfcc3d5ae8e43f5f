"""The plan in a calendar (/calendar): the study sessions still ahead, for an .ics file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.calendar import StudySession, remaining_sessions
from bot.services.learners import Learners, LearnerView


@dataclass(frozen=True)
class PlanCalendar:
    """What the calendar file holds: the learner, their remaining sessions, when it was made."""

    learner: LearnerView
    sessions: tuple[StudySession, ...]
    made_at: datetime

    @property
    def reminders_off(self) -> bool:
        return self.learner.reminder is None


class Calendars:
    """The learner's remaining study sessions."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners

    async def plan_calendar(self, chat_id: int) -> PlanCalendar:
        view = await self.learners.get(chat_id)
        sessions = remaining_sessions(view.weeks, view.today, view.reminder, view.zone)
        return PlanCalendar(view, sessions, self.learners.clock.now())
