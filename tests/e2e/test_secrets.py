"""The bot token never reaches a log line, even at DEBUG, over a whole conversation; nor does
what a learner wrote, unless LOG_CONTENT asks for it."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.curriculum import Curriculum
from bot.logs import HANDLER_NAME, QUIET_LOGGERS, configure_logging
from tests.e2e.harness import TOKEN, Bot
from tests.e2e.test_conversation import ADA, onboard


@pytest.fixture(params=[False], ids=["content hidden"])
def debug_output(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    """The bot's own log output at DEBUG, configured as `coach run` configures it (with
    LOG_CONTENT as the test's parameter says)."""
    root = logging.getLogger()
    saved = root.level, {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    output = io.StringIO()
    configure_logging("DEBUG", "text", secrets=[TOKEN], stream=output, content=request.param)
    yield output
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    root.setLevel(saved[0])
    for name, level in saved[1].items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
async def logged_bot(
    debug_output: io.StringIO, engine: AsyncEngine, curriculum: Curriculum
) -> AsyncIterator[Bot]:
    """The bot, built after logging is set up, so its construction is logged too."""
    harness = Bot(engine, curriculum)
    await harness.start()
    yield harness
    await harness.stop()


async def test_no_log_line_holds_the_token(logged_bot: Bot, debug_output: io.StringIO) -> None:
    await onboard(logged_bot)
    for text in ("/today", "/log 1.5", "/note async", "/recap", "/history", "/export", "/x"):
        await logged_bot.say(ADA, text)
    lines = debug_output.getvalue().splitlines()
    assert len(lines) > 50  # python-telegram-bot really logged at DEBUG
    assert any("Set Bot API URL" in line and "[redacted]" in line for line in lines)
    secret = TOKEN.split(":", 1)[1]
    assert [line for line in lines if secret in line] == []


DIARY = "Wednesday-diary-entry-7391"  # what a learner wrote, in a note, a log and a message
WRITTEN = (f"/note {DIARY}", f"- {DIARY}", f"/log 1 {DIARY}", DIARY, "/notes", "/history")


async def test_no_log_line_holds_what_the_learner_wrote(
    logged_bot: Bot, debug_output: io.StringIO
) -> None:
    await onboard(logged_bot)
    for text in WRITTEN:
        await logged_bot.say(ADA, text)
    assert DIARY in logged_bot.sent(ADA)[-1].content  # the bot did read and store it
    lines = debug_output.getvalue().splitlines()
    assert any("Processing update <update" in line for line in lines)  # PTB logged the updates
    assert [line for line in lines if DIARY in line or "Ada" in line] == []


@pytest.mark.parametrize("debug_output", [True], ids=["LOG_CONTENT"], indirect=True)
async def test_log_content_lets_it_in(logged_bot: Bot, debug_output: io.StringIO) -> None:
    await logged_bot.say(ADA, f"/note {DIARY}")
    assert any(DIARY in line for line in debug_output.getvalue().splitlines())
