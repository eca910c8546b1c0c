"""Plausibility checks and values the report cannot show: one located problem per case.

Each test adds one indicator (IK3, Indikator row 4; its Data rows 10-13) to the quiet
example, or changes one cell, the way a hurried clerk would, and asserts the code,
level, sheet, row and column letter. Columns of Indikator: E Satuan, F Polaritas,
I-L Target TW I-IV, M Target Total, N Agregasi, O Keterangan, P Analisis; of Data:
C Pembilang, D Penyebut, E Realisasi Dilaporkan.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from builders import write_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkt_excel import api
from lkt_excel.core.catalogue import CODES
from lkt_excel.reading.reader import RawSheet, RawWorkbook
from lkt_excel.validate import validate


@pytest.fixture
def quiet(rows):
    for row in rows.data[1:]:
        row[4] = None  # no office figures: the example alone has no problem
    return rows


@pytest.fixture
def check(make_input):
    return lambda rows: api.check(make_input(rows))


def located(problem) -> tuple:
    return (problem.code, problem.level.value, problem.sheet, problem.row, problem.column)


def add(rows, name, satuan, polaritas, targets, counts, agregasi=None, total=None, **cells):
    """IK3 with four quarters of Data (a count: no penyebut)."""
    values = {
        "Kode": "IK3", "No": 2, "Sasaran Strategis": "Meningkatnya Pariwisata",
        "Indikator Kinerja": name, "Satuan": satuan, "Polaritas": polaritas,
        "Target TW I": targets[0], "Target TW II": targets[1], "Target TW III": targets[2],
        "Target TW IV": targets[3], "Target Total": total, "Agregasi": agregasi, **cells,
    }  # fmt: skip
    rows.indikator.append([values.get(h) for h in rows.indikator[0]])
    for roman, count in zip(("I", "II", "III", "IV"), counts, strict=True):
        rows.data.append(["IK3", roman, count, None, None])
    return rows


def test_the_quiet_example_with_a_plausible_third_indicator_has_no_problem(quiet, check):
    add(quiet, "Jumlah kunjungan wisatawan", "orang", "positif", [100] * 4, [90, 110, 95, 105])
    assert check(quiet) == []


# --- A percentage typed as a fraction ------------------------------------------------------


def test_percent_target_typed_as_a_fraction_is_a_warning_at_the_target(quiet, check):
    # Target TW I 0,8 (meant 80 %), realisasi 79,81: 79,81 >= 20 x 0,8 and within 5x of 80.
    # Its capaian, 79,81 / 0,8 x 100 = 9.976,25 %, is not named a second time there.
    add(quiet, "Persentase desa wisata aktif", "%", "positif", [0.8, 80, 80, 80],
        [79.81, 80, 80, 80])  # fmt: skip
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("target-pecahan-persen", "peringatan", "Indikator", 4, "I")
    ]
    assert "dibaca 0,8%" in problems[0].message
    assert "realisasinya 79,81%" in problems[0].message
    assert "maksudnya 80%" in problems[0].message
    assert "Ketik 80" in problems[0].fix


def test_a_small_percent_target_with_a_close_realisasi_is_not_a_fraction(quiet, check):
    # 0,5 % against 0,6 %: a real small rate, nothing to say.
    add(quiet, "Persentase desa rawan", "%", "positif", [0.5] * 4, [0.6, 0.5, 0.4, 0.5])
    assert check(quiet) == []


# --- Capaian out of range ------------------------------------------------------------------


def test_capaian_above_5000_percent_is_a_warning_at_the_target(quiet, check):
    # 700 / 10 x 100 = 7.000 % in TW I (an extra zero, or the wrong unit); the rest are 100 %.
    add(quiet, "Jumlah pelatihan", "kali", "positif", [10] * 4, [700, 10, 10, 10],
        agregasi="akhir")  # fmt: skip
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("capaian-tidak-wajar", "peringatan", "Indikator", 4, "I")
    ]
    assert "Capaian IK3 TW I menjadi 7.000,00% (target 10, realisasi 700,00)" in problems[0].message


def test_capaian_below_minus_100_percent_is_a_warning_at_the_target(quiet, check):
    # Negatif, rule selisih: (2 x 10 - 25) / 10 x 100 = -50 % in TW I is plausible;
    # (2 x 10 - 40) / 10 x 100 = -200 % in TW II is not.
    add(quiet, "Angka kecelakaan", "kasus", "negatif", [10] * 4, [25, 40, 10, 10],
        agregasi="akhir")  # fmt: skip
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("capaian-tidak-wajar", "peringatan", "Indikator", 4, "J")
    ]
    assert "menjadi -200,00%" in problems[0].message


def test_capaian_of_the_total_is_located_at_target_total(quiet, check):
    # Quarters of 100 % each, summed (jumlah) to 40; a Target Total typed 0,4: 10.000 %.
    add(quiet, "Jumlah pelatihan", "kali", "positif", [10] * 4, [10] * 4, agregasi="jumlah",
        total=0.4)  # fmt: skip
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("capaian-tidak-wajar", "peringatan", "Indikator", 4, "M")
    ]
    # 10 + 10 + 10 + 10 = 40 against 0,4: 40 / 0,4 x 100 = 10.000 %.
    assert "Capaian IK3 TOTAL menjadi 10.000,00%" in problems[0].message


# --- Units and rules that fall to a silent default -----------------------------------------


def test_blank_satuan_on_a_count_is_an_error_at_satuan(quiet, check):
    add(quiet, "Jumlah kunjungan wisatawan", None, "positif", [450000] * 4, [432150] * 4)
    problems = check(quiet)
    assert [located(p) for p in problems] == [("satuan-kosong", "galat", "Indikator", 4, "E")]
    assert "diawali 'Jumlah'" in problems[0].message


def test_blank_satuan_on_a_percentage_name_is_fine(quiet, check):
    add(quiet, "Jumlah persentase desa", None, "positif", [50] * 4, [50] * 4)
    assert check(quiet) == []


def test_jumlah_on_a_percent_indicator_is_a_warning_at_agregasi(quiet, check):
    quiet.cell("indikator", 2, "Agregasi", "jumlah")  # IK2 is a ratio in %
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("jumlah-pada-persen", "peringatan", "Indikator", 3, "N")
    ]


def test_blank_polaritas_on_a_lower_is_better_name_is_a_warning(quiet, check):
    add(quiet, "Angka kecelakaan lalu lintas", "kasus", None, [10] * 4, [9, 8, 10, 9])
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("polaritas-mungkin-negatif", "peringatan", "Indikator", 4, "F")
    ]
    assert "kata 'kecelakaan'" in problems[0].message


# --- Numbers misread -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "row", "header", "letter", "excel_row"),
    [
        ("indikator", 3, "Target TW I", "I", 4),
        ("indikator", 3, "Target Total", "M", 4),
        ("data", 9, "Pembilang", "C", 10),
        ("data", 9, "Realisasi Dilaporkan", "E", 10),
    ],
)
def test_english_thousands_comma_is_an_error_in_every_number_column(
    quiet, check, sheet, row, header, letter, excel_row
):
    add(quiet, "Jumlah kunjungan wisatawan", "orang", "positif", [450000] * 4, [432150] * 4)
    quiet.cell(sheet, row, header, "450,000")  # read the Indonesian way: 450
    problems = check(quiet)
    expected = ("angka-ribuan-koma", "galat", sheet.capitalize(), excel_row, letter)
    assert [located(p) for p in problems] == [expected]
    assert "dibaca 450 (koma = desimal)" in problems[0].message
    assert "yaitu 450.000" in problems[0].message
    assert problems[0].fix.startswith("Tulis 450.000 (titik untuk ribuan)")


def test_two_english_thousands_commas_are_an_error_not_a_crash(quiet, check):
    # 1,250,000 has no Indonesian reading at all (two decimal commas): only the English one.
    add(quiet, "Jumlah kunjungan wisatawan", "orang", "positif", [450000] * 4, [432150] * 4)
    quiet.cell("data", 9, "Pembilang", "1,250,000")
    problems = check(quiet)
    assert [located(p) for p in problems] == [("angka-ribuan-koma", "galat", "Data", 10, "C")]
    assert problems[0].message == (
        "Sel Data!C10 ('Pembilang') berisi teks '1,250,000': koma itu pemisah ribuan cara "
        "Inggris, yaitu 1.250.000."
    )
    assert problems[0].fix == "Tulis 1.250.000 (titik untuk ribuan) atau isi sebagai angka biasa."


def test_a_decimal_with_three_places_is_not_a_thousands_comma(quiet, check):
    add(quiet, "Jumlah pelatihan", "kali", "positif", [10] * 4, [10] * 4)
    quiet.cell("indikator", 3, "Target TW I", "0,500")  # 0,5 the Indonesian way
    assert check(quiet) == []  # read as 0,5: capaian 10 / 0,5 x 100 = 2.000 %, within bounds


# --- Values the report cannot show ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [(1e28, "angka-terlalu-besar"), (1e15, "angka-terlalu-besar"), ("1e30", "angka-terlalu-besar"),
     (-1e300, "angka-terlalu-besar"), ("NaN1", "bukan-angka")],
)  # fmt: skip
def test_a_number_the_report_cannot_show_is_an_error_at_its_cell(quiet, check, value, code):
    add(quiet, "Jumlah pelatihan", "kali", "positif", [10] * 4, [10] * 4)
    quiet.cell("indikator", 3, "Target TW II", value)  # Indikator!J4
    problems = check(quiet)
    assert [located(p) for p in problems] == [(code, "galat", "Indikator", 4, "J")]


def test_a_huge_number_in_a_text_column_is_an_error(quiet, check):
    quiet.cell("indikator", 1, "Keterangan", 1e20)  # Indikator!O2
    assert [located(p) for p in check(quiet)] == [
        ("angka-terlalu-besar", "galat", "Indikator", 2, "O")
    ]


def test_just_below_the_limit_is_a_number(quiet, check):
    add(quiet, "Jumlah pelatihan", "kali", "positif", [10**14] * 4, [10**14 - 1] * 4)
    assert check(quiet) == []


def _book(laporan, indikator_extra=None):
    """A RawWorkbook as the reader gives it, for values no spreadsheet file can hold."""
    indikator = [
        ["Kode", "Indikator Kinerja", "Satuan", "Target TW I", "Target TW II", "Target TW III",
         "Target TW IV"],
        ["IK1", "Jumlah pelatihan", "kali", 1.0, 1.0, 1.0, indikator_extra or 1.0],
    ]  # fmt: skip
    data = [["Kode", "Triwulan", "Pembilang"], ["IK1", "I", 1.0]]
    return RawWorkbook(
        (RawSheet("Laporan", laporan), RawSheet("Indikator", indikator), RawSheet("Data", data))
    )


LAPORAN = [["Instansi", "Dinas X"], ["Wilayah", "Kota Y"], ["Tahun", 2024.0], ["Triwulan", "I"]]


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 1e300])
def test_an_infinite_nan_or_huge_tahun_is_a_located_error(value):
    laporan = [row if row[0] != "Tahun" else ["Tahun", value] for row in LAPORAN]
    report, problems = validate(_book(laporan))
    assert report is None
    code = "angka-terlalu-besar" if value == 1e300 else "bukan-angka"
    assert [located(p) for p in problems] == [(code, "galat", "Laporan", 3, "B")]


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300])
def test_an_infinite_nan_or_huge_target_is_a_located_error(value):
    report, problems = validate(_book(LAPORAN, value))
    code = "angka-terlalu-besar" if value == 1e300 else "bukan-angka"
    assert [located(p) for p in problems] == [(code, "galat", "Indikator", 2, "G")]


def test_a_text_over_32767_characters_is_an_error_at_its_cell():
    # Excel, xlsxwriter and openpyxl files stop at 32.767 characters (as calamine reads
    # them), so the reader's result is made here, as another program's file could give it.
    book = _book(LAPORAN)
    indikator = book.sheets[1].rows
    indikator[0].append("Keterangan")
    indikator[1].append("kata " * 6600)  # 33.000 characters, Indikator!H2
    report, problems = validate(book)
    assert report is None
    assert [located(p) for p in problems] == [
        ("teks-terlalu-panjang", "galat", "Indikator", 2, "H")
    ]
    assert "33.000 karakter" in problems[0].message


def test_an_analisis_that_makes_the_paragraph_too_long_is_an_error_at_analisis(quiet, check):
    # 32.500 characters fit a cell, but not after the quarters' clauses of the paragraph.
    quiet.cell("indikator", 2, "Analisis", "kata " * 6500)
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("teks-terlalu-panjang", "galat", "Indikator", 3, "P")
    ]
    assert problems[0].message.startswith("Narasi indikator IK2 menjadi")


# --- The catalogue marks what affects figures ----------------------------------------------


def test_the_catalogue_marks_the_warnings_about_figures():
    assert sorted(code for code, entry in CODES.items() if entry.figures) == [
        "capaian-tidak-wajar",
        "jumlah-pada-persen",
        "pembilang-lebih-besar",
        "penyebut-diabaikan",
        "penyebut-tetap-kumulatif",
        "polaritas-mungkin-negatif",
        "realisasi-melebihi-pagu",  # sheet Anggaran: serapan above 100% is most likely a typo
        "sel-format-persen",
        "target-kumulatif-turun",
        "target-pecahan-persen",
        "target-total-kumulatif",
    ]
    assert not any(entry.figures for entry in CODES.values() if entry.level.value == "galat")


def test_write_input_is_used_for_every_file(tmp_path, quiet):
    # The helpers above write real .xlsx files (not mocks): one opens with calamine here.
    path = write_input(tmp_path / "x.xlsx", quiet.laporan, quiet.indikator, quiet.data)
    assert api.check(path) == []


def test_fraction_targets_in_every_quarter_are_not_named_again_for_the_total(quiet, check):
    # akhir: the TOTAL's target is TW IV's 0,9, its capaian 91 / 0,9 x 100 = 10.111,11 %,
    # the same slip the four quarters' warnings name already.
    add(quiet, "Persentase desa wisata aktif", "%", "positif", [0.8, 0.8, 0.85, 0.9],
        [79.81, 80.5, 84, 91])  # fmt: skip
    assert [located(p) for p in check(quiet)] == [
        ("target-pecahan-persen", "peringatan", "Indikator", 4, letter) for letter in "IJKL"
    ]


# --- Random plausible models raise nothing -------------------------------------------------


@st.composite
def plausible(draw):
    """An indicator whose realisasi is within half and twice its target, every quarter."""
    ratio = draw(st.booleans())
    targets = draw(st.lists(st.integers(1, 100), min_size=4, max_size=4))
    counts = []
    for target in targets:
        if ratio:  # realisasi = pembilang / penyebut x 100, near the target (a %, at most 100)
            penyebut = draw(st.integers(100, 100_000))
            low, high = penyebut * target // 200 + 1, min(penyebut, penyebut * target // 50)
            counts.append((draw(st.integers(low, max(low, high))), penyebut))
        else:
            counts.append((draw(st.integers(-(-target // 2), 2 * target)), None))
    return {
        "ratio": ratio,
        "polaritas": draw(st.sampled_from(["positif", "negatif"])),
        "agregasi": draw(st.sampled_from(["akhir", "rata-rata"] + ([] if ratio else ["jumlah"]))),
        "targets": targets,
        "counts": counts,
    }


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(plausible(), min_size=1, max_size=3))
def test_random_plausible_indicators_raise_no_plausibility_warning(indicators):
    from conftest import example_rows

    rows = example_rows()
    rows.indikator[1:] = []
    rows.data[1:] = []
    for n, ind in enumerate(indicators, start=1):
        kode = f"IK{n}"
        rows.indikator.append(
            [kode, 1, "Sasaran uji", f"Indikator {n}", "%" if ind["ratio"] else "unit"]
            + [ind["polaritas"], "pembilang", "penyebut" if ind["ratio"] else None]
            + ind["targets"]
            + [None, ind["agregasi"], None, None]
        )
        for q, (pembilang, penyebut) in enumerate(ind["counts"]):
            rows.data.append([kode, ("I", "II", "III", "IV")[q], pembilang, penyebut, None])
    with tempfile.TemporaryDirectory() as folder:
        path = write_input(Path(folder) / "m.xlsx", rows.laporan, rows.indikator, rows.data)
        problems = api.check(path)
    # Negatif under selisih: a realisasi up to twice the target gives a capaian down to 0 %.
    assert [p.to_dict() for p in problems] == []


def test_a_percent_cell_shown_past_the_limit_is_an_error(quiet, tmp_path):
    # Stored 10^13 in a '0%' cell: Excel shows 10^15 %, read as 10^15, which cannot be shown.
    import xlsxwriter

    path = tmp_path / "persen.xlsx"
    book = xlsxwriter.Workbook(path)
    for name, table in (("Laporan", quiet.laporan), ("Indikator", quiet.indikator),
                        ("Data", quiet.data)):  # fmt: skip
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.get_worksheet_by_name("Indikator").write_number(
        "J2", 1e13, book.add_format({"num_format": "0%"})
    )
    book.close()
    assert [located(p) for p in api.check(path)] == [
        ("angka-terlalu-besar", "galat", "Indikator", 2, "J")
    ]
