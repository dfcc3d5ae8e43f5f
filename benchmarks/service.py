"""B6: a settings change (`/remind 07:30`) through the service; B7: the CPU of one recap."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.support import START, fresh_database, percentile, seed
from bot.clock import SettableClock
from bot.db.models import LogEntry
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from bot.telegram.outgoing import recap_messages
from bot.texts.charts import forget_recent_charts

CHAT_BASE = 3_000_000
# Eleven weeks in: the chart's cumulative line has eleven points and the band two milestones.
SUNDAY = datetime(2027, 2, 14, 19, 0, tzinfo=UTC)


async def log_weeks(engine: AsyncEngine, learners: int, until: datetime) -> None:
    """An entry on most days of the plan so far, for every learner."""
    rows = []
    days = (until.date() - START).days
    for n in range(learners):
        for day in range(days):
            if (day + n) % 4:
                rows.append(
                    {
                        "learner_id": n + 1,
                        "day": START + timedelta(days=day),
                        "minutes": 30 + 15 * ((day * 7 + n) % 5),
                        "category": ("learning", "practice", "project")[day % 3],
                    }
                )
    async with engine.begin() as connection:
        await connection.execute(insert(LogEntry), rows)


async def b6_settings(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    """Each change sets the learner's reminder, so each one reschedules their pushes."""
    learners, changes = (100, 300) if quick else (1000, 2000)
    _url, engine = await fresh_database(None, "b6")
    await seed(engine, learners, 0, chat_base=CHAT_BASE)
    coach = Coach(curriculum, UnitOfWork(engine), SettableClock(SUNDAY))
    times: list[float] = []
    cpu = time.process_time()
    for n in range(changes):
        at = clock_time(7, 30) if n // learners % 2 == 0 else clock_time(19, 0)
        began = time.perf_counter()
        changed = await coach.settings.set_reminder(CHAT_BASE + n % learners, at)
        times.append(time.perf_counter() - began)
        assert changed.learner.reminder == at
    cpu = time.process_time() - cpu
    await engine.dispose()
    return {
        "learners": learners,
        "changes": changes,
        "cpu_ms_per_change": cpu / changes * 1000,
        "p50_ms": statistics.median(times) * 1000,
        "p99_ms": percentile(times, 0.99) * 1000,
        "goal": "p99 <= 5 ms",
    }


async def b7_recap_cpu(curriculum: Curriculum, quick: bool) -> dict[str, Any]:
    """CPU seconds (every thread of the process: the chart's worker and the database's) for a
    learner's recap: the week report read from the database, the chart and the texts."""
    learners, recaps = (10, 20) if quick else (50, 100)
    _url, engine = await fresh_database(None, "b7")
    await seed(engine, learners, 0, chat_base=CHAT_BASE)
    await log_weeks(engine, learners, SUNDAY)
    coach = Coach(curriculum, UnitOfWork(engine), SettableClock(SUNDAY))

    async def one(n: int) -> tuple[float, float]:
        forget_recent_charts()  # each recap's chart is drawn, as the first one of its week is
        cpu = time.process_time()
        report = await coach.reports.week_report(CHAT_BASE + n % learners, recap=True)
        middle = time.process_time()
        messages = await recap_messages(curriculum, report)
        assert len(messages) >= 2  # the chart and the recap
        return time.process_time() - cpu, time.process_time() - middle

    await one(0)  # the worker thread's figure is built once, as in a running bot
    totals, charts = zip(*[await one(n) for n in range(recaps)], strict=True)
    await engine.dispose()
    return {
        "recaps": recaps,
        "cpu_ms_per_recap": statistics.median(totals) * 1000,
        "cpu_ms_p90": percentile(list(totals), 0.9) * 1000,
        "chart_and_texts_cpu_ms": statistics.median(charts) * 1000,
        "goal": "<= 100 ms",
    }
