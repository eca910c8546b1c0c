"""Capaian (achievement, %) and its kategori, from the figures shown in the table.

Pure functions over :mod:`lkt_excel.core.compute`'s results. Capaian is reckoned
from the realisasi as rounded and printed, so a reader can redo it with a
calculator, and is itself rounded to ``Desimal`` places by ``Pembulatan``:

* positif: realisasi / target x 100
* negatif, rule ``selisih`` (default): (2 x target - realisasi) / target x 100
* negatif, rule ``kebalikan``: target / realisasi x 100

A zero divisor gives no capaian (None) and a note, never an error value.

The rata-rata capaian kinerja of a period (a quarter, or TOTAL) is the mean of
the capaian shown for that period, over the indicators that have one (an
indicator whose capaian could not be reckoned is left out of that period's
mean), rounded to ``Desimal`` places by ``Pembulatan``; its predikat is the
kategori of that mean. See :func:`average_capaian`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from lkt_excel.core import catalogue as codes
from lkt_excel.core.compute import HUNDRED, PRECISION, IndicatorResult, ReportResult
from lkt_excel.core.model import ROMAN, Band, Indicator, NegativeRule, Polarity, Rounding, Settings
from lkt_excel.core.numbers import format_id, round_to
from lkt_excel.core.problems import Problem, warning

TOTAL_LABEL = "TOTAL"


def exact_capaian(
    target: Decimal, realisasi: Decimal, polarity: Polarity, rule: NegativeRule
) -> Decimal | None:
    """Capaian before rounding; None where the rule divides by zero."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if polarity is Polarity.POSITIF:
            return realisasi * HUNDRED / target if target else None
        if rule is NegativeRule.KEBALIKAN:
            return target * HUNDRED / realisasi if realisasi else None
        return (2 * target - realisasi) * HUNDRED / target if target else None


def capaian(
    target: Decimal,
    realisasi: Decimal,
    polarity: Polarity,
    rule: NegativeRule,
    places: int,
    rounding: Rounding,
) -> Decimal | None:
    """Capaian rounded to ``places`` by ``rounding``; None where it cannot be reckoned."""
    exact = exact_capaian(target, realisasi, polarity, rule)
    return None if exact is None else round_to(exact, places, rounding)


def kategori(value: Decimal, bands: tuple[Band, ...]) -> Band:
    """The band ``value`` falls in: the first (highest first) whose lower bound it reaches.

    The lowest band takes everything below the others, a negative capaian too.
    """
    for band in bands:
        if band.lower is None or value >= band.lower:
            return band
    return bands[-1]


def band_ranges(bands: tuple[Band, ...]) -> list[tuple[Band, str]]:
    """Each band with its range written for people: ``>= 91``, ``76 s.d. < 91``, ``< 51``."""
    ranges = []
    for index, band in enumerate(bands):
        upper = bands[index - 1].lower if index else None
        if band.lower is None or index == len(bands) - 1:
            text = f"< {format_id(upper)}" if upper is not None else "semua nilai"
        elif upper is None:
            text = f">= {format_id(band.lower)}"
        else:
            text = f"{format_id(band.lower)} s.d. < {format_id(upper)}"
        ranges.append((band, text))
    return ranges


@dataclass(frozen=True)
class CapaianRow:
    """One row of sheet ``Capaian``: a quarter, or the total (``quarter`` None)."""

    quarter: int | None
    target: Decimal
    pembilang: Decimal | None
    penyebut: Decimal | None
    realisasi: Decimal
    selisih: Decimal
    capaian: Decimal | None
    band: Band | None

    @property
    def label(self) -> str:
        return f"TW {ROMAN[self.quarter]}" if self.quarter else TOTAL_LABEL


@dataclass(frozen=True)
class IndicatorCapaian:
    result: IndicatorResult
    rows: tuple[CapaianRow, ...]  # the quarters reported, then the total

    @property
    def indicator(self) -> Indicator:
        return self.result.indicator


@dataclass(frozen=True)
class PeriodAverage:
    """Rata-rata capaian kinerja and predikat kinerja of one period (``quarter`` None: TOTAL).

    ``count``: the indicators with a capaian in that period; ``average`` and
    ``predikat`` are None when there is none.
    """

    quarter: int | None
    count: int
    average: Decimal | None
    predikat: Band | None

    @property
    def label(self) -> str:
        return f"TW {ROMAN[self.quarter]}" if self.quarter else TOTAL_LABEL


@dataclass(frozen=True)
class CapaianResult:
    indicators: tuple[IndicatorCapaian, ...]
    notes: tuple[Problem, ...]  # capaian that could not be reckoned
    averages: tuple[PeriodAverage, ...] = ()  # the quarters reported, then TOTAL


GUARD_PLACES = 4  # extra places of the first rounding of a mean (see ``average_capaian``)


