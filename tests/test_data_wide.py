"""Sheet Data with one row per indicator (Kode, Pembilang TW I ... Penyebut TW IV).

Both layouts are read and give identical workbooks, compared cell by cell.
"""

from __future__ import annotations

import openpyxl
import pytest
from conftest import Rows

from lkt_excel import api

QUARTERS = ("I", "II", "III", "IV")


def to_wide(rows: Rows, *, reported: bool = True) -> Rows:
    """The example's Data, one row per indicator (the layout offices keep)."""
    header = ["Kode"]
    for q in QUARTERS:
        header += [f"Pembilang TW {q}", f"Penyebut TW {q}"]
    if reported:
        header += [f"Realisasi Dilaporkan TW {q}" for q in QUARTERS]
    by_code: dict[str, dict[str, list]] = {}
    for kode, quarter, pembilang, penyebut, dilaporkan in rows.data[1:]:
        by_code.setdefault(kode, {})[quarter] = [pembilang, penyebut, dilaporkan]
    data = [header]
    for kode, quarters in by_code.items():
        row = [kode]
        for q in QUARTERS:
            row += quarters.get(q, [None, None, None])[:2]
        if reported:
            row += [quarters.get(q, [None, None, None])[2] for q in QUARTERS]
        data.append(row)
    wide = rows.copy()
    wide.data = data
    return wide


def cells(path) -> dict:
    """Every sheet's values, merges and number formats, as a person opening it sees them."""
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: (
            [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()],
            sorted(str(r) for r in sheet.merged_cells.ranges),
        )
        for sheet in book
    }


def agreed(rows: Rows) -> Rows:
    """The example with each Realisasi Dilaporkan equal to the computed figure: no notes."""
    rows = rows.copy()
    figures = [2.70, 2.39, 2.39, 2.39, 0.18, 0.32, 0.54, 0.81]  # the example's report
    for row, figure in zip(rows.data[1:], figures, strict=True):
        row[4] = figure
    return rows


def test_wide_and_long_data_give_identical_workbooks(rows, make_input, tmp_path):
    long_rows = agreed(rows)
    long_done = api.build(make_input(long_rows), tmp_path / "panjang.xlsx")
    wide_done = api.build(make_input(to_wide(long_rows)), tmp_path / "lebar.xlsx")
    assert long_done.notes == () and wide_done.notes == ()
    assert cells(long_done.output) == cells(wide_done.output)
    lkt = openpyxl.load_workbook(wide_done.output)["LKT"]
    # 36/1.334 = 2,70; 32/1.338 = 2,39; 32/1.339 = 2,39 (twice); 754/427.706 = 0,18 ...
    assert [lkt.cell(8, c).value for c in range(9, 14)] == [2.7, 2.39, 2.39, 2.39, 2.39]
    assert [lkt.cell(9, c).value for c in range(9, 14)] == [0.18, 0.32, 0.54, 0.81, 0.81]


def test_wide_cross_check_names_the_quarter_cell(rows, make_input):
    # The example's printed realisasi: TW I of IK1 says 2,69 (36/1.334 x 100 = 2,70).
    problems = api.check(make_input(to_wide(rows)))
    found = [(p.code, p.row, p.column, p.header) for p in problems]
    # Row 2 is IK1, row 3 IK2; Realisasi Dilaporkan TW I..IV are columns J..M.
    assert found == [
        ("realisasi-berbeda", 2, "J", "Realisasi Dilaporkan TW I"),
        ("realisasi-berbeda", 2, "K", "Realisasi Dilaporkan TW II"),
        ("realisasi-berbeda", 3, "J", "Realisasi Dilaporkan TW I"),
        ("realisasi-berbeda", 3, "L", "Realisasi Dilaporkan TW III"),
    ]


def test_a_missing_quarter_in_the_wide_layout(rows, make_input):
    wide = to_wide(rows, reported=False)
    wide.data[2][7] = wide.data[2][8] = None  # IK2 TW IV (H3, I3) blank
    problems = api.check(make_input(wide))
    assert [(p.code, p.sheet) for p in problems] == [("data-triwulan-hilang", "Data")]
    assert "IK2 tidak punya data untuk TW IV" in problems[0].message


def test_a_doubled_indicator_row(rows, make_input):
    wide = to_wide(rows, reported=False)
    wide.data.append(list(wide.data[1]))
    problems = api.check(make_input(wide))
    assert {(p.code, p.row) for p in problems} == {("data-ganda", 4)}


def test_mixing_the_layouts_is_an_error_at_the_header(rows, make_input):
    mixed = rows.copy()
    mixed.data[0] = ["Kode", "Triwulan", "Pembilang", "Penyebut", "Pembilang TW I"]
    problems = api.check(make_input(mixed))
    assert [(p.code, p.level, p.sheet, p.row, p.column) for p in problems] == [
        ("data-tata-letak-campur", "galat", "Data", 1, "E")
    ]
    assert "'Triwulan'" in problems[0].message and "'Pembilang TW I'" in problems[0].message


@pytest.mark.parametrize("header", ["Pembilang TW 1", "pembilang triwulan I", "PEMBILANG TW I"])
def test_wide_headers_are_matched_like_the_contract(rows, make_input, header):
    wide = to_wide(agreed(rows))
    wide.data[0][1] = header
    assert api.check(make_input(wide)) == []
