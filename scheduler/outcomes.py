"""The writes that own a claim: proving it before a message leaves, renewing its lease while
the process sends, handing it back, and recording what became of it.

Every write names the claim it is about by owner and attempt, so a process whose lease ran out
(and whose claim another process took) changes nothing. The one exception is the outcome of a
push of which something may have left: it is written while the row is still claimed by anyone,
so that a process that took the claim over does not send it again. That write is retried
through a database hiccup for as long as the lease lasts.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import repo
from bot.db.models import Delivery, DeliveryStatus, Learner
from bot.db.uow import UnitOfWork
from scheduler.batched import GroupCommit
from scheduler.claims import Claim

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 0.5
LONGEST_RETRY_SECONDS = 10.0


class ClaimLost(Exception):
    """This process no longer holds the claim (its lease ran out and another took it, or the
    push was finished or forgotten): nothing more of it may be sent from here."""


class Outcomes:
    """Claim-owning writes for one sender (``owner``)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, *, owner: str, lease: timedelta) -> None:
        self.uow = uow
        self.clock = clock
        self.owner = owner
        self.lease = lease
        # Proofs and outcomes of the sends in flight share transactions (a group commit).
        self.group = GroupCommit(uow)

    def _held(self, claim: Claim) -> ColumnElement[bool]:
        return (
            (Delivery.id == claim.delivery_id)
            & (Delivery.status == DeliveryStatus.CLAIMED)
            & (Delivery.claimed_by == self.owner)
            & (Delivery.attempts == claim.attempts)
        )

    async def prove(self, claim: Claim, parts_sent: int, first_message_id: int | None) -> None:
        """Renew the lease of a claim this process still holds, and keep the progress of its
        messages; ClaimLost when it holds it no more. Runs before each message leaves."""
        statement = (
            update(Delivery)
            .where(self._held(claim))
            .values(
                lease_until=self.clock.now() + self.lease,
                parts_sent=parts_sent,
                telegram_message_id=func.coalesce(Delivery.telegram_message_id, first_message_id),
            )
        )

        async def proven(session: AsyncSession) -> int:
            result = await session.execute(statement)
            return int(result.rowcount)  # type: ignore[attr-defined]

        if await self.group.write(proven) != 1:
            raise ClaimLost(f"delivery {claim.delivery_id} is no longer this sender's")

    async def renew(self, host: str) -> None:
        """Every claim this process holds leased anew from now; and this host's heartbeat."""
        wall = self.clock.now()
        async with self.uow.write() as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.status == DeliveryStatus.CLAIMED, Delivery.claimed_by == self.owner)
                .values(lease_until=wall + self.lease)
            )
            await repo.beat(session, host, wall)
            await session.commit()

    async def hand_back(
        self, claims: list[Claim], parts_sent: int | None = None, error: str | None = None
    ) -> None:
        """Claims this process will not send (now): their lease ends now, and any process may
        take them again (with the progress of their messages, and why, when given)."""
        values: dict[str, object] = {"claimed_by": None, "lease_until": self.clock.now()}
        if parts_sent is not None:
            values["parts_sent"] = parts_sent
        if error is not None:
            values["error"] = error[:500]
        async with self.uow.write() as session:
            for claim in claims:
                await session.execute(update(Delivery).where(self._held(claim)).values(values))
            await session.commit()

    async def finish(
        self,
        claim: Claim,
        status: DeliveryStatus,
        *,
        parts_sent: int,
        may_have_left: bool,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        """Record the outcome; retried through database errors while the lease lasts, so that
        a push that was sent is not left to be sent again."""
        held = (
            (Delivery.id == claim.delivery_id) & (Delivery.status == DeliveryStatus.CLAIMED)
            if may_have_left
            else self._held(claim)
        )
        values = {
            "status": status,
            "finished_at": self.clock.now(),
            "lease_until": None,
            "parts_sent": parts_sent,
            "telegram_message_id": func.coalesce(Delivery.telegram_message_id, message_id),
            "error": error[:500] if error else None,
        }
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.lease.total_seconds()
        delay = FIRST_RETRY_SECONDS
        statement = update(Delivery).where(held).values(values)

        async def recorded(session: AsyncSession) -> None:
            await session.execute(statement)

        while True:
            try:
                await self.group.write(recorded)
                return
            except (SQLAlchemyError, OSError) as exc:
                if loop.time() + delay > deadline:
                    raise
                log.warning(
                    "recording delivery %s as %s failed (%r); trying again in %.1f s",
                    claim.delivery_id, status.value, exc, delay,
                )  # fmt: skip
                await asyncio.sleep(delay)
                delay = min(delay * 2, LONGEST_RETRY_SECONDS)

    async def withdraw(self, claim: Claim) -> None:
        """Delete a held push that is not due after all (nothing of it left), so that it can be
        due again later: the finish line of a plan made longer comes at its new end."""
        async with self.uow.write() as session:
            await session.execute(delete(Delivery).where(self._held(claim)))
            await session.commit()

    async def exists(self, claim: Claim) -> bool:
        """Whether the push is still there (forgetting a learner deletes their deliveries)."""
        async with self.uow.read() as session:
            found = await session.scalar(
                select(Delivery.id).where(Delivery.id == claim.delivery_id)
            )
        return found is not None

    async def deactivate(self, learner_id: int) -> None:
        """The learner blocked the bot: nothing more until they write again."""
        async with self.uow.write() as session:
            await session.execute(
                update(Learner).where(Learner.id == learner_id).values(active=False)
            )
            await session.commit()
