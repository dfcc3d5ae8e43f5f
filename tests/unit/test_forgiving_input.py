"""Input as learners type it (DESIGN §2, §2a): units apart from the number, day words, natural
setup answers, zones by city and country, offsets only with a sign, strict numbers and button
data. Each invariant is stated for every input hypothesis can think of."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.curriculum import Curriculum
from bot.domain.dates import read_start_date, read_time_of_day
from bot.domain.parsing import (
    LogRequest,
    ParseError,
    answers_setup_question,
    parse_duration,
    parse_log,
    read_pace_answer,
)
from bot.domain.reading import parse_count, read_count
from bot.domain.zones import looks_like_zone, read_zone, zone_from_key
from bot.telegram import callbacks

SATURDAY = date(2026, 11, 28)
WORDS = {"learning": "learning", "practice": "practice", "project": "project"}
FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


# --- /log ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 hour", LogRequest(60)),
        ("45 min", LogRequest(45)),
        ("90 minutes", LogRequest(90)),
        ("1.5 h practice", LogRequest(90, "practice")),
        ("1h 30m yesterday loops", LogRequest(90, None, date(2026, 11, 27), "loops")),
        ("1 hour 30 minutes project", LogRequest(90, "project")),
        ("2 hours and 15 minutes", LogRequest(135)),
        ("1.5 last friday", LogRequest(90, None, date(2026, 11, 27))),
        ("1 last saturday", LogRequest(60, None, date(2026, 11, 21))),
        ("1 saturday", LogRequest(60, None, SATURDAY)),
        ("1 this monday", LogRequest(60, None, date(2026, 11, 23))),
        ("1 last part of the tutorial", LogRequest(60, None, None, "last part of the tutorial")),
        ("1 practice last tue pairing", LogRequest(60, "practice", date(2026, 11, 24), "pairing")),
    ],
)
def test_log_forms(text: str, expected: LogRequest) -> None:
    assert parse_log(text, SATURDAY, WORDS) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1.5 tomorrow", "“tomorrow” is 2026-11-29, in the future"),
        ("1.5 next monday", "“next monday” is 2026-11-30, in the future"),
        ("1 this sunday", "“this sunday” is 2026-11-29, in the future"),
        ("1 2026-12-01", "“2026-12-01” is 2026-12-01, in the future"),
        ("1 yesterdy", "“yesterdy” is not a day I know"),
        ("1 wendesday", "“wendesday” is not a day I know"),
        ("1 last week", "“last week” is not a day I know"),
        ("1 last frday", "“last frday” is not a day I know"),
        ("1 28/11", "“28/11” is not a day I know"),
        ("1 practice tomorow", "“tomorow” is not a day I know"),
    ],
)
def test_log_day_mistakes(text: str, says: str) -> None:
    result = parse_log(text, SATURDAY, WORDS)
    assert isinstance(result, ParseError)
    assert says in result.message


durations = st.one_of(
    st.tuples(st.integers(0, 11), st.integers(1, 59)).map(
        lambda hm: (f"{hm[0]} h {hm[1]} min", hm[0] * 60 + hm[1])
    ),
    st.tuples(st.integers(1, 11), st.integers(0, 59)).map(
        lambda hm: (f"{hm[0]}h{hm[1]}", hm[0] * 60 + hm[1])
    ),
    st.tuples(st.integers(1, 11), st.integers(1, 59)).map(
        lambda hm: (f"{hm[0]} hours {hm[1]} minutes", hm[0] * 60 + hm[1])
    ),
    st.integers(0, 11).map(lambda h: (f"{h}.5 h", h * 60 + 30)),
    st.integers(1, 12).map(lambda h: (f"{h} hour{'s' if h > 1 else ''}", h * 60)),
    st.integers(1, 720).map(lambda m: (f"{m} min", m)),
    st.integers(1, 720).map(lambda m: (f"{m} minutes", m)),
)


@given(durations, st.sampled_from(["", " practice", " yesterday", " practice yesterday notes"]))
def test_a_parsed_duration_is_what_the_text_says(form: tuple[str, int], tail: str) -> None:
    text, minutes = form
    assert parse_duration(text) == minutes
    request = parse_log(text + tail, SATURDAY, WORDS)
    assert isinstance(request, LogRequest)
    assert request.minutes == minutes
    # the unit is never left behind as a note
    assert request.note in (None, "notes")


@given(
    days,
    st.one_of(
        st.just("tomorrow"),
        st.sampled_from(FULL).map(lambda d: f"next {d}"),
        st.integers(1, 4000).map(lambda n: f"+{n}"),
    ),
    st.sampled_from(["", "practice "]),
    st.sampled_from(["", " loops and lists"]),
)
def test_a_future_day_never_logs(today: date, word: str, category: str, note: str) -> None:
    if word.startswith("+"):  # a date in the future, written as a date
        word = (today + timedelta(days=int(word[1:]))).isoformat()
    result = parse_log(f"1.5 {category}{word}{note}", today, WORDS)
    assert isinstance(result, ParseError)
    assert "in the future" in result.message


@given(days, st.sampled_from(FULL))
def test_weekday_words_name_a_day_already_lived(today: date, weekday: str) -> None:
    plain = parse_log(f"1 {weekday}", today, WORDS)
    last = parse_log(f"1 last {weekday}", today, WORDS)
    assert isinstance(plain, LogRequest)
    assert isinstance(last, LogRequest)
    assert plain.day is not None
    assert last.day is not None
    index = FULL.index(weekday)
    assert plain.day.weekday() == last.day.weekday() == index
    assert today - timedelta(days=6) <= plain.day <= today
    assert today - timedelta(days=7) <= last.day < today


# --- setup answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next monday", date(2026, 11, 30)),
        ("Next Monday (Mon 30 Nov)", date(2026, 11, 30)),
        ("this monday", date(2026, 11, 23)),
        ("today", SATURDAY),
        ("tomorrow", date(2026, 11, 29)),
        ("wednesday", date(2026, 12, 2)),
        ("next friday", date(2026, 12, 4)),
        ("7 dec", date(2026, 12, 7)),
        ("December 7", date(2026, 12, 7)),
        ("2026-12-07", date(2026, 12, 7)),
        ("hello", None),
        ("90m", None),
    ],
)
def test_start_answers(text: str, expected: date | None) -> None:
    assert read_start_date(text, SATURDAY) == expected


def test_a_start_date_error_shows_a_date_from_the_clock() -> None:
    result = read_start_date("28/11", SATURDAY)
    assert result == ParseError("“28/11” is not a date: write it as YYYY-MM-DD, e.g. 2026-11-30.")
    assert read_start_date("2026-02-30", SATURDAY) == ParseError("2026-02-30 is not a real date.")
    later = read_start_date("next blursday", date(2027, 3, 3))
    assert isinstance(later, ParseError)
    assert "a date like 2027-03-08" in later.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7pm", time(19)),
        ("7:30 pm", time(19, 30)),
        ("7 a.m.", time(7)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("19", time(19)),
        ("19:30", time(19, 30)),
        ("noon", time(12)),
        ("90m", None),
        ("1.5", None),
    ],
)
def test_times_of_day(text: str, expected: time | None) -> None:
    assert read_time_of_day(text) == expected


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm", " pm", " a.m."]))
def test_twelve_hour_times(hour: int, minute: int, half: str) -> None:
    found = read_time_of_day(f"{hour}:{minute:02d}{half}")
    expected = hour % 12 + (12 if "p" in half else 0)
    assert found == time(expected, minute)


@pytest.mark.parametrize(
    ("text", "pace"),
    [
        ("standard", "standard"),
        ("Slow/Part-Time", "part-time"),
        ("12 hours a week", "standard"),
        ("12 h", "standard"),
        ("12", "standard"),
        ("20-25 h/week", "accelerated"),
        ("7 hours per week", "part-time"),
        ("4 h a week", "part-time"),
        ("9 h a week", "part-time"),
        ("17 hours a week", "standard"),
        ("40 h a week", "accelerated"),
    ],
)
def test_pace_answers(curriculum: Curriculum, text: str, pace: str) -> None:
    found = read_pace_answer(text, curriculum.paces)
    assert not isinstance(found, ParseError)
    assert found is not None
    assert found.id == pace


def test_a_small_number_is_a_log_not_a_pace(curriculum: Curriculum) -> None:
    assert read_pace_answer("1.5", curriculum.paces) is None
    assert read_pace_answer("90m", curriculum.paces) is None
    assert read_pace_answer("hello", curriculum.paces) is None
    assert isinstance(read_pace_answer("200 h a week", curriculum.paces), ParseError)


# --- time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("India", "Asia/Kolkata"),
        ("London", "Europe/London"),
        ("new york", "America/New_York"),
        ("Kolkata", "Asia/Kolkata"),
        ("berlin", "Europe/Berlin"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Zürich", "Europe/Zurich"),
        ("germany", "Europe/Berlin"),
        ("+5:30", "UTC+05:30"),
        ("UTC-3", "UTC-03:00"),
        ("GMT+1", "UTC+01:00"),
        ("utc − 4", "UTC-04:00"),
    ],
)
def test_zones_by_place_and_offset(text: str, key: str) -> None:
    assert read_zone(text) == read_zone(text.upper()) or text.startswith("utc")
    found = read_zone(text)
    assert not isinstance(found, ParseError)
    assert (found.key, found.remark) == (key, None)


def test_an_abbreviation_is_taken_as_the_zone_with_daylight_saving() -> None:
    found = read_zone("EST")
    assert not isinstance(found, ParseError)
    assert found.key == "America/New_York"
    assert found.remark == (
        "I read EST as America/New_York (US Eastern time), which follows daylight saving. "
        "For a fixed offset all year, send it with its sign, e.g. UTC-5."
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("18:00", "“18:00” is not a time zone: an offset needs its sign"),
        ("12", "“12” is not a time zone: an offset needs its sign"),
        ("7pm", "“7pm” is not a time zone"),
        ("IST", "IST means different zones in different places (Asia/Kolkata, Europe/Dublin"),
        ("USA", "USA has several time zones (America/New_York, America/Chicago"),
        ("Atlantis", "I don't know the time zone “Atlantis”"),
    ],
)
def test_zone_mistakes(text: str, says: str) -> None:
    found = read_zone(text)
    assert isinstance(found, ParseError)
    assert says in found.message


@given(
    st.integers(0, 99),
    st.integers(0, 59),
    st.sampled_from(["{h}", "{h}:{m:02d}", "{h}.{m:02d}", "utc {h}", "gmt{h}:{m:02d}", "{h}pm"]),
)
def test_a_number_or_time_without_a_sign_is_never_an_offset(h: int, m: int, form: str) -> None:
    text = form.format(h=h, m=m)
    assert isinstance(read_zone(text), ParseError)
    assert looks_like_zone(text)


@given(st.sampled_from(["+", "-", "−", "UTC+", "UTC-", "GMT+", "gmt -"]), st.integers(0, 14),
       st.sampled_from([0, 30, 45]))  # fmt: skip
def test_a_signed_offset_is_that_offset(sign: str, hours: int, minutes: int) -> None:
    found = read_zone(f"{sign}{hours}:{minutes:02d}")
    total = (hours * 60 + minutes) * (1 if "+" in sign else -1)
    if not -12 * 60 <= total <= 14 * 60:
        assert isinstance(found, ParseError)
        return
    assert not isinstance(found, ParseError)
    offset = zone_from_key(found.key).utcoffset(None)
    assert offset == timedelta(minutes=total)


# --- strict numbers and button data --------------------------------------------------------


@given(st.text(max_size=30), st.integers(0, 1000), st.integers(0, 10**6))
def test_every_accepted_number_is_ascii_digits_in_bounds(text: str, low: int, high: int) -> None:
    value = read_count(text, low, high)
    if value is not None:
        assert text.isascii()
        assert text.isdigit()
        assert low <= value <= high
        assert value == int(text)


@pytest.mark.parametrize("text", ["²", "٣", "１２", "1_000", "+7", "-1", "7.0", "", "0x10", "7 "])
def test_numbers_that_python_would_take_are_refused(text: str) -> None:
    assert read_count(text, 0, 10**9) is None
    assert isinstance(parse_count(text + "x", 1, 365, "a number of days"), ParseError)


def test_a_count_says_what_was_wrong() -> None:
    assert parse_count("400", 1, 365, "a number of days") == ParseError(
        "“400” is out of range: give a number of days from 1 to 365."
    )
    assert parse_count("²", 1, 365, "a number of days") == ParseError(
        "“²” is not a number: give a number of days from 1 to 365."
    )


@given(st.text(max_size=70), st.integers(0, 3))
def test_button_data_is_taken_only_in_its_expected_shape(raw: str, count: int) -> None:
    fields = callbacks.arguments(raw, "dl", count)
    if fields is not None:
        assert raw.isascii()
        assert raw.isprintable()
        assert len(raw.encode()) <= 64
        assert len(fields) == count
        assert all(fields)
        assert ":".join(["dl", *fields]) == raw


def test_button_fields() -> None:
    assert callbacks.arguments("tz:UTC+05:30", callbacks.ZONE, 1) == ("UTC+05:30",)
    assert callbacks.arguments("proj:3:1", callbacks.PROJECT, 2) == ("3", "1")
    assert callbacks.arguments("proj:3", callbacks.PROJECT, 2) is None
    assert callbacks.arguments("proj:3:", callbacks.PROJECT, 2) is None
    assert callbacks.arguments("dl:²", callbacks.DELETE_ENTRY, 1) is None
    assert callbacks.arguments("resume", callbacks.RESUME, 0) == ()
    assert callbacks.day("2026-11-30") == date(2026, 11, 30)
    assert callbacks.day("2026-02-30") is None
    assert callbacks.day("２０２６-11-30") is None


@given(st.text(max_size=200), days)
def test_no_text_makes_a_reader_raise(text: str, today: date) -> None:
    for found in (
        read_zone(text),
        read_start_date(text, today),
        read_time_of_day(text),
        parse_count(text, 1, 365, "a number of days"),
        callbacks.arguments(text, "proj", 2),
    ):
        assert found is None or not isinstance(found, BaseException)


@pytest.mark.parametrize(
    ("topic", "text", "answers"),
    [
        ("reminder", "7pm", True),
        ("reminder", "25:00", True),  # meant as a time: gets the time's error
        ("reminder", "off", True),
        ("reminder", "ok", False),
        ("reminder", "1.5", False),
        ("timezone", "India", True),
        ("timezone", "12", True),  # meant as an offset: told it needs a sign
        ("timezone", "1.5", False),
        ("timezone", "Port of Spain", True),
        ("timezone", "ok thanks, bye", False),  # a sentence: told what the question expects
        ("timezone", "what do I put here?", False),
        ("start", "next monday", True),
        ("start", "soon", False),
        ("pace", "12 h", True),
        ("pace", "1.5", False),
    ],
)
def test_what_answers_a_setup_question(
    curriculum: Curriculum, topic: str, text: str, answers: bool
) -> None:
    assert answers_setup_question(topic, text, SATURDAY, curriculum.paces) is answers


@given(
    st.integers(1, 720),
    st.sampled_from(["{n}m", "{n} min", "{n} minutes", "{n}h30", "1h {m}m"]),
    st.sampled_from(["pace", "start", "timezone", "reminder"]),
)
def test_a_duration_with_a_unit_never_answers_a_setup_question(
    curriculum: Curriculum, n: int, form: str, topic: str
) -> None:
    text = form.format(n=n, m=n % 60)
    assert not answers_setup_question(topic, text, SATURDAY, curriculum.paces)
