"""Claiming the pushes due at an instant, in one short transaction.

Each push is a row of ``deliveries`` with a unique (learner, kind, period): claiming inserts or
takes that row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so replicas share the work). A claim
that a crash left behind is taken again once its lease has passed, if still inside its grace
window; beyond it, it is recorded as missed.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVarTuple

from sqlalchemy import Row, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import plans, repo
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus, Learner, PlanSegment
from bot.db.models import Pause as PauseRow
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.domain.due import (
    GRACE,
    MILESTONE_WAIT,
    Schedule,
    milestone_after_recap,
    next_recap_at,
    next_reminder_at,
    within_grace,
)
from bot.domain.parsing import zone_from_key
from bot.services.learners import plan_of

log = logging.getLogger(__name__)
Columns = TypeVarTuple("Columns")

MAX_ATTEMPTS = 5  # ticks that may try a push that Telegram kept failing (5xx, 429)
# Sent in this order when one learner has several at once (a milestone follows its recap).
KIND_ORDER = (DeliveryKind.DAILY, DeliveryKind.SNOOZE, DeliveryKind.RECAP, DeliveryKind.MILESTONE)


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    learner_id: int
    chat_id: int
    kind: DeliveryKind
    period: str
    attempts: int = 1


@dataclass
class TickReport:
    """What one ``run_due`` did, by outcome."""

    outcomes: Counter[str] = field(default_factory=Counter)

    def count(self, status: str) -> int:
        return self.outcomes[status]


class Claims:
    """Finds what is due and claims it for this process."""

    def __init__(
        self, curriculum: Curriculum, uow: UnitOfWork, *, batch: int, lease: timedelta
    ) -> None:
        self.curriculum = curriculum
        self.uow = uow
        self.batch = batch
        self.lease = lease
        self._postgres = uow.engine.dialect.name == "postgresql"

    def _locked(self, query: Select[*Columns]) -> Select[*Columns]:
        """Rows other replicas hold are skipped, not waited for (PostgreSQL); SQLite's write
        transaction already keeps every other writer out."""
        return query.with_for_update(skip_locked=True) if self._postgres else query

    async def take(self, now: datetime, report: TickReport) -> list[Claim]:
        """Take up to ``batch`` due pushes in one short transaction."""
        async with self.uow.write() as session:
            claims = await self._claim_stale(session, now, report)
            claims += await self._claim_pending(session, now, report, self.batch - len(claims))
            claims += await self._claim_learners(session, now, report, self.batch - len(claims))
            await session.commit()
        return claims

    async def _claim_stale(
        self, session: AsyncSession, now: datetime, report: TickReport
    ) -> list[Claim]:
        """Claims a crashed sender left behind: again if within grace, else missed."""
        query = (
            select(Delivery, Learner.chat_id)
            .join(Learner, Learner.id == Delivery.learner_id)
            .where(
                Delivery.status == DeliveryStatus.CLAIMED,
                Delivery.claimed_at < now - self.lease,
            )
            .order_by(Delivery.due_at)
            .limit(self.batch)
        )
        rows = (await session.execute(self._locked(query))).all()
        return _take(rows, now, report)

    async def _claim_pending(
        self, session: AsyncSession, now: datetime, report: TickReport, room: int
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
        return _take(rows, now, report)

    async def _claim_learners(
        self, session: AsyncSession, now: datetime, report: TickReport, room: int
    ) -> list[Claim]:
        """Learners whose reminder or recap time has come (the indexed due columns)."""
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
            schedule = self._schedule(
                learner,
                pauses.get(learner.id, []),
                segments.get(learner.id, []),
                adjustments.get(learner.id, {}),
            )
            # Every due instant of this learner in one pass (after downtime there may be a
            # missed one and a fresh one), so their messages go out in order.
            while learner.next_reminder_at is not None and learner.next_reminder_at <= now:
                due = learner.next_reminder_at
                period = due.astimezone(schedule.zone).date()
                claims += await self._insert(
                    session, learner, DeliveryKind.DAILY, period.isoformat(), due, now, report
                )
                after = max(due, now - GRACE["daily"])
                learner.next_reminder_at = next_reminder_at(self.curriculum, schedule, after)
            while learner.next_recap_at is not None and learner.next_recap_at <= now:
                due = learner.next_recap_at
                day = due.astimezone(schedule.zone).date()
                claims += await self._insert(
                    session, learner, DeliveryKind.RECAP, day.isoformat(), due, now, report
                )
                month = milestone_after_recap(self.curriculum, schedule.plan, day)
                if month is not None:  # waits for the recap's project answer, or 12 h
                    await repo.add_delivery(
                        session,
                        learner_id=learner.id,
                        kind=DeliveryKind.MILESTONE,
                        period=f"month-{month}",
                        due_at=due + MILESTONE_WAIT,
                        status=DeliveryStatus.PENDING,
                    )
                after = max(due, now - GRACE["recap"])
                learner.next_recap_at = next_recap_at(self.curriculum, schedule, after)
        return claims

    def _schedule(
        self,
        learner: Learner,
        pauses: Sequence[PauseRow],
        segments: Sequence[PlanSegment],
        adjustments: Mapping[int, int],
    ) -> Schedule:
        plan = plan_of(self.curriculum, learner, pauses, segments, adjustments)
        return Schedule(
            plan,
            zone_from_key(learner.timezone),
            learner.reminder_time,
            learner.recap_weekday,
            learner.recap_time,
        )

    async def _insert(
        self,
        session: AsyncSession,
        learner: Learner,
        kind: DeliveryKind,
        period: str,
        due: datetime,
        now: datetime,
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
            claimed_at=now if fresh else None,
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


def _take(rows: Sequence[Row[Delivery, int]], now: datetime, report: TickReport) -> list[Claim]:
    """Claim existing deliveries still within grace; record the others as missed."""
    claims = []
    for delivery, chat_id in rows:
        if within_grace(delivery.kind, delivery.due_at, now):
            delivery.status = DeliveryStatus.CLAIMED
            delivery.claimed_at = now
            delivery.attempts += 1
            claims.append(_claim(delivery, chat_id))
        else:
            _finish(delivery, DeliveryStatus.MISSED, now, "not sent within its grace window")
            report.outcomes["missed"] += 1
    return claims


def _claim(delivery: Delivery, chat_id: int) -> Claim:
    return Claim(
        delivery.id,
        delivery.learner_id,
        chat_id,
        delivery.kind,
        delivery.period,
        delivery.attempts,
    )


def _finish(delivery: Delivery, status: DeliveryStatus, now: datetime, error: str) -> None:
    delivery.status = status
    delivery.finished_at = now
    delivery.error = error
