"""Every check of the validator: a located Indonesian problem, one test each.

The example's layout (see ``contoh.py`` and conftest's ``Rows``):
- Laporan (key in A, value in B): Judul 1, Instansi 2, Wilayah 3, Tahun 4, Triwulan 5,
  Desimal 6, Pembulatan 7.
- Indikator: headers in row 1; IK1 in row 2, IK2 in row 3. Columns: A Kode, B No,
  C Sasaran Strategis, D Indikator Kinerja, E Satuan, F Polaritas, G Uraian Pembilang,
  H Uraian Penyebut, I-L Target TW I-IV, M Target Total, N Agregasi, O Keterangan, P Analisis,
  Q Faktor Pendorong, R Faktor Penghambat, S Tindak Lanjut.
- Data: headers in row 1; IK1 TW I-IV in rows 2-5, IK2 TW I-IV in rows 6-9. Columns:
  A Kode, B Triwulan, C Pembilang, D Penyebut, E Realisasi Dilaporkan.
``Rows.cell(sheet, n, ...)`` edits data row n, which is Excel row n + 1.
"""

from __future__ import annotations

from dataclasses import astuple

import pytest
from builders import write_input

from lkt_excel import api
from lkt_excel.core.model import Where
from lkt_excel.core.problems import error


@pytest.fixture
def quiet(rows):
    """The example without the office's own figures, so it has no problem at all."""
    for row in rows.data[1:]:
        row[4] = None
    return rows


@pytest.fixture
def check(make_input):
    def run(rows):
        return api.check(make_input(rows))

    return run


def located(problem) -> tuple:
    return (problem.code, problem.level.value, problem.sheet, problem.row, problem.column)


def only(problems) -> tuple:
    assert len(problems) == 1, [p.to_dict() for p in problems]
    return located(problems[0])


def test_the_quiet_example_has_no_problem(quiet, check):
    assert check(quiet) == []


# --- Whole sheets and headers ----------------------------------------------------------------


@pytest.mark.parametrize("missing", ["Laporan", "Indikator", "Data"])
def test_missing_sheet(quiet, tmp_path, missing):
    sheets = {"Laporan": quiet.laporan, "Indikator": quiet.indikator, "Data": quiet.data}
    sheets[missing] = None
    path = write_input(tmp_path / "masukan.xlsx", *sheets.values())
    problems = api.check(path)
    assert only(problems) == ("lembar-hilang", "galat", missing, None, None)
    assert f"Lembar '{missing}' tidak ada" in problems[0].message


def test_renamed_sheet_gets_a_suggestion(quiet, tmp_path):
    path = write_input(
        tmp_path / "masukan.xlsx",
        quiet.laporan,
        quiet.indikator,
        quiet.data,
        names=("Laporan", "Indikator", "Dta"),
    )
    problems = api.check(path)
    assert only(problems) == ("lembar-hilang", "galat", "Data", None, None)
    assert "Mungkin lembar 'Dta'?" in problems[0].message


def test_sheet_names_match_without_case_or_spaces(quiet, tmp_path):
    path = write_input(
        tmp_path / "masukan.xlsx",
        quiet.laporan,
        quiet.indikator,
        quiet.data,
        names=("LAPORAN", " indikator ", "data"),
    )
    assert api.check(path) == []


def test_missing_required_column_suggests_the_closest_header(quiet, check):
    quiet.data[0][2] = "Pembilng"  # C1, a typo of Pembilang
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("kolom-wajib-hilang", "galat", "Data", 1, "C"),
        ("kolom-tidak-dikenal", "peringatan", "Data", 1, "C"),
    ]
    assert problems[0].header == "Pembilang"
    assert "Mungkin kolom 'Pembilng' yang dimaksud?" in problems[0].message
    # The fix says to rename the typo, not to add a second column beside it.
    assert problems[0].fix == "Ubah judul kolom 'Pembilng' menjadi 'Pembilang'."


