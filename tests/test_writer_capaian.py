"""Sheets Capaian and Grafik, the print layout and the signature block, read with openpyxl."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from lkt_excel.api import build

SIGNATURE = {
    "Tempat": "Malang",
    "Tanggal": "10 Januari 2022",
    "Jabatan": "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang",
    "Nama": "Dra. SRI WAHYUNI, MM",
    "Pangkat": "Pembina Utama Muda",
    "NIP": "197512291999022001",
}


def sign(rows):
    for key, value in SIGNATURE.items():
        rows.set(key, value)
    return rows


@pytest.fixture
def report(rows, make_input, tmp_path):
    return build(make_input(sign(rows)), tmp_path / "laporan.xlsx").output


def test_sheets_in_order(report):
    book = openpyxl.load_workbook(report)
    assert book.sheetnames == ["LKT", "Narasi", "Capaian", "Grafik", "Catatan"]


def test_capaian_formulas_and_cached_values(report):
    formulas = openpyxl.load_workbook(report)["Capaian"]
    values = openpyxl.load_workbook(report, data_only=True)["Capaian"]
    assert [c.value for c in formulas[4]] == [
        "NO",
        "INDIKATOR KINERJA",
        "POLARITAS",
        "TRIWULAN",
        "TARGET",
        "PEMBILANG",
        "PENYEBUT",
        "REALISASI",
        "SELISIH",
        "CAPAIAN (%)",
        "KATEGORI",
    ]
    # Row 5: IK1 (negatif) TW I. The formulas are over the row's own cells.
    assert [formulas.cell(5, c).value for c in range(8, 11)] == [
        "=ROUND(F5*100/G5,2)",
        "=ROUND(H5-E5,2)",
        '=IF(E5=0,"",ROUND((2*E5-H5)/E5*100,2))',
    ]
    # 36 / 1.334 x 100 = 2.6986.. -> 2,70; 2,70 - 2,3 = 0,40; (4,6 - 2,70) / 2,3 x 100 -> 82,61
    assert [values.cell(5, c).value for c in range(1, 12)] == [
        1,
        "Persentase Koperasi Rehabilitasi (%)",
        "negatif",
        "TW I",
        2.3,
        36,
        1334,
        2.7,
        0.4,
        82.61,
        "Tinggi",
    ]
    # Row 9: IK1 TOTAL (akhir): the last quarter's realisasi; no counts
    assert formulas["D9"].value == "TOTAL"
    assert formulas["H9"].value == "=H8"
    assert (values["F9"].value, values["G9"].value, values["J9"].value) == (None, None, -39)
    # Row 10: IK2 (positif) TW I: 754 / 427.706 x 100 = 0.1762.. -> 0,18; 0,18 / 0,01 x 100 = 1800
    assert formulas["J10"].value == '=IF(E10=0,"",ROUND(H10/E10*100,2))'
    assert (values["H10"].value, values["J10"].value, values["K10"].value) == (
        0.18,
        1800,
        "Sangat Tinggi",
    )
    # Merged indicator cells over its five rows
    merged = {str(r) for r in formulas.merged_cells.ranges}
    assert {"A5:A9", "B5:B9", "C5:C9", "A10:A14"} <= merged


def test_kategori_colours(report):
    sheet = openpyxl.load_workbook(report)["Capaian"]
    fills = {sheet[f"K{r}"].value: sheet[f"K{r}"].fill.fgColor.rgb for r in range(5, 15)}
    assert fills == {
        "Tinggi": "FF92D050",
        "Sedang": "FFFFFF00",
        "Sangat Rendah": "FFFF0000",
        "Sangat Tinggi": "FF00B050",
    }


def test_potong_kebalikan_and_sum_formulas(rows, make_input, tmp_path):
    rows.set("Rumus Negatif", "kebalikan").set("Pembulatan", "potong")
    rows.indikator[2][rows.column("indikator", "Agregasi")] = "jumlah"
    path = build(make_input(rows), tmp_path / "l.xlsx").output
    sheet = openpyxl.load_workbook(path)["Capaian"]
    assert sheet["H5"].value == "=ROUNDDOWN(F5*100/G5,2)"
    assert sheet["J5"].value == '=IF(H5=0,"",ROUNDDOWN(E5/H5*100,2))'
    assert sheet["H14"].value == "=ROUNDDOWN(SUM(H10:H13),2)"


def test_one_chart_per_indicator(report):
    with zipfile.ZipFile(report) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        first = archive.read("xl/charts/chart1.xml").decode()
    # titled by a reference to the indicator's name cell; data from sheet Capaian
    assert "<c:f>Capaian!$B$5</c:f>" in first
    assert "Persentase Koperasi Rehabilitasi (%)" in first
    assert "<c:f>Capaian!$E$5:$E$8</c:f>" in first  # target, TW I..IV
    assert "<c:f>Capaian!$H$5:$H$8</c:f>" in first  # realisasi


def test_page_setup(report):
    book = openpyxl.load_workbook(report)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.orientation) == (14, "landscape"), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # one page wide (an absent fitToWidth is OOXML's default, 1), any number of pages tall
        assert (int(setup.fitToWidth or 1), int(setup.fitToHeight)) == (1, 0), sheet.title
        assert sheet.oddFooter.center.text == "Halaman &P dari &N", sheet.title
        assert sheet.page_margins.left == pytest.approx(1.18)  # 3 cm for binding
    # title, blank row, two header rows and the row of column numbers
    assert book["LKT"].print_title_rows == "$1:$7"
    assert book["Capaian"].print_title_rows == "$1:$4"
    assert book["Narasi"].print_title_rows == "$3:$3"


def test_a4_paper(rows, make_input, tmp_path):
    path = build(make_input(rows.set("Kertas", "A4")), tmp_path / "a4.xlsx").output
    assert int(openpyxl.load_workbook(path)["LKT"].page_setup.paperSize) == 9


def test_signature_block_under_the_table(report):
    sheet = openpyxl.load_workbook(report)["LKT"]
    # The table's last row is 9 (two indicators from row 8); two empty rows, then the block
    # in columns J..N, each line merged across them.
    assert sheet["C9"].value.startswith("Persentase Usaha Mikro Kecil")
    assert all(sheet.cell(r, c).value is None for r in (10, 11) for c in range(1, 15))
    block = [(r, sheet[f"J{r}"].value) for r in range(12, 21)]
    assert block == [
        (12, "Malang, 10 Januari 2022"),
        (13, "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang,"),
        (14, None),
        (15, None),
        (16, None),
        (17, None),
        (18, "Dra. SRI WAHYUNI, MM"),
        (19, "Pembina Utama Muda"),
        (20, "NIP. 19751229 199902 2 001"),
    ]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {f"J{r}:N{r}" for r in range(12, 21)} <= merged
    name = sheet["J18"].font
    assert (name.u, name.b) == ("single", True)
    assert sheet["J12"].alignment.horizontal == "center"


def test_no_signature_keys_no_block(rows, make_input, tmp_path):
    path = build(make_input(rows), tmp_path / "l.xlsx").output
    sheet = openpyxl.load_workbook(path)["LKT"]
    assert sheet.max_row == 9


def test_formulas_never_come_from_input_text(rows, make_input, tmp_path):
    rows.cell("indikator", 1, "Indikator Kinerja", '=HYPERLINK("http://x","klik")')
    rows.set("Nama", "=1+1")
    path = build(make_input(rows), tmp_path / "l.xlsx").output
    book = openpyxl.load_workbook(path)
    assert book["Capaian"]["B5"].data_type == "s"
    # Only Nama given: no place/date or position lines; the name follows the space to sign
    assert (book["LKT"]["J16"].value, book["LKT"]["J16"].data_type) == ("=1+1", "s")
    with zipfile.ZipFile(path) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:f>Capaian!$B$5</c:f>" in chart  # the title refers to the cell, not the text


def test_rows_of_wrapped_text_get_their_height(report):
    sheet = openpyxl.load_workbook(report)["LKT"]
    # "Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha (%)": 65 characters in a
    # column 40 wide (about 44 characters of Arial 10 a line): 2 lines of 12,75 pt + 3 pt
    assert sheet.row_dimensions[9].height == pytest.approx(2 * 12.75 + 3)
    assert sheet.row_dimensions[8].height is None  # one line: the default height


def test_blank_capaian_is_explained_only_when_there_is_one(rows, make_input, tmp_path):
    from lkt_excel import api

    def notes_text(path):
        sheet = openpyxl.load_workbook(path)["Capaian"]
        return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]

    plain = api.build(make_input(rows), tmp_path / "biasa.xlsx").output
    assert not any(t.startswith("Capaian kosong") for t in notes_text(plain))
    # A target of 0 for IK2 TW I: capaian = realisasi / 0 cannot be reckoned.
    rows.cell("indikator", 2, "Target TW I", 0)
    zero = api.build(make_input(rows), tmp_path / "nol.xlsx").output
    assert "Capaian kosong: pembagian dengan nol (lihat lembar Catatan)." in notes_text(zero)


def test_total_before_the_last_quarter_is_explained(rows, make_input, tmp_path):
    """Mid-year, TOTAL compares the quarters so far with the year's target (the
    contract's Target Total): a reader is told, so on-track units are not misread."""
    from lkt_excel import api

    def texts(path):
        sheet = openpyxl.load_workbook(path)["Capaian"]
        return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]

    line = (
        "Baris TOTAL membandingkan realisasi sampai TW II dengan target setahun: "
        "sebelum TW IV capaiannya belum capaian akhir tahun."
    )
    year = api.build(make_input(rows), tmp_path / "tw4.xlsx").output
    assert not any(t.startswith("Baris TOTAL") for t in texts(year))
    rows.set("Triwulan", "II")
    half = api.build(make_input(rows), tmp_path / "tw2.xlsx").output
    assert line in texts(half)


