"""SQLite through aiosqlite with one trip to its thread a statement (``bot.db.sqlite_driver``):
what SQLAlchemy reads back is the same (rows, counts, ids, errors), in fewer trips."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.session import create_engine
from bot.db.uow import UnitOfWork


@pytest.fixture
async def sqlite(tmp_path: Path) -> Any:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    async with engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)")
        )
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every call that aiosqlite runs in its thread, by what it runs."""
    counted: Counter[str] = Counter()
    queue: Any = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        counted[getattr(fn, "__name__", repr(fn))] += 1
        return await queue(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return counted


async def test_a_write_transaction_is_one_trip_a_statement(
    sqlite: AsyncEngine, trips: Counter[str]
) -> None:
    uow = UnitOfWork(sqlite)
    async with uow.write() as session:  # warm: the pool's first connection is opened here
        await session.commit()
    trips.clear()
    async with uow.write() as session:
        inserted = await session.execute(
            text("INSERT INTO item (name, n) VALUES ('a', 1), ('b', 2) RETURNING id, name")
        )
        rows = inserted.all()
        await session.commit()
    assert [tuple(row) for row in rows] == [(1, "a"), (2, "b")]
    # BEGIN IMMEDIATE with the INSERT and its rows, then COMMIT; no rollback on the way back
    # to the pool, since no transaction is open (SQLAlchemy's own adapter: 9 trips).
    assert sum(trips.values()) == 2, trips


async def test_counts_ids_and_rows_read_back(sqlite: AsyncEngine) -> None:
    async with sqlite.begin() as connection:
        added = await connection.execute(text("INSERT INTO item (name, n) VALUES ('a', 1)"))
        assert added.lastrowid == 1
        many = await connection.execute(
            text("INSERT INTO item (name, n) VALUES (:name, :n)"),
            [{"name": "b", "n": 2}, {"name": "c", "n": 3}],
        )
        assert many.rowcount == 2
        changed = await connection.execute(text("UPDATE item SET n = n + 10 WHERE n >= 2"))
        assert changed.rowcount == 2
        none = await connection.execute(text("SELECT name FROM item WHERE n > 100"))
        assert none.all() == []
        found = await connection.execute(text("SELECT name, n FROM item ORDER BY id"))
        assert [tuple(row) for row in found] == [("a", 1), ("b", 12), ("c", 13)]


async def test_an_error_is_sqlalchemys_and_stores_nothing(sqlite: AsyncEngine) -> None:
    uow = UnitOfWork(sqlite)

    async def clash() -> None:
        async with uow.write() as session:
            await session.execute(text("INSERT INTO item (name, n) VALUES ('a', 1)"))
            await session.execute(text("INSERT INTO item (name, n) VALUES ('a', 2)"))

    with pytest.raises(IntegrityError):
        await clash()
    async with uow.write() as session:  # the connection went back rolled back, and works
        await session.execute(text("INSERT INTO item (name, n) VALUES ('b', 3)"))
        await session.commit()
    async with uow.read() as session:
        names = (await session.execute(text("SELECT name FROM item"))).scalars().all()
    assert names == ["b"]


async def test_a_transaction_left_open_is_rolled_back_when_handed_back(
    sqlite: AsyncEngine, trips: Counter[str]
) -> None:
    uow = UnitOfWork(sqlite)
    async with uow.write() as session:
        await session.execute(text("INSERT INTO item (name, n) VALUES ('a', 1)"))
        # left without a commit
    assert trips["rollback"] == 1
    async with uow.read() as session:
        count = await session.scalar(text("SELECT count(*) FROM item"))
    assert count == 0


async def test_a_transaction_with_no_statement_opens_nothing(
    sqlite: AsyncEngine, trips: Counter[str]
) -> None:
    """Its BEGIN waits for a first statement that never comes: nothing is sent, and the next
    transaction begins as usual."""
    uow = UnitOfWork(sqlite)
    async with uow.write() as session:
        await session.commit()
    async with uow.write() as session:
        pass  # left without a statement or a commit
    assert sum(trips.values()) == 0, trips
    async with uow.write() as session:
        async with session.begin_nested():  # a savepoint first: BEGIN goes with it
            await session.execute(text("INSERT INTO item (name, n) VALUES ('a', 1)"))
        await session.commit()
    async with uow.read() as session:
        assert await session.scalar(text("SELECT count(*) FROM item")) == 1
