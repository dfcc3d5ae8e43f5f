"""The plan in a calendar (/calendar): an iCalendar file of the remaining study sessions, read
back with icalendar's own parser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.e2e.harness import Bot
from tests.e2e.test_pushes import ADA, setup

BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday 17 March 2027, plan week 16 of 24 (Mon 30 Nov 2026 – Sun 16 May 2027); summer time
# starts in Berlin on Sunday 28 March.
MID_MARCH = datetime(2027, 3, 17, 9, 0, tzinfo=UTC)
# Wed, Thu, Sat, Sun of week 16 (Friday is free), then six study days in each of weeks 17–24.
REMAINING = 4 + 8 * 6


async def calendar_of(bot: Bot) -> tuple[Calendar, str]:
    (sent,) = await bot.say(ADA, "/calendar")
    assert sent.document is not None, sent.content
    assert sent.document_name == "roadmap-plan.ics"
    return Calendar.from_ical(sent.document), sent.content


def starts(calendar: Calendar) -> dict[date, datetime]:
    return {e.decoded("dtstart").date(): e.decoded("dtstart") for e in calendar.walk("VEVENT")}


async def test_the_remaining_sessions_at_the_reminder_time_across_summer_time(bot: Bot) -> None:
    await setup(bot)  # standard pace from Mon 30 Nov 2026, Europe/Berlin, reminders at 19:00
    bot.clock.set(MID_MARCH)
    calendar, caption = await calendar_of(bot)
    assert caption == (
        "📅 Your plan: 52 study sessions, Wed 17 Mar – Sun 16 May, each at 19:00 "
        "(Europe/Berlin) with its focus and length.\n"
        "Import it into your calendar. After a change to your plan, send /calendar again and "
        "import the new file: the same days update instead of doubling."
    )
    events = calendar.walk("VEVENT")
    assert len(events) == REMAINING
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    by_day = starts(calendar)
    assert min(by_day) == date(2027, 3, 17)
    assert max(by_day) == date(2027, 5, 16)
    assert date(2027, 3, 19) not in by_day  # Friday is free
    # 19:00 in Berlin all along: 18:00 UTC in winter time, 17:00 UTC from the change on.
    assert by_day[date(2027, 3, 27)].astimezone(UTC) == datetime(2027, 3, 27, 18, tzinfo=UTC)
    assert by_day[date(2027, 3, 28)].astimezone(UTC) == datetime(2027, 3, 28, 17, tzinfo=UTC)
    assert by_day[date(2027, 3, 29)].astimezone(UTC) == datetime(2027, 3, 29, 17, tzinfo=UTC)
    assert all(start.tzinfo is not None and start.hour == 19 for start in by_day.values())
    assert all(str(e["dtstart"].params["TZID"]) == "Europe/Berlin" for e in events)
    saturday = next(e for e in events if e.decoded("dtstart").date() == date(2027, 3, 20))
    assert str(saturday["summary"]) == "Project build + documentation (4 h)"
    assert saturday.decoded("duration") == timedelta(hours=4)
    assert str(saturday["description"]) == (
        "Plan week 16/24 · roadmap week 16: Maintainability & Advanced Architecture\n"
        "Project Work · 4 h"
    )
    assert str(saturday["uid"]) == f"2027-03-20-{ADA}@roadmap-coach"


async def test_a_new_file_after_a_change_keeps_each_days_uid(bot: Bot) -> None:
    await setup(bot)
    bot.clock.set(MID_MARCH)
    first, _ = await calendar_of(bot)
    await bot.say(ADA, "/remind off")
    second, caption = await calendar_of(bot)
    assert "each at 18:00 (Europe/Berlin)" in caption
    assert "Your reminders are off, so the sessions are set at 18:00." in caption
    uids = {e.decoded("dtstart").date(): str(e["uid"]) for e in first.walk("VEVENT")}
    again = {e.decoded("dtstart").date(): str(e["uid"]) for e in second.walk("VEVENT")}
    assert again == uids
    assert len(set(uids.values())) == REMAINING
    assert {s.hour for s in starts(second).values()} == {18}


async def test_no_file_once_the_plan_is_over(bot: Bot) -> None:
    await setup(bot)
    bot.clock.set(datetime(2027, 5, 17, 9, 0, tzinfo=UTC))  # the Monday after week 24
    reply = await bot.say_one(ADA, "/calendar")
    assert reply == (
        "📅 No study sessions are left in your plan, so there is nothing to put in a calendar. "
        "/plan shows the whole roadmap."
    )


async def test_help_and_the_command_menu_offer_it(bot: Bot) -> None:
    help_text = await bot.say_one(ADA, "/help")
    assert "\n/calendar — your remaining study sessions as a calendar file (.ics)\n" in help_text
    assert "calendar" in [c["command"] for c in bot.emulator.commands]
