"""/calendar: the remaining study sessions as an iCalendar file, and the caption that comes with
it. Pure (icalendar builds the file; the zones go in as VTIMEZONE components)."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.domain.calendar import NO_REMINDER_AT, StudySession
from bot.domain.curriculum import Curriculum
from bot.services.calendar import PlanCalendar
from bot.texts.format import day_label, duration, esc
from bot.texts.weeks import roadmap_label

FILE_NAME = "roadmap-plan.ics"
PRODUCT = "-//Roadmap Coach//Study plan//EN"
NO_SESSIONS = (
    "📅 No study sessions are left in your plan, so there is nothing to put in a calendar. "
    "/plan shows the whole roadmap."
)


def uid(chat_id: int, session: StudySession) -> str:
    """The same for the same learner and day, whatever else changed: a calendar application
    importing a newer file updates that day's event instead of adding a second one."""
    return f"{session.day.isoformat()}-{chat_id}@roadmap-coach"


def ics(curriculum: Curriculum, plan: PlanCalendar) -> bytes:
    """The iCalendar file: one event per remaining study session, at the learner's reminder
    time in their zone (TZID with a VTIMEZONE; UTC for a fixed offset, which has no zone id)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", curriculum.title)
    calendar.add("x-wr-timezone", plan.learner.zone_key)
    stamp = plan.made_at.astimezone(UTC)
    named_zone = isinstance(plan.learner.zone, ZoneInfo)
    for session in plan.sessions:
        roadmap = curriculum.week(session.week.roadmap_week)
        category = curriculum.category(session.session.category).name
        event = Event()
        event.add("uid", uid(plan.learner.chat_id, session))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at if named_zone else session.starts_at.astimezone(UTC))
        event.add("duration", timedelta(minutes=session.session.minutes))
        event.add("summary", f"{session.session.focus} ({duration(session.session.minutes)})")
        event.add(
            "description",
            f"Plan week {session.week.number}/{session.week.of} · {roadmap_label(session.week)}: "
            f"{roadmap.title}\n{category} · {duration(session.session.minutes)}",
        )
        event.add("categories", [category])
        calendar.add_component(event)
    if named_zone:
        calendar.add_missing_timezones()
    content: bytes = calendar.to_ical()
    return content


def caption(plan: PlanCalendar) -> str:
    """What the file is, how many sessions and from when, and what a re-import does."""
    sessions = plan.sessions
    count = f"{len(sessions)} study session{'s' if len(sessions) != 1 else ''}"
    at = (plan.learner.reminder or NO_REMINDER_AT).strftime("%H:%M")
    lines = [
        f"📅 Your plan: {count}, {day_label(sessions[0].day)} – {day_label(sessions[-1].day)}, "
        f"each at {at} ({esc(plan.learner.zone_key)}) with its focus and length.",
    ]
    if plan.reminders_off:
        lines.append(f"Your reminders are off, so the sessions are set at {at}.")
    lines.append(
        "Import it into your calendar. After a change to your plan, send /calendar again and "
        "import the new file: the same days update instead of doubling."
    )
    return "\n".join(lines)
