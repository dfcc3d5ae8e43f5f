"""The CSV export's cells: never read as a formula by a spreadsheet."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.services.data import FORMULA_STARTS, spreadsheet_safe


@given(st.text())
def test_a_cell_never_starts_a_formula_and_keeps_its_text(cell: str) -> None:
    safe = spreadsheet_safe(cell)
    assert not safe.startswith(FORMULA_STARTS)
    # Either unchanged, or the same text behind one quote (which spreadsheets hide).
    assert safe == cell or (safe == f"'{cell}" and cell.startswith(FORMULA_STARTS))


def test_owasp_examples() -> None:
    assert spreadsheet_safe('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert spreadsheet_safe("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert spreadsheet_safe("-2+3") == "'-2+3"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("\tx") == "'\tx"
    assert spreadsheet_safe("\rx") == "'\rx"
    assert spreadsheet_safe("decorators wrap functions") == "decorators wrap functions"
    assert spreadsheet_safe("1.5") == "1.5"
    assert spreadsheet_safe("") == ""