def test_one_header_over_four_target_columns_is_not_renamed_four_ways(quiet, check):
    # A two-row header as printed: 'Target' over I-L, 'TW I'...'TW IV' on the row below.
    quiet.indikator[0][8:12] = ["Target", None, None, None]
    problems = check(quiet)
    errors = [p for p in problems if p.is_error]
    assert [located(p) for p in errors] == [
        ("kolom-wajib-hilang", "galat", "Indikator", 1, "I") for _ in range(4)
    ]
    assert errors[0].message == (
        "Kolom wajib 'Target TW I' tidak ditemukan di lembar 'Indikator' (baris judul: "
        "baris 1). Judul 'Target' saja tidak cukup: setiap kolom perlu judulnya sendiri."
    )
    assert errors[0].fix == "Tulis judul lengkap 'Target TW I' di baris judul (baris 1)."
    assert not any("Ubah judul" in p.fix for p in errors)


def test_missing_required_column_without_a_close_header(quiet, check):
    for row in quiet.indikator:
        del row[11]  # L, Target TW IV
    problems = check(quiet)
    assert only(problems) == ("kolom-wajib-hilang", "galat", "Indikator", 1, None)
    assert problems[0].fix == "Tambahkan kolom berjudul 'Target TW IV' di baris judul."


def test_extra_column_is_a_warning_and_the_report_still_builds(quiet, check, make_input, tmp_path):
    quiet.indikator[0].append("Catatan Kantor")  # T1, after the example's 19 columns
    quiet.indikator[1].append("diisi bagian program")
    assert only(check(quiet)) == ("kolom-tidak-dikenal", "peringatan", "Indikator", 1, "T")
    assert api.build(make_input(quiet), tmp_path / "out.xlsx").output.exists()


def test_duplicate_column(quiet, check):
    quiet.data[0][4] = "Pembilang"  # E1 repeats C1
    assert only(check(quiet)) == ("kolom-ganda", "galat", "Data", 1, "E")


def test_header_row_below_title_rows_is_found_and_cells_keep_their_address(quiet, check):
    quiet.cell("data", 3, "Pembilang", -1)  # IK1 TW III, Excel row 4 before the titles
    quiet.indikator[:0] = [["DAFTAR INDIKATOR KINERJA"], ["Tahun 2021"], []]  # header now row 4
    quiet.data[:0] = [["DATA TRIWULAN"], []]  # header now row 3: data shifted by 2 rows
    assert only(check(quiet)) == ("jumlah-negatif", "galat", "Data", 6, "C")


def test_header_row_too_far_down_is_an_error(quiet, check):
    quiet.data[:0] = [["catatan"]] * 20  # header in row 21, beyond the rows searched
    assert only(check(quiet)) == ("judul-kolom-hilang", "galat", "Data", None, None)


def test_empty_indikator_sheet(quiet, check):
    quiet.indikator = quiet.indikator[:1]  # headers only
    problems = check(quiet)
    # Data rows are not reported as unknown Kodes: there is nothing to know them by.
    assert only(problems) == ("indikator-tidak-ada", "galat", "Indikator", None, None)


# --- Indikator rows ---------------------------------------------------------------------------


def test_duplicate_kode(quiet, check):
    quiet.cell("indikator", 2, "Kode", "IK1")  # A3 repeats A2
    problems = check(quiet)
    assert located(problems[0]) == ("kode-ganda", "galat", "Indikator", 3, "A")
    assert "baris 2 dan baris 3" in problems[0].message
    # IK2's data rows now name a Kode the sheet no longer has.
    assert [located(p)[3] for p in problems[1:]] == [6, 7, 8, 9]
    assert {p.code for p in problems[1:]} == {"kode-tidak-dikenal"}


def test_blank_kode(quiet, check):
    quiet.cell("indikator", 2, "Kode", None)
    problems = check(quiet)
    assert located(problems[0]) == ("kode-kosong", "galat", "Indikator", 3, "A")


