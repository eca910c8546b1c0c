"""The report's arithmetic: realisasi, selisih, totals and the cross-check.

Pure functions over the model. Every figure is a Decimal; division is carried
out at 60 significant digits and rounded once, to ``Desimal`` places by
``Pembulatan``. A quotient of counts is either a terminating decimal (exact in
60 digits) or never exactly a tie, so the rounding is the exact one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import Enum

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import (
    ROMAN,
    Aggregation,
    Indicator,
    Observation,
    Polarity,
    Report,
    Rounding,
)
from lkt_excel.core.numbers import format_id, round_to
from lkt_excel.core.problems import Problem, warning

HUNDRED = Decimal(100)
PRECISION = 60  # significant digits of every division (capaian's too), before its one rounding


class Direction(str, Enum):
    PENINGKATAN = "peningkatan"  # better than the target
    PENURUNAN = "penurunan"  # worse than the target
    SESUAI = "sesuai dengan target"


@dataclass(frozen=True)
class QuarterResult:
    quarter: int
    target: Decimal
    observation: Observation  # the quarter's own counts (a row of sheet Data)
    exact: Decimal  # realisasi before rounding
    realisasi: Decimal  # rounded to Desimal places: the figure in the table
    selisih: Decimal  # realisasi - target, rounded to Desimal places
    direction: Direction
    # The counts the realisasi comes from: the quarter's own, or for Agregasi kumulatif
    # their running totals from the first measured quarter up to this one.
    pembilang: Decimal = Decimal(0)
    penyebut: Decimal | None = None
    running: bool = False  # the counts are totals over this and earlier quarters


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    quarters: dict[int, QuarterResult]  # the quarters reported and measured, in order
    target_total: Decimal
    realisasi_total: Decimal | None  # None when no quarter is reported

    def places(self, desimal: int) -> int:
        """Decimal places its realisasi and selisih are shown with: ``Desimal``, but none
        for a count (no penyebut) whose every such figure is whole, so a clerk reads
        ``1.100 kunjungan``, not ``1.100,00 kunjungan``. Only the display changes: a whole
        number rounded to any places is itself."""
        if self.indicator.is_ratio or not desimal:
            return desimal
        figures = [f for r in self.quarters.values() for f in (r.realisasi, r.selisih)]
        if self.realisasi_total is not None:
            figures.append(self.realisasi_total)
        return 0 if all(f == f.to_integral_value() for f in figures) else desimal


@dataclass(frozen=True)
class ReportResult:
    report: Report
    indicators: tuple[IndicatorResult, ...]
    warnings: tuple[Problem, ...]  # the cross-check's findings


def exact_realisasi(
    indicator: Indicator,
    observation: Observation,
    counts: tuple[Decimal, Decimal | None] | None = None,
) -> Decimal:
    """Pembilang / Penyebut x multiplier (100 for %) for a ratio, else Pembilang; unrounded.

    ``counts``: the (pembilang, penyebut) to use instead of the observation's own
    (the running totals of Agregasi kumulatif).
    """
    pembilang, penyebut = counts or (observation.pembilang, observation.penyebut)
    if not indicator.is_ratio:
        return pembilang
    if not penyebut:
        raise ValueError(f"{indicator.kode} TW {ROMAN[observation.quarter]}: penyebut kosong/nol")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return pembilang * indicator.multiplier / penyebut


def direction(difference: Decimal, polarity: Polarity) -> Direction:
    """Better than target is peningkatan: higher for positif, lower for negatif."""
    if difference == 0:
        return Direction.SESUAI
    better = difference > 0 if polarity is Polarity.POSITIF else difference < 0
    return Direction.PENINGKATAN if better else Direction.PENURUNAN


def aggregate(values: list[Decimal], how: Aggregation, places: int, rounding: Rounding) -> Decimal:
    """Combine quarter figures: the last, the sum, or the mean.

    A sum of figures is as exact as they are; a mean is rounded to ``places``
    only when the division does not terminate within them (the mean of four
    targets is always exact).
    """
    if not values:
        raise ValueError("nothing to aggregate")
    if how in (Aggregation.AKHIR, Aggregation.KUMULATIF):  # a running total's last: the year's
        return values[-1]
    total = sum(values, Decimal(0))
    if how is Aggregation.JUMLAH:
        return total
    with localcontext() as ctx:
        ctx.prec = PRECISION
        mean = total / len(values)
    rounded = round_to(mean, places, rounding)
    return mean if rounded == mean else rounded


def compute_indicator(indicator: Indicator, report: Report) -> IndicatorResult:
    settings = report.settings
    places, rounding = settings.desimal, settings.pembulatan
    quarters: dict[int, QuarterResult] = {}
    running = (Decimal(0), Decimal(0))
    for q in settings.quarters:
        target = indicator.targets[q - 1]
        if target is None:  # not measured this quarter: no figure, no capaian
            continue
        observation = indicator.observations[q]
        counts: tuple[Decimal, Decimal | None] = (observation.pembilang, observation.penyebut)
        if indicator.cumulative:
            running = (running[0] + observation.pembilang, running[1] + (observation.penyebut or 0))
            counts = running
        after_first = indicator.cumulative and bool(quarters)
        if not indicator.is_ratio:
            counts = (counts[0], None)
        exact = exact_realisasi(indicator, observation, counts)
        realisasi = round_to(exact, places, rounding)
        difference = realisasi - target
        quarters[q] = QuarterResult(
            quarter=q,
            target=target,
            observation=observation,
            exact=exact,
            realisasi=realisasi,
            selisih=round_to(difference, places, rounding),
            direction=direction(difference, indicator.polaritas),
            pembilang=counts[0],
            penyebut=counts[1],
            running=after_first,
        )
    how = indicator.aggregation
    target_total = indicator.target_total
    if target_total is None:
        measured = [t for t in indicator.targets if t is not None]
        target_total = aggregate(measured, how, places, rounding)
    # The total is built from the figures as shown in the table, so a reader
    # can check it with a calculator: the sum of the printed quarters, or
    # their mean rounded like every other figure.
    shown = [r.realisasi for r in quarters.values()]
    realisasi_total = (
        round_to(aggregate(shown, how, places, rounding), places, rounding) if shown else None
    )
    return IndicatorResult(indicator, quarters, target_total, realisasi_total)


def compute(report: Report) -> ReportResult:
    results = tuple(compute_indicator(ind, report) for ind in report.indicators)
    warnings = tuple(w for r in results for w in cross_check(r, report))
    return ReportResult(report, results, warnings)


def arithmetic_text(indicator: Indicator, result: QuarterResult, places: int) -> str:
    """How the figure was reached, Indonesian style: ``32 / 1.338 x 100 = 2,39``.

    For the running totals of Agregasi kumulatif: ``(32 + 36) / (1.338 + 1.338) x 100``
    would be long; the totals are named instead: ``s.d. TW II: 68 / 2.676 x 100 = 2,54``.
    """
    shown = format_id(result.realisasi, places)
    lead = f"s.d. TW {ROMAN[result.quarter]}: " if result.running else ""
    if indicator.is_ratio and result.penyebut is not None:
        times = format_id(indicator.multiplier.normalize())
        counts = f"{format_id(result.pembilang)} / {format_id(result.penyebut)}"
        return f"{lead}{counts} x {times} = {shown}"
    if result.pembilang != result.realisasi:
        return f"{lead}{format_id(result.pembilang)} = {shown}"
    return f"{lead}{shown}"


def cross_check(result: IndicatorResult, report: Report) -> list[Problem]:
    """Warnings where the office's own figure differs from the computed one."""
    settings = report.settings
    places, rounding = settings.desimal, settings.pembulatan
    other = Rounding.POTONG if rounding is Rounding.NORMAL else Rounding.NORMAL
    other_word = {Rounding.POTONG: "dipotong", Rounding.NORMAL: "dibulatkan"}
    found: list[Problem] = []
    ind = result.indicator
    for q, r in result.quarters.items():
        reported = r.observation.dilaporkan
        if reported is None or round_to(reported, places, rounding) == r.realisasi:
            continue
        message = (
            f"Indikator {ind.kode} ({ind.nama}) TW {ROMAN[q]} dilaporkan "
            f"{format_id(reported)}, dihitung {arithmetic_text(ind, r, places)}."
        )
        as_percent = reported * 100
        if round_to(r.exact, places, other) == reported:
            message += (
                f" Angka yang dilaporkan tampaknya {other_word[other]}, "
                f"bukan {other_word[rounding]}."
            )
        elif ind.satuan == "%" and round_to(as_percent, places, rounding) in (
            r.realisasi,
            round_to(r.exact, places, other),
        ):
            # A fraction for a percentage: 0,0269 typed for 2,69%, or 2,69% in a percent cell
            # of an .xls (the reader scales percent cells of .xlsx and .ods already).
            message += (
                f" Angka itu tampaknya pecahan, bukan persen ({format_id(reported)} = "
                f"{format_id(as_percent.normalize())}%); isi "
                f"{format_id(as_percent.normalize())} di sel berformat Number."
            )
        where = r.observation.where
        found.append(
            warning(
                codes.REALISASI_BERBEDA,
                message,
                "Laporan memakai angka yang dihitung; periksa dan perbaiki angka yang dilaporkan.",
                sheet=where.sheet if where else None,
                row=where.row if where else None,
                column=where.column if where else None,
                header=where.header if where else None,
            )
        )
    return found


__all__ = [
    "HUNDRED",
    "PRECISION",
    "Direction",
    "IndicatorResult",
    "QuarterResult",
    "ReportResult",
    "aggregate",
    "compute",
    "compute_indicator",
    "cross_check",
    "direction",
    "exact_realisasi",
]
