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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import deliveries, plans, repo
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus, Learner, PlanSegment
from bot.db.models import Pause as PauseRow
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.domain.due import Schedule, within_grace
from bot.domain.parsing import zone_from_key
from bot.services.learners import plan_of
from bot.services.reports import LearnerRows
from scheduler.wanted import Stamp, Wanted, due_columns, wanted

log = logging.getLogger(__name__)
Columns = TypeVarTuple("Columns")

MAX_ATTEMPTS = 5  # claims that may try a push that kept failing (5xx, 429, an exception)
CLAIM_RETRY = timedelta(hours=1)  # a learner whose due pushes could not be worked out
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


@dataclass
class Taken:
    """A claim batch, with the rows read to work out the due pushes of its learners (by chat):
    the batch's reports are made from them (``Reports.week_reports``)."""

    claims: list[Claim] = field(default_factory=list)
    rows: dict[int, LearnerRows] = field(default_factory=dict)


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

    async def take(self, now: datetime, report: TickReport) -> Taken:
        """Take up to ``batch`` pushes due at ``now`` in one short transaction."""
        taken = Taken()
        async with self.uow.write() as session:
            wall = self.clock.now()
            stamp = Stamp(self.owner, wall, wall + self.lease)
            taken.claims += await self._claim_stale(session, now, stamp, report)
            room = self.batch - len(taken.claims)
            taken.claims += await self._claim_pending(session, now, stamp, report, room)
            room = self.batch - len(taken.claims)
            await self._claim_learners(session, now, stamp, report, room, taken)
            await session.commit()
        return taken

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
        self,
        session: AsyncSession,
        now: datetime,
        stamp: Stamp,
        report: TickReport,
        room: int,
        taken: Taken,
    ) -> None:
        """Learners whose reminder or recap time has come (the indexed due columns). What is
        due is worked out for each, then written for all of them at once; a learner whose
        pushes cannot be worked out, or written, is left for an hour and holds up no one."""
        if room <= 0:
            return
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
        batch: list[tuple[Learner, Wanted]] = []
        for learner in learners:
            try:
                schedule = _schedule(
                    self.curriculum,
                    learner,
                    pauses.get(learner.id, []),
                    segments.get(learner.id, []),
                    adjustments.get(learner.id, {}),
                )
                batch.append((learner, wanted(self.curriculum, learner, schedule, now, stamp)))
            except Exception as exc:
                await _put_off(session, learner, now, report, exc)
        try:
            async with session.begin_nested():
                claims, missed = await _write(session, [part for _, part in batch])
        except SQLAlchemyError as exc:
            log.warning(
                "a claim batch could not be written at once; one learner at a time", exc_info=exc
            )
            claims = await self._write_each(session, batch, now, report)
        else:
            if missed:
                report.outcomes["missed"] += missed
        taken.claims += claims
        for learner in learners:
            rows = LearnerRows(
                learner,
                pauses.get(learner.id, []),
                segments.get(learner.id, []),
                adjustments.get(learner.id, {}),
            )
            taken.rows[learner.chat_id] = rows

    async def _write_each(
        self,
        session: AsyncSession,
        batch: Sequence[tuple[Learner, Wanted]],
        now: datetime,
        report: TickReport,
    ) -> list[Claim]:
        """A batch that failed as a whole, written again one learner at a time, each in a
        savepoint of its own: the learner whose rows fail is put off, the others are claimed."""
        claims: list[Claim] = []
        for learner, part in batch:
            try:
                async with session.begin_nested():
                    ours, missed = await _write(session, [part])
            except Exception as exc:
                await _put_off(session, learner, now, report, exc)
                continue
            claims += ours
            if missed:
                report.outcomes["missed"] += missed
        return claims


async def _write(session: AsyncSession, batch: Sequence[Wanted]) -> tuple[list[Claim], int]:
    """The deliveries of ``batch`` in one statement and the learners' next due times in one
    more; the claims taken, and how many pushes were recorded as missed."""
    rows = [row for part in batch for row in part.rows]
    inserted = await deliveries.add_deliveries(session, rows)
    await deliveries.set_due_times(
        session,
        [
            {"b_id": part.learner_id, "next_reminder_at": part.next_reminder_at,
             "next_recap_at": part.next_recap_at}
            for part in batch
        ],
    )  # fmt: skip
    claims: list[Claim] = []
    missed = 0
    for part in batch:
        for row in part.rows:
            delivery_id = inserted.get((part.learner_id, row["kind"], row["period"]))
            if delivery_id is None or row["status"] is DeliveryStatus.PENDING:
                continue  # that push was handled already, or is not due yet
            if row["status"] is DeliveryStatus.MISSED:
                missed += 1
            else:
                claims.append(Claim(delivery_id, part.learner_id, part.chat_id, row["kind"],
                                    row["period"]))  # fmt: skip
    return claims, missed


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
    session: AsyncSession, learner: Learner, now: datetime, report: TickReport, error: Exception
) -> None:
    """A learner whose due pushes could not be worked out, or written: logged with the
    traceback, and looked at again an hour on, when the data may have been put right."""
    retry = now + CLAIM_RETRY
    log.error(
        "the pushes due for learner %s could not be worked out; tried again at %s",
        learner.id, retry.isoformat(timespec="minutes"), exc_info=error,
    )  # fmt: skip
    values = dict.fromkeys(due_columns(learner, now), retry)
    await session.execute(update(Learner).where(Learner.id == learner.id).values(values))
    report.outcomes["claim failed"] += 1


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
