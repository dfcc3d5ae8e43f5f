"""What every parser of learner input shares: the error value, quoting input back, and the one
strict reader of whole numbers. Pure.

Python's ``str.isdigit`` and ``int`` accept far more than a learner means by a number (``"²"``
is a digit to ``isdigit`` and a crash to ``int``; ``"٣"`` and ``"1_000"`` are numbers to
``int``). Every number typed or carried in button data is read by ``parse_count``: ASCII digits
only, a bounded length, inside the range the caller allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ParseError:
    """A specific, friendly explanation of what was wrong with the input."""

    message: str


def quoted(text: str, limit: int = 40) -> str:
    """User input quoted back in a reply, shortened so a reply never grows with the input."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"“{short}”"


ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def read_count(text: str, low: int, high: int) -> int | None:
    """``text`` as a whole number in ``low..high``: ASCII digits only, nothing around them;
    None for anything else (signs, spaces, other scripts' digits, superscripts, underscores)."""
    if not ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def parse_count(text: str, low: int, high: int, what: str) -> int | ParseError:
    """A whole number the learner typed, ``low..high``; ``what`` names it in the error
    ("a number of days")."""
    word = text.strip()
    value = read_count(word, low, high)
    if value is not None:
        return value
    if ASCII_DIGITS.fullmatch(word):
        return ParseError(f"{quoted(word)} is out of range: give {what} from {low} to {high}.")
    return ParseError(f"{quoted(word)} is not a number: give {what} from {low} to {high}.")
