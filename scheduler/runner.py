"""``run_due(now)``: claim what is due, send it, record what became of it.

Each push is a row of ``deliveries`` with a unique (learner, kind, period): claiming inserts or
takes that row in a short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so replicas
share the work), sending happens outside any transaction, and the outcome is written after.
A claim that a crash left behind is taken again once its lease has passed, if still inside its
grace window; beyond it, it is recorded as missed. So nothing due within grace is lost, and a
crash can repeat at most the messages that were in flight.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVarTuple

from sqlalchemy import Row, Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, Message

from bot.db import repo
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus, Learner
from bot.db.models import Pause as PauseRow
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.domain.due import (
    GRACE,
    Schedule,
    milestone_after_recap,
    next_recap_at,
    next_reminder_at,
    within_grace,
)
from bot.domain.parsing import zone_from_key
from bot.domain.plan import FreeDay, LearnerPlan, Pause, focus_on
from bot.services import Coach
from bot.telegram.outgoing import Outgoing, deliver, recap_messages
from bot.texts import recap, reminders
from scheduler.sender import Sender, SendFailed, StillFailing, Uncertain, Unreachable

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


class Runner:
    """Claims and sends the pushes due at an instant."""

    def __init__(
        self,
        curriculum: Curriculum,
        uow: UnitOfWork,
        coach: Coach,
        bot: Bot,
        sender: Sender,
        *,
        batch: int = 500,
        lease: timedelta = timedelta(minutes=2),
        concurrency: int = 32,
    ) -> None:
        self.curriculum = curriculum
        self.uow = uow
        self.coach = coach
        self.bot = bot
        self.sender = sender
        self.batch = batch
        self.lease = lease
        self.concurrency = concurrency
        self._postgres = uow.engine.dialect.name == "postgresql"
        self._stopping = False

    def stop(self) -> None:
        """Finish the sends in flight, hand the rest back, claim nothing more (on SIGTERM)."""
        self._stopping = True

    async def run_due(self, now: datetime) -> TickReport:
        """Send everything due at ``now``; safe to run again (nothing is sent twice)."""
        report = TickReport()
        while not self._stopping and (claims := await self.claim(now, report)):
            await self._send_all(claims, now, report)
        return report

    async def beat(self, now: datetime) -> None:
        """Record that this host's scheduler is alive (``coach health`` reads it)."""
        async with self.uow.write() as session:
            await repo.beat(session, socket.gethostname(), now)
            await session.commit()

    # --- claiming ------------------------------------------------------------------------------

    def _locked(self, query: Select[*Columns]) -> Select[*Columns]:
        """Rows other replicas hold are skipped, not waited for (PostgreSQL); SQLite's write
        transaction already keeps every other writer out."""
        return query.with_for_update(skip_locked=True) if self._postgres else query

    async def claim(self, now: datetime, report: TickReport) -> list[Claim]:
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
        pauses = await repo.pauses_by_learner(session, [learner.id for learner in learners])
        claims: list[Claim] = []
        for learner in learners:
            schedule = self._schedule(learner, pauses.get(learner.id, []))
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
                if month is not None:
                    claims += await self._insert(
                        session, learner, DeliveryKind.MILESTONE, f"month-{month}", due, now,
                        report,
                    )  # fmt: skip
                after = max(due, now - GRACE["recap"])
                learner.next_recap_at = next_recap_at(self.curriculum, schedule, after)
        return claims

    def _schedule(self, learner: Learner, pause_rows: Sequence[PauseRow]) -> Schedule:
        pauses = tuple(Pause(p.start_date, p.end_date) for p in pause_rows)
        plan = LearnerPlan(self.curriculum.pace(learner.pace), learner.start_date, pauses)
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

    # --- sending -------------------------------------------------------------------------------

    async def _send_all(self, claims: Sequence[Claim], now: datetime, report: TickReport) -> None:
        by_learner: dict[int, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_learner[claim.learner_id].append(claim)
        gate = asyncio.Semaphore(self.concurrency)
        handed_back: list[int] = []

        async def send_learner(group: list[Claim]) -> None:
            async with gate:
                if self._stopping:  # not started: leave it for the next tick, anywhere
                    handed_back.extend(c.delivery_id for c in group)
                    return
                for claim in sorted(group, key=lambda c: KIND_ORDER.index(c.kind)):
                    status = await self._send_one(claim, now)
                    report.outcomes[status] += 1
                    if status == "unreachable":
                        break

        await asyncio.gather(*(send_learner(group) for group in by_learner.values()))
        if handed_back:
            await self._hand_back(handed_back, now)
            report.outcomes["handed back"] += len(handed_back)

    async def _hand_back(self, delivery_ids: list[int], now: datetime) -> None:
        """Claims this process will not send: make their lease run out now."""
        async with self.uow.write() as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.id.in_(delivery_ids), Delivery.status == DeliveryStatus.CLAIMED)
                .values(claimed_at=now - self.lease - timedelta(seconds=1))
            )
            await session.commit()

    async def _render(self, claim: Claim) -> list[Outgoing] | None:
        """The messages of one push; None when there is nothing to say (skipped)."""
        if claim.kind is DeliveryKind.MILESTONE:
            month = int(claim.period.removeprefix("month-"))
            summary = await self.coach.recaps.milestone_summary(claim.chat_id, month)
            return [recap.milestone(self.curriculum, summary)]
        if claim.kind is DeliveryKind.RECAP:  # the week it was due for, even if sent late
            day = date.fromisoformat(claim.period)
            report = await self.coach.reports.week_report(claim.chat_id, by_learner=False, day=day)
            return await recap_messages(self.curriculum, report)
        report = await self.coach.reports.week_report(claim.chat_id, by_learner=False)
        view = report.learner
        if view.today.isoformat() != claim.period:
            return None  # a reminder for a day that is over (the learner's zone moved on)
        session = focus_on(view.plan, view.today)
        logged = report.minutes_by_day.get(view.today, 0)
        if isinstance(session, FreeDay) or logged >= session.minutes:
            return None  # today's planned hours are logged already
        reminder = reminders.reminder(self.curriculum, report)
        return None if reminder is None else [reminder]

    async def _send_one(self, claim: Claim, now: datetime) -> str:
        try:
            items = await self._render(claim)
        except LookupError:  # the learner was forgotten after the claim
            return "gone"
        if items is None:
            await self._record(claim, DeliveryStatus.SKIPPED, now)
            return "skipped"
        first: Message | None = None
        try:
            for item in items:
                message = await deliver(self.bot, claim.chat_id, item, self.sender.call)
                first = first or message
        except Unreachable as exc:
            await self._record(claim, DeliveryStatus.FAILED, now, error=str(exc))
            await self._deactivate(claim.learner_id)
            return "unreachable"
        except Uncertain as exc:
            message_id = first.message_id if first else None
            await self._record(claim, DeliveryStatus.UNCERTAIN, now, message_id, str(exc))
            return "uncertain"
        except StillFailing as exc:
            if claim.attempts < MAX_ATTEMPTS and first is None:  # nothing of it arrived yet
                log.info("push %s to chat %s: %s; next tick tries again", claim.kind,
                         claim.chat_id, exc)  # fmt: skip
                await self._hand_back([claim.delivery_id], now)
                return "retry later"
            log.warning("push %s to chat %s failed: %s", claim.kind, claim.chat_id, exc)
            await self._record(claim, DeliveryStatus.FAILED, now, error=str(exc))
            return "failed"
        except SendFailed as exc:
            log.warning("push %s to chat %s failed: %s", claim.kind, claim.chat_id, exc)
            await self._record(claim, DeliveryStatus.FAILED, now, error=str(exc))
            return "failed"
        assert first is not None
        await self._record(claim, DeliveryStatus.SENT, now, first.message_id)
        return "sent"

    async def _record(
        self,
        claim: Claim,
        status: DeliveryStatus,
        now: datetime,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        async with self.uow.write() as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == claim.delivery_id)
                .values(
                    status=status,
                    finished_at=now,
                    telegram_message_id=message_id,
                    error=error[:500] if error else None,
                )
            )
            await session.commit()

    async def _deactivate(self, learner_id: int) -> None:
        """The learner blocked the bot: nothing more until they write again."""
        async with self.uow.write() as session:
            await session.execute(
                update(Learner).where(Learner.id == learner_id).values(active=False)
            )
            await session.commit()


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
