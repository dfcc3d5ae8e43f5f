"""Log lines: JSON when asked, and secrets redacted whatever the logger."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import JsonFormatter, RedactSecrets

SECRET = "123456:SECRET-token"


def record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("httpx", logging.INFO, "x.py", 1, message, args, info)


def test_secrets_are_redacted_from_messages_arguments_and_tracebacks() -> None:
    redact = RedactSecrets([SECRET])
    line = record("POST https://api.telegram.org/bot%s/getMe", SECRET)
    assert redact.filter(line)
    assert line.getMessage() == "POST https://api.telegram.org/bot[redacted]/getMe"
    try:
        raise RuntimeError(f"failed at /bot{SECRET}/sendMessage")
    except RuntimeError as exc:
        failed = record("boom", exc=exc)
    redact.filter(failed)
    assert failed.exc_text is not None
    assert SECRET not in failed.exc_text
    assert "[redacted]" in failed.exc_text


def test_json_lines() -> None:
    line = json.loads(JsonFormatter().format(record("hello %s", "world")))
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "httpx", "hello world")
    assert line["time"].endswith("+00:00")


@pytest.mark.parametrize("secrets", [[], [""]])
def test_no_secrets_changes_nothing(secrets: list[str]) -> None:
    line = record("plain")
    assert RedactSecrets(secrets).filter(line)
    assert line.getMessage() == "plain"
