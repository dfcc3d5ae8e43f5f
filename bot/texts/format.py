"""What every message shares: Telegram HTML escaping, durations and bars, dates, and
splitting a long text on line boundaries. Pure.

Learner text and roadmap text are escaped here and nowhere else; a text that could outgrow one
message is split on line boundaries by ``split_html``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.domain.parsing import ParseError, format_minutes
from bot.telegram.rules import MAX_TEXT, utf16_length


@dataclass(frozen=True)
class Button:
    text: str
    data: str


@dataclass(frozen=True)
class Reply:
    """One message to send: HTML text, optional inline buttons (rows), optional force-reply."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    force_reply: bool = False
    placeholder: str | None = None

    def chunks(self) -> list[str]:
        return split_html(self.text)


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def esc(text: str) -> str:
    """Learner or roadmap text, safe inside Telegram HTML."""
    return html.escape(text, quote=False)


_CODE = re.compile(r"`([^`\n]+)`")


def rich(text: str) -> str:
    """Roadmap text: escaped, with its `code` spans shown as code."""
    return _CODE.sub(r"<code>\1</code>", esc(text))


def duration(minutes: int) -> str:
    """A duration, written the one way the bot writes them: ``45 min``, ``2 h``, ``1 h 30 min``."""
    return format_minutes(minutes)


def hour_range(low: float, high: float) -> str:
    """A band of hours: ``10–15 h``; ``6 h 15 min – 9 h 23 min`` when not whole; ``2 h``
    when both ends are the same."""
    if round(low * 60) == round(high * 60):
        return duration(round(low * 60))
    if float(low).is_integer() and float(high).is_integer():
        return f"{low:g}–{high:g} h"
    return f"{duration(round(low * 60))} – {duration(round(high * 60))}"


def bar(done: int, target: int, width: int = 10) -> str:
    """``▓▓▓▓▓▓░░░░ 8 h / 12 h``; full only once the target is met."""
    filled = 0 if target <= 0 else min(width, round(width * done / target))
    if done < target:
        filled = min(filled, width - 1)
    return f"{'▓' * filled}{'░' * (width - filled)} {duration(done)} / {duration(target)}"


@lru_cache(maxsize=1024)
def day_label(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {day.strftime('%b')}"


def long_date(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {day.strftime('%b %Y')}"


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on line boundaries into messages of at most ``limit`` UTF-16 units.

    Tags never span lines in this module's output, so every part stays balanced; a single line
    longer than the limit is cut between characters, outside tags and entities.
    """
    if not text.startswith("\n") and text.strip() and utf16_length(text) <= limit:
        return [text]  # one message, as the lines below would join it again (most messages)
    return _split_lines(text, limit)


def _split_lines(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if utf16_length(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    parts.append(current)
                current = piece
    if current.strip():
        parts.append(current)
    return parts or ["…"]  # never an empty message: Telegram rejects those


def _cut_line(line: str, limit: int) -> Iterable[str]:
    while utf16_length(line) > limit:
        cut = limit // 2  # UTF-16 units may be two per character: this many always fit
        while cut < len(line) and utf16_length(line[: cut + 1]) <= limit:
            cut += 1
        safe = cut
        while safe > 0 and (line.rfind("<", 0, safe) > line.rfind(">", 0, safe)):
            safe -= 1
        while safe > 0 and (line.rfind("&", 0, safe) > line.rfind(";", 0, safe)):
            safe -= 1
        yield line[: safe or cut]
        line = line[safe or cut :]
    yield line


def problem(error: ParseError) -> Reply:
    return Reply(f"⚠️ {esc(error.message)}")


def rows(buttons: Sequence[Button], per_row: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
