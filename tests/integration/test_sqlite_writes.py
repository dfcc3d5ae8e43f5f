"""SQLite under concurrent writers: every write lands, none fails with "database is locked"."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from sqlalchemy import text

from bot.db import repo
from bot.db.migrate import upgrade_database
from bot.db.session import create_engine
from bot.db.uow import UnitOfWork


async def test_two_hundred_concurrent_read_then_write_transactions(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}", pool_size=20)
    await upgrade_database(engine)
    uow = UnitOfWork(engine)

    async def log_for(chat_id: int) -> None:
        # Read first, then write, in one transaction: the pattern that fails midway with
        # "database is locked" under a deferred BEGIN.
        async with uow.write() as session:
            learner = await repo.learner_by_chat(session, chat_id)
            if learner is None:
                learner, _created = await repo.add_learner(
                    session, chat_id=chat_id, start_date=date(2026, 12, 7)
                )
            await repo.add_log_entry(
                session,
                learner_id=learner.id,
                day=date(2026, 12, 7),
                minutes=90,
                category="learning",
                source_chat_id=chat_id,
                source_message_id=1,
            )
            await session.commit()

    try:
        await asyncio.gather(*(log_for(chat_id) for chat_id in range(200)))
        async with engine.connect() as connection:
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
            count = (await connection.execute(text("SELECT count(*) FROM log_entries"))).scalar()
        assert (journal, keys, count) == ("wal", 1, 200)
    finally:
        await engine.dispose()
