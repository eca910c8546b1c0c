"""Agregasi kumulatif: each quarter is the running total up to it.

Every figure is worked out by hand in the comment above its assertion. The
target typed for a quarter is the target *up to* that quarter (README,
"Computation"); a ratio's realisasi comes from the running totals of both counts.
"""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest
from test_plausibility import located

from lkt_excel import api
from lkt_excel.core.capaian import compute_capaian
from lkt_excel.core.compute import compute
from lkt_excel.core.model import Aggregation, Indicator, Observation, Polarity, Report, Settings
from lkt_excel.core.narrative import paragraph

SETTINGS = Settings("Dinas Kesehatan", "Kabupaten Sleman", 2024, 3)


def aki(**fields) -> Indicator:
    """Angka Kematian Ibu per 100.000 KH, negatif, kumulatif, target 90 up to every quarter.

    Deaths 3, 2, 4 of live births 4.100, 3.900, 4.200.
    """
    values = {
        "kode": "K1", "nama": "Angka Kematian Ibu", "targets": (D(90), D(90), D(90), D(90)),
        "satuan": "per 100.000 KH", "polaritas": Polarity.NEGATIF,
        "uraian_pembilang": "jumlah kematian ibu", "uraian_penyebut": "jumlah kelahiran hidup",
        "agregasi": Aggregation.KUMULATIF,
        "observations": {
            1: Observation(1, D(3), D(4100)), 2: Observation(2, D(2), D(3900)),
            3: Observation(3, D(4), D(4200)),
        },
        **fields,
    }  # fmt: skip
    return Indicator(**values)


def kelas_ibu(**fields) -> Indicator:
    """A count, kumulatif: 480, 650, 590 people against 500, 1.100, 1.700 (2.300 by TW IV)."""
    values = {
        "kode": "K2", "nama": "Jumlah ibu hamil yang mendapat kelas ibu",
        "targets": (D(500), D(1100), D(1700), D(2300)), "satuan": "orang",
        "uraian_pembilang": "ibu hamil peserta kelas ibu", "agregasi": Aggregation.KUMULATIF,
        "observations": {
            1: Observation(1, D(480)), 2: Observation(2, D(650)), 3: Observation(3, D(590)),
        },
        **fields,
    }  # fmt: skip
    return Indicator(**values)


def computed(*indicators: Indicator, settings: Settings = SETTINGS):
    return compute(Report(settings, indicators))


def test_a_ratio_comes_from_the_running_totals_of_both_counts():
    result = computed(aki()).indicators[0]
    quarters = result.quarters
    # TW I 3 / 4.100 x 100.000 = 73,170.. -> 73,17; TW II (3 + 2) / (4.100 + 3.900) = 5 / 8.000
    # x 100.000 = 62,5; TW III 9 / 12.200 x 100.000 = 73,770.. -> 73,77
    assert [q.realisasi for q in quarters.values()] == [D("73.17"), D("62.50"), D("73.77")]
    assert [(q.pembilang, q.penyebut) for q in quarters.values()] == [
        (3, 4100), (5, 8000), (9, 12200),
    ]  # fmt: skip
    assert [q.running for q in quarters.values()] == [False, True, True]
    # The quarter keeps its own counts (sheet Capaian shows them).
    assert quarters[2].observation.pembilang == 2
    # TOTAL: the last running total, against the last quarter's target (the year's).
    assert (result.realisasi_total, result.target_total) == (D("73.77"), D(90))


def test_a_count_is_summed_up_to_each_quarter():
    result = computed(kelas_ibu()).indicators[0]
    # 480; 480 + 650 = 1.130; 1.130 + 590 = 1.720, each against the target typed for it.
    assert [(q.realisasi, q.target) for q in result.quarters.values()] == [
        (480, 500), (1130, 1100), (1720, 1700),
    ]  # fmt: skip
    # TOTAL 1.720 against the TW IV target 2.300 (the year's): 1.720 / 2.300 x 100 = 74,78..
    assert (result.realisasi_total, result.target_total) == (1720, 2300)
    total = compute_capaian(computed(kelas_ibu())).indicators[0].rows[-1]
    assert total.capaian == D("74.78")


