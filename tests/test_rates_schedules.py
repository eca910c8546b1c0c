"""Rates per 1.000 / 100.000 and indicators not measured every quarter, through `build`.

Every figure is worked out here by hand from the counts (Fraction), never read
back from the program.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import openpyxl
import pytest
from conftest import Rows

from lkt_excel import api

HEADERS = (
    "Kode", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Polaritas", "Uraian Pembilang",
    "Uraian Penyebut", "Target TW I", "Target TW II", "Target TW III", "Target TW IV",
    "Agregasi",
)  # fmt: skip
SASARAN = "Meningkatnya Derajat Kesehatan Masyarakat"


def rounded(value: Fraction, places: int = 2) -> float:
    """ROUND(value, places) as Excel does it, for the oracle."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def dinkes(indikator: list[list], data: list[list], triwulan: str = "IV") -> Rows:
    laporan = [
        ("Instansi", "Dinas Kesehatan"),
        ("Wilayah", "Kabupaten Malang"),
        ("Tahun", 2024),
        ("Triwulan", triwulan),
    ]
    return Rows(
        laporan,
        [list(HEADERS), *indikator],
        [["Kode", "Triwulan", "Pembilang", "Penyebut"], *data],
    )


def build(rows: Rows, make_input, tmp_path):
    done = api.build(make_input(rows), tmp_path / "laporan.xlsx")
    return done, openpyxl.load_workbook(done.output)


AKI = ["AKI", SASARAN, "Angka Kematian Ibu", "per 100.000 KH", "negatif", "jumlah kematian ibu",
       "jumlah kelahiran hidup", 100, 100, 100, 100, None]  # fmt: skip
AKB = ["AKB", SASARAN, "Angka Kematian Bayi", "per 1.000 KH", "negatif", "jumlah kematian bayi",
       "jumlah kelahiran hidup", 10, 10, 10, 10, None]  # fmt: skip


