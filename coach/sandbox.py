"""`coach sandbox`: the whole bot in a terminal, with no token and no network.

The real Application, handlers and scheduler talk HTTP to the built-in Bot API emulator on
127.0.0.1. You type as the learner; the bot's messages print with their id and their buttons
numbered (type the number to press one), and so do the messages it edits, and the toasts a
button press answers with; photos and documents are saved to a folder. The clock stands
still until you move it with `:advance` or `:at`, which runs every push due on the way.
With ``--db`` a chat goes on across runs: the emulator numbers its messages after the
highest id the database knows, so a new message is never taken for one already handled.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.clock import SettableClock
from bot.db import repo
from bot.db.messages import highest_message_id
from bot.db.migrate import upgrade_database
from bot.db.session import create_engine
from bot.domain.curriculum import Curriculum
from bot.domain.parsing import zone_from_key
from bot.domain.reading import read_count
from bot.telegram.rules import html_to_plain
from botapi_emulator import ChatMessage
from coach.stage import Stage

CHAT = 1
HELP = """Sandbox commands:
  :advance 1d | 3h | 30m | 2w   move the clock forward, sending every push due on the way
  :at 2026-12-07 18:00          move the clock to that time in your time zone
  :now                          show the time
  :reply 12 - what I learned    reply to message #12 (e.g. the notes prompt) with that text
  :sticker                      send a sticker (a message without text)
  :help                         this list
  :quit                         leave (Ctrl-D works too)