def test_unmeasured_quarters_are_left_out_of_the_running_total():
    # TW II not measured ('-'): TW III adds to TW I only. 480 + 590 = 1.070.
    ind = kelas_ibu(targets=(D(500), None, D(1700), D(2300)))
    result = computed(ind).indicators[0]
    assert [(q, r.realisasi) for q, r in result.quarters.items()] == [(1, 480), (3, 1070)]


def test_the_narrative_says_sampai_dengan_and_names_the_running_totals():
    text = paragraph(computed(aki()).indicators[0], SETTINGS)
    assert text == (
        "Indikator Angka Kematian Ibu di Kabupaten Sleman Triwulan I Tahun 2024 dengan target "
        "90 per 100.000 KH realisasi sebesar 73,17 per 100.000 KH, 16,83 per 100.000 KH lebih "
        "rendah dari target, maka kinerja mengalami peningkatan yaitu jumlah kematian ibu "
        "Triwulan I tahun 2024 (3) dibagi jumlah kelahiran hidup Triwulan I tahun 2024 (4.100), "
        "sedangkan sampai dengan Triwulan II Tahun 2024 dengan target 90 per 100.000 KH "
        "realisasi sebesar 62,50 per 100.000 KH, 27,50 per 100.000 KH lebih rendah dari target, "
        "maka kinerja mengalami peningkatan yaitu jumlah kematian ibu sampai dengan Triwulan II "
        "tahun 2024 (5) dibagi jumlah kelahiran hidup sampai dengan Triwulan II tahun 2024 "
        "(8.000), sedangkan sampai dengan Triwulan III Tahun 2024 dengan target 90 per 100.000 "
        "KH realisasi sebesar 73,77 per 100.000 KH, 16,23 per 100.000 KH lebih rendah dari "
        "target, maka kinerja mengalami peningkatan yaitu jumlah kematian ibu sampai dengan "
        "Triwulan III tahun 2024 (9) dibagi jumlah kelahiran hidup sampai dengan Triwulan III "
        "tahun 2024 (12.200)."
    )


def test_last_year_a_running_count_waits_for_the_year_a_running_rate_does_not():
    # A count up to TW III is part of the year: not set against last year's whole year.
    count = paragraph(computed(kelas_ibu(realisasi_tahun_lalu=D(2100))).indicators[0], SETTINGS)
    assert "belum mencakup setahun penuh, sehingga belum dibandingkan" in count
    # A rate up to TW III is a rate: 73,77 against last year's 80,5 is 6,73 lower, which is
    # better for a negatif indicator.
    rate = paragraph(computed(aki(realisasi_tahun_lalu=D("80.5"))).indicators[0], SETTINGS)
    assert rate.endswith(
        "Dibandingkan realisasi tahun lalu sebesar 80,5 per 100.000 KH, realisasi sampai dengan "
        "Triwulan III Tahun 2024 sebesar 73,77 per 100.000 KH, 6,73 per 100.000 KH lebih "
        "rendah, maka kinerja membaik."
    )


def test_the_office_figure_is_checked_against_the_running_total():
    # The office reports 62,5 for TW II (up to TW II): it agrees. 40 for TW III does not.
    ind = aki()
    ind.observations[2] = Observation(2, D(2), D(3900), dilaporkan=D("62.5"))
    ind.observations[3] = Observation(3, D(4), D(4200), dilaporkan=D(40))
    warnings = computed(ind).warnings
    assert [w.code for w in warnings] == ["realisasi-berbeda"]
    assert "TW III dilaporkan 40, dihitung s.d. TW III: 9 / 12.200 x 100.000 = 73,77" in (
        warnings[0].message
    )


# --- The workbook --------------------------------------------------------------------------


