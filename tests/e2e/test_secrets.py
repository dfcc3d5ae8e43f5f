"""The bot token never reaches a log line, even at DEBUG, over a whole conversation."""

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


@pytest.fixture
def debug_output() -> Iterator[io.StringIO]:
    """The bot's own log output at DEBUG, configured as `coach run` configures it."""
    root = logging.getLogger()
    saved = root.level, {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    output = io.StringIO()
    configure_logging("DEBUG", "text", secrets=[TOKEN], stream=output)
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
