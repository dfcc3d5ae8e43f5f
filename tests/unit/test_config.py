"""Settings: defaults, .env, and one clear line naming a bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, load_settings
from bot.db.migrate import head_revision
from coach.cli import main

ENV_NAMES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "DATABASE_URL",
    "CURRICULUM_PATH",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "LOG_CONTENT",
    "ADMIN_IDS",
    "WEBHOOK_SECRET",
    "PUSH_LEASE_SECONDS",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert (settings.log_level, settings.log_format) == ("INFO", "text")
    assert settings.admin_ids == frozenset()
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        settings.bot_token()


def test_dotenv_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=123456:ABC-def_ghi\nADMIN_IDS=7, 8\nLOG_FORMAT=JSON\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DATABASE_URL", "postgresql://coach@db/coach")
    settings = load_settings()
    assert settings.bot_token() == "123456:ABC-def_ghi"
    assert "ABC-def_ghi" not in repr(settings)
    assert "ABC-def_ghi" not in str(settings)
    assert settings.admin_ids == frozenset({7, 8})
    assert settings.log_format == "json"
    assert settings.database_url == "postgresql+asyncpg://coach@db/coach"


@pytest.mark.parametrize(
    ("name", "value", "line"),
    [
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL: must use one of"),
        ("DATABASE_URL", "not a url", "DATABASE_URL: is not a database URL"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL: Input should be"),
        ("ADMIN_IDS", "alice", "ADMIN_IDS: must be Telegram user ids"),
        ("TELEGRAM_BOT_TOKEN", "nope", "TELEGRAM_BOT_TOKEN: does not look like a bot token"),
        ("TELEGRAM_BOT_TOKEN", "²³:secret", "TELEGRAM_BOT_TOKEN: does not look like a bot token"),
        ("ADMIN_IDS", "1_000", "ADMIN_IDS: must be Telegram user ids"),
        ("TELEGRAM_API_BASE_URL", "ftp://x", "TELEGRAM_API_BASE_URL: must start with http"),
        ("PUSH_LEASE_SECONDS", "5", "PUSH_LEASE_SECONDS: Input should be greater than or equal"),
    ],
)
def test_a_bad_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, line: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(line)
    assert "\n" not in message
    assert "nope" not in message  # a malformed token is not echoed


def test_the_cli_stops_with_that_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://x/y")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coach: DATABASE_URL: must use one of")
    assert err.count("\n") == 1


def test_db_upgrade_creates_the_directory_and_is_repeatable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "fresh" / "dir" / "coach.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0
    assert database.exists()
    expected = f"database is at revision {head_revision()} (newest)"
    assert capsys.readouterr().out.count(expected) == 2
