"""Numbers in percent-formatted cells are read as the person sees them.

A cell that shows ``2,3%`` stores 0,023; python-calamine returns 0,023 and no
formats. The pre-scan finds such cells from the styles, and the validator
takes the stored value x 100, with a located warning (an error for a count).
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hostile import ods_package, parts_in_another_case, sheet_xml, xlsx_package

from lkt_excel import api
from lkt_excel.core.problems import Level
from lkt_excel.reading import inspection, scanners, xlsx_parts

# Sheet -> column header -> 1-based table row -> (stored value, number format).
Formats = dict[str, dict[str, dict[int, tuple[float, str]]]]


def write_xlsxwriter(path: Path, rows, formats: Formats) -> Path:
    """The three sheets of ``rows``, with some cells given a value and a number format."""
    book = xlsxwriter.Workbook(path)
    for name, table in (
        ("Laporan", rows.laporan),
        ("Indikator", rows.indikator),
        ("Data", rows.data),
    ):
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        for header, cells in formats.get(name, {}).items():
            column = table[0].index(header)
            for row_number, (value, num_format) in cells.items():
                sheet.write_number(
                    row_number, column, value, book.add_format({"num_format": num_format})
                )
    book.close()
    return path


def only(problems, code):
    return [p for p in problems if p.code == code]


def lkt_row(path: Path, row: int) -> list:
    """Targets TW I-IV, Target Total, Realisasi TW I-IV and Total of one LKT row (D:M)."""
    sheet = openpyxl.load_workbook(path)["LKT"]
    return [sheet.cell(row, c).value for c in range(4, 14)]


# The example's LKT row 8 (IK1): targets 2,3 1,9 1,4 1, total (akhir) 1; realisasi
# 36/1.334 = 2,70, 32/1.338 = 2,39, 32/1.339 = 2,39, 2,39; total (akhir) 2,39.
IK1_ROW = [2.3, 1.9, 1.4, 1, 1, 2.7, 2.39, 2.39, 2.39, 2.39]


@pytest.mark.parametrize(
    ("stored", "num_format", "shown"),
    [
        (0.023, "0.00%", "2,3"),  # Excel shows 2,30%: the target 2,3
        (0.023, "0%", "2,3"),  # Excel shows 2% (rounded), but the stored 0,023 is 2,3%
        (0.023, "0.0%", "2,3"),
    ],
)
def test_percent_formatted_target_is_read_as_shown(rows, tmp_path, stored, num_format, shown):
    path = write_xlsxwriter(
        tmp_path / "persen.xlsx", rows, {"Indikator": {"Target TW I": {1: (stored, num_format)}}}
    )
    done = api.build(path, tmp_path / "laporan.xlsx")
    (note,) = only(done.notes, "sel-format-persen")
    assert note.level is Level.WARNING
    assert note.cell == "Indikator!I2"  # Target TW I is column I; IK1 is row 2
    assert note.message == (
        "Sel Indikator!I2 ('Target TW I') berformat persen: Excel menyimpan 0,023, "
        f"yaitu {shown}%; dibaca {shown}."
    )
    assert "Format Cells > Number" in note.fix and f"ketik {shown}." in note.fix
    # 0,023 x 100 = 2,3: the report is the example's own.
    assert lkt_row(done.output, 8) == IK1_ROW
    narasi = openpyxl.load_workbook(done.output)["Narasi"]["C4"].value
    assert "Triwulan I Tahun 2021 dengan target 2,3% realisasi sebesar 2,70%" in narasi
    # 2,70 - 2,3 = 0,40 above the target of a negatif indicator: worse.
    assert "2,70%, 0,40% lebih tinggi dari target, maka kinerja mengalami penurunan" in narasi


def test_the_walkthrough_case_target_86_percent(rows, tmp_path):
    # IK2 TW IV target typed as 86% in a '0%' cell: stored 0,86, meant 86 (not 0,86).
    # Realisasi 3.498 / 429.569 x 100 = 0,8143.. -> 0,81; target 86 -> capaian far below.
    path = write_xlsxwriter(
        tmp_path / "persen.xlsx", rows, {"Indikator": {"Target TW IV": {2: (0.86, "0%")}}}
    )
    done = api.build(path, tmp_path / "laporan.xlsx")
    (note,) = only(done.notes, "sel-format-persen")
    assert note.message == (
        "Sel Indikator!L3 ('Target TW IV') berformat persen: Excel menyimpan 0,86, "
        "yaitu 86%; dibaca 86."
    )
    # IK2 targets 0,01 0,02 0,04 86; Target Total (akhir) = TW IV's = 86.
    assert lkt_row(done.output, 9)[:5] == [0.01, 0.02, 0.04, 86, 86]
    narasi = openpyxl.load_workbook(done.output)["Narasi"]["C5"].value  # IK2's paragraph
    # 0,81 - 86 = -85,19: below the target of a positif indicator.
    assert (
        "Triwulan IV Tahun 2021 dengan target 86% realisasi sebesar 0,81% maka mengalami "
        "penurunan 85,19%"
    ) in narasi
    assert "target 0,86%" not in narasi
    # Capaian TW IV (positif) = 0,81 / 86 x 100 = 0,94..: under 51, "Sangat Rendah"
    # (with the target taken as 0,86 it was 0,81 / 0,86 x 100 = 94,19: "Sangat Tinggi").
    capaian = openpyxl.load_workbook(done.output)["Capaian"]
    assert (capaian["D13"].value, capaian["E13"].value) == ("TW IV", 86)
    assert capaian["K13"].value == "Sangat Rendah"


def test_quoted_percent_sign_is_not_a_percent_format(rows, tmp_path):
    # '0.0" %"' shows 2,3 as "2.3 %": the % is literal text, the value is not scaled.
    path = write_xlsxwriter(
        tmp_path / "teks.xlsx", rows, {"Indikator": {"Target TW I": {1: (2.3, '0.0" %"')}}}
    )
    done = api.build(path, tmp_path / "laporan.xlsx")
    assert only(done.notes, "sel-format-persen") == []
    assert lkt_row(done.output, 8) == IK1_ROW


def test_percent_formatted_reported_figure(rows, tmp_path):
    # Realisasi Dilaporkan of IK1 TW I typed as 2,69% into a '0.00%' cell: stored 0,0269.
    path = write_xlsxwriter(
        tmp_path / "persen.xlsx", rows, {"Data": {"Realisasi Dilaporkan": {1: (0.0269, "0.00%")}}}
    )
    done = api.build(path, tmp_path / "laporan.xlsx")
    (note,) = only(done.notes, "sel-format-persen")
    assert note.cell == "Data!E2"
    assert note.message == (
        "Sel Data!E2 ('Realisasi Dilaporkan') berformat persen: Excel menyimpan 0,0269, "
        "yaitu 2,69%; dibaca 2,69."
    )
    # The cross-check sees 2,69 against 36 / 1.334 x 100 = 2,6986.. -> 2,70: truncated,
    # as in the example; no word of a fraction any more.
    (check,) = [p for p in only(done.notes, "realisasi-berbeda") if p.cell == "Data!E2"]
    assert check.message == (
        "Indikator IK1 (Persentase Koperasi Rehabilitasi) TW I dilaporkan 2,69, dihitung "
        "36 / 1.334 x 100 = 2,70. Angka yang dilaporkan tampaknya dipotong, bukan dibulatkan."
    )
    assert lkt_row(done.output, 8) == IK1_ROW


def test_openpyxl_written_percent_cells(rows, make_input, tmp_path):
    # openpyxl writes '0.00%' as the built-in format 10 and '0%' as 9.
    path = make_input(rows)
    book = openpyxl.load_workbook(path)
    book["Indikator"]["J3"].value = 0.0002  # IK2 Target TW II, 0,02 shown as 0,02%
    book["Indikator"]["J3"].number_format = "0.00%"
    book["Indikator"]["M2"].value = 0.01  # IK1 Target Total, 1 shown as 1%
    book["Indikator"]["M2"].number_format = "0%"
    book.save(path)
    assert set(inspection.inspect(path).percent_cells) == {("Indikator", "J3"), ("Indikator", "M2")}
    done = api.build(path, tmp_path / "laporan.xlsx")
    notes = {p.cell: p.message for p in only(done.notes, "sel-format-persen")}
    assert notes == {
        "Indikator!J3": "Sel Indikator!J3 ('Target TW II') berformat persen: Excel menyimpan "
        "0,0002, yaitu 0,02%; dibaca 0,02.",
        "Indikator!M2": "Sel Indikator!M2 ('Target Total') berformat persen: Excel menyimpan "
        "0,01, yaitu 1%; dibaca 1.",
    }
    # IK1: Target Total 1 given; IK2: 0,01 0,02 0,04 0,05, total (akhir) 0,05.
    assert lkt_row(done.output, 8)[:5] == [2.3, 1.9, 1.4, 1, 1]
    assert lkt_row(done.output, 9)[:5] == [0.01, 0.02, 0.04, 0.05, 0.05]


@pytest.mark.parametrize(
    ("header", "column", "stored"), [("Pembilang", "C", 0.36), ("Penyebut", "D", 13.34)]
)
def test_percent_formatted_count_is_an_error(rows, tmp_path, header, column, stored):
    # IK1 TW I: 36 shown as 36% (stored 0,36), or 1.334 shown as 1.334% (stored 13,34).
    path = write_xlsxwriter(tmp_path / "jumlah.xlsx", rows, {"Data": {header: {1: (stored, "0%")}}})
    problems = api.check(path)
    errors = [p for p in problems if p.is_error]
    assert [(p.code, p.cell) for p in errors] == [("jumlah-format-persen", f"Data!{column}2")]
    assert "Jumlah (banyaknya) tidak pernah persen" in errors[0].message
    assert only(problems, "sel-format-persen") == []


def test_non_ratio_pembilang_is_the_figure_itself(rows, tmp_path):
    # IK1 without Uraian Penyebut is no ratio: its Pembilang is the realisasi, so a
    # percent cell is scaled like a target. TW I: 0,027 shown as 2,7% -> 2,7.
    rows.cell("indikator", 1, "Uraian Penyebut", None)
    for r in range(1, 5):
        rows.cell("data", r, "Penyebut", None)
    path = write_xlsxwriter(
        tmp_path / "bukan-rasio.xlsx", rows, {"Data": {"Pembilang": {1: (0.027, "0.0%")}}}
    )
    problems = api.check(path)
    assert not [p for p in problems if p.is_error]
    (note,) = only(problems, "sel-format-persen")
    assert note.cell == "Data!C2" and note.message.endswith("dibaca 2,7.")


def test_text_and_empty_cells_in_percent_format_are_not_listed(tmp_path):
    book = xlsxwriter.Workbook(tmp_path / "campur.xlsx")
    sheet = book.add_worksheet("S")
    percent = book.add_format({"num_format": "0%"})
    sheet.write_string(0, 0, "86", percent)  # text stays text
    sheet.write_blank(1, 0, None, percent)  # formatting only
    sheet.write_number(2, 0, 0.5, percent)
    sheet.write_formula(3, 0, "=A3*1", percent, 0.5)  # a formula's number counts too
    sheet.write_boolean(4, 0, True, percent)
    book.close()
    assert inspection.inspect(tmp_path / "campur.xlsx").percent_cells == (("S", "A3"), ("S", "A4"))


@pytest.mark.parametrize(
    ("code", "percent"),
    [
        ("0%", True),
        ("0.00%", True),
        ("#,##0.0%;[Red]-#,##0.0%", True),
        ('0.0" %"', False),  # quoted
        ("0.0\\%", False),  # escaped
        ("0_%", False),  # a space as wide as %
        ("[$%-421]0", False),  # inside brackets
        ("0.00", False),
        ('"%"0%', True),  # a literal, then a real one
    ],
)
def test_percent_format_codes(code, percent):
    assert xlsx_parts.is_percent_format(code) is percent


def test_ods_percentage_cells(rows, tmp_path):
    # LibreOffice marks a percent cell with office:value-type="percentage" itself.
    path = ods_package(
        tmp_path / "persen.ods",
        {"Laporan": rows.laporan, "Indikator": rows.indikator, "Data": rows.data},
    )
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # IK1 Target TW I: 2,3 stored as 0,023; IK1 TW I Pembilang 36 stored as 0,36 after it.
    content = parts["content.xml"].decode()
    float_cell = 'office:value-type="float" office:value="{}"/>'
    assert content.count(float_cell.format(2.3)) == 1
    content = content.replace(
        float_cell.format(2.3), 'office:value-type="percentage" office:value="0.023"/>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, content if name == "content.xml" else data)
    assert inspection.inspect(path).percent_cells == (("Indikator", "I2"),)
    done = api.build(path, tmp_path / "laporan.xlsx")
    (note,) = only(done.notes, "sel-format-persen")
    assert note.message.startswith("Sel Indikator!I2 ('Target TW I') berformat persen")
    assert lkt_row(done.output, 8) == IK1_ROW


def test_ods_repeated_percentage_cells(tmp_path):
    # One percentage value repeated over columns B-D of row 2.
    row = (
        '<table:table-row><table:table-cell/><table:table-cell office:value-type="percentage" '
        'office:value="0.5" table:number-columns-repeated="3"/></table:table-row>'
    )
    path = ods_package(tmp_path / "ulang.ods", {"S": [[1]]}, extra_rows=row)
    assert set(inspection.inspect(path).percent_cells) == {("S", "B2"), ("S", "C2"), ("S", "D2")}


# A styles part: xf 0 plain, 1 built-in 9 ("0%"), 2 custom 164 ('0.0" %"', literal),
# 3 custom 165 ("0.0%"), 4 built-in 10 ("0.00%").
STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0&quot; %&quot;"/>'
    '<numFmt numFmtId="165" formatCode="0.0%"/></numFmts><cellXfs count="5">'
    '<xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/>'
    '<xf numFmtId="10"/></cellXfs></styleSheet>'
)
STYLED_CELLS = (
    '<row r="1"><c r="A1" s="1"><v>0.86</v></c><c r="B1" s="2"><v>86</v></c>'
    '<c r="C1" s = \'3\'><v>0.5</v></c><c r="D1" s="1" t="s"><v>0</v></c>'
    '<c r="E1" s="4"/><c r="F1" s="4" t="n"><v>1</v></c><c r="G1" s="0"><v>1</v></c></row>'
)


@pytest.mark.parametrize("chunk", [7, 64, 1000, scanners.CHUNK])
@pytest.mark.parametrize(
    "extra", ["", '<row r="2"><c r="A2"><f>1</f><v>1</v></c></row>'], ids=["fast", "exact"]
)
def test_percent_cells_found_by_either_path_wherever_cut(tmp_path, monkeypatch, chunk, extra):
    # A1 (9), C1 (165, quoted with spaces around =) and F1 (10, t="n") are percent
    # numbers; B1's % is quoted text, D1 is a string, E1 holds no value, G1 is plain.
    # A formula (row 2) sends the pieces through the exact, element-by-element path.
    monkeypatch.setattr(scanners, "CHUNK", chunk)
    path = xlsx_package(
        tmp_path / "gaya.xlsx",
        {"Data": sheet_xml(STYLED_CELLS + extra)},
        extra={"xl/styles.xml": STYLES},
    )
    found = inspection.inspect(path).percent_cells
    assert found == (("Data", "A1"), ("Data", "C1"), ("Data", "F1"))


def test_cells_without_address_and_percent_style_zero(tmp_path):
    # Style 0 itself is a percent format: cells without s are percent too; the row and
    # cells are written without r (A5, then B5).
    styles = STYLES.replace('<xf numFmtId="0"/>', '<xf numFmtId="9"/>', 1)
    path = xlsx_package(
        tmp_path / "nol.xlsx",
        {"Data": sheet_xml('<row r="5"><c><v>0.5</v></c><c s="2"><v>1</v></c></row>')},
        extra={"xl/styles.xml": styles},
    )
    assert inspection.inspect(path).percent_cells == (("Data", "A5"),)


def test_many_percent_styles(tmp_path):
    # 70 percent styles (more than the scan spells out in one pattern) and one plain one.
    xfs = '<xf numFmtId="9"/>' * 70 + '<xf numFmtId="0"/>'
    styles = STYLES.replace(
        STYLES[STYLES.index("<cellXfs") : STYLES.index("</cellXfs>")], f"<cellXfs>{xfs}"
    )
    cells = '<row r="1"><c r="A1" s="69"><v>0.5</v></c><c r="B1" s="70"><v>0.5</v></c></row>'
    path = xlsx_package(
        tmp_path / "banyak.xlsx", {"Data": sheet_xml(cells)}, extra={"xl/styles.xml": styles}
    )
    assert inspection.inspect(path).percent_cells == (("Data", "A1"),)


# ---------------------------------------------------------------------------
# Part names in another letter case (issue 12, item 4)
# ---------------------------------------------------------------------------

RENAMINGS = [
    dict(rels_follow=True, workbook_too=True),  # XL/Workbook.xml, XL/Worksheets/Sheet1.xml...
    dict(rels_follow=True, workbook_too=False),  # xl/workbook.xml, xl/Worksheets/Sheet1.xml...
    dict(rels_follow=False, workbook_too=False),  # ...while the rels say worksheets/sheet1.xml
]
RENAMING_IDS = ["all-renamed", "sheets-renamed", "rels-in-old-case"]


@pytest.mark.parametrize("renaming", RENAMINGS, ids=RENAMING_IDS)
def test_percent_check_sees_sheets_whose_parts_are_renamed(rows, tmp_path, renaming):
    """A 2,30% target in a workbook whose parts are named in another letter case (valid
    under ECMA-376, read by calamine) is read as 2,3, with the same warning."""
    written = write_xlsxwriter(
        tmp_path / "asli.xlsx", rows, {"Indikator": {"Target TW I": {1: (0.023, "0.00%")}}}
    )
    path = parts_in_another_case(written, tmp_path / "huruf.xlsx", **renaming)
    with zipfile.ZipFile(path) as archive:
        assert "xl/worksheets/sheet2.xml" not in archive.namelist()  # really renamed
    done = api.build(path, tmp_path / "laporan.xlsx")
    (note,) = only(done.notes, "sel-format-persen")
    assert note.cell == "Indikator!I2"
    assert note.message == (
        "Sel Indikator!I2 ('Target TW I') berformat persen: Excel menyimpan 0,023, "
        "yaitu 2,3%; dibaca 2,3."
    )
    assert lkt_row(done.output, 8) == IK1_ROW  # 0,023 x 100 = 2,3: the example's own row


@pytest.mark.parametrize("renaming", RENAMINGS, ids=RENAMING_IDS)
def test_unsaved_formula_is_named_on_its_real_sheet_when_parts_are_renamed(
    rows, tmp_path, renaming
):
    """Not on a sheet named after its part ('Sheet3!C2'): on 'Data', where it is."""
    book = xlsxwriter.Workbook(tmp_path / "asli.xlsx")
    for name, table in (("Laporan", rows.laporan), ("Indikator", rows.indikator)):
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    sheet = book.add_worksheet("Data")
    for r, row in enumerate(rows.data):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write_formula("C2", "=30+6")  # Pembilang of IK1, TW I; cached result 0, never computed
    book.close()
    path = parts_in_another_case(tmp_path / "asli.xlsx", tmp_path / "huruf.xlsx", **renaming)
    errors = [p for p in api.check(path) if p.is_error]
    assert [(p.code, p.sheet, p.cell) for p in errors] == [("rumus-tanpa-hasil", "Data", "Data!C2")]


# ---------------------------------------------------------------------------
# .xls number formats, read with xlrd (issue 12, item 2)
# ---------------------------------------------------------------------------


def to_xls(source: Path) -> Path:
    """``source`` converted to Excel 97-2003 by LibreOffice, the real spreadsheet client."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: `soffice --headless --convert-to xls` needed")
    profile = (source.parent / "profile").as_uri()  # its own profile: no lock shared
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls",
         "--outdir", str(source.parent), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    path = source.with_suffix(".xls")
    if not path.exists():
        pytest.skip("LibreOffice could not convert the workbook to .xls here")
    assert path.read_bytes()[:8] == inspection.OLE_MAGIC
    return path


