"""The roadmap's goals as a checklist: a tick is (roadmap week, goal index). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.curriculum import Curriculum

Tick = tuple[int, int]  # (roadmap week, index of the goal in the week's goals, from 0)


@dataclass(frozen=True)
class GoalCount:
    done: int
    total: int


def valid_tick(curriculum: Curriculum, roadmap_week: int, goal: int) -> bool:
    """Whether the roadmap has that week and that goal in it."""
    if not 1 <= roadmap_week <= curriculum.total_weeks:
        return False
    return 0 <= goal < len(curriculum.week(roadmap_week).goals)


def count_goals(
    curriculum: Curriculum, ticks: Iterable[Tick], roadmap_weeks: Iterable[int]
) -> GoalCount:
    """The goals of ``roadmap_weeks`` and how many of them are ticked."""
    wanted = [w for w in dict.fromkeys(roadmap_weeks) if 1 <= w <= curriculum.total_weeks]
    ticked = {t for t in ticks if valid_tick(curriculum, *t)}
    total = sum(len(curriculum.week(w).goals) for w in wanted)
    done = sum(1 for week, _goal in ticked if week in wanted)
    return GoalCount(done, total)


def month_goals(curriculum: Curriculum, ticks: Iterable[Tick], month: int) -> GoalCount:
    """The goals of a roadmap month and how many are ticked."""
    weeks = [w.number for w in curriculum.weeks if w.month == month]
    return count_goals(curriculum, ticks, weeks)
