"""The arithmetic, on the pure core: rounding edges, direction, totals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from lkt_excel.core.compute import Direction, aggregate, compute, direction, exact_realisasi
from lkt_excel.core.model import (
    Aggregation,
    Indicator,
    Observation,
    Polarity,
    Report,
    Rounding,
    Settings,
)
from lkt_excel.core.numbers import format_id, from_float, parse_id, round_to


def indicator(counts, *, ratio=True, targets=("1", "1", "1", "1"), **kw) -> Indicator:
    observations = {
        q: Observation(q, D(p), D(d) if d is not None else None)
        for q, (p, d) in enumerate(counts, start=1)
    }
    return Indicator(
        kode=kw.pop("kode", "K1"),
        nama=kw.pop("nama", "Indikator"),
        targets=tuple(D(t) for t in targets),
        uraian_pembilang="jumlah a",
        uraian_penyebut="jumlah b" if ratio else "",
        observations=observations,
        **kw,
    )


def settings(triwulan=4, desimal=2, pembulatan=Rounding.NORMAL) -> Settings:
    return Settings("Dinas", "Kabupaten", 2021, triwulan, desimal=desimal, pembulatan=pembulatan)


@pytest.mark.parametrize(
    ("pembilang", "penyebut", "places", "normal", "potong"),
    [
        (1, 800, 2, "0.13", "0.12"),  # 1/800 x 100 = 0,125 exactly: the tie goes up
        (201, 20000, 2, "1.01", "1.00"),  # 1,005 exactly; binary float gives round(1.005, 2) = 1.0
        (469, 20000, 2, "2.35", "2.34"),  # 2,345 exactly
        (1, 200, 0, "1", "0"),  # 0,5 with no decimals
        (1, 1600, 3, "0.063", "0.062"),  # 0,0625 with three decimals
        (2, 3, 2, "66.67", "66.66"),  # 66,666...
        (36, 1334, 2, "2.70", "2.69"),  # the reference's first figure
    ],
)
def test_rounding_edges(pembilang, penyebut, places, normal, potong):
    ind = indicator([(pembilang, penyebut)])
    exact = exact_realisasi(ind, ind.observations[1])
    assert round_to(exact, places, Rounding.NORMAL) == D(normal)
    assert round_to(exact, places, Rounding.POTONG) == D(potong)
    assert str(round_to(exact, places, Rounding.NORMAL)) == normal  # the places are kept


def test_round_half_away_from_zero_for_negative_differences():
    assert round_to(D("-2.345"), 2, Rounding.NORMAL) == D("-2.35")  # Excel ROUND(-2.345; 2)
    assert round_to(D("-2.349"), 2, Rounding.POTONG) == D("-2.34")  # ROUNDDOWN toward zero


@pytest.mark.parametrize(
    ("difference", "polarity", "expected"),
    [
        (D("0.4"), Polarity.POSITIF, Direction.PENINGKATAN),
        (D("-0.4"), Polarity.POSITIF, Direction.PENURUNAN),
        (D("0.4"), Polarity.NEGATIF, Direction.PENURUNAN),  # above target is worse
        (D("-0.4"), Polarity.NEGATIF, Direction.PENINGKATAN),
        (D("0"), Polarity.NEGATIF, Direction.SESUAI),
    ],
)
def test_direction(difference, polarity, expected):
    assert direction(difference, polarity) is expected


def test_jumlah_total_is_the_sum_of_the_shown_quarters():
    # Non-ratio counts 10, 12, 7 over three quarters: total 29; target total 5+5+5+5 = 20.
    ind = indicator(
        [(10, None), (12, None), (7, None)],
        ratio=False,
        satuan="unit",
        targets=("5", "5", "5", "5"),
    )
    result = compute(Report(settings(triwulan=3), (ind,))).indicators[0]
    assert ind.aggregation is Aggregation.JUMLAH  # the default for a unit other than %
    assert result.realisasi_total == D("29.00")
    assert result.target_total == D("20")


def test_rata_rata_total_is_the_mean_of_the_shown_quarters_rounded():
    # 1/3, 1/3, 2/3 as percentages: 33,33 33,33 66,67; mean 133,33/3 = 44,4433.. -> 44,44.
    ind = indicator(
        [(1, 3), (1, 3), (2, 3)], agregasi=Aggregation.RATA_RATA, targets=("10", "20", "30", "45")
    )
    result = compute(Report(settings(triwulan=3), (ind,))).indicators[0]
    assert [r.realisasi for r in result.quarters.values()] == [D("33.33"), D("33.33"), D("66.67")]
    assert result.realisasi_total == D("44.44")
    assert result.target_total == D("26.25")  # (10+20+30+45)/4, exact


def test_akhir_target_total_is_tw_iv_and_given_total_wins():
    ind = indicator([(1, 2)], targets=("2.3", "1.9", "1.4", "1"))
    assert compute(Report(settings(triwulan=1), (ind,))).indicators[0].target_total == D("1")
    given = indicator([(1, 2)], target_total=D("7"))
    assert compute(Report(settings(triwulan=1), (given,))).indicators[0].target_total == D("7")


def test_aggregate_refuses_nothing():
    with pytest.raises(ValueError):
        aggregate([], Aggregation.JUMLAH, 2, Rounding.NORMAL)


def test_partial_year_has_only_the_reported_quarters():
    ind = indicator([(1, 4), (1, 2)])
    result = compute(Report(settings(triwulan=2), (ind,))).indicators[0]
    assert list(result.quarters) == [1, 2]
    assert result.realisasi_total == D("50.00")  # akhir: TW II's 1/2 x 100


def test_selisih_is_rounded_realisasi_minus_target():
    # 36/1.334 -> 2,70 (rounded first); 2,70 - 2,3 = 0,40, not 2,6986 - 2,3 = 0,3986 -> 0,40.
    # 32/1.339 -> 2,39; target 1,4: 0,99.
    ind = indicator(
        [(36, 1334), (32, 1339)], targets=("2.3", "1.4", "1", "1"), polaritas=Polarity.NEGATIF
    )
    result = compute(Report(settings(triwulan=2), (ind,))).indicators[0]
    assert [r.selisih for r in result.quarters.values()] == [D("0.40"), D("0.99")]
    assert {r.direction for r in result.quarters.values()} == {Direction.PENURUNAN}


def test_cross_check_uses_the_figure_rounded_to_the_report_places():
    # The office typed the full-precision value: 36/1.334 x 100 = 2,69865.. rounds to 2,70.
    obs = Observation(1, D(36), D(1334), dilaporkan=D("2.6986"))
    ind = indicator([(36, 1334)])
    ind = Indicator(**{**ind.__dict__, "observations": {1: obs}})
    assert compute(Report(settings(triwulan=1), (ind,))).warnings == ()


def test_cross_check_spots_a_reported_fraction_of_a_percentage():
    # The office typed the fraction 0,0269 (or 2,69% into a percent cell of an .xls). Computed:
    # 36 / 1.334 x 100 = 2,6986.. -> 2,70; 0,0269 x 100 = 2,69 is that figure truncated.
    obs = Observation(1, D(36), D(1334), dilaporkan=D("0.0269"))
    ind = indicator([(36, 1334)])
    ind = Indicator(**{**ind.__dict__, "observations": {1: obs}})
    (found,) = compute(Report(settings(triwulan=1), (ind,))).warnings
    assert found.message == (
        "Indikator K1 (Indikator) TW I dilaporkan 0,0269, dihitung 36 / 1.334 x 100 = 2,70. "
        "Angka itu tampaknya pecahan, bukan persen (0,0269 = 2,69%); "
        "isi 2,69 di sel berformat Number."
    )
    # A unit other than %: no such guess (0,0269 x 100 is then no percentage).
    other = Indicator(**{**ind.__dict__, "satuan": "indeks"})
    (plain,) = compute(Report(settings(triwulan=1), (other,))).warnings
    assert "persen" not in plain.message


@pytest.mark.parametrize(
    ("value", "text", "places"),
    [
        (D("1334"), "1.334", None),
        (D("427706"), "427.706", None),
        (D("2.3"), "2,3", None),
        (D("2.70"), "2,70", 2),
        (D("-0.4"), "-0,40", 2),
        (D("1"), "1", None),
        (D("1234567.5"), "1.234.567,50", 2),
    ],
)
def test_indonesian_number_text(value, text, places):
    assert format_id(value, places) == text


def test_format_refuses_to_round_silently():
    with pytest.raises(ValueError):
        format_id(D("2.345"), 2)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.334", "1334"),
        ("2,39", "2.39"),
        ("1.334,5", "1334.5"),
        (" 2,39 % ", "2.39"),
        ("1\u00a0334", "1334"),
        ("36", "36"),
    ],
)
def test_parse_indonesian_text(text, value):
    assert parse_id(text) == D(value)


def test_numeric_cells_are_read_as_typed():
    assert from_float(2.2999999999999998) == D("2.3")  # how Excel may store a typed 2,3
    assert from_float(1.0) == D("1")
    assert from_float(0.1 + 0.2) == D("0.3")  # 15 significant digits, like Excel shows
