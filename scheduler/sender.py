"""Sending pushes at Telegram's limits, and telling the runner what became of each.

Telegram allows about 30 messages a second overall, one a second per chat and 20 a minute per
group. A 429 waits its ``retry_after`` and tries again; a 403 (or a chat that no longer exists)
means the learner is out of reach; a timeout after the request left is *uncertain* (the message
may have arrived, so it is not sent blindly again); other failures retry with backoff, a few
times.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)
T = TypeVar("T")


class Unreachable(Exception):
    """The learner blocked the bot, or the chat is gone: stop sending until they write."""


class Uncertain(Exception):
    """The request left but no answer came: the message may or may not have arrived."""


class SendFailed(Exception):
    """Telegram refused the message, or kept failing after the retries."""


class StillFailing(SendFailed):
    """Telegram kept answering 5xx or 429 through every retry: worth trying again later."""


@dataclass(frozen=True)
class Limits:
    """The broadcast limits. ``per_second`` stays under Telegram's 30: the throttle lets a
    second hold one send more than ``per_second`` (it catches up small delays), and requests
    can bunch up on the way by one more."""

    per_second: int = 28
    per_chat_seconds: float = 1.05
    per_group_seconds: float = 3.05
    retries_after_429: int = 5
    retries_after_error: int = 3
    backoff_seconds: float = 0.5


class Throttle:
    """Spaces sends evenly: overall ``1/per_second`` apart, to one chat ``per_chat_seconds``.

    Sends follow an ideal timeline, one slot after another, so that a few milliseconds of
    lateness in waking up do not add up and slow the whole fan-out. When a send is more than
    a slot late (the event loop stalled), the timeline restarts from now instead of firing the
    missed slots in a burst: a burst is what draws a 429. Either way no second holds more than
    ``per_second + 1`` sends.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._slot = float("-inf")
        self._chat_ready: dict[int, float] = {}
        self._lock = asyncio.Lock()

    async def wait(self, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        spacing = self.limits.per_group_seconds if chat_id < 0 else self.limits.per_chat_seconds
        step = 1 / self.limits.per_second
        while True:
            ready = self._chat_ready.get(chat_id, 0.0) - loop.time()
            if ready > 0:
                await asyncio.sleep(ready)
                continue
            async with self._lock:
                if self._chat_ready.get(chat_id, 0.0) > loop.time():
                    continue  # another send to this chat went first
                now = loop.time()
                slot = self._slot + step
                if slot < now - step:
                    slot = now  # far behind: restart the timeline rather than burst
                if slot > now:
                    await asyncio.sleep(slot - now)
                self._slot = slot
                self._chat_ready[chat_id] = max(slot, loop.time()) + spacing
                if len(self._chat_ready) > 100_000:  # forget chats long since ready
                    self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}
                return


def _retry_after(error: RetryAfter) -> float:
    """Seconds to wait; python-telegram-bot 22 gives an int or (opted in) a timedelta, and
    warns on the int while it moves to timedelta. Both are handled here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Sender:
    """Runs one Bot API call for a chat within the limits, retrying what can be retried."""

    def __init__(self, limits: Limits | None = Limits()) -> None:
        self.limits = limits or Limits()
        self.throttle = Throttle(limits) if limits is not None else None
        self.retries_after_429 = 0  # counted for the benchmarks and the logs

    async def call(self, chat_id: int, request: Callable[[], Awaitable[T]]) -> T:
        flood_retries = error_retries = 0
        while True:
            if self.throttle is not None:
                await self.throttle.wait(chat_id)
            try:
                return await request()
            except RetryAfter as exc:
                self.retries_after_429 += 1
                flood_retries += 1
                if flood_retries > self.limits.retries_after_429:
                    raise StillFailing(f"still flood-limited: {exc}") from exc
                await asyncio.sleep(_retry_after(exc))
            except Forbidden as exc:
                raise Unreachable(str(exc)) from exc
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    raise Unreachable(str(exc)) from exc
                raise SendFailed(str(exc)) from exc
            except TimedOut as exc:
                raise Uncertain(str(exc)) from exc
            except NetworkError as exc:
                error_retries += 1
                if error_retries > self.limits.retries_after_error:
                    raise StillFailing(str(exc)) from exc
                delay = self.limits.backoff_seconds * 2 ** (error_retries - 1)
                log.info("send to %s failed (%s); retrying in %.1f s", chat_id, exc, delay)
                await asyncio.sleep(delay)
