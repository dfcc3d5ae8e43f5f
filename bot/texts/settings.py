"""/settings, its questions, and the confirmation of each change. Pure."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.curriculum import WEEKDAYS, Curriculum
from bot.services.learners import LearnerView
from bot.services.settings import PauseChange
from bot.telegram import callbacks
from bot.texts.format import (
    DAY_NAMES,
    Button,
    Reply,
    day_label,
    duration,
    esc,
    hour_range,
    long_date,
    rows,
)
from bot.texts.onboarding import (
    ask_pace,
    ask_reminder,
    ask_start,
    ask_timezone,
    recap_label,
    reminder_label,
)
from bot.texts.weeks import coverage_note, pause_span, roadmap_label

RECAP_SLOTS = (("sun", "20:00"), ("sun", "18:00"), ("sat", "18:00"), ("mon", "08:00"))


def settings_menu(view: LearnerView) -> Reply:
    pause = f"paused {pause_span(view.pause.end)}" if view.pause else "active"
    ahead = next((p for p in view.plan.pauses if p.start > view.today), None)
    if view.pause is None and ahead is not None:  # a break a recap set for the coming week
        pause += f"; a pause from {long_date(ahead.start)}, {pause_span(ahead.end)}"
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


SECTIONS = ("pace", "start", "tz", "remind", "recap", "pause")


def settings_section(curriculum: Curriculum, view: LearnerView, section: str) -> Reply | None:
    """The question behind a settings button (None for an unknown section)."""
    if section == "pace":
        return ask_pace(curriculum, numbered=False)
    if section == "start":
        return ask_start(view.today, numbered=False)
    if section == "tz":
        return ask_timezone(numbered=False)
    if section == "remind":
        return ask_reminder(numbered=False)
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
    pace = view.pace
    lines = [
        f"Pace: <b>{esc(pace.name)}</b> ({hour_range(pace.hours_min, pace.hours_max)} a week)."
    ]
    week = view.week_of(view.today) if view.today >= view.plan.start else None
    first = view.plan.segments[-1].from_week
    if week is not None and first > week.number:
        lines.append(
            f"This week has had its recap: it applies from next week, plan week {first}, on; "
            "the weeks before keep theirs."
        )
    elif week is not None and week.number > 1:
        lines.append(
            f"It applies from this week, plan week {week.number}, on; the weeks before keep theirs."
        )
    if view.weeks:
        lines.append(
            f"Your plan: {len(view.weeks)} plan weeks, ending {long_date(view.plan_finish)}."
        )
    coverage = coverage_note(curriculum, pace)
    if coverage:
        lines.append(coverage)
    return " ".join(lines)


def start_changed(view: LearnerView) -> str:
    line = f"Start date: <b>{long_date(view.start)}</b>."
    first = view.week(1)
    if first is None:
        return line
    span = f"{day_label(view.start)} – {day_label(first.last_day)}"
    if view.start.weekday() == 0:
        return f"{line} Week 1: {span}."
    return (
        f"{line} Week 1 is a short week, {span}: {duration(first.target_minutes)} of study. "
        "Every plan week after it runs Monday to Sunday."
    )


def timezone_changed(view: LearnerView) -> str:
    line = f"Time zone: <b>{esc(view.zone_key)}</b>."
    if view.now is None:
        return f"{line} Your date there is {day_label(view.today)}."
    local = view.now.astimezone(view.zone)
    return f"{line} Your local time is now {local.strftime('%H:%M')} on {day_label(local.date())}."


def reminder_changed(view: LearnerView) -> str:
    if view.reminder is None:
        return "Daily reminders: <b>off</b>. Turn them back on with /remind 18:00."
    return f"Daily reminder: <b>{view.reminder.strftime('%H:%M')}</b> on your study days."


def recap_changed(view: LearnerView) -> str:
    return f"Weekly recap: <b>{recap_label(view)}</b>."


def setting_changed(
    curriculum: Curriculum, topic: str, view: LearnerView, remark: str | None = None
) -> str:
    """The confirmation of one setting: ``pace``, ``start``, ``timezone``, ``reminder``,
    ``recap``; ``remark`` says how a typed answer was read (``EST`` as America/New_York)."""
    if remark:
        return f"{setting_changed(curriculum, topic, view)}\n{esc(remark)}"
    if topic == "pace":
        return pace_changed(curriculum, view)
    return {
        "start": start_changed,
        "timezone": timezone_changed,
        "reminder": reminder_changed,
        "recap": recap_changed,
    }[topic](view)


def paused(change: PauseChange) -> str:
    view = change.learner
    start = change.start or view.today
    ahead = start > view.today
    if change.until is None:
        since = f" from {long_date(start)}" if ahead else ""
        line = f"⏸ Paused{since} until you /resume."
    else:
        days = (change.until - start).days
        count = f"{days} day{'s' if days != 1 else ''}"
        last = change.until - timedelta(days=1)
        if ahead:
            line = (
                f"⏸ Paused {day_label(start)} – {day_label(last)} ({count}); back on "
                f"{long_date(change.until)}. /resume cancels it."
            )
        else:
            line = f"⏸ Paused for {count}, {pause_span(change.until)}. /resume to come back sooner."
    line += " No reminders meanwhile, and paused days ask for nothing."
    return line + _repeated(view, start, change.until)


def _repeated(view: LearnerView, start: date, until: date | None) -> str:
    """What the pause does to the plan: a plan week mostly paused comes again."""
    end = until or start + timedelta(days=1)
    weeks = [w for w in view.weeks if w.repeated and w.first_day < end and w.last_day >= start]
    if not weeks:
        return ""
    if len(weeks) > 1:
        return (
            f" {len(weeks)} plan weeks are mostly paused: the roadmap waits for you, and your "
            f"plan now ends {long_date(view.plan_finish)}."
        )
    week = weeks[0]
    if week.first_day <= view.today <= week.last_day:
        return (
            f" With more than half of this week paused, {roadmap_label(week)} comes again next "
            "week."
        )
    return (
        f" With more than half of plan week {week.number} paused, {roadmap_label(week)} comes "
        f"again in plan week {week.number + 1}."
    )


def resumed(change: PauseChange) -> str:
    days = change.paused_days
    were = f" {days} day{'s were' if days != 1 else ' was'} paused." if days else ""
    return f"▶️ Welcome back!{were} /today shows where you are."
