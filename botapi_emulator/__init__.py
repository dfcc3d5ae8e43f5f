"""A Bot API emulator for the bot's tests, benchmarks and sandbox: an HTTP server on loopback
that answers as Telegram's Bot API does and applies its rules."""

from botapi_emulator.emulator import BotApiEmulator
from botapi_emulator.state import ApiError, ChatMessage, ChatState, Fault, FloodLimits

__all__ = ["ApiError", "BotApiEmulator", "ChatMessage", "ChatState", "Fault", "FloodLimits"]
