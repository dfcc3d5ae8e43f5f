"""/stats for the admins. Pure."""

from __future__ import annotations

from datetime import datetime

from bot.db.repo import Stats
from bot.texts.format import Reply


def stats(numbers: Stats, now: datetime) -> Reply:
    if numbers.last_tick is None:
        tick = "never"
    else:
        tick = f"{int((now - numbers.last_tick).total_seconds())} s ago"
    return Reply(
        "<b>Bot statistics</b>\n"
        f"Learners: {numbers.learners}\n"
        f"Active in the last 7 days: {numbers.active_recently}\n"
        f"Pushes sent in the last 24 h: {numbers.pushes_sent}\n"
        f"Last scheduler tick: {tick}"
    )


ADMINS_ONLY = "That command is for the bot's admins."
