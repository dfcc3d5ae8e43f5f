"""B2: claiming the pushes due at the busy minute, at 100k and 1M learners."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import delete, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.support import DUE, fresh_database, seed
from bot.clock import SettableClock
from bot.db.models import Delivery, Learner
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.services import Coach
from scheduler.claims import TickReport
from scheduler.runner import Runner
from scheduler.sender import Sender


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
        claims = (await runner.claims.take(DUE, TickReport())).claims
        best = min(best, time.perf_counter() - began)
        assert len(claims) == due, len(claims)
    return best


async def settle(engine: AsyncEngine) -> None:
    """PostgreSQL after the bulk load, as a database of that size stands in use: its visibility
    map and statistics up to date, and the load's write-ahead log checkpointed. Otherwise the
    claim is timed in the load's aftermath, more of it the larger the table: autovacuum going
    through the new rows, or a checkpoint that the load's log set off (a million learners
    write about 500 MB of it), during which the first change to each page logs the whole
    page. (CHECKPOINT needs a superuser or the pg_checkpoint role, as CREATE DATABASE above
    needs its own right.)"""
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM (ANALYZE) learners"))
        await connection.execute(text("CHECKPOINT"))


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
                await settle(engine)
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
