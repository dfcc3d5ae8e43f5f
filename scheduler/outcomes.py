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
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, select, update
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


DELIVERIES = cast(Table, Delivery.__table__)
Outcome = dict[str, Any]  # the bound values of _FINISH for one push
# The outcome of one push, for an executemany: its row while still claimed.
_FINISH = (
    update(DELIVERIES)
    .where(
        DELIVERIES.c.id == bindparam("b_id"),
        DELIVERIES.c.status == DeliveryStatus.CLAIMED,
    )
    .values(
        status=bindparam("b_status", type_=DELIVERIES.c.status.type),
        finished_at=bindparam("b_finished_at", type_=DELIVERIES.c.finished_at.type),
        lease_until=None,
        parts_sent=bindparam("b_parts_sent", type_=DELIVERIES.c.parts_sent.type),
        telegram_message_id=func.coalesce(
            DELIVERIES.c.telegram_message_id,
            bindparam("b_message_id", type_=DELIVERIES.c.telegram_message_id.type),
        ),
        error=bindparam("b_error", type_=DELIVERIES.c.error.type),
    )
)
# The proofs of pushes with the same progress and attempt: their rows, while still claimed by
# this sender, leased anew and given that progress; the ids and attempts of those still held.
_PROVE = (
    update(DELIVERIES)
    .where(
        DELIVERIES.c.status == DeliveryStatus.CLAIMED,
        DELIVERIES.c.claimed_by == bindparam("b_owner"),
        DELIVERIES.c.attempts == bindparam("b_attempts"),
        DELIVERIES.c.id.in_(bindparam("b_ids", expanding=True)),
    )
    .values(
        lease_until=bindparam("b_lease_until", type_=DELIVERIES.c.lease_until.type),
        parts_sent=bindparam("b_parts_sent", type_=DELIVERIES.c.parts_sent.type),
        telegram_message_id=func.coalesce(
            DELIVERIES.c.telegram_message_id,
            bindparam("b_message_id", type_=DELIVERIES.c.telegram_message_id.type),
        ),
    )
    .returning(DELIVERIES.c.id, DELIVERIES.c.attempts)
)


@dataclass(frozen=True)
class Proof:
    """That a claim is still held, asked just before one of its messages leaves."""

    claim: Claim
    parts_sent: int
    first_message_id: int | None


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
        proof = Proof(claim, parts_sent, first_message_id)
        if not await self.group.together(self._prove_all, proof):
            raise ClaimLost(f"delivery {claim.delivery_id} is no longer this sender's")

    async def _prove_all(self, session: AsyncSession, proofs: list[Proof]) -> list[bool]:
        """The proofs of a transaction: one UPDATE for those with the same progress and attempt
        (all of them, when every push is one message on its first claim); whether each claim
        was still held."""
        lease_until = self.clock.now() + self.lease
        held: set[tuple[int, int]] = set()  # (id, attempts): an older attempt is not held
        alike: dict[tuple[int, int | None, int], list[int]] = {}
        for proof in proofs:
            key = (proof.parts_sent, proof.first_message_id, proof.claim.attempts)
            alike.setdefault(key, []).append(proof.claim.delivery_id)
        connection = await session.connection()
        for (parts_sent, first_message_id, attempts), ids in alike.items():
            found = await connection.execute(
                _PROVE,
                {
                    "b_owner": self.owner,
                    "b_attempts": attempts,
                    "b_ids": ids,
                    "b_lease_until": lease_until,
                    "b_parts_sent": parts_sent,
                    "b_message_id": first_message_id,
                },
            )
            held.update((id_, attempts) for id_, attempts in found.all())
        return [(proof.claim.delivery_id, proof.claim.attempts) in held for proof in proofs]

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
        outcome = {
            "b_id": claim.delivery_id,
            "b_attempts": claim.attempts,
            "b_status": status,
            "b_finished_at": self.clock.now(),
            "b_parts_sent": parts_sent,
            "b_message_id": message_id,
            "b_error": error[:500] if error else None,
        }
        finish_all = self._finish_sent if may_have_left else self._finish_held
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.lease.total_seconds()
        delay = FIRST_RETRY_SECONDS
        while True:
            try:
                await self.group.together(finish_all, outcome)
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

    async def _finish_held(self, session: AsyncSession, outcomes: list[Outcome]) -> list[None]:
        """Outcomes of pushes of which nothing left: written only while this process holds
        their claims (one executemany)."""
        held = (DELIVERIES.c.claimed_by == self.owner) & (
            DELIVERIES.c.attempts == bindparam("b_attempts")
        )
        await (await session.connection()).execute(_FINISH.where(held), outcomes)
        return [None] * len(outcomes)

    async def _finish_sent(self, session: AsyncSession, outcomes: list[Outcome]) -> list[None]:
        """Outcomes of pushes of which something may have left: written while anyone still
        holds their claims, so that no one sends them again (one executemany)."""
        await (await session.connection()).execute(_FINISH, outcomes)
        return [None] * len(outcomes)

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
