"""The emulator started in a subprocess (``python -m botapi_emulator``), so that what it costs
to play Telegram does not share the process, nor the event loop, of the bot under test."""

from __future__ import annotations

import asyncio
import json
import sys
from types import TracebackType
from typing import Any

import httpx


class EmulatorProcess:
    """``async with EmulatorProcess() as emulator``: ``emulator.base_url`` for the bot, and
    ``await emulator.control("stats")`` (GET) or ``control("drive", {...})`` (POST)."""

    def __init__(self, start_timeout: float = 30.0) -> None:
        self.start_timeout = start_timeout
        self.base_url = ""
        self._process: asyncio.subprocess.Process | None = None
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> EmulatorProcess:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "botapi_emulator", "--port", "0", stdout=asyncio.subprocess.PIPE
        )
        assert self._process.stdout is not None
        try:
            line = await asyncio.wait_for(self._process.stdout.readline(), self.start_timeout)
            started = json.loads(line)
        except (TimeoutError, json.JSONDecodeError):
            await self._end()
            raise RuntimeError("the emulator process did not start") from None
        self.base_url = started["base_url"]
        self._client = httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{started['port']}/control/", timeout=None
        )
        return self

    async def control(self, action: str, body: dict[str, Any] | None = None) -> Any:
        assert self._client is not None
        if body is None:
            response = await self._client.get(action)
        else:
            response = await self._client.post(action, json=body)
        response.raise_for_status()
        return response.json()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self._end()

    async def _end(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._process is not None and self._process.returncode is None:
            self._process.terminate()
            await self._process.wait()
        self._process = None