def test_total_row_under_the_data_is_told_to_be_removed(quiet, check):
    # A clerk's JUMLAH row below the Data table (Excel row 10): no Kode.
    quiet.data.append([None, "JUMLAH", 8000, 1000, None])
    problems = check(quiet)
    assert only(problems) == ("kode-kosong", "galat", "Data", 10, "A")
    assert problems[0].fix == (
        "Isi Kode indikator di setiap baris (sel yang digabung/merge terbaca kosong "
        "kecuali baris pertamanya), atau hapus baris itu bila bukan data (mis. baris jumlah)."
    )


def test_a_blank_target_is_a_quarter_not_measured(quiet, check):
    # A blank Target TW II (J2): IK1 is not measured in TW II, so its TW II Data row
    # (Data row 3, Triwulan in column B) is named and left out.
    quiet.cell("indikator", 1, "Target TW II", None)
    problems = check(quiet)
    assert only(problems) == ("data-tidak-diukur", "peringatan", "Data", 3, "B")


def test_no_target_in_any_quarter_is_an_error(quiet, check):
    for header in ("Target TW I", "Target TW II", "Target TW III", "Target TW IV"):
        quiet.cell("indikator", 1, header, "-" if header.endswith("I") else None)
    problems = [p for p in check(quiet) if p.level == "galat"]
    assert [(p.code, p.sheet, p.row, p.column) for p in problems] == [
        ("angka-kosong", "Indikator", 2, "I")
    ]
    assert problems[0].header == "Target TW I"


def test_non_numeric_target(quiet, check):
    quiet.cell("indikator", 2, "Target TW III", "banyak")  # K3
    # IK2's Data rows are not reported again as unknown: the Indikator row is the problem.
    assert only(check(quiet)) == ("bukan-angka", "galat", "Indikator", 3, "K")


def test_a_dash_for_a_target_is_a_quarter_not_measured(quiet, check):
    """SAKIP tables write '-' for "not measured": IK2's TW III Data row (Data row 8) is left out."""
    problems = check(quiet.cell("indikator", 2, "Target TW III", "-"))  # K3
    assert only(problems) == ("data-tidak-diukur", "peringatan", "Data", 8, "B")
    words = check(quiet.cell("indikator", 2, "Target TW III", "banyak"))
    assert words[0].fix.startswith("Tulis angka dengan cara Indonesia")


def test_bad_polaritas(quiet, check):
    quiet.cell("indikator", 1, "Polaritas", "atas")  # F2
    problems = check(quiet)
    assert only(problems) == ("pilihan-salah", "galat", "Indikator", 2, "F")
    assert "positif, negatif" in problems[0].fix


def test_bad_agregasi(quiet, check):
    quiet.cell("indikator", 2, "Agregasi", "maks")  # N3
    problems = check(quiet)
    assert only(problems) == ("pilihan-salah", "galat", "Indikator", 3, "N")
    assert "akhir, jumlah, rata-rata" in problems[0].fix


def test_choices_accept_synonyms_and_case(quiet, check):
    quiet.cell("indikator", 1, "Polaritas", "Turun")
    quiet.cell("indikator", 2, "Agregasi", "Rata Rata")
    quiet.set("Pembulatan", "POTONG")
    assert check(quiet) == []


# --- Laporan ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1999, "dua ribu", 2021.5, "2.021"])
def test_bad_tahun(quiet, check, value):
    problems = check(quiet.set("Tahun", value))
    assert only(problems) == ("tahun-salah", "galat", "Laporan", 4, "B")


def test_bad_tahun_is_quoted_as_typed(quiet, check):
    problems = check(quiet.set("Tahun", 1999))
    assert "Tahun '1999'" in problems[0].message  # not '1.999'


