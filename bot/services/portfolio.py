"""The portfolio: the link to each shipped project (/ship, or a reply to the question after
✅ Shipped), every shipped project (/portfolio), and the capstone the learner takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.db import deliveries, plans
from bot.db import portfolio as rows
from bot.db.models import DeliveryKind, ProjectAnswer
from bot.domain.curriculum import Curriculum
from bot.domain.parsing import ParseError
from bot.domain.plan import PlanWeek
from bot.domain.portfolio import (
    NO_LINK,
    capstone_options,
    parse_link,
    parse_ship,
    says_no_link,
    shipping_week,
)
from bot.services.learners import Learners, LearnerView


@dataclass(frozen=True)
class ShippedProject:
    """A shipped project: its roadmap week and title, the plan week it was due with, its link
    and the learner's local date it was marked shipped."""

    roadmap_week: int
    title: str
    plan_week: int | None
    link: str | None
    shipped_on: date


@dataclass(frozen=True)
class LinkSaved:
    roadmap_week: int
    title: str
    link: str | None  # None: "no link"
    previous: str | None  # the link it had before, if any


@dataclass(frozen=True)
class CapstoneQuestion:
    options: tuple[str, ...]
    chosen: str | None


class Portfolio:
    """Links to shipped projects, the list of them, and the capstone choice."""

    def __init__(self, learners: Learners) -> None:
        self.learners = learners
        self.curriculum = learners.curriculum

    async def ship(self, chat_id: int, text: str) -> LinkSaved | ParseError:
        """``/ship [week] URL``: record or correct a project's link (and mark it shipped)."""
        request = parse_ship(text, self.curriculum.total_weeks)
        if isinstance(request, ParseError):
            return request
        return await self._save(chat_id, request.week, request.link)

    async def link_reply(
        self, chat_id: int, roadmap_week: int, text: str
    ) -> LinkSaved | ParseError:
        """A reply to the link question after ✅ Shipped: a URL, or "no link"."""
        if not 1 <= roadmap_week <= self.curriculum.total_weeks:
            return ParseError("That question is not about a roadmap week. Nothing was saved.")
        if says_no_link(text) or text.strip().casefold().rstrip(".!") in ("none", "no"):
            return await self._save(chat_id, roadmap_week, None)
        link = parse_link(text)
        if isinstance(link, ParseError):
            return ParseError(f"{link.message} Or reply “{NO_LINK}”. Nothing was saved.")
        return await self._save(chat_id, roadmap_week, link)

    async def keep_without_link(self, chat_id: int) -> LinkSaved | None:
        """A bare "no link": the latest shipped project, when it has no link, stays so (nothing
        to store). None when there is no such project (the words were not an answer)."""
        async with self.learners.reading(chat_id) as (session, learner):
            latest = await rows.latest_shipped_link(session, learner.id)
        if latest is None or latest[1] is not None:
            return None
        week = latest[0]
        return LinkSaved(week, self.curriculum.week(week).title, None, None)

    async def _save(
        self, chat_id: int, week: int | None, link: str | None
    ) -> LinkSaved | ParseError:
        now = self.learners.clock.now()
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            view = await self.learners.view(session, learner)
            if week is None:
                week = await rows.latest_shipped(session, learner.id)
                if week is None:
                    return ParseError(
                        "No project is marked as shipped yet: use /ship WEEK URL with its roadmap "
                        "week. Nothing was saved."
                    )
            reached = reached_week(view)
            if week > reached:
                where = (
                    f"you're on roadmap week {reached}" if reached else "your plan hasn't started"
                )
                return ParseError(
                    f"Roadmap week {week} hasn't started for you yet ({where}). Nothing was saved."
                )
            newly, previous = await rows.ship_with_link(session, learner.id, week, link, now)
            month = self.curriculum.week(week).month
            if newly and self.curriculum.last_week_of_month(month) == week:
                # The month's summary waited for this week's answer: it can go now.
                await deliveries.bring_forward(
                    session, learner.id, DeliveryKind.MILESTONE, f"month-{month}", now
                )
            await session.commit()
        return LinkSaved(week, self.curriculum.week(week).title, link, previous)

    async def shipped(self, chat_id: int) -> tuple[LearnerView, tuple[ShippedProject, ...]]:
        """Every shipped project, by roadmap week."""
        async with self.learners.reading(chat_id) as (session, learner):
            view = await self.learners.view(session, learner)
            answers = await plans.project_answer_rows(session, learner.id)
        return view, shipped_projects(self.curriculum, view, answers)

    async def capstone_question(self, chat_id: int, *, by_learner: bool = True) -> CapstoneQuestion:
        async with self.learners.reading(chat_id, by_learner=by_learner) as (_session, learner):
            chosen = learner.capstone
        return CapstoneQuestion(capstone_options(self.curriculum), chosen)

    async def choose_capstone(self, chat_id: int, option: int) -> str | None:
        """Take capstone option ``option`` (from 1); None when there is no such option."""
        options = capstone_options(self.curriculum)
        if not 1 <= option <= len(options):
            return None
        async with self.learners.uow.write() as session:
            learner = await self.learners.get_or_create(session, chat_id)
            learner.capstone = options[option - 1]
            await session.commit()
        return options[option - 1]


def reached_week(view: LearnerView) -> int:
    """The last roadmap week the plan has reached by today (0 before the start)."""
    started = [w for w in view.weeks if w.first_day <= view.today]
    if view.today < view.plan.start or not started:
        return 0
    return max(max(w.covers) for w in started)


def shipped_projects(
    curriculum: Curriculum, view: LearnerView, answers: Sequence[ProjectAnswer]
) -> tuple[ShippedProject, ...]:
    """The shipped projects among ``answers``, with the plan weeks they were due with."""
    found = []
    for answer in answers:
        if not answer.shipped:
            continue
        plan_week: PlanWeek | None = shipping_week(view.weeks, answer.roadmap_week)
        found.append(
            ShippedProject(
                roadmap_week=answer.roadmap_week,
                title=curriculum.week(answer.roadmap_week).title,
                plan_week=None if plan_week is None else plan_week.number,
                link=answer.link,
                shipped_on=answer.answered_at.astimezone(view.zone).date(),
            )
        )
    return tuple(found)
