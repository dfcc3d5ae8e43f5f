"""What a learner types, understood: durations, categories, days, times, zones and notes. Pure.

A mistake is returned as a ``ParseError`` carrying the sentence to show the learner, never
raised: handlers reply with it and store nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.curriculum import Pace
from bot.domain.dates import date_example as date_example
from bot.domain.dates import parse_date as parse_date
from bot.domain.dates import parse_day as parse_day
from bot.domain.dates import parse_recap_slot as parse_recap_slot
from bot.domain.dates import parse_time_of_day as parse_time_of_day
from bot.domain.dates import parse_weekday as parse_weekday
from bot.domain.dates import read_log_day, read_start_date, read_time_of_day
from bot.domain.reading import ParseError as ParseError
from bot.domain.reading import parse_count as parse_count
from bot.domain.reading import quoted as quoted
from bot.domain.zones import looks_like_zone
from bot.domain.zones import offset_key as offset_key
from bot.domain.zones import parse_zone as parse_zone
from bot.domain.zones import zone_from_key as zone_from_key

MAX_ENTRY_MINUTES = 12 * 60
MAX_DAY_MINUTES = 24 * 60
MAX_NOTE_CHARS = 1000


# --- durations ---------------------------------------------------------------------------------

_NUMBER = r"[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+"
_HOURS_UNIT = r"h|hr|hrs|hour|hours"
_MINUTES_UNIT = r"m|min|mins|minute|minutes"
# A bare number over 12 (hours) that reads well as minutes: the reply asks whether it was meant so.
PLAUSIBLE_MINUTES = range(13, 601)
_DURATION_FORMS = (
    # 1.5  1,5  1.5h  1.5 h  2 hours
    (re.compile(rf"(?P<h>{_NUMBER})\s*(?:{_HOURS_UNIT})?"), "hours"),
    # 90m  90 min  90 minutes
    (re.compile(rf"(?P<m>{_NUMBER})\s*(?:{_MINUTES_UNIT})"), "minutes"),
    # 1h30  1h30m  1h 30min  1 hour 30 minutes  1 h and 30 min
    (
        re.compile(
            rf"(?P<h>[0-9]+)\s*(?:{_HOURS_UNIT})\s*(?:and\s+)?(?P<m>[0-9]+)\s*(?:{_MINUTES_UNIT})?"
        ),
        "both",
    ),
    # 1:30
    (re.compile(r"(?P<h>[0-9]+):(?P<m>[0-9]{2})"), "both"),
)
DURATION_EXAMPLES = "1.5, 1,5, 90m, 45 min, 1 hour, 1h30 or 1:30"
_LONGEST_DURATION = 40  # characters: "12 hours and 30 minutes" and then some


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _duration_value(raw: str) -> int | ParseError | None:
    """Minutes in ``raw`` when it has the shape of a duration (the value, or what is wrong
    with it); None when it is no duration at all."""
    body = " ".join(raw.lower().split())
    if not body:
        return None
    negative = body.startswith(("-", "−"))
    if body[0] in "+-−":
        body = body[1:].lstrip()
    minutes: float | None = None
    for pattern, kind in _DURATION_FORMS if len(body) <= _LONGEST_DURATION else ():
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
        return None
    if negative:
        return ParseError("Hours can't be negative. To remove an entry, use /undo or /history.")
    whole = round(minutes)
    if minutes == 0:
        return ParseError("That's 0 hours: log at least 1 minute.")
    if whole < 1:
        return ParseError("That's less than a minute: log at least 1 minute.")
    if whole > MAX_ENTRY_MINUTES:
        limit = f"A single entry can be at most {MAX_ENTRY_MINUTES // 60} h; {quoted(raw)} is"
        if body.isdigit() and int(body) in PLAUSIBLE_MINUTES:  # a bare number meant as minutes
            return ParseError(
                f"{limit} {format_minutes(whole)} — did you mean {format_minutes(int(body))}? "
                f"Send /log {int(body)}m."
            )
        return ParseError(f"{limit} {format_minutes(whole)}. Split it over the days you worked.")
    return whole


def parse_duration(text: str) -> int | ParseError:
    """Minutes in a duration such as ``1.5``, ``90m``, ``45 min``, ``1h30`` or ``+2``; 1 min
    to 12 h."""
    raw = text.strip()
    if not raw:
        return ParseError(f"Tell me how long, e.g. {DURATION_EXAMPLES}.")
    found = _duration_value(raw)
    if found is None:
        return ParseError(f"{quoted(raw)} is not a duration. Try {DURATION_EXAMPLES}.")
    return found


def leading_duration(words: Sequence[str]) -> tuple[int | ParseError, int] | None:
    """The duration the words start with (``1 hour``, ``1h 30m``, ``45 min``, ``1.5``) and how
    many words it takes: the longest run of words that reads as one. None when they do not
    start with a duration."""
    for count in range(min(len(words), 5), 0, -1):
        found = _duration_value(" ".join(words[:count]))
        if found is not None:
            return found, count
    return None


def starts_with_duration(text: str) -> bool:
    """Whether a message is, or starts with, a duration: a log, or a log written without /log."""
    found = leading_duration(text.split()[:5])
    return found is not None and not isinstance(found[0], ParseError)


def format_minutes(minutes: int) -> str:
    """The one way the bot writes a duration: ``45 min``, ``2 h``, ``1 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} min"
    if rest == 0:
        return f"{hours} h"
    return f"{hours} h {rest} min"


