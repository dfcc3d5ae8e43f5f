"""What /export and /forget say. Pure."""

from __future__ import annotations

from bot.telegram import callbacks
from bot.texts.format import Button, Reply


def export_caption(rows: int) -> str:
    return f"📦 Your data: {rows} row{'s' if rows != 1 else ''} (log entries and notes)."


def forget_confirm() -> Reply:
    return Reply(
        "⚠️ This deletes <b>everything</b> I know about you: settings, every log entry and "
        "note. It can't be undone. (/export first if you want a copy.)",
        buttons=(
            (
                Button("Yes, delete everything", callbacks.data(callbacks.FORGET, "yes")),
                Button("Cancel", callbacks.data(callbacks.FORGET, "no")),
            ),
        ),
    )


FORGOTTEN = "🗑 Done. I've deleted everything about you. Send /start to begin again."


FORGET_CANCELLED = "Cancelled; nothing was deleted."


NOTHING_TO_FORGET = "I have nothing stored about you."
