"""The timer: a job every minute that calls ``run_due(clock.now())``.

python-telegram-bot's JobQueue is an APScheduler ``AsyncIOScheduler``; the database holds every
schedule, so this is the only job there is. A stalled loop never runs a burst of missed ticks
(coalesce), a tick never overlaps the one before (one instance), and a pass at start catches up
on whatever came due while the bot was down.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.ext import ContextTypes, JobQueue

from bot.clock import Clock
from bot.config import Settings
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from scheduler.runner import Runner
from scheduler.sender import Limits, Sender
from scheduler.timeline import SharedTimeline

log = logging.getLogger(__name__)
TICK = timedelta(minutes=1)
JOB_OPTIONS: dict[str, Any] = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 50}


def push_runner(
    settings: Settings,
    curriculum: Curriculum,
    uow: UnitOfWork,
    coach: Coach,
    bot: Bot,
    clock: Clock,
) -> Runner:
    """The runner as `coach run` and `coach tick` configure it: Telegram's overall limit shared
    with every other sender on the database (unless ``RATE_LIMIT`` is off), the lease from
    ``PUSH_LEASE_SECONDS``, leases kept on ``clock``."""
    limits = Limits() if settings.rate_limit else None
    sender = Sender(limits, SharedTimeline(uow) if limits is not None else None)
    lease = timedelta(seconds=settings.push_lease_seconds)
    return Runner(curriculum, uow, coach, bot, sender, clock=clock, lease=lease)


def schedule_ticks(job_queue: JobQueue[Any], runner: Runner, clock: Clock) -> None:
    """Add the catch-up pass and the minute tick to an application's job queue."""

    async def tick(_context: ContextTypes.DEFAULT_TYPE) -> None:
        now = clock.now()
        await runner.beat(now)
        report = await runner.run_due(now)
        if report.outcomes:
            log.info("tick %s: %s", now.isoformat(timespec="seconds"), dict(report.outcomes))

    now = clock.now()
    next_minute = (now + TICK).replace(second=1, microsecond=0) - now
    job_queue.run_once(tick, when=0, name="catch-up", job_kwargs=JOB_OPTIONS)
    job_queue.run_repeating(tick, interval=TICK, first=next_minute, name="tick",
                            job_kwargs=JOB_OPTIONS)  # fmt: skip
