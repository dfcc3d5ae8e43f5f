"""10,000 generated /log and note inputs: none raises, every reply is valid for Telegram."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import SettableClock
from bot.db.migrate import upgrade_database
from bot.db.session import create_engine
from bot.db.uow import UnitOfWork
from bot.domain.curriculum import Curriculum
from bot.domain.parsing import ParseError
from bot.services import Coach
from bot.services.learners import Source
from bot.telegram.rules import check_reply_markup, check_text
from bot.texts.format import Reply, problem
from bot.texts.log import logged
from bot.texts.notes import notes_added, notes_list
from bot.texts.recap import recap

CHAT = 77
message_ids = itertools.count(1)

durations = st.sampled_from(
    ["1.5", "1,5", "90m", "1h30", "1h30m", "1:30", "+2", "0", "-2", "1e9", "25", "12", "0.01"]
)
words = st.sampled_from(
    ["learning", "practice", "project", "revision", "review", "yesterday", "today", "mon",
     "sunday", "2026-11-27", "2026-02-30", "2027-01-01", "<b>", "&", "🐍", "שלום", "\u202e"]
)  # fmt: skip
structured = st.builds(
    lambda d, ws, tail: " ".join([d, *ws, tail]),
    durations,
    st.lists(words, max_size=3),
    st.text(max_size=60),
)
log_inputs = st.one_of(structured, st.text(max_size=300))
note_inputs = st.one_of(
    st.text(max_size=300),
    st.lists(st.text(max_size=80), max_size=6).map(
        lambda lines: "\n".join(f"- {x}" for x in lines)
    ),
    st.text(min_size=990, max_size=1010),
)


@pytest.fixture
async def coach(tmp_path: Path, curriculum: Curriculum) -> AsyncIterator[Coach]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}")
    await upgrade_database(engine)
    clock = SettableClock(datetime(2026, 11, 28, 10, tzinfo=UTC))
    coach = Coach(curriculum, UnitOfWork(engine), clock)
    await coach.onboarding.start(CHAT, "Ada")  # only /start makes a learner
    yield coach
    await engine.dispose()


def assert_valid(reply: Reply) -> None:
    for chunk in reply.chunks():
        assert check_text(chunk, html_mode=True) == "", chunk
    markup = {"inline_keyboard": [[{"text": b.text, "callback_data": b.data} for b in row]
                                  for row in reply.buttons]}  # fmt: skip
    assert check_reply_markup(markup) == ""


# 7,000 /log inputs and 3,000 notes: 10,000 in all.
def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.mark.slow
@fuzz(7000)
@given(text=log_inputs)
async def test_generated_log_inputs(coach: Coach, text: str) -> None:
    result = await coach.logbook.log_hours(CHAT, text, Source(CHAT, next(message_ids)))
    if isinstance(result, ParseError):
        assert_valid(problem(result))
    else:
        assert_valid(logged(result.learner, result))


@pytest.mark.slow
@fuzz(3000)
@given(text=note_inputs)
async def test_generated_note_inputs(coach: Coach, curriculum: Curriculum, text: str) -> None:
    chat = next(message_ids)  # a learner per example: each list shows just these notes
    await coach.onboarding.start(chat, "Ada")
    result = await coach.notebook.add_notes(chat, text, Source(chat, 1))
    if isinstance(result, ParseError):
        assert_valid(problem(result))
        return
    assert_valid(notes_added(curriculum, result))
    assert_valid(notes_list(curriculum, await coach.notebook.notes(chat)))
    if chat % 10 == 0:  # the recap shows the same notes; every tenth keeps the run short
        assert_valid(recap(curriculum, await coach.reports.week_report(chat)))