@pytest.mark.parametrize("value", ["V", 5, 0, "TW 5", "empat"])
def test_bad_laporan_triwulan(quiet, check, value):
    assert only(check(quiet.set("Triwulan", value))) == (
        "triwulan-salah",
        "galat",
        "Laporan",
        5,
        "B",
    )


@pytest.mark.parametrize("value", [7, -1, 1.5, "dua"])
def test_bad_desimal(quiet, check, value):
    problems = check(quiet.set("Desimal", value))
    code = "bukan-angka" if value == "dua" else "desimal-salah"
    assert only(problems) == (code, "galat", "Laporan", 6, "B")


def test_bad_pembulatan(quiet, check):
    assert only(check(quiet.set("Pembulatan", "acak"))) == (
        "pilihan-salah",
        "galat",
        "Laporan",
        7,
        "B",
    )


def test_present_but_blank_required_key_is_reported_at_its_cell(quiet, check):
    problems = check(quiet.set("Instansi", None))
    assert only(problems) == ("isian-wajib-kosong", "galat", "Laporan", 2, "B")


def test_absent_required_key_is_reported_on_the_sheet(quiet, check):
    quiet.laporan = [row for row in quiet.laporan if row[0] != "Wilayah"]
    problems = check(quiet)
    assert only(problems) == ("isian-wajib-kosong", "galat", "Laporan", None, None)
    assert problems[0].header == "Wilayah"


def test_required_key_written_longer_points_to_its_row(quiet, check):
    # Laporan row 2 (Instansi in the example) typed as 'Nama Instansi'.
    quiet.laporan[1][0] = "Nama Instansi"
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("kunci-tidak-dikenal", "peringatan", "Laporan", 2, "A"),
        ("isian-wajib-kosong", "galat", "Laporan", 2, "A"),
    ]
    assert problems[0].fix.startswith("Isian yang dikenal: Judul, Instansi, Wilayah,")
    assert problems[1].message.endswith(
        "Mungkin isian 'Nama Instansi' di Laporan!A2 yang dimaksud?"
    )
    assert problems[1].fix == "Ubah 'Nama Instansi' di Laporan!A2 menjadi 'Instansi'."


def test_repeated_key_is_a_warning(quiet, check):
    quiet.laporan.append(["Tahun", 2022])  # row 8
    problems = check(quiet)
    assert only(problems) == ("kunci-ganda", "peringatan", "Laporan", 8, "B")
    assert "yang dipakai baris 4" in problems[0].message


# --- Data rows --------------------------------------------------------------------------------


def test_data_row_with_unknown_kode(quiet, check):
    quiet.cell("data", 3, "Kode", "IK9")  # A4, IK1 TW III
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("kode-tidak-dikenal", "galat", "Data", 4, "A"),
        ("data-triwulan-hilang", "galat", "Data", None, None),
    ]
    assert "Kode yang ada: IK1, IK2" in problems[0].message
    assert "TW III" in problems[1].message


def test_unknown_kode_in_other_case_gets_a_suggestion(quiet, check):
    quiet.cell("data", 1, "Kode", "ik1")
    problems = check(quiet)
    assert located(problems[0]) == ("kode-tidak-dikenal", "galat", "Data", 2, "A")
    assert "Mungkin 'IK1'?" in problems[0].message
    # IK1's TW I is probably this row: one error, not a second one for the missing quarter
    # (which would tempt the clerk to add a duplicate row instead of fixing the Kode).
    assert [p.code for p in problems] == ["kode-tidak-dikenal"]


def test_duplicate_kode_and_triwulan(quiet, check):
    quiet.cell("data", 2, "Triwulan", "I")  # B3: IK1 TW I again, TW II now missing
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("data-ganda", "galat", "Data", 3, "B"),
        ("data-triwulan-hilang", "galat", "Data", None, None),
    ]
    assert "baris 2 dan baris 3" in problems[0].message


