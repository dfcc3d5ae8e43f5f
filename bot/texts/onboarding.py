"""The welcome and the four setup questions, and the summary that closes them. Pure."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.domain.curriculum import Curriculum
from bot.domain.dates import date_example, default_start
from bot.services.learners import LearnerView
from bot.services.reports import WeekReport
from bot.telegram import callbacks
from bot.texts.format import DAY_NAMES, Button, Reply, day_label, esc, long_date, rows
from bot.texts.reports import today

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


def _heading(step: int, title: str, numbered: bool) -> str:
    """A question's bold heading: ``2/4 · Start date`` during setup, the title alone when a
    settings command asks it."""
    return f"<b>{step}/4 · {title}</b>" if numbered else f"<b>{title}</b>"


def ask_pace(curriculum: Curriculum, *, numbered: bool = True) -> Reply:
    lines = [
        f"{_heading(1, 'Your pace', numbered)} — how many hours a week can you give? Tap one, "
        "or type the hours, e.g. <code>12 h</code>."
    ]
    buttons = []
    for pace in curriculum.paces:
        months = round(pace.plan_weeks / 4.345)
        lines.append(
            f"• <b>{esc(pace.name)}</b>: {pace.hours_min:g}–{pace.hours_max:g} h/week, "
            f"{pace.plan_weeks} weeks (~{months} months)"
        )
        label = f"{pace.name} · {pace.hours_min:g}–{pace.hours_max:g} h/wk"
        buttons.append(Button(label, callbacks.data(callbacks.PACE, pace.id)))
    return Reply("\n".join(lines), buttons=rows(buttons, 1))


def ask_start(today: date, *, numbered: bool = True) -> Reply:
    monday = today - timedelta(days=today.weekday())
    this = Button(f"This Monday ({day_label(monday)})", callbacks.data(callbacks.START, "this"))
    following = Button(
        f"Next Monday ({day_label(monday + timedelta(weeks=1))})",
        callbacks.data(callbacks.START, "next"),
    )
    mondays = (following, this) if default_start(today) > monday else (this, following)
    buttons = (
        *mondays,
        Button(f"Today ({day_label(today)})", callbacks.data(callbacks.START, "today")),
    )
    return Reply(
        f"{_heading(2, 'Start date', numbered)} — when does week 1 begin? Tap one, or type "
        f"<code>next monday</code>, <code>tomorrow</code> or a date like "
        f"<code>{date_example(today)}</code>.",
        buttons=rows(buttons, 1),
    )


def ask_timezone(*, numbered: bool = True) -> Reply:
    buttons = [Button(zone, callbacks.data(callbacks.ZONE, zone)) for zone in COMMON_ZONES]
    return Reply(
        f"{_heading(3, 'Time zone', numbered)} — so reminders come at your local time. Tap "
        "one, or type your city (<code>Berlin</code>), a zone name like "
        "<code>Europe/Berlin</code> or an offset with its sign like <code>+05:30</code>.",
        buttons=rows(buttons, 2),
    )


def ask_reminder(*, numbered: bool = True) -> Reply:
    buttons = [Button(t, callbacks.data(callbacks.REMIND, t)) for t in REMINDER_TIMES]
    buttons.append(Button("No reminders", callbacks.data(callbacks.REMIND, "off")))
    return Reply(
        f"{_heading(4, 'Daily reminder', numbered)} — when should I remind you on your study "
        "days? Tap one, or type a time like <code>19:30</code> or <code>7pm</code>.",
        buttons=rows(buttons, 3),
    )


def expected_answer(topic: str, today: date) -> str:
    """What the pending setup question waits for, when a message was not an answer to it."""
    waiting = {
        "pace": "your pace: tap a button, or type the hours a week you can give, e.g. 12 h",
        "start": (
            "your start date: tap a button, or type next monday, tomorrow or a date like "
            f"{date_example(today)}"
        ),
        "timezone": "your time zone: type your city (Berlin), a zone name or an offset like +05:30",
        "reminder": "your reminder time: tap a button, or type a time like 19:30 or 7pm, or off",
    }[topic]
    return f"I'm still waiting for {waiting}."


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