_WEEKLY = re.compile(
    rf"(?:about |around |~)?(?P<h>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<high>{_NUMBER}))?\s*"
    rf"(?P<unit>{_HOURS_UNIT})?\s*(?P<weekly>(?:a|per|each|every|/|a\s+)\s*(?:week|wk|w)|weekly)?"
)


def read_pace_answer(text: str, paces: Sequence[Pace]) -> Pace | ParseError | None:
    """A pace by its name or by hours a week (``12 h``, ``12 hours a week``, ``10-15``): the
    pace whose band holds them, else the nearest (the slower one on a tie). A bare number below
    every band, without "a week", is no answer (it is a log of today's hours)."""
    word = " ".join(text.lower().split()).rstrip(".!")
    if len(word) > 60:
        return None
    for pace in paces:
        if word in (pace.id, pace.name.lower()):
            return pace
    match = _WEEKLY.fullmatch(word)
    if match is None:
        return None
    low = _number(match["h"])
    hours = (low + _number(match["high"])) / 2 if match["high"] else low
    weekly = match["weekly"] is not None
    if not weekly and hours < min(p.hours_min for p in paces):
        return None
    if not 0 < hours <= 7 * 24:
        return ParseError(f"{quoted(text.strip())}: a week has 168 hours. How many can you give?")

    def distance(pace: Pace) -> tuple[float, float]:
        return max(pace.hours_min - hours, hours - pace.hours_max, 0), pace.hours_min

    return min(paces, key=distance)


# --- setup answers -----------------------------------------------------------------------------

REMINDERS_OFF = ("off", "no", "none", "never", "no reminders")


def answers_setup_question(topic: str, text: str, today: date, paces: Sequence[Pace]) -> bool:
    """Whether ``text`` has the shape of an answer (right or wrong) to the setup question on
    ``topic`` (``pace``, ``start``, ``timezone``, ``reminder``): a pace or hours a week, a day,
    a zone, a time of day. Anything else is not for the question (DESIGN §2a)."""
    if topic == "pace":
        return read_pace_answer(text, paces) is not None
    if topic == "start":
        return read_start_date(text, today) is not None
    if topic == "timezone":
        return looks_like_zone(text)
    return text.strip().lower() in REMINDERS_OFF or read_time_of_day(text) is not None


# --- the /log line -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LogRequest:
    """What ``/log`` asked for; the day window and day total are checked against the plan."""

    minutes: int
    category: str | None = None
    day: date | None = None
    note: str | None = None


_LOG_USAGE = (
    f"Tell me how long you worked: /log 1.5 (also {DURATION_EXAMPLES}). "
    "Optionally add a category, a day and a note: /log 1h30 practice yesterday loops"
)


def parse_log(text: str, today: date, category_words: Mapping[str, str]) -> LogRequest | ParseError:
    """``/log`` arguments: a duration (its unit may stand apart), then optionally a category
    word and a day (``yesterday``, ``friday``, ``last friday``, ``2026-11-27``; a future or
    unknown day is an error), then a note."""
    first_line, _, more_lines = text.strip().partition("\n")
    words = first_line.split()
    if not words:
        return ParseError(_LOG_USAGE)
    duration = leading_duration(words)
    if duration is None:
        return ParseError(f"{quoted(words[0])} is not a duration. Try {DURATION_EXAMPLES}.")
    minutes, used = duration
    if isinstance(minutes, ParseError):
        return minutes
    category: str | None = None
    day: date | None = None
    while used < len(words):
        key = words[used].lower()
        if category is None and key in category_words:
            category = category_words[key]
            used += 1
            continue
        found = None if day is not None else read_log_day([w.lower() for w in words[used:]], today)
        if found is None:
            break
        parsed, taken = found
        if isinstance(parsed, ParseError):
            return parsed
        day = parsed
        used += taken
    rest = " ".join(words[used:]) + ("\n" + more_lines if more_lines else "")
    note = clean_text(rest) or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        return ParseError(
            f"The note is {len(note)} characters; keep it to {MAX_NOTE_CHARS}. Nothing was logged."
        )
    return LogRequest(minutes=minutes, category=category, day=day, note=note)


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
