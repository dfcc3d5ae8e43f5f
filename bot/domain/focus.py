"""Focus sessions (/go … /stop), as numbers: what a session logs, when to ask if it still runs.
Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.domain.parsing import MAX_ENTRY_MINUTES

ROUND_TO = 5  # minutes
STILL_STUDYING_AFTER = timedelta(hours=3)


@dataclass(frozen=True)
class SessionLog:
    """What a session of ``elapsed`` logs: whole minutes rounded to 5 (at least 5), and at
    most a single entry's 12 h (``capped`` when it ran longer)."""

    elapsed_minutes: int
    minutes: int
    capped: bool


def session_log(elapsed: timedelta) -> SessionLog:
    """Rounded to the nearest 5 minutes (2 min 30 s and more go up), never under 5."""
    seconds = max(0, int(elapsed.total_seconds()))
    steps, rest = divmod(seconds, ROUND_TO * 60)
    rounded = (steps + (1 if rest * 2 >= ROUND_TO * 60 else 0)) * ROUND_TO
    minutes = max(ROUND_TO, rounded)
    capped = minutes > MAX_ENTRY_MINUTES
    return SessionLog(seconds // 60, min(minutes, MAX_ENTRY_MINUTES), capped)


def session_day(started_at: datetime, zone: tzinfo) -> date:
    """The day a session is logged on: the local day it started (also past midnight)."""
    return started_at.astimezone(zone).date()


def timer_period(started_at: datetime) -> str:
    """The delivery period of a session's "still studying?": its start, to the second, UTC."""
    return started_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
