"""Rendering rules: escaping, code spans, bars, splitting long texts on line boundaries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.dates import default_start
from bot.telegram import callbacks
from bot.telegram.rules import MAX_TEXT, check_text, html_to_plain, utf16_length
from bot.texts.format import _split_lines, bar, esc, hour_range, rich, split_html
from bot.texts.onboarding import ask_start


def test_escaping_and_code_spans() -> None:
    assert esc("<b>&amp;") == "&lt;b&gt;&amp;amp;"
    assert rich("use `argparse` & <x>") == "use <code>argparse</code> &amp; &lt;x&gt;"


def test_progress_bar() -> None:
    assert bar(8 * 60, 12 * 60) == "▓▓▓▓▓▓▓░░░ 8 h / 12 h"
    assert bar(0, 12 * 60) == "░░░░░░░░░░ 0 min / 12 h"
    assert bar(30 * 60, 12 * 60) == "▓▓▓▓▓▓▓▓▓▓ 30 h / 12 h"
    assert bar(90, 0) == "░░░░░░░░░░ 1 h 30 min / 0 min"
    # Full only when the target is met: 11 h 30 min of 12 h rounds to ten tenths, shows nine.
    assert bar(11 * 60 + 30, 12 * 60) == "▓▓▓▓▓▓▓▓▓░ 11 h 30 min / 12 h"
    assert bar(12 * 60, 12 * 60) == "▓▓▓▓▓▓▓▓▓▓ 12 h / 12 h"


def test_a_long_text_is_split_on_lines_into_valid_messages() -> None:
    lines = [f"<b>{n}.</b> " + "é🐍" * 60 for n in range(200)]
    parts = split_html("\n".join(lines))
    assert len(parts) > 1
    assert "\n".join(parts) == "\n".join(lines)
    for part in parts:
        assert check_text(part, html_mode=True) == ""


def test_a_single_line_longer_than_a_message_is_cut_outside_tags() -> None:
    line = "<b>x</b> &amp; " * 1000
    parts = split_html(line)
    assert "".join(parts) == line
    assert all(check_text(part, html_mode=True) == "" for part in parts)


@given(st.lists(st.text(max_size=300), max_size=40))
def test_split_keeps_everything_and_respects_the_limit(lines: list[str]) -> None:
    text = "\n".join(esc(line) for line in lines)
    parts = split_html(text, limit=500)
    for part in parts:
        assert utf16_length(part) <= 500
        html_to_plain(part)  # raises on broken entities
    if not text.strip():
        assert parts == ["…"]
    else:
        assert re.sub(r"\s", "", "".join(parts)) == re.sub(r"\s", "", text)  # nothing lost


@given(st.lists(st.text(alphabet=" \n\tab<>&é🐍", max_size=30), max_size=30))
def test_a_text_that_fits_is_sent_as_the_lines_would_join_it(lines: list[str]) -> None:
    """The short way out for a text that fits one message gives what splitting would give."""
    text = "\n".join(lines)
    assert split_html(text, limit=200) == _split_lines(text, 200)


def test_callback_data_is_limited() -> None:
    assert callbacks.data(callbacks.DELETE_ENTRY, 2**63) == f"dl:{2**63}"
    with pytest.raises(ValueError, match="64 bytes"):
        callbacks.data(callbacks.ZONE, "x" * 70)
    assert MAX_TEXT == 4096


def test_a_band_whose_ends_meet_reads_as_one_duration() -> None:
    assert hour_range(2, 2) == "2 h"  # the part-time pace's scaled project range
    assert hour_range(2.5, 2.5) == "2 h 30 min"
    assert hour_range(10, 15) == "10–15 h"
    assert hour_range(2, 2.5) == "2 h – 2 h 30 min"


def test_the_start_question_offers_next_monday_first_from_thursday_on() -> None:
    def mondays(today: date) -> list[str]:
        return [b.text for row in ask_start(today).buttons for b in row][:2]

    assert mondays(date(2026, 11, 25)) == ["This Monday (Mon 23 Nov)", "Next Monday (Mon 30 Nov)"]
    assert mondays(date(2026, 11, 26)) == ["Next Monday (Mon 30 Nov)", "This Monday (Mon 23 Nov)"]
    assert mondays(date(2026, 11, 29)) == ["Next Monday (Mon 30 Nov)", "This Monday (Mon 23 Nov)"]
    assert [default_start(date(2026, 11, d)) for d in (23, 25, 26, 29)] == [
        date(2026, 11, 23),
        date(2026, 11, 23),
        date(2026, 11, 30),
        date(2026, 11, 30),
    ]
