"""Sending pushes at Telegram's limits, and telling the runner what became of each.

Telegram allows about 30 messages a second overall, one a second per chat and 20 a minute per
group; the overall limit is shared by every process that sends for the bot (``SharedTimeline``).
A 429 waits its ``retry_after`` and tries again; a 403 (or a chat that no longer exists) means the
learner is out of reach; a timeout after the request left, or an answer that cannot be read, is
*uncertain* (the message may have arrived, so it is not sent blindly again); a request that never
left (no free connection, no connection made) and other failures retry with backoff, a few times.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

import httpx
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from scheduler.timeline import SharedTimeline

log = logging.getLogger(__name__)
T = TypeVar("T")

# Timeouts before the request left: waiting for a free connection, or for one to be made.
NOT_SENT_TIMEOUTS = (httpx.PoolTimeout, httpx.ConnectTimeout)


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
    # With several processes on one timeline (``SharedTimeline``) a send can leave up to a slot
    # after its slot, and the requests of different hosts travel apart: 25 a second keeps any
    # one second under 30 with that much spread.
    shared_per_second: int = 25
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
    ``per_second + 1`` sends. With a ``SharedTimeline`` the overall slots come from the
    database, so that every sending process keeps to one limit together.
    """

    def __init__(self, limits: Limits, timeline: SharedTimeline | None = None) -> None:
        self.limits = limits
        self.timeline = timeline
        self._slot = float("-inf")
        self._chat_ready: dict[int, float] = {}
        self._lock = asyncio.Lock()
        self.late_slots = 0  # shared slots given up because the send woke too late

    async def wait(self, chat_id: int) -> None:
        if self.timeline is not None:
            await self._wait_shared(chat_id, self.timeline)
        else:
            await self._wait_here(chat_id)

    def _spacing(self, chat_id: int) -> float:
        return self.limits.per_group_seconds if chat_id < 0 else self.limits.per_chat_seconds

    async def _wait_here(self, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        spacing = self._spacing(chat_id)
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
                self._forget_ready_chats(now)
                return

    async def _wait_shared(self, chat_id: int, timeline: SharedTimeline) -> None:
        """The chat's spacing here; the overall slot from the timeline every sender shares.

        Several processes keep to one limit only if each send leaves in its own slot: a send
        that wakes up late (a busy event loop, a slow host) would land among other processes'
        later slots and crowd their second. So a send more than a slot late gives its slot up
        and takes a new one, and the shared rate leaves headroom for the way to Telegram.
        """
        loop = asyncio.get_running_loop()
        spacing = self._spacing(chat_id)
        step = 1 / self.limits.shared_per_second
        while True:  # another send to this chat may be placed meanwhile: look again
            ready = self._chat_ready.get(chat_id, 0.0) - loop.time()
            if ready <= 0:
                break
            await asyncio.sleep(ready)
        self._chat_ready[chat_id] = loop.time() + spacing  # held while this send is placed
        try:
            while True:
                delay = await timeline.reserve(step)
                slot = loop.time() + delay
                if delay > 0:
                    await asyncio.sleep(delay)
                if loop.time() - slot <= step:
                    break
                self.late_slots += 1
        finally:
            self._chat_ready[chat_id] = loop.time() + spacing
        self._forget_ready_chats(loop.time())

    def _forget_ready_chats(self, now: float) -> None:
        if len(self._chat_ready) > 100_000:
            self._chat_ready = {c: t for c, t in self._chat_ready.items() if t > now}


def _retry_after(error: RetryAfter) -> float:
    """Seconds to wait; python-telegram-bot 22 gives an int or (opted in) a timedelta, and
    warns on the int while it moves to timedelta. Both are handled here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Sender:
    """Runs one Bot API call for a chat within the limits, retrying what can be retried.

    With a ``timeline`` the overall limit is shared with every other process that sends for
    this bot on the same database; without one it is this process's alone.
    """

    def __init__(
        self, limits: Limits | None = Limits(), timeline: SharedTimeline | None = None
    ) -> None:
        self.limits = limits or Limits()
        self.throttle = Throttle(limits, timeline) if limits is not None else None
        self.retries_after_429 = 0  # counted for the benchmarks and the logs

    async def call(
        self,
        chat_id: int,
        request: Callable[[], Awaitable[T]],
        before: Callable[[], Awaitable[None]] | None = None,
    ) -> T:
        """``request()`` within the limits. ``before()`` runs before each try and may raise
        to stop it: the runner proves there that the push is still its own to send."""
        flood_retries = error_retries = 0
        while True:
            if before is not None:
                await before()
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
                if not isinstance(exc.__cause__, NOT_SENT_TIMEOUTS):
                    raise Uncertain(str(exc)) from exc
                error_retries = await self._back_off(chat_id, exc, error_retries)
            except NetworkError as exc:
                error_retries = await self._back_off(chat_id, exc, error_retries)
            except TelegramError as exc:
                if type(exc) is TelegramError:  # "Invalid server response": an answer came
                    raise Uncertain(f"the answer could not be read: {exc}") from exc
                raise SendFailed(str(exc)) from exc  # refused: a bad token, a migrated chat
            except Exception as exc:
                # Raised while python-telegram-bot read the answer: the message may be there.
                raise Uncertain(f"the answer could not be read: {exc!r}") from exc

    async def _back_off(self, chat_id: int, exc: NetworkError, retries: int) -> int:
        """Wait before trying again; StillFailing after the last retry."""
        retries += 1
        if retries > self.limits.retries_after_error:
            raise StillFailing(str(exc)) from exc
        delay = self.limits.backoff_seconds * 2 ** (retries - 1)
        log.info("send to %s failed (%s); retrying in %.1f s", chat_id, exc, delay)
        await asyncio.sleep(delay)
        return retries
