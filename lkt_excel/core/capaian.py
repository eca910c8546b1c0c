"""Capaian (achievement, %) and its kategori, from the figures shown in the table.

Pure functions over :mod:`lkt_excel.core.compute`'s results. Capaian is reckoned
from the realisasi as rounded and printed, so a reader can redo it with a
calculator, and is itself rounded to ``Desimal`` places by ``Pembulatan``:

* positif: realisasi / target x 100
* negatif, rule ``selisih`` (default): (2 x target - realisasi) / target x 100
* negatif, rule ``kebalikan``: target / realisasi x 100

A zero divisor gives no capaian (None) and a note, never an error value.
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
class CapaianResult:
    indicators: tuple[IndicatorCapaian, ...]
    notes: tuple[Problem, ...]  # capaian that could not be reckoned


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
    return CapaianResult(indicators, notes)


__all__ = [
    "CapaianResult",
    "CapaianRow",
    "IndicatorCapaian",
    "band_ranges",
    "capaian",
    "compute_capaian",
    "exact_capaian",
    "kategori",
]
