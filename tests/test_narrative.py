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
    # Non-ratio: the realisasi is the figure itself, 1.250 against 1.000, negatif: worse.
    # A count whose figures are whole is written without decimals (Desimal is 2 here).
    ind = Indicator(
        kode="B", nama="Jumlah Pengaduan", targets=(D(1000),) * 4, satuan="kasus",
        polaritas=Polarity.NEGATIF, observations={1: Observation(1, D(1250))},
    )  # fmt: skip
    assert one(ind) == (
        "Indikator Jumlah Pengaduan di Kota Batu Triwulan I Tahun 2024 dengan target 1.000 "
        "kasus realisasi sebesar 1.250 kasus maka mengalami penurunan 250 kasus."
    )
