"""Every message the bot sends, rendered as Telegram HTML. Pure.

Learner text and roadmap text are escaped here and nowhere else; a text that could outgrow one
message is split on line boundaries by ``split_html``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.db.repo import Stats
from bot.domain.curriculum import WEEKDAYS, Curriculum, Pace, Week
from bot.domain.parsing import ParseError as ParseError
from bot.domain.parsing import format_minutes
from bot.domain.plan import (
    Finished,
    FreeDay,
    NotStarted,
    PlanWeek,
    category_targets,
    current_milestone,
    focus_on,
    remaining_split,
)
from bot.services.learners import LearnerView
from bot.services.log import EntryView, History, Logged, WeekTotal
from bot.services.notes import NotesAdded, NotesList
from bot.services.reports import MilestoneSummary, WeekReport
from bot.services.settings import PauseChange
from bot.telegram import callbacks
from bot.telegram.commands import COMMANDS
from bot.telegram.rules import MAX_TEXT, utf16_length


@dataclass(frozen=True)
class Button:
    text: str
    data: str


@dataclass(frozen=True)
class Reply:
    """One message to send: HTML text, optional inline buttons (rows), optional force-reply."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    force_reply: bool = False
    placeholder: str | None = None

    def chunks(self) -> list[str]:
        return split_html(self.text)


COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
)
REMINDER_TIMES = ("07:00", "08:00", "12:00", "18:00", "20:00")
RECAP_SLOTS = (("sun", "20:00"), ("sun", "18:00"), ("sat", "18:00"), ("mon", "08:00"))
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NOTES_PROMPT = "📝 Write your notes for this week"
LOG_PROMPT = "⏱ How long did you work today?"


# --- building blocks ---------------------------------------------------------------------------


def esc(text: str) -> str:
    """Learner or roadmap text, safe inside Telegram HTML."""
    return html.escape(text, quote=False)


_CODE = re.compile(r"`([^`\n]+)`")


def rich(text: str) -> str:
    """Roadmap text: escaped, with its `code` spans shown as code."""
    return _CODE.sub(r"<code>\1</code>", esc(text))


def hours(minutes: int) -> str:
    """Compact hours for totals and bars: ``90`` → ``1.5``, ``135`` → ``2.25``, ``100`` →
    ``1.7``."""
    value = minutes / 60 if minutes % 15 == 0 else round(minutes / 60, 1)
    return f"{value:g}"


def bar(done: int, target: int, width: int = 10) -> str:
    """``▓▓▓▓▓▓░░░░ 8/12 h``."""
    filled = 0 if target <= 0 else min(width, round(width * done / target))
    return f"{'▓' * filled}{'░' * (width - filled)} {hours(done)}/{hours(target)} h"


