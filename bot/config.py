"""Settings from the environment and ``.env``; a bad setting stops start-up with one line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.domain.curriculum import default_curriculum_path

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/coach.db"
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


class ConfigError(Exception):
    """A setting that is missing or malformed; its message is the one line to print."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_url: str = DEFAULT_DATABASE_URL
    curriculum_path: Path = Field(default_factory=default_curriculum_path)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # What learners write (updates, message texts, notes) stays out of the logs unless this is
    # on: python-telegram-bot logs whole updates and API calls at DEBUG.
    log_content: bool = False
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    rate_limit: bool = True  # off only for a paid-broadcast setup
    # How long a claimed push stays this process's without a renewal (renewed every third of
    # it while the process sends); another process may take it after that.
    push_lease_seconds: int = Field(default=120, ge=10, le=3600)
    webhook_secret: SecretStr | None = None

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(",", " ").split() if p]
            if not all(re.fullmatch(r"-?[0-9]{1,20}", p) for p in parts):
                raise ValueError("must be Telegram user ids separated by commas")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError("is not a database URL") from None
        drivername = ASYNC_DRIVERS.get(url.drivername, url.drivername)
        if drivername not in SUPPORTED_DRIVERS:
            raise ValueError(f"must use one of {', '.join(SUPPORTED_DRIVERS)}")
        return url.set(drivername=drivername).render_as_string(hide_password=False)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            bot_id, _, secret = value.get_secret_value().partition(":")
            if (
                not (bot_id.isascii() and bot_id.isdigit())
                or not secret
                or any(c.isspace() for c in secret)
            ):
                raise ValueError("does not look like a bot token (digits:secret)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    def bot_token(self) -> str:
        """The token, for the one place that talks to Telegram; fails clearly when unset."""
        if self.telegram_bot_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: get one from @BotFather and put it in the "
                "environment or .env (or try `coach sandbox`, which needs none)"
            )
        return self.telegram_bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read the settings; a problem raises ConfigError with one line naming the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None