Type a number to press that button of the last message with buttons; anything else is sent
to the bot as a message (try /start). Bot messages show their id (#12); edited ones print
again marked "edited", and a button's toast prints after "toast".
Try /go then :advance 3h for the focus timer (/stop logs it), and ✏️ on /history to change
an entry (its buttons, or :reply N 2h). Among the bot's commands: /ship [week] URL,
/portfolio, /capstone, /week (tick its goals), /notes all (a Markdown file), /notes find WORD."""
_STEP = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Sandbox:
    """A stage driven line by line from a terminal."""

    def __init__(
        self, curriculum: Curriculum, database_url: str, files: Path, start: datetime, out: TextIO
    ) -> None:
        self.files = files
        self.out = out
        self.engine = create_engine(database_url)
        self.stage = Stage(curriculum, self.engine, SettableClock(start))
        self._shown = 0
        self._saved = 0
        self._edits: dict[int, int] = {}  # message id → edits already printed
        self._toasts = 0

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        await upgrade_database(self.engine)
        async with self.stage.uow.read() as session:
            highest = await highest_message_id(session, CHAT)
        self.stage.emulator.chat(CHAT, "You", first_message_id=highest + 1)
        await self.stage.start()

    async def stop(self) -> None:
        await self.stage.stop()
        await self.engine.dispose()

    # --- the conversation ----------------------------------------------------------------------

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False when the learner quits."""
        text = line.strip()
        if not text:
            return True
        if text.startswith(":"):
            return await self._command(text)
        button = self._button(text)
        if button is not None:
            message, data = button
            await self.stage.press_and_wait(CHAT, message.message_id, data)
        else:
            await self.stage.send_and_wait(CHAT, line.rstrip("\n"))
        self.show_new()
        return True

    def _button(self, text: str) -> tuple[ChatMessage, str] | None:
        number = read_count(text, 1, 100)  # "²" is a digit to str.isdigit, not a button
        if number is None:
            return None
        with_buttons = [m for m in self.stage.emulator.bot_messages(CHAT) if m.buttons]
        if not with_buttons:
            return None
        message = with_buttons[-1]
        index = number - 1
        if not 0 <= index < len(message.buttons):
            return None
        return message, message.buttons[index][1]

    def show_new(self) -> None:
        """Print what the bot answered since the last time: toasts, edits, new messages."""
        toasts = self.stage.emulator.chats[CHAT].toasts
        for toast in toasts[self._toasts :]:
            if toast:  # a press answered without a text shows nothing on Telegram either
                self.print(f"coach toast › {toast}\n")
        self._toasts = len(toasts)
        messages = self.stage.emulator.bot_messages(CHAT, include_deleted=True)
        for message in messages[: self._shown]:
            if message.edits > self._edits.get(message.message_id, 0):
                self._show(message, edited=True)
        for message in messages[self._shown :]:
            self._show(message)
        self._shown = len(messages)

    def _show(self, message: ChatMessage, *, edited: bool = False) -> None:
        self._edits[message.message_id] = message.edits
        label = f"coach #{message.message_id}{' edited' if edited else ''} › "
        if message.deleted:
            self.print(f"coach #{message.message_id} [deleted]\n")
            return
        if message.photo is not None or message.document is not None:
            self._saved += 1
            name = message.document_name or f"chart-{self._saved}.png"
            path = self.files / f"{self._saved:03d}-{name}"
            path.write_bytes(message.photo or message.document or b"")
            kind = "photo" if message.photo is not None else "document"
            self.print(f"{label}[{kind} saved: {path}]")
        if message.content:
            text = html_to_plain(message.content)
            self.print(label + text.replace("\n", "\n        "))
        for number, (label, _data) in enumerate(message.buttons, start=1):
            self.print(f"        [{number}] {label}")
        self.print()

    # --- the clock -----------------------------------------------------------------------------

    async def _command(self, text: str) -> bool:
        name, _, argument = text[1:].partition(" ")
        if name in ("quit", "q", "exit"):
            return False
        if name == "help":
            self.print(HELP)
        elif name == "now":
            self.print(await self.time_line())
        elif name == "reply":
            await self._reply(argument)
        elif name == "sticker":
            await self.stage.sticker_and_wait(CHAT)
            self.show_new()
        elif name == "advance":
            steps = _STEP.findall(argument.lower())
            if not steps or _STEP.sub("", argument.lower()).strip():
                self.print("Use :advance with amounts like 1d, 3h, 30m or 1w2d.")
                return True
            delta = sum(
                (timedelta(**{_UNITS[unit]: int(n)}) for n, unit in steps), start=timedelta()
            )
            await self.move_to(self.stage.clock.now() + delta)
        elif name == "at":
            target = await self._local(argument)
            if target is None:
                self.print("Use :at YYYY-MM-DD HH:MM (in your time zone), later than now.")
                return True
            await self.move_to(target)
        else:
            self.print(f"Unknown sandbox command :{name}. Type :help.")
        return True

    async def _reply(self, argument: str) -> None:
        """``:reply N text``: the learner replies to message N of the chat with ``text``."""
        number, _, text = argument.strip().partition(" ")
        known = {m.message_id for m in self.stage.emulator.chats[CHAT].messages}
        if not number.isdigit() or int(number) not in known or not text.strip():
            self.print("Use :reply N text, with N the id of a message in the chat (#N).")
            return
        await self.stage.send_and_wait(CHAT, text.strip(), reply_to=int(number))
        self.show_new()

    async def _zone_key(self) -> str:
        async with self.stage.uow.read() as session:
            learner = await repo.learner_by_chat(session, CHAT)
        return "UTC" if learner is None else learner.timezone

    async def time_line(self) -> str:
        key = await self._zone_key()
        local = self.stage.clock.now().astimezone(zone_from_key(key))
        return f"🕒 {local.strftime('%a %d %b %Y %H:%M')} ({key})"

    async def _local(self, text: str) -> datetime | None:
        try:
            naive = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")  # noqa: DTZ007
        except ValueError:
            return None
        target = naive.replace(tzinfo=zone_from_key(await self._zone_key()))
        return target if target > self.stage.clock.now() else None

    async def move_to(self, target: datetime) -> None:
        """Move the clock to ``target``, showing every push due on the way."""
        await self.stage.advance(target, after_pass=self.show_new)
        self.print(await self.time_line())


async def run_sandbox(
    curriculum: Curriculum, database: Path | None, files: Path | None, start: datetime
) -> None:
    """The terminal loop: read lines until :quit or end of input."""
    workdir = Path(tempfile.mkdtemp(prefix="coach-sandbox-"))
    database = database or workdir / "sandbox.db"
    files = files or workdir / "files"
    files.mkdir(parents=True, exist_ok=True)
    sandbox = Sandbox(curriculum, f"sqlite+aiosqlite:///{database}", files, start, sys.stdout)
    await sandbox.start()
    sandbox.print("Roadmap Coach sandbox: the real bot, an emulated Telegram, a clock you move.")
    sandbox.print(f"Database: {database}\nSaved photos and documents: {files}")
    sandbox.print(HELP)
    sandbox.print(await sandbox.time_line())
    sandbox.print()
    loop = asyncio.get_running_loop()
    try:
        while True:
            sandbox.out.write("you › ")
            sandbox.out.flush()
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not sys.stdin.isatty():  # piped input is not echoed: show what was "typed"
                sandbox.print(line.rstrip("\n"))
            if not line or not await sandbox.handle(line):
                break
    finally:
        await sandbox.stop()
        sandbox.print("Bye.")
