"""Inline button data: built by ``texts.py``, read back by the handlers. Always ≤ 64 bytes.

A button's data is ``verb`` or ``verb:argument[:argument]``. A client can send any data with a
press, so the handlers read it with ``arguments`` (the verb, then exactly the fields expected,
printable ASCII) and each field with ``number``, ``day`` or a fixed set of words; anything else is
refused with ``texts.messages.STALE_BUTTON`` and changes nothing.
"""

from __future__ import annotations

import re
from datetime import date

from bot.domain.reading import read_count

MAX_BYTES = 64

PACE = "pace"  # pace:<pace id>
START = "start"  # start:this|next|today
ZONE = "tz"  # tz:<zone key>
REMIND = "remind"  # remind:HH:MM | remind:off
RECAP = "recap"  # recap:<weekday> HH:MM
PAUSE = "pause"  # pause:<days> | pause:open
RESUME = "resume"
SETTINGS = "settings"  # settings:<section>
DELETE_ENTRY = "dl"  # dl:<entry id>
OPEN_ENTRY = "en"  # en:<entry id> — open it to change it
EDIT_ENTRY = "ed"  # ed:<entry id>:m|c|d:<from>:<to> — its minutes, category or day
DELETE_NOTE = "dn"  # dn:<note id>
NOTES_PAGE = "np"  # np:<Monday YYYY-MM-DD>:<page, from 0> — a page of that week's notes
PROJECT = "proj"  # proj:<roadmap week>:1|0
FORGET = "forget"  # forget:yes|no
SETUP_AGAIN = "setup"
DONE = "done"  # done:<YYYY-MM-DD> — log that day's planned hours
LOG_OTHER = "other"
SNOOZE = "snooze"  # snooze:<YYYY-MM-DD>
SKIP = "skip"  # skip:<YYYY-MM-DD>
WEEK = "week"  # week:<plan week> — /week of that plan week
DAYS = "days"  # days:free|long:<weekday, Monday = 0>
CATCH_UP = "catchup"  # catchup:carry|lower|pace:<plan week>
GO = "go"  # start a focus session (the reminder's ▶ Start)
STOP = "stop"  # stop:<its start, epoch seconds> — stop that session and log it ("still studying?")
KEEP_GOING = "keep"  # the session goes on ("still studying?")
CAPSTONE = "cap"  # cap:<option, from 1> — the capstone the learner takes
GOAL = "goal"  # goal:<roadmap week>:<goal, from 0>:1|0 (tick or untick):<plan week shown>
# Buttons on pushes answer with a new message, so the push itself stays as it was.
SWITCH = "switch"  # switch:<pace id> — change pace (or keep it)
BREAK = "break"  # break:<days> — pause
REVIEW = "review"  # review mode after the completion summary: reminders off


def data(verb: str, *arguments: object) -> str:
    text = ":".join([verb, *(str(a) for a in arguments)])
    if len(text.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {text!r}")
    return text


def parse(raw: str) -> tuple[str, str]:
    """``verb:rest`` → (verb, rest); rest may be empty. Data that no button of this bot could
    carry (non-ASCII, control characters, too long) reads as ``("", "")``."""
    if not _plausible(raw):
        return "", ""
    verb, _, rest = raw.partition(":")
    return verb, rest


def _plausible(raw: str | None) -> bool:
    return raw is not None and len(raw) <= MAX_BYTES and raw.isascii() and raw.isprintable()


def arguments(raw: str | None, verb: str, count: int) -> tuple[str, ...] | None:
    """The ``count`` fields after ``verb:`` in button data (the last one takes the rest, so a
    zone key or ``HH:MM`` keeps its colons); None unless the data is exactly that: the verb,
    ``count`` non-empty fields, printable ASCII, at most 64 bytes."""
    if not _plausible(raw):
        return None
    assert raw is not None
    head, colon, rest = raw.partition(":")
    if head != verb:
        return None
    if count == 0:
        return None if colon else ()
    fields = tuple(rest.split(":", count - 1)) if colon else ()
    if len(fields) != count or "" in fields:
        return None
    return fields


MAX_ID = 2**62  # database ids in button data


def number(field: str, low: int, high: int) -> int | None:
    """A field that must be a whole number in ``low..high`` (ASCII digits only)."""
    return read_count(field, low, high)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day(field: str) -> date | None:
    """A field that must be a calendar date, ``YYYY-MM-DD``."""
    if not _DAY.fullmatch(field):
        return None
    try:
        return date.fromisoformat(field)
    except ValueError:
        return None
