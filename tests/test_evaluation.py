"""The evaluation's inputs: faktor pendorong and penghambat, tindak lanjut, last year's
realisasi and the Renstra's target, in the narrative, in sheet Analisis and in the checks.

Every figure is worked out by hand in the comments. The example (two indicators, TW IV):

    IK1 (negatif, %)  TW IV 32 / 1.339 x 100 = 2,3898.. -> 2,39; target 1;
                      capaian (2 x 1 - 2,39) / 1 x 100 = -39,00 -> Sangat Rendah;
                      TOTAL by akhir: the same.
    IK2 (positif, %)  TW IV 3.498 / 429.569 x 100 = 0,8143.. -> 0,81; target 0,05;
                      capaian 0,81 / 0,05 x 100 = 1.620,00 -> Sangat Tinggi; TOTAL the same.
    rata-rata TW IV and TOTAL: (-39 + 1.620) / 2 = 790,50 -> Sangat Tinggi.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal as D

import openpyxl
import pytest

from lkt_excel import api
from lkt_excel.core import catalogue as codes
from lkt_excel.core.compute import compute
from lkt_excel.core.model import Aggregation, Indicator, Observation, Polarity, Report, Settings
from lkt_excel.core.narrative import paragraph
from lkt_excel.inputs.template import petunjuk_steps, write_template
from lkt_excel.report import pdf

NEW_COLUMNS = (
    "Faktor Pendorong",
    "Faktor Penghambat",
    "Tindak Lanjut",
    "Realisasi Tahun Lalu",
    "Target Akhir Renstra",
)


def one(indicator: Indicator, triwulan: int) -> str:
    settings = Settings("Dinas X", "Kota Batu", 2024, triwulan)
    return paragraph(compute(Report(settings, (indicator,))).indicators[0], settings)


def ratio(**fields) -> Indicator:
    """Persentase A: TW I 1 / 4 x 100 = 25,00 (target 25); TW II 3 / 8 x 100 = 37,50 (target 30)."""
    return Indicator(
        kode="A", nama="Persentase A", targets=(D(25), D(30), D(35), D(40)),
        uraian_pembilang="jumlah a", uraian_penyebut="jumlah b",
        observations={1: Observation(1, D(1), D(4)), 2: Observation(2, D(3), D(8))},
        **fields,
    )  # fmt: skip


def test_the_narrative_in_full_with_every_new_field():
    # TOTAL by akhir (a %): TW II's 37,50. Against last year's 27,5: 37,50 - 27,5 = 10,00 higher,
    # and for a positif indicator higher is better: "meningkat 10,00%".
    ind = ratio(
        realisasi_tahun_lalu=D("27.5"),
        target_renstra=D(45),
        analisis="Hal ini karena kerja keras.",
        faktor_pendorong="Dukungan anggaran",
        faktor_penghambat="Cuaca buruk.",
        tindak_lanjut="Menambah petugas lapangan",
    )
    assert one(ind, 2) == (
        "Indikator Persentase A di Kota Batu Triwulan I Tahun 2024 dengan target 25% realisasi "
        "sebesar 25,00% maka sesuai dengan target yaitu jumlah a Triwulan I tahun 2024 (1) "
        "dibagi jumlah b Triwulan I tahun 2024 (4), sedangkan Triwulan II Tahun 2024 dengan "
        "target 30% realisasi sebesar 37,50% maka mengalami peningkatan 7,50% yaitu jumlah a "
        "Triwulan II tahun 2024 (3) dibagi jumlah b Triwulan II tahun 2024 (8). Dibandingkan "
        "realisasi tahun lalu sebesar 27,5%, realisasi sampai dengan Triwulan II Tahun 2024 "
        "sebesar 37,50% meningkat 10,00%. Target akhir Renstra sebesar 45%. Hal ini karena "
        "kerja keras. Faktor pendorong keberhasilan: Dukungan anggaran. Faktor penghambat: "
        "Cuaca buruk. Tindak lanjut pada triwulan berikutnya: Menambah petugas lapangan."
    )


def test_without_the_new_fields_the_paragraph_is_unchanged():
    assert one(ratio(), 1).endswith("dibagi jumlah b Triwulan I tahun 2024 (4).")


@pytest.mark.parametrize(
    ("last", "sentence"),
    [
        # 37,50 - 40 = -2,50: lower, and for a positif indicator that is a fall.
        ("40", "sebesar 37,50% menurun 2,50%."),
        # 37,50 - 37,495 = 0,005 exactly: written with last year's three places, not rounded
        # away to 0,01 or 0,00.
        ("37.495", "sebesar 37,50% meningkat 0,005%."),
        ("37.5", "sebesar 37,50% tidak berubah."),
    ],
)
def test_positif_against_last_year(last, sentence):
    text = one(ratio(realisasi_tahun_lalu=D(last)), 2)
    assert "realisasi sampai dengan Triwulan II Tahun 2024 " + sentence in text


def negatif(last: str) -> Indicator:
    """A death rate per 1.000 (negatif): TW IV 3 / 1.200 x 1.000 = 2,50; target 3."""
    return Indicator(
        kode="B", nama="Angka Kematian Bayi", targets=(D(3),) * 4, satuan="per 1.000 KH",
        polaritas=Polarity.NEGATIF, uraian_pembilang="kematian bayi", uraian_penyebut="kelahiran",
        realisasi_tahun_lalu=D(last),
        observations={q: Observation(q, D(3), D(1200)) for q in (1, 2, 3, 4)},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("last", "sentence"),
    [
        # 2,50 - 2,75 = -0,25: a lower death rate than last year, the performance improved.
        (
            "2.75",
            "Dibandingkan realisasi tahun lalu sebesar 2,75 per 1.000 KH, realisasi Tahun 2024 "
            "sebesar 2,50 per 1.000 KH, 0,25 per 1.000 KH lebih rendah, maka kinerja membaik.",
        ),
        # 2,50 - 2,1 = 0,40: higher than last year, the performance worsened.
        (
            "2.1",
            "Dibandingkan realisasi tahun lalu sebesar 2,1 per 1.000 KH, realisasi Tahun 2024 "
            "sebesar 2,50 per 1.000 KH, 0,40 per 1.000 KH lebih tinggi, maka kinerja memburuk.",
        ),
    ],
)
def test_negatif_against_last_year_says_the_figure_and_the_performance(last, sentence):
    assert sentence in one(negatif(last), 4)


def test_a_sum_before_tw_iv_is_not_set_against_last_years_whole_year():
    # 500 + 600 = 1.100 visits by TW II; last year's 2.000 were a whole year's.
    ind = Indicator(
        kode="C", nama="Jumlah Kunjungan", targets=(D(500),) * 4, satuan="kunjungan",
        agregasi=Aggregation.JUMLAH, realisasi_tahun_lalu=D(2000),
        observations={1: Observation(1, D(500)), 2: Observation(2, D(600))},
    )  # fmt: skip
    assert one(ind, 2).endswith(
        "Realisasi tahun lalu sebesar 2.000 kunjungan; realisasi sampai dengan Triwulan II Tahun "
        "2024 sebesar 1.100 kunjungan belum mencakup setahun penuh, sehingga belum dibandingkan."
    )


# ---------------------------------------------------------------------------
# The input columns, read and checked
# ---------------------------------------------------------------------------


def with_figures(rows, ik1: tuple, ik2: tuple):
    """The example with Realisasi Tahun Lalu and Target Akhir Renstra (columns T and U)."""
    rows.indikator[0] += ["Realisasi Tahun Lalu", "Target Akhir Renstra"]
    rows.indikator[1] += list(ik1)
    rows.indikator[2] += list(ik2)
    return rows


def test_the_new_columns_are_read(rows, make_input):
    report, problems = api.load(make_input(with_figures(rows, (2.5, 1), ("-", None))))
    assert report is not None and not [p for p in problems if p.level.value == "galat"]
    ik1, ik2 = report.indicators
    assert (ik1.realisasi_tahun_lalu, ik1.target_renstra) == (D("2.5"), D(1))
    assert (ik2.realisasi_tahun_lalu, ik2.target_renstra) == (None, None)  # '-' and blank
    assert ik1.faktor_pendorong.startswith("(Contoh) Pembinaan dan pendampingan")
    assert ik2.tindak_lanjut.startswith("(Contoh) Layanan jemput bola")


def test_text_in_a_number_column_is_located(rows, make_input):
    problems = api.check(make_input(with_figures(rows, ("dua", "1,5"), (0.7, "1.33"))))
    errors = [(p.code, p.cell, p.header) for p in problems if p.level.value == "galat"]
    # IK1 is row 2, IK2 row 3; 1,5 is a number the Indonesian way; 1.33 is ambiguous.
    assert errors == [
        (codes.BUKAN_ANGKA, "Indikator!T2", "Realisasi Tahun Lalu"),
        (codes.BUKAN_ANGKA, "Indikator!U3", "Target Akhir Renstra"),
    ]


# ---------------------------------------------------------------------------
# Sheet Analisis
# ---------------------------------------------------------------------------


@pytest.fixture
def analisis(rows, make_input, tmp_path):
    path = make_input(with_figures(rows, (2.5, 1), (0.7, 0.1)))
    output = api.build(path, tmp_path / "laporan.xlsx").output
    return openpyxl.load_workbook(output)


def test_analisis_sheet_holds_the_evaluation_form(analisis):
    assert analisis.sheetnames == ["LKT", "Narasi", "Capaian", "Analisis", "Grafik", "Catatan"]
    sheet = analisis["Analisis"]
    assert sheet["A1"].value == "ANALISIS CAPAIAN KINERJA TRIWULAN IV TAHUN 2021"
    assert sheet["A2"].value == "DINAS KOPERASI DAN USAHA MIKRO KABUPATEN MALANG"
    assert [c.value for c in sheet[4]] == [
        "NO",
        "INDIKATOR KINERJA",
        "CAPAIAN TW IV (%)",
        "CAPAIAN TOTAL (%)",
        "KATEGORI (TOTAL)",
        "REALISASI TAHUN 2021",
        "REALISASI TAHUN 2020",
        "TARGET AKHIR RENSTRA",
        "FAKTOR PENDORONG",
        "FAKTOR PENGHAMBAT",
        "TINDAK LANJUT",
    ]
    ik1 = [c.value for c in sheet[5]]
    assert ik1[:8] == [1, "Persentase Koperasi Rehabilitasi (%)", -39, -39, "Sangat Rendah"] + [
        2.39,
        2.5,
        1,
    ]
    assert ik1[8].startswith("(Contoh) Pembinaan") and ik1[10].startswith("(Contoh) Pendampingan")
    ik2 = [c.value for c in sheet[6]]
    assert ik2[2:8] == [1620, 1620, "Sangat Tinggi", 0.81, 0.7, 0.1]
    assert ik2[9] == "(Contoh) Pandemi Covid 19 membatasi pertemuan tatap muka dengan Pelaku UMKM"
    # The evaluation's closing rows: (-39 + 1.620) / 2 = 790,50, Sangat Tinggi.
    assert [sheet.cell(7, c).value for c in range(1, 5)] == [
        "Rata-rata capaian kinerja (%)",
        None,
        790.5,
        790.5,
    ]
    assert [sheet.cell(8, c).value for c in (1, 3, 4)] == [
        "Predikat kinerja",
        "Sangat Tinggi",
        "Sangat Tinggi",
    ]
    assert {"A7:B7", "A8:B8", "A1:K1", "A2:K2"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["C5"].number_format == "#,##0.00" and sheet["G5"].number_format == "#,##0.0"
    assert sheet["E5"].fill.fgColor.rgb == "FFFF0000"  # Sangat Rendah's red
    assert sheet["E6"].fill.fgColor.rgb == "FF00B050"
    assert sheet["I5"].alignment.wrap_text and sheet.freeze_panes == "A5"


def test_analisis_page_setup(analisis):
    sheet = analisis["Analisis"]
    setup = sheet.page_setup
    assert (int(setup.paperSize), setup.orientation) == (14, "landscape")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(setup.fitToWidth or 1), int(setup.fitToHeight)) == (1, 0)
    assert sheet.print_title_rows == "$1:$4"  # the titles, the blank row and the header
    assert sheet.oddFooter.center.text == "Halaman &P dari &N"
    assert sheet.page_margins.left == pytest.approx(1.18)
    # Rows of wrapped text are given their height: IK1's longest text, its tindak lanjut of
    # 129 characters in a column 21 wide measured as 21 x 0,85 = 17,85 (19 a line,
    # layout.text_lines), takes 7 lines of 12,75 pt, plus 3; the predikat row, "Sangat
    # Tinggi" in a column 9 wide (9 a line), 2.
    assert sheet.row_dimensions[5].height == pytest.approx(7 * 12.75 + 3)
    assert sheet.row_dimensions[8].height == pytest.approx(2 * 12.75 + 3)


def test_analisis_on_a4_and_before_tw_iv(rows, make_input, tmp_path):
    rows.set("Kertas", "A4").set("Triwulan", "II")
    output = api.build(make_input(rows), tmp_path / "laporan.xlsx").output
    sheet = openpyxl.load_workbook(output)["Analisis"]
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet["C4"].value == "CAPAIAN TW II (%)"
    assert sheet["F4"].value == "REALISASI S.D. TW II TAHUN 2021"
    # No last year's figure, no Renstra: a dash. IK1 TW II: 32 / 1.338 x 100 = 2,39 (akhir).
    assert [sheet.cell(5, c).value for c in (6, 7, 8)] == [2.39, "-", "-"]
    # Under the summary (rows 7-8): what a TOTAL before TW IV compares, so that a capaian of
    # TW II above 100 beside a low kategori (TOTAL) does not read as a mistake.
    assert sheet["A10"].value == (
        "CAPAIAN TOTAL dan KATEGORI (TOTAL) membandingkan realisasi sampai TW II dengan target "
        "setahun: sebelum TW IV capaiannya belum capaian akhir tahun."
    )
    assert sheet.row_dimensions[4].height >= 56  # four lines of header (xlsxwriter: 56,25)


def test_the_example_narrative_ends_with_the_offices_words(rows, make_input, tmp_path):
    output = api.build(make_input(rows), tmp_path / "laporan.xlsx").output
    text = openpyxl.load_workbook(output)["Narasi"]["C5"].value
    assert text.endswith(
        "fasilitasi promosi dan pameran produk UMKM secara virtual. Faktor pendorong "
        "keberhasilan: (Contoh) Sosialisasi IUMK, pelatihan ketrampilan dan fasilitasi promosi "
        "produk UMKM secara virtual. Faktor penghambat: (Contoh) Pandemi Covid 19 membatasi "
        "pertemuan tatap muka dengan Pelaku UMKM. Tindak lanjut pada triwulan berikutnya: "
        "(Contoh) Layanan jemput bola pengurusan Nomor Induk Berusaha (NIB) bersama kecamatan."
    )


# ---------------------------------------------------------------------------
# Template and Petunjuk
# ---------------------------------------------------------------------------


def test_template_and_petunjuk_document_every_new_column(tmp_path):
    path = write_template(tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(path)
    headers = {c.value: c for c in book["Indikator"][1]}
    petunjuk = [row[1] for row in book["Petunjuk"].iter_rows(values_only=True)]
    steps = " ".join(petunjuk_steps())
    for header in NEW_COLUMNS:
        assert header in headers, header
        assert f"{header}: Boleh kosong." in headers[header].comment.text, header
        assert header in petunjuk, header  # the table of columns
        assert header in steps, header  # the step on the evaluation
    assert "lembar Analisis" in steps


def test_the_example_marks_its_evaluation_text_as_illustrative(tmp_path):
    book = openpyxl.load_workbook(write_template(tmp_path / "contoh.xlsx", filled=True))
    sheet = book["Indikator"]
    headers = [c.value for c in sheet[1]]
    for header in NEW_COLUMNS[:3]:
        col = headers.index(header) + 1
        texts = [sheet.cell(row, col).value for row in (2, 3)]
        assert all(text.startswith("(Contoh) ") for text in texts), header


# ---------------------------------------------------------------------------
# The example, printed as a new user prints it
# ---------------------------------------------------------------------------


@pytest.mark.skipif(
    pdf.find_soffice() is None or not shutil.which("pdftotext"),
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed",
)
def test_the_printed_example_has_one_analisis_page_with_the_evaluation_rows(tmp_path):
    import xlsxwriter
    from conftest import EXAMPLE_INPUT
    from test_libreoffice import word_heights

    report = api.build(EXAMPLE_INPUT, tmp_path / "contoh.xlsx").output
    # A reference: the same word in Arial 10 printed at 100 % (see test_libreoffice).
    reference = tmp_path / "rujukan.xlsx"
    book = xlsxwriter.Workbook(str(reference))
    arial = book.add_format({"font_name": "Arial", "font_size": 10})
    book.add_worksheet("R").write_string(0, 0, "Persentase", arial)
    book.worksheets()[0].set_print_scale(100)
    book.close()
    printed, rujukan = pdf.convert_all([report, reference], "pdf", tmp_path / "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    numbers = [n for n, page in enumerate(text, start=1) if "ANALISIS CAPAIAN KINERJA" in page]
    assert len(numbers) == 1
    page = text[numbers[0] - 1]
    # Its body text prints at 8 pt or more, as LKT's and Capaian's do.
    size = 10 * word_heights(printed, "Persentase")[numbers[0]][0]
    assert size / word_heights(rujukan, "Persentase")[1][0] >= 8
    for words in ("FAKTOR PENDORONG", "FAKTOR PENGHAMBAT", "TINDAK LANJUT", "Predikat kinerja"):
        assert words in page, words
    # Indonesian numbers: IK2's capaian 1.620,00; the mean (-39 + 1.620) / 2 = 790,50.
    assert "1.620,00" in page and "790,50" in page and "-39,00" in page
