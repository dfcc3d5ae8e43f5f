"""A Bot API emulator: a real HTTP server on loopback that speaks Telegram's Bot API.

The bot talks to it exactly as to api.telegram.org (``POST /bot<token>/<method>`` with form,
multipart or JSON bodies, ``{"ok": ..., "result": ...}`` answers) and it applies Telegram's
rules: HTML entities, text and caption lengths, callback data size, blocked chats, unknown chats
and flood limits. Tests and the sandbox use its Python side to act as learners (send messages,
press buttons), read what the bot sent, block chats and inject faults.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.clock import Clock, SystemClock
from bot.telegram.rules import check_reply_markup, check_text, parse_html
from botapi_emulator.http import MethodHandler, access_log
from botapi_emulator.state import BOT_ID, ApiError, ChatMessage, ChatState, Fault, FloodLimits

log = logging.getLogger(__name__)

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


class BotApiEmulator:
    """The emulator; ``await start()`` serves on 127.0.0.1 and sets ``base_url``."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        flood: FloodLimits | None = None,
        bot_username: str = "roadmap_coach_bot",
    ) -> None:
        self.clock = clock or SystemClock()
        self.flood = flood
        self.bot_username = bot_username
        self.chats: dict[int, ChatState] = {}
        self.commands: list[dict[str, str]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[tuple[str, int, str]] = []  # (method, code, description) answered
        self.faults: list[Fault] = []
        self.on_bot_message: Callable[[ChatMessage], None] | None = None  # for load drivers
        self.slow_chats: dict[int, asyncio.Event] = {}  # sends to these wait for the event
        # Seconds every send waits, once carried out, before it is answered (a slow Bot API).
        self.send_answer_delay = 0.0
        self._dropped: set[int] = set()
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self._random_failure: tuple[float, tuple[str, ...], float, Any] | None = None
        self._updates: list[dict[str, Any]] = []
        self.delivered: dict[int, dict[str, Any]] = {}
        self._callback_chats: dict[str, int] = {}
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._changed = asyncio.Condition()
        self._sent_global: deque[float] = deque()
        self._sent_chat: dict[int, deque[float]] = {}
        self._server: tornado.httpserver.HTTPServer | None = None
        self._webhook_client: httpx.AsyncClient | None = None
        self.port = 0

    # --- lifecycle -----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What the bot takes as TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self, port: int = 0) -> str:
        app = tornado.web.Application(
            [(r"/bot([^/]+)/(\w+)", MethodHandler, {"emu": self})], log_function=access_log
        )
        sockets = tornado.netutil.bind_sockets(port, address="127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=60 * 1024 * 1024)
        self._server.add_sockets(sockets)
        return self.base_url

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
        if self._webhook_client is not None:
            await self._webhook_client.aclose()
            self._webhook_client = None
        async with self._changed:
            self._changed.notify_all()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- the learner's side --------------------------------------------------------------------

    def chat(
        self,
        chat_id: int,
        first_name: str = "Ada",
        *,
        group: bool = False,
        first_message_id: int = 1,
    ) -> ChatState:
        """A chat that exists on Telegram (the bot may write to it once the learner has); its
        messages are numbered from ``first_message_id`` (a chat with a history goes on after it)."""
        if chat_id not in self.chats:
            kind = "group" if group else "private"
            self.chats[chat_id] = ChatState(
                chat_id, first_name, kind, title=f"Group {chat_id}" if group else None
            )
            self._message_ids[chat_id] = itertools.count(first_message_id)
        return self.chats[chat_id]

    def _user(self, chat: ChatState) -> dict[str, Any]:
        user_id = chat.chat_id if chat.type == "private" else abs(chat.chat_id) + 1
        return {"id": user_id, "is_bot": False, "first_name": chat.first_name}

    def _chat_json(self, chat: ChatState) -> dict[str, Any]:
        data: dict[str, Any] = {"id": chat.chat_id, "type": chat.type}
        if chat.type == "private":
            data["first_name"] = chat.first_name
        else:
            data["title"] = chat.title
        return data

    def _message_json(self, message: ChatMessage) -> dict[str, Any]:
        chat = self.chats[message.chat_id]
        sender = (
            {"id": BOT_ID, "is_bot": True, "first_name": "Roadmap Coach"}
            if message.from_bot
            else self._user(chat)
        )
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self._chat_json(chat),
            "from": sender,
        }
        html_mode = message.from_bot and self._html({"parse_mode": message.parse_mode})
        if message.text is not None:
            data["text"] = message.text
            if html_mode:  # as Telegram gives it back: the plain text and its entities
                data["text"], entities = parse_html(message.text)
                if entities:
                    data["entities"] = entities
            if not message.from_bot and message.text.startswith("/"):
                length = len(message.text.split(maxsplit=1)[0])
                data["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if message.caption is not None:
            data["caption"] = message.caption
            if html_mode:
                data["caption"], entities = parse_html(message.caption)
                if entities:
                    data["caption_entities"] = entities
        if message.reply_markup is not None:
            data["reply_markup"] = message.reply_markup
        if message.photo is not None:
            file_id = f"photo-{message.chat_id}-{message.message_id}"
            data["photo"] = [
                {"file_id": file_id, "file_unique_id": file_id, "width": 1, "height": 1}
            ]
        if message.document is not None:
            file_id = f"doc-{message.chat_id}-{message.message_id}"
            data["document"] = {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": message.document_name,
            }
        if message.sticker is not None:
            file_id = f"sticker-{message.chat_id}-{message.message_id}"
            data["sticker"] = {
                "file_id": file_id,
                "file_unique_id": file_id,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": message.sticker,
            }
        if message.reply_to is not None:
            original = self._find(message.chat_id, message.reply_to)
            if original is not None:
                data["reply_to_message"] = self._message_json(
                    ChatMessage(**{**original.__dict__, "reply_to": None})
                )
        if message.edits and not message.from_bot:
            data["edit_date"] = message.date
        return data

    def _find(self, chat_id: int, message_id: int) -> ChatMessage | None:
        chat = self.chats.get(chat_id)
        if chat is None:
            return None
        return next((m for m in chat.messages if m.message_id == message_id), None)

    def _now(self) -> int:
        return int(self.clock.now().timestamp())

    async def _push_update(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        self.delivered[update_id] = update
        if self.webhook_url is not None:
            await self._post_to_webhook(update)
        else:
            self._updates.append(update)
        async with self._changed:
            self._changed.notify_all()
        return update_id

    async def _post_to_webhook(self, update: dict[str, Any]) -> None:
        assert self.webhook_url is not None
        if self._webhook_client is None:
            self._webhook_client = httpx.AsyncClient(timeout=30)
        headers = {}
        if self.webhook_secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        response = await self._webhook_client.post(self.webhook_url, json=update, headers=headers)
        if response.status_code != 200:
            log.warning("webhook answered %s for update %s", response.status_code, update)

    async def send(self, chat_id: int, text: str, *, reply_to: int | None = None) -> int:
        """The learner writes ``text``; returns the update id."""
        chat = self.chat(chat_id)
        chat.blocked = False  # writing to the bot unblocks it
        message = ChatMessage(
            next(self._message_ids[chat_id]), chat_id, False, self._now(), text, reply_to=reply_to
        )
        chat.messages.append(message)
        return await self._push_update({"message": self._message_json(message)})

    async def send_sticker(self, chat_id: int, emoji: str = "👍") -> int:
        """The learner sends a sticker (a message without text); returns the update id."""
        chat = self.chat(chat_id)
        chat.blocked = False
        message = ChatMessage(
            next(self._message_ids[chat_id]), chat_id, False, self._now(), sticker=emoji
        )
        chat.messages.append(message)
        return await self._push_update({"message": self._message_json(message)})

    async def redeliver(self, update_id: int) -> int:
        """Deliver an earlier update's content again, as after a lost confirmation.

        It arrives under a new update id, carrying the same message (chat and message id), which
        is what the bot's idempotency rests on.
        """
        original = self.delivered[update_id]
        content = {k: v for k, v in original.items() if k != "update_id"}
        return await self._push_update(content)

    async def edit(self, chat_id: int, message_id: int, text: str) -> int:
        """The learner edits an earlier message."""
        message = self._find(chat_id, message_id)
        if message is None or message.from_bot:
            raise ValueError(f"no learner message {message_id} in chat {chat_id}")
        message.text = text
        message.edits += 1
        return await self._push_update({"edited_message": self._message_json(message)})

    async def press(
        self, chat_id: int, message_id: int, data: str, *, from_user: int | None = None
    ) -> int:
        """The learner presses the inline button carrying ``data`` on a bot message.

        The data need not be on the message, nor the presser the chat's user (``from_user``):
        tests use this to forge a press.
        """
        chat = self.chat(chat_id)
        message = self._find(chat_id, message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        query_id = str(next(self._callback_ids))
        self._callback_chats[query_id] = chat_id
        query = {
            "id": query_id,
            "from": self._user(chat)
            if from_user is None
            else {"id": from_user, "is_bot": False, "first_name": "Mallory"},
            "chat_instance": str(chat_id),
            "message": self._message_json(message),
            "data": data,
        }
        return await self._push_update({"callback_query": query})

    async def press_button(self, chat_id: int, message_id: int, text_part: str) -> int:
        """Press the button whose text contains ``text_part``."""
        message = self._find(chat_id, message_id)
        assert message is not None, f"no message {message_id}"
        for text, data in message.buttons:
            if text_part in text:
                return await self.press(chat_id, message_id, data)
        raise AssertionError(f"no button {text_part!r} among {message.buttons}")

    def block(self, chat_id: int) -> None:
        self.chat(chat_id).blocked = True

    def bot_messages(self, chat_id: int, *, include_deleted: bool = False) -> list[ChatMessage]:
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [m for m in chat.messages if m.from_bot and (include_deleted or not m.deleted)]

    async def wait_until(self, condition: Callable[[], bool], within: float = 10.0) -> None:
        """Wait (without polling) until ``condition()`` holds; TimeoutError after ``within`` s."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(condition)

    # --- faults --------------------------------------------------------------------------------

    def fail(self, method: str, kind: str, times: int = 1, **options: Any) -> None:
        self.faults.append(Fault(method, kind, times, **options))

    def fail_randomly(
        self, rate: float, kinds: Iterable[str], seconds: float, rng: Any = None
    ) -> None:
        """Fail ``rate`` of all calls for ``seconds`` with one of ``kinds`` (seeded ``rng``)."""
        import random

        self._random_failure = (
            rate,
            tuple(kinds),
            time.monotonic() + seconds,
            rng or random.Random(0),
        )

    def hold_sends(self, chat_id: int) -> asyncio.Event:
        """Hold every send to ``chat_id`` until the returned event is set (a slow chat)."""
        self._dropped.discard(chat_id)
        return self.slow_chats.setdefault(chat_id, asyncio.Event())

    def drop_held(self, chat_id: int) -> None:
        """Fail the sends held for ``chat_id`` without carrying them out (their sender died
        before they were done), and hold no more."""
        self._dropped.add(chat_id)
        held = self.slow_chats.pop(chat_id, None)
        if held is not None:
            held.set()

    def stop_failing(self) -> None:
        """End ``fail_randomly`` early."""
        self._random_failure = None

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.method in (method, "*") and fault.times > 0:
                fault.times -= 1
                return fault
        if self._random_failure is not None:
            rate, kinds, until, rng = self._random_failure
            if time.monotonic() > until:
                self._random_failure = None
            elif method != "getUpdates" and rng.random() < rate:
                # A timeout hangs past the client's 5 s read timeout.
                return Fault(method, rng.choice(kinds), hang_seconds=7.0)
        return None

    # --- the bot's side ------------------------------------------------------------------------

    def _check_flood(self, chat: ChatState) -> None:
        limits = self.flood
        if limits is None:
            return
        now = time.monotonic()
        window = self._sent_chat.setdefault(chat.chat_id, deque())
        span = 60.0 if chat.type != "private" else 1.0
        per_chat = (
            limits.per_group_per_minute if chat.type != "private" else limits.per_chat_per_second
        )
        while window and now - window[0] >= span:
            window.popleft()
        while self._sent_global and now - self._sent_global[0] >= 1.0:
            self._sent_global.popleft()
        if per_chat is not None and len(window) >= per_chat:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        if limits.per_second is not None and len(self._sent_global) >= limits.per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        window.append(now)
        self._sent_global.append(now)

    def _target_chat(self, params: dict[str, Any]) -> ChatState:
        try:
            chat_id = int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat_id is empty") from None
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _html(self, params: dict[str, Any]) -> bool:
        mode = params.get("parse_mode")
        if mode not in (None, "HTML"):
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode} in the emulator")
        return mode == "HTML"

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The inline keyboard to keep on the message (Telegram returns only those)."""
        markup = params.get("reply_markup")
        problem = check_reply_markup(markup)
        if problem:
            raise ApiError(400, problem)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            return markup
        return None

    def _reply_to(self, params: dict[str, Any]) -> int | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and "message_id" in reply:
            return int(reply["message_id"])
        if "reply_to_message_id" in params:
            return int(params["reply_to_message_id"])
        return None

    async def _bot_message(self, chat: ChatState, **fields: Any) -> dict[str, Any]:
        message = ChatMessage(
            next(self._message_ids[chat.chat_id]), chat.chat_id, True, self._now(), **fields
        )
        chat.messages.append(message)
        if self.on_bot_message is not None:
            self.on_bot_message(message)
        async with self._changed:
            self._changed.notify_all()
        return self._message_json(message)

    async def call(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> Any:
        """Carry out one Bot API method; raise ApiError for an error answer."""
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        self.calls.append((method, params))
        async with self._changed:  # a call arriving is news too (tests wait for one)
            self._changed.notify_all()
        target = _int_or_zero(params.get("chat_id"))
        held = self.slow_chats.get(target)
        if held is not None and method in SEND_METHODS:
            await held.wait()
            if target in self._dropped:
                raise ApiError(500, "Internal Server Error: the request was dropped")
        result = await handler(params, files)
        async with self._changed:  # whatever the call changed, waiters look again
            self._changed.notify_all()
        if method in SEND_METHODS and self.send_answer_delay > 0:
            await asyncio.sleep(self.send_answer_delay)
        return result

    async def _api_getMe(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Roadmap Coach",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any], files: Any) -> list[dict[str, Any]]:
        if self.webhook_url is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0:
            try:
                async with asyncio.timeout(timeout), self._changed:
                    await self._changed.wait_for(lambda: bool(self._updates) or not self._server)
            except TimeoutError:
                pass
        return self._updates[:limit]

    async def _api_setWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook_url = str(params["url"]) or None
        self.webhook_secret = params.get("secret_token")
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook_url = None
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_setMyCommands(self, params: dict[str, Any], files: Any) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or not commands:
            raise ApiError(400, "Bad Request: commands must be a non-empty array")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands = commands
        return True

    async def _api_getMyCommands(self, params: dict[str, Any], files: Any) -> list[Any]:
        return self.commands

    async def _api_sendMessage(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        chat = self._target_chat(params)
        text = str(params.get("text", ""))
        problem = check_text(text, html_mode=self._html(params))
        if problem:
            raise ApiError(400, problem)
        markup = self._markup(params)
        self._check_flood(chat)
        return await self._bot_message(
            chat,
            text=text,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            reply_to=self._reply_to(params),
        )

    async def _send_media(
        self, params: dict[str, Any], files: dict[str, tuple[str, bytes]], kind: str
    ) -> dict[str, Any]:
        chat = self._target_chat(params)
        caption = params.get("caption")
        if caption is not None:
            problem = check_text(str(caption), html_mode=self._html(params), caption=True)
            if problem:
                raise ApiError(400, problem)
        upload = files.get(kind)
        if upload is None:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        name, content = upload
        if not content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        markup = self._markup(params)
        self._check_flood(chat)
        media: dict[str, Any] = (
            {"photo": content} if kind == "photo" else {"document": content, "document_name": name}
        )
        return await self._bot_message(
            chat,
            caption=caption,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            **media,
        )

    async def _api_sendPhoto(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return await self._send_media(params, files, "photo")

    async def _api_sendDocument(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return await self._send_media(params, files, "document")

    def _bot_message_to_edit(self, params: dict[str, Any]) -> ChatMessage:
        chat = self._target_chat(params)
        message = self._find(chat.chat_id, int(params.get("message_id") or 0))
        if message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    async def _api_editMessageText(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        message = self._bot_message_to_edit(params)
        text = str(params.get("text", ""))
        problem = check_text(text, html_mode=self._html(params))
        if problem:
            raise ApiError(400, problem)
        markup = self._markup(params)
        if text == message.text and markup == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message.text, message.reply_markup = text, markup
        message.parse_mode = params.get("parse_mode")
        message.edits += 1
        async with self._changed:
            self._changed.notify_all()
        return self._message_json(message)

    async def _api_editMessageReplyMarkup(
        self, params: dict[str, Any], files: Any
    ) -> dict[str, Any]:
        message = self._bot_message_to_edit(params)
        markup = self._markup(params)
        if markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.edits += 1
        async with self._changed:
            self._changed.notify_all()
        return self._message_json(message)

    async def _api_deleteMessage(self, params: dict[str, Any], files: Any) -> bool:
        chat = self._target_chat(params)
        message = self._find(chat.chat_id, int(params.get("message_id") or 0))
        if message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        message.deleted = True
        async with self._changed:
            self._changed.notify_all()
        return True

    async def _api_answerCallbackQuery(self, params: dict[str, Any], files: Any) -> bool:
        chat_id = self._callback_chats.pop(str(params.get("callback_query_id")), None)
        if chat_id is None:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.chats[chat_id].toasts.append(str(text or ""))
        return True

    async def _api_sendChatAction(self, params: dict[str, Any], files: Any) -> bool:
        self._target_chat(params)
        return True

    async def _api_close(self, params: dict[str, Any], files: Any) -> bool:
        return True

    async def _api_logOut(self, params: dict[str, Any], files: Any) -> bool:
        return True


def _int_or_zero(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
