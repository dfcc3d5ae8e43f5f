"""Handlers, one module per feature; ``register`` adds them to the application in order."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.handlers import (
    admin,
    calendar,
    catchup,
    data,
    days,
    entries,
    finish,
    goals,
    log,
    messages,
    notes,
    onboarding,
    portfolio,
    recap,
    reminders,
    reports,
    settings,
    timer,
)
from bot.handlers.common import Context, ForeignPress, answer
from bot.services.learners import NoLearner
from bot.telegram import callbacks
from bot.texts.format import Reply
from bot.texts.messages import NOT_STARTED, NOT_STARTED_SHORT, STALE_BUTTON

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]

PRIVATE = filters.ChatType.PRIVATE
NEW_MESSAGES = filters.UpdateType.MESSAGE

COMMAND_HANDLERS = {
    "start": onboarding.start,
    "help": reports.help_command,
    "today": reports.today,
    "week": reports.week,
    "plan": reports.plan,
    "progress": reports.progress,
    "recap": recap.recap,
    "log": log.log,
    "undo": log.undo,
    "history": log.history,
    "note": notes.note,
    "notes": notes.notes,
    "pace": settings.pace,
    "startdate": settings.startdate,
    "timezone": settings.timezone,
    "remind": settings.remind,
    "recaptime": settings.recaptime,
    "pause": settings.pause,
    "resume": settings.resume,
    "settings": settings.settings,
    "days": days.days,
    "go": timer.go,
    "stop": timer.stop,
    "calendar": calendar.calendar,
    "ship": portfolio.ship,
    "portfolio": portfolio.portfolio,
    "capstone": portfolio.capstone,
    "export": data.export,
    "forget": data.forget,
    "stats": admin.stats,  # admins only; not in the command menu
}


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add every handler. Order matters: the first matching handler in a group wins."""
    # Groups first: the bot coaches one person per private chat and stores nothing of a group.
    # CommandHandler takes a bare command or one addressed to this bot (/help@ThisBot), never
    # one for another bot in the same group (/help@OtherBot).
    application.add_handler(
        CommandHandler(list(COMMAND_HANDLERS), messages.group, filters=~PRIVATE & NEW_MESSAGES)
    )
    # Edits are answered, never re-applied (before the command handlers, which would re-run).
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & PRIVATE, messages.edited)
    )
    for name, callback in COMMAND_HANDLERS.items():
        application.add_handler(
            CommandHandler(name, started_only(callback), filters=PRIVATE & NEW_MESSAGES)
        )
    application.add_handler(
        MessageHandler(filters.COMMAND & PRIVATE & NEW_MESSAGES, messages.unknown_command)
    )
    application.add_handler(
        MessageHandler(filters.TEXT & PRIVATE & NEW_MESSAGES, started_only(messages.plain_text))
    )
    application.add_handler(
        MessageHandler(~filters.TEXT & PRIVATE & NEW_MESSAGES, messages.other_content)
    )

    buttons = {
        settings.SETTING_PATTERN: settings.setting_button,
        f"^{callbacks.SETTINGS}:": settings.settings_button,
        f"^{callbacks.PAUSE}:": settings.pause_button,
        f"^{callbacks.RESUME}$": settings.resume_button,
        onboarding.CALLBACK_PATTERN: onboarding.setup_again,
        log.PATTERN: log.delete_entry,
        notes.PATTERN: notes.delete_note,
        notes.PAGE_PATTERN: notes.notes_page,
        recap.PROJECT_PATTERN: recap.project_button,
        reports.WEEK_PATTERN: reports.week_button,
        catchup.PATTERN: catchup.choose,
        days.PATTERN: days.days_button,
        settings.SWITCH_PATTERN: settings.switch_button,
        settings.BREAK_PATTERN: settings.break_button,
        data.PATTERN: data.forget_button,
        finish.PATTERN: finish.review_button,
        portfolio.CAPSTONE_PATTERN: portfolio.capstone_button,
        goals.PATTERN: goals.goal_button,
        **reminders.PATTERNS,
        **timer.PATTERNS,
        entries.OPEN_PATTERN: entries.open_entry,
        entries.EDIT_PATTERN: entries.edit_entry,
    }
    # Before every button: a press outside its owner's private chat reaches none of them.
    application.add_handler(ForeignPress(messages.foreign_press))
    for pattern, callback in buttons.items():
        application.add_handler(CallbackQueryHandler(started_only(callback), pattern=pattern))
    application.add_handler(CallbackQueryHandler(_stale_button))


def started_only(callback: Handler) -> Handler:
    """``callback``, answering a chat without a learner (before /start, after /forget) with
    the pointer to /start: only /start creates a learner, so nothing else is stored."""

    @wraps(callback)
    async def handle(update: Update, context: Context) -> None:
        try:
            await callback(update, context)
        except NoLearner:
            if update.callback_query is not None:
                await update.callback_query.answer(NOT_STARTED_SHORT, show_alert=True)
            else:
                await answer(update, context, Reply(NOT_STARTED))

    return handle


async def _stale_button(update: Update, context: object) -> None:
    """A button this version does not know (an old message): acknowledge it."""
    if update.callback_query is not None:
        await update.callback_query.answer(STALE_BUTTON)
