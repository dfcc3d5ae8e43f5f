"""What /note and /notes answer. Pure."""

from __future__ import annotations

from bot.domain.curriculum import Curriculum
from bot.services.notes import NotesAdded, NotesList
from bot.telegram import callbacks
from bot.texts.format import Button, Reply, day_label, esc, rows, short


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
    return Reply("\n".join(lines), buttons=rows(buttons, 5))


def note_deleted(text: str) -> str:
    return f"Deleted the note “{short(text, 40)}”."
