"""What a chat is told when it sends more than its budget allows. Pure."""

from __future__ import annotations

from datetime import timedelta

from bot.texts.format import duration


def _span(window: timedelta) -> str:
    minutes = max(1, round(window.total_seconds() / 60))
    return "a minute" if minutes == 1 else duration(minutes)


def slow_down(updates: int, window: timedelta) -> str:
    """The first message of a chat over its budget; the rest of the window is skipped."""
    return (
        f"🐢 Slow down, please: I take up to {updates} messages from one chat in "
        f"{_span(window)}, and I'm skipping the rest. Send them again in {_span(window)}."
    )


def costly(updates: int, window: timedelta) -> str:
    """The first recap or file over its own, smaller budget."""
    return (
        f"🐢 Recaps and files (/recap, /export, /calendar, /notes all) take a moment to make: "
        f"up to {updates} of them in {_span(window)}. Try again in {_span(window)}."
    )
