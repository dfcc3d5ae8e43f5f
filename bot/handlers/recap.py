"""The weekly recap on demand (/recap) and its ✅ Shipped / Not yet buttons."""

from __future__ import annotations

from telegram import Message, Update

from bot.handlers.common import Context, answer, chat_id, deps, drop_buttons, query_of
from bot.telegram import callbacks
from bot.telegram.outgoing import recap_messages
from bot.texts import portfolio as portfolio_texts
from bot.texts import recap as texts
from bot.texts.messages import NOT_YOURS, STALE_BUTTON

MAX_WEEK = 999


async def recap(update: Update, context: Context) -> None:
    """/recap: this week's recap now, the same as the scheduler sends (chart included)."""
    d = deps(context)
    report = await d.coach.reports.week_report(chat_id(update), recap=True)
    for item in await recap_messages(d.curriculum, report):
        await answer(update, context, item)


async def project_button(update: Update, context: Context) -> None:
    """✅ Shipped / Not yet on a recap."""
    query = query_of(update)
    fields = callbacks.arguments(query.data, callbacks.PROJECT, 2)
    week = callbacks.number(fields[0], 1, MAX_WEEK) if fields else None
    if fields is None or week is None or fields[1] not in ("0", "1"):
        await query.answer(STALE_BUTTON)
        return
    shipped = fields[1] == "1"
    recaps = deps(context).coach.recaps
    saved = await recaps.set_project_answer(chat_id(update), week, shipped)
    await query.answer(NOT_YOURS if saved is None else texts.project_answer(shipped, week))
    if saved:  # answered: the question's buttons go, its line says the answer
        message = query.message
        shown = message.text_html if isinstance(message, Message) and message.text else None
        text = None if shown is None else texts.with_project_answer(shown, week, shipped)
        await drop_buttons(query, callbacks.data(callbacks.PROJECT, week) + ":", text)
    if saved and shipped:  # a fresh ✅ Shipped: then, as a new message, the link to the work
        title = deps(context).curriculum.week(week).title
        await answer(update, context, portfolio_texts.link_prompt(week, title))


PROJECT_PATTERN = f"^{callbacks.PROJECT}:"