@pytest.mark.parametrize("value", ["V", 5, "TW 0", "kedua"])
def test_data_triwulan_not_i_to_iv(quiet, check, value):
    quiet.cell("data", 2, "Triwulan", value)  # B3
    # The quarter the row was meant to hold is not reported missing a second time.
    assert only(check(quiet)) == ("triwulan-salah", "galat", "Data", 3, "B")


@pytest.mark.parametrize("value", ["II", 2, "TW II", "Triwulan II", "tw2", "ii", "Triwulan ke-2"])
def test_data_triwulan_spellings(quiet, check, value):
    assert check(quiet.cell("data", 2, "Triwulan", value)) == []


def test_blank_data_triwulan(quiet, check):
    quiet.cell("data", 2, "Triwulan", None)
    assert only(check(quiet)) == ("triwulan-kosong", "galat", "Data", 3, "B")


def test_quarter_without_data(quiet, check):
    del quiet.data[3]  # IK1 TW III
    problems = check(quiet)
    assert only(problems) == ("data-triwulan-hilang", "galat", "Data", None, None)
    assert problems[0].message == (
        "Indikator IK1 tidak punya data untuk TW III (dilaporkan sampai TW IV)."
    )


def test_data_of_every_indicator_stopping_early_blames_the_laporan_triwulan(quiet, check):
    # Last year's file copied: Laporan!B5 still says IV, Data has TW I and II only.
    del quiet.data[7:9]  # IK2 TW III, IV
    del quiet.data[3:5]  # IK1 TW III, IV
    problems = check(quiet)
    assert only(problems) == ("triwulan-melebihi-data", "galat", "Laporan", 5, "B")
    assert problems[0].message == (
        "Triwulan di Laporan!B5 adalah IV, tetapi lembar Data hanya berisi data sampai TW II."
    )
    assert problems[0].fix == (
        "Ubah Triwulan menjadi II bila laporan ini untuk TW II, atau tambahkan data TW III "
        "dan TW IV di lembar Data."
    )


def test_an_indicator_without_data_keeps_its_own_error_beside_the_triwulan_one(quiet, check):
    del quiet.data[5:9]  # IK2: no Data row at all
    del quiet.data[3:5]  # IK1 TW III, IV
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("triwulan-melebihi-data", "galat", "Laporan", 5, "B"),
        ("data-triwulan-hilang", "galat", "Data", None, None),
    ]
    assert "Indikator IK2 tidak punya data untuk TW I, TW II, TW III, TW IV" in problems[1].message


def test_data_stopping_early_for_one_indicator_only_is_blamed_per_indicator(quiet, check):
    del quiet.data[8]  # IK2 TW IV; IK1 is complete
    problems = check(quiet)
    assert only(problems) == ("data-triwulan-hilang", "galat", "Data", None, None)
    assert problems[0].message == (
        "Indikator IK2 tidak punya data untuk TW IV (dilaporkan sampai TW IV)."
    )


def test_data_is_checked_against_triwulan_even_when_tahun_is_wrong(quiet, check):
    quiet.set("Tahun", "duaribu").set("Triwulan", "III")
    del quiet.data[3]  # IK1 TW III
    assert [located(p) for p in check(quiet)] == [
        ("tahun-salah", "galat", "Laporan", 4, "B"),
        ("data-sesudah-triwulan", "peringatan", "Data", 4, "B"),  # IK1 TW IV, moved up a row
        ("data-sesudah-triwulan", "peringatan", "Data", 8, "B"),  # IK2 TW IV
        ("data-triwulan-hilang", "galat", "Data", None, None),
    ]


def test_data_after_the_reported_quarter_is_a_warning_and_ignored(quiet, check, make_input):
    quiet.set("Triwulan", "III")
    problems = check(quiet)
    assert [located(p) for p in problems] == [
        ("data-sesudah-triwulan", "peringatan", "Data", 5, "B"),
        ("data-sesudah-triwulan", "peringatan", "Data", 9, "B"),
    ]
    report, _ = api.load(make_input(quiet))
    assert [sorted(ind.observations) for ind in report.indicators] == [[1, 2, 3], [1, 2, 3]]


