"""Settings by command (/pace, /startdate, /timezone, /remind, /recaptime, /pause, /resume) and
by button (/settings and the setup questions)."""

from __future__ import annotations

from telegram import Update

from bot.db.models import OnboardingStep
from bot.domain.curriculum import Pace
from bot.domain.parsing import (
    REMINDERS_OFF,
    ParseError,
    answers_setup_question,
    looks_like_bullets,
    parse_recap_slot,
    parse_time_of_day,
    read_pace_answer,
    starts_with_duration,
)
from bot.domain.reading import parse_count
from bot.domain.zones import read_zone
from bot.handlers.common import Context, answer, arguments, chat_id, deps, edit, query_of
from bot.handlers.onboarding import after_change, ask_next
from bot.services.learners import Changed, LearnerView
from bot.services.settings import MAX_PAUSE_DAYS, PauseChange
from bot.telegram import callbacks
from bot.texts import settings as texts
from bot.texts.format import Reply, problem
from bot.texts.messages import STALE_BUTTON
from bot.texts.onboarding import expected_answer


async def _apply(
    context: Context, chat: int, topic: str, value: str
) -> tuple[Changed | ParseError, str]:
    """Change one setting from its text form (typed or a button's); returns the result and
    the confirmation to show."""
    d = deps(context)
    coach = d.coach
    result: Changed | ParseError
    remark = None
    if topic == "pace":
        found = read_pace_answer(value, d.curriculum.paces)
        pace_id = found.id if isinstance(found, Pace) else value.strip().lower()
        result = (
            found if isinstance(found, ParseError) else await coach.settings.set_pace(chat, pace_id)
        )
    elif topic == "start":
        result = await coach.settings.set_start(chat, value)
    elif topic == "timezone":
        zone = read_zone(value)
        if isinstance(zone, ParseError):
            result = zone
        else:
            result, remark = await coach.settings.set_timezone(chat, zone.key), zone.remark
    elif topic == "reminder":
        at = None if value.strip().lower() in REMINDERS_OFF else parse_time_of_day(value)
        result = at if isinstance(at, ParseError) else await coach.settings.set_reminder(chat, at)
    else:
        slot = parse_recap_slot(value)
        result = (
            slot if isinstance(slot, ParseError) else await coach.settings.set_recap(chat, *slot)
        )
    if isinstance(result, ParseError):
        return result, ""
    return result, texts.setting_changed(d.curriculum, topic, result.learner, remark)


_STEP_TOPICS = {
    OnboardingStep.PACE: "pace",
    OnboardingStep.START: "start",
    OnboardingStep.TIMEZONE: "timezone",
    OnboardingStep.REMINDER: "reminder",
}


async def typed_answer(update: Update, context: Context, view: LearnerView, text: str) -> bool:
    """A plain message while a setup question is pending. The question takes only what looks
    like an answer to it (a wrong one gets its specific error); bullet notes and durations are
    left to the caller, to be handled as without the question (False); anything else is told
    what the question expects. The question is asked again after either."""
    topic = _STEP_TOPICS.get(view.onboarding)
    if topic is None or looks_like_bullets(text):
        return False
    d = deps(context)
    if not answers_setup_question(topic, text, view.today, d.curriculum.paces):
        if starts_with_duration(text):
            return False
        await answer(update, context, problem(ParseError(expected_answer(topic, view.today))))
        await ask_next(update, context, view)
        return True
    result, confirmation = await _apply(context, view.chat_id, topic, text)
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        await ask_next(update, context, view)
        return True
    await after_change(update, context, result, confirmation)
    return True


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
    result, confirmation = await _apply(context, chat_id(update), topic, value)
    if isinstance(result, ParseError):
        await answer(update, context, problem(result))
        return
    await after_change(update, context, result, confirmation)


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
    days = parse_count(value, 1, MAX_PAUSE_DAYS, "a number of days") if value else None
    if isinstance(days, ParseError):
        usage = ParseError(f"{days.message} E.g. /pause 7, or just /pause until you /resume.")
        await answer(update, context, problem(usage))
        return
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
    fields = callbacks.arguments(query.data, callbacks.SETTINGS, 1)
    if fields is None or fields[0] not in texts.SECTIONS:
        await query.answer(STALE_BUTTON)
        return
    view = await d.coach.learners.get(chat_id(update))
    question = texts.settings_section(d.curriculum, view, fields[0])
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
    verb = callbacks.parse(query.data or "")[0]
    fields = callbacks.arguments(query.data, verb, 1) if verb in _BUTTON_TOPICS else None
    if fields is None:
        await query.answer(STALE_BUTTON)
        return
    result, confirmation = await _apply(context, chat_id(update), _BUTTON_TOPICS[verb], fields[0])
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer()
    await edit(query, confirmation)
    if result.advanced:
        await ask_next(update, context, result.learner)


async def pause_button(update: Update, context: Context) -> None:
    """The pause choices of /settings."""
    query = query_of(update)
    fields = callbacks.arguments(query.data, callbacks.PAUSE, 1)
    days = None if fields is None else callbacks.number(fields[0], 1, MAX_PAUSE_DAYS)
    if fields is None or (days is None and fields[0] != "open"):
        await query.answer(STALE_BUTTON)
        return
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
    fields = callbacks.arguments(query.data, callbacks.SWITCH, 1)
    if fields is None:
        await query.answer(STALE_BUTTON)
        return
    pace_id = fields[0]
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
    # break:<days>:<first day> (a recap's); break:<days> (older recaps: from today)
    fields = callbacks.arguments(query.data, callbacks.BREAK, 2) or callbacks.arguments(
        query.data, callbacks.BREAK, 1
    )
    days = callbacks.number(fields[0], 1, MAX_PAUSE_DAYS) if fields else None
    start = callbacks.day(fields[1]) if fields and len(fields) == 2 else None
    if days is None or (fields is not None and len(fields) == 2 and start is None):
        await query.answer(STALE_BUTTON)
        return
    result = await deps(context).coach.settings.pause(chat_id(update), days, start)
    if isinstance(result, ParseError):
        await query.answer(result.message[:200], show_alert=True)
        return
    await query.answer()
    await answer(update, context, Reply(texts.paused(result)))


SWITCH_PATTERN = f"^{callbacks.SWITCH}:"
BREAK_PATTERN = f"^{callbacks.BREAK}:"
