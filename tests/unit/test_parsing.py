"""Every input form of DESIGN §2, good and bad; a mistake is a value with a specific message."""

from __future__ import annotations

from datetime import date, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.curriculum import Curriculum
from bot.domain.parsing import (
    LogRequest,
    ParseError,
    format_minutes,
    looks_like_bullets,
    parse_day,
    parse_duration,
    parse_log,
    parse_note,
    parse_recap_slot,
    parse_time_of_day,
    parse_zone,
    zone_from_key,
)

SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1.5", 90),
        ("1,5", 90),
        ("90m", 90),
        ("1h30", 90),
        ("1h30m", 90),
        ("1:30", 90),
        ("+2", 120),
        ("2", 120),
        ("1.5h", 90),
        ("2 hours", 120),
        ("45 min", 45),
        ("1h 5m", 65),
        (".5", 30),
        ("0:05", 5),
        ("12", 720),
        ("  3H  ", 180),
        ("+ 1h30", 90),
        ("0.25", 15),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("abc", "is not a duration"),
        ("", "Tell me how long"),
        ("0", "0 hours"),
        ("0m", "0 hours"),
        ("-2", "can't be negative"),
        ("−1.5", "can't be negative"),
        ("1e9", "is not a duration"),
        ("25", "at most 12 h"),
        ("12.5", "at most 12 h"),
        ("721m", "at most 12 h"),
        ("1:75", "minutes must be under 60"),
        ("1h75", "minutes must be under 60"),
        ("0.001", "less than a minute"),
        ("1..5", "is not a duration"),
        ("9" * 5000, "is not a duration"),
        ("1.5 hours please", "is not a duration"),
        ("NaN", "is not a duration"),
        ("inf", "is not a duration"),
    ],
)
def test_bad_durations(text: str, says: str) -> None:
    result = parse_duration(text)
    assert isinstance(result, ParseError)
    assert says in result.message
    assert len(result.message) < 200  # a long input is never echoed whole


def test_log_with_category_day_and_note(curriculum: Curriculum) -> None:
    words = curriculum.category_words
    assert parse_log("1.5", SATURDAY, words) == LogRequest(90)
    assert parse_log("1h30 practice yesterday loops & <b>", SATURDAY, words) == LogRequest(
        90, "practice", date(2026, 11, 27), "loops & <b>"
    )
    assert parse_log("2 monday project", SATURDAY, words) == LogRequest(
        120, "project", date(2026, 11, 23)
    )
    assert parse_log("45m 2026-11-20 read the docs", SATURDAY, words) == LogRequest(
        45, None, date(2026, 11, 20), "read the docs"
    )
    assert parse_log("1 saturday", SATURDAY, words) == LogRequest(60, None, SATURDAY)
    assert parse_log("1 Review\nline two", SATURDAY, words) == LogRequest(
        60, "revision", None, "line two"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Tell me how long you worked"),
        ("abc", "is not a duration"),
        ("1 2026-02-30", "not a real date"),
        ("1 2026-12-01", "in the future"),
        ("1 learning " + "x" * 1001, "keep it to 1000"),
    ],
)
def test_bad_log_arguments(curriculum: Curriculum, text: str, says: str) -> None:
    result = parse_log(text, SATURDAY, curriculum.category_words)
    assert isinstance(result, ParseError)
    assert says in result.message


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("today", SATURDAY),
        ("yesterday", date(2026, 11, 27)),
        ("sat", SATURDAY),
        ("Sunday", date(2026, 11, 22)),
        ("fri", date(2026, 11, 27)),
        ("2026-11-01", date(2026, 11, 1)),
        ("soon", None),
    ],
)
def test_days(word: str, expected: date | None) -> None:
    assert parse_day(word, SATURDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18:00", time(18)), ("7:05", time(7, 5)), ("00:00", time(0)), ("23:59", time(23, 59))],
)
def test_times(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("25:61", "not a time of day"),
        ("24:00", "not a time of day"),
        ("13pm", "am and pm hours go 1–12"),
        ("six", "use 18:00, 7pm, 7:30 pm or 19"),
    ],
)
def test_bad_times(text: str, says: str) -> None:
    result = parse_time_of_day(text)
    assert isinstance(result, ParseError)
    assert says in result.message


