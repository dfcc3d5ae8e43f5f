"""The HTTP side of the emulator: ``POST /bot<token>/<method>`` decoded, answered as the Bot API
answers, with injected faults applied; the access log keeps the token out."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import TYPE_CHECKING, Any

import tornado.web

from botapi_emulator.state import ApiError, Fault

if TYPE_CHECKING:
    from botapi_emulator.emulator import BotApiEmulator

log = logging.getLogger(__name__)

_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "commands",
        "reply_parameters",
        "entities",
        "caption_entities",
        "allowed_updates",
        "link_preview_options",
        "scope",
    }
)
_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")


def _decode_params(handler: tornado.web.RequestHandler) -> dict[str, Any]:
    request = handler.request
    content_type = request.headers.get("Content-Type", "")
    params: dict[str, Any] = {}
    if content_type.startswith("application/json") and request.body:
        try:
            body = json.loads(request.body)
        except json.JSONDecodeError:
            raise ApiError(400, "Bad Request: can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: request body must be a JSON object")
        return body
    for name, values in {**request.query_arguments, **request.body_arguments}.items():
        value = values[-1].decode("utf-8")
        if name in _JSON_FIELDS:
            try:
                params[name] = json.loads(value)
            except json.JSONDecodeError:
                raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
        else:
            params[name] = value
    return params


class MethodHandler(tornado.web.RequestHandler):
    def initialize(self, emu: BotApiEmulator) -> None:
        self.emu = emu

    def check_xsrf_cookie(self) -> None:  # an API, not a form
        return

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        emu = self.emu
        fault: Fault | None = None
        try:
            if not _TOKEN.fullmatch(token):
                raise ApiError(401, "Unauthorized")
            params = _decode_params(self)
            files = {
                name: (items[0].filename, items[0].body)
                for name, items in self.request.files.items()
            }
            fault = emu._take_fault(method)
            if fault is not None and fault.kind not in ("timeout", "garbled"):
                raise _fault_error(fault)
            result = await emu.call(method, params, files)
            if fault is not None and fault.kind == "garbled":  # carried out; answered in bits
                self.set_status(200)
                self.finish(b"<html>502 Bad Gateway</html>")
                return
            if fault is not None:  # "timeout": the request was carried out, the answer is lost
                await asyncio.sleep(fault.hang_seconds)
            self._answer(200, {"ok": True, "result": result})
        except ApiError as exc:
            emu.errors.append((method, exc.code, exc.description))
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            self._answer(exc.code, body)

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        log.error("emulator error", exc_info=(typ, value, tb))


def access_log(handler: tornado.web.RequestHandler) -> None:
    """Tornado's access log without the path: a Bot API path holds the token."""
    method = handler.request.path.rsplit("/", 1)[-1]
    log.debug("%s %s -> %s", handler.request.method, method, handler.get_status())


def _fault_error(fault: Fault) -> ApiError:
    if fault.kind == "429":
        return ApiError(
            429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after
        )
    if fault.kind == "400":
        return ApiError(400, "Bad Request: injected fault")
    return ApiError(500, "Internal Server Error")