def test_percent_formatted_xls_is_read_as_shown(rows, tmp_path):
    """Targets typed as 2,30% and 86% in an .xls: read as 2,3 and 86, with the warnings
    an .xlsx gets, not as the stored 0,023 and 0,86."""
    formats: Formats = {
        "Indikator": {"Target TW I": {1: (0.023, "0.00%")}, "Target TW IV": {2: (0.86, "0%")}}
    }
    xlsx = write_xlsxwriter(tmp_path / "persen.xlsx", rows, formats)
    xls = to_xls(xlsx)
    assert inspection.inspect(xls).percent_cells == (("Indikator", "I2"), ("Indikator", "L3"))
    done = api.build(xls, tmp_path / "laporan.xlsx")
    notes = only(done.notes, "sel-format-persen")
    assert [(n.cell, n.message) for n in notes] == [
        (
            "Indikator!I2",
            "Sel Indikator!I2 ('Target TW I') berformat persen: Excel menyimpan 0,023, "
            "yaitu 2,3%; dibaca 2,3.",
        ),
        (
            "Indikator!L3",
            "Sel Indikator!L3 ('Target TW IV') berformat persen: Excel menyimpan 0,86, "
            "yaitu 86%; dibaca 86.",
        ),
    ]
    assert notes == only(api.check(xlsx), "sel-format-persen")  # as for the .xlsx
    assert not only(done.notes, "format-tidak-terbaca")
    assert lkt_row(done.output, 8) == IK1_ROW
    # IK2 targets 0,01 0,02 0,04 86; Target Total (akhir) = TW IV's = 86.
    assert lkt_row(done.output, 9)[:5] == [0.01, 0.02, 0.04, 86, 86]


