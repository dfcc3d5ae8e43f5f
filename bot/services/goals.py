"""Goals to tick: each goal of a roadmap week, ticked as done on /week, or the tick taken back."""

from __future__ import annotations

from bot.db import portfolio as rows
from bot.domain.goals import valid_tick
from bot.services.learners import Learners


class Goals:
    """The learner's ticks on the roadmap's goals."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def set_tick(
        self, chat_id: int, roadmap_week: int, goal: int, ticked: bool
    ) -> tuple[str, bool] | None:
        """Tick goal ``goal`` (from 0) of ``roadmap_week``, or take the tick back; the same
        press twice changes nothing more. The goal's text and whether anything changed; None
        when there is no such goal."""
        if not valid_tick(self.curriculum, roadmap_week, goal):
            return None
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            changed = await rows.set_tick(
                session, learner.id, (roadmap_week, goal), ticked, self.learners.clock.now()
            )
            await session.commit()
        return self.curriculum.week(roadmap_week).goals[goal], changed
