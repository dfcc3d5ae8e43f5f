"""What a learner's due instants call for: the delivery rows to insert and the next due times.

Pure: worked out for every learner of a claim batch first, then written for the whole batch at
once (``Claims``), so a batch costs a few statements, not a few per learner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.models import DeliveryKind, DeliveryStatus, Learner
from bot.domain.curriculum import Curriculum
from bot.domain.due import (
    GRACE,
    MILESTONE_WAIT,
    Schedule,
    finish_after_recap,
    milestone_after_recap,
    next_recap_at,
    next_reminder_at,
    within_grace,
)
from bot.domain.portfolio import asks_capstone

FINISH_PERIOD = "plan"  # one completion summary per learner, whatever the plan became
DUE_COLUMNS = ("next_reminder_at", "next_recap_at")


@dataclass(frozen=True)
class Stamp:
    """What a claim taken now is marked with: its owner, the wall-clock time, its lease."""

    owner: str
    wall: datetime
    lease_until: datetime


@dataclass(frozen=True)
class Wanted:
    """One learner's part of a claim: the deliveries their due instants call for (in the
    order they are to be sent; one that exists already is left as it is) and when the learner
    is due next."""

    learner_id: int
    chat_id: int
    rows: tuple[dict[str, Any], ...]
    next_reminder_at: datetime | None
    next_recap_at: datetime | None


def due_columns(learner: Learner, now: datetime) -> list[str]:
    """The learner's due-time columns that have come by ``now``."""
    return [
        column
        for column in DUE_COLUMNS
        if (due := getattr(learner, column)) is not None and due <= now
    ]


def wanted(
    curriculum: Curriculum, learner: Learner, schedule: Schedule, now: datetime, stamp: Stamp
) -> Wanted:
    """Every due push of one learner, and their next due times. Every due instant is taken in
    one pass (after downtime there may be a missed one and a fresh one), so their messages go
    out in order."""
    rows: list[dict[str, Any]] = []

    def pending(kind: DeliveryKind, period: str, due: datetime) -> None:
        rows.append(_row(learner.id, kind, period, due, DeliveryStatus.PENDING))

    def capstone_question(day: datetime) -> None:
        # In the plan week before the capstone: which option? (pending, sent once)
        local = day.astimezone(schedule.zone).date()
        if learner.capstone is None and asks_capstone(curriculum, schedule.plan, local):
            pending(DeliveryKind.CAPSTONE, "capstone", day)

    reminder = learner.next_reminder_at
    while reminder is not None and reminder <= now:
        period = reminder.astimezone(schedule.zone).date().isoformat()
        rows.append(_claimed(learner.id, DeliveryKind.DAILY, period, reminder, now, stamp))
        capstone_question(reminder)
        reminder = next_reminder_at(curriculum, schedule, max(reminder, now - GRACE["daily"]))
    recap = learner.next_recap_at
    while recap is not None and recap <= now:
        day = recap.astimezone(schedule.zone).date()
        rows.append(_claimed(learner.id, DeliveryKind.RECAP, day.isoformat(), recap, now, stamp))
        capstone_question(recap)
        month = milestone_after_recap(curriculum, schedule.plan, day)
        if month is not None:
            # The month's summary waits for the recap's project question's answer, or 12 h.
            pending(DeliveryKind.MILESTONE, f"month-{month}", recap + MILESTONE_WAIT)
        finish = finish_after_recap(curriculum, schedule.plan, schedule.zone, day, recap)
        if finish is not None:
            pending(DeliveryKind.FINISH, FINISH_PERIOD, finish)
        recap = next_recap_at(curriculum, schedule, max(recap, now - GRACE["recap"]))
    return Wanted(learner.id, learner.chat_id, tuple(rows), reminder, recap)


def _claimed(
    learner_id: int,
    kind: DeliveryKind,
    period: str,
    due: datetime,
    now: datetime,
    stamp: Stamp,
) -> dict[str, Any]:
    """A delivery claimed by ``stamp`` if still within grace, else recorded as missed."""
    if not within_grace(kind, due, now):
        row = _row(learner_id, kind, period, due, DeliveryStatus.MISSED)
        return row | {"finished_at": now, "error": "not sent within its grace window"}
    return _row(learner_id, kind, period, due, DeliveryStatus.CLAIMED) | {
        "claimed_at": stamp.wall,
        "claimed_by": stamp.owner,
        "lease_until": stamp.lease_until,
        "attempts": 1,
    }


def _row(
    learner_id: int, kind: DeliveryKind, period: str, due: datetime, status: DeliveryStatus
) -> dict[str, Any]:
    """A delivery row with every column a claim writes (rows inserted together need the same
    columns)."""
    return {
        "learner_id": learner_id,
        "kind": kind,
        "period": period,
        "due_at": due,
        "status": status,
        "attempts": 0,
        "claimed_at": None,
        "claimed_by": None,
        "lease_until": None,
        "finished_at": None,
        "error": None,
    }
