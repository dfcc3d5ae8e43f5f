"""What the handlers are given: the services, the curriculum and the admins. The composition
root builds it and places it in the application's ``bot_data``."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.curriculum import Curriculum
from bot.services import Coach


@dataclass(frozen=True)
class Deps:
    """What the handlers need, placed in ``bot_data`` by the composition root."""

    coach: Coach
    curriculum: Curriculum
    admin_ids: frozenset[int] = frozenset()
