"""The use cases, one module per feature; no Telegram in sight.

Every use case opens its own unit of work and commits it; it returns a view for ``bot.texts``
to render, or a ``ParseError`` carrying the sentence that tells the learner what was wrong (in
which case nothing was stored). ``Coach`` holds one service per feature.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services.admin import Admin
from bot.services.calendar import Calendars
from bot.services.catchup import CatchUp
from bot.services.data import LearnerData
from bot.services.days import Days
from bot.services.entries import Entries
from bot.services.finish import FinishLine
from bot.services.goals import Goals
from bot.services.learners import Learners
from bot.services.log import Logbook
from bot.services.notes import Notebook
from bot.services.onboarding import Onboarding
from bot.services.portfolio import Portfolio
from bot.services.recap import Recaps
from bot.services.reminders import Reminders
from bot.services.reports import Reports
from bot.services.settings import LearnerSettings
from bot.services.timer import FocusTimer


class Coach:
    """Every feature's service over one database, curriculum and clock."""

    def __init__(self, curriculum: Curriculum, uow: UnitOfWork, clock: Clock) -> None:
        self.curriculum = curriculum
        self.clock = clock
        self.learners = Learners(curriculum, uow, clock)
        self.onboarding = Onboarding(self.learners)
        self.settings = LearnerSettings(self.learners)
        self.logbook = Logbook(self.learners)
        self.notebook = Notebook(self.learners)
        self.reports = Reports(self.learners)
        self.recaps = Recaps(self.learners, self.reports)
        self.catch_up = CatchUp(self.learners, self.reports)
        self.reminders = Reminders(self.learners, self.logbook, self.reports)
        self.data = LearnerData(self.learners)
        self.days = Days(self.learners)
        self.admin = Admin(self.learners)
        self.timer = FocusTimer(self.learners, self.logbook)
        self.entries = Entries(self.learners, self.logbook)
        self.calendars = Calendars(self.learners)
        self.finish = FinishLine(self.learners, self.reports)
        self.portfolio = Portfolio(self.learners)
        self.goals = Goals(self.learners)