def test_quarters_up_to_the_reported_one_are_enough(quiet, check):
    quiet.set("Triwulan", "II")
    quiet.data = [row for row in quiet.data if row[1] not in ("III", "IV")]
    assert check(quiet) == []


def test_non_numeric_count(quiet, check):
    problems = check(quiet.cell("data", 1, "Pembilang", "tiga puluh"))
    assert only(problems) == ("bukan-angka", "galat", "Data", 2, "C")
    assert "'tiga puluh'" in problems[0].message


def test_negative_count(quiet, check):
    problems = check(quiet.cell("data", 2, "Penyebut", -1338))
    assert only(problems) == ("jumlah-negatif", "galat", "Data", 3, "D")
    assert "-1.338" in problems[0].message


def test_fractional_count(quiet, check):
    problems = check(quiet.cell("data", 3, "Pembilang", 2.39))  # a percentage typed as a count
    assert only(problems) == ("jumlah-pecahan", "galat", "Data", 4, "C")
    assert "2,39" in problems[0].message
    assert "pemisah ribuan" not in problems[0].message


def test_count_typed_with_an_english_thousands_comma_is_an_error(quiet, check):
    # '1,334' is 1,334 the Indonesian way (not whole); meant as 1334, it is written 1.334.
    # Neither reading is safe, so it is refused (angka-ribuan-koma) in every number column.
    problems = check(quiet.cell("data", 1, "Penyebut", "1,334"))
    assert only(problems) == ("angka-ribuan-koma", "galat", "Data", 2, "D")
    assert problems[0].message == (
        "Sel Data!D2 ('Penyebut') berisi teks '1,334': dengan cara Indonesia dibaca 1,334 "
        "(koma = desimal), tetapi koma itu tampaknya pemisah ribuan cara Inggris, yaitu 1.334."
    )


def test_blank_count(quiet, check):
    assert only(check(quiet.cell("data", 5, "Penyebut", None))) == (
        "angka-kosong",
        "galat",
        "Data",
        6,
        "D",
    )


def test_zero_penyebut(quiet, check):
    problems = check(quiet.cell("data", 4, "Penyebut", 0))
    assert only(problems) == ("penyebut-nol", "galat", "Data", 5, "D")


def test_pembilang_greater_than_penyebut_is_a_warning(quiet, check):
    # 1.400 / 1.334 x 100 = 104,95 %: possible, but usually the two are swapped.
    problems = check(quiet.cell("data", 1, "Pembilang", 1400))
    # IK1 is negatif with a target of 2,3: (2 x 2,3 - 104,95) / 2,3 x 100 = -4.363,04 %,
    # which the plausibility check names too, at the target.
    assert [located(p) for p in problems] == [
        ("pembilang-lebih-besar", "peringatan", "Data", 2, "C"),
        ("capaian-tidak-wajar", "peringatan", "Indikator", 2, "I"),
    ]
    assert "(1.400) lebih besar dari penyebutnya (1.334)" in problems[0].message
    assert "menjadi -4.363,04%" in problems[1].message


def test_pembilang_greater_than_penyebut_is_fine_for_a_non_percent_unit(quiet, check):
    quiet.cell("indikator", 1, "Satuan", "rasio")
    problems = check(quiet.cell("data", 1, "Pembilang", 1400))
    # Only the unit is questioned (below), not the pembilang above its penyebut.
    assert [p.code for p in problems] == ["rasio-tanpa-pengali"]


def test_a_ratio_whose_unit_names_no_multiplier_is_an_error_at_its_satuan(quiet, check):
    """'rasio' says neither % nor per N: pembilang / penyebut x what? Refused at E2."""
    problems = check(quiet.cell("indikator", 1, "Satuan", "rasio"))
    assert only(problems) == ("rasio-tanpa-pengali", "galat", "Indikator", 2, "E")
    assert "'rasio' bukan % dan bukan 'per N'" in problems[0].message
    assert "isi kolom Pengali" in problems[0].fix


