"""What the learner reads: /help, /today, /week, /plan, /progress, /recap and its buttons."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.handlers.common import Context, answer, chat_id, deps, query_of
from bot.telegram import callbacks
from bot.telegram.outgoing import recap_messages


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


async def recap(update: Update, context: Context) -> None:
    """/recap: this week's recap now, the same as the scheduler sends (chart included)."""
    d = deps(context)
    report = await d.coach.reports.week_report(chat_id(update))
    for item in await recap_messages(d.curriculum, report):
        await answer(update, context, item)


async def stats(update: Update, context: Context) -> None:
    """/stats: for the admins named in ADMIN_IDS only."""
    d = deps(context)
    user = update.effective_user
    if user is None or user.id not in d.admin_ids:
        await answer(update, context, texts.Reply(texts.ADMINS_ONLY))
        return
    numbers = await d.coach.admin.stats()
    await answer(update, context, texts.stats(numbers, d.coach.clock.now()))


async def project_button(update: Update, context: Context) -> None:
    """✅ Shipped / Not yet on a recap."""
    query = query_of(update)
    _verb, value = callbacks.parse(query.data or "")
    week_text, _, shipped_text = value.partition(":")
    if not week_text.isdigit() or shipped_text not in ("0", "1"):
        await query.answer(texts.NOT_YOURS)
        return
    shipped = shipped_text == "1"
    saved = await deps(context).coach.reports.set_project_answer(
        chat_id(update), int(week_text), shipped
    )
    await query.answer(
        texts.NOT_YOURS if saved is None else texts.project_answer(shipped, int(week_text))
    )


PROJECT_PATTERN = f"^{callbacks.PROJECT}:"
