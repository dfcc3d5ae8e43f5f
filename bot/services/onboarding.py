"""/start and the setup questions: a learner met for the first time, or once more."""

from __future__ import annotations

from bot.db import repo
from bot.db.models import Learner, OnboardingStep
from bot.services.learners import Changed, Learners, LearnerView


class Onboarding:
    """Welcoming a learner and going through the setup questions."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners

    async def start(self, chat_id: int, first_name: str | None) -> tuple[LearnerView, bool]:
        """/start: the learner (new or returning, data kept) and whether they are new."""
        async with self.learners.uow.write() as session:
            is_new = await repo.learner_by_chat(session, chat_id) is None
            learner = await self.learners.get_or_create(session, chat_id, first_name, create=True)
            if first_name and learner.first_name != first_name:
                learner.first_name = first_name
            view = await self.learners.view(session, learner)
            await session.commit()
        return view, is_new

    async def restart(self, chat_id: int) -> Changed:
        """Go through the setup questions again; every answer so far is kept until changed."""

        def apply(learner: Learner, _view: LearnerView) -> None:
            learner.onboarding = OnboardingStep.PACE

        return await self.learners.change(chat_id, None, apply)
