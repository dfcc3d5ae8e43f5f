"""Twenty-six weeks of one learner, end to end (DESIGN §2a): every weekly recap and monthly
milestone the scheduler sends, checked against figures worked out by hand from the scenario.

The learner signs up on Wednesday 2 Dec 2026 in Berlin (standard pace, starting "Today", so week
1 is short), logs most days (some days several entries, a few categories, ✅ Done on some
reminders), pauses three days at Christmas, loses a week in January and takes the recap's
"Pause a week", drifts to about 7 h a week in February, takes the month-3 milestone's offer of the
part-time pace, and presses ✅ Shipped on every project question. The clock crosses the switch to
summer time on Sunday 28 Mar 2027, a recap day.

Standard week: Mon 1 h 30 min learning, Tue 1 h 30 min practice, Wed 1 h 30 min learning, Thu
1 h 30 min project, Fri free, Sat 4 h project, Sun 2 h revision (12 h; minimum 10 h).
Part-time week: Mon 1 h, Tue 1 h, Wed 1 h, Thu 1 h, Fri free, Sat 2 h, Sun 1 h (7 h; minimum 6 h).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from botapi_emulator import ChatMessage
from tests.e2e.harness import Bot
from tests.e2e.test_pushes import statuses

pytestmark = pytest.mark.slow

ADA = 7001
BERLIN = ZoneInfo("Europe/Berlin")
SIGN_UP = date(2026, 12, 2)  # a Wednesday
FIRST_MONDAY = date(2026, 11, 30)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# --- the scenario ---------------------------------------------------------------------------------
# Plan week → weekday → what the learner sends that day at 12:00 (the arguments of /log), or
# "done": ✅ Done on that day's 18:00 reminder. Without a category a log counts as the day's focus.
LOGS: dict[int, dict[str, tuple[str, ...]]] = {
    # standard pace; week 1 starts on Wednesday
    1: {"wed": ("1.5",), "thu": ("done",), "sat": ("2.5", "1.5 practice"), "sun": ("2",)},  # 9 h
    2: {"mon": ("1.5",), "tue": ("1.5",), "wed": ("1",), "thu": ("1.5",), "sat": ("4",),
        "sun": ("2",)},  # 11 h 30 min
    3: {"mon": ("2",), "tue": ("1.5", "30m revision"), "wed": ("1.5",), "thu": ("1.5",),
        "fri": ("1 practice",), "sat": ("3", "2"), "sun": ("2",)},  # 15 h
    4: {"mon": ("1.5",), "sat": ("4",), "sun": ("2",)},  # 7 h 30 min; Tue–Thu paused
    5: {day: ("done",) for day in ("mon", "tue", "wed", "thu", "sat", "sun")},  # 12 h
    6: {"mon": ("45m",), "tue": ("30m",)},  # 1 h 15 min: the lost week
    7: {},  # paused from Monday to Sunday
    8: {"mon": ("1.5",), "tue": ("1.5",), "wed": ("1.5",), "thu": ("1.5",), "sat": ("4",),
        "sun": ("2",)},  # 12 h
    9: {"mon": ("1.5",), "tue": ("2 practice",), "wed": ("1.5",), "thu": ("1.5",), "sat": ("4",),
        "sun": ("2",)},  # 12 h 30 min
    10: {day: ("done",) for day in ("mon", "tue", "wed", "thu", "sat", "sun")},  # 12 h
    11: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("1",), "sat": ("2",),
         "sun": ("1",)},  # 7 h
    12: {"mon": ("1",), "tue": ("1",), "wed": ("1.5",), "thu": ("1",), "sat": ("2",),
         "sun": ("1",)},  # 7 h 30 min
    13: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("30m",), "sat": ("2",),
         "sun": ("1",)},  # 6 h 30 min
    # part-time pace from week 14
    14: {day: ("done",) for day in ("mon", "tue", "wed", "thu", "sat", "sun")},  # 7 h
    15: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("1",), "fri": ("1 practice",),
         "sat": ("2",), "sun": ("1",)},  # 8 h
    16: {"mon": ("1",), "tue": ("1",), "wed": ("30m",), "thu": ("1",), "sat": ("2",),
         "sun": ("1",)},  # 6 h 30 min
    17: {"mon": ("1.5",), "tue": ("1.5",), "wed": ("1",), "thu": ("1",), "sat": ("3",),
         "sun": ("1",)},  # 9 h; summer time from Sunday
    18: {day: ("done",) for day in ("mon", "tue", "wed", "thu", "sat", "sun")},  # 7 h
    19: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("1",), "sat": ("2",),
         "sun": ("1",)},  # 7 h
    20: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("1",), "sat": ("1.5",),
         "sun": ("30m",)},  # 6 h
    21: {day: ("done",) for day in ("mon", "tue", "wed", "thu", "sat", "sun")},  # 7 h
    22: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("1.5",), "sat": ("2",),
         "sun": ("1",)},  # 7 h 30 min
    23: {"mon": ("1",), "sat": ("2",), "sun": ("1",)},  # 4 h
    24: {day: ("done",) for day in ("mon", "tue", "wed", "thu", "sat", "sun")},  # 7 h
    25: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("1",), "sat": ("2",),
         "sun": ("1",)},  # 7 h
    26: {"mon": ("1",), "tue": ("1",), "wed": ("1",), "thu": ("1",), "sat": ("2",),
         "sun": ("1",)},  # 7 h
}  # fmt: skip
# Notes the learner writes as plain messages (lines starting with "-"), on a day at 12:00.
NOTES = {date(2026, 12, 17): "- dataclasses for the contacts\n- json.dump with indent=2"}
# Commands sent at 09:00 on a day.
COMMANDS = {date(2026, 12, 22): "/pause 3"}  # Tue–Thu of plan week 4: 4 h 30 min of 12 h
# Buttons pressed on the last recap at 08:00 on a day: "Pause a week" after the lost week.
RECAP_BUTTONS = {date(2027, 1, 11): "Pause a week"}  # Monday: plan week 7 paused, repeated
# Every project question: ✅ Shipped, right away. The month-3 milestone's offer: taken at once.
MILESTONE_BUTTONS = {3: "Switch to Slow/Part-Time"}


# --- what the bot must send, worked out by hand ---------------------------------------------------
@dataclass(frozen=True)
class Recap:
    sunday: date  # sent at 20:00 Berlin time on this Sunday
    week: str  # "plan week / weeks in the plan" as the plan stands when the recap is sent
    roadmap: str
    title: str  # the heading roadmap week's title
    verdict: str  # the line under the heading: hours logged of the target, and what it means
    note: str  # why the target is what it is (or the pace's band)
    streak: str
    projects: tuple[int, ...]  # the roadmap weeks whose ✅ Shipped / Not yet it asks


@dataclass(frozen=True)
class Milestone:
    month: int
    sunday: date  # sent on this Sunday, once the month's last project is answered
    total: str
    range: str
    verdict: str
    shipped: str
    offer: str | None  # the pace it offers, from the last three weeks' average


def verdict(emoji: str, done: str, target: str, words: str) -> str:
    return f"{emoji} <b>{done} of {target}</b> — {words}"


WHOLE = "the whole plan. Well done!"
BAND = "inside your pace's band. A solid week."
MORE = "more than planned. A great week!"
LOST = "a lost week. It happens: take a break, or a lighter pace?"
SHORT = "short of the 10 h minimum. Next week is a fresh start."
SHORT_PT = "short of the 6 h minimum. Next week is a fresh start."
STD, PT = "pace band 10–15 h", "pace band 6–8 h"


def streak(weeks: int, keeps: str = "", ends: str = "") -> str:
    if ends:  # the minimum is more than the days left can take at 1.5× their plan
        return f"🔥 Your {weeks}-week streak ends with this week ({ends})."
    line = f"🔥 Streak: {weeks} week{'s' if weeks != 1 else ''} in a row at your pace's minimum"
    return f"{line} — {keeps} more this week keeps it" if keeps else line


# Week 1 (Wed–Sun): 9 h planned, minimum 10 h × 9/12 = 7 h 30 min. Week 4: Tue–Thu paused,
# 12 h − 4 h 30 min = 7 h 30 min planned, minimum 10 h × 7.5/12 = 6 h 15 min. Week 7 is
# paused whole: no recap (its Sunday is paused), week 8 covers roadmap week 7 again and the
# plan grows from 24 to 25 weeks. From week 14 at 2/3 of a roadmap week a week: the 12 roadmap
# weeks left take 18 plan weeks, 13 + 18 = 31. A week in progress (every recap is sent on its
# Sunday) adds to the streak once it reaches its minimum and never breaks it.
RECAPS = [
    Recap(date(2026, 12, 6), "1/24", "roadmap week 1",
          "Python Basics, Environment &amp; Git Foundations",
          verdict("✅", "9 h", "9 h", WHOLE), "a short week: 4 of 6 study days", streak(1), (1,)),
    Recap(date(2026, 12, 13), "2/24", "roadmap week 2",
          "Data Structures, Modules &amp; Git Workflow",
          verdict("👍", "11 h 30 min", "12 h", BAND), STD, streak(2), (2,)),
    Recap(date(2026, 12, 20), "3/24", "roadmap week 3", "OOP &amp; Error Handling",
          verdict("🚀", "15 h", "12 h", MORE), STD, streak(3), (3,)),
    Recap(date(2026, 12, 27), "4/24", "roadmap week 4", "Files, JSON, Logging &amp; Testing",
          verdict("✅", "7 h 30 min", "7 h 30 min", WHOLE), "3 study days paused", streak(4),
          (4,)),
    Recap(date(2027, 1, 3), "5/24", "roadmap week 5", "HTTP, APIs &amp; FastAPI Basics",
          verdict("✅", "12 h", "12 h", WHOLE), STD, streak(5), (5,)),
    Recap(date(2027, 1, 10), "6/24", "roadmap week 6", "Routing, Validation &amp; CRUD",
          verdict("🔴", "1 h 15 min", "12 h", LOST), STD, streak(5, ends="1 h 15 min of 10 h"),
          (6,)),
    Recap(date(2027, 1, 24), "8/25", "roadmap week 7 (again: last week was paused)",
          "Database Integration + Architecture Basics",
          verdict("✅", "12 h", "12 h", WHOLE), STD, streak(1), (7,)),
    Recap(date(2027, 1, 31), "9/25", "roadmap week 8",
          "Relationships, Migrations &amp; Transactions",
          verdict("✅", "12 h 30 min", "12 h", WHOLE), STD, streak(2), (8,)),
    Recap(date(2027, 2, 7), "10/25", "roadmap week 9", "Authentication &amp; Authorization",
          verdict("✅", "12 h", "12 h", WHOLE), STD, streak(3), (9,)),
    Recap(date(2027, 2, 14), "11/25", "roadmap week 10", "CRUD + Auth Integration",
          verdict("🟡", "7 h", "12 h", SHORT), STD, streak(3, ends="7 h of 10 h"), (10,)),
    Recap(date(2027, 2, 21), "12/25", "roadmap week 11",
          "Pagination, Filtering &amp; Error Handling",
          verdict("🟡", "7 h 30 min", "12 h", SHORT), STD, streak(0), (11,)),
    Recap(date(2027, 2, 28), "13/25", "roadmap week 12", "API Documentation &amp; Versioning",
          verdict("🟡", "6 h 30 min", "12 h", SHORT), STD, streak(0), (12,)),
    Recap(date(2027, 3, 7), "14/31", "roadmap week 13", "Testing, Linting &amp; CI",
          verdict("✅", "7 h", "7 h", WHOLE), PT, streak(1), ()),
    Recap(date(2027, 3, 14), "15/31", "roadmap weeks 13–14", "Testing, Linting &amp; CI",
          verdict("✅", "8 h", "7 h", WHOLE), PT, streak(2), (13,)),
    Recap(date(2027, 3, 21), "16/31", "roadmap week 14",
          "Configuration Management &amp; Logging",
          verdict("👍", "6 h 30 min", "7 h", BAND), PT, streak(3), (14,)),
    Recap(date(2027, 3, 28), "17/31", "roadmap week 15", "Docker &amp; Deployment",
          verdict("🚀", "9 h", "7 h", MORE), PT, streak(4), ()),
    Recap(date(2027, 4, 4), "18/31", "roadmap weeks 15–16", "Docker &amp; Deployment",
          verdict("✅", "7 h", "7 h", WHOLE), PT, streak(5), (15,)),
    Recap(date(2027, 4, 11), "19/31", "roadmap week 16",
          "Maintainability &amp; Advanced Architecture",
          verdict("✅", "7 h", "7 h", WHOLE), PT, streak(6), (16,)),
    Recap(date(2027, 4, 18), "20/31", "roadmap week 17", "Asynchronous Programming",
          verdict("👍", "6 h", "7 h", BAND), PT, streak(7), ()),
    Recap(date(2027, 4, 25), "21/31", "roadmap weeks 17–18", "Asynchronous Programming",
          verdict("✅", "7 h", "7 h", WHOLE), PT, streak(8), (17,)),
    Recap(date(2027, 5, 2), "22/31", "roadmap week 18", "Redis Caching + Caching Theory",
          verdict("✅", "7 h 30 min", "7 h", WHOLE), PT, streak(9), (18,)),
    Recap(date(2027, 5, 9), "23/31", "roadmap week 19",
          "Task Queues &amp; Event-Driven Architecture",
          verdict("🟡", "4 h", "7 h", SHORT_PT), PT, streak(9, ends="4 h of 6 h"), ()),
    Recap(date(2027, 5, 16), "24/31", "roadmap weeks 19–20",
          "Task Queues &amp; Event-Driven Architecture",
          verdict("✅", "7 h", "7 h", WHOLE), PT, streak(1), (19,)),
    Recap(date(2027, 5, 23), "25/31", "roadmap week 20", "Advanced API Topics",
          verdict("✅", "7 h", "7 h", WHOLE), PT, streak(2), (20,)),
    Recap(date(2027, 5, 30), "26/31", "roadmap week 21",
          "Monitoring, Performance &amp; DB Deep Dive",
          verdict("✅", "7 h", "7 h", WHOLE), PT, streak(3), ()),
]  # fmt: skip

# Totals add up every week's hours (the table above) up to the milestone's Sunday. The offer
# averages the last three weeks up to the one closing the month: weeks 11–13 are 7 h, 7 h 30 min
# and 6 h 30 min, 7 h a week, inside the part-time band (6–8 h); weeks 2–4 (11 h 20 min), 6, 8,
# 9 (8 h 35 min: no pace's band), 17–19 and 23–25 (the part-time pace itself) offer nothing.
ON_TRACK = "✅ <b>On track</b>: inside the milestone range"
BEHIND = "🐢 <b>Behind</b> the milestone range — the next month is a fresh start"
MILESTONES = [
    Milestone(1, date(2026, 12, 27), "43 h", "40–60 h", ON_TRACK, "4/4", None),
    Milestone(2, date(2027, 1, 31), "80 h 45 min", "80–120 h", ON_TRACK, "4/4", None),
    Milestone(3, date(2027, 2, 28), "113 h 45 min", "120–180 h", BEHIND, "4/4",
              "Your last 3 weeks averaged 7 h a week: that is the Slow/Part-Time pace "
              "(6–8 h a week). Switch?"),
    Milestone(4, date(2027, 4, 11), "158 h 15 min", "160–240 h", BEHIND, "4/4", None),
    Milestone(5, date(2027, 5, 23), "196 h 45 min", "200–300 h", BEHIND, "4/4", None),
]  # fmt: skip


# --- driving it -----------------------------------------------------------------------------------
def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time, as the UTC instant the clock is set to."""
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN).astimezone(UTC)


