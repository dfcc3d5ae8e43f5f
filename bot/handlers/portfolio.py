"""The portfolio: /ship [week] URL, /portfolio, /capstone, replies to the link question and
the capstone buttons."""

from __future__ import annotations

from telegram import Update

from bot.domain.parsing import ParseError
from bot.handlers.common import Context, answer, arguments, chat_id, deps, query_of
from bot.telegram import callbacks
from bot.texts import portfolio as texts
from bot.texts.format import Reply, problem
from bot.texts.messages import STALE_BUTTON


async def ship(update: Update, context: Context) -> None:
    """/ship [week] URL: record or correct the link to a shipped project."""
    saved = await deps(context).coach.portfolio.ship(chat_id(update), arguments(update))
    await answer(
        update,
        context,
        problem(saved) if isinstance(saved, ParseError) else texts.link_saved(saved),
    )


async def bare_link(update: Update, context: Context, text: str) -> None:
    """A message that is only a web link: the link of the latest shipped project, as
    ``/ship URL`` (most people answer the link question without using Reply)."""
    saved = await deps(context).coach.portfolio.ship(chat_id(update), text)
    await answer(
        update,
        context,
        problem(saved) if isinstance(saved, ParseError) else texts.link_saved(saved),
    )


async def bare_no_link(update: Update, context: Context) -> bool:
    """A message that is only "no link": the answer to the link question of the latest shipped
    project when it has none. False when there is no such question to answer."""
    kept = await deps(context).coach.portfolio.keep_without_link(chat_id(update))
    if kept is None:
        return False
    await answer(update, context, texts.kept_without_link(kept))
    return True


async def link_reply(update: Update, context: Context, roadmap_week: int, text: str) -> None:
    """A reply to the link question after ✅ Shipped: a URL, or "no link"."""
    saved = await deps(context).coach.portfolio.link_reply(chat_id(update), roadmap_week, text)
    await answer(
        update,
        context,
        problem(saved) if isinstance(saved, ParseError) else texts.link_saved(saved),
    )


async def portfolio(update: Update, context: Context) -> None:
    """/portfolio: every shipped project with its plan week, title, link and date."""
    _view, projects = await deps(context).coach.portfolio.shipped(chat_id(update))
    await answer(update, context, texts.portfolio(projects))


async def capstone(update: Update, context: Context) -> None:
    """/capstone: the capstone question again, with the choice so far."""
    question = await deps(context).coach.portfolio.capstone_question(chat_id(update))
    reply = texts.capstone_question(question) if question.options else Reply(texts.NO_CAPSTONE)
    await answer(update, context, reply)


async def capstone_button(update: Update, context: Context) -> None:
    """A capstone option pressed: take it, and say so in a new message."""
    query = query_of(update)
    fields = callbacks.arguments(query.data, callbacks.CAPSTONE, 1)
    option = callbacks.number(fields[0], 1, 99) if fields else None
    chosen = None
    if option is not None:
        chosen = await deps(context).coach.portfolio.choose_capstone(chat_id(update), option)
    if chosen is None:
        await query.answer(STALE_BUTTON)
        return
    await query.answer()
    await answer(update, context, texts.capstone_chosen(chosen))


CAPSTONE_PATTERN = f"^{callbacks.CAPSTONE}:"
