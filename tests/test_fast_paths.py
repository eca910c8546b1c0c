"""Fast versions of hot functions agree with simple, obviously right references.

``format_id`` writes exactly what babel writes for the ``id`` locale (pattern
``#,##0.00``) without calling it; ``from_float`` has a shortcut for whole
numbers; the Capaian sheet skips xlsxwriter's formula rewriting (the same file).
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from babel.numbers import format_decimal
from conftest import EXAMPLE_INPUT
from hypothesis import given
from hypothesis import strategies as st

from lkt_excel import api
from lkt_excel.core.numbers import format_id, from_float


def babel_id(number: Decimal, places: int) -> str:
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale="id", decimal_quantization=True)


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("1334"), None, "1.334"),  # thousands dot
        (Decimal("2.39"), None, "2,39"),  # decimal comma
        (Decimal("2.7"), 2, "2,70"),  # padded to the places asked
        (Decimal("-0.4"), 2, "-0,40"),
        (Decimal("1234567.5"), 1, "1.234.567,5"),
        (Decimal("1E+3"), None, "1.000"),  # exponent notation written out
        (Decimal("0.001"), None, "0,001"),
        (12, None, "12"),
    ],
)
def test_known_texts(value, places, text):
    assert format_id(value, places) == text


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=3),
)
def test_agrees_with_babel(digits, exponent, extra):
    number = Decimal(digits).scaleb(-exponent)  # `exponent` decimal places as entered
    assert format_id(number) == babel_id(number, exponent)
    assert format_id(number, exponent + extra) == babel_id(number, exponent + extra)


def test_refuses_to_round():
    with pytest.raises(ValueError):
        format_id(Decimal("2.345"), 2)


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_from_float_of_whole_numbers_is_the_integer(n):
    assert from_float(float(n)) == Decimal(n)
    assert from_float(float(n)).as_tuple().exponent == 0


def test_from_float_keeps_fifteen_digits():
    assert str(from_float(2.2999999999999998)) == "2.3"  # as typed in Excel
    assert str(from_float(1e15)) == "1000000000000000"


def formula_cells(path, sheet: str) -> dict[str, object]:
    """Every cell of a sheet as openpyxl reads it: formulas as their text."""
    book = openpyxl.load_workbook(path)
    return {c.coordinate: c.value for row in book[sheet].iter_rows() for c in row}


def test_capaian_formulas_are_what_xlsxwriter_itself_writes(tmp_path, monkeypatch):
    """The Capaian sheet skips xlsxwriter's formula rewriting: the file must not change."""
    from xlsxwriter.worksheet import Worksheet

    from lkt_excel.report import capaian_sheet as writer_capaian

    fast = api.build(EXAMPLE_INPUT, tmp_path / "cepat.xlsx").output
    monkeypatch.setattr(writer_capaian, "own_formulas_sheet", lambda: Worksheet)
    plain = api.build(EXAMPLE_INPUT, tmp_path / "biasa.xlsx").output
    cells = formula_cells(fast, writer_capaian.SHEET_CAPAIAN)
    assert cells == formula_cells(plain, writer_capaian.SHEET_CAPAIAN)
    formulas = [v for v in cells.values() if isinstance(v, str) and v.startswith("=")]
    assert any(f.startswith("=ROUND(") for f in formulas)  # the sheet does hold formulas
    assert any(f.startswith("=IF(") for f in formulas)
