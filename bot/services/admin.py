"""For the bot's admins: how many learners, how active, how many pushes, the last tick."""

from __future__ import annotations

from datetime import timedelta

from bot.db import repo
from bot.services.learners import Learners


class Admin:
    """Numbers about the whole bot."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners

    async def stats(self) -> repo.Stats:
        """Learners, active in 7 days, pushes sent in 24 h, the last tick."""
        now = self.learners.clock.now()
        async with self.learners.uow.read() as session:
            return await repo.bot_stats(session, now - timedelta(days=7), now - timedelta(hours=24))
