"""/settings, its questions, and the confirmation of each change. Pure."""

from __future__ import annotations

from bot.domain.curriculum import WEEKDAYS, Curriculum
from bot.domain.plan import PlanWeek
from bot.services.learners import LearnerView
from bot.services.settings import PauseChange
from bot.telegram import callbacks
from bot.texts.format import DAY_NAMES, Button, Reply, day_label, esc, long_date, rows
from bot.texts.onboarding import (
    ask_pace,
    ask_reminder,
    ask_start,
    ask_timezone,
    recap_label,
    reminder_label,
)
from bot.texts.weeks import coverage_note

RECAP_SLOTS = (("sun", "20:00"), ("sun", "18:00"), ("sat", "18:00"), ("mon", "08:00"))


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
            buttons=rows(buttons, 2),
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
            buttons=rows(buttons, 2),
        )
    return None


def pace_changed(curriculum: Curriculum, view: LearnerView) -> str:
    where = ""
    if isinstance(view.position, PlanWeek):
        where = (
            f" You're in plan week {view.position.number}/{view.position.of}, "
            f"roadmap week {view.position.roadmap_week}."
        )
    coverage = coverage_note(curriculum, view.pace)
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
