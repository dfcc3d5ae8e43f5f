"""Answers to everything that is not a command the bot has: free text, edits, groups,
unknown commands, stale buttons, and its own failures. Pure."""

from __future__ import annotations

from bot.texts.format import Reply, esc, short

NOT_YOURS = "That's no longer there (or isn't yours); nothing was changed."
STALE_BUTTON = "That button no longer works; nothing was changed. Try the command again."


FALLBACK = (
    "I didn't catch that. Send <code>1.5</code> or <code>/log 1.5</code> to log time, "
    "<code>/note …</code> or lines starting with <code>-</code> for notes. /help lists "
    "everything."
)


def log_hint(text: str) -> Reply:
    """A plain message that starts with a duration but says more: show the /log form."""
    return Reply(
        "To log with a category, a day or a note, start with /log: "
        f"<code>/log {esc(short(text.strip(), 200))}</code>"
    )


NOT_STARTED = (
    "I don't have you as a learner (you haven't started yet, or /forget deleted everything). "
    "Send /start to begin; until then I store nothing you send."
)
NOT_STARTED_SHORT = "Send /start to begin; I have nothing stored for you."


UNKNOWN_COMMAND = "I don't know that command. /help lists everything I understand."


GROUPS = (
    "I coach one person at a time: talk to me in a private chat, and your hours and notes "
    "stay yours."
)


FOREIGN_PRESS = "Buttons work only in your own private chat with me; nothing was changed."


EDITED = (
    "I saw your edit, but edits don't change what's recorded. To fix an entry, use /undo or "
    "/history and log it again."
)


ERROR = "😵 Something went wrong on my side. Please try again in a moment."
