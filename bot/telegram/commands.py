"""The command table: one source for /help and for Telegram's command menu (setMyCommands)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    arguments: str
    summary: str
    costly: bool = False  # a chart or a file: counted against a chat's smaller budget
    costly_with: str = ""  # costly only with exactly these arguments (/notes all: a file)


COMMANDS: tuple[Command, ...] = (
    Command("today", "", "today's focus, hours and this week's project"),
    Command("log", "1.5 [category] [day] [note]", "log hours (also 90m, 45 min, 1h30, 1:30)"),
    Command("week", "", "this week's goals, project and daily plan"),
    Command("progress", "", "this week vs target, categories, streak, finish date"),
    Command("note", "TEXT", "add bullets to this week's notes (one per line)"),
    Command(
        "notes",
        "[last|all|find WORD]",
        "this week's notes, last week's, all as a file, or a search",
        costly_with="all",
    ),
    Command("undo", "", "remove your last log entry"),
    Command("history", "", "your last 10 entries, with delete buttons"),
    Command("plan", "", "the whole roadmap with your week marked"),
    Command("recap", "", "this week's recap now", costly=True),
    Command("pace", "standard|accelerated|part-time", "change your pace"),
    Command("startdate", "DATE", "set the day your plan starts, e.g. next monday"),
    Command("timezone", "ZONE", "your time zone: a city, Europe/Berlin or +05:30"),
    Command("remind", "TIME|off", "daily reminder time (19:30, 7pm), or no reminders"),
    Command("recaptime", "DAY HH:MM", "weekly recap slot, e.g. sun 20:00"),
    Command("pause", "[days]", "pause reminders and the plan"),
    Command("resume", "", "resume after a pause"),
    Command("days", "[free|long DAY]", "your week: the free day and the long session's day"),
    Command("settings", "", "all settings as buttons"),
    Command("export", "", "download your log and notes as CSV", costly=True),
    Command("go", "[category]", "start a focus session; /stop logs its time"),
    Command("stop", "[cancel]", "log the focus session (cancel: end it, log nothing)"),
    Command("calendar", "", "your remaining study sessions as a calendar file (.ics)", costly=True),
    Command("ship", "[week] URL", "the link to a shipped project (or correct it)"),
    Command("portfolio", "", "every shipped project with its link and date"),
    Command("capstone", "", "choose the capstone you build in the last two weeks"),
    Command("forget", "", "delete everything I know about you"),
    Command("start", "", "set up, or go through the setup again"),
    Command("help", "", "this list"),
)


COSTLY = frozenset(f"/{c.name}" for c in COMMANDS if c.costly)
COSTLY_WITH = {f"/{c.name}": c.costly_with.split() for c in COMMANDS if c.costly_with}


def is_costly(text: str | None) -> bool:
    """Whether a message's text is a costly command (``/recap``, ``/recap@CoachBot …``, and
    ``/notes all`` but not ``/notes``)."""
    words = (text or "").lower().split()
    if not words:
        return False
    name = words[0].partition("@")[0]
    return name in COSTLY or COSTLY_WITH.get(name) == words[1:]