def test_rata_rata_and_predikat_rows_under_the_table(report):
    formulas = openpyxl.load_workbook(report)["Capaian"]
    values = openpyxl.load_workbook(report, data_only=True)["Capaian"]
    # The table ends at row 14; one blank row, then the summary: a header of periods and three
    # rows, each label merged over NO..TRIWULAN (A:D), a column per period from E.
    assert [formulas.cell(16, c).value for c in range(1, 10)] == [
        "URAIAN", None, None, None, "TW I", "TW II", "TW III", "TW IV", "TOTAL",
    ]  # fmt: skip
    assert [formulas[f"A{r}"].value for r in (17, 18, 19)] == [
        "Rata-rata capaian kinerja (%)",
        "Predikat kinerja",
        "Jumlah indikator yang dirata-rata",
    ]
    assert {f"A{r}:D{r}" for r in range(16, 20)} <= {str(m) for m in formulas.merged_cells.ranges}
    # The mean of TW I's capaian (rows whose TRIWULAN is E16's "TW I"), over the indicators
    # counted in E19; the predikat refers to the legend's names (C28 is "Sangat Tinggi").
    assert formulas["E17"].value == (
        '=IF(E19=0,"",ROUND(ROUND(AVERAGEIF($D$5:$D$14,E$16,$J$5:$J$14),6),2))'
    )
    assert formulas["E18"].value == (
        '=IF(E17="","",IF(E17>=91,$C$28,IF(E17>=76,$C$29,IF(E17>=66,$C$30,'
        "IF(E17>=51,$C$31,$C$32)))))"
    )
    assert formulas["E19"].value == '=COUNTIFS($D$5:$D$14,E$16,$J$5:$J$14,">-1E+307")'
    assert [formulas[f"C{r}"].value for r in range(28, 33)] == [
        "Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah",
    ]  # fmt: skip
    # Cached: (82,61 + 1.800) / 2 = 941,305 -> 941,31; (-39 + 1.620) / 2 = 790,5 for TOTAL
    assert (values["E17"].value, values["I17"].value) == (941.31, 790.5)
    assert (values["E18"].value, values["E19"].value) == ("Sangat Tinggi", 2)
    assert formulas["E17"].number_format == "#,##0.00"
    assert formulas["E18"].fill.fgColor.rgb == "FF00B050"