def kumulatif_rows(rows):
    """The example at TW III with IK1 made kumulatif and a count IK3 kumulatif."""
    rows.set("Triwulan", "III")
    rows.data[1:] = [row for row in rows.data[1:] if row[1] != "IV"]  # nothing after TW III
    for row in rows.data[1:]:
        row[4] = None  # no office figures
    rows.cell("indikator", 1, "Agregasi", "kumulatif")
    values = {
        "Kode": "IK3", "No": 2, "Sasaran Strategis": "Meningkatnya Kapasitas SDM Koperasi",
        "Indikator Kinerja": "Jumlah pengurus koperasi yang dilatih", "Satuan": "orang",
        "Target TW I": 40, "Target TW II": 90, "Target TW III": 150, "Target TW IV": 200,
        "Agregasi": "kumulatif", "Uraian Pembilang": "pengurus koperasi yang dilatih",
    }  # fmt: skip
    rows.indikator.append([values.get(h) for h in rows.indikator[0]])
    for roman, count in (("I", 35), ("II", 60), ("III", 52)):
        rows.data.append(["IK3", roman, count, None, None])
    return rows


@pytest.fixture
def built(rows, make_input, tmp_path):
    source = make_input(kumulatif_rows(rows))
    result = api.build(source, tmp_path / "laporan.xlsx")
    return result, openpyxl.load_workbook(result.output)


def test_capaian_sums_the_counts_with_live_formulas(built):
    _, book = built
    sheet = book["Capaian"]
    # IK1 rows 5-8 (TW I-III, TOTAL): its own counts per row, the realisasi over their sums.
    assert [sheet[f"F{r}"].value for r in (5, 6, 7)] == [36, 32, 32]
    assert sheet["H5"].value == "=ROUND(F5*100/G5,2)"
    assert sheet["H6"].value == "=ROUND(SUM(F$5:F6)*100/SUM(G$5:G6),2)"
    assert sheet["H7"].value == "=ROUND(SUM(F$5:F7)*100/SUM(G$5:G7),2)"
    assert sheet["H8"].value == "=H7"  # TOTAL: the last running total
    assert sheet["B5"].value == "Persentase Koperasi Rehabilitasi (%, kumulatif)"
    # IK3 (rows 13-16): 35, 35 + 60 = 95, 95 + 52 = 147.
    assert sheet["H14"].value == "=ROUND(SUM(F$13:F14),2)"
    cached = openpyxl.load_workbook(built[0].output, data_only=True)["Capaian"]
    assert [cached[f"H{r}"].value for r in (13, 14, 15, 16)] == [35, 95, 147, 147]
    # IK1 TW II (36 + 32) / (1.334 + 1.338) x 100 = 6.800 / 2.672 = 2,5449.. -> 2,54
    assert cached["H6"].value == 2.54
    notes = [cached.cell(r, 2).value for r in range(1, cached.max_row + 1)]
    lead = "Indikator kumulatif: realisasi = jumlah pembilang"
    assert any(n and n.startswith(lead) for n in notes)


def test_lkt_prints_what_a_kumulatif_row_holds(built):
    _, book = built
    sheet = book["LKT"]
    # Row 8: IK1; row 10: IK3. Targets as typed; realisasi up to each quarter.
    assert [sheet.cell(10, c).value for c in range(4, 14)] == [
        40, 90, 150, 200, 200, 35, 95, 147, None, 147,
    ]  # fmt: skip
    assert sheet["N10"].value == "Angka kumulatif s.d. triwulan."


def test_the_narasi_uses_the_running_totals(built):
    _, book = built
    text = book["Narasi"]["C6"].value
    assert "sampai dengan Triwulan II Tahun 2021 dengan target 90 orang realisasi sebesar 95 " in (
        text
    )
    assert "(147)" in text


# --- Bad input -----------------------------------------------------------------------------


def test_a_percentage_without_penyebut_cannot_be_kumulatif(rows, make_input):
    # Columns: H Uraian Penyebut, N Agregasi. IK2 (row 3) loses its penyebut.
    rows.cell("indikator", 2, "Uraian Penyebut", None)
    rows.cell("indikator", 2, "Agregasi", "kumulatif")
    for row in rows.data[1:]:
        row[3:] = [None, None]
    problems = api.check(make_input(rows))
    found = [located(p) for p in problems if p.code == "kumulatif-tanpa-penyebut"]
    assert found == [("kumulatif-tanpa-penyebut", "galat", "Indikator", 3, "N")]


