"""What a learner types, understood: durations, categories, days, times, zones and notes. Pure.

A mistake is returned as a ``ParseError`` carrying the sentence to show the learner, never
raised: handlers reply with it and store nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.curriculum import WEEKDAYS, Weekday

MAX_ENTRY_MINUTES = 12 * 60
MAX_DAY_MINUTES = 24 * 60
MAX_NOTE_CHARS = 1000


@dataclass(frozen=True)
class ParseError:
    """A specific, friendly explanation of what was wrong with the input."""

    message: str


# --- durations ---------------------------------------------------------------------------------

_NUMBER = r"\d+(?:[.,]\d+)?|[.,]\d+"
_HOURS_UNIT = r"h|hr|hrs|hour|hours"
_MINUTES_UNIT = r"m|min|mins|minute|minutes"
_DURATION_FORMS = (
    # 1.5  1,5  1.5h  2 hours
    (re.compile(rf"(?P<h>{_NUMBER})\s*(?:{_HOURS_UNIT})?"), "hours"),
    # 90m  90 min
    (re.compile(rf"(?P<m>{_NUMBER})\s*(?:{_MINUTES_UNIT})"), "minutes"),
    # 1h30  1h30m  1h 30min
    (re.compile(rf"(?P<h>\d+)\s*(?:{_HOURS_UNIT})\s*(?P<m>\d+)\s*(?:{_MINUTES_UNIT})?"), "both"),
    # 1:30
    (re.compile(r"(?P<h>\d+):(?P<m>\d{2})"), "both"),
)
DURATION_EXAMPLES = "1.5, 1,5, 90m, 1h30, 1h30m or 1:30"


def quoted(text: str, limit: int = 40) -> str:
    """User input quoted back in a reply, shortened so a reply never grows with the input."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"“{short}”"


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_duration(text: str) -> int | ParseError:
    """Minutes in a duration such as ``1.5``, ``90m``, ``1h30`` or ``+2``; 1 min to 12 h."""
    raw = text.strip()
    body = raw.lower()
    if not body:
        return ParseError(f"Tell me how long, e.g. {DURATION_EXAMPLES}.")
    negative = body.startswith(("-", "−"))
    if body[0] in "+-−":
        body = body[1:].lstrip()
    minutes: float | None = None
    for pattern, kind in _DURATION_FORMS if len(body) <= 20 else ():
        match = pattern.fullmatch(body)
        if match is None:
            continue
        if kind == "hours":
            minutes = _number(match["h"]) * 60
        elif kind == "minutes":
            minutes = _number(match["m"])
        else:
            if int(match["m"]) >= 60:
                return ParseError(f"{quoted(raw)}: minutes must be under 60 (e.g. 1h30 or 1:30).")
            minutes = int(match["h"]) * 60 + int(match["m"])
        break
    if minutes is None:
        return ParseError(f"{quoted(raw)} is not a duration. Try {DURATION_EXAMPLES}.")
    if negative:
        return ParseError("Hours can't be negative. To remove an entry, use /undo or /history.")
    whole = round(minutes)
    if minutes == 0:
        return ParseError("That's 0 hours: log at least 1 minute.")
    if whole < 1:
        return ParseError("That's less than a minute: log at least 1 minute.")
    if whole > MAX_ENTRY_MINUTES:
        return ParseError(
            f"A single entry can be at most {MAX_ENTRY_MINUTES // 60} h; "
            f"{quoted(raw)} is {format_minutes(whole)}. Split it over the days you worked."
        )
    return whole


def format_minutes(minutes: int) -> str:
    """The one way the bot writes a duration: ``45 min``, ``2 h``, ``1 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} min"
    if rest == 0:
        return f"{hours} h"
    return f"{hours} h {rest} min"


# --- categories and days -----------------------------------------------------------------------

_DAY_NAMES: dict[str, Weekday] = {}
for _full, _short in zip(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    WEEKDAYS,
    strict=True,
):
    _DAY_NAMES[_full] = _short
    _DAY_NAMES[_short] = _short
    _DAY_NAMES[_full[:4]] = _short  # tues, thur, ...
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def parse_weekday(text: str) -> Weekday | None:
    return _DAY_NAMES.get(text.strip().lower())


def parse_day(text: str, today: date) -> date | ParseError | None:
    """A day word relative to ``today``: ``today``, ``yesterday``, a weekday (the most recent
    one, today included) or ``YYYY-MM-DD``. None when the word is not a day word at all."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    weekday = _DAY_NAMES.get(word)
    if weekday is not None:
        back = (today.weekday() - WEEKDAYS.index(weekday)) % 7
        return today - timedelta(days=back)
    if _ISO_DATE.fullmatch(word):
        return parse_date(word)
    return None


