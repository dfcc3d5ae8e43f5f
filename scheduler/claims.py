"""Claiming the pushes due at an instant, in one short transaction.

Each push is a row of ``deliveries`` with a unique (learner, kind, period): claiming inserts or
takes that row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so replicas share the work) and marks
it with its owner, the attempt and a lease in wall-clock time. A claim whose lease ran out (its
owner died, or handed it back) is taken again if still inside its grace window; beyond it, it
is recorded as missed. A learner whose pushes cannot be worked out is left for an hour, logged,
and holds up no one else.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVarTuple

from sqlalchemy import Row, Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import plans, repo
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus, Learner, PlanSegment
from bot.db.models import Pause as PauseRow
from bot.db.uow import UnitOfWork
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
from bot.domain.parsing import zone_from_key
from bot.domain.portfolio import asks_capstone
from bot.services.learners import plan_of

log = logging.getLogger(__name__)
Columns = TypeVarTuple("Columns")

MAX_ATTEMPTS = 5  # claims that may try a push that kept failing (5xx, 429, an exception)
CLAIM_RETRY = timedelta(hours=1)  # a learner whose due pushes could not be worked out
FINISH_PERIOD = "plan"  # one completion summary per learner, whatever the plan became
# Sent in this order when one learner has several at once: a milestone follows its recap, and
# a late recap of last week comes before today's reminder.
KIND_ORDER = (
    DeliveryKind.TIMER,
    DeliveryKind.RECAP,
    DeliveryKind.MILESTONE,
    DeliveryKind.FINISH,
    DeliveryKind.CAPSTONE,
    DeliveryKind.DAILY,
    DeliveryKind.SNOOZE,
)


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    learner_id: int
    chat_id: int
    kind: DeliveryKind
    period: str
    attempts: int = 1  # with the owner, the fencing token: a later claim has a higher one
    parts_sent: int = 0  # messages of the push that arrived under earlier claims


@dataclass(frozen=True)
class Stamp:
    """What a claim taken now is marked with: its owner, the wall-clock time, its lease."""

    owner: str
    wall: datetime
    lease_until: datetime


@dataclass
class TickReport:
    """What one ``run_due`` did, by outcome."""

    outcomes: Counter[str] = field(default_factory=Counter)

    def count(self, status: str) -> int:
        return self.outcomes[status]


class Claims:
    """Finds what is due and claims it for ``owner``, leased until ``lease`` after the
    clock's time of the claim."""

    def __init__(
        self,
        curriculum: Curriculum,
        uow: UnitOfWork,
        clock: Clock,
        *,
        owner: str,
        batch: int,
        lease: timedelta,
    ) -> None:
        self.curriculum = curriculum
        self.uow = uow
        self.clock = clock
        self.owner = owner
        self.batch = batch
        self.lease = lease
        self._postgres = uow.engine.dialect.name == "postgresql"

    def _locked(self, query: Select[*Columns]) -> Select[*Columns]:
        """Rows other replicas hold are skipped, not waited for (PostgreSQL); SQLite's write
        transaction already keeps every other writer out."""
        return query.with_for_update(skip_locked=True) if self._postgres else query

    async def take(self, now: datetime, report: TickReport) -> list[Claim]:
        """Take up to ``batch`` pushes due at ``now`` in one short transaction."""
        async with self.uow.write() as session:
            wall = self.clock.now()
            stamp = Stamp(self.owner, wall, wall + self.lease)
            claims = await self._claim_stale(session, now, stamp, report)
            room = self.batch - len(claims)
            claims += await self._claim_pending(session, now, stamp, report, room)
            room = self.batch - len(claims)
            claims += await self._claim_learners(session, now, stamp, report, room)
            await session.commit()
        return claims

    async def _claim_stale(
        self, session: AsyncSession, now: datetime, stamp: Stamp, report: TickReport
    ) -> list[Claim]:
        """Claims whose lease ran out (a sender died, or handed them back): again if within
        grace, else missed."""
        query = (
            select(Delivery, Learner.chat_id)
            .join(Learner, Learner.id == Delivery.learner_id)
            .where(
                Delivery.status == DeliveryStatus.CLAIMED,
                or_(Delivery.lease_until.is_(None), Delivery.lease_until <= stamp.wall),
            )
            .order_by(Delivery.due_at)
            .limit(self.batch)
        )
        rows = (await session.execute(self._locked(query))).all()
        return _take(rows, now, stamp, report)

    async def _claim_pending(
        self, session: AsyncSession, now: datetime, stamp: Stamp, report: TickReport, room: int
    ) -> list[Claim]:
        """Snoozed reminders whose hour has come."""
        if room <= 0:
            return []
        query = (
            select(Delivery, Learner.chat_id)
            .join(Learner, Learner.id == Delivery.learner_id)
            .where(
                Delivery.status == DeliveryStatus.PENDING,
                Delivery.due_at <= now,
                Learner.active.is_(True),
            )
            .order_by(Delivery.due_at)
            .limit(room)
        )
        rows = (await session.execute(self._locked(query))).all()
        return _take(rows, now, stamp, report)

    async def _claim_learners(
        self, session: AsyncSession, now: datetime, stamp: Stamp, report: TickReport, room: int
    ) -> list[Claim]:
        """Learners whose reminder or recap time has come (the indexed due columns), each in
        a savepoint of its own: one whose pushes cannot be worked out is left for an hour."""
        if room <= 0:
            return []
        query = (
            select(Learner)
            .where(
                Learner.active.is_(True),
                or_(Learner.next_reminder_at <= now, Learner.next_recap_at <= now),
            )
            .limit(room)
        )
        learners = (await session.scalars(self._locked(query))).all()
        ids = [learner.id for learner in learners]
        pauses = await repo.pauses_by_learner(session, ids)
        segments = await plans.segments_by_learner(session, ids)
        adjustments = await plans.adjustments_by_learner(session, ids)
        claims: list[Claim] = []
        for learner in learners:
            learner_id = learner.id
            due_columns = [
                column
                for column in ("next_reminder_at", "next_recap_at")
                if (due := getattr(learner, column)) is not None and due <= now
            ]
            try:
                async with session.begin_nested():
                    schedule = _schedule(
                        self.curriculum,
                        learner,
                        pauses.get(learner_id, []),
                        segments.get(learner_id, []),
                        adjustments.get(learner_id, {}),
                    )
                    ours = await self._claim_learner(session, learner, schedule, now, stamp, report)
            except Exception as exc:
                await _put_off(session, learner_id, due_columns, now + CLAIM_RETRY, exc)
                report.outcomes["claim failed"] += 1
                continue
            claims += ours
        return claims

    async def _claim_learner(
        self,
        session: AsyncSession,
        learner: Learner,
        schedule: Schedule,
        now: datetime,
        stamp: Stamp,
        report: TickReport,
    ) -> list[Claim]:
        """Every due push of one learner, and their next due times."""
        claims: list[Claim] = []
        # Every due instant of this learner in one pass (after downtime there may be a
        # missed one and a fresh one), so their messages go out in order.
        while learner.next_reminder_at is not None and learner.next_reminder_at <= now:
            due = learner.next_reminder_at
            period = due.astimezone(schedule.zone).date()
            claims += await self._insert(
                session, learner, DeliveryKind.DAILY, period.isoformat(), due, now, stamp, report
            )
            # In the plan week before the capstone: which option? (pending, sent once)
            if learner.capstone is None and asks_capstone(self.curriculum, schedule.plan, period):
                await _pending(session, learner.id, DeliveryKind.CAPSTONE, "capstone", due)
            after = max(due, now - GRACE["daily"])
            learner.next_reminder_at = next_reminder_at(self.curriculum, schedule, after)
        while learner.next_recap_at is not None and learner.next_recap_at <= now:
            due = learner.next_recap_at
            day = due.astimezone(schedule.zone).date()
            claims += await self._insert(
                session, learner, DeliveryKind.RECAP, day.isoformat(), due, now, stamp, report
            )
            if learner.capstone is None and asks_capstone(self.curriculum, schedule.plan, day):
                await _pending(session, learner.id, DeliveryKind.CAPSTONE, "capstone", due)
            month = milestone_after_recap(self.curriculum, schedule.plan, day)
            if month is not None:
                await _milestone_after(session, learner.id, month, due)
            finish = finish_after_recap(self.curriculum, schedule.plan, schedule.zone, day, due)
            if finish is not None:
                await _pending(session, learner.id, DeliveryKind.FINISH, FINISH_PERIOD, finish)
            after = max(due, now - GRACE["recap"])
            learner.next_recap_at = next_recap_at(self.curriculum, schedule, after)
        return claims

    async def _insert(
        self,
        session: AsyncSession,
        learner: Learner,
        kind: DeliveryKind,
        period: str,
        due: datetime,
        now: datetime,
        stamp: Stamp,
        report: TickReport,
    ) -> list[Claim]:
        """A delivery row for (learner, kind, period): claimed if within grace, else missed;
        nothing when the row exists already (that push was handled)."""
        fresh = within_grace(kind, due, now)
        delivery_id = await repo.add_delivery(
            session,
            learner_id=learner.id,
            kind=kind,
            period=period,
            due_at=due,
            status=DeliveryStatus.CLAIMED if fresh else DeliveryStatus.MISSED,
            claimed_at=stamp.wall if fresh else None,
            claimed_by=stamp.owner if fresh else None,
            lease_until=stamp.lease_until if fresh else None,
            finished_at=None if fresh else now,
            attempts=1 if fresh else 0,
            error=None if fresh else "not sent within its grace window",
        )
        if delivery_id is None:
            return []
        if not fresh:
            report.outcomes["missed"] += 1
            return []
        return [Claim(delivery_id, learner.id, learner.chat_id, kind, period)]