def test_a_rate_per_1000_in_its_satuan_is_accepted(quiet, check):
    problems = check(quiet.cell("indikator", 1, "Satuan", "per 1.000 KH"))
    # The unit is accepted (no rasio-tanpa-pengali). IK1's targets (2,3 ...) were set for a
    # percentage, so its realisasi, ten times as large per 1.000, is named as implausible.
    assert {p.code for p in problems} == {"capaian-tidak-wajar"}


@pytest.mark.parametrize(
    ("typed", "read"),
    [("persen", "%"), ("Persen (%)", "%"), ("Persentase", "%"), (" (%) ", "%"), ("unit", "unit")],
)
def test_percent_written_as_a_word_is_a_percentage(quiet, make_input, typed, read):
    # With Agregasi blank, a % indicator's TOTAL is its last quarter, never a sum of
    # percentages (IK1 'persen' summed 2,70 + 2,39 + 2,39 + 2,39 = 9,87).
    from lkt_excel.core.model import Aggregation

    quiet.cell("indikator", 1, "Satuan", typed).cell("indikator", 1, "Agregasi", None)
    report, problems = api.load(make_input(quiet))
    # IK1 is a ratio: a unit naming no multiplier is refused (rasio-tanpa-pengali).
    assert [p.code for p in problems] == ([] if read == "%" else ["rasio-tanpa-pengali"])
    if report is None:
        return
    indicator = report.indicators[0]
    assert indicator.satuan == read
    # A ratio's TOTAL is its last quarter whatever its unit: rates are never summed.
    assert indicator.aggregation is Aggregation.AKHIR


def test_missing_penyebut_column_is_reported_once(quiet, check):
    for row in quiet.data:
        del row[3]  # D, Penyebut
    problems = check(quiet)
    assert only(problems) == ("kolom-wajib-hilang", "galat", "Data", 1, None)
    assert problems[0].header == "Penyebut"


def test_penyebut_for_a_non_ratio_indicator_is_ignored_with_a_warning(quiet, check):
    quiet.cell("indikator", 1, "Uraian Penyebut", None)
    quiet.cell("indikator", 1, "Satuan", "koperasi")
    problems = check(quiet)
    # Realisasi is now the pembilang itself, 36 koperasi on a target of 2,3: the capaian of
    # this negatif indicator, (2 x 2,3 - 36) / 2,3 x 100 = -1.365,22 %, is named as well.
    assert [located(p) for p in problems if p.code == "penyebut-diabaikan"] == [
        ("penyebut-diabaikan", "peringatan", "Data", row, "D") for row in (2, 3, 4, 5)
    ]
    assert {p.code for p in problems} == {"penyebut-diabaikan", "capaian-tidak-wajar"}


# --- Many defects at once, every location checked (frictionless style) -----------------------


