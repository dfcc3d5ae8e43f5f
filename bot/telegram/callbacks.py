"""Inline button data: built by ``texts.py``, read back by the handlers. Always ≤ 64 bytes.

A button's data is ``verb`` or ``verb:argument``; the handlers check every argument again, so a
forged press can do no more than the learner could type.
"""

from __future__ import annotations

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
CAPSTONE = "cap"  # cap:<option, from 1> — the capstone the learner takes
GOAL = "goal"  # goal:<roadmap week>:<goal, from 0>:1|0 (tick or untick):<plan week shown>
# Buttons on pushes answer with a new message, so the push itself stays as it was.
SWITCH = "switch"  # switch:<pace id> — change pace (or keep it)
BREAK = "break"  # break:<days> — pause


def data(verb: str, *arguments: object) -> str:
    text = ":".join([verb, *(str(a) for a in arguments)])
    if len(text.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {text!r}")
    return text


def parse(raw: str) -> tuple[str, str]:
    """``verb:rest`` → (verb, rest); rest may be empty."""
    verb, _, rest = raw.partition(":")
    return verb, rest