def _schedule(
    curriculum: Curriculum,
    learner: Learner,
    pauses: Sequence[PauseRow],
    segments: Sequence[PlanSegment],
    adjustments: Mapping[int, int],
) -> Schedule:
    plan = plan_of(curriculum, learner, pauses, segments, adjustments)
    return Schedule(
        plan,
        zone_from_key(learner.timezone),
        learner.reminder_time,
        learner.recap_weekday,
        learner.recap_time,
    )


async def _milestone_after(
    session: AsyncSession, learner_id: int, month: int, recap_due: datetime
) -> None:
    """The month's summary, pending until its recap's project question is answered, or 12 h."""
    await repo.add_delivery(
        session,
        learner_id=learner_id,
        kind=DeliveryKind.MILESTONE,
        period=f"month-{month}",
        due_at=recap_due + MILESTONE_WAIT,
        status=DeliveryStatus.PENDING,
    )


async def _pending(
    session: AsyncSession, learner_id: int, kind: DeliveryKind, period: str, due: datetime
) -> None:
    """A one-off push, pending until ``due`` (nothing when that push exists already)."""
    await repo.add_delivery(
        session,
        learner_id=learner_id,
        kind=kind,
        period=period,
        due_at=due,
        status=DeliveryStatus.PENDING,
    )


