"""The emulator enforces Telegram's rules over real HTTP, in each body encoding."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.telegram.rules import html_to_plain
from botapi_emulator import BotApiEmulator, FloodLimits

TOKEN = "42:emulator-test"


@pytest.fixture
async def api() -> AsyncIterator[tuple[BotApiEmulator, httpx.AsyncClient]]:
    emulator = BotApiEmulator()
    await emulator.start()
    emulator.chat(1)
    async with httpx.AsyncClient(base_url=f"{emulator.base_url}{TOKEN}/") as client:
        yield emulator, client
    await emulator.stop()


async def call(client: httpx.AsyncClient, method: str, **params: Any) -> tuple[int, Any]:
    response = await client.post(method, json=params)
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>bold</b> &amp; <i>fine</i> <a href='x'>link</a> <code>x</code>", None),
        ("a < b", "can't parse entities"),
        ("fish & chips", "can't parse entities: Character entity expected"),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("<b>open", "Can't find end tag"),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("   ", "message text is empty"),
        ("<b></b>", "message text is empty"),
        ("x" * 4096, None),
        ("x" * 4097, "message is too long"),
        ("🐍" * 2049, "message is too long"),  # an emoji is two UTF-16 units
    ],
)
async def test_send_message_checks_html_and_length(
    api: tuple[BotApiEmulator, httpx.AsyncClient], text: str, error: str | None
) -> None:
    _emulator, client = api
    status, body = await call(client, "sendMessage", chat_id=1, text=text, parse_mode="HTML")
    if error is None:
        assert (status, body["ok"]) == (200, True)
        assert body["result"]["text"] == html_to_plain(text)  # as Telegram gives it back
    else:
        assert status == 400
        assert error in body["description"]


async def test_callback_data_chats_and_captions(
    api: tuple[BotApiEmulator, httpx.AsyncClient],
) -> None:
    emulator, client = api
    keyboard = {"inline_keyboard": [[{"text": "ok", "callback_data": "x" * 64}]]}
    assert (await call(client, "sendMessage", chat_id=1, text="a", reply_markup=keyboard))[0] == 200
    keyboard["inline_keyboard"][0][0]["callback_data"] = "x" * 65
    status, body = await call(client, "sendMessage", chat_id=1, text="a", reply_markup=keyboard)
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")

    status, body = await call(client, "sendMessage", chat_id=999, text="a")
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    emulator.block(1)
    status, body = await call(client, "sendMessage", chat_id=1, text="a")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    emulator.chats[1].blocked = False

    files = {"photo": ("chart.png", b"\x89PNG...", "image/png")}
    response = await client.post(
        "sendPhoto", data={"chat_id": "1", "caption": "c" * 1025}, files=files
    )
    assert response.status_code == 400
    assert "caption is too long" in response.json()["description"]
    response = await client.post("sendPhoto", data={"chat_id": "1", "caption": "ok"}, files=files)
    assert response.status_code == 200
    assert emulator.bot_messages(1)[-1].photo == b"\x89PNG..."


async def test_form_bodies_as_python_telegram_bot_sends_them(
    api: tuple[BotApiEmulator, httpx.AsyncClient],
) -> None:
    emulator, client = api
    markup = json.dumps({"inline_keyboard": [[{"text": "go", "callback_data": "d"}]]})
    response = await client.post(
        "sendMessage", data={"chat_id": "1", "text": "hi", "reply_markup": markup}
    )
    assert response.status_code == 200
    assert emulator.bot_messages(1)[-1].buttons == [("go", "d")]


async def test_flood_limits_answer_429_with_retry_after(
    api: tuple[BotApiEmulator, httpx.AsyncClient],
) -> None:
    emulator, client = api
    emulator.flood = FloodLimits(per_second=30, per_chat_per_second=1)
    assert (await call(client, "sendMessage", chat_id=1, text="one"))[0] == 200
    status, body = await call(client, "sendMessage", chat_id=1, text="two")
    assert status == 429
    assert body["parameters"] == {"retry_after": 1}


async def test_faults_and_unknown_methods(api: tuple[BotApiEmulator, httpx.AsyncClient]) -> None:
    emulator, client = api
    emulator.fail("sendMessage", "500")
    emulator.fail("sendMessage", "429", retry_after=2)
    assert (await call(client, "sendMessage", chat_id=1, text="a"))[0] == 500
    status, body = await call(client, "sendMessage", chat_id=1, text="a")
    assert (status, body["parameters"]["retry_after"]) == (429, 2)
    assert (await call(client, "sendMessage", chat_id=1, text="a"))[0] == 200
    assert (await call(client, "frobnicate"))[0] == 404
    response = await client.post(f"{emulator.base_url}not-a-token/getMe")
    assert response.status_code == 401


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    api: tuple[BotApiEmulator, httpx.AsyncClient],
) -> None:
    emulator, client = api
    pending = asyncio.ensure_future(client.post("getUpdates", json={"timeout": 30}))
    update_id = await emulator.send(1, "/start")
    response = await asyncio.wait_for(pending, 10)
    (update,) = response.json()["result"]
    assert update["update_id"] == update_id
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    confirmed = (await call(client, "getUpdates", offset=update_id + 1))[1]
    assert confirmed["result"] == []


def _keyboard(row_sizes: list[int], data: str = "d") -> dict[str, Any]:
    return {
        "inline_keyboard": [
            [{"text": f"{r}.{b}", "callback_data": data} for b in range(size)]
            for r, size in enumerate(row_sizes)
        ]
    }


@pytest.mark.parametrize(
    ("keyboard", "error"),
    [
        (_keyboard([8] * 12 + [4]), None),  # 100 buttons, 8 a row
        (_keyboard([5] * 20), None),
        (_keyboard([1] * 100), None),
        (_keyboard([8] * 12 + [5]), "Bad Request: reply markup is too long"),  # 101
        (_keyboard([1] * 101), "Bad Request: reply markup is too long"),
        (_keyboard([2, 9]), "Bad Request: reply markup is too long"),  # 9 in a row
        (_keyboard([1], data=""), "Bad Request: BUTTON_DATA_INVALID"),
        (_keyboard([1], data="é" * 33), "Bad Request: BUTTON_DATA_INVALID"),  # 66 bytes
    ],
)
async def test_inline_keyboards_within_telegrams_limits(
    api: tuple[BotApiEmulator, httpx.AsyncClient], keyboard: dict[str, Any], error: str | None
) -> None:
    emulator, client = api
    await call(client, "sendMessage", chat_id=1, text="to edit")
    (message,) = emulator.bot_messages(1)
    target = {"chat_id": 1, "message_id": message.message_id}
    for method, params in (
        ("sendMessage", {"chat_id": 1, "text": "a"}),
        ("editMessageReplyMarkup", target),
        ("editMessageText", {**target, "text": "edited"}),
    ):
        status, body = await call(client, method, reply_markup=keyboard, **params)
        if error is None:
            assert (status, body["ok"]) == (200, True), (method, body)
        else:
            assert (status, body["description"]) == (400, error), method


async def test_a_sent_html_text_comes_back_as_plain_text_and_entities(
    api: tuple[BotApiEmulator, httpx.AsyncClient],
) -> None:
    """As Telegram does: so the bot's ``text_html`` of its own message is what it sent."""
    _emulator, client = api
    text = (
        "🐍 <b>Week <i>1</i></b> &amp; <a href='https://x.org/?a=1&amp;b=2'>link</a> <code>x</code>"
    )
    _status, body = await call(client, "sendMessage", chat_id=1, text=text, parse_mode="HTML")
    assert body["result"]["text"] == "🐍 Week 1 & link x"
    assert body["result"]["entities"] == [
        {"type": "bold", "offset": 3, "length": 6},
        {"type": "italic", "offset": 8, "length": 1},
        {"type": "text_link", "offset": 12, "length": 4, "url": "https://x.org/?a=1&b=2"},
        {"type": "code", "offset": 17, "length": 1},
    ]
    _status, plain = await call(client, "sendMessage", chat_id=1, text="<b>x</b>")
    assert (plain["result"]["text"], "entities" in plain["result"]) == ("<b>x</b>", False)


async def test_a_sticker_is_a_message_without_text_numbered_after_a_given_id() -> None:
    emulator = BotApiEmulator()
    await emulator.start()
    try:
        emulator.chat(5, first_message_id=41)
        await emulator.send_sticker(5, "🎉")
        async with httpx.AsyncClient(base_url=f"{emulator.base_url}{TOKEN}/") as client:
            _status, body = await call(client, "getUpdates")
    finally:
        await emulator.stop()
    (update,) = body["result"]
    message = update["message"]
    assert message["message_id"] == 41
    assert "text" not in message
    assert message["sticker"]["emoji"] == "🎉"
