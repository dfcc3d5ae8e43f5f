"""What /log, /undo and /history answer. Pure."""

from __future__ import annotations

from bot.domain.parsing import format_minutes
from bot.services.learners import LearnerView
from bot.services.log import EntryView, History, Logged, WeekTotal
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, day_label, esc, rows, short
from bot.texts.weeks import week_bar


def total_line(view: LearnerView, total: WeekTotal) -> str:
    if total.week is None:
        return f"That day: {format_minutes(total.minutes)} (outside your plan weeks)."
    label = "This week" if view.today <= total.week.last_day else f"Plan week {total.week.number}"
    return week_bar(view, total.week, total.minutes, label)


def logged(view: LearnerView, result: Logged) -> Reply:
    entry = result.entry
    when = "today" if entry.day == view.today else day_label(entry.day)
    note = f"\n📝 {esc(entry.note)}" if entry.note else ""
    if result.already:
        return Reply(
            f"Already recorded: {format_minutes(entry.minutes)} of {esc(entry.category)} "
            f"for {when}. Nothing was added.\n{total_line(view, result.total)}"
        )
    return Reply(
        f"✅ Logged <b>{format_minutes(entry.minutes)}</b> of {esc(entry.category)} for {when}."
        f"{note}\n{total_line(view, result.total)}"
    )


def undone(view: LearnerView, entry: EntryView, total: WeekTotal) -> Reply:
    return Reply(
        f"↩️ Removed {format_minutes(entry.minutes)} of {esc(entry.category)} on "
        f"{day_label(entry.day)}.\n{total_line(view, total)}"
    )


def history(result: History) -> Reply:
    if not result.entries:
        return Reply("No entries yet. Log your first hours with /log 1.5")
    lines = ["<b>Your last entries</b> (tap ✏️ to change one, 🗑 to delete one)"]
    opens, buttons = [], []
    for number, entry in enumerate(result.entries, start=1):
        note = f" — {esc(short(entry.note))}" if entry.note else ""
        lines.append(
            f"{number}. {day_label(entry.day)} · {format_minutes(entry.minutes)} "
            f"{esc(entry.category)}{_logged_at(result.learner, entry)}{note}"
        )
        opens.append(Button(f"✏️ {number}", callbacks.data(callbacks.OPEN_ENTRY, entry.id)))
        buttons.append(Button(f"🗑 {number}", callbacks.data(callbacks.DELETE_ENTRY, entry.id)))
    return Reply("\n".join(lines), buttons=rows(opens, 5) + rows(buttons, 5))


def _logged_at(view: LearnerView, entry: EntryView) -> str:
    """When an entry was logged, in the learner's zone: the time, and the day if another."""
    if entry.logged_at is None:
        return ""
    local = entry.logged_at.astimezone(view.zone)
    if local.date() == entry.day:
        return f" · logged {local:%H:%M}"
    return f" · logged {day_label(local.date())} {local:%H:%M}"


def entry_deleted(entry: EntryView) -> str:
    return f"Deleted {format_minutes(entry.minutes)} on {day_label(entry.day)}."