def parse_date(text: str) -> date | ParseError:
    """A calendar date written ``YYYY-MM-DD``."""
    word = text.strip()
    if not _ISO_DATE.fullmatch(word):
        return ParseError(f"{quoted(word)} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-07.")
    year, month, day = (int(part) for part in word.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return ParseError(f"{word} is not a real date.")


_FIRST_WORD = re.compile(r"(\S+)\s*(.*)", re.DOTALL)


@dataclass(frozen=True)
class LogRequest:
    """What ``/log`` asked for; the day window and day total are checked against the plan."""

    minutes: int
    category: str | None = None
    day: date | None = None
    note: str | None = None


def parse_log(text: str, today: date, category_words: Mapping[str, str]) -> LogRequest | ParseError:
    """``/log`` arguments: a duration, then optionally a category word and a day, then a note."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return ParseError(
            f"Tell me how long you worked: /log 1.5 (also {DURATION_EXAMPLES}). "
            "Optionally add a category, a day and a note: /log 1h30 practice yesterday loops"
        )
    minutes = parse_duration(parts[0])
    if isinstance(minutes, ParseError):
        return minutes
    rest = parts[1] if len(parts) > 1 else ""
    category: str | None = None
    day: date | None = None
    for _ in range(2):
        token = _FIRST_WORD.match(rest)
        if token is None:
            break
        word, remainder = token[1], token[2]
        key = word.lower()
        if category is None and key in category_words:
            category = category_words[key]
        elif day is None and (parsed := parse_day(word, today)) is not None:
            if isinstance(parsed, ParseError):
                return parsed
            day = parsed
        else:
            break
        rest = remainder
    note = clean_text(rest) or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        return ParseError(
            f"The note is {len(note)} characters; keep it to {MAX_NOTE_CHARS}. Nothing was logged."
        )
    if day is not None and day > today:
        return ParseError(f"{day.isoformat()} is in the future: log time you have already spent.")
    return LogRequest(minutes=minutes, category=category, day=day, note=note)


# --- times and zones ---------------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_time_of_day(text: str) -> time | ParseError:
    """``HH:MM`` on a 24-hour clock."""
    word = text.strip()
    match = _TIME.fullmatch(word)
    if match is None:
        return ParseError(
            f"{quoted(word)} is not a time: use HH:MM on a 24-hour clock, e.g. 18:00."
        )
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return ParseError(f"{word} is not a time of day: hours go 00–23 and minutes 00–59.")
    return time(hour, minute)


def parse_recap_slot(text: str) -> tuple[Weekday, time] | ParseError:
    """``DAY HH:MM``, e.g. ``sun 20:00``."""
    parts = text.split()
    if len(parts) != 2:
        return ParseError("Give a day and a time, e.g. /recaptime sun 20:00.")
    weekday = parse_weekday(parts[0])
    if weekday is None:
        return ParseError(f"{quoted(parts[0])} is not a day of the week: use mon, tue, … sun.")
    at = parse_time_of_day(parts[1])
    if isinstance(at, ParseError):
        return at
    return weekday, at


_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?")
_UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu", "utc+0", "utc-0", "gmt+0", "gmt-0"})


@cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_zone(text: str) -> str | ParseError:
    """A time zone key: a canonical IANA name (``Europe/Berlin``) or a fixed offset
    (``UTC+05:30``). Accepts any letter case and offsets like ``+5``, ``-03:00``, ``GMT+8``."""
    word = text.strip()
    key = word.lower().replace(" ", "_")
    if key in _UTC_NAMES:
        return "UTC"
    match = _OFFSET.fullmatch(word.lower())
    if match is not None:
        hours, minutes = int(match[2]), int(match[3] or 0)
        sign = -1 if match[1] in "-−" else 1
        total = sign * (hours * 60 + minutes)
        if minutes >= 60 or not -12 * 60 <= total <= 14 * 60:
            return ParseError(f"{word} is not a UTC offset: they run from -12:00 to +14:00.")
        return offset_key(total)
    name = _zone_names().get(key)
    if name is None:
        return ParseError(
            f"I don't know the time zone {quoted(word)}. Use a name like Europe/Berlin or "
            "America/New_York, or an offset like +05:30."
        )
    return name


def offset_key(total_minutes: int) -> str:
    if total_minutes == 0:
        return "UTC"
    sign = "+" if total_minutes > 0 else "-"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_from_key(key: str) -> tzinfo:
    """The tzinfo for a key made by ``parse_zone``."""
    if key.startswith("UTC") and len(key) == 9:
        sign = -1 if key[3] == "-" else 1
        return timezone(sign * timedelta(hours=int(key[4:6]), minutes=int(key[7:9])))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone key {key!r}") from None


# --- notes -------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-•*–—]+|\d{1,2}[.)])\s*")
_BULLET_START = re.compile(r"^\s*[-•*]")


def clean_text(text: str) -> str:
    """Learner text without control characters (newlines kept), trimmed.

    Format characters (zero-width joiners, direction marks) stay: emoji and RTL text need them.
    """
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "):
        cat = unicodedata.category(ch)
        if ch == "\n" or cat == "Cf" or not cat.startswith("C"):
            out.append(ch)
    return "".join(out).strip()


def parse_note(text: str) -> tuple[str, ...] | ParseError:
    """One bullet per non-empty line, bullet markers removed; each 1 to 1000 characters."""
    bullets = tuple(
        stripped
        for line in clean_text(text).split("\n")
        if (stripped := _BULLET.sub("", line, count=1).strip())
    )
    if not bullets:
        return ParseError("The note is empty: write what you learned, e.g. /note async I/O")
    for bullet in bullets:
        if len(bullet) > MAX_NOTE_CHARS:
            return ParseError(
                f"A note can be at most {MAX_NOTE_CHARS} characters; this one has "
                f"{len(bullet)}. Nothing was saved."
            )
    return bullets


def looks_like_bullets(text: str) -> bool:
    """A plain message whose first line starts with ``-``, ``•`` or ``*`` is meant as notes."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return bool(_BULLET_START.match(first))
