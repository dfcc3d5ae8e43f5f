"""What a goal's tick button answers. Pure."""

from __future__ import annotations

from bot.texts.format import short


def ticked(goal: str, done: bool) -> str:
    """The toast after a tick (or an untick): which goal, and how to undo."""
    name = short(goal.replace("`", ""), 120)
    if done:
        return f"✅ Done: {name} (tap again to undo)"
    return f"Tick taken back: {name}"
