"""Your own week (/days): which weekday is free and which carries the long session, from this
plan week on; the targets, reminders and recaps follow."""

from __future__ import annotations

from bot.db import plans
from bot.domain.changes import with_layout
from bot.domain.parsing import ParseError
from bot.domain.plan import Layout
from bot.services.learners import Changed, Learners

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Days:
    """The learner's week layout."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def set_layout(
        self, chat_id: int, *, free: int | None = None, long: int | None = None
    ) -> Changed | ParseError:
        """Make ``free`` the free day and/or ``long`` the long session's day, from this week."""
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            current = view.plan.segments[-1].layout
            new_free = current.free if free is None else free
            new_long = current.long if long is None else long
            if new_free == new_long:
                day = WEEKDAY_NAMES[new_free]
                if free is not None and long is None:
                    return ParseError(
                        f"{day} holds your long session. Move it first (/days long …), then "
                        "make another day free."
                    )
                return ParseError(f"{day} is your free day: the long session needs a study day.")
            layout = Layout(new_free, new_long)
            if layout != current:
                first = self.learners.first_open_week(learner, view)
                segments = with_layout(self.curriculum, view.plan, layout, view.today, first)
                await plans.replace_segments(session, learner.id, segments)
            view = await self.learners.view(session, learner)
            self.learners.reschedule(learner, view)
            await session.commit()
        return Changed(view, advanced=False)