def test_xls_whose_formats_xlrd_cannot_read_gets_a_note(rows, tmp_path, monkeypatch):
    """Should xlrd fail on a file calamine reads, Catatan says so for that file."""
    from lkt_excel.reading import xls_formats

    xls = to_xls(write_xlsxwriter(tmp_path / "biasa.xlsx", rows, {}))

    def fails(**kwargs):
        raise ValueError("unreadable")

    import xlrd

    monkeypatch.setattr(xlrd, "open_workbook", fails)
    assert xls_formats.xls_percent_cells(xls.read_bytes()) is None
    done = api.build(xls, tmp_path / "laporan.xlsx")
    (note,) = only(done.notes, "format-tidak-terbaca")
    assert note.message.startswith("Format angka pada berkas 'biasa.xls' tidak dapat dibaca")


def test_styles_that_do_not_parse_get_a_note(rows, tmp_path):
    """calamine reads XML more leniently than the pre-scan (a prefix need not be
    declared): when the styles part does not parse here, its percent formats are
    unchecked, and Catatan says so instead of reading 2,30% as 0,023 in silence."""
    written = write_xlsxwriter(
        tmp_path / "asli.xlsx", rows, {"Indikator": {"Target TW I": {1: (0.023, "0.00%")}}}
    )
    with zipfile.ZipFile(written) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
        b"</styleSheet>", b"<q:lain/></styleSheet>"
    )
    path = tmp_path / "gaya.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    done = api.build(path, tmp_path / "laporan.xlsx")  # calamine reads it
    (note,) = only(done.notes, "format-tidak-terbaca")
    assert note.message.startswith("Format angka pada berkas 'gaya.xlsx' tidak dapat dibaca")
