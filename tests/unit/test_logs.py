"""Log lines: JSON when asked, and secrets redacted whatever the logger."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import HideContent, JsonFormatter, RedactSecrets

SECRET = "123456:SECRET-token"


def record(
    message: str, *args: object, exc: BaseException | None = None, name: str = "httpx"
) -> logging.LogRecord:
    info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(name, logging.INFO, "x.py", 1, message, args, info)


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


BODY = '{"update_id": 7, "message": {"text": "my diary", "chat": {"id": 42}}}'


@pytest.mark.parametrize(
    ("name", "message", "args", "shown"),
    [
        ("telegram.ext._utils.webhookhandler", "Webhook received data: %s", (BODY,),
         "Webhook received data: [content hidden]"),
        ("telegram.ext.ExtBot", "Calling Bot API endpoint `%s` with parameters `%s`",
         ("sendMessage", {"chat_id": 42, "text": "my diary"}),
         "Calling Bot API endpoint `sendMessage` with parameters `[content hidden]`"),
        ("telegram.ext.ExtBot", "Getting updates: %s", ([7, 8],), "Getting updates: [7, 8]"),
        ("sqlalchemy.engine.Engine", "[%s] %r", ("cached since 2s ago", ("my diary", 42)),
         "[[content hidden]] '[content hidden]'"),
        ("bot.handlers.log", "chat %s: %s", (42, "my diary"), "chat 42: my diary"),
    ],
)  # fmt: skip
def test_a_librarys_records_keep_names_and_numbers_and_hide_the_rest(
    name: str, message: str, args: tuple[object, ...], shown: str
) -> None:
    line = record(message, *args, name=name)
    assert HideContent().filter(line)
    assert line.getMessage() == shown
