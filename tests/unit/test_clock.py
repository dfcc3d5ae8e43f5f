"""The clock is injected: a settable clock for tests, and no other code reads the time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.clock import SettableClock, ShiftedClock, SystemClock

ROOT = Path(__file__).resolve().parents[2]


def test_the_settable_clock_moves_only_when_told() -> None:
    clock = SettableClock(datetime(2026, 12, 7, 18, tzinfo=timezone(timedelta(hours=1))))
    assert clock.now() == datetime(2026, 12, 7, 17, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    assert clock.advance(timedelta(hours=3)) == datetime(2026, 12, 7, 20, tzinfo=UTC)
    clock.set(datetime(2027, 1, 1, tzinfo=UTC))
    assert clock.now() == datetime(2027, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2027, 1, 1))


def test_a_shifted_clock_runs_on_from_the_instant_it_was_set_to() -> None:
    start = datetime(2026, 12, 1, 18, tzinfo=timezone(timedelta(hours=1)))
    clock = ShiftedClock(start)
    first, second = clock.now(), clock.now()
    assert start <= first <= second
    assert first.tzinfo is UTC
    assert first - start < timedelta(minutes=1)  # it runs from there, not from today


def test_the_system_clock_is_aware() -> None:
    assert SystemClock().now().tzinfo is UTC


def test_no_code_reads_the_time_outside_the_clock() -> None:
    reading = re.compile(r"datetime\.(now|utcnow|today)\(|date\.today\(|time\.time\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("bot", "scheduler")
        for path in (ROOT / package).rglob("*.py")
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if reading.search(line)
    ]
    assert offenders == []