def unix(day: date, hour: int) -> int:
    return int(local(day, hour).timestamp())


SHOW = os.environ.get("SHOW_MESSAGES") == "1"  # print every message, as the learner reads them


@dataclass
class Learner:
    bot: Bot
    recaps: list[ChatMessage] = field(default_factory=list)
    buttons: list[list[str]] = field(default_factory=list)  # each recap's, as it was sent
    milestones: dict[int, ChatMessage] = field(default_factory=dict)
    replies: dict[int, str] = field(default_factory=dict)  # to a milestone's button, by month
    seen: int = 0

    def new(self) -> list[ChatMessage]:
        messages = self.bot.sent(ADA)[self.seen :]
        self.seen += len(messages)
        if SHOW:
            for m in messages:
                stamp = datetime.fromtimestamp(m.date, BERLIN).strftime("%a %d %b %Y %H:%M")
                print(f"\n===== {stamp} =====\n{m.content}\n{[t for t, _ in m.buttons]}")
        return messages

    async def say(self, when: datetime, text: str) -> list[ChatMessage]:
        self.bot.clock.set(when)
        await self.bot.say(ADA, text)
        return self.new()

    async def press(self, message: ChatMessage, label: str) -> list[ChatMessage]:
        await self.bot.press(ADA, message, label)
        return self.new()

    async def until(self, when: datetime) -> list[ChatMessage]:
        """Move the clock to ``when``, sending every push due on the way."""
        await self.bot.advance(when)
        return self.new()

    async def answer(self, messages: list[ChatMessage]) -> None:
        """Take in what the bot pushed: ✅ Shipped on every project question, the milestone's
        button when the scenario says so."""
        for message in messages:
            if "recap</b> ·" in message.content:
                self.recaps.append(message)
                self.buttons.append([t for t, _ in message.buttons])
                for label in [t for t in self.buttons[-1] if t.startswith("✅ Shipped")]:
                    await self.press(message, label)
            if "milestone</b>" in message.content:
                month = int(message.content.split("Month ", 1)[1].split(" ", 1)[0])
                self.milestones[month] = message
                if month in MILESTONE_BUTTONS:
                    (reply,) = await self.press(message, MILESTONE_BUTTONS[month])
                    self.replies[month] = reply.content


