"""What /note and /notes answer. Pure.

A week's notes are listed a page at a time, one message each: at most 20 notes, and no more
than fit in a message, with a 🗑 button for each and ◀ ▶ to turn pages, so the list stays within
Telegram's 4096 characters and 100 buttons however long the notes are.
"""

from __future__ import annotations

from bot.domain.curriculum import Curriculum
from bot.services.notes import NotesAdded, NotesList, NoteView, PlacedNote
from bot.telegram import callbacks
from bot.telegram.rules import MAX_TEXT, utf16_length
from bot.texts.format import Button, Reply, day_label, esc, rows, short

PAGE_NOTES = 20
MAX_FOUND = 50  # notes listed by one /notes find
NOTES_USAGE = (
    "Use /notes for this week, /notes last for last week, /notes all for a file of every note, "
    "or /notes find WORD."
)
PAGE_LABEL = " · page {page}/{pages}"


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


def _line(number: int, note: NoteView) -> str:
    return f"{number}. {esc(note.text)}"


def _title(result: NotesList) -> str:
    if result.week is None:
        return f"<b>Notes, {'last week' if result.last_week else 'this week'}</b>"
    span = f" ({day_label(result.week.first_day)} – {day_label(result.week.last_day)})"
    return f"<b>Notes, plan week {result.week.number}</b>{span}"


def note_pages(result: NotesList) -> list[range]:
    """The indexes of the notes on each page: at most ``PAGE_NOTES``, and as many as fit in one
    message under the title (a note alone always makes a page)."""
    heading = utf16_length(_title(result) + PAGE_LABEL.format(page=PAGE_NOTES, pages=PAGE_NOTES))
    pages: list[range] = []
    start, size = 0, heading
    for index, note in enumerate(result.notes):
        length = utf16_length(_line(index + 1, note)) + 1
        if index > start and (index - start >= PAGE_NOTES or size + length > MAX_TEXT):
            pages.append(range(start, index))
            start, size = index, heading
        size += length
    pages.append(range(start, len(result.notes)))
    return pages


def page_after_deleting(result: NotesList, deleted_id: int) -> int:
    """The page to show once a note is deleted: the one now holding the note that followed it
    (the last page when it was the last note)."""
    pages = note_pages(result)
    following = next((i for i, n in enumerate(result.notes) if n.id > deleted_id), None)
    if following is None:
        return len(pages) - 1
    return next(number for number, page in enumerate(pages) if following in page)


def notes_list(curriculum: Curriculum, result: NotesList, page: int = 0) -> Reply:
    """A page of the week's notes (the last page when ``page`` is past it)."""
    target = curriculum.notes_target
    title = _title(result)
    if not result.notes:
        which = "last week" if result.last_week else "this week"
        return Reply(
            f"{title}\nNo notes {which}. Aim for {target.min}–{target.max} bullets: "
            "<code>/note what I learned</code>"
        )
    pages = note_pages(result)
    page = max(0, min(page, len(pages) - 1))
    if len(pages) > 1:
        title += PAGE_LABEL.format(page=page + 1, pages=len(pages))
    lines = [title]
    buttons = []
    for index in pages[page]:
        note = result.notes[index]
        lines.append(_line(index + 1, note))
        buttons.append(Button(f"🗑 {index + 1}", callbacks.data(callbacks.DELETE_NOTE, note.id)))
    turn = []
    monday = result.monday.isoformat()
    if page > 0:
        turn.append(Button("◀ Previous", callbacks.data(callbacks.NOTES_PAGE, monday, page - 1)))
    if page < len(pages) - 1:
        turn.append(Button("Next ▶", callbacks.data(callbacks.NOTES_PAGE, monday, page + 1)))
    keyboard = rows(buttons, 5) + ((tuple(turn),) if turn else ())
    return Reply("\n".join(lines), buttons=keyboard)


def note_deleted(text: str) -> str:
    return f"Deleted the note “{short(text, 40)}”."


def notes_markdown(curriculum: Curriculum, placed: tuple[PlacedNote, ...]) -> str:
    """Every note as a Markdown document: by roadmap month and week, under the week titles;
    notes from outside the plan weeks last."""
    lines = [f"# Talking points: {curriculum.title}"]
    in_plan = sorted(
        (p for p in placed if p.roadmap_week is not None),
        key=lambda p: (p.roadmap_week, p.note.day, p.note.id),
    )
    month = week = 0
    for item in in_plan:
        assert item.roadmap_week is not None
        roadmap = curriculum.week(item.roadmap_week)
        if roadmap.month != month:
            month = roadmap.month
            lines += ["", f"## Month {month}: {curriculum.month(month).title}"]
        if roadmap.number != week:
            week = roadmap.number
            lines += ["", f"### Week {week}: {roadmap.title}", ""]
        lines.append(f"- {_one_line(item.note.text)}")
    outside = [p for p in placed if p.roadmap_week is None]
    if outside:
        lines += ["", "## Outside the plan weeks", ""]
        lines += [f"- {p.note.day.isoformat()}: {_one_line(p.note.text)}" for p in outside]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def notes_file_caption(placed: tuple[PlacedNote, ...]) -> str:
    weeks = len({p.roadmap_week for p in placed if p.roadmap_week is not None})
    notes = f"{len(placed)} note{'s' if len(placed) != 1 else ''}"
    return f"📝 Your talking points: {notes} from {weeks} roadmap week{'s' if weeks != 1 else ''}."


NO_NOTES_AT_ALL = "No notes yet. Add some with <code>/note what I learned</code>."


def found_notes(curriculum: Curriculum, wanted: str, found: tuple[PlacedNote, ...]) -> Reply:
    """The notes holding the words looked for, each with its week."""
    if not found:
        return Reply(f"🔎 No note mentions “{esc(wanted)}”.")
    word = "note" if len(found) == 1 else "notes"
    lines = [f"🔎 {len(found)} {word} with “{esc(wanted)}”:"]
    for item in found[:MAX_FOUND]:
        if item.roadmap_week is None:
            where = f"{day_label(item.note.day)}, outside the plan"
        else:
            title = curriculum.week(item.roadmap_week).title
            where = f"Week {item.roadmap_week} · {esc(title)}"
        lines.append(f"• <b>{where}</b>: {esc(item.note.text)}")
    if len(found) > MAX_FOUND:
        lines.append(f"…and {len(found) - MAX_FOUND} more: /notes all sends every note.")
    return Reply("\n".join(lines))
