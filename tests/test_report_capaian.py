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
    assert book.sheetnames == ["LKT", "Narasi", "Capaian", "Analisis", "Grafik", "Catatan"]


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


def chart_parts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            n: archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/charts/chart") and n.endswith(".xml")
        }


def test_one_chart_per_indicator(report):
    charts = chart_parts(report)
    assert sorted(charts) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
    first = charts["xl/charts/chart1.xml"]
    # titled by a reference to the indicator's name cell; data from sheet Capaian
    assert "<c:f>Capaian!$B$5</c:f>" in first
    assert "Persentase Koperasi Rehabilitasi (%)" in first
    assert "<c:f>Capaian!$E$5:$E$8</c:f>" in first  # target, TW I..IV
    assert "<c:f>Capaian!$H$5:$H$8</c:f>" in first  # realisasi
    # The value axis starts at 0 in steps of 1: targets 2,3..1 and realisasi 2,70..2,39
    # span 2,70, a fifth of it 0,54, the next of 1, 2, 2,5, 5 x 10^k is 1
    assert '<c:min val="0"/>' in first and '<c:majorUnit val="1"/>' in first
    assert '<c:numFmt formatCode="#,##0" sourceLinked="0"/>' in first
    # IK2: up to 0,81: a fifth 0,162 -> steps of 0,2, shown with one decimal
    second = charts["xl/charts/chart2.xml"]
    assert '<c:majorUnit val="0.2"/>' in second
    assert '<c:numFmt formatCode="#,##0.0" sourceLinked="0"/>' in second


@pytest.mark.parametrize(
    ("values", "minimum", "step", "number_format"),
    [
        (["49377", "50000", "45000"], 0, 10000, "#,##0"),  # a fifth of 50.000 is 10.000
        (["82", "96"], 0, 20, "#,##0"),  # 19,2 -> 20, from 0 (not from 82)
        (["0.81", "0.05"], 0, 0.2, "#,##0.0"),
        (["0.09"], 0, 0.02, "#,##0.00"),  # a fifth 0,018 -> 0,02
        (["0.11"], 0, 0.025, "#,##0.000"),  # 0,022 -> 2,5 x 10^-2: one more decimal
        (["-39", "1620"], -500, 500, "#,##0"),  # span 1.659, a fifth 331,8 -> 500; -39 -> -500
        ([], 0, 0.2, "#,##0.0"),  # nothing to show: the span is taken as 1
    ],
)
def test_value_axis(values, minimum, step, number_format):
    from decimal import Decimal

    from lkt_excel.report.grafik_sheet import value_axis

    axis = value_axis(Decimal(v) for v in values)
    assert (axis["min"], axis["major_unit"], axis["num_format"]) == (minimum, step, number_format)


def many_indicators(rows, count: int):
    """The example with ``count`` indicators: IK1 and IK2, then counts of kunjungan."""
    header = rows.indikator[0]
    for n in range(3, count + 1):
        values = {
            "Kode": f"IK{n}",
            "Sasaran Strategis": f"Sasaran {n // 10}",
            "Indikator Kinerja": f"Jumlah kunjungan layanan nomor {n}",
            "Satuan": "kunjungan",
            **{f"Target TW {r}": 100 for r in ("I", "II", "III", "IV")},
        }
        rows.indikator.append([values.get(h) for h in header])
        for q, roman in enumerate(("I", "II", "III", "IV")):
            rows.data.append([f"IK{n}", roman, 50 + (n + q) % 100, None, None])
    return rows


def test_ten_indicators_one_chart_each(rows, make_input, tmp_path):
    path = build(make_input(many_indicators(rows, 10)), tmp_path / "l.xlsx").output
    charts = chart_parts(path)
    assert len(charts) == 10
    assert all('<c:barDir val="col"/>' in xml for xml in charts.values())
    # IK10 (the tenth, rows 50-54): targets 100, realisasi 60, 61, 62, 63 -> from 0 by 20
    tenth = charts["xl/charts/chart10.xml"]
    assert "<c:f>Capaian!$H$50:$H$53</c:f>" in tenth
    assert '<c:min val="0"/>' in tenth and '<c:majorUnit val="20"/>' in tenth


@pytest.fixture(scope="module")
def big_report(tmp_path_factory):
    from builders import write_input
    from conftest import example_rows

    folder = tmp_path_factory.mktemp("besar")
    rows = many_indicators(example_rows(), 2000)
    source = write_input(folder / "masukan.xlsx", rows.laporan, rows.indikator, rows.data)
    return build(source, folder / "besar.xlsx").output


