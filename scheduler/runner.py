"""``run_due(now)``: claim what is due (``scheduler.claims``), send it, record what became of it.

Sending happens outside any transaction, and the outcome is written after. A claim that a crash
left behind is taken again once its lease has passed, if still inside its grace window; beyond
it, it is recorded as missed. So nothing due within grace is lost, and a crash can repeat at
most the messages that were in flight.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import update
from telegram import Bot, Message

from bot.db import repo
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus, Learner
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.outgoing import Outgoing, deliver, recap_messages
from bot.texts import recap, reminders
from scheduler.claims import KIND_ORDER, MAX_ATTEMPTS, Claim, Claims, TickReport
from scheduler.sender import Sender, SendFailed, StillFailing, Uncertain, Unreachable

log = logging.getLogger(__name__)


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
        self.claims = Claims(curriculum, uow, batch=batch, lease=lease)
        self.lease = lease
        self.concurrency = concurrency
        self._stopping = False

    def stop(self) -> None:
        """Finish the sends in flight, hand the rest back, claim nothing more (on SIGTERM)."""
        self._stopping = True

    async def run_due(self, now: datetime) -> TickReport:
        """Send everything due at ``now``; safe to run again (nothing is sent twice)."""
        report = TickReport()
        while not self._stopping and (claims := await self.claims.take(now, report)):
            await self._send_all(claims, now, report)
        return report

    async def beat(self, now: datetime) -> None:
        """Record that this host's scheduler is alive (``coach health`` reads it)."""
        async with self.uow.write() as session:
            await repo.beat(session, socket.gethostname(), now)
            await session.commit()

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
            report = await self.coach.reports.week_report(
                claim.chat_id, by_learner=False, day=day, recap=True
            )
            return await recap_messages(self.curriculum, report)
        report = await self.coach.reports.week_report(claim.chat_id, by_learner=False)
        if report.learner.today.isoformat() != claim.period:
            return None  # a reminder for a day that is over (the learner's zone moved on)
        if report.left is None or report.left.left_today == 0:
            return None  # not a study day any more, or today's hours are logged already
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
