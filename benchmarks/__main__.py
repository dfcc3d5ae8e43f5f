"""Benchmarks: `python -m benchmarks [--quick] [--only B1,B3]`.

Each figure is reported next to a baseline measured in the same run (a ratio), because the
machines are shared and absolute timings wander. Results are printed as a table and written to
benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, text, update
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.clock import SettableClock, SystemClock
from bot.db.migrate import upgrade_database
from bot.db.models import Delivery, Learner, OnboardingStep
from bot.db.session import create_engine
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum, default_curriculum_path, load_curriculum
from bot.handlers.common import Deps
from bot.sandbox.emulator import BotApiEmulator, ChatMessage, FloodLimits
from bot.services import Coach
from bot.telegram.app import AppType, build_application, start_polling, stop_polling
from scheduler.runner import Runner, TickReport
from scheduler.sender import Limits, Sender

RESULTS = Path(__file__).with_name("results.json")
TOKEN = "1:benchmark"
DUE = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # a Tuesday, a study day
START = date(2026, 11, 30)


# --- helpers -----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def seed(
    engine: AsyncEngine,
    count: int,
    due: int,
    chat_base: int = 1_000_000,
    start: date = START,
    due_at: datetime = DUE,
) -> None:
    """``count`` learners over many zones and reminder times; ``due`` of them due at DUE."""
    zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo",
             "Australia/Sydney", "America/Sao_Paulo", "Pacific/Chatham"]  # fmt: skip
    rows = []
    async with engine.begin() as connection:
        for n in range(count):
            # The rest spread over the week ahead, minute by minute, never the busy minute.
            spread = due_at + timedelta(minutes=1 + (n * 7919) % (7 * 24 * 60 - 1))
            next_at = due_at if n < due else spread
            rows.append(
                {
                    "chat_id": chat_base + n,
                    "user_id": chat_base + n,
                    "pace": "standard",
                    "start_date": start,
                    "timezone": zones[n % len(zones)],
                    "reminder_time": next_at.time(),
                    "recap_weekday": 6,
                    "recap_time": next_at.time(),
                    "onboarding": OnboardingStep.DONE,
                    "active": True,
                    "next_reminder_at": next_at,
                    "next_recap_at": next_at + timedelta(days=3),
                }
            )
            if len(rows) == 5000:
                await connection.execute(insert(Learner), rows)
                rows = []
        if rows:
            await connection.execute(insert(Learner), rows)


async def fresh_database(url: str | None, name: str) -> tuple[str, AsyncEngine]:
    """A migrated, empty database: SQLite in a temp folder, or a new PostgreSQL database."""
    if url is None:
        path = Path(tempfile.mkdtemp(prefix="coach-bench-")) / f"{name}.db"
        database = f"sqlite+aiosqlite:///{path}"
    else:
        from sqlalchemy.engine import make_url

        admin = create_engine(url)
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await admin.dispose()
        database = make_url(url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(database)
    await upgrade_database(engine)
    return database, engine


# --- B1: updates -------------------------------------------------------------------------------


async def drive_updates(
    app_factory: Callable[[str], AppType | Application[Any, Any, Any, Any, Any, Any]],
    emulator: BotApiEmulator,
    learners: int,
    messages: int,
) -> dict[str, float]:
    """Each learner sends a message, waits for the reply, sends the next; all at once."""
    app = app_factory(emulator.base_url)
    waiting: dict[int, asyncio.Future[None]] = {}

    def arrived(message: ChatMessage) -> None:
        future = waiting.pop(message.chat_id, None)
        if future is not None and not future.done():
            future.set_result(None)

    emulator.on_bot_message = arrived
    await start_polling(app)
    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    async def learner(chat: int) -> None:
        emulator.chat(chat)
        for n in range(messages):
            future = loop.create_future()
            waiting[chat] = future
            began = time.perf_counter()
            await emulator.send(chat, f"/log {n + 5}m")
            await asyncio.wait_for(future, 60)
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(learner(5_000_000 + n) for n in range(learners)))
    elapsed = time.perf_counter() - began
    await stop_polling(app)
    emulator.on_bot_message = None
    return {
        "updates_per_second": learners * messages / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def echo_bot(base_url: str) -> Application[Any, Any, Any, Any, Any, Any]:
    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(TOKEN).base_url(base_url).concurrent_updates(512).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def b1_updates(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    learners, messages = (200, 4) if quick else (1000, 10)
    _url, engine = await fresh_database(None, "b1")
    coach = Coach(curriculum, UnitOfWork(engine), SettableClock(DUE))
    async with BotApiEmulator() as emulator:
        echo = await drive_updates(echo_bot, emulator, learners, messages)
    async with BotApiEmulator() as emulator:
        ours = await drive_updates(
            lambda base: build_application(TOKEN, base, Deps(coach, curriculum)),
            emulator,
            learners,
            messages,
        )
    await engine.dispose()
    return {
        "learners": learners,
        "messages_each": messages,
        "ours": ours,
        "echo": echo,
        "ratio": ours["updates_per_second"] / echo["updates_per_second"],
        "goal": ">= 0.7",
    }


# --- B2: claiming at scale ---------------------------------------------------------------------


async def time_claim(engine: AsyncEngine, curriculum: Curriculum, due: int) -> float:
    """Seconds for the claim phase at the busy minute (best of 3, state reset between)."""
    uow = UnitOfWork(engine)
    coach = Coach(curriculum, uow, SettableClock(DUE))
    runner = Runner(curriculum, uow, coach, None, Sender(None), batch=due)  # type: ignore[arg-type]
    best = float("inf")
    for _ in range(3):
        async with engine.begin() as connection:
            await connection.execute(delete(Delivery))
            await connection.execute(
                update(Learner).where(Learner.id <= due).values(next_reminder_at=DUE)
            )
        began = time.perf_counter()
        claims = await runner.claim(DUE, TickReport())
        best = min(best, time.perf_counter() - began)
        assert len(claims) == due, len(claims)
    return best


async def query_plan(engine: AsyncEngine) -> list[str]:
    where = "WHERE active AND (next_reminder_at <= :now OR next_recap_at <= :now) LIMIT 500"
    explain = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(f"{explain} SELECT id FROM learners {where}"), {"now": DUE}
        )
        return [" ".join(str(c) for c in row) for row in rows]


async def b2_claims(curriculum: Curriculum, quick: bool, postgres: str | None) -> dict[str, Any]:
    small, large = (10_000, 100_000) if quick else (100_000, 1_000_000)
    due = 500
    results: dict[str, Any] = {"due_at_the_minute": due, "sizes": [small, large]}
    backends = [("sqlite", None)] + ([("postgresql", postgres)] if postgres else [])
    for backend, url in backends:
        timings: dict[str, float] = {}
        plan: list[str] = []
        for size in (small, large):
            _database, engine = await fresh_database(url, f"coach_bench_b2_{size}")
            await seed(engine, size, due)
            if engine.dialect.name == "postgresql":
                async with engine.begin() as connection:
                    await connection.execute(text("ANALYZE learners"))
            timings[str(size)] = await time_claim(engine, curriculum, due)
            plan = await query_plan(engine)
            await engine.dispose()
        results[backend] = {
            "claim_seconds": timings,
            "ratio_large_to_small": timings[str(large)] / timings[str(small)],
            "goal": "<= 1.5",
            "query_plan": plan,
        }
    return results


# --- B3: fan-out -------------------------------------------------------------------------------


async def fan_out(curriculum: Curriculum, count: int, limits: bool) -> dict[str, float]:
    _url, engine = await fresh_database(None, f"b3_{count}_{limits}")
    await seed(engine, count, count, chat_base=7_000_000)
    uow = UnitOfWork(engine)
    coach = Coach(curriculum, uow, SettableClock(DUE))
    async with BotApiEmulator() as emulator:
        for n in range(count):
            emulator.chat(7_000_000 + n)
        if limits:
            emulator.flood = FloodLimits(per_second=30, per_chat_per_second=1)
        async with Bot(TOKEN, base_url=emulator.base_url) as push_bot:
            sender = Sender(Limits() if limits else None)
            runner = Runner(curriculum, uow, coach, push_bot, sender)
            began = time.perf_counter()
            report = await runner.run_due(DUE)
            elapsed = time.perf_counter() - began
        too_many = sum(1 for _m, code, _d in emulator.errors if code == 429)
    await engine.dispose()
    return {
        "reminders": count,
        "sent": report.count("sent"),
        "messages_per_second": report.count("sent") / elapsed,
        "responses_429": too_many,
        "seconds": elapsed,
    }


async def b3_fan_out(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    limited = await fan_out(curriculum, 600 if quick else 10_000, limits=True)
    unlimited = await fan_out(curriculum, 1_000 if quick else 10_000, limits=False)
    return {
        "with_limits": limited
        | {
            "ratio_to_30_per_second": limited["messages_per_second"] / 30,
            "goal": ">= 0.95, no 429",
        },
        "without_limits": unlimited | {"goal": ">= 1000/s"},
    }


# --- B4: memory --------------------------------------------------------------------------------


def rss_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def b4_memory(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    size = 50_000 if quick else 1_000_000
    due = 2_000
    url, engine = await fresh_database(None, "b4")
    now = SystemClock().now().replace(second=0, microsecond=0) - timedelta(seconds=30)
    monday = now.date() - timedelta(days=now.weekday() + 7)  # a plan in its second week
    await seed(engine, size, 0, chat_base=9_000_000, start=monday, due_at=now)
    await engine.dispose()
    async with BotApiEmulator() as emulator:
        env = dict(os.environ, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emulator.base_url,
                   DATABASE_URL=url, LOG_LEVEL="WARNING", RATE_LIMIT="false")  # fmt: skip
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await emulator.wait_until(lambda: bool(emulator.commands), within=120)
        await asyncio.sleep(5)  # settle after the catch-up pass
        idle = rss_mb(process.pid, "VmRSS")
        engine = create_engine(url)
        async with engine.begin() as connection:  # make 2,000 of them due now
            await connection.execute(
                update(Learner).where(Learner.id <= due).values(next_reminder_at=now)
            )
        await engine.dispose()
        for n in range(due):
            emulator.chat(9_000_000 + n)
        await emulator.wait_until(lambda: len(emulator.calls) > due, within=180)
        peak = rss_mb(process.pid, "VmHWM")
        process.terminate()
        await process.wait()
    return {"learners": size, "idle_rss_mb": idle, "peak_rss_mb_during_tick": peak,
            "goal": "<= 250 MB"}  # fmt: skip


# --- the table ---------------------------------------------------------------------------------


async def main(quick: bool, only: set[str]) -> dict[str, Any]:
    curriculum = load_curriculum(default_curriculum_path())
    postgres = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL")
    runs: dict[str, Callable[[], Awaitable[dict[str, Any]]]] = {
        "B1": lambda: b1_updates(curriculum, quick),
        "B2": lambda: b2_claims(curriculum, quick, postgres),
        "B3": lambda: b3_fan_out(curriculum, quick),
        "B4": lambda: b4_memory(curriculum, quick),
    }
    results: dict[str, Any] = {}
    if only and RESULTS.exists():  # a partial run updates the figures of the last full one
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    results |= {
        "mode": "quick" if quick else "full",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}",
    }
    for name, run in runs.items():
        if only and name not in only:
            continue
        print(f"running {name}…", file=sys.stderr, flush=True)
        results[name] = await run()
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return results


def table(results: dict[str, Any]) -> str:
    lines = [f"mode: {results['mode']} · {results['machine']}"]
    if "B1" in results:
        b1 = results["B1"]
        lines.append(
            f"B1 updates   ours {b1['ours']['updates_per_second']:.0f}/s "
            f"(p50 {b1['ours']['p50_ms']:.0f} ms, p99 {b1['ours']['p99_ms']:.0f} ms) · echo "
            f"{b1['echo']['updates_per_second']:.0f}/s · ratio {b1['ratio']:.2f} (goal >= 0.7)"
        )
    if "B2" in results:
        b2 = results["B2"]
        for backend in ("sqlite", "postgresql"):
            if backend in b2:
                small, large = b2["sizes"]
                row = b2[backend]
                secs = row["claim_seconds"]
                lines.append(
                    f"B2 claim     {backend}: {small:,} learners {secs[str(small)] * 1000:.0f} ms"
                    f" · {large:,} {secs[str(large)] * 1000:.0f} ms · ratio "
                    f"{row['ratio_large_to_small']:.2f} (goal <= 1.5)"
                )
    if "B3" in results:
        b3 = results["B3"]
        limited, free = b3["with_limits"], b3["without_limits"]
        lines.append(
            f"B3 fan-out   limits on: {limited['messages_per_second']:.1f}/s = "
            f"{limited['ratio_to_30_per_second']:.2f} of 30/s, {limited['responses_429']} x 429 · "
            f"limits off: {free['messages_per_second']:.0f}/s"
        )
    if "B4" in results:
        b4 = results["B4"]
        lines.append(
            f"B4 memory    {b4['learners']:,} learners: idle {b4['idle_rss_mb']:.0f} MB, "
            f"peak during a tick {b4['peak_rss_mb_during_tick']:.0f} MB (goal <= 250 MB)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller run of a few minutes")
    parser.add_argument("--only", default="", help="comma-separated: B1,B2,B3,B4")
    options = parser.parse_args()
    chosen = {name.strip().upper() for name in options.only.split(",") if name.strip()}
    outcome = asyncio.run(main(options.quick, chosen))
    print(table(outcome))
