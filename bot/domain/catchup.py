"""What is left of a week, and how it spreads over the study days left. Pure.

DESIGN §2a: what is left is spread over the remaining study days, at most 1.5× each day's
planned hours; anything beyond is "behind". Today's hours, what is left, and the reminder's
Done button agree: Done logs what is left of today's hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.plan import PlanWeek

CATCH_UP = (3, 2)  # a day may be asked for at most 1.5× its plan (a ratio of integers)
QUARTER = 15  # shares are whole quarter hours, which read naturally


@dataclass(frozen=True)
class DayShare:
    day: date
    planned: int  # the day's session
    minutes: int  # what the day is asked for: its plan, with a share of any catch-up


@dataclass(frozen=True)
class WeekLeft:
    """Where a week stands on one of its days."""

    target: int  # the week's target
    logged: int  # logged in the week so far
    today: DayShare | None  # None when today is not a study day of the week
    logged_today: int
    ahead: tuple[DayShare, ...]  # the study days after today, with their shares
    behind: int  # what no day left can hold within 1.5× its plan

    @property
    def left(self) -> int:
        """What is left of the week's target."""
        return max(0, self.target - self.logged)

    @property
    def left_today(self) -> int:
        """What is left of today's hours: what ✅ Done logs."""
        return 0 if self.today is None else max(0, self.today.minutes - self.logged_today)

    @property
    def reminds(self) -> bool:
        """Whether today's reminder is sent: today is a study day whose own planned hours are
        not all logged yet (a catch-up share alone sends nothing, DESIGN §3)."""
        return (
            self.today is not None
            and self.left_today > 0
            and self.logged_today < self.today.planned
        )

    @property
    def catching_up(self) -> bool:
        """Whether the days left are asked for more than their plan."""
        shares = (*((self.today,) if self.today else ()), *self.ahead)
        return any(s.minutes > s.planned for s in shares)


def cap(planned: int) -> int:
    """The most a day is asked for: 1.5× its plan, in whole quarter hours."""
    times, over = CATCH_UP
    return planned * times // over // QUARTER * QUARTER or planned


def room_left(week: PlanWeek, today: date, minutes_by_day: Mapping[date, int]) -> int:
    """The most the study days of ``week`` from ``today`` on can still be asked for, each at
    most 1.5× its plan (today less what it has logged already)."""
    room = 0
    for plan_day in week.days:
        if plan_day.day < today or plan_day.planned_minutes <= 0:
            continue
        most = cap(plan_day.planned_minutes)
        if plan_day.day == today:
            most = max(0, most - minutes_by_day.get(today, 0))
        room += most
    return room


def spread(need: int, planned: list[tuple[date, int]]) -> tuple[list[DayShare], int]:
    """Spread ``need`` minutes over days with their planned minutes: each day its plan when
    that covers the need, else the plan scaled up to at most 1.5×, in quarter hours. Returns
    the shares and what is left beyond every day's cap."""
    total_planned = sum(minutes for _, minutes in planned)
    if total_planned == 0:
        return [], max(0, need)
    if need <= total_planned:
        return [DayShare(d, m, m) for d, m in planned], 0
    caps = [cap(m) for _, m in planned]
    goal = min(need, sum(caps))
    # Each day's ideal share is goal × its plan ÷ the plan's total: kept as the numerator over
    # that one denominator, so the arithmetic stays exact in integers.
    ideal = [goal * m for _, m in planned]
    shares = [
        min(c, x // total_planned // QUARTER * QUARTER) for x, c in zip(ideal, caps, strict=True)
    ]
    # Hand out what rounding left, a quarter at a time, to the days furthest below their ideal.
    rest = goal - sum(shares)
    while rest > 0:
        room = [i for i, (s, c) in enumerate(zip(shares, caps, strict=True)) if s < c]
        if not room:
            break
        i = max(room, key=lambda k: (ideal[k] - shares[k] * total_planned, -k))
        give = min(rest, QUARTER, caps[i] - shares[i])
        shares[i] += give
        rest -= give
    days = [DayShare(d, m, s) for (d, m), s in zip(planned, shares, strict=True)]
    return days, need - sum(shares)


def week_left(week: PlanWeek, today: date, minutes_by_day: Mapping[date, int]) -> WeekLeft:
    """The week on ``today``: today's hours, the days ahead and what falls behind.

    Today's share is fixed for the day by what was logged before it; logging more than it
    today lightens the days ahead.
    """
    logged = sum(minutes_by_day.get(d.day, 0) for d in week.days)
    logged_today = minutes_by_day.get(today, 0) if week.first_day <= today <= week.last_day else 0
    before = sum(minutes_by_day.get(d.day, 0) for d in week.days if d.day < today)
    need = max(0, week.target_minutes - before)
    remaining = [
        (d.day, d.planned_minutes) for d in week.days if d.day >= today and d.planned_minutes > 0
    ]
    shares, behind = spread(need, remaining)
    today_share = next((s for s in shares if s.day == today), None)
    ahead = [s for s in shares if s.day > today]
    if today_share is not None and logged_today > today_share.minutes:
        # More done today than asked: the days ahead need less.
        ahead, behind = spread(need - logged_today, [(s.day, s.planned) for s in ahead])
    elif today_share is None and logged_today:
        ahead, behind = spread(need - logged_today, [(s.day, s.planned) for s in ahead])
    return WeekLeft(
        target=week.target_minutes,
        logged=logged,
        today=today_share,
        logged_today=logged_today,
        ahead=tuple(ahead),
        behind=behind,
    )