def test_recap_slot() -> None:
    assert parse_recap_slot("sun 20:00") == ("sun", time(20))
    assert parse_recap_slot("Friday 7:30") == ("fri", time(7, 30))
    for bad, says in [("sun", "Give a day and a time"), ("someday 20:00", "not a day of the week")]:
        result = parse_recap_slot(bad)
        assert isinstance(result, ParseError)
        assert says in result.message


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("America/New_York", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("+05:30", "UTC+05:30"),
        ("+0530", "UTC+05:30"),
        ("-3", "UTC-03:00"),
        ("UTC+14", "UTC+14:00"),
        ("GMT-12:00", "UTC-12:00"),
        ("+12:45", "UTC+12:45"),
    ],
)
def test_zones(text: str, key: str) -> None:
    assert parse_zone(text) == key


@pytest.mark.parametrize(
    ("text", "says"),
    [("Mars/Olympus", "don't know the time zone"), ("+15", "-12:00 to +14:00"), ("", "don't know")],
)
def test_bad_zones(text: str, says: str) -> None:
    result = parse_zone(text)
    assert isinstance(result, ParseError)
    assert says in result.message


def test_zone_keys_give_the_right_offsets() -> None:
    assert zone_from_key("UTC+05:30") == timezone(timedelta(hours=5, minutes=30))
    assert zone_from_key("UTC-03:00") == timezone(-timedelta(hours=3))
    assert zone_from_key("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    with pytest.raises(ValueError, match="unknown time zone key"):
        zone_from_key("Nowhere/Town")


def test_notes_split_into_bullets() -> None:
    assert parse_note("- async I/O\n• event loops\n\n* tasks") == (
        "async I/O",
        "event loops",
        "tasks",
    )
    assert parse_note("1. first\n2) second") == ("first", "second")
    assert parse_note("plain line") == ("plain line",)
    assert parse_note("<b>&amp; <script> 🐍 שלום\x00\x07") == ("<b>&amp; <script> 🐍 שלום",)
    assert parse_note("👩\u200d💻 pairing") == ("👩\u200d💻 pairing",)


@pytest.mark.parametrize(
    ("text", "says"),
    [("", "The note is empty"), ("- \n  •  \n", "The note is empty"), ("x" * 1001, "1001")],
)
def test_bad_notes(text: str, says: str) -> None:
    result = parse_note(text)
    assert isinstance(result, ParseError)
    assert says in result.message


def test_bullet_messages_are_recognised() -> None:
    assert looks_like_bullets("- learned decorators")
    assert looks_like_bullets("\n• one\n• two")
    assert looks_like_bullets("* star")
    assert not looks_like_bullets("hello there")
    assert not looks_like_bullets("1.5")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (90, "1 h 30 min"),
        (60, "1 h"),
        (20, "20 min"),
        (95, "1 h 35 min"),
        (45, "45 min"),
        (75, "1 h 15 min"),
        (720, "12 h"),
    ],
)
def test_format_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


@given(st.text(max_size=200))
def test_no_text_makes_a_parser_raise(text: str) -> None:
    parse_duration(text)
    parse_note(text)
    parse_zone(text)
    parse_time_of_day(text)
    parse_recap_slot(text)
    parse_day(text, SATURDAY)
    parse_log(text, SATURDAY, {"learning": "learning"})


@given(st.integers(min_value=1, max_value=720))
def test_formatted_durations_parse_back(minutes: int) -> None:
    hours, rest = divmod(minutes, 60)
    assert parse_duration(f"{hours}h{rest:02d}") == minutes
    assert parse_duration(f"{hours}:{rest:02d}") == minutes
    assert parse_duration(f"{minutes}m") == minutes


def test_a_bare_number_too_long_as_hours_asks_whether_minutes_were_meant() -> None:
    assert parse_duration("30") == ParseError(
        "A single entry can be at most 12 h; “30” is 30 h — did you mean 30 min? Send /log 30m."
    )
    assert parse_duration("90") == ParseError(
        "A single entry can be at most 12 h; “90” is 90 h — did you mean 1 h 30 min? Send /log 90m."
    )
    # With a unit, a fraction or beyond 10 h as minutes, only the limit is said.
    for raw, hours in (("30h", "30 h"), ("12.5", "12 h 30 min"), ("601", "601 h")):
        assert parse_duration(raw) == ParseError(
            f"A single entry can be at most 12 h; “{raw}” is {hours}. Split it over the days "
            "you worked."
        )
