"""Settings by command (/pace, /startdate, /timezone, /remind, /recaptime, /pause, /resume) and
by button (/settings and the setup questions)."""

from __future__ import annotations

from telegram import Update

from bot.domain.parsing import (
    ParseError,
    parse_date,
    parse_recap_slot,
    parse_time_of_day,
    parse_zone,
)
from bot.handlers.common import Context, answer, arguments, chat_id, deps, edit, query_of
from bot.handlers.onboarding import after_change, ask_next
from bot.services.learners import Changed
from bot.services.settings import PauseChange
from bot.telegram import callbacks
from bot.texts import settings as texts
from bot.texts.format import Reply, problem


async def _apply(
    context: Context, chat: int, topic: str, value: str
) -> tuple[Changed | ParseError, str]:
    """Change one setting from its text form; the topic names the confirmation to show."""
    coach = deps(context).coach
    if topic == "pace":
        return await coach.settings.set_pace(chat, value.strip().lower()), topic
    if topic == "start":
        choice = value.strip().lower()
        if choice in ("this", "next", "today"):
            return await coach.settings.set_start(chat, choice), topic
        day = parse_date(value)
        return (
            day if isinstance(day, ParseError) else await coach.settings.set_start(chat, day)
        ), topic
    if topic == "timezone":
        zone = parse_zone(value)
        return (
            zone if isinstance(zone, ParseError) else await coach.settings.set_timezone(chat, zone)
        ), topic
    if topic == "reminder":
        at = None if value.strip().lower() == "off" else parse_time_of_day(value)
        return (
            at if isinstance(at, ParseError) else await coach.settings.set_reminder(chat, at)
        ), topic
    slot = parse_recap_slot(value)
    if isinstance(slot, ParseError):
        return slot, topic
    return await coach.settings.set_recap(chat, *slot), topic


_QUESTIONS = {
    "pace": "pace",
    "start": "start",
    "timezone": "tz",
    "reminder": "remind",
    "recap": "recap",
}


async def _by_command(update: Update, context: Context, topic: str) -> None:
    d = deps(context)
    value = arguments(update).strip()
    if not value:  # no argument: ask with buttons
        view = await d.coach.learners.get(chat_id(update))
        question = texts.settings_section(d.curriculum, view, _QUESTIONS[topic])
        assert question is not None
        await answer(update, context, question)
        return
    result, topic = await _apply(context, chat_id(update), topic, value)
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        return
    await after_change(
        update, context, result, texts.setting_changed(d.curriculum, topic, result.learner)
    )


async def pace(update: Update, context: Context) -> None:
    """/pace standard|accelerated|part-time."""
    await _by_command(update, context, "pace")


async def startdate(update: Update, context: Context) -> None:
    """/startdate YYYY-MM-DD."""
    await _by_command(update, context, "start")


async def timezone(update: Update, context: Context) -> None:
    """/timezone Europe/Berlin or +05:30."""
    await _by_command(update, context, "timezone")


async def remind(update: Update, context: Context) -> None:
    """/remind HH:MM or /remind off."""
    await _by_command(update, context, "reminder")


async def recaptime(update: Update, context: Context) -> None:
    """/recaptime sun 20:00."""
    await _by_command(update, context, "recap")


async def pause(update: Update, context: Context) -> None:
    """/pause [days]."""
    value = arguments(update).strip()
    days: int | None = None
    if value:
        if not value.isdigit():
            await answer(
                update,
                context,
                problem(
                    ParseError(
                        "Give a number of days, e.g. /pause 7, or just /pause to pause until "
                        "/resume."
                    )
                ),
            )
            return
        days = int(value[:4])
    result = await deps(context).coach.settings.pause(chat_id(update), days)
    await _pause_reply(update, context, result)


async def resume(update: Update, context: Context) -> None:
    """/resume."""
    result = await deps(context).coach.settings.resume(chat_id(update))
    await _pause_reply(update, context, result)


async def _pause_reply(update: Update, context: Context, result: PauseChange | ParseError) -> None:
    if isinstance(result, ParseError):
        reply = problem(result)
    else:
        reply = Reply(texts.resumed(result) if result.resumed else texts.paused(result))
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(update.callback_query, reply.text)
    else:
        await answer(update, context, reply)


async def settings(update: Update, context: Context) -> None:
    """/settings: every setting, with buttons."""
    view = await deps(context).coach.learners.get(chat_id(update))
    await answer(update, context, texts.settings_menu(view))


async def settings_button(update: Update, context: Context) -> None:
    """A section button of /settings: turn the menu into that question."""
    query = query_of(update)
    d = deps(context)
    _verb, section = callbacks.parse(query.data or "")
    view = await d.coach.learners.get(chat_id(update))
    question = texts.settings_section(d.curriculum, view, section)
    await query.answer()
    if question is not None:
        await edit(query, question.text, question)


_BUTTON_TOPICS = {
    callbacks.PACE: "pace",
    callbacks.START: "start",
    callbacks.ZONE: "timezone",
    callbacks.REMIND: "reminder",
    callbacks.RECAP: "recap",
}


async def setting_button(update: Update, context: Context) -> None:
    """A choice on a setup or settings question: apply it and show what was set."""
    query = query_of(update)
    d = deps(context)
    verb, value = callbacks.parse(query.data or "")
    result, topic = await _apply(context, chat_id(update), _BUTTON_TOPICS[verb], value)
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer()
    await edit(query, texts.setting_changed(d.curriculum, topic, result.learner))
    if result.advanced:
        await ask_next(update, context, result.learner)


async def pause_button(update: Update, context: Context) -> None:
    """The pause choices of /settings."""
    query = query_of(update)
    _verb, value = callbacks.parse(query.data or "")
    days = None if value == "open" else int(value) if value.isdigit() else 0
    result = await deps(context).coach.settings.pause(chat_id(update), days)
    await _pause_reply(update, context, result)


async def resume_button(update: Update, context: Context) -> None:
    """The resume button of /settings."""
    result = await deps(context).coach.settings.resume(chat_id(update))
    await _pause_reply(update, context, result)


SETTING_PATTERN = "^(" + "|".join(_BUTTON_TOPICS) + "):"


async def switch_button(update: Update, context: Context) -> None:
    """Switch to / Keep on a push (a milestone, a recap): the answer comes as a new message,
    and the push stays as it was."""
    query = query_of(update)
    d = deps(context)
    _verb, pace_id = callbacks.parse(query.data or "")
    view = await d.coach.learners.get(chat_id(update))
    if pace_id == view.pace.id:
        await query.answer(f"You're keeping the {view.pace.name} pace.")
        return
    result = await d.coach.settings.set_pace(chat_id(update), pace_id)
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer()
    summary = texts.setting_changed(d.curriculum, "pace", result.learner)
    await answer(update, context, Reply(summary))


async def break_button(update: Update, context: Context) -> None:
    """⏸ Pause a week on a recap: the answer comes as a new message."""
    query = query_of(update)
    _verb, value = callbacks.parse(query.data or "")
    raw, _, start_text = value.partition(":")
    days = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else 0
    start = parse_date(start_text) if start_text else None  # older recaps: from today
    if isinstance(start, ParseError):
        await query.answer(start.message[:200], show_alert=True)
        return
    result = await deps(context).coach.settings.pause(chat_id(update), days, start)
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer()
    await answer(update, context, Reply(texts.paused(result)))


SWITCH_PATTERN = f"^{callbacks.SWITCH}:"
BREAK_PATTERN = f"^{callbacks.BREAK}:"