def average_capaian(values: list[Decimal], places: int, rounding: Rounding) -> Decimal | None:
    """The mean of ``values`` as sheet Capaian reckons it; None for no values.

    The sheet writes ``ROUND(ROUND(AVERAGEIF(...), places + 4), places)`` (or
    ROUNDDOWN outside): the inner ROUND removes the binary error a spreadsheet's
    sum of thousands of values carries, which could otherwise tip a mean that is
    exactly on a rounding boundary the wrong way. The inner rounding never
    changes the result while fewer than 20.000 values are averaged: the exact
    mean is then either on a boundary or at least 10^-places / count away from
    it. This function does the same, exactly.
    """
    if not values:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        mean = sum(values, Decimal(0)) / len(values)
    return round_to(round_to(mean, places + GUARD_PLACES, Rounding.NORMAL), places, rounding)


def period_averages(
    indicators: tuple[IndicatorCapaian, ...], settings: Settings
) -> tuple[PeriodAverage, ...]:
    """Rata-rata capaian kinerja and predikat of each quarter reported, then of TOTAL."""
    averages = []
    for quarter in (*settings.quarters, None):
        values = [
            row.capaian
            for item in indicators
            for row in item.rows
            if row.quarter == quarter and row.capaian is not None
        ]
        mean = average_capaian(values, settings.desimal, settings.pembulatan)
        band = None if mean is None else kategori(mean, settings.bands)
        averages.append(PeriodAverage(quarter, len(values), mean, band))
    return tuple(averages)


def _row(
    quarter: int | None,
    target: Decimal,
    realisasi: Decimal,
    counts: tuple[Decimal | None, Decimal | None],
    indicator: Indicator,
    settings: Settings,
) -> CapaianRow:
    places, rounding = settings.desimal, settings.pembulatan
    value = capaian(
        target, realisasi, indicator.polaritas, settings.rumus_negatif, places, rounding
    )
    return CapaianRow(
        quarter=quarter,
        target=target,
        pembilang=counts[0],
        penyebut=counts[1],
        realisasi=realisasi,
        selisih=round_to(realisasi - target, places, rounding),
        capaian=value,
        band=None if value is None else kategori(value, settings.bands),
    )


def _note(indicator: Indicator, row: CapaianRow, settings: Settings) -> Problem:
    divides_by_realisasi = (
        indicator.polaritas is Polarity.NEGATIF and settings.rumus_negatif is NegativeRule.KEBALIKAN
    )
    period = row.label if row.quarter else "total"
    if divides_by_realisasi:
        reason = "realisasinya 0, sedangkan rumus kebalikan membagi target dengan realisasi"
        fix = (
            "Capaian dibiarkan kosong. Periksa data indikator itu, atau pakai Rumus Negatif "
            "= selisih di lembar Laporan."
        )
        where: dict[str, object] = {"sheet": "Data", "header": "Pembilang"}
    else:
        reason = "targetnya 0, sedangkan rumus capaian membagi dengan target"
        fix = (
            "Capaian dibiarkan kosong. Periksa target indikator itu di lembar Indikator; "
            "bila memang 0, biarkan."
        )
        header = f"Target TW {ROMAN[row.quarter]}" if row.quarter else "Target Total"
        where = {"sheet": "Indikator", "header": header}
    return warning(
        codes.CAPAIAN_TIDAK_TERHITUNG,
        f"Capaian indikator {indicator.kode} ({indicator.nama}) {period} tidak dapat "
        f"dihitung: {reason}.",
        fix,
        **where,
    )


def compute_indicator_capaian(result: IndicatorResult, settings: Settings) -> IndicatorCapaian:
    ind = result.indicator
    rows = [
        _row(
            q,
            r.target,
            r.realisasi,
            (r.observation.pembilang, r.observation.penyebut if ind.is_ratio else None),
            ind,
            settings,
        )
        for q, r in result.quarters.items()
    ]
    if result.realisasi_total is not None:
        rows.append(
            _row(None, result.target_total, result.realisasi_total, (None, None), ind, settings)
        )
    return IndicatorCapaian(result, tuple(rows))


def compute_capaian(result: ReportResult) -> CapaianResult:
    settings = result.report.settings
    indicators = tuple(compute_indicator_capaian(r, settings) for r in result.indicators)
    notes = tuple(
        _note(item.indicator, row, settings)
        for item in indicators
        for row in item.rows
        if row.capaian is None
    )
    return CapaianResult(indicators, notes, period_averages(indicators, settings))


__all__ = [
    "CapaianResult",
    "CapaianRow",
    "IndicatorCapaian",
    "PeriodAverage",
    "average_capaian",
    "band_ranges",
    "capaian",
    "compute_capaian",
    "exact_capaian",
    "kategori",
    "period_averages",
]
