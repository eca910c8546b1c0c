"""Capaian and kategori: the pure arithmetic, worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from lkt_excel.api import build
from lkt_excel.core.capaian import band_ranges, capaian, compute_capaian, kategori
from lkt_excel.core.model import DEFAULT_BANDS, NegativeRule, Polarity, Rounding

POS, NEG = Polarity.POSITIF, Polarity.NEGATIF
SELISIH, KEBALIKAN = NegativeRule.SELISIH, NegativeRule.KEBALIKAN
NORMAL, POTONG = Rounding.NORMAL, Rounding.POTONG


@pytest.mark.parametrize(
    ("target", "realisasi", "polarity", "rule", "rounding", "expected"),
    [
        # positif: 2.39 / 2.5 x 100 = 95.6
        (D("2.5"), D("2.39"), POS, SELISIH, NORMAL, D("95.60")),
        # positif: 0.81 / 0.05 x 100 = 1620
        (D("0.05"), D("0.81"), POS, SELISIH, NORMAL, D("1620.00")),
        # positif: 2 / 3 x 100 = 66.666.. -> 66.67 (normal), 66.66 (potong)
        (D(3), D(2), POS, SELISIH, NORMAL, D("66.67")),
        (D(3), D(2), POS, SELISIH, POTONG, D("66.66")),
        # negatif, selisih: (2 x 2.3 - 2.70) / 2.3 x 100 = 1.90 / 2.3 x 100 = 82.6086.. -> 82.61
        (D("2.3"), D("2.70"), NEG, SELISIH, NORMAL, D("82.61")),
        (D("2.3"), D("2.70"), NEG, SELISIH, POTONG, D("82.60")),
        # negatif, selisih: (2 x 1 - 2.39) / 1 x 100 = -39: negative, shown as it is
        (D(1), D("2.39"), NEG, SELISIH, NORMAL, D("-39.00")),
        # negatif, kebalikan: 2.3 / 2.70 x 100 = 85.185.. -> 85.19
        (D("2.3"), D("2.70"), NEG, KEBALIKAN, NORMAL, D("85.19")),
        # negatif, kebalikan: 1 / 2.39 x 100 = 41.8410.. -> 41.84
        (D(1), D("2.39"), NEG, KEBALIKAN, NORMAL, D("41.84")),
        # the rule for negatif never touches positif: 2.70 / 2.3 x 100 = 117.391.. -> 117.39
        (D("2.3"), D("2.70"), POS, KEBALIKAN, NORMAL, D("117.39")),
        # zero target where the rule divides by it: no capaian
        (D(0), D(5), POS, SELISIH, NORMAL, None),
        (D(0), D(5), NEG, SELISIH, NORMAL, None),
        # kebalikan divides by realisasi: zero realisasi gives none, zero target gives 0
        (D(2), D(0), NEG, KEBALIKAN, NORMAL, None),
        (D(0), D(5), NEG, KEBALIKAN, NORMAL, D("0.00")),
        # zero realisasi with a target: 0 / 2 x 100 = 0 (positif); (4 - 0) / 2 x 100 = 200
        (D(2), D(0), POS, SELISIH, NORMAL, D("0.00")),
        (D(2), D(0), NEG, SELISIH, NORMAL, D("200.00")),
    ],
)
def test_capaian(target, realisasi, polarity, rule, rounding, expected):
    assert capaian(target, realisasi, polarity, rule, 2, rounding) == expected


def test_capaian_rounds_to_desimal_places():
    # 2 / 3 x 100 = 66.6666..: 0 places -> 67, 3 places -> 66.667
    assert capaian(D(3), D(2), POS, SELISIH, 0, NORMAL) == D(67)
    assert capaian(D(3), D(2), POS, SELISIH, 3, NORMAL) == D("66.667")


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("1620", "Sangat Tinggi"),
        ("91", "Sangat Tinggi"),
        ("90.99", "Tinggi"),
        ("76", "Tinggi"),
        ("75.99", "Sedang"),
        ("66", "Sedang"),
        ("65.99", "Rendah"),
        ("51", "Rendah"),
        ("50.99", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
        ("-39", "Sangat Rendah"),  # a negative capaian falls in the lowest band
    ],
)
def test_kategori_band_edges(value, band):
    assert kategori(D(value), DEFAULT_BANDS).name == band


def test_default_band_colours_and_ranges():
    assert [(b.name, text, b.color) for b, text in band_ranges(DEFAULT_BANDS)] == [
        ("Sangat Tinggi", ">= 91", "#00B050"),
        ("Tinggi", "76 s.d. < 91", "#92D050"),
        ("Sedang", "66 s.d. < 76", "#FFFF00"),
        ("Rendah", "51 s.d. < 66", "#FFC000"),
        ("Sangat Rendah", "< 51", "#FF0000"),
    ]


def _table(path):
    done = build(path)
    return done, {
        (item.indicator.kode, row.label): row
        for item in compute_capaian(done.result).indicators
        for row in item.rows
    }


def test_example_capaian_from_the_rounded_realisasi(rows, make_input):
    _, table = _table(make_input(rows))
    # IK1 (negatif) TW I: 36 / 1.334 x 100 = 2.6986.. -> 2,70;
    # (2 x 2,3 - 2,70) / 2,3 x 100 = 82.608.. -> 82,61, Tinggi (76 <= 82,61 < 91)
    row = table[("IK1", "TW I")]
    assert (row.realisasi, row.selisih, row.capaian, row.band.name) == (
        D("2.70"),
        D("0.40"),
        D("82.61"),
        "Tinggi",
    )
    # IK1 TW II: 32 / 1.338 x 100 = 2.3916.. -> 2,39; (3,8 - 2,39) / 1,9 x 100 = 74.2105.. -> 74,21
    assert (table[("IK1", "TW II")].capaian, table[("IK1", "TW II")].band.name) == (
        D("74.21"),
        "Sedang",
    )
    # IK1 TOTAL (akhir): realisasi 2,39 against target 1: (2 - 2,39) / 1 x 100 = -39
    total = table[("IK1", "TOTAL")]
    assert (total.target, total.realisasi, total.capaian, total.band.name) == (
        D(1),
        D("2.39"),
        D("-39.00"),
        "Sangat Rendah",
    )
    # IK2 (positif) TW IV: 3.498 / 429.569 x 100 = 0.8143.. -> 0,81; 0,81 / 0,05 x 100 = 1620
    row = table[("IK2", "TW IV")]
    assert (row.pembilang, row.penyebut, row.capaian, row.band.name) == (
        D(3498),
        D(429569),
        D("1620.00"),
        "Sangat Tinggi",
    )


def test_kebalikan_and_potong(rows, make_input):
    rows.set("Rumus Negatif", "kebalikan").set("Pembulatan", "potong")
    _, table = _table(make_input(rows))
    # IK1 TW I: 36 / 1.334 x 100 = 2.6986.. cut to 2,69; 2,3 / 2,69 x 100 = 85.501.. -> 85,50
    row = table[("IK1", "TW I")]
    assert (row.realisasi, row.capaian, row.band.name) == (D("2.69"), D("85.50"), "Tinggi")


def test_zero_target_and_zero_realisasi_give_empty_capaian_and_a_note(rows, make_input):
    rows.set("Rumus Negatif", "kebalikan")
    rows.cell("indikator", 2, "Target TW II", 0)  # IK2 positif: divides by the target
    rows.cell("data", 1, "Pembilang", 0)  # IK1 TW I: realisasi 0, kebalikan divides by it
    rows.cell("data", 1, "Realisasi Dilaporkan", None)
    done, table = _table(make_input(rows))
    assert table[("IK2", "TW II")].capaian is None
    assert table[("IK2", "TW II")].band is None
    assert table[("IK1", "TW I")].capaian is None
    notes = [(n.code, n.sheet, n.header) for n in done.notes if n.code == "capaian-tidak-terhitung"]
    assert notes == [
        ("capaian-tidak-terhitung", "Data", "Pembilang"),
        ("capaian-tidak-terhitung", "Indikator", "Target TW II"),
    ]
    messages = [n.message for n in done.notes if n.code == "capaian-tidak-terhitung"]
    assert messages[0].startswith("Capaian indikator IK1 (Persentase Koperasi Rehabilitasi) TW I")


def test_check_reports_capaian_that_cannot_be_reckoned(rows, make_input):
    from lkt_excel.api import check

    rows.cell("indikator", 2, "Target TW II", 0)
    codes = [p.code for p in check(make_input(rows))]
    assert codes.count("capaian-tidak-terhitung") == 1


def _averages(path):
    done = build(path)
    return {
        period.label: (period.count, period.average, period.predikat and period.predikat.name)
        for period in compute_capaian(done.result).averages
    }


def test_rata_rata_capaian_and_predikat_of_the_example(rows, make_input):
    # Capaian by hand (test_example_capaian_from_the_rounded_realisasi and the reference):
    # IK1 82,61; 74,21; 29,29; -39,00; TOTAL -39,00. IK2 1.800; 1.600; 1.350; 1.620; TOTAL 1.620.
    # TW I: (82,61 + 1.800) / 2 = 941,305 -> 941,31 (a tie: half away from zero)
    # TW II: (74,21 + 1.600) / 2 = 837,105 -> 837,11; TW III: (29,29 + 1.350) / 2 = 689,645
    # -> 689,65; TW IV and TOTAL: (-39 + 1.620) / 2 = 790,5. All >= 91: Sangat Tinggi.
    assert _averages(make_input(rows)) == {
        "TW I": (2, D("941.31"), "Sangat Tinggi"),
        "TW II": (2, D("837.11"), "Sangat Tinggi"),
        "TW III": (2, D("689.65"), "Sangat Tinggi"),
        "TW IV": (2, D("790.50"), "Sangat Tinggi"),
        "TOTAL": (2, D("790.50"), "Sangat Tinggi"),
    }


def test_rata_rata_potong_and_mid_year(rows, make_input):
    rows.set("Pembulatan", "potong").set("Triwulan", "II")
    # potong: IK1 TW I 36 / 1.334 x 100 = 2.6986.. -> 2,69; (4,6 - 2,69) / 2,3 x 100 = 83,043..
    # -> 83,04; IK2 754 / 427.706 x 100 = 0,176.. -> 0,17; 0,17 / 0,01 x 100 = 1.700.
    # TW I: (83,04 + 1.700) / 2 = 891,52. TW II: IK1 32 / 1.338 x 100 = 2,391.. -> 2,39;
    # (3,8 - 2,39) / 1,9 x 100 = 74,210.. -> 74,21; IK2 1.377 / 428.762 x 100 = 0,321.. -> 0,32;
    # 0,32 / 0,02 x 100 = 1.600; (74,21 + 1.600) / 2 = 837,105 -> cut to 837,10.
    # TOTAL (akhir: TW II's realisasi against the year's target): IK1 (2 - 2,39) / 1 x 100 = -39;
    # IK2 0,32 / 0,05 x 100 = 640; (-39 + 640) / 2 = 300,5.
    assert _averages(make_input(rows)) == {
        "TW I": (2, D("891.52"), "Sangat Tinggi"),
        "TW II": (2, D("837.10"), "Sangat Tinggi"),
        "TOTAL": (2, D("300.50"), "Sangat Tinggi"),
    }


def test_an_indicator_without_capaian_is_left_out_of_that_quarters_average(rows, make_input):
    rows.cell("indikator", 2, "Target TW I", 0)  # IK2 TW I: no capaian
    averages = _averages(make_input(rows))
    # TW I: IK1 alone, 82,61: Tinggi (76 <= 82,61 < 91); the other quarters keep both
    assert averages["TW I"] == (1, D("82.61"), "Tinggi")
    assert averages["TW II"] == (2, D("837.11"), "Sangat Tinggi")


def test_average_of_nothing_and_the_guard_rounding():
    from lkt_excel.core.capaian import average_capaian

    assert average_capaian([], 2, NORMAL) is None
    # (0,01 + 0,02 + 0,02) / 3 = 0,01666..: 0,02 (normal), 0,01 (potong)
    assert average_capaian([D("0.01"), D("0.02"), D("0.02")], 2, NORMAL) == D("0.02")
    assert average_capaian([D("0.01"), D("0.02"), D("0.02")], 2, POTONG) == D("0.01")
    # (10 + 20 + 21) / 3 = 17 exactly: potong keeps 17,00
    assert average_capaian([D(10), D(20), D(21)], 2, POTONG) == D("17.00")
