"""SQLite through aiosqlite, with one trip to the driver's thread a statement.

aiosqlite runs SQLite in a thread of its own, and every call into it is a trip there and back
(a queue, a future, a wake-up of the event loop). SQLAlchemy's adapter makes four trips a
statement that returns rows (open a cursor, execute, fetch, close), three for its BEGIN, and
rolls back every connection handed back to the pool, even with no transaction open. Each trip
costs more than SQLite's own work on a small statement; a scheduler's transaction made nine.

Here a statement is one trip: the cursor is opened, executed, read and closed in the driver's
thread, and the rows come back with it. A transaction's BEGIN goes with its first statement
(``begin_with_next``): it takes the write lock just as early, in the same trip. A connection
with no transaction open is handed back without a rollback. Everything else is SQLAlchemy's
adapter as it is; the engine is given this module's DBAPI
(``create_async_engine(..., module=dbapi())``).
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection, AsyncIODBAPIConnection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

Ran = tuple[Any, list[Any], int, int | None]  # description, rows, rowcount, lastrowid


def _run(
    connection: sqlite3.Connection, begin: str | None, many: bool, operation: str, parameters: Any
) -> Ran:
    """In the driver's thread: the whole of one statement, after the BEGIN of its transaction
    when it is the first."""
    cursor = connection.cursor()
    try:
        if begin is not None:
            cursor.execute(begin)
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statement and rows are one trip; nothing stays open in the thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        # The adapter's own __init__ would open a driver cursor: a trip of its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized: Any = {}
        self._rows: collections.deque[Any] = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        """Rows come back all at once: nothing to size."""

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._trip(False, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        self._trip(True, operation, seq_of_parameters)

    def _trip(self, many: bool, operation: str, parameters: Any) -> None:
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        try:
            begin = self._adapt_connection.begun()  # type: ignore[attr-defined]
            # aiosqlite's own queue into its thread (it leaves it untyped).
            trip = driver._execute(_run, driver._conn, begin, many, operation, parameters)  # type: ignore[no-untyped-call]
            ran: Ran = await_(trip)
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description, rows, self._rowcount, self._lastrowid = ran
        self._rows = collections.deque(rows)

    def close(self) -> None:
        self._rows.clear()

    async def _async_soft_close(self) -> None:
        """Closed in the thread already, with its rows read."""


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, with one-trip cursors, and no rollback when no
    transaction is open (SQLite knows; reading it is no trip)."""

    __slots__ = ("_begin",)

    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: AsyncIODBAPIConnection) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None

    def begin_with_next(self, begin: str) -> None:
        """Open the transaction with ``begin`` (``BEGIN`` or ``BEGIN IMMEDIATE``) in the trip
        of its first statement."""
        self._begin = begin

    def begun(self) -> str | None:
        """The BEGIN still to send, with the statement about to go (once)."""
        begin, self._begin = self._begin, None
        return begin

    def commit(self) -> None:
        if self._begin is not None:  # no statement ran: no transaction was opened
            self._begin = None
            return
        super().commit()

    def rollback(self) -> None:
        self._begin = None
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        if driver._connection is not None and not driver.in_transaction:
            return
        super().rollback()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDbapi:
    """The DBAPI module to give ``create_async_engine`` for ``sqlite+aiosqlite://`` URLs."""
    return OneTripDbapi(aiosqlite, sqlite3)
