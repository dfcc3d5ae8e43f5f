"""`coach sandbox` driven as a newcomer would, through its standard input and output."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

SCRIPT = """\
/start
1
2
Europe/Berlin
4
/log 1.5
:at 2026-11-30 18:00
:at 2026-12-06 20:00
/recap
:quit
"""


async def test_a_week_in_the_sandbox(tmp_path: Path) -> None:
    files = tmp_path / "files"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--now", "2026-11-28T10:00:00+00:00",
        "--db", str(tmp_path / "sandbox.db"), "--files", str(files), cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(SCRIPT.encode()), 120)
    text = out.decode()
    assert process.returncode == 0, err.decode()
    # Onboarding by numbered buttons.
    assert "[1] Standard · 10–15 h/wk" in text
    assert "[2] Next Monday (Mon 30 Nov)" in text
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
