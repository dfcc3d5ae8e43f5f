"""The focus timer: /go [category], /stop, the reminder's ▶ Start and the buttons of
"still studying?"."""

from __future__ import annotations

from telegram import Message, Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, arguments, chat_id, deps, drop_buttons, query_of
from bot.services.learners import Source
from bot.services.log import Logged
from bot.services.timer import SESSION_ENDED, Stopped
from bot.telegram import callbacks
from bot.texts import timer as texts
from bot.texts.format import problem
from bot.texts.log import logged
from bot.texts.messages import STALE_BUTTON


async def go(update: Update, context: Context) -> None:
    """/go [category]: start a focus session, or show how long the running one has been."""
    result = await deps(context).coach.timer.go(chat_id(update), arguments(update))
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        return
    await answer(
        update, context, texts.started(result) if result.started else texts.still_running(result)
    )


async def stop(update: Update, context: Context) -> None:
    """/stop: log the running session's time; /stop cancel: end it, logging nothing."""
    words = arguments(update).strip().lower()
    if words:
        if words != "cancel":
            await answer(update, context, problem(ParseError(texts.STOP_USAGE)))
            return
        cancelled = await deps(context).coach.timer.cancel(chat_id(update))
        if isinstance(cancelled, ParseError):
            await answer(update, context, problem(cancelled))
            return
        await answer(update, context, texts.cancelled(cancelled))
        return
    message = update.effective_message
    source = Source(message.chat_id, message.message_id) if message is not None else None
    await _stop(update, context, source)


async def _stop(update: Update, context: Context, source: Source | None) -> None:
    result = await deps(context).coach.timer.stop(chat_id(update), source)
    await _reply(update, context, result)


async def _reply(update: Update, context: Context, result: Stopped | Logged | ParseError) -> None:
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
    elif isinstance(result, Stopped):
        await answer(update, context, texts.stopped(result))
    else:
        await answer(update, context, logged(result.learner, result))


async def start_button(update: Update, context: Context) -> None:
    """▶ Start on the daily reminder: a session on today's focus."""
    query = query_of(update)
    result = await deps(context).coach.timer.go(chat_id(update), "")
    if isinstance(result, ParseError):
        await query.answer(result.message[:200])
        return
    if not result.started:
        await query.answer(texts.running_line(result)[:200])
        return
    await query.answer()
    await answer(update, context, texts.started(result))


async def stop_button(update: Update, context: Context) -> None:
    """⏹ Stop and log on "still studying?": as /stop for the session it asked about (never one
    started later), once per message however often pressed."""
    query = query_of(update)
    fields = callbacks.arguments(query.data, callbacks.STOP, 1)
    started = callbacks.number(fields[0], 0, callbacks.MAX_ID) if fields else None
    if started is None:
        await query.answer(STALE_BUTTON)
        return
    message = query.message
    source = Source(message.chat_id, message.id) if isinstance(message, Message) else None
    result = await deps(context).coach.timer.stop(chat_id(update), source, started)
    if isinstance(result, ParseError) and result.message == SESSION_ENDED:
        await query.answer(SESSION_ENDED)
    else:
        await query.answer()
        await _reply(update, context, result)
    await drop_buttons(query, callbacks.STOP)


async def keep_button(update: Update, context: Context) -> None:
    """▶ Keep going on "still studying?": the session runs on."""
    query = query_of(update)
    await query.answer(texts.KEEP_GOING)
    await drop_buttons(query, callbacks.STOP)


PATTERNS = {
    f"^{callbacks.GO}$": start_button,
    f"^{callbacks.STOP}(:|$)": stop_button,
    f"^{callbacks.KEEP_GOING}$": keep_button,
}
