"""The portfolio's rules: which links are kept, what ``/ship`` asks for, and when the capstone
question is due. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from bot.domain.curriculum import Curriculum
from bot.domain.parsing import ParseError
from bot.domain.plan import LearnerPlan, PlanWeek, plan_weeks, step_of

MAX_LINK = 1000  # characters: a link fits many times in a message
NO_LINK = "no link"
SHIP_USAGE = "Use /ship URL for your latest shipped project, or /ship WEEK URL (a roadmap week)."


def says_no_link(text: str) -> bool:
    """Whether the text is the answer "no link" (any case, a final full stop or ! allowed)."""
    return text.strip().casefold().rstrip(".!") == NO_LINK


def parse_link(text: str) -> str | ParseError:
    """An http(s) URL with a host, stored exactly as given; anything else names the problem."""
    link = text.strip()
    if not link:
        return ParseError(f"Send a link. {SHIP_USAGE}")
    if len(link) > MAX_LINK:
        return ParseError(f"That link is {len(link)} characters long; I keep at most {MAX_LINK}.")
    if any(c.isspace() or not c.isprintable() for c in link):
        return ParseError("A link has no spaces: send one http:// or https:// address.")
    try:
        parts = urlsplit(link)
        host = parts.hostname
    except ValueError:
        return ParseError(f"“{link}” isn't a link I can read: send an http:// or https:// address.")
    if parts.scheme.lower() not in ("http", "https") or not host:
        return ParseError(
            f"“{link}” isn't a web link: send an http:// or https:// address, "
            "e.g. https://github.com/you/calculator."
        )
    return link


@dataclass(frozen=True)
class ShipRequest:
    """``/ship [week] URL``: the roadmap week (None: the latest shipped project) and the link."""

    week: int | None
    link: str


def parse_ship(text: str, total_weeks: int) -> ShipRequest | ParseError:
    words = text.split()
    if not words or len(words) > 2:
        return ParseError(SHIP_USAGE)
    week: int | None = None
    if len(words) == 2:
        raw = words[0].removeprefix("wk").removeprefix("week")
        if not (raw.isascii() and raw.isdigit()):
            return ParseError(f"“{words[0]}” isn't a roadmap week. {SHIP_USAGE}")
        week = int(raw)
        if not 1 <= week <= total_weeks:
            return ParseError(
                f"There is no roadmap week {week}: the roadmap has weeks 1–{total_weeks}. "
                "Nothing was saved."
            )
    link = parse_link(words[-1])
    if isinstance(link, ParseError):
        return ParseError(f"{link.message} Nothing was saved.")
    return ShipRequest(week, link)


def capstone_week(curriculum: Curriculum) -> int | None:
    """The first roadmap week with capstone options (the capstone starts there)."""
    return next((w.number for w in curriculum.weeks if w.capstone_options), None)


def capstone_options(curriculum: Curriculum) -> tuple[str, ...]:
    first = capstone_week(curriculum)
    return () if first is None else curriculum.week(first).capstone_options


def asks_capstone(curriculum: Curriculum, plan: LearnerPlan, day: date) -> bool:
    """Whether ``day`` falls in the plan week just before the first one on the capstone."""
    first = capstone_week(curriculum)
    number = plan.week_number(day)
    if first is None or number < 1 or not _may_reach(curriculum, plan, number + 1, first):
        return False
    weeks = plan_weeks(curriculum, plan)
    if number >= len(weeks):
        return False
    return first not in weeks[number - 1].covers and first in weeks[number].covers


def _may_reach(curriculum: Curriculum, plan: LearnerPlan, number: int, week: int) -> bool:
    """Whether plan week ``number`` could reach into roadmap week ``week`` at all: a cheap
    bound (every week at the fastest step of the plan's paces) that spares working out the
    whole plan on the days far from it."""
    fastest = max(step_of(curriculum, s.pace) for s in plan.segments)
    furthest = max(
        s.position + (number - s.from_week + 1) * fastest
        for s in plan.segments
        if s.from_week <= number
    )
    return furthest > week - 1


def shipping_week(weeks: tuple[PlanWeek, ...], roadmap_week: int) -> PlanWeek | None:
    """The plan week whose project is ``roadmap_week``'s: the last one completing it, else the
    last one covering it."""
    completing = [w for w in weeks if roadmap_week in w.completes]
    covering = [w for w in weeks if roadmap_week in w.covers]
    found = completing or covering
    return found[-1] if found else None
