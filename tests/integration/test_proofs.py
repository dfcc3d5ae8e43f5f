"""Proofs queued together share one transaction and their statements, and each still answers
for its own claim: held by this sender, at this attempt."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SettableClock
from bot.db import deliveries, repo
from bot.db.models import Delivery, DeliveryKind, DeliveryStatus
from bot.db.uow import UnitOfWork
from scheduler.claims import Claim
from scheduler.outcomes import ClaimLost, Outcomes

CLAIMED_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
OWNER = "host:1:aaaa"


async def claimed(uow: UnitOfWork, chat_id: int, attempts: int, owner: str) -> Claim:
    """A learner's daily reminder, claimed by ``owner`` at its ``attempts``-th claim."""
    async with uow.write() as session:
        learner, _created = await repo.add_learner(
            session, chat_id=chat_id, start_date=date(2026, 11, 30)
        )
        delivery_id = await deliveries.add_delivery(
            session,
            learner_id=learner.id,
            kind=DeliveryKind.DAILY,
            period="2026-12-01",
            due_at=CLAIMED_AT,
            status=DeliveryStatus.CLAIMED,
            attempts=attempts,
            claimed_at=CLAIMED_AT,
            claimed_by=owner,
            lease_until=CLAIMED_AT + LEASE,
        )
        await session.commit()
    assert delivery_id is not None
    return Claim(delivery_id, learner.id, chat_id, DeliveryKind.DAILY, "2026-12-01", attempts)


async def test_proofs_of_claims_at_different_attempts_each_answer_for_their_own(
    engine: AsyncEngine,
) -> None:
    uow = UnitOfWork(engine)
    first = await claimed(uow, 1001, attempts=1, owner=OWNER)
    again = await claimed(uow, 1002, attempts=2, owner=OWNER)  # taken again after a crash
    other = await claimed(uow, 1003, attempts=1, owner="host:2:bbbb")  # another sender's
    clock = SettableClock(CLAIMED_AT + timedelta(seconds=30))
    outcomes = Outcomes(uow, clock, owner=OWNER, lease=LEASE)
    # As a runner would after a message of ``again`` arrived: its progress is kept.
    stale = Claim(first.delivery_id, first.learner_id, first.chat_id, first.kind, first.period, 2)

    found = await asyncio.gather(
        outcomes.prove(first, 0, None),
        outcomes.prove(again, 1, 555),
        outcomes.prove(other, 0, None),
        outcomes.prove(stale, 0, None),  # an attempt this sender no longer holds
        return_exceptions=True,
    )

    assert [type(f) for f in found] == [type(None), type(None), ClaimLost, ClaimLost]
    assert outcomes.group.transactions == 1
    async with uow.read() as session:
        rows = {d.id: d for d in (await session.scalars(select(Delivery))).all()}
    renewed = CLAIMED_AT + timedelta(seconds=30) + LEASE
    assert (rows[first.delivery_id].lease_until, rows[first.delivery_id].parts_sent) == (renewed, 0)
    assert (
        rows[again.delivery_id].lease_until,
        rows[again.delivery_id].parts_sent,
        rows[again.delivery_id].telegram_message_id,
    ) == (renewed, 1, 555)
    assert rows[other.delivery_id].lease_until == CLAIMED_AT + LEASE  # untouched