def test_every_problem_of_a_badly_broken_file(quiet, check):
    quiet.set("Tahun", "2O21")  # letter O: Laporan!B4
    quiet.set("Pembulatan", "ke atas")  # Laporan!B7
    quiet.indikator[0].append("Paraf")  # Indikator!T1, an extra column
    quiet.cell("indikator", 2, "Polaritas", "tinggi")  # Indikator!F3
    quiet.cell("data", 1, "Pembilang", "36 orang")  # Data!C2
    quiet.cell("data", 2, "Triwulan", "2")  # Data!B3: fine, 2 is TW II
    quiet.cell("data", 3, "Penyebut", 0)  # Data!D4
    quiet.cell("data", 4, "Kode", "IK3")  # Data!A5: IK1 TW IV then missing
    quiet.cell("data", 6, "Pembilang", "1.33")  # Data!C7: ambiguous text
    quiet.data.append(["IK2", "IV", 3498, 429569, None])  # Data!B10: IK2 TW IV again
    problems = check(quiet)
    assert [(p.code, p.cell) for p in problems] == [
        ("tahun-salah", "Laporan!B4"),
        ("pilihan-salah", "Laporan!B7"),
        ("kolom-tidak-dikenal", "Indikator!T1"),
        ("pilihan-salah", "Indikator!F3"),
        ("bukan-angka", "Data!C2"),
        ("penyebut-nol", "Data!D4"),
        ("kode-tidak-dikenal", "Data!A5"),
        ("bukan-angka", "Data!C7"),
        ("data-ganda", "Data!B10"),
    ]
    # IK1 TW IV (row 5) is not reported missing on top of its unknown Kode: IK1 has errors.
    assert all(p.message and p.fix for p in problems)
    assert "Maksudnya '133' atau '1,33'?" in problems[7].message


# --- The remaining codes ----------------------------------------------------------------------


def test_blank_indicator_name(quiet, check):
    quiet.cell("indikator", 1, "Indikator Kinerja", None)  # D2
    assert only(check(quiet)) == ("indikator-kosong", "galat", "Indikator", 2, "D")


def test_unknown_laporan_key_is_a_warning(quiet, check):
    quiet.laporan.append(["Kepala Dinas", "Budi"])  # row 8
    assert only(check(quiet)) == ("kunci-tidak-dikenal", "peringatan", "Laporan", 8, "A")


def test_excel_error_value_in_a_number_cell(quiet, check):
    problems = check(quiet.cell("data", 1, "Penyebut", "#DIV/0!"))  # D2
    assert only(problems) == ("sel-galat", "galat", "Data", 2, "D")
    assert "#DIV/0!" in problems[0].message


def test_a_problem_names_its_place_with_the_where_of_the_cell():
    where = Where("Data", 3, "C", "Pembilang")
    problem = error("kode-kosong", "m", where=where)
    assert problem == error("kode-kosong", "m", sheet="Data", row=3, column="C", header="Pembilang")
    assert (problem.sheet, problem.row, problem.column, problem.header) == tuple(astuple(where))
    assert problem.cell == where.cell == "Data!C3"
    assert (
        error("kode-kosong", "m", where=Where("Data")).cell == "Data"
        and error("kode-kosong", "m").cell == ""
    )


def test_unsaved_formula_is_one_error_naming_its_column(quiet, make_input):
    """openpyxl writes a formula without any result: the cell reads as blank.

    The clerk must see one error at Data!C3 (the formula), with its column, not a
    second one claiming that the cell is empty.
    """
    import openpyxl

    path = make_input(quiet)
    book = openpyxl.load_workbook(path)
    book["Data"]["C3"] = "=30+2"  # Pembilang of IK1, TW II
    book.save(path)
    problems = api.check(path)
    assert only(problems) == ("rumus-tanpa-hasil", "galat", "Data", 3, "C")
    assert problems[0].header == "Pembilang"


# --- Sasaran ----------------------------------------------------------------------------------


def test_blank_sasaran_on_the_first_indicator_is_a_warning(quiet, check):
    # Sasaran Strategis is the third column of model.INDIKATOR_COLUMNS: C; IK1 is row 2.
    quiet.cell("indikator", 1, "Sasaran Strategis", None)
    problems = check(quiet)
    assert only(problems) == ("sasaran-kosong", "peringatan", "Indikator", 2, "C")
    assert problems[0].message == (
        "Indikator pertama (IK1) tidak punya Sasaran Strategis; kolom SASARAN di laporan "
        "akan kosong."
    )


def test_blank_sasaran_below_a_filled_one_continues_it_quietly(quiet, check):
    quiet.cell("indikator", 2, "Sasaran Strategis", None)  # IK2, as a merged cell reads
    assert check(quiet) == []
