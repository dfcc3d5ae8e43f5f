"""Telegram's rules for what a bot sends: HTML entities, lengths, callback data. Pure.

The bot splits its texts by these limits, and the Bot API emulator rejects what breaks them,
as Telegram does.
"""

from __future__ import annotations

import html
import re

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
# An inline keyboard holds at most 100 buttons, at most 8 in a row.
MAX_INLINE_BUTTONS = 100
MAX_BUTTONS_PER_ROW = 8
TOO_MANY_BUTTONS = "Bad Request: reply markup is too long"

# Tags Telegram's HTML parse mode understands (and the attributes it reads).
ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


class EntityError(ValueError):
    """The text is not valid Telegram HTML; the message is Telegram's wording."""


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji may count twice)."""
    return len(text.encode("utf-16-le")) // 2


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def html_to_plain(text: str) -> str:
    """The text a user sees once Telegram has parsed the HTML; raises EntityError."""
    return parse_html(text)[0]


def parse_html(text: str) -> tuple[str, list[dict[str, object]]]:
    """The plain text and the message entities Telegram makes of an HTML text (offsets and
    lengths in UTF-16 units, as the Bot API gives them); raises EntityError."""
    plain: list[str] = []
    stack: list[str] = []
    opened: list[tuple[int, dict[str, object]]] = []
    entities: list[tuple[int, int, dict[str, object]]] = []
    length = 0  # UTF-16 units of plain so far
    index = 0
    while index < len(text):
        char = text[index]
        if char == "<":
            match = _TAG.match(text, index)
            if match is None:
                raise EntityError(
                    "can't parse entities: Unexpected end of name token at byte offset "
                    f"{_offset(text, index)}"
                )
            closing, name = match[1] == "/", match[2].lower()
            if name not in ALLOWED_TAGS:
                kind = "end" if closing else "start"
                raise EntityError(
                    f'can\'t parse entities: Unsupported {kind} tag "{name}" at byte offset '
                    f"{_offset(text, index)}"
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise EntityError(
                        f"can't parse entities: Unmatched end tag at byte offset "
                        f'{_offset(text, index)}, expected "</{stack[-1] if stack else ""}>", '
                        f'found "</{name}>"'
                    )
                stack.pop()
                start, closed = opened.pop()
                if length > start:
                    entities.append((start, -len(entities), {**closed, "length": length - start}))
            else:
                stack.append(name)
                entity: dict[str, object] = {"type": _ENTITY_TYPES[name], "offset": length}
                href = _HREF.search(match[3]) if name == "a" else None
                if href is not None:
                    entity["url"] = html.unescape(next(g for g in href.groups() if g is not None))
                opened.append((length, entity))
            index = match.end()
        elif char == "&":
            match = _ENTITY.match(text, index)
            if match is None:
                raise EntityError(
                    "can't parse entities: Character entity expected at byte offset "
                    f"{_offset(text, index)}"
                )
            plain.append(html.unescape(match[0]))
            length += utf16_length(plain[-1])
            index = match.end()
        else:
            plain.append(char)
            length += utf16_length(char)
            index += 1
    if stack:
        raise EntityError(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    # Outer entities first where they start together (Telegram sorts them so).
    ordered = [entity for _start, _order, entity in sorted(entities, key=lambda e: e[:2])]
    return "".join(plain), ordered


def check_text(text: str, *, html_mode: bool, caption: bool = False) -> str:
    """Telegram's checks on a message text or caption; returns the error, or '' when valid."""
    try:
        plain = html_to_plain(text) if html_mode else text
    except EntityError as exc:
        return f"Bad Request: {exc}"
    if caption:
        if utf16_length(plain) > MAX_CAPTION:
            return "Bad Request: message caption is too long"
        return ""
    if not plain.strip():
        return "Bad Request: message text is empty"
    if utf16_length(plain) > MAX_TEXT:
        return "Bad Request: message is too long"
    return ""


def check_reply_markup(markup: object) -> str:
    """Checks on an inline keyboard: at most 100 buttons, 8 a row, button texts present,
    callback data 1–64 bytes."""
    if markup is None:
        return ""
    if not isinstance(markup, dict):
        return "Bad Request: can't parse reply keyboard markup JSON object"
    rows = markup.get("inline_keyboard")
    if rows is None:
        return ""
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS or any(
        len(row) > MAX_BUTTONS_PER_ROW for row in rows
    ):
        return TOO_MANY_BUTTONS
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                return "Bad Request: text buttons are unallowed in the inline keyboard"
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                return "Bad Request: BUTTON_DATA_INVALID"
    return ""
