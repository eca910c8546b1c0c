"""The narrative's wording, on the pure core."""

from __future__ import annotations

from decimal import Decimal as D

from lkt_excel.core.compute import compute
from lkt_excel.core.model import Indicator, Observation, Polarity, Report, Settings
from lkt_excel.core.narrative import paragraph, with_unit


def one(indicator: Indicator, triwulan: int = 1) -> str:
    settings = Settings("Dinas X", "Kota Batu", 2024, triwulan)
    result = compute(Report(settings, (indicator,)))
    return paragraph(result.indicators[0], settings)


def test_units():
    assert with_unit("2,3", "%") == "2,3%"
    assert with_unit("12", "unit") == "12 unit"
    assert with_unit("12", "") == "12"


def test_met_target_says_sesuai_and_analysis_closes_the_paragraph():
    # 1/4 x 100 = 25,00 against a target of 25: exactly on target.
    ind = Indicator(
        kode="A", nama="Persentase A", targets=(D(25), D(30), D(35), D(40)),
        uraian_pembilang="jumlah a", uraian_penyebut="jumlah b",
        analisis="Hal ini karena kerja keras.",
        observations={1: Observation(1, D(1), D(4))},
    )  # fmt: skip
    assert one(ind) == (
        "Indikator Persentase A di Kota Batu Triwulan I Tahun 2024 dengan target 25% "
        "realisasi sebesar 25,00% maka sesuai dengan target yaitu jumlah a Triwulan I tahun "
        "2024 (1) dibagi jumlah b Triwulan I tahun 2024 (4). Hal ini karena kerja keras."
    )


def test_non_ratio_without_uraian_has_no_counts_clause():
    # Non-ratio: the realisasi is the figure itself, 1.250 against 1.000, negatif: 250 higher
    # than the target, so the performance fell.
    # A count whose figures are whole is written without decimals (Desimal is 2 here).
    ind = Indicator(
        kode="B", nama="Jumlah Pengaduan", targets=(D(1000),) * 4, satuan="kasus",
        polaritas=Polarity.NEGATIF, observations={1: Observation(1, D(1250))},
    )  # fmt: skip
    assert one(ind) == (
        "Indikator Jumlah Pengaduan di Kota Batu Triwulan I Tahun 2024 dengan target 1.000 "
        "kasus realisasi sebesar 1.250 kasus, 250 kasus lebih tinggi dari target, maka kinerja "
        "mengalami penurunan."
    )


def test_negatif_below_target_reads_lower_figure_better_performance():
    # The example: a maternal death rate of 83,30 against a target of 90 is 6,70
    # lower than the target, and for a lower-is-better indicator that is a rise in performance.
    ind = Indicator(
        kode="AKI", nama="Angka Kematian Ibu", targets=(D(90),) * 4, satuan="per 100.000 KH",
        polaritas=Polarity.NEGATIF, observations={1: Observation(1, D("83.30"))},
    )  # fmt: skip
    assert one(ind) == (
        "Indikator Angka Kematian Ibu di Kota Batu Triwulan I Tahun 2024 dengan target 90 "
        "per 100.000 KH realisasi sebesar 83,30 per 100.000 KH, 6,70 per 100.000 KH lebih "
        "rendah dari target, maka kinerja mengalami peningkatan."
    )


def test_negatif_on_target_says_sesuai_like_positif():
    ind = Indicator(
        kode="AKI", nama="Angka Kematian Ibu", targets=(D(90),) * 4, satuan="kasus",
        polaritas=Polarity.NEGATIF, observations={1: Observation(1, D(90))},
    )  # fmt: skip
    assert one(ind) == (
        "Indikator Angka Kematian Ibu di Kota Batu Triwulan I Tahun 2024 dengan target 90 "
        "kasus realisasi sebesar 90 kasus maka sesuai dengan target."
    )
