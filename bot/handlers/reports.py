"""What the learner reads: /help, /today, /week [next|N] and its buttons, /plan and /progress."""

from __future__ import annotations

from telegram import Update

from bot.domain.parsing import ParseError
from bot.domain.reading import read_count
from bot.handlers.common import Context, answer, arguments, chat_id, deps, edit, query_of
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.texts import reports as texts
from bot.texts.format import problem
from bot.texts.messages import NOT_YOURS, STALE_BUTTON

MAX_WEEK = 999  # more plan weeks than any pace has


async def help_command(update: Update, context: Context) -> None:
    """/help: every command, one line each."""
    await answer(update, context, texts.help_text())


async def today(update: Update, context: Context) -> None:
    """/today: today's focus, the week's project and hours so far."""
    d = deps(context)
    report = await d.coach.reports.week_report(chat_id(update))
    await answer(update, context, texts.today(d.curriculum, report))


async def week(update: Update, context: Context) -> None:
    """/week, /week next or /week N: goals, project, daily plan and hours per day."""
    d = deps(context)
    choice = arguments(update).strip().lower()
    view = await d.coach.learners.get(chat_id(update))
    current = max(1, view.plan.week_number(view.today))  # before the start: week 1
    if choice in ("", "this"):
        number = current
    elif choice == "next":
        number = current + 1
    elif choice == "last":
        number = current - 1
    elif (chosen := read_count(choice, 1, MAX_WEEK)) is not None:
        number = chosen
    else:
        error = ParseError("Use /week, /week next, /week last or /week N (a plan week number).")
        await answer(update, context, problem(error))
        return
    if not 1 <= number <= len(view.weeks):
        error = ParseError(
            f"Your plan has weeks 1 to {len(view.weeks)}; there is no week {number}."
        )
        await answer(update, context, problem(error))
        return
    report = await d.coach.reports.week_report(chat_id(update), number=number)
    await answer(update, context, texts.week(d.curriculum, report))


async def week_button(update: Update, context: Context) -> None:
    """◀ / ▶ on /week: show the week before or after, in the same message."""
    query = query_of(update)
    d = deps(context)
    fields = callbacks.arguments(query.data, callbacks.WEEK, 1)
    number = callbacks.number(fields[0], 1, MAX_WEEK) if fields else None
    if number is None:
        await query.answer(STALE_BUTTON)
        return
    report: WeekReport | None = await d.coach.reports.week_report(chat_id(update), number=number)
    if report is None or report.week is None:
        await query.answer(NOT_YOURS)
        return
    await query.answer()
    shown = texts.week(d.curriculum, report)
    await edit(query, shown.text, shown)


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


WEEK_PATTERN = f"^{callbacks.WEEK}:"
