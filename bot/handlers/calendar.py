"""The plan in a calendar: /calendar sends the remaining study sessions as an .ics file."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ParseMode

from bot.handlers.common import Context, answer, chat_id, deps
from bot.texts import calendar as texts
from bot.texts.format import Reply


async def calendar(update: Update, context: Context) -> None:
    """/calendar: an iCalendar file of every study session still ahead."""
    d = deps(context)
    plan = await d.coach.calendars.plan_calendar(chat_id(update))
    if not plan.sessions:
        await answer(update, context, Reply(texts.NO_SESSIONS))
        return
    await context.bot.send_document(
        chat_id(update),
        InputFile(texts.ics(d.curriculum, plan), filename=texts.FILE_NAME),
        caption=texts.caption(plan),
        parse_mode=ParseMode.HTML,
    )
