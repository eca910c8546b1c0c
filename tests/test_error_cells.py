"""Excel error cells (``#DIV/0!``, ``#N/A``) are errors at their cell, never blank.

The inputs are real error cells: formulas written with openpyxl (no cached
result), then computed and saved by LibreOffice, which stores ``t="e"`` cells in
.xlsx and ``calcext:value-type="error"`` cells in .ods. python-calamine reads
both as "" (checked below, so the test notices if that ever changes).

The example's layout is in tests/test_validate.py's docstring: Indikator rows 2 (IK1)
and 3 (IK2), Data rows 2-9; Laporan keys in A, values in B.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import write_input
from conftest import example_rows

from lkt_excel import api
from lkt_excel.reading.error_cells import error_cells
from lkt_excel.report import pdf

pytestmark = pytest.mark.skipif(pdf.find_soffice() is None, reason="soffice is not installed")

FORMULAS = {
    # (sheet, cell): formula; what the cell is, and why it matters
    ("Indikator", "I2"): "=1/0",  # IK1 Target TW I: a required number ("kosong" before)
    ("Indikator", "M3"): "=NA()",  # IK2 Target Total: optional (silently computed before)
    ("Data", "E3"): "=1/0",  # Realisasi Dilaporkan: optional (dropped from the cross-check)
    ("Indikator", "P2"): "=NA()",  # Analisis: a text column
    ("Laporan", "B3"): "=1/0",  # Wilayah: a required Laporan key
    ("Data", "G5"): "=1/0",  # a cell outside every column the validator reads: ignored
}
EXPECTED = {
    ("Indikator", 2, "I"): "#DIV/0!",
    ("Indikator", 3, "M"): "#N/A",
    ("Data", 3, "E"): "#DIV/0!",
    ("Indikator", 2, "P"): "#N/A",
    ("Laporan", 3, "B"): "#DIV/0!",
}


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> dict[str, Path]:
    """The quiet example with the formulas above, computed by LibreOffice, as .xlsx and .ods."""
    folder = tmp_path_factory.mktemp("galat")
    rows = example_rows()
    for row in rows.data[1:]:
        row[4] = None  # no office figures: the example is then free of problems
    source = write_input(folder / "sumber.xlsx", rows.laporan, rows.indikator, rows.data)
    book = openpyxl.load_workbook(source)
    for (sheet, cell), formula in FORMULAS.items():
        book[sheet][cell] = formula
    book.save(source)
    out = folder / "out"
    return {
        "xlsx": pdf.convert_all([source], "xlsx", out, recalculate=True)[0],
        "ods": pdf.convert_all([source], "ods", out, recalculate=True)[0],
    }


def test_the_inputs_hold_real_error_cells_that_calamine_reads_as_blank(computed):
    import python_calamine

    with zipfile.ZipFile(computed["xlsx"]) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets/" in n)
    assert xml.count(b't="e"') == len(FORMULAS)
    for kind in ("xlsx", "ods"):
        sheet = python_calamine.CalamineWorkbook.from_path(str(computed[kind]))
        assert sheet.get_sheet_by_name("Indikator").to_python()[1][8] == ""  # I2


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_error_cells_are_found_with_their_text(computed, kind):
    found = set(error_cells(computed[kind], kind))
    expected = {(sheet, f"{col}{row}", text) for (sheet, row, col), text in EXPECTED.items()}
    assert found == expected | {("Data", "G5", "#DIV/0!")}


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@pytest.mark.parametrize("place", list(EXPECTED), ids=lambda p: f"{p[0]}!{p[2]}{p[1]}")
def test_each_error_cell_is_a_sel_galat_error_at_its_cell(computed, kind, place):
    problems = api.check(computed[kind])
    at = [p for p in problems if (p.sheet, p.row, p.column) == place]
    assert [(p.code, p.level.value) for p in at] == [("sel-galat", "galat")]
    assert EXPECTED[place] in at[0].message
    assert "tidak dibaca sebagai kosong" in at[0].message


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_nothing_else_is_reported_and_no_report_is_built(computed, kind, tmp_path):
    problems = api.check(computed[kind])
    # No "kosong" for the blank they read as, nothing for the cell outside the table.
    assert sorted((p.sheet, p.row, p.column) for p in problems) == sorted(EXPECTED)
    with pytest.raises(api.InputError):
        api.build(computed[kind], tmp_path / "laporan.xlsx")