async def live(bot: Bot) -> Learner:
    """Sign up on Wednesday 2 Dec 2026 and live the 26 weeks of the scenario."""
    learner = Learner(bot)
    bot.clock.set(local(SIGN_UP, 9))
    await bot.say(ADA, "/start")
    await bot.press(ADA, bot.last(ADA), "Standard")
    await bot.press(ADA, bot.last(ADA), "Today")
    await bot.press(ADA, bot.last(ADA), "Europe/Berlin")
    await bot.press(ADA, bot.last(ADA), "18:00")
    learner.new()
    for week, days in LOGS.items():
        monday = FIRST_MONDAY + timedelta(weeks=week - 1)
        for offset, name in enumerate(WEEKDAYS):
            day = monday + timedelta(days=offset)
            if day < SIGN_UP:
                continue
            if day in RECAP_BUTTONS:
                await learner.answer(await learner.until(local(day, 8)))
                await learner.press(learner.recaps[-1], RECAP_BUTTONS[day])
            if day in COMMANDS:
                await learner.say(local(day, 9), COMMANDS[day])
            entries = days.get(name, ())
            for n, entry in enumerate(e for e in entries if e != "done"):
                await learner.say(local(day, 12, n), f"/log {entry}")
            if day in NOTES:
                await learner.say(local(day, 12, 30), NOTES[day])
            pushed = await learner.until(local(day, 18))
            if "done" in entries:
                (reminder,) = [m for m in pushed if "Study time" in m.content]
                await learner.press(reminder, "✅ Done")
            await learner.answer(pushed)
            if name == "sun":  # the recap at 20:00, and a milestone once its answer is in
                await learner.answer(await learner.until(local(day, 20)))
                await learner.answer(await learner.until(local(day, 20, 1)))
    return learner


