"""Bot API requests that try again when Telegram was busy or failed on its side.

A 429 waits its ``retry_after``, a 5xx or a connection that never opened backs off, a bounded
number of times. A timeout is not retried: the request may have been carried out, and a reply
sent twice is worse than a reply that is late. The conversation's replies go through this; the
scheduler's pushes have their own sender, with Telegram's broadcast limits and outcome records.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import ssl
from typing import Any

import httpx
from telegram import Bot
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)


@functools.cache
def verified_tls() -> ssl.SSLContext:
    """The TLS context every Bot API client of this process shares: httpx's default (certifi's
    certificates, or SSL_CERT_FILE / SSL_CERT_DIR), built once. Each client would otherwise load
    the whole certificate bundle again, some 20–40 ms of CPU, four times for each bot started."""
    return httpx.create_ssl_context()


def plain_request(**options: Any) -> HTTPXRequest:
    """A Bot API client without retries, on the shared TLS context."""
    return HTTPXRequest(httpx_kwargs={"verify": verified_tls()}, **options)


def push_bot(token: str, base_url: str) -> Bot:
    """The bot the scheduler sends pushes through: no retries (its sender sees each failure and
    records the outcome), on the shared TLS context."""
    return Bot(
        token, base_url=base_url, request=plain_request(), get_updates_request=plain_request()
    )


class RetryingRequest(HTTPXRequest):
    def __init__(
        self,
        *,
        attempts: int = 4,
        backoff_seconds: float = 0.5,
        longest_wait: float = 30.0,
        **options: Any,
    ) -> None:
        super().__init__(httpx_kwargs={"verify": verified_tls()}, **options)
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.longest_wait = longest_wait

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        attempt = 0
        while True:
            attempt += 1
            last_try = attempt >= self.attempts
            try:
                code, payload = await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout,
                    pool_timeout,
                )  # fmt: skip
            except TimedOut:
                raise
            except NetworkError as exc:
                if last_try or not isinstance(exc.__cause__, httpx.ConnectError):
                    raise
                wait = self._backoff(attempt)
            else:
                if code == 429 and not last_try:
                    wait = _retry_after(payload)
                    if wait > self.longest_wait:
                        return code, payload
                elif code >= 500 and not last_try:
                    wait = self._backoff(attempt)
                else:
                    return code, payload
            log.info("Bot API call failed (attempt %d); retrying in %.1f s", attempt, wait)
            await asyncio.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        return float(self.backoff_seconds * 2 ** (attempt - 1))


def _retry_after(payload: bytes) -> float:
    try:
        data = json.loads(payload)
        return float(data["parameters"]["retry_after"])
    except (ValueError, KeyError, TypeError):
        return 1.0
