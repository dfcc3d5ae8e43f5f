"""The data of an entry's buttons reads back as the change it was drawn for, and anything
else (a forged or an old button) reads as nothing."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.handlers.entries import parse_change
from bot.services.entries import Change
from bot.telegram import callbacks

ids = st.integers(min_value=1, max_value=10**12)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(ids, st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_an_hours_button_reads_back_as_its_change(entry: int, before: int, after: int) -> None:
    data = callbacks.data(callbacks.EDIT_ENTRY, entry, "m", before, after)
    assert parse_change(data) == (entry, Change("minutes", str(after), str(before)))


@given(ids, days, days)
def test_a_day_button_reads_back_as_its_change(entry: int, before: date, after: date) -> None:
    data = callbacks.data(callbacks.EDIT_ENTRY, entry, "d", before, after)
    assert parse_change(data) == (entry, Change("day", after.isoformat(), before.isoformat()))


@given(st.one_of(st.text(max_size=64), st.from_regex(r"ed:[0-9١٢]{1,4}:[mcd]:[0-9a-z:١]{1,20}")))
def test_any_other_data_is_a_change_of_a_known_kind_or_nothing(data: str) -> None:
    parsed = parse_change(data)
    if parsed is None:
        return
    entry, change = parsed
    assert data.startswith(f"{callbacks.EDIT_ENTRY}:{entry}:")  # no leading zero, ASCII only
    assert change.field in ("minutes", "category", "day")
    if change.field == "minutes":
        assert change.value.isascii()
        assert change.value.isdigit()
    if change.field == "day":
        assert date.fromisoformat(change.value).isoformat() == change.value
