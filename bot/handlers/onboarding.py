"""/start and the four setup questions, answered by button or by typing."""

from __future__ import annotations

from telegram import Update

from bot.db.models import OnboardingStep
from bot.handlers.common import Context, answer, chat_id, deps, first_name
from bot.services.learners import Changed, LearnerView
from bot.telegram import callbacks
from bot.texts import onboarding as texts
from bot.texts.format import Reply


async def start(update: Update, context: Context) -> None:
    """Welcome a learner (a returning one keeps everything) and ask the next setup question."""
    d = deps(context)
    view, is_new = await d.coach.onboarding.start(chat_id(update), first_name(update))
    await answer(update, context, texts.welcome(view, is_new))
    if not view.onboarded:
        await ask_next(update, context, view)


async def setup_again(update: Update, context: Context) -> None:
    """The "Set up again" button: the questions once more, data kept."""
    query = update.callback_query
    assert query is not None
    changed = await deps(context).coach.onboarding.restart(chat_id(update))
    await query.answer()
    await ask_next(update, context, changed.learner)


async def ask_next(update: Update, context: Context, view: LearnerView) -> None:
    """Send the question for the learner's onboarding step, or the closing summary."""
    d = deps(context)
    step = view.onboarding
    if step is OnboardingStep.PACE:
        await answer(update, context, texts.ask_pace(d.curriculum))
    elif step is OnboardingStep.START:
        await answer(update, context, texts.ask_start(view.today))
    elif step is OnboardingStep.TIMEZONE:
        await answer(update, context, texts.ask_timezone())
    elif step is OnboardingStep.REMINDER:
        await answer(update, context, texts.ask_reminder())
    else:
        report = await d.coach.reports.week_report(view.chat_id)
        await answer(update, context, texts.onboarding_done(d.curriculum, report))


async def after_change(update: Update, context: Context, changed: Changed, summary: str) -> None:
    """Confirm a setting; during onboarding, go on to the next question."""
    await answer(update, context, Reply(summary))
    if changed.advanced:
        await ask_next(update, context, changed.learner)


CALLBACK_PATTERN = f"^{callbacks.SETUP_AGAIN}$"
