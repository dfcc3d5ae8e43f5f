"""/notes a page at a time: every page a valid message, every note on exactly one page."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.curriculum import default_curriculum_path, load_curriculum
from bot.services.notes import MAX_NOTES_PER_WEEK, NotesList, NoteView
from bot.telegram.outgoing import inline_keyboard
from bot.telegram.rules import check_reply_markup, check_text
from bot.texts.notes import PAGE_NOTES, note_pages, notes_list, page_after_deleting

CURRICULUM = load_curriculum(default_curriculum_path())
MONDAY = date(2026, 11, 23)
note_texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=1000
).filter(str.strip)


def week_of(texts: list[str]) -> NotesList:
    notes = tuple(NoteView(10 + n, MONDAY, text) for n, text in enumerate(texts))
    return NotesList(None, notes, False, MONDAY)


@given(st.lists(note_texts | st.sampled_from(["&" * 1000, "<" * 1000, "🐍" * 1000]),
                min_size=1, max_size=MAX_NOTES_PER_WEEK))  # fmt: skip
def test_every_page_is_one_valid_message_and_every_note_is_on_one_page(texts: list[str]) -> None:
    result = week_of(texts)
    pages = note_pages(result)
    assert [i for page in pages for i in page] == list(range(len(texts)))
    for number, page in enumerate(pages):
        assert 1 <= len(page) <= PAGE_NOTES
        reply = notes_list(CURRICULUM, result, number)
        assert check_text(reply.text, html_mode=True) == ""
        markup = inline_keyboard(reply)
        assert markup is not None
        assert check_reply_markup(json.loads(markup.to_json())) == ""
        delete_buttons = [b for row in reply.buttons for b in row if b.text.startswith("🗑")]
        assert [b.text for b in delete_buttons] == [f"🗑 {i + 1}" for i in page]
        turns = [b.text for b in reply.buttons[-1]] if len(pages) > 1 else []
        assert ("◀ Previous" in turns) == (number > 0)
        assert ("Next ▶" in turns) == (number < len(pages) - 1)


@given(st.lists(note_texts, min_size=2, max_size=60), st.data())
def test_after_a_delete_the_page_shown_holds_the_next_note(
    texts: list[str], data: st.DataObject
) -> None:
    before = week_of(texts)
    gone = data.draw(st.integers(0, len(texts) - 1))
    after = NotesList(None, before.notes[:gone] + before.notes[gone + 1 :], False, MONDAY)
    page = note_pages(after)[page_after_deleting(after, before.notes[gone].id)]
    shown = gone if gone < len(after.notes) else len(after.notes) - 1
    assert shown in page
