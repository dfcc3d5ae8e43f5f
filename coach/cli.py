"""The ``coach`` command line: argparse entry points for every subcommand."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from bot.collector import settle_start_up
from bot.config import ConfigError, Settings, load_settings
from bot.domain.curriculum import Curriculum, CurriculumError, load_curriculum


def _curriculum_check(args: argparse.Namespace) -> int:
    path: Path = args.file or load_settings().curriculum_path
    try:
        curriculum = load_curriculum(path)
    except CurriculumError as exc:
        print(f"{exc.source}: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"ok: {curriculum.total_weeks} weeks, {len(curriculum.paces)} paces, "
        f"{len(curriculum.milestones)} milestones"
    )
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.db.migrate import database_revision, upgrade_database
    from bot.db.session import create_engine

    settings = load_settings()

    async def upgrade() -> str | None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_database(engine)
            return await database_revision(engine)
        finally:
            await engine.dispose()

    revision = asyncio.run(upgrade())
    print(f"database is at revision {revision} (newest)")
    return 0


def _start(settings: Settings) -> tuple[str, Curriculum]:
    """Token, logging and curriculum: what every command that talks to Telegram needs."""
    from bot.logs import configure_logging

    token = settings.bot_token()
    secrets = [token]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    configure_logging(
        settings.log_level, settings.log_format, secrets, content=settings.log_content
    )
    curriculum = load_curriculum(settings.curriculum_path)
    settle_start_up()  # the modules and the curriculum live as long as the process
    return token, curriculum


def _run(args: argparse.Namespace) -> int:
    from telegram.error import TelegramError

    from bot.db.poller_lock import PollerBusy
    from coach.run import Webhook, run

    settings = load_settings()
    webhook = None
    if args.webhook is not None:
        if settings.webhook_secret is None:
            raise ConfigError(
                "WEBHOOK_SECRET is not set: webhook mode needs a secret that every request "
                "from Telegram must carry (1-256 of A-Z, a-z, 0-9, _ and -)"
            )
        secret = settings.webhook_secret.get_secret_value()
        webhook = Webhook(args.webhook, args.listen, args.port, secret)
    token, curriculum = _start(settings)
    try:
        asyncio.run(run(settings, token, curriculum, webhook))
    except PollerBusy as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 2
    except TelegramError as exc:  # Telegram out of reach while starting
        logging.getLogger("coach").error("coach run could not start: %s", exc)
        return 1
    return 0


def _tick(args: argparse.Namespace) -> int:
    from bot.clock import Clock, SettableClock, ShiftedClock, SystemClock
    from bot.db.migrate import upgrade_database
    from bot.db.session import create_engine
    from bot.db.uow import UnitOfWork
    from bot.services import Coach
    from bot.telegram.request import push_bot
    from scheduler.service import push_runner

    settings = load_settings()
    token, curriculum = _start(settings)
    clock: Clock = SystemClock() if args.now is None else SettableClock(args.now)
    now = clock.now()
    # Leases are wall-clock time; at --now that time runs on from there.
    lease_clock: Clock = SystemClock() if args.now is None else ShiftedClock(args.now)

    async def tick() -> dict[str, int]:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_database(engine)
            uow = UnitOfWork(engine)
            async with push_bot(token, settings.telegram_api_base_url) as bot:
                coach = Coach(curriculum, uow, clock)
                runner = push_runner(settings, curriculum, uow, coach, bot, lease_clock)
                return dict((await runner.run_due(now)).outcomes)
        finally:
            await engine.dispose()

    outcomes = asyncio.run(tick())
    summary = ", ".join(f"{status} {count}" for status, count in sorted(outcomes.items()))
    print(f"tick at {now.isoformat(timespec='seconds')}: {summary or 'nothing due'}")
    return 0


def _sandbox(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.logs import configure_logging
    from coach.sandbox import run_sandbox

    settings = load_settings()
    configure_logging("ERROR", "text")  # the terminal is for the conversation
    curriculum = load_curriculum(settings.curriculum_path)
    settle_start_up()
    start = args.now or SystemClock().now()
    asyncio.run(run_sandbox(curriculum, args.db, args.files, start))
    return 0


HEALTHY_WITHIN = timedelta(minutes=3)


def _health(args: argparse.Namespace) -> int:
    import socket

    from sqlalchemy.exc import SQLAlchemyError

    from bot.clock import SystemClock
    from bot.db import repo
    from bot.db.session import create_engine
    from bot.db.uow import UnitOfWork

    settings = load_settings()
    host = socket.gethostname()

    async def last_tick() -> datetime | None:
        engine = create_engine(settings.database_url)
        try:
            async with UnitOfWork(engine).read() as session:
                return await repo.last_beat(session, host)
        finally:
            await engine.dispose()

    try:
        beat = asyncio.run(last_tick())
    except (SQLAlchemyError, OSError) as exc:
        print(f"unhealthy: the database does not answer ({type(exc).__name__})")
        return 1
    if beat is None:
        print(f"unhealthy: the scheduler on {host} has not ticked yet")
        return 1
    age = SystemClock().now() - beat
    if age > HEALTHY_WITHIN:
        print(f"unhealthy: the scheduler on {host} last ticked {int(age.total_seconds())} s ago")
        return 1
    print(f"healthy: the scheduler on {host} ticked {int(age.total_seconds())} s ago")
    return 0


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 instant: {text!r}") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no time zone: add one, e.g. 2026-12-07T18:00:00+01:00 or …Z"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="Roadmap Coach: a Telegram bot that coaches you through a 6-month "
        "Python backend roadmap. Settings come from the environment and .env.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run the bot (long polling, or a webhook)",
        description="Apply the database migrations, register the command menu, send the "
        "scheduled pushes and answer learners until SIGINT or SIGTERM: by long polling, or "
        "with --webhook by Telegram POSTing updates (WEBHOOK_SECRET required). Needs "
        "TELEGRAM_BOT_TOKEN.",
    )
    run.add_argument(
        "--webhook", metavar="URL", help="the public HTTPS URL Telegram should POST updates to"
    )
    run.add_argument(
        "--listen", default="0.0.0.0", help="address to serve the webhook on (default 0.0.0.0)"
    )
    run.add_argument("--port", type=int, default=8443, help="port to serve it on (default 8443)")
    run.set_defaults(handler=_run)

    sandbox = commands.add_parser(
        "sandbox",
        help="try the bot in this terminal: no token, no network",
        description="The whole bot against a built-in Telegram emulator, with a chat in the "
        "terminal and a clock you move (:advance 1d, :at 2026-12-07 18:00) to see reminders, "
        "recaps and milestones without waiting.",
    )
    sandbox.add_argument("--db", type=Path, help="keep the data in this SQLite file")
    sandbox.add_argument("--files", type=Path, help="save photos and documents here")
    sandbox.add_argument("--now", type=_instant, help="start the clock here (ISO-8601)")
    sandbox.set_defaults(handler=_sandbox)

    tick = commands.add_parser(
        "tick",
        help="send everything due now (or at --now), once, and exit",
        description="Do once what the running bot's minute tick does: claim and send every "
        "push due at that instant, through TELEGRAM_API_BASE_URL.",
    )
    tick.add_argument(
        "--now", type=_instant, help="the instant to act at, ISO-8601 with a zone (default: now)"
    )
    tick.set_defaults(handler=_tick)

    health = commands.add_parser(
        "health",
        help="exit 0 if the database answers and this host's scheduler ticked recently",
        description="For a container HEALTHCHECK: healthy when the database answers and this "
        "host's scheduler heartbeat is under 3 minutes old; exit 1 otherwise.",
    )
    health.set_defaults(handler=_health)

    curriculum = commands.add_parser("curriculum", help="work with the roadmap file")
    curriculum_commands = curriculum.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = curriculum_commands.add_parser(
        "check",
        help="validate a curriculum file and print what it holds",
        description="Validate a curriculum file; print each problem with its JSON path.",
    )
    check.add_argument(
        "file", nargs="?", type=Path, help="the file to check (default: CURRICULUM_PATH)"
    )
    check.set_defaults(handler=_curriculum_check)

    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = db_commands.add_parser(
        "upgrade",
        help="apply the database migrations",
        description="Bring DATABASE_URL's schema to the newest migration (safe to repeat).",
    )
    upgrade.set_defaults(handler=_db_upgrade)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # python-telegram-bot 22 moves durations (retry_after, timeouts) to timedelta and warns
    # until one opts in; this code handles both, so it opts in.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except ConfigError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 2
    except CurriculumError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
