"""Notes as talking points end to end: /notes all as a Markdown file by month and roadmap
week, /notes find, and their bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import Bot
from tests.e2e.test_pushes import setup

ADA = 4301
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # plan week 1 starts (Berlin)


async def test_notes_all_is_a_markdown_file_by_month_and_week(bot: Bot) -> None:
    await setup(bot, ADA)
    await bot.say(ADA, "/note set up a venv per project")  # Saturday 28 Nov: before the plan
    bot.clock.set(MONDAY)
    await bot.say(ADA, "/note decorators wrap functions\n# not a heading: **bold** & <tags>")
    bot.clock.set(MONDAY + timedelta(weeks=1, days=2))
    await bot.say(ADA, "/note dict comprehensions read well")
    bot.clock.set(MONDAY + timedelta(weeks=4, days=1))  # plan week 5: roadmap month 2
    await bot.say(ADA, "/note FastAPI Depends injects a session")
    await bot.say(ADA, "/note async def vs def in FastAPI")

    (document,) = await bot.say(ADA, "/notes all")
    assert document.document_name == "talking-points.md"
    assert document.caption == "📝 Your talking points: 6 notes from 3 roadmap weeks."
    assert document.document is not None
    assert document.document.decode("utf-8") == (
        "# Talking points: 6-Month Python Backend Developer Roadmap\n"
        "\n"
        "## Month 1: Core Python Mastery\n"
        "\n"
        "### Week 1: Python Basics, Environment & Git Foundations\n"
        "\n"
        "- decorators wrap functions\n"
        "- # not a heading: **bold** & <tags>\n"
        "\n"
        "### Week 2: Data Structures, Modules & Git Workflow\n"
        "\n"
        "- dict comprehensions read well\n"
        "\n"
        "## Month 2: Backend Foundations\n"
        "\n"
        "### Week 5: HTTP, APIs & FastAPI Basics\n"
        "\n"
        "- FastAPI Depends injects a session\n"
        "- async def vs def in FastAPI\n"
        "\n"
        "## Outside the plan weeks\n"
        "\n"
        "- 2026-11-28: set up a venv per project\n"
    )

    found = await bot.say_one(ADA, "/notes find fastapi")
    assert found == (
        "🔎 2 notes with “fastapi”:\n"
        "• <b>Week 5 · HTTP, APIs &amp; FastAPI Basics</b>: FastAPI Depends injects a session\n"
        "• <b>Week 5 · HTTP, APIs &amp; FastAPI Basics</b>: async def vs def in FastAPI"
    )
    found = await bot.say_one(ADA, "/notes find <TAGS>")
    assert found == (
        "🔎 1 note with “&lt;TAGS&gt;”:\n"
        "• <b>Week 1 · Python Basics, Environment &amp; Git Foundations</b>: "
        "# not a heading: **bold** &amp; &lt;tags&gt;"
    )
    assert await bot.say_one(ADA, "/notes find venv") == (
        "🔎 1 note with “venv”:\n• <b>Sat 28 Nov, outside the plan</b>: set up a venv per project"
    )
    assert await bot.say_one(ADA, "/notes find kubernetes") == "🔎 No note mentions “kubernetes”."
    assert await bot.say_one(ADA, "/notes find") == (
        "⚠️ Tell me what to look for: /notes find WORD, e.g. /notes find async."
    )
    assert await bot.say_one(ADA, "/notes everything") == (
        "⚠️ Use /notes for this week, /notes last for last week, /notes all for a file of every "
        "note, or /notes find WORD."
    )
    assert "Notes, plan week 5" in await bot.say_one(ADA, "/notes")  # the list, as before


async def test_notes_all_without_notes_says_how_to_add_one(bot: Bot) -> None:
    await setup(bot, ADA)
    assert await bot.say_one(ADA, "/notes all") == (
        "No notes yet. Add some with <code>/note what I learned</code>."
    )