def test_targets_typed_per_quarter_are_named(rows, make_input):
    # IK3 typed per quarter: 40, 50, 60, 50 (so TW IV goes down) and a Target Total 200.
    kumulatif_rows(rows)
    rows.cell("indikator", 3, "Target TW II", 50)
    rows.cell("indikator", 3, "Target TW III", 60)
    rows.cell("indikator", 3, "Target TW IV", 50)
    rows.cell("indikator", 3, "Target Total", 200)
    problems = api.check(make_input(rows))
    assert [located(p) for p in problems] == [
        ("target-kumulatif-turun", "peringatan", "Indikator", 4, "L"),
        ("target-total-kumulatif", "peringatan", "Indikator", 4, "M"),
    ]
    # The fix gives the whole running series of the targets typed: 40, 90, 150, 200.
    assert "TW I 40, TW II 90, TW III 150, TW IV 200" in problems[0].fix


def test_a_stock_penyebut_is_named_at_agregasi(rows, make_input):
    # IK2's penyebut (UMKM) the same every quarter: 427.706 each; kumulatif sums it.
    kumulatif_rows(rows)
    rows.cell("indikator", 1, "Agregasi", None)
    rows.cell("indikator", 2, "Agregasi", "kumulatif")
    for row in rows.data[1:]:
        if row[0] == "IK2":
            row[3] = 427706
    problems = api.check(make_input(rows))
    assert [located(p) for p in problems] == [
        ("penyebut-tetap-kumulatif", "peringatan", "Indikator", 3, "N")
    ]
    # Up to TW III: (754 + 1.377 + 2.312) / (3 x 427.706) x 100 = 4.443 / 1.283.118 x 100
    # = 0,3462.. -> 0,35
    assert "4.443 / 1.283.118 x 100 = 0,35" in problems[0].message


def test_the_narrative_in_full_with_every_field_of_the_evaluation():
    # Kumulatif figures as above; last year 80,5 against 73,77 up to TW III: 6,73 lower, better
    # for a negatif indicator; the budget line up to TW III: 100.000.000 + 150.000.000 +
    # 125.000.000 = 375.000.000 of 500.000.000, 375 / 500 x 100 = 75,00%.
    from lkt_excel.core.model import Budget

    ind = aki(
        realisasi_tahun_lalu=D("80.5"), target_renstra=D(70),
        analisis="Hal ini karena persalinan di fasilitas kesehatan meningkat.",
        faktor_pendorong="Kelas ibu hamil aktif", faktor_penghambat="Rujukan terlambat",
        tindak_lanjut="Pendampingan ibu hamil risiko tinggi",
    )  # fmt: skip
    budget = Budget(
        "Program Kesehatan Ibu", D(500_000_000),
        (D(100_000_000), D(150_000_000), D(125_000_000), None), kodes=("K1",),
    )  # fmt: skip
    text = paragraph(computed(ind).indicators[0], SETTINGS, (budget,))
    quarters = paragraph(computed(aki()).indicators[0], SETTINGS)  # the clauses, tested above
    assert text == quarters + (
        " Dibandingkan realisasi tahun lalu sebesar 80,5 per 100.000 KH, realisasi sampai dengan "
        "Triwulan III Tahun 2024 sebesar 73,77 per 100.000 KH, 6,73 per 100.000 KH lebih "
        "rendah, maka kinerja membaik. Target akhir Renstra sebesar 70 per 100.000 KH."
        " Anggaran yang mendukung indikator ini: Program Kesehatan Ibu, pagu Rp500.000.000, "
        "realisasi sampai dengan Triwulan III Rp375.000.000 (serapan 75,00%)."
        " Hal ini karena persalinan di fasilitas kesehatan meningkat."
        " Faktor pendorong keberhasilan: Kelas ibu hamil aktif."
        " Faktor penghambat: Rujukan terlambat."
        " Tindak lanjut pada triwulan berikutnya: Pendampingan ibu hamil risiko tinggi."
    )
