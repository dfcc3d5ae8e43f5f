"""The bot token never reaches a log line, even at DEBUG, over a whole conversation."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logs import QUIET_LOGGERS, configure_logging
from tests.e2e.harness import TOKEN, Bot
from tests.e2e.test_conversation import ADA, onboard


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(logging.Formatter("%(name)s %(message)s").format(record))


@pytest.fixture
def debug_logs() -> Iterator[Everything]:
    root = logging.getLogger()
    saved = root.level, {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    configure_logging("DEBUG", "text", secrets=())  # no redaction: nothing may log the token
    capture = Everything()
    root.addHandler(capture)
    yield capture
    root.removeHandler(capture)
    root.setLevel(saved[0])
    for name, level in saved[1].items():
        logging.getLogger(name).setLevel(level)
    for handler in [h for h in root.handlers if h.get_name() == "coach"]:
        root.removeHandler(handler)


async def test_no_log_line_holds_the_token(bot: Bot, debug_logs: Everything) -> None:
    await onboard(bot)
    for text in ("/today", "/log 1.5", "/note async", "/recap", "/history", "/export", "/x"):
        await bot.say(ADA, text)
    assert len(debug_logs.lines) > 50  # PTB really logged at DEBUG
    secret = TOKEN.split(":", 1)[1]
    assert [line for line in debug_logs.lines if secret in line] == []
