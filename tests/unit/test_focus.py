"""What a focus session logs: rounded to 5 minutes, at least 5, at most 12 h."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.focus import session_day, session_log, timer_period


@given(st.integers(min_value=0, max_value=48 * 3600))
def test_a_session_logs_a_multiple_of_five_minutes_nearest_to_its_length(seconds: int) -> None:
    log = session_log(timedelta(seconds=seconds))
    assert log.minutes % 5 == 0
    assert 5 <= log.minutes <= 12 * 60
    assert log.elapsed_minutes == seconds // 60
    assert log.capped == (seconds >= 12 * 3600 + 150)
    if not log.capped and seconds >= 150:
        assert abs(log.minutes * 60 - seconds) <= 150  # never more than 2 min 30 s off


def test_rounding_examples() -> None:
    assert session_log(timedelta(minutes=83)).minutes == 85
    assert session_log(timedelta(minutes=82)).minutes == 80
    assert session_log(timedelta(minutes=82, seconds=30)).minutes == 85
    assert session_log(timedelta(seconds=10)).minutes == 5
    capped = session_log(timedelta(hours=14, minutes=30))
    assert (capped.minutes, capped.elapsed_minutes, capped.capped) == (720, 870, True)


def test_a_session_belongs_to_the_local_day_it_started() -> None:
    started = datetime(2026, 12, 2, 4, 30, tzinfo=UTC)
    assert session_day(started, ZoneInfo("America/New_York")) == date(2026, 12, 1)
    assert session_day(started, UTC) == date(2026, 12, 2)
    assert timer_period(started) == "2026-12-02T04:30:00"
