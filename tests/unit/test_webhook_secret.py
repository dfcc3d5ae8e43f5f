"""The webhook secret is compared in constant time, by python-telegram-bot's own check."""

from __future__ import annotations

import hmac
import operator
from types import SimpleNamespace

import pytest
import tornado.web
from telegram.ext._utils.webhookhandler import TelegramHandler

from bot.telegram.webhook import ConstantTimeSecret

SECRET = "s3cret-Token_1"


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, bytes]]:
    """Every constant-time comparison made, in order."""
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return bool(real(a, b))

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


def validate(secret: str, header: str) -> None:
    """PTB's own check of a webhook request's headers (what `coach run --webhook` serves)."""
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": header}
    handler = SimpleNamespace(request=SimpleNamespace(headers=headers), secret_token=secret)
    TelegramHandler._validate_post(handler)  # type: ignore[arg-type]


def test_ptbs_check_compares_through_the_constant_time_secret(
    compared: list[tuple[bytes, bytes]],
) -> None:
    secret = ConstantTimeSecret(SECRET)
    validate(secret, SECRET)  # the right secret passes
    with pytest.raises(tornado.web.HTTPError) as refused:
        validate(secret, SECRET[:-1] + "2")  # a near miss is refused
    assert refused.value.status_code == 403
    assert compared == [(SECRET.encode(), SECRET.encode()), (SECRET.encode(), b"s3cret-Token_2")]


def test_it_is_still_the_string_it_was() -> None:
    secret = ConstantTimeSecret(SECRET)
    for left, right in ((secret, SECRET), (SECRET, secret)):  # either side
        assert operator.eq(left, right)
        assert not operator.ne(left, right)
        assert operator.ne(left, "other")
        assert not operator.eq(left, "other")
    assert operator.ne(secret, 5)
    assert hash(secret) == hash(SECRET)
    assert str(secret) == SECRET