def test_two_thousand_indicators_get_bar_charts_of_25(big_report):
    charts = chart_parts(big_report)
    # the averages, then 2.000 / 25 = 80 bar charts: 81 charts, not 2.000
    assert len(charts) == 1 + 80
    average = charts["xl/charts/chart1.xml"]
    # From Capaian's summary under the table: 2.000 indicators x 5 rows from row 5 end at row
    # 10.004; a blank row, then the periods' header (10.006) and the rata-rata (10.007)
    assert "<c:f>Capaian!$E$10006:$I$10006</c:f>" in average
    assert "<c:f>Capaian!$E$10007:$I$10007</c:f>" in average
    bars = [xml for name, xml in charts.items() if name != "xl/charts/chart1.xml"]
    assert all('<c:barDir val="bar"/>' in xml for xml in bars)
    # The second bar chart: indicators 26..50, rows 29..53 of Grafik's table in Q:R
    second = charts["xl/charts/chart3.xml"]
    assert "<c:f>Grafik!$Q$29:$Q$53</c:f>" in second
    assert "<c:f>Grafik!$R$29:$R$53</c:f>" in second
    assert "indikator 26 s.d. 50" in second


def test_the_bar_charts_table_refers_to_capaian(big_report):
    # read only: the sheet is read when asked for, not the 10.000 rows of Capaian
    book = openpyxl.load_workbook(big_report, read_only=True)
    formulas = book["Grafik"]
    values = openpyxl.load_workbook(big_report, read_only=True, data_only=True)["Grafik"]
    # Indicator 3 (row 6 of the table): its TW IV row on Capaian is 5 + 2 x 5 + 3 = 18.
    # TW IV realisasi 50 + (3 + 3) % 100 = 56 against 100: capaian 56 / 100 x 100 = 56
    assert (formulas["Q6"].value, formulas["R6"].value) == (
        "3. Jumlah kunjungan layanan nomor 3",
        "=Capaian!J18",
    )
    assert values["R6"].value == 56
    assert formulas["R6"].number_format == "#,##0.00"
    # Indicator 2000 in row 2.003
    assert formulas["Q2003"].value == "2000. Jumlah kunjungan layanan nomor 2000"
    # The print area leaves the table out (A..O): 2 title rows, the averages' chart (14 rows),
    # then 80 bar charts of 31 rows: to row 2 + 14 + 80 x 31 = 2.496 (0-based), 2.497
    with zipfile.ZipFile(big_report) as archive:
        names = archive.read("xl/workbook.xml").decode()
    assert '<definedName name="_xlnm.Print_Area" localSheetId="4">Grafik!$A$1:$O$2497<' in names


def test_bar_labels_are_cut_at_a_word():
    from lkt_excel.report.grafik_sheet import bar_label

    assert bar_label(7, "Persentase  layanan\ttuntas") == "7. Persentase layanan tuntas"
    name = "Persentase pelaku usaha mikro yang mendapatkan pendampingan dan fasilitasi promosi"
    assert bar_label(12, name) == "12. Persentase pelaku usaha mikro yang mendapatkan…"


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
    # in columns H..N (wide enough for the jabatan on one line), each line merged across them.
    assert sheet["C9"].value.startswith("Persentase Usaha Mikro Kecil")
    assert all(sheet.cell(r, c).value is None for r in (10, 11) for c in range(1, 15))
    block = [(r, sheet[f"H{r}"].value) for r in range(12, 21)]
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
    assert {f"H{r}:N{r}" for r in range(12, 21)} <= merged
    name = sheet["H18"].font
    assert (name.u, name.b) == ("single", True)
    assert sheet["H12"].alignment.horizontal == "center"


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
    assert (book["LKT"]["H16"].value, book["LKT"]["H16"].data_type) == ("=1+1", "s")
    with zipfile.ZipFile(path) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:f>Capaian!$B$5</c:f>" in chart  # the title refers to the cell, not the text


def test_rows_of_wrapped_text_get_their_height(report):
    sheet = openpyxl.load_workbook(report)["LKT"]
    # "Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha": 61 characters (the
    # header gives the unit) in a column 30 wide (about 33 characters of Arial 10 a line):
    # 2 lines of 12,75 pt + 3 pt
    assert sheet.column_dimensions["C"].width == pytest.approx(30, abs=0.8)
    assert sheet.row_dimensions[9].height == pytest.approx(2 * 12.75 + 3)
    assert sheet.row_dimensions[8].height is None  # one line: the default height


