"""A failed statement's error names the statement, never the learner's text it carried."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.session import create_engine

DIARY = "Wednesday-diary-entry-7391"


async def failed_statement(engine: AsyncEngine) -> str:
    with pytest.raises(DBAPIError) as failed:
        async with engine.connect() as connection:
            await connection.execute(
                text("INSERT INTO no_such_table (body) VALUES (:body)"), {"body": DIARY}
            )
    return str(failed.value)


async def test_an_error_leaves_the_parameters_out(engine: AsyncEngine) -> None:
    error = await failed_statement(engine)
    assert "no_such_table" in error
    assert DIARY not in error


async def test_log_content_lets_them_in(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}", hide_parameters=False)
    try:
        assert DIARY in await failed_statement(engine)
    finally:
        await engine.dispose()
