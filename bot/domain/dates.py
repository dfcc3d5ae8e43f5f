"""Days and times as learners type them: the day of a log (``yesterday``, ``last friday``), a
start date (``next monday``, ``tomorrow``, ``2026-12-07``), a time of day (``19:30``, ``7pm``,
``19``) and a recap slot. Pure.

Each reader returns None when the text is not that kind of thing at all (so a message can go
elsewhere), the value when it is, and a ``ParseError`` when it is meant as one but is wrong.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.domain.curriculum import WEEKDAYS, Weekday
from bot.domain.reading import ParseError, quoted

_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NAMES: dict[str, Weekday] = {}
for _full, _short in zip(_FULL_NAMES, WEEKDAYS, strict=True):
    _DAY_NAMES[_full] = _short
    _DAY_NAMES[_short] = _short
    _DAY_NAMES[_full[:4]] = _short  # tues, thur, ...
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
# Dates in other notations: refused with the one the bot reads, never taken as a note.
_OTHER_DATE = re.compile(
    r"[0-9]{1,4}[/-][0-9]{1,2}(?:[/-][0-9]{1,4})?|[0-9]{1,2}\.[0-9]{1,2}\.(?:[0-9]{2,4})?"
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip
_DAY_MONTH = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?(?:\s+([0-9]{4}))?")
_MONTH_DAY = re.compile(r"([a-z]{3,9})\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+([0-9]{4}))?")
_SINGLE_DAY_WORDS = ("today", "yesterday", "tomorrow")
THURSDAY = 3


def parse_weekday(text: str) -> Weekday | None:
    return _DAY_NAMES.get(text.strip().lower())


def _weekday_index(word: str) -> int | None:
    weekday = _DAY_NAMES.get(word)
    return None if weekday is None else WEEKDAYS.index(weekday)


def _close(word: str, target: str) -> bool:
    """One slip (two for long words) away: a letter wrong, missing, extra or two swapped."""
    allowed = 1 if len(target) <= 6 else 2
    if word == target or abs(len(word) - len(target)) > allowed:
        return False
    rows = [list(range(len(target) + 1))]
    for i, a in enumerate(word, 1):
        row = [i]
        for j, b in enumerate(target, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a != b))
            if i > 1 and j > 1 and a == target[j - 2] and word[i - 2] == b:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1] <= allowed


def looks_like_day_word(word: str) -> bool:
    """A misspelt day name (``wendesday``, ``yesteday``): meant as a day, not as a note."""
    return any(_close(word, name) for name in (*_FULL_NAMES, "yesterday", "tomorrow"))


def default_start(today: date) -> date:
    """The plan start taken until the learner picks one: this Monday, or next Monday from
    Thursday on (when most of this week is gone)."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=1) if today.weekday() >= THURSDAY else monday


def date_example(today: date) -> str:
    """A date to show in an example: next Monday, from the learner's own calendar."""
    return (today + timedelta(days=7 - today.weekday())).isoformat()


def parse_date(text: str, today: date | None = None) -> date | ParseError:
    """A calendar date written ``YYYY-MM-DD``; the error's example comes from ``today``."""
    word = text.strip()
    if not _ISO_DATE.fullmatch(word):
        example = f", e.g. {date_example(today)}" if today is not None else ""
        return ParseError(f"{quoted(word)} is not a date: write it as YYYY-MM-DD{example}.")
    year, month, day = (int(part) for part in word.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return ParseError(f"{word} is not a real date.")


def _unknown_day(phrase: str, today: date) -> ParseError:
    return ParseError(
        f"{quoted(phrase)} is not a day I know. Use yesterday, a weekday (friday, last friday) "
        f"or a date like {(today - timedelta(days=1)).isoformat()}."
    )


def _future(phrase: str, day: date) -> ParseError:
    return ParseError(
        f"{quoted(phrase)} is {day.isoformat()}, in the future: log time you have already spent."
    )


def read_log_day(words: list[str], today: date) -> tuple[date | ParseError, int] | None:
    """The day at the head of ``words`` (lower case) and how many words it took; None when
    they do not start with a day. A weekday is the most recent one, today included; ``last``
    before it means the one before today. A day in the future is an error, never a note."""
    if not words:
        return None
    first = words[0]
    if first == "today":
        return today, 1
    if first == "yesterday":
        return today - timedelta(days=1), 1
    if first == "tomorrow":
        return _future(first, today + timedelta(days=1)), 1
    weekday = _weekday_index(first)
    if weekday is not None:
        return today - timedelta(days=(today.weekday() - weekday) % 7), 1
    if first in ("last", "this", "next") and len(words) > 1:
        second = words[1]
        phrase = f"{first} {second}"
        weekday = _weekday_index(second)
        if weekday is None:
            if second in ("week", "month", "year") or looks_like_day_word(second):
                return _unknown_day(phrase, today), 2
            return None  # "last part of the tutorial": a note
        if first == "last":
            return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1), 2
        monday = today - timedelta(days=today.weekday())
        day = monday + timedelta(days=weekday, weeks=1 if first == "next" else 0)
        return (_future(phrase, day) if day > today else day), 2
    if _ISO_DATE.fullmatch(first):
        written = parse_date(first)
        if isinstance(written, date) and written > today:
            return _future(first, written), 1
        return written, 1
    if _OTHER_DATE.fullmatch(first):
        return _unknown_day(first, today), 1
    if looks_like_day_word(first):
        return _unknown_day(first, today), 1
    return None


