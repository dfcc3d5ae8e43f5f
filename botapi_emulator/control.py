"""The emulator's control endpoint, for a driver in another process (the benchmarks):
``/control/<action>`` with a JSON body, answered in JSON.

- ``POST chats`` ``{"first": 1000, "count": 500}``: chats that exist on Telegram.
- ``POST flood`` ``{"per_second": 30, "per_chat_per_second": 1}``; ``{}``: no limits.
- ``POST drive`` ``{"first": …, "learners": …, "messages": …, "text": "/log {n}m", "pause": 0.2,
  "flood": {"chat": …, "count": 300, "text": "/recap"}}`` (pause and flood optional): the load
  of ``load.drive``, answered when it is over with its figures.
- ``GET stats``: the bot's messages delivered, the calls by method, the 429s answered.
- ``GET sent``: every text message the bot sent (chat, text, parse mode, buttons), in order.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

import tornado.web

from botapi_emulator.load import Flood, drive
from botapi_emulator.state import FloodLimits

if TYPE_CHECKING:
    from botapi_emulator.emulator import BotApiEmulator


class ControlHandler(tornado.web.RequestHandler):
    def initialize(self, emu: BotApiEmulator) -> None:
        self.emu = emu

    def check_xsrf_cookie(self) -> None:  # an API, not a form
        return

    async def get(self, action: str) -> None:
        emu = self.emu
        if action == "stats":
            messages = [m for chat in emu.chats.values() for m in chat.messages if m.from_bot]
            self._answer(
                {
                    "delivered": len(messages),
                    "calls": dict(Counter(method for method, _params in emu.calls)),
                    "responses_429": sum(1 for _m, code, _d in emu.errors if code == 429),
                    "errors": len(emu.errors),
                }
            )
        elif action == "sent":
            self._answer(
                [
                    {
                        "chat_id": m.chat_id,
                        "text": m.text,
                        "parse_mode": m.parse_mode,
                        "reply_markup": m.reply_markup,
                    }
                    for chat in emu.chats.values()
                    for m in chat.messages
                    if m.from_bot and m.text is not None
                ]
            )
        else:
            raise tornado.web.HTTPError(404)

    async def post(self, action: str) -> None:
        try:
            body: dict[str, Any] = json.loads(self.request.body or b"{}")
        except json.JSONDecodeError:
            raise tornado.web.HTTPError(400, "the body is not JSON") from None
        emu = self.emu
        if action == "chats":
            for chat in range(int(body["first"]), int(body["first"]) + int(body["count"])):
                emu.chat(chat)
            self._answer({"chats": len(emu.chats)})
        elif action == "flood":
            emu.flood = FloodLimits(**body) if body else None
            self._answer({"flood": body or None})
        elif action == "drive":
            flood = body.get("flood")
            figures = await drive(
                emu,
                int(body["first"]),
                int(body["learners"]),
                int(body["messages"]),
                body["text"],
                pause=float(body.get("pause", 0)),
                flood=None if flood is None else Flood(**flood),
            )
            self._answer(figures)
        else:
            raise tornado.web.HTTPError(404)

    def _answer(self, body: object) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))
