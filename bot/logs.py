"""Logging set-up: text or JSON lines, no secret in any line, and nothing a learner wrote
unless ``LOG_CONTENT`` asks for it."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

# httpx logs every request URL at INFO, and a Bot API URL holds the token; httpcore logs
# connection details and aiosqlite every statement at DEBUG. None is needed to run the bot.
QUIET_LOGGERS = ("httpx", "httpcore", "aiosqlite", "apscheduler.executors.default")
HANDLER_NAME = "coach"


class RedactSecrets(logging.Filter):
    """Replaces secrets in a record's final message, whatever logger produced it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self.secrets:
            redacted = redacted.replace(secret, "[redacted]")
        if record.exc_info and record.exc_text is None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            for secret in self.secrets:
                record.exc_text = record.exc_text.replace(secret, "[redacted]")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


# Our own modules log ids, counts and kinds, never what a learner wrote; the libraries'
# records may carry whole updates, a request's parameters or an API answer (python-telegram-bot
# at DEBUG), or a statement's parameters (SQLAlchemy).
OWN_PACKAGES = frozenset({"bot", "scheduler", "coach", "botapi_emulator"})
HIDDEN = "[content hidden]"
_NAME = re.compile(r"[\w.:/@-]{0,64}")


class HideContent(logging.Filter):
    """A library's record keeps its plain arguments (numbers, flags, names such as a Bot API
    method); any other argument (an update, a dict of parameters, a JSON body, a statement's
    parameters) is shown as ``[content hidden]``, an update as its number."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.partition(".")[0] in OWN_PACKAGES:
            return True
        if not isinstance(record.msg, str):
            record.msg, record.args = _plain(record.msg), None
        elif isinstance(record.args, Mapping):
            record.args = {key: _plain(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_plain(value) for value in record.args)
        return True


def _plain(value: object) -> object:
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and _NAME.fullmatch(value):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(item, int) for item in value):
        return value  # update ids, say
    update_id = getattr(value, "update_id", None)
    if isinstance(update_id, int):
        return f"<update {update_id}>"
    return HIDDEN


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info or record.exc_text:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(
    level: str,
    log_format: str,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
    *,
    content: bool = False,
) -> None:
    """Log to ``stream`` (stderr) at ``level``, as ``text`` or ``json``, secrets redacted, and
    what learners wrote hidden unless ``content``."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if not content:
        handler.addFilter(HideContent())
    handler.addFilter(RedactSecrets(secrets))
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(
            max(logging.WARNING, logging.getLevelNamesMapping()[level])
        )