def day_label(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {day.strftime('%b')}"


def long_date(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {day.strftime('%b %Y')}"


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on line boundaries into messages of at most ``limit`` UTF-16 units.

    Tags never span lines in this module's output, so every part stays balanced; a single line
    longer than the limit is cut between characters, outside tags and entities.
    """
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if utf16_length(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    parts.append(current)
                current = piece
    if current.strip():
        parts.append(current)
    return parts or ["…"]  # never an empty message: Telegram rejects those


def _cut_line(line: str, limit: int) -> Iterable[str]:
    while utf16_length(line) > limit:
        cut = limit // 2  # UTF-16 units may be two per character: this many always fit
        while cut < len(line) and utf16_length(line[: cut + 1]) <= limit:
            cut += 1
        safe = cut
        while safe > 0 and (line.rfind("<", 0, safe) > line.rfind(">", 0, safe)):
            safe -= 1
        while safe > 0 and (line.rfind("&", 0, safe) > line.rfind(";", 0, safe)):
            safe -= 1
        yield line[: safe or cut]
        line = line[safe or cut :]
    yield line


def problem(error: ParseError) -> Reply:
    return Reply(f"⚠️ {esc(error.message)}")


def _rows(buttons: Sequence[Button], per_row: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


# --- where the learner stands ------------------------------------------------------------------


def _week_heading(curriculum: Curriculum, week: PlanWeek) -> str:
    roadmap = curriculum.week(week.roadmap_week)
    month = curriculum.month(roadmap.month)
    if len(week.covers) > 1:
        covers = f"roadmap weeks {week.covers[0]}–{week.covers[-1]}"
    else:
        covers = f"roadmap week {week.roadmap_week}"
    return (
        f"<b>Plan week {week.number}/{week.of}</b> · {covers}\n"
        f"{esc(month.emoji)} <b>{esc(roadmap.title)}</b>"
    )


def _coverage_note(curriculum: Curriculum, pace: Pace) -> str:
    per_week = curriculum.total_weeks / pace.plan_weeks
    if per_week == 1:
        return ""
    return f"At the {esc(pace.name)} pace a plan week covers {per_week:.3g} roadmap weeks."


def _project(week: Week) -> str:
    if week.project is not None:
        return rich(week.project)
    options = "; ".join(esc(o) for o in week.capstone_options)
    return f"your capstone ({options})"


def _not_in_plan(curriculum: Curriculum, view: LearnerView) -> str | None:
    position = view.position
    if isinstance(position, NotStarted):
        first = curriculum.week(1)
        days = "tomorrow" if position.days_until == 1 else f"in {position.days_until} days"
        return (
            f"Your plan starts on <b>{long_date(position.starts_on)}</b> ({days}).\n"
            f"Week 1: <b>{esc(first.title)}</b>\nProject: {_project(first)}\n"
            "Set another start with /startdate."
        )
    if isinstance(position, Finished):
        return (
            f"🎉 You finished the roadmap on {long_date(position.finished_on)}. "
            "Keep building: /plan shows everything you covered."
        )
    return None


def _pause_line(view: LearnerView) -> str:
    if view.pause is None:
        return ""
    until = (
        f"until {long_date(view.pause.end)}" if view.pause.end is not None else "until you /resume"
    )
    return f"⏸ Paused {until}: no reminders, and the plan waits for you.\n"


def _focus_line(view: LearnerView, day: date) -> str:
    session = focus_on(view.plan, day)
    if isinstance(session, FreeDay):
        return f"{DAY_NAMES[day.weekday()]}: free day. Rest, or catch up if you like."
    return (
        f"{DAY_NAMES[day.weekday()]}: <b>{esc(session.focus)}</b> — "
        f"{format_minutes(session.minutes)} · {esc(session.category)}"
    )


def _week_bar(view: LearnerView, minutes: int) -> str:
    pace = view.pace
    return (
        f"This week: {bar(minutes, pace.weekly_minutes)} "
        f"(target {pace.hours_min:g}–{pace.hours_max:g} h)"
    )


# --- help and onboarding -----------------------------------------------------------------------


def help_text() -> Reply:
    lines = ["<b>Roadmap Coach</b> — what I understand:", ""]
    for command in COMMANDS:
        arguments = f" {esc(command.arguments)}" if command.arguments else ""
        lines.append(f"/{command.name}{arguments} — {esc(command.summary)}")
    lines += [
        "",
        "You can also just send <code>1.5</code> (or <code>90m</code>) to log today, "
        "and lines starting with <code>-</code> to add notes.",
    ]
    return Reply("\n".join(lines))


def welcome(view: LearnerView, is_new: bool) -> Reply:
    name = esc(view.first_name or "there")
    if is_new:
        return Reply(
            f"👋 Hi {name}! I'm your coach for the 6-month Python backend roadmap: 24 weeks "
            "from Python basics to a deployed capstone.\n\n"
            "I'll tell you each day what to work on, take your hours (/log 1.5) and notes, "
            "and send reminders and weekly recaps in your time zone.\n\n"
            "Four quick questions to set you up — tap a button or type your answer."
        )
    if view.onboarded:
        return Reply(
            f"👋 Welcome back, {name}! Everything you logged is still here.\n"
            "/today for today's focus, /settings to change your setup, or go through the "
            "setup questions again:",
            buttons=((Button("Set up again", callbacks.data(callbacks.SETUP_AGAIN)),),),
        )
    return Reply(f"👋 Welcome back, {name}! Let's finish setting you up.")


def ask_pace(curriculum: Curriculum) -> Reply:
    lines = ["<b>1/4 · Your pace</b> — how many hours a week can you give?"]
    buttons = []
    for pace in curriculum.paces:
        months = round(pace.plan_weeks / 4.345)
        lines.append(
            f"• <b>{esc(pace.name)}</b>: {pace.hours_min:g}–{pace.hours_max:g} h/week, "
            f"{pace.plan_weeks} weeks (~{months} months)"
        )
        label = f"{pace.name} · {pace.hours_min:g}–{pace.hours_max:g} h/wk"
        buttons.append(Button(label, callbacks.data(callbacks.PACE, pace.id)))
    return Reply("\n".join(lines), buttons=_rows(buttons, 1))


def ask_start(today: date) -> Reply:
    monday = today - timedelta(days=today.weekday())
    buttons = (
        Button(f"This Monday ({day_label(monday)})", callbacks.data(callbacks.START, "this")),
        Button(
            f"Next Monday ({day_label(monday + timedelta(weeks=1))})",
            callbacks.data(callbacks.START, "next"),
        ),
        Button(f"Today ({day_label(today)})", callbacks.data(callbacks.START, "today")),
    )
    return Reply(
        "<b>2/4 · Start date</b> — when does week 1 begin? Tap one, or type a date like "
        f"<code>{(monday + timedelta(weeks=1)).isoformat()}</code>.",
        buttons=_rows(buttons, 1),
    )


def ask_timezone() -> Reply:
    buttons = [Button(zone, callbacks.data(callbacks.ZONE, zone)) for zone in COMMON_ZONES]
    return Reply(
        "<b>3/4 · Time zone</b> — so reminders come at your local time. Tap one, or type a "
        "name like <code>Europe/Berlin</code> or an offset like <code>+05:30</code>.",
        buttons=_rows(buttons, 2),
    )


def ask_reminder() -> Reply:
    buttons = [Button(t, callbacks.data(callbacks.REMIND, t)) for t in REMINDER_TIMES]
    buttons.append(Button("No reminders", callbacks.data(callbacks.REMIND, "off")))
    return Reply(
        "<b>4/4 · Daily reminder</b> — when should I remind you on your study days? Tap one, "
        "or type a time like <code>19:30</code>.",
        buttons=_rows(buttons, 3),
    )


def reminder_label(at: time | None) -> str:
    return "off" if at is None else at.strftime("%H:%M")


def recap_label(view: LearnerView) -> str:
    return f"{DAY_NAMES[view.recap_weekday]} {view.recap_time.strftime('%H:%M')}"


def onboarding_done(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    setup = (
        "✅ <b>All set!</b>\n"
        f"Pace: {esc(view.pace.name)} · start {long_date(view.start)} · "
        f"{esc(view.zone_key)} · reminders {reminder_label(view.reminder)} · "
        f"recap {recap_label(view)}\n"
        "Change any of it with /settings. /help lists everything I do.\n\n"
    )
    return Reply(setup + today(curriculum, report).text)


# --- reports -----------------------------------------------------------------------------------


def today(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    outside = _not_in_plan(curriculum, view)
    if outside is not None or report.week is None:
        return Reply(_pause_line(view) + (outside or ""))
    week = report.week
    roadmap = curriculum.week(week.roadmap_week)
    lines = [
        _week_heading(curriculum, week),
        _pause_line(view).rstrip("\n") if view.pause else _focus_line(view, view.today),
        f"Project: {_project(roadmap)}",
        _week_bar(view, report.week_minutes),
        f"💡 <i>{esc(report.tip.title)}</i> {esc(report.tip.text)}",
    ]
    return Reply("\n".join(lines))


def week(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    outside = _not_in_plan(curriculum, view)
    if outside is not None or report.week is None:
        return Reply(outside or "")
    current = report.week
    lines = [_week_heading(curriculum, current)]
    coverage = _coverage_note(curriculum, view.pace)
    if coverage:
        lines.append(f"<i>{coverage}</i>")
    for number in current.covers:
        roadmap = curriculum.week(number)
        if len(current.covers) > 1:
            lines.append(f"\n<b>Roadmap week {number}: {esc(roadmap.title)}</b>")
        lines.append("<b>Goals</b>")
        lines += [f"• {rich(goal)}" for goal in roadmap.goals]
        lines.append(f"<b>Project</b>: {_project(roadmap)}")
    lines.append(
        f"\n<b>Daily plan</b> ({day_label(current.first_day)} – {day_label(current.last_day)})"
    )
    for day in current.days:
        logged = report.minutes_by_day.get(day, 0)
        session = focus_on(view.plan, day)
        marker = "▶ " if day == view.today else ""
        if view.plan.paused_on(day):
            plan_text = "paused"
        elif isinstance(session, FreeDay):
            plan_text = "free"
        else:
            plan_text = (
                f"{format_minutes(session.minutes)} {esc(session.category)} — {esc(session.focus)}"
            )
        done = f" · logged {format_minutes(logged)}" if logged else ""
        tick = " ✓" if not isinstance(session, FreeDay) and logged >= session.minutes else ""
        lines.append(f"{marker}{day_label(day)}: {plan_text}{done}{tick}")
    lines.append(_week_bar(view, report.week_minutes))
    return Reply("\n".join(lines))


def plan_overview(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    position = view.position
    current = position.covers if isinstance(position, PlanWeek) else ()
    lines = [
        f"<b>{esc(curriculum.title)}</b> · {esc(view.pace.name)} pace, "
        f"{view.pace.plan_weeks} plan weeks"
    ]
    coverage = _coverage_note(curriculum, view.pace)
    if coverage:
        lines.append(f"<i>{coverage}</i>")
    for month in curriculum.months:
        lines.append(f"\n{esc(month.emoji)} <b>Month {month.number}: {esc(month.title)}</b>")
        for roadmap in (w for w in curriculum.weeks if w.month == month.number):
            if roadmap.number in current:
                lines.append(f"▶ <b>{roadmap.number}. {esc(roadmap.title)}</b> ← you are here")
            elif isinstance(position, Finished) or (current and roadmap.number < current[0]):
                lines.append(f"✓ {roadmap.number}. {esc(roadmap.title)}")
            else:
                lines.append(f"· {roadmap.number}. {esc(roadmap.title)}")
    lines.append("")
    lines.append(f"Planned finish: {long_date(report.plan_finish)}")
    lines.append(_projection(report))
    return Reply("\n".join(lines))


def _projection(report: WeekReport) -> str:
    if report.rate_per_week is None or report.projected_finish is None:
        return "Projected finish at your own rate: after your first full week."
    rate = hours(round(report.rate_per_week))
    return f"At your rate ({rate} h/week) you'd finish around {long_date(report.projected_finish)}."


def progress(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    outside = _not_in_plan(curriculum, view)
    lines: list[str] = []
    if outside is not None or report.week is None:
        lines.append(outside or "")
    else:
        current = report.week
        lines.append(_week_heading(curriculum, current))
        lines.append(_week_bar(view, report.week_minutes))
        split = remaining_split(view.plan, current, view.today, report.week_minutes)
        if report.week_minutes >= view.pace.weekly_minutes:
            lines.append("🎯 This week's planned hours are done.")
        elif split:
            left = view.pace.weekly_minutes - report.week_minutes
            days = ", ".join(f"{day_label(d)} {format_minutes(m)}" for d, m in split)
            lines.append(f"Left this week: {format_minutes(left)} — {days}")
        else:
            lines.append("No study days left this week; a fresh week starts soon.")
        lines.append("\n<b>By category</b> (this week / target)")
        targets = category_targets(curriculum, view.pace)
        for category in curriculum.categories:
            done = report.minutes_by_category.get(category.id, 0)
            band = targets[category.id]
            ok = " ✓" if done >= band.low * 60 else ""
            lines.append(
                f"• {esc(category.name)}: {hours(done)} / {band.low:g}–{band.high:g} h{ok}"
            )
        milestone = current_milestone(curriculum, view.pace, current.number)
        if milestone is not None:
            lines.append(
                f"\nTotal so far: <b>{hours(report.total_minutes)} h</b> — month "
                f"{milestone.month} checkpoint: {milestone.hours_min:g}–{milestone.hours_max:g} h "
                f"({esc(milestone.expected_progress)})"
            )
    if not lines[-1].startswith("\nTotal"):
        lines.append(f"\nTotal so far: <b>{hours(report.total_minutes)} h</b>")
    weeks = "week" if report.streak == 1 else "weeks"
    lines.append(f"🔥 Streak: {report.streak} {weeks} at {view.pace.hours_min:g}+ h")
    lines.append(_projection(report))
    return Reply("\n".join(lines))


def recap(curriculum: Curriculum, report: WeekReport) -> Reply:
    view = report.learner
    if report.week is None:
        return Reply(_not_in_plan(curriculum, view) or "No plan week to recap yet.")
    current = report.week
    roadmap = curriculum.week(current.roadmap_week)
    lines = [
        f"📊 <b>Weekly recap</b> · {day_label(current.first_day)} – {day_label(current.last_day)}",
        _week_heading(curriculum, current),
        f"Hours: {bar(report.week_minutes, view.pace.weekly_minutes)} "
        f"(band {view.pace.hours_min:g}–{view.pace.hours_max:g} h)",
        "\n<b>By category</b>",
    ]
    targets = category_targets(curriculum, view.pace)
    for category in curriculum.categories:
        band = targets[category.id]
        done = report.minutes_by_category.get(category.id, 0)
        lines.append(f"• {esc(category.name)}: {hours(done)} / {band.low:g}–{band.high:g} h")
    lines.append("\n<b>By day</b> (logged / planned)")
    for day in current.days:
        session = focus_on(view.plan, day)
        planned = 0 if isinstance(session, FreeDay) else session.minutes
        logged = report.minutes_by_day.get(day, 0)
        lines.append(f"{day_label(day)}: {hours(logged)} / {hours(planned)} h")
    target = curriculum.notes_target
    if report.notes:
        lines.append(f"\n<b>Your notes</b> ({len(report.notes)})")
        lines += [f"• {esc(note.text)}" for note in report.notes]
    else:
        lines.append(f"\n<b>Notes</b>: none yet — write {target.min}–{target.max} bullets.")
    shipped = {True: "✅ shipped", False: "not yet", None: "did you ship it?"}[report.shipped]
    lines.append(f"\n<b>Project</b>: {_project(roadmap)} — {shipped}")
    lines.append(f"🔥 Streak: {report.streak} week{'s' if report.streak != 1 else ''}")
    if current.number < current.of:
        next_heading = (current.number * curriculum.total_weeks) // current.of + 1
        upcoming = curriculum.week(next_heading)
        lines.append(f"\nNext week: <b>{esc(upcoming.title)}</b>\nProject: {_project(upcoming)}")
    else:
        lines.append("\nThis is the last week of your plan. 🎓")
    buttons = (
        (
            Button("✅ Shipped", callbacks.data(callbacks.PROJECT, roadmap.number, 1)),
            Button("Not yet", callbacks.data(callbacks.PROJECT, roadmap.number, 0)),
        ),
    )
    return Reply("\n".join(lines), buttons=buttons)


def reminder(curriculum: Curriculum, report: WeekReport) -> Reply | None:
    """The daily reminder; None when there is nothing to remind of today."""
    view = report.learner
    session = focus_on(view.plan, view.today)
    if report.week is None or isinstance(session, FreeDay):
        return None
    current = report.week
    roadmap = curriculum.week(current.roadmap_week)
    lines = [
        f"⏰ <b>Study time</b> · {_week_heading(curriculum, current)}",
        f"Today: <b>{esc(session.focus)}</b> — {format_minutes(session.minutes)} · "
        f"{esc(session.category)}",
        f"Project: {_project(roadmap)}",
        _week_bar(view, report.week_minutes),
    ]
    split = remaining_split(view.plan, current, view.today, report.week_minutes)
    if split:
        left = view.pace.weekly_minutes - report.week_minutes
        days = ", ".join(f"{day_label(d)} {format_minutes(m)}" for d, m in split)
        lines.append(f"Left this week: {format_minutes(left)} — {days}")
    lines.append(f"💡 <i>{esc(report.tip.title)}</i> {esc(report.tip.text)}")
    day = view.today.isoformat()
    buttons = (
        (
            Button(
                f"✅ Done {format_minutes(session.minutes)}", callbacks.data(callbacks.DONE, day)
            ),
            Button("Log other", callbacks.data(callbacks.LOG_OTHER)),
        ),
        (
            Button("⏰ 1 h later", callbacks.data(callbacks.SNOOZE, day)),
            Button("Skip today", callbacks.data(callbacks.SKIP, day)),
        ),
    )
    return Reply("\n".join(lines), buttons=buttons)


def log_prompt() -> Reply:
    return Reply(
        f"{LOG_PROMPT} Reply with a duration like <code>1.5</code>, <code>45m</code> or "
        "<code>1h30</code>.",
        force_reply=True,
        placeholder="1.5",
    )


def snoozed(until_local: str) -> str:
    return f"⏰ I'll remind you again at {until_local}."


SKIPPED = "Skipping today. Rest well — see you tomorrow."


def chart_caption(report: WeekReport) -> str:
    week = report.week
    title = f"Plan week {week.number}/{week.of}" if week else "Your week"
    return f"📈 {title}: hours per day, and your total against the milestone ranges."


def milestone(curriculum: Curriculum, summary: MilestoneSummary) -> Reply:
    month = curriculum.month(summary.month)
    verdict = {
        "ahead": "🚀 <b>Ahead</b> of the milestone range",
        "on track": "✅ <b>On track</b>: inside the milestone range",
        "behind": "🐢 <b>Behind</b> the milestone range — the next month is a fresh start",
    }[summary.verdict]
    lines = [
        f"🏁 <b>Month {month.number} milestone</b> · {esc(month.emoji)} {esc(month.title)}",
        f"Your total: <b>{hours(summary.total_minutes)} h</b> "
        f"(range {summary.hours_min:g}–{summary.hours_max:g} h)",
        verdict,
        f"Expected by now: {esc(summary.expected_progress)}",
        f"Projects shipped this month: {summary.shipped}/{summary.projects}",
    ]
    buttons: tuple[tuple[Button, ...], ...] = ()
    if summary.suggested_pace is not None and summary.recent_hours_per_week is not None:
        pace = summary.suggested_pace
        lines.append(
            f"\nYour last 3 weeks averaged {summary.recent_hours_per_week:.1f} h, which is the "
            f"{esc(pace.name)} pace ({pace.hours_min:g}–{pace.hours_max:g} h/week). Switch?"
        )
        buttons = (
            (
                Button(f"Switch to {pace.name}", callbacks.data(callbacks.PACE, pace.id)),
                Button(
                    f"Keep {summary.learner.pace.name}",
                    callbacks.data(callbacks.PACE, summary.learner.pace.id),
                ),
            ),
        )
    return Reply("\n".join(lines), buttons=buttons)


def notes_prompt(curriculum: Curriculum) -> Reply:
    target = curriculum.notes_target
    return Reply(
        f"{NOTES_PROMPT}: reply to this message with {target.min}–{target.max} bullets on what "
        "you learned, one per line.",
        force_reply=True,
        placeholder="- what I learned…",
    )


def project_answer(shipped: bool, roadmap_week: int) -> str:
    if shipped:
        return f"🚀 Week {roadmap_week}'s project marked as shipped. Nice!"
    return f"Noted: week {roadmap_week}'s project isn't shipped yet. You've got this."


# --- logging -----------------------------------------------------------------------------------


def _total_line(view: LearnerView, total: WeekTotal) -> str:
    if total.week is None:
        return f"That day: {format_minutes(total.minutes)} (outside your plan weeks)."
    label = "This week" if view.today <= total.week.last_day else f"Plan week {total.week.number}"
    return _week_bar(view, total.minutes).replace("This week", label, 1)


def logged(view: LearnerView, result: Logged) -> Reply:
    entry = result.entry
    when = "today" if entry.day == view.today else day_label(entry.day)
    note = f"\n📝 {esc(entry.note)}" if entry.note else ""
    if result.already:
        return Reply(
            f"Already recorded: {format_minutes(entry.minutes)} of {esc(entry.category)} "
            f"for {when}. Nothing was added.\n{_total_line(view, result.total)}"
        )
    return Reply(
        f"✅ Logged <b>{format_minutes(entry.minutes)}</b> of {esc(entry.category)} for {when}."
        f"{note}\n{_total_line(view, result.total)}"
    )


def undone(view: LearnerView, entry: EntryView, total: WeekTotal) -> Reply:
    return Reply(
        f"↩️ Removed {format_minutes(entry.minutes)} of {esc(entry.category)} on "
        f"{day_label(entry.day)}.\n{_total_line(view, total)}"
    )


def history(result: History) -> Reply:
    if not result.entries:
        return Reply("No entries yet. Log your first hours with /log 1.5")
    lines = ["<b>Your last entries</b> (tap 🗑 to delete one)"]
    buttons = []
    for number, entry in enumerate(result.entries, start=1):
        note = f" — {esc(_short(entry.note))}" if entry.note else ""
        lines.append(
            f"{number}. {day_label(entry.day)} · {format_minutes(entry.minutes)} "
            f"{esc(entry.category)}{note}"
        )
        buttons.append(Button(f"🗑 {number}", callbacks.data(callbacks.DELETE_ENTRY, entry.id)))
    return Reply("\n".join(lines), buttons=_rows(buttons, 5))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def entry_deleted(entry: EntryView) -> str:
    return f"Deleted {format_minutes(entry.minutes)} on {day_label(entry.day)}."


NOT_YOURS = "That's no longer there (or isn't yours); nothing was changed."


# --- notes -------------------------------------------------------------------------------------


def notes_added(curriculum: Curriculum, result: NotesAdded) -> Reply:
    target = curriculum.notes_target
    if result.already:
        return Reply("Already recorded: those notes were saved before. Nothing was added.")
    word = "note" if result.added == 1 else "notes"
    advice = (
        f" — aim for {target.min}–{target.max}."
        if result.week_count < target.min
        else " — well documented! 📚"
    )
    return Reply(
        f"📝 Added {result.added} {word}. This week: {result.week_count}{advice}"
        "\n/notes shows them all."
    )


def notes_list(curriculum: Curriculum, result: NotesList) -> Reply:
    target = curriculum.notes_target
    which = "last week" if result.last_week else "this week"
    if result.week is not None:
        span = f" ({day_label(result.week.first_day)} – {day_label(result.week.last_day)})"
        title = f"<b>Notes, plan week {result.week.number}</b>{span}"
    else:
        title = f"<b>Notes, {which}</b>"
    if not result.notes:
        return Reply(
            f"{title}\nNo notes {which}. Aim for {target.min}–{target.max} bullets: "
            "<code>/note what I learned</code>"
        )
    lines = [title]
    buttons = []
    for number, note in enumerate(result.notes, start=1):
        lines.append(f"{number}. {esc(note.text)}")
        buttons.append(Button(f"🗑 {number}", callbacks.data(callbacks.DELETE_NOTE, note.id)))
    return Reply("\n".join(lines), buttons=_rows(buttons, 5))


def note_deleted(text: str) -> str:
    return f"Deleted the note “{_short(text, 40)}”."


# --- settings ----------------------------------------------------------------------------------


def settings_menu(view: LearnerView) -> Reply:
    pause = "paused" if view.pause else "active"
    lines = [
        "<b>Your settings</b>",
        f"Pace: {esc(view.pace.name)} ({view.pace.hours_min:g}–{view.pace.hours_max:g} h/week)",
        f"Start date: {long_date(view.start)}",
        f"Time zone: {esc(view.zone_key)}",
        f"Daily reminder: {reminder_label(view.reminder)}",
        f"Weekly recap: {recap_label(view)}",
        f"Status: {pause}",
        "\nTap to change:",
    ]
    section = callbacks.SETTINGS
    buttons = (
        (
            Button("Pace", callbacks.data(section, "pace")),
            Button("Start date", callbacks.data(section, "start")),
        ),
        (
            Button("Time zone", callbacks.data(section, "tz")),
            Button("Reminder", callbacks.data(section, "remind")),
        ),
        (
            Button("Recap time", callbacks.data(section, "recap")),
            Button("Resume" if view.pause else "Pause", callbacks.data(section, "pause")),
        ),
    )
    return Reply("\n".join(lines), buttons=buttons)


def settings_section(curriculum: Curriculum, view: LearnerView, section: str) -> Reply | None:
    """The question behind a settings button (None for an unknown section)."""
    if section == "pace":
        return ask_pace(curriculum)
    if section == "start":
        return ask_start(view.today)
    if section == "tz":
        return ask_timezone()
    if section == "remind":
        return ask_reminder()
    if section == "recap":
        buttons = [
            Button(
                f"{DAY_NAMES[WEEKDAYS.index(day)][:3]} {at}",
                callbacks.data(callbacks.RECAP, f"{day} {at}"),
            )
            for day, at in RECAP_SLOTS
        ]
        return Reply(
            "<b>Weekly recap</b> — when should it come? Or type <code>/recaptime sun 20:00</code>.",
            buttons=_rows(buttons, 2),
        )
    if section == "pause":
        if view.pause:
            return Reply(
                "Resume your plan now?",
                buttons=((Button("▶️ Resume", callbacks.data(callbacks.RESUME)),),),
            )
        buttons = [
            Button("3 days", callbacks.data(callbacks.PAUSE, 3)),
            Button("1 week", callbacks.data(callbacks.PAUSE, 7)),
            Button("2 weeks", callbacks.data(callbacks.PAUSE, 14)),
            Button("Until I resume", callbacks.data(callbacks.PAUSE, "open")),
        ]
        return Reply(
            "Pause for how long? No reminders while paused, and the plan waits for you.",
            buttons=_rows(buttons, 2),
        )
    return None


def pace_changed(curriculum: Curriculum, view: LearnerView) -> str:
    where = ""
    if isinstance(view.position, PlanWeek):
        where = (
            f" You're in plan week {view.position.number}/{view.position.of}, "
            f"roadmap week {view.position.roadmap_week}."
        )
    coverage = _coverage_note(curriculum, view.pace)
    return (
        f"Pace: <b>{esc(view.pace.name)}</b> ({view.pace.hours_min:g}–{view.pace.hours_max:g} "
        f"h/week).{where} {coverage}"
    ).rstrip()


def start_changed(view: LearnerView) -> str:
    return f"Start date: <b>{long_date(view.start)}</b>."


def timezone_changed(view: LearnerView) -> str:
    local = view.today
    return f"Time zone: <b>{esc(view.zone_key)}</b> (today there is {day_label(local)})."


def reminder_changed(view: LearnerView) -> str:
    if view.reminder is None:
        return "Daily reminders: <b>off</b>. Turn them back on with /remind 18:00."
    return f"Daily reminder: <b>{view.reminder.strftime('%H:%M')}</b> on your study days."


def recap_changed(view: LearnerView) -> str:
    return f"Weekly recap: <b>{recap_label(view)}</b>."


def setting_changed(curriculum: Curriculum, topic: str, view: LearnerView) -> str:
    """The confirmation of one setting: ``pace``, ``start``, ``timezone``, ``reminder``,
    ``recap``."""
    if topic == "pace":
        return pace_changed(curriculum, view)
    return {
        "start": start_changed,
        "timezone": timezone_changed,
        "reminder": reminder_changed,
        "recap": recap_changed,
    }[topic](view)


def paused(change: PauseChange) -> str:
    if change.until is None:
        return "⏸ Paused until you /resume. No reminders meanwhile; the plan waits for you."
    return (
        f"⏸ Paused until {long_date(change.until)}. No reminders meanwhile; "
        "the plan waits for you. /resume to come back sooner."
    )


def resumed(change: PauseChange) -> str:
    days = change.shifted_days
    moved = f" Your plan moved {days} day{'s' if days != 1 else ''} later." if days else ""
    return f"▶️ Welcome back!{moved} /today shows where you are."


# --- data --------------------------------------------------------------------------------------


def export_caption(rows: int) -> str:
    return f"📦 Your data: {rows} row{'s' if rows != 1 else ''} (log entries and notes)."


def forget_confirm() -> Reply:
    return Reply(
        "⚠️ This deletes <b>everything</b> I know about you: settings, every log entry and "
        "note. It can't be undone. (/export first if you want a copy.)",
        buttons=(
            (
                Button("Yes, delete everything", callbacks.data(callbacks.FORGET, "yes")),
                Button("Cancel", callbacks.data(callbacks.FORGET, "no")),
            ),
        ),
    )


FORGOTTEN = "🗑 Done. I've deleted everything about you. Send /start to begin again."
FORGET_CANCELLED = "Cancelled; nothing was deleted."
NOTHING_TO_FORGET = "I have nothing stored about you."


def stats(numbers: Stats, now: datetime) -> Reply:
    if numbers.last_tick is None:
        tick = "never"
    else:
        tick = f"{int((now - numbers.last_tick).total_seconds())} s ago"
    return Reply(
        "<b>Bot statistics</b>\n"
        f"Learners: {numbers.learners}\n"
        f"Active in the last 7 days: {numbers.active_recently}\n"
        f"Pushes sent in the last 24 h: {numbers.pushes_sent}\n"
        f"Last scheduler tick: {tick}"
    )


ADMINS_ONLY = "That command is for the bot's admins."


# --- everything else ---------------------------------------------------------------------------

FALLBACK = (
    "I didn't catch that. Send <code>1.5</code> or <code>/log 1.5</code> to log time, "
    "<code>/note …</code> or lines starting with <code>-</code> for notes. /help lists "
    "everything."
)


def log_hint(text: str) -> Reply:
    """A plain message that starts with a duration but says more: show the /log form."""
    return Reply(
        "To log with a category, a day or a note, start with /log: "
        f"<code>/log {esc(_short(text.strip(), 200))}</code>"
    )


UNKNOWN_COMMAND = "I don't know that command. /help lists everything I understand."
GROUPS = (
    "I coach one person at a time: talk to me in a private chat, and your hours and notes "
    "stay yours."
)
EDITED = (
    "I saw your edit, but edits don't change what's recorded. To fix an entry, use /undo or "
    "/history and log it again."
)
ERROR = "😵 Something went wrong on my side. Please try again in a moment."