def test_a_one_line_name_keeps_one_line(rows, make_input, tmp_path):
    # 32 characters fit a line of 33; with " (%)", which the header shows instead, they would
    # not, and the row was given two lines it did not need.
    name = "Persentase koperasi sehat aktif."
    assert len(name) == 32
    rows.cell("indikator", 1, "Indikator Kinerja", name)
    rows.cell("indikator", 1, "Sasaran Strategis", "Sasaran pendek")
    rows.cell("indikator", 2, "Sasaran Strategis", "Sasaran pendek")
    path = build(make_input(rows), tmp_path / "l.xlsx").output
    sheet = openpyxl.load_workbook(path)["LKT"]
    assert sheet["C8"].value == name
    assert sheet.row_dimensions[8].height is None


def test_columns_of_figures_fit_the_longest(rows, make_input, tmp_path):
    # A target of 1.234.567,5 (11 characters as printed) widens the columns of figures to
    # 11 + 1,5 = 12,5; the example's own figures (at most 4 characters) keep the least, 7,5.
    plain = openpyxl.load_workbook(build(make_input(rows), tmp_path / "a.xlsx").output)["LKT"]
    assert plain.column_dimensions["D"].width == pytest.approx(7.5, abs=0.8)
    rows.cell("indikator", 1, "Target TW I", 1234567.5)
    wide = openpyxl.load_workbook(build(make_input(rows), tmp_path / "b.xlsx").output)["LKT"]
    assert wide.column_dimensions["D"].width == pytest.approx(12.5, abs=0.8)
    assert (wide.column_dimensions["D"].min, wide.column_dimensions["D"].max) == (4, 13)  # D..M


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
    # counted in E19; the predikat refers to the legend's names (C29 is "Sangat Tinggi").
    assert formulas["E17"].value == (
        '=IF(E19=0,"",ROUND(ROUND(AVERAGEIF($D$5:$D$14,E$16,$J$5:$J$14),6),2))'
    )
    assert formulas["E18"].value == (
        '=IF(E17="","",IF(E17>=91,$C$29,IF(E17>=76,$C$30,IF(E17>=66,$C$31,'
        "IF(E17>=51,$C$32,$C$33)))))"
    )
    assert formulas["E19"].value == "=SUMPRODUCT(($D$5:$D$14=E$16)*ISNUMBER($J$5:$J$14))"
    assert [formulas[f"C{r}"].value for r in range(29, 34)] == [
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


def test_capaian_pages_never_split_an_indicator_nor_the_legend(rows, make_input, tmp_path):
    path = build(make_input(many_indicators(rows, 12)), tmp_path / "l.xlsx").output
    sheet = openpyxl.load_workbook(path)["Capaian"]
    # Columns 5 + 34 + 10 + 10 + 6 x 12 + 14 = 145 characters wide: 145 x 7 + 11 x 5 = 1.070
    # px = 802,5 pt, within F4's 13 - 1,18 - 0,6 inches = 807,8 pt: printed at 100 %. A page
    # is 8,5 - 2 x 0,79 inches = 498,24 pt tall, less the repeated rows (3 x 12,75 + 28 =
    # 66,25): 431,99 pt. An indicator is 5 rows of 12,75 pt (the default) = 63,75 pt: 6 to a
    # page (382,5 pt; 7 would be 446,25). Page 2 from row 34 (0-based): indicators 7-11; the
    # last block, indicator 12 (rows 59-63) with the summary and notes to the legend's last
    # row 82, is 24 rows = 306 pt and does not fit beside them (318,75 + 306): page 3.
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    assert breaks == [34, 59]
    assert sheet["C83"].value == "Sangat Rendah"  # the legend's last row, 82 0-based
    assert sheet["B60"].value == "Jumlah kunjungan layanan nomor 12 (kunjungan)"


def test_a_long_name_grows_the_last_row_of_its_indicator(rows, make_input, tmp_path):
    # TW I: an indicator has two rows (TW I, TOTAL). A name of 120 characters and " (%)"
    # (124) in column B, 34 wide (about 37 characters a line), needs 4 lines: the two rows
    # of one line each leave 2 to the TOTAL row: 3 x 12,75 + 3 pt.
    name = "Persentase " + "usaha mikro yang dibina " * 5
    name = name[:120]
    rows.set("Triwulan", "I").cell("indikator", 1, "Indikator Kinerja", name)
    path = build(make_input(rows), tmp_path / "l.xlsx").output
    sheet = openpyxl.load_workbook(path)["Capaian"]
    assert (sheet["D5"].value, sheet["D6"].value) == ("TW I", "TOTAL")
    assert sheet.row_dimensions[5].height is None
    assert sheet.row_dimensions[6].height == pytest.approx(3 * 12.75 + 3)
