"""`coach sandbox` driven as a newcomer would, through its standard input and output."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import pytest

SCRIPT = """\
/start
1
1
Europe/Berlin
4
/log 1.5
:at 2026-11-30 18:00
:at 2026-12-06 20:00
/recap
:quit
"""


async def sandbox(tmp_path: Path, script: str, now: str = "2026-11-28T10:00:00+00:00") -> str:
    """What `coach sandbox` prints for a typed script, with its database in ``tmp_path``."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--now", now,
        "--db", str(tmp_path / "sandbox.db"), "--files", str(tmp_path / "files"), cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(script.encode()), 120)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_a_week_in_the_sandbox(tmp_path: Path) -> None:
    files = tmp_path / "files"
    text = await sandbox(tmp_path, SCRIPT)
    # Onboarding by numbered buttons.
    assert "[1] Standard · 10–15 h/wk" in text
    assert "[1] Next Monday (Mon 30 Nov)\n        [2] This Monday (Mon 23 Nov)" in text
    assert "✅ All set!" in text
    assert "start Monday 30 Nov 2026 · Europe/Berlin · reminders 18:00" in text
    assert "✅ Logged 1 h 30 min of project for today." in text
    # The clock moved to the reminder time: the reminder came, with its buttons.
    monday = text.split("🕒 Mon 30 Nov 2026 18:00 (Europe/Berlin)")[0]
    assert "Today: Reading / watching tutorials for week’s topic — 1 h 30 min · learning" in monday
    assert "[1] ✅ Done 1 h 30 min" in monday
    # A week later on Sunday evening: six reminders, then the recap with its chart.
    assert text.count("⏰ Study time") == 6
    assert "📊 Week 1 recap · Mon 30 Nov – Sun 6 Dec" in text
    assert "🔴 0 min of 12 h — a lost week." in text
    saved = re.findall(r"\[photo saved: (.+\.png)\]", text)
    assert len(saved) == 2  # the scheduler's recap, then /recap
    assert all(is_png_in(Path(name), files) for name in saved)
    assert text.rstrip().endswith("Bye.")


def is_png_in(path: Path, folder: Path) -> bool:
    return path.parent == folder and path.read_bytes().startswith(b"\x89PNG")


# The recap's ✅ Shipped (button 1) answers with a toast, edits the recap and asks for the
# project's link (#21); the notes prompt (#20) is replied to; a sticker is a message without
# text; a reply to no message is refused.
WEEK_WITH_BUTTONS = """\
/start
1
1
Europe/Berlin
4
/days
14
:at 2026-12-06 20:00
1
:reply 20 - asyncio runs one event loop
:sticker
:reply 99 hello
:help
:quit
"""


async def test_toasts_edits_replies_and_stickers_are_shown(tmp_path: Path) -> None:
    text = await sandbox(tmp_path, WEEK_WITH_BUTTONS)
    pressed = text.split("you › 14\n")[1]
    assert pressed.startswith(
        "coach #11 edited › 🗓 Your week for your whole plan: Friday free, the long session on "
        "Sunday."
    )
    shipped = text.split("you › 1\n")[-1]
    assert shipped.startswith(
        "coach toast › 🚀 Week 1's project marked as shipped. Nice!\n\n"
        "coach #19 edited › 📊 Week 1 recap · Mon 30 Nov – Sun 6 Dec"
    )
    assert "[1] ✅ Shipped wk 1" not in shipped.split("you › :reply 20")[0]
    assert "coach #20 › 📝 Write your notes for this week: reply to this message" in text
    assert "coach #21 › 🔗 Link to week 1's project" in text  # asked after ✅ Shipped
    assert (
        "you › :reply 20 - asyncio runs one event loop\n"
        "coach #23 › 📝 Added 1 note. This week: 1 — aim for 3–5." in text
    )
    assert "you › :sticker\ncoach #25 › I didn't catch that." in text
    assert (
        "you › :reply 99 hello\nUse :reply N text, with N the id of a message in the chat" in text
    )
    help_text = text.split("you › :help\n")[1]
    assert ":reply 12 - what I learned    reply to message #12 (e.g. the notes prompt)" in help_text
    assert ":sticker                      send a sticker (a message without text)" in help_text
    assert (
        "Among the bot's commands: /ship [week] URL,\n/portfolio, /capstone, /week (tick its "
        "goals), /notes all (a Markdown file), /notes find WORD." in help_text
    )
    assert "Try /go then :advance 3h for the focus timer (/stop logs it)" in help_text


@pytest.mark.slow  # a few seconds: the full suite runs it
async def test_with_a_database_message_ids_go_on_across_runs(tmp_path: Path) -> None:
    first = await sandbox(tmp_path, "/start\n/log 2\n:quit\n")  # /log 2 is message #4
    assert "coach #5 › ✅ Logged 2 h of" in first
    second = await sandbox(tmp_path, "/log 2\n:quit\n", now="2026-11-30T10:00:00+00:00")
    assert "Already recorded" not in second
    assert "coach #6 › ✅ Logged 2 h of learning for today." in second


async def test_the_focus_timer_and_an_entry_change_in_the_sandbox(tmp_path: Path) -> None:
    script = "\n".join(
        [*SCRIPT.splitlines()[:5], ":help", "/go", ":advance 3h", "1", "/history", "1", "2"]
    )
    text = await sandbox(tmp_path, script + "\n:quit\n")
    assert "Try /go then :advance 3h for the focus timer (/stop logs it)" in text
    assert "▶ Focus session started at 11:00:" in text
    assert "⏱ Still studying? Your focus session has been running for 3 h (since 11:00," in text
    assert "[1] ⏹ Stop and log" in text
    assert "⏹ Focus session 11:00–14:00 (3 h)." in text
    assert "[1] ✏️ 1" in text
    assert "✏️ Entry · Sat 28 Nov · 3 h of " in text
    assert "Changed: Sat 28 Nov · 3 h → 3 h 15 min of " in text