def test_predikat_as_text_beyond_the_nesting_excel_allows():
    from decimal import Decimal

    from lkt_excel.core.model import Band
    from lkt_excel.report.capaian_sheet import MAX_NESTED_BANDS, predikat_formula

    bands = tuple(Band(f"K{n}", Decimal(100 - n), "#FFFFFF") for n in range(MAX_NESTED_BANDS))
    names = [f"$C${n}" for n in range(len(bands))]
    assert predikat_formula("E17", bands, names) is not None
    many = (*bands, Band("Bawah", None, "#FFFFFF"))
    assert predikat_formula("E17", many, [*names, "$C$99"]) is None


def test_pembilang_of_a_count_keeps_its_decimals(rows, make_input, tmp_path):
    # IK2 made a count (no penyebut): its TW I realisasi 81,25 is shown as 81,25, not 81
    rows.cell("indikator", 2, "Uraian Penyebut", None).cell("indikator", 2, "Satuan", "kali")
    for n, target in enumerate(("Target TW I", "Target TW II", "Target TW III", "Target TW IV")):
        rows.cell("indikator", 2, target, 80)
        rows.cell("data", 5 + n, "Penyebut", None).cell("data", 5 + n, "Realisasi Dilaporkan", None)
    rows.cell("data", 5, "Pembilang", 81.25)
    path = build(make_input(rows), tmp_path / "l.xlsx").output
    sheet = openpyxl.load_workbook(path)["Capaian"]
    assert (sheet["D10"].value, sheet["F10"].value) == ("TW I", 81.25)
    assert sheet["F10"].number_format == "#,##0.00"
    assert sheet["F11"].number_format == "#,##0"  # a whole count stays without decimals
    assert sheet["F5"].number_format == "#,##0"  # IK1's pembilang, a count of a ratio