async def test_twenty_six_weeks_of_recaps_and_milestones_match_the_hand_computed_table(
    bot: Bot,
) -> None:
    learner = await live(bot)
    assert len(learner.recaps) == len(RECAPS)
    for recap, buttons, expected in zip(learner.recaps, learner.buttons, RECAPS, strict=True):
        lines = recap.content.split("\n")
        sunday = expected.sunday
        monday = sunday - timedelta(days=6)
        number = expected.week.split("/")[0]
        heading = f"📊 <b>Week {number} recap</b> · Mon {monday.day} {monday:%b} – Sun "
        assert lines[0] == f"{heading}{sunday.day} {sunday:%b}", lines[0]
        assert recap.date == unix(sunday, 20), lines[0]  # at 20:00 in Berlin, summer time too
        assert lines[1] == expected.verdict, lines[0]
        assert lines[3] == f"<b>Plan week {expected.week}</b> · {expected.roadmap}", lines[0]
        assert lines[4].endswith(f"<b>{expected.title}</b>"), lines[0]
        assert lines[5].startswith("Hours: "), lines[0]
        assert lines[5].endswith(f"({expected.note})"), lines[0]
        assert expected.streak in lines, lines[0]
        asked = [int(n) for n in re.findall(r"<b>Project, week (\d+)</b>", recap.content)]
        assert asked == list(expected.projects), lines[0]
        assert [t for t in buttons if "Shipped" in t] == [
            f"✅ Shipped wk {n}" for n in expected.projects
        ]
        # Answered at once: the question's buttons are gone, and its line says the answer.
        now = bot.message(ADA, recap.message_id)
        assert not [t for t, _ in now.buttons if "Shipped" in t or t == "Not yet"], lines[0]
        assert "Tap below" not in now.content, lines[0]
        assert lines.count("✅ Shipped — well done.") == len(expected.projects), lines[0]
    shipped = [t for t in bot.toasts(ADA) if "marked as shipped" in t]
    assert shipped == [
        f"🚀 Week {n}'s project marked as shipped. Nice!" for r in RECAPS for n in r.projects
    ]
    assert sorted(learner.milestones) == [m.month for m in MILESTONES]
    for milestone in MILESTONES:
        message = learner.milestones[milestone.month]
        lines = message.content.split("\n")
        assert lines[0].startswith(f"🏁 <b>Month {milestone.month} milestone</b>")
        assert unix(milestone.sunday, 20) <= message.date <= unix(milestone.sunday, 21)
        assert lines[1] == f"Your total: <b>{milestone.total}</b> (range {milestone.range})"
        assert lines[2] == milestone.verdict
        assert lines[4] == f"Projects shipped this month: {milestone.shipped}"
        offers = [line for line in lines if line.startswith("Your last 3 weeks")]
        assert offers == ([milestone.offer] if milestone.offer else []), milestone.month
    # Taken on the Sunday evening of week 13, after its recap: from week 14 on, and week 13
    # keeps what its recap said.
    assert learner.replies[3].startswith(
        "Pace: <b>Slow/Part-Time</b> (6–8 h a week). This week has had its recap: it applies "
        "from next week, plan week 14, on; the weeks before keep theirs. Your plan: 31 plan "
        "weeks, ending Sunday 4 Jul 2027."
    )
    # Every push went out on time or had nothing to say; none on a paused day.
    rows = await statuses(bot, ADA)
    assert {status for _, _, status in rows} == {"sent", "skipped"}
    assert [period for kind, period, _ in rows if kind == "milestone"] == [
        f"month-{m.month}" for m in MILESTONES
    ]
    paused = {"2026-12-22", "2026-12-23", "2026-12-24"} | {f"2027-01-{d}" for d in range(11, 18)}
    assert not [period for _, period, _ in rows if period in paused]
    # The past keeps what its recaps said; /progress shows the recaps' streak.
    week_13 = await bot.say_one(ADA, "/week 13")
    assert "<b>Plan week 13/31</b> · roadmap week 12\n" in week_13
    assert "Logged: ▓▓▓▓▓░░░░░ 6 h 30 min / 12 h (pace band 10–15 h)" in week_13
    progress = await bot.say_one(ADA, "/progress")
    assert "<b>Plan week 26/31</b> · roadmap week 21\n" in progress
    assert f"{RECAPS[-1].streak}\n" in progress
