"""`coach run`: migrations, the conversation and the minute tick in one process, until a stop
signal.

The application is started and stopped here rather than by ``Application.run_polling``: a stop
signal only sets an event, so one that arrives while start-up requests are in flight lets them
finish and then stops cleanly, instead of closing them mid-request.
"""

from __future__ import annotations

import asyncio
import signal
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import Update

from bot.clock import SystemClock
from bot.config import Settings
from bot.db.migrate import upgrade_database
from bot.db.poller_lock import PollerLock
from bot.db.session import create_engine
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.app import BEFORE_STOP, AppType, build_application
from bot.telegram.deps import Deps
from bot.telegram.request import push_bot as make_push_bot
from bot.telegram.webhook import ConstantTimeSecret
from scheduler.service import push_runner, schedule_ticks

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Webhook:
    """Where Telegram POSTs updates, and where this process listens for them."""

    url: str
    listen: str
    port: int
    secret: str


async def run(
    settings: Settings, token: str, curriculum: Curriculum, webhook: Webhook | None
) -> None:
    """Serve until SIGINT or SIGTERM: by long polling, or through ``webhook``."""
    engine = create_engine(settings.database_url, hide_parameters=not settings.log_content)
    await upgrade_database(engine)
    clock = SystemClock()
    uow = UnitOfWork(engine)
    coach = Coach(curriculum, uow, clock)
    poller = PollerLock(engine)
    # Pushes go through a bot of their own: the scheduler's sender applies Telegram's limits
    # and records outcomes, so it must see each failure rather than the replies' retries.
    push_bot = make_push_bot(token, settings.telegram_api_base_url)

    async def take_the_poller_lock(_application: AppType) -> None:
        if webhook is None:  # webhook replicas may be many; a poller only one
            await poller.acquire()
        await push_bot.initialize()

    application = build_application(
        token,
        settings.telegram_api_base_url,
        Deps(coach, curriculum, settings.admin_ids),
        post_init=take_the_poller_lock,
    )
    runner = push_runner(settings, curriculum, uow, coach, push_bot, clock)
    assert application.job_queue is not None  # the job-queue extra is a dependency
    schedule_ticks(application.job_queue, runner, clock)
    application.bot_data.setdefault(BEFORE_STOP, []).append(runner.stop)  # SIGTERM: wind down
    try:
        await serve(application, webhook)
    finally:
        await push_bot.shutdown()
        await poller.release()
        await engine.dispose()


async def serve(application: AppType, webhook: Webhook | None) -> None:
    """Start the application, run until a stop signal, then stop it in order."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stopping.set)
    updater = application.updater
    assert updater is not None
    try:
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        if stopping.is_set():
            return
        if webhook is None:
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)
        else:
            await updater.start_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=urlsplit(webhook.url).path.lstrip("/"),
                webhook_url=webhook.url,
                secret_token=ConstantTimeSecret(webhook.secret),
                allowed_updates=Update.ALL_TYPES,
            )
        await application.start()
        await stopping.wait()
    finally:
        if updater.running:
            await updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)