def parse_day(text: str, today: date) -> date | ParseError | None:
    """A whole text as the day of a log (see ``read_log_day``); None when it is no day."""
    words = text.strip().lower().split()
    found = read_log_day(words, today)
    if found is None or found[1] != len(words):
        return None
    return found[0]


def _month(word: str) -> int | None:
    """``dec``, ``Dec.`` or ``december`` → 12; None for a word that is no month."""
    return next(
        (i for i, m in enumerate(_MONTHS, 1) if len(word) >= 3 and m.startswith(word)), None
    )


def _month_date(day: int, month: int, year: str | None, today: date) -> date | None:
    try:
        found = date(int(year) if year else today.year, month, day)
        if year is None and found < today - timedelta(days=60):
            found = date(today.year + 1, month, day)
    except ValueError:
        return None
    return found


def read_start_date(text: str, today: date) -> date | ParseError | None:
    """A start date as typed: ``this monday`` / ``next monday`` (the buttons' words, also
    ``this`` and ``next``), ``today``, ``tomorrow``, a weekday (the next one, today included),
    ``next friday`` (that day of next week), ``2026-12-07``, ``7 dec``. None when the text is
    no date at all."""
    word = " ".join(re.sub(r"\(.*?\)", " ", text).lower().split()).rstrip(".!")
    monday = today - timedelta(days=today.weekday())
    named = {
        "today": today,
        "tomorrow": today + timedelta(days=1),
        "this": monday,
        "next": monday + timedelta(weeks=1),
        "next week": monday + timedelta(weeks=1),
        "this week": monday,
    }
    if word in named:
        return named[word]
    words = word.split()
    if len(words) == 2 and words[0] in ("this", "next") and _weekday_index(words[1]) is not None:
        index = _weekday_index(words[1])
        assert index is not None
        return monday + timedelta(days=index, weeks=1 if words[0] == "next" else 0)
    index = _weekday_index(word)
    if index is not None:
        return today + timedelta(days=(index - today.weekday()) % 7)
    if _ISO_DATE.fullmatch(word):
        return parse_date(word, today)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.fullmatch(word)
        month = None if match is None else _month(match[month_group])
        if match is not None and month is not None:
            found = _month_date(int(match[day_group]), month, match[3], today)
            if found is not None:
                return found
            return ParseError(f"{quoted(text.strip())} is not a real date.")
    if _OTHER_DATE.fullmatch(word):
        return parse_date(word, today)
    if len(words) <= 2 and any(looks_like_day_word(w) for w in words):
        return ParseError(
            f"{quoted(text.strip())} is not a day I know. Type next monday, tomorrow, a "
            f"weekday or a date like {date_example(today)}."
        )
    return None


_CLOCK = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*(?:(a|p)\.?m\.?)?")
TIME_EXAMPLES = "18:00, 7pm, 7:30 pm or 19"


def read_time_of_day(text: str) -> time | ParseError | None:
    """A time of day: ``18:00``, ``7.30``, ``19``, ``7pm``, ``7:30 pm``, ``noon``; None when the
    text does not look like a time at all."""
    word = text.strip().lower()
    if word in ("noon", "midday"):
        return time(12)
    if word == "midnight":
        return time(0)
    match = _CLOCK.fullmatch(word)
    if match is None:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half is not None:
        if not 1 <= hour <= 12 or minute > 59:
            return ParseError(f"{quoted(word)} is not a time of day: am and pm hours go 1–12.")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return ParseError(f"{quoted(word)} is not a time of day: hours go 00–23, minutes 00–59.")
    return time(hour, minute)


def parse_time_of_day(text: str) -> time | ParseError:
    """A time of day (see ``read_time_of_day``), or the error that says how to write one."""
    found = read_time_of_day(text)
    if found is None:
        return ParseError(f"{quoted(text.strip())} is not a time: use {TIME_EXAMPLES}.")
    return found


def parse_recap_slot(text: str) -> tuple[Weekday, time] | ParseError:
    """``DAY TIME``, e.g. ``sun 20:00`` or ``sunday 8pm``."""
    parts = text.split(maxsplit=1)
    if len(parts) != 2:
        return ParseError("Give a day and a time, e.g. /recaptime sun 20:00.")
    weekday = parse_weekday(parts[0])
    if weekday is None:
        return ParseError(f"{quoted(parts[0])} is not a day of the week: use mon, tue, … sun.")
    at = parse_time_of_day(parts[1])
    if isinstance(at, ParseError):
        return at
    return weekday, at
