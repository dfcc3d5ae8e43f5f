"""What the learner reads: /help, /today, /week, /plan and /progress."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import Context, answer, chat_id, deps
from bot.texts import reports as texts


async def help_command(update: Update, context: Context) -> None:
    """/help: every command, one line each."""
    await answer(update, context, texts.help_text())


async def today(update: Update, context: Context) -> None:
    """/today: today's focus, the week's project and hours so far."""
    d = deps(context)
    report = await d.coach.reports.week_report(chat_id(update))
    await answer(update, context, texts.today(d.curriculum, report))


async def week(update: Update, context: Context) -> None:
    """/week: goals, project, daily plan and hours per day."""
    d = deps(context)
    report = await d.coach.reports.week_report(chat_id(update))
    await answer(update, context, texts.week(d.curriculum, report))


async def plan(update: Update, context: Context) -> None:
    """/plan: the whole roadmap with the current week marked."""
    d = deps(context)
    report = await d.coach.reports.week_report(chat_id(update))
    await answer(update, context, texts.plan_overview(d.curriculum, report))


async def progress(update: Update, context: Context) -> None:
    """/progress: targets, categories, milestone, streak, projected finish."""
    d = deps(context)
    report = await d.coach.reports.week_report(chat_id(update))
    await answer(update, context, texts.progress(d.curriculum, report))
