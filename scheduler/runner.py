"""``run_due(now)``: claim what is due (``scheduler.claims``), send it message by message, and
record what became of it (``scheduler.outcomes``).

Sending happens outside any transaction. Before each message leaves, a conditional write proves
that this process still holds the claim (same owner, same attempt) and renews its lease; while
a pass runs, the leases of everything it holds are renewed every third of a lease. A claim that
a crash left behind is taken again once its lease has run out, if still inside its grace window,
and goes on from the first message of it not known to have arrived. So nothing due within grace
is lost, and a crash can repeat at most the messages that were in flight.

Whatever goes wrong with one push (its rendering, the database, an answer that cannot be read)
is recorded against that push alone: it is tried again by a later claim, and recorded as failed
after ``MAX_ATTEMPTS``; every other push goes on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram import Bot, Message

from bot.clock import Clock, SystemClock
from bot.db import repo
from bot.db.models import DeliveryKind, DeliveryStatus
from bot.db.session import SEND_SLOTS
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.outgoing import request
from scheduler.claims import KIND_ORDER, MAX_ATTEMPTS, Claim, Claims, Taken, TickReport
from scheduler.outcomes import ClaimLost, Outcomes
from scheduler.pushes import Prepared, Pushes
from scheduler.sender import Sender, SendFailed, StillFailing, Uncertain, Unreachable

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
# Claims taken at once: the claim and the batch's read cost the same few statements for 500
# as for 100, and leases are renewed while a batch goes out. Replicas share a busy minute
# batch by batch, and all of them together keep to the one shared flood limit.
BATCH = 500


def sender_name() -> str:
    """Who holds a claim: this host and process, and this runner of it."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class Progress:
    """How far one claim of a push got: the messages done (sent, or uncertain), from which a
    later claim goes on."""

    parts_sent: int
    first_message_id: int | None = None
    uncertain: list[str] = field(default_factory=list)
    left: bool = False  # something of it may have reached the learner

    def sent(self, message: Message) -> None:
        self.parts_sent += 1
        self.first_message_id = self.first_message_id or message.message_id
        self.left = True


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
        clock: Clock | None = None,
        batch: int = BATCH,
        lease: timedelta = LEASE,
        concurrency: int = SEND_SLOTS,
    ) -> None:
        self.uow = uow
        self.bot = bot
        self.sender = sender
        self.owner = sender_name()
        clock = clock or SystemClock()
        self.claims = Claims(curriculum, uow, clock, owner=self.owner, batch=batch, lease=lease)
        self.outcomes = Outcomes(uow, clock, owner=self.owner, lease=lease)
        self.pushes = Pushes(curriculum, coach)
        self.lease = lease
        self.concurrency = concurrency
        # One gate for every pass of this runner (the catch-up pass may overlap the minute
        # tick): at most ``concurrency`` sends, each holding at most one connection.
        self._gate = asyncio.Semaphore(concurrency)
        self._stopping = False

    def stop(self) -> None:
        """Finish the sends in flight, hand the rest back, claim nothing more (on SIGTERM)."""
        self._stopping = True

    async def run_due(self, now: datetime) -> TickReport:
        """Send everything due at ``now``; safe to run again, here or in another process. The
        next batch is claimed and read while the one before goes out (its sends queue at the
        gate behind that batch's): at most two batches are held at once."""
        report = TickReport()
        sending: asyncio.Task[None] | None = None
        async with _leases_kept(self.outcomes, self.lease):
            try:
                while not self._stopping:
                    taken = await self.claims.take(now, report)
                    if not taken.claims and sending is None:
                        break  # nothing due, nothing going out that may hand claims back
                    before, sending = sending, None
                    if taken.claims:
                        prepared = await self._prepare(taken)
                        sent = self._send_all(taken.claims, prepared, report)
                        sending = asyncio.create_task(sent)
                    if before is not None:
                        await before
                if sending is not None:
                    await sending
            except BaseException:
                await _after_failure(sending)
                raise
        return report

    async def beat(self, now: datetime) -> None:
        """Record that this host's scheduler is alive (``coach health`` reads it)."""
        async with self.uow.write() as session:
            await repo.beat(session, socket.gethostname(), now)
            await session.commit()

    # --- sending -------------------------------------------------------------------------------

    async def _send_all(
        self, claims: Sequence[Claim], prepared: Prepared, report: TickReport
    ) -> None:
        by_learner: dict[int, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_learner[claim.learner_id].append(claim)
        handed_back: list[Claim] = []

        async def send_learner(group: list[Claim]) -> None:
            async with self._gate:
                if self._stopping:  # not started: leave it for the next tick, anywhere
                    handed_back.extend(group)
                    return
                ordered = sorted(group, key=lambda c: KIND_ORDER.index(c.kind))
                for index, claim in enumerate(ordered):
                    status = await self._send_one(claim, prepared)
                    report.outcomes[status] += 1
                    if status == "unreachable":  # the rest cannot reach them either
                        handed_back.extend(ordered[index + 1 :])
                        break

        await asyncio.gather(*(send_learner(group) for group in by_learner.values()))
        if handed_back:
            await self.outcomes.hand_back(handed_back)
            report.outcomes["handed back"] += len(handed_back)

    async def _prepare(self, taken: Taken) -> Prepared:
        """The batch's reports read together; when that fails, each push reads its own (and
        meets its own error)."""
        try:
            return await self.pushes.prepare(taken.claims, taken.rows)
        except Exception as exc:
            count = len(taken.claims)
            log.warning("reading a batch of %s pushes failed (%r); one at a time", count, exc)
            return {}

    async def _send_one(self, claim: Claim, prepared: Prepared) -> str:
        """Send one push and record its outcome; never raises (one push holds up no other)."""
        progress = Progress(claim.parts_sent)
        try:
            return await self._push(claim, progress, prepared)
        except ClaimLost:
            log.info("push %s #%s: taken over by another sender", claim.kind, claim.delivery_id)
            return "taken over"
        except Exception as exc:
            try:
                return await self._after_error(claim, progress, exc)
            except Exception:
                log.exception(
                    "push %s #%s: its outcome could not be recorded; it is tried again when "
                    "its lease runs out", claim.kind, claim.delivery_id,
                )  # fmt: skip
                return "not recorded"

    async def _push(self, claim: Claim, progress: Progress, prepared: Prepared) -> str:
        parts = await self.pushes.render(claim, prepared)
        if parts is None and claim.kind is DeliveryKind.FINISH and claim.parts_sent == 0:
            # The plan grew after its last recap: its new last recap makes it due again.
            await self.outcomes.withdraw(claim)
            return "withdrawn"
        if parts is None:
            await self._finish(claim, DeliveryStatus.SKIPPED, progress)
            return "skipped"

        async def prove() -> None:
            await self.outcomes.prove(claim, progress.parts_sent, progress.first_message_id)

        for index in range(claim.parts_sent, len(parts)):
            call = request(self.bot, claim.chat_id, parts[index])
            try:
                message = await self.sender.call(claim.chat_id, call, before=prove)
            except Uncertain as exc:  # this one may be there; the next surely are not yet
                progress.uncertain.append(f"message {index + 1} of {len(parts)}: {exc}")
                progress.parts_sent, progress.left = index + 1, True
                continue
            except Unreachable as exc:
                await self._finish(claim, DeliveryStatus.FAILED, progress, str(exc))
                await self.outcomes.deactivate(claim.learner_id)
                return "unreachable"
            except StillFailing as exc:
                if claim.attempts < MAX_ATTEMPTS:
                    log.info("push %s #%s: %s; tried again", claim.kind, claim.delivery_id, exc)
                    await self.outcomes.hand_back([claim], progress.parts_sent, str(exc))
                    return "retry later"
                log.warning("push %s #%s failed: %s", claim.kind, claim.delivery_id, exc)
                await self._finish(claim, DeliveryStatus.FAILED, progress, str(exc))
                return "failed"
            except SendFailed as exc:
                log.warning("push %s #%s failed: %s", claim.kind, claim.delivery_id, exc)
                await self._finish(claim, DeliveryStatus.FAILED, progress, str(exc))
                return "failed"
            progress.sent(message)
        if progress.uncertain:
            error = "; ".join(progress.uncertain)
            await self._finish(claim, DeliveryStatus.UNCERTAIN, progress, error)
            return "uncertain"
        await self._finish(claim, DeliveryStatus.SENT, progress)
        return "sent"

    async def _after_error(self, claim: Claim, progress: Progress, exc: Exception) -> str:
        """Anything else that went wrong with one push: try it again, or, after the last
        attempt, record it as failed and log its traceback."""
        if not await self.outcomes.exists(claim):
            return "gone"  # the learner was forgotten meanwhile
        error = f"{type(exc).__name__}: {exc}"
        if claim.attempts < MAX_ATTEMPTS:
            log.warning(
                "push %s #%s, attempt %s of %s: %s; tried again",
                claim.kind, claim.delivery_id, claim.attempts, MAX_ATTEMPTS, error,
            )  # fmt: skip
            await self.outcomes.hand_back([claim], progress.parts_sent, error)
            return "retry later"
        log.error(
            "push %s #%s failed after %s attempts", claim.kind, claim.delivery_id, MAX_ATTEMPTS,
            exc_info=exc,
        )  # fmt: skip
        await self._finish(claim, DeliveryStatus.FAILED, progress, error)
        return "failed"

    async def _finish(
        self, claim: Claim, status: DeliveryStatus, progress: Progress, error: str | None = None
    ) -> None:
        await self.outcomes.finish(
            claim,
            status,
            parts_sent=progress.parts_sent,
            may_have_left=progress.left or claim.parts_sent > 0,
            message_id=progress.first_message_id,
            error=error,
        )


async def _after_failure(sending: asyncio.Task[None] | None) -> None:
    """A pass that failed (or was cancelled) with a batch still going out: that batch is
    cancelled with it, or, after an ordinary error, left to finish its sends first."""
    if sending is None or sending.done():
        return
    current = asyncio.current_task()
    if current is not None and current.cancelling():
        sending.cancel()
    with suppress(asyncio.CancelledError):
        await asyncio.gather(sending, return_exceptions=True)


@asynccontextmanager
async def _leases_kept(outcomes: Outcomes, lease: timedelta) -> AsyncIterator[None]:
    """While a pass runs: this process's leases (and heartbeat) renewed every third of a
    lease."""

    async def keep() -> None:
        while True:
            await asyncio.sleep(lease.total_seconds() / 3)
            try:
                await outcomes.renew(socket.gethostname())
            except Exception as exc:  # the next renewal may get through; proofs still guard
                log.warning("renewing this sender's leases failed: %r", exc)

    keeper = asyncio.create_task(keep())
    try:
        yield
    finally:
        keeper.cancel()
        with suppress(asyncio.CancelledError):
            await keeper
