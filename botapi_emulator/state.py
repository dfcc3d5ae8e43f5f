"""What the emulated Telegram holds: chats, their messages, injected faults and flood limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BOT_ID = 7_000_000_001


class ApiError(Exception):
    """An error answer: HTTP status, Telegram's description, optional retry_after."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass
class ChatMessage:
    """A message in a chat, from the learner or from the bot, as it stands now."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    reply_to: int | None = None
    photo: bytes | None = None
    document: bytes | None = None
    document_name: str | None = None
    sticker: str | None = None  # a sticker's emoji: a message with no text
    deleted: bool = False
    edits: int = 0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    @property
    def content(self) -> str:
        return self.text if self.text is not None else (self.caption or "")


@dataclass
class Fault:
    """Answer the next ``times`` calls of ``method`` (``*``: any) with a failure."""

    method: str
    # "500", "429", "400"; "timeout" (carried out, then no answer); "garbled" (carried out,
    # then an answer that is not JSON)
    kind: str
    times: int = 1
    retry_after: int = 2
    hang_seconds: float = 30.0


@dataclass
class FloodLimits:
    """Telegram's broadcast limits; None switches a limit off."""

    per_second: int | None = 30
    per_chat_per_second: int | None = 1
    per_group_per_minute: int | None = 20


@dataclass
class ChatState:
    chat_id: int
    first_name: str
    type: str = "private"
    title: str | None = None
    blocked: bool = False
    messages: list[ChatMessage] = field(default_factory=list)
    toasts: list[str] = field(default_factory=list)
    commands: list[dict[str, str]] = field(default_factory=list)
