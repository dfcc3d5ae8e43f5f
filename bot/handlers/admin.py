"""/stats, for the admins named in ADMIN_IDS."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import Context, answer, deps
from bot.texts import admin as texts
from bot.texts.format import Reply


async def stats(update: Update, context: Context) -> None:
    """/stats: for the admins named in ADMIN_IDS only."""
    d = deps(context)
    user = update.effective_user
    if user is None or user.id not in d.admin_ids:
        await answer(update, context, Reply(texts.ADMINS_ONLY))
        return
    numbers = await d.coach.admin.stats()
    await answer(update, context, texts.stats(numbers, d.coach.clock.now()))