def _take(
    rows: Sequence[Row[Delivery, int]],
    now: datetime,
    stamp: Stamp,
    report: TickReport,
) -> list[Claim]:
    """Claim existing deliveries still within grace; record the others as missed."""
    claims = []
    for delivery, chat_id in rows:
        if within_grace(delivery.kind, delivery.due_at, now):
            delivery.status = DeliveryStatus.CLAIMED
            delivery.claimed_at = stamp.wall
            delivery.claimed_by = stamp.owner
            delivery.lease_until = stamp.lease_until
            delivery.attempts += 1
            claims.append(_claim(delivery, chat_id))
        else:
            _finish(delivery, DeliveryStatus.MISSED, now, "not sent within its grace window")
            report.outcomes["missed"] += 1
    return claims


async def _put_off(
    session: AsyncSession,
    learner_id: int,
    due_columns: list[str],
    retry: datetime,
    error: Exception,
) -> None:
    """A learner whose due pushes could not be worked out: logged with the traceback, and
    looked at again at ``retry`` (an hour on, when the data may have been put right)."""
    log.error(
        "the pushes due for learner %s could not be worked out; tried again at %s",
        learner_id, retry.isoformat(timespec="minutes"), exc_info=error,
    )  # fmt: skip
    await session.execute(
        update(Learner).where(Learner.id == learner_id).values(dict.fromkeys(due_columns, retry))
    )


def _claim(delivery: Delivery, chat_id: int) -> Claim:
    return Claim(
        delivery.id,
        delivery.learner_id,
        chat_id,
        delivery.kind,
        delivery.period,
        delivery.attempts,
        delivery.parts_sent,
    )


def _finish(delivery: Delivery, status: DeliveryStatus, now: datetime, error: str) -> None:
    delivery.status = status
    delivery.finished_at = now
    delivery.error = error