def test_rates_per_100000_and_per_1000(make_input, tmp_path):
    counts = {1: (2, 2401, 12, 2401), 2: (1, 2390, 9, 2390), 3: (0, 2410, 14, 2410),
              4: (3, 2388, 11, 2388)}  # fmt: skip
    data = []
    for q, (ibu, kh, bayi, kh2) in counts.items():
        roman = ["I", "II", "III", "IV"][q - 1]
        data += [["AKI", roman, ibu, kh], ["AKB", roman, bayi, kh2]]
    done, book = build(dinkes([AKI, AKB], data), make_input, tmp_path)
    lkt = book["LKT"]
    # AKI TW I: 2 / 2.401 x 100.000 = 83,2986... -> 83,30 (the figure; x 100 gave 0,08).
    aki = [rounded(Fraction(c[0], c[1]) * 100000) for c in counts.values()]
    akb = [rounded(Fraction(c[2], c[3]) * 1000) for c in counts.values()]
    assert aki[0] == 83.30
    assert [lkt.cell(8, c).value for c in range(9, 13)] == aki
    assert [lkt.cell(9, c).value for c in range(9, 13)] == akb  # 12/2401*1000 = 4,998 -> 5,00
    assert akb[0] == 5.00
    assert lkt.cell(8, 13).value == aki[3]  # TOTAL of a rate: its last quarter
    assert lkt["C8"].value == "Angka Kematian Ibu (per 100.000 KH)"
    text = book["Narasi"]["C4"].value
    assert text.startswith(
        "Indikator Angka Kematian Ibu di Kabupaten Malang Triwulan I Tahun 2024 dengan target "
        "100 per 100.000 KH realisasi sebesar 83,30 per 100.000 KH, 16,70 per 100.000 KH lebih "
        "rendah dari target, maka kinerja mengalami peningkatan yaitu jumlah kematian ibu "
        "Triwulan I tahun 2024 (2) dibagi "
        "jumlah kelahiran hidup Triwulan I tahun 2024 (2.401)"
    )
    # The Capaian sheet's own formula multiplies by 100.000 too.
    capaian = openpyxl.load_workbook(done.output)["Capaian"]
    formulas = [c.value for row in capaian.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("*100000/" in f for f in formulas if f.startswith("=ROUND("))
    assert any("*1000/" in f for f in formulas if f.startswith("=ROUND("))
    assert not [n for n in done.notes if n.level == "galat"]


def test_a_pengali_column_names_the_multiplier(make_input, tmp_path):
    rows = dinkes(
        [
            [
                "RS",
                SASARAN,
                "Rasio Dokter per Puskesmas",
                "rasio",
                "positif",
                "jumlah dokter",
                "jumlah puskesmas",
                2,
                2,
                2,
                2,
                None,
            ]
        ],  # fmt: skip
        [["RS", q, 7, 4] for q in ("I", "II", "III", "IV")],
    )
    rows.indikator[0].append("Pengali")
    rows.indikator[1].append(1)
    _, book = build(rows, make_input, tmp_path)
    assert book["LKT"].cell(8, 9).value == rounded(Fraction(7, 4))  # 1,75


def test_a_ratio_without_multiplier_stops_check(make_input):
    rows = dinkes(
        [
            [
                "RS",
                SASARAN,
                "Rasio Dokter",
                "rasio",
                "positif",
                "dokter",
                "puskesmas",
                2,
                2,
                2,
                2,
                None,
            ]
        ],  # fmt: skip
        [["RS", q, 7, 4] for q in ("I", "II", "III", "IV")],
    )
    problems = api.check(make_input(rows))
    assert [(p.code, p.level, p.sheet, p.row, p.column) for p in problems] == [
        ("rasio-tanpa-pengali", "galat", "Indikator", 2, "D")
    ]


SEMESTER = ["SM", SASARAN, "Persentase Balita Ditimbang", "%", "positif", "balita ditimbang",
            "jumlah balita", "-", 80, None, 85, None]  # fmt: skip
TAHUNAN = ["TH", SASARAN, "Jumlah Puskesmas Terakreditasi", "unit", "positif", None, None,
           "-", "-", "-", 20, "jumlah"]  # fmt: skip
TRIWULANAN = ["TW", SASARAN, "Jumlah Kunjungan", "kunjungan", "positif", None, None,
              100, 100, 100, 100, "jumlah"]  # fmt: skip


def _schedule_data(up_to: int) -> list[list]:
    quarters = ["I", "II", "III", "IV"][:up_to]
    data = [["TW", q, 90 + i, None] for i, q in enumerate(quarters)]
    if up_to >= 2:
        data.append(["SM", "II", 410, 500])
    if up_to >= 4:
        data += [["SM", "IV", 430, 500], ["TH", "IV", 18, None]]
    return data


def test_semester_and_annual_indicators_at_tw_iv(make_input, tmp_path):
    rows = dinkes([SEMESTER, TAHUNAN, TRIWULANAN], _schedule_data(4))
    done, book = build(rows, make_input, tmp_path)
    lkt = book["LKT"]
    # Semester: targets "-" 80 "-" 85; realisasi - 82,00 - 86,00; TOTAL (akhir) 86 over 85.
    assert [lkt.cell(8, c).value for c in range(4, 9)] == ["-", 80, "-", 85, 85]
    sm = [rounded(Fraction(410, 500) * 100), rounded(Fraction(430, 500) * 100)]
    assert [lkt.cell(8, c).value for c in range(9, 14)] == ["-", sm[0], "-", sm[1], sm[1]]
    # Annual, a count summed (jumlah) over its one measured quarter: 20 and 18.
    assert [lkt.cell(9, c).value for c in range(4, 9)] == ["-", "-", "-", 20, 20]
    assert [lkt.cell(9, c).value for c in range(9, 14)] == ["-", "-", "-", 18, 18]
    # Every quarter measured: summed 90+91+92+93 = 366 over 400.
    assert lkt.cell(10, 13).value == 366 and lkt.cell(10, 8).value == 400
    narasi = book["Narasi"]
    semester = narasi["C4"].value
    assert "Triwulan I " not in semester and "Triwulan III" not in semester
    assert "target 0" not in semester and "dengan target -" not in semester
    assert semester.count(", sedangkan ") == 1  # TW II, then TW IV
    annual = narasi["C5"].value
    assert annual == (
        "Indikator Jumlah Puskesmas Terakreditasi di Kabupaten Malang Triwulan IV Tahun 2024 "
        "dengan target 20 unit realisasi sebesar 18 unit maka mengalami penurunan 2 unit."
    )
    # Capaian rows only for measured quarters: the semester one has TW II, TW IV, TOTAL.
    labels = [c.value for c in book["Capaian"]["D"] if c.value in ("TW I", "TW II", "TW III",
                                                                   "TW IV", "TOTAL")]  # fmt: skip
    assert labels[:3] == ["TW II", "TW IV", "TOTAL"]
    assert not [n for n in done.notes if n.code == "data-triwulan-hilang"]


@pytest.mark.parametrize("triwulan", ["I", "III"])
def test_a_quarter_not_measured_is_said_so(make_input, tmp_path, triwulan):
    up_to = ["I", "II", "III", "IV"].index(triwulan) + 1
    rows = dinkes([SEMESTER, TAHUNAN, TRIWULANAN], _schedule_data(up_to), triwulan)
    done, book = build(rows, make_input, tmp_path)
    narasi = book["Narasi"]
    annual = narasi["C5"].value
    assert annual == (
        "Indikator Jumlah Puskesmas Terakreditasi di Kabupaten Malang tidak diukur pada "
        f"triwulan ini (Triwulan {triwulan} Tahun 2024)."
    )
    semester = narasi["C4"].value
    if triwulan == "I":
        assert semester == annual.replace("Jumlah Puskesmas Terakreditasi", "Persentase Balita "
                                          "Ditimbang")  # fmt: skip
        assert book["LKT"].cell(8, 13).value is None  # no TOTAL yet: nothing measured
    else:
        assert semester.endswith(
            "Indikator ini tidak diukur pada triwulan ini (Triwulan III Tahun 2024)."
        )
        assert book["LKT"].cell(8, 13).value == rounded(Fraction(410, 500) * 100)
    assert not [n for n in done.notes if n.level == "galat"]


def test_data_for_a_quarter_not_measured_is_named(make_input):
    data = _schedule_data(4) + [["TH", "II", 5, None]]
    problems = api.check(make_input(dinkes([SEMESTER, TAHUNAN, TRIWULANAN], data)))
    assert [(p.code, p.sheet, p.row, p.column) for p in problems] == [
        ("data-tidak-diukur", "Data", len(data) + 1, "B")
    ]


def test_semester_and_annual_indicators_in_the_wide_layout(make_input, tmp_path):
    rows = dinkes([SEMESTER, TAHUNAN, TRIWULANAN], _schedule_data(4))
    wide = rows.copy()
    header = ["Kode"] + [f"{n} TW {q}" for q in ("I", "II", "III", "IV") for n in
                         ("Pembilang", "Penyebut")]  # fmt: skip
    by_code: dict[str, list] = {}
    for kode, quarter, pembilang, penyebut in rows.data[1:]:
        row = by_code.setdefault(kode, [kode] + [None] * 8)
        at = 1 + 2 * ["I", "II", "III", "IV"].index(quarter)
        row[at : at + 2] = [pembilang, penyebut]
    wide.data = [header, *by_code.values()]
    long_done = api.build(make_input(rows), tmp_path / "panjang.xlsx")
    wide_done = api.build(make_input(wide), tmp_path / "lebar.xlsx")
    assert long_done.notes == wide_done.notes == ()
    for name in ("LKT", "Narasi", "Capaian"):
        long_sheet = openpyxl.load_workbook(long_done.output)[name]
        wide_sheet = openpyxl.load_workbook(wide_done.output)[name]
        assert [[c.value for c in r] for r in long_sheet.iter_rows()] == [
            [c.value for c in r] for r in wide_sheet.iter_rows()
        ]
