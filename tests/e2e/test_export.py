"""/export end to end: what a spreadsheet would run is written as text."""

from __future__ import annotations

import csv
import io

from tests.e2e.harness import Bot

ADA = 1001


async def test_formulas_from_the_learner_are_exported_as_text(bot: Bot) -> None:
    await bot.say(ADA, "/start")
    await bot.say(ADA, "/startdate 2026-11-23")  # this Monday: today is in plan week 1
    await bot.say(ADA, '/log 1 learning =HYPERLINK("http://evil.example","click")')
    await bot.say(ADA, "/note +cmd|' /C calc'!A0")
    await bot.say(ADA, "/note @SUM(A1:A9)")
    await bot.say(ADA, "/note =1+1")
    await bot.say(ADA, "/note a plain note - with a dash")
    (document,) = await bot.say(ADA, "/export")
    assert document.document is not None
    rows = list(csv.reader(io.StringIO(document.document.decode("utf-8"))))
    assert rows[1:] == [
        ["log", "2026-11-28", "1", "1", "learning",
         '\'=HYPERLINK("http://evil.example","click")', "1", "1", ""],
        ["note", "2026-11-28", "1", "", "", "'+cmd|' /C calc'!A0", "1", "1", ""],
        ["note", "2026-11-28", "1", "", "", "'@SUM(A1:A9)", "1", "1", ""],
        ["note", "2026-11-28", "1", "", "", "'=1+1", "1", "1", ""],
        ["note", "2026-11-28", "1", "", "", "a plain note - with a dash", "1", "1", ""],
    ]  # fmt: skip
