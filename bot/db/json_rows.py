"""Rows of another table as one JSON array in a column: how a learner's plan and week are read
in one statement, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession


def aggregate(session: AsyncSession, *columns: Any) -> Any:
    """``columns`` of every row as one JSON array of arrays (each backend's functions)."""
    return aggregate_in(session.get_bind().dialect.name, *columns)


def aggregate_in(dialect: str, *columns: Any) -> Any:
    """``aggregate`` for the dialect named."""
    postgres = dialect == "postgresql"
    row = (func.json_build_array if postgres else func.json_array)(*columns)
    return (func.json_agg if postgres else func.json_group_array)(row)


def rows(value: Any) -> list[list[Any]]:
    """The arrays back: none for PostgreSQL's aggregate of no rows (NULL)."""
    if value is None:
        return []
    return list(json.loads(value) if isinstance(value, str) else value)


def day(value: Any) -> date:
    """A date as JSON carries it (ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
