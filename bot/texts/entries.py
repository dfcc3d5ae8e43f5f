"""One log entry opened from /history, with buttons to change its hours, category and day,
and what a change did. Pure."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.parsing import MAX_ENTRY_MINUTES
from bot.services.entries import Edited, Opened
from bot.services.log import EntryView
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, day_label, duration, esc
from bot.texts.log import total_line

STEP = 15  # minutes a button adds or takes
HEADING = "✏️ <b>Entry</b>"
HOW = (
    "<i>Change it with the buttons, or reply to this message with hours (1h45), a category "
    "(learning) or a day (yesterday, mon, 2026-11-30).</i>"
)
STALE = "That entry has changed since this message; here it is as it is now."
SAME = "Nothing to change: the entry is already so."


def _what(entry: EntryView) -> str:
    return f"{duration(entry.minutes)} of {esc(entry.category)}"


def card(opened: Opened, categories: tuple[str, ...], first_line: str | None = None) -> Reply:
    """The entry, its week, how to change it, and the buttons that do."""
    entry, view = opened.entry, opened.learner
    week = view.week_of(entry.day) if entry.day >= view.plan.start else None
    where = (
        f" · plan week {week.number}, roadmap week {week.roadmap_week}" if week is not None else ""
    )
    lines = [first_line, ""] if first_line else []
    lines += [f"{HEADING} · {day_label(entry.day)} · {_what(entry)}{where}"]
    if entry.note:
        lines.append(f"📝 {esc(entry.note)}")
    lines += [total_line(view, opened.total), HOW]
    return Reply("\n".join(lines), buttons=_buttons(opened, categories))


def _buttons(opened: Opened, categories: tuple[str, ...]) -> tuple[tuple[Button, ...], ...]:
    entry = opened.entry

    def change(label: str, field: str, before: object, after: object) -> Button:
        return Button(label, callbacks.data(callbacks.EDIT_ENTRY, entry.id, field, before, after))

    hours = []
    if entry.minutes > STEP:
        hours.append(change(f"−{STEP} min", "m", entry.minutes, entry.minutes - STEP))
    if entry.minutes + STEP <= MAX_ENTRY_MINUTES:
        hours.append(change(f"+{STEP} min", "m", entry.minutes, entry.minutes + STEP))
    kinds = [change(c, "c", entry.category, c) for c in categories if c != entry.category]
    days = []
    earlier, later = entry.day - timedelta(days=1), entry.day + timedelta(days=1)
    if opened.earliest <= earlier <= opened.learner.today:
        days.append(change(f"◀ {day_label(earlier)}", "d", entry.day, earlier))
    if opened.earliest <= later <= opened.learner.today:
        days.append(change(f"{day_label(later)} ▶", "d", entry.day, later))
    return tuple(row for row in (tuple(hours), tuple(kinds), tuple(days)) if row)


def changed_line(result: Edited) -> str:
    """``Changed: Tue 1 Dec · 1 h 30 min → 2 h of practice``."""
    before, after = result.before, result.opened.entry
    if before.day != after.day:
        return f"Changed: {day_label(before.day)} → {day_label(after.day)} · {_what(after)}"
    if before.category != after.category:
        return (
            f"Changed: {day_label(after.day)} · {duration(after.minutes)} of "
            f"{esc(before.category)} → {esc(after.category)}"
        )
    return (
        f"Changed: {day_label(after.day)} · {duration(before.minutes)} → "
        f"{duration(after.minutes)} of {esc(after.category)}"
    )


def edited(result: Edited, categories: tuple[str, ...]) -> Reply:
    """The entry after a change, headed by what changed (or why nothing did)."""
    if result.stale:
        first = STALE
    elif result.changed:
        first = changed_line(result)
    else:
        first = SAME
    return card(result.opened, categories, first)


def toast(result: Edited) -> str:
    if result.stale:
        return STALE
    return "Changed." if result.changed else SAME
