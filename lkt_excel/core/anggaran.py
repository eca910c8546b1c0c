"""Budget realisation (sheet ``Anggaran``): serapan, capaian kinerja and the efficiency index.

Pure functions over the model and :mod:`lkt_excel.core.capaian`'s results, in
exact decimal arithmetic:

* realisasi kumulatif of quarter q = the sum of the realisasi of TW I to q;
* serapan kumulatif (%) = realisasi kumulatif / pagu x 100, rounded to ``Desimal``
  places by ``Pembulatan`` (the division at :data:`~lkt_excel.core.compute.PRECISION`
  digits, as capaian's);
* the indicators a line supports: those it names by Kode, and every indicator of
  the sasaran it names;
* capaian kinerja of a line = the mean of those indicators' TOTAL capaian (as sheet
  Capaian shows them, leaving out one that could not be reckoned), by
  :func:`~lkt_excel.core.capaian.average_capaian`; None when none has one;
* indeks efisiensi = capaian kinerja (%, as shown) / serapan kumulatif of the reported
  quarter (%, from the running total and the pagu *before* its rounding: a serapan of
  0,32% shown as 0 with ``Desimal`` 0 must not make the index infinite, nor 1,99%
  shown as 1 under ``potong`` double it), rounded to 2 places by ``Pembulatan`` after a
  first rounding to 6 places (the guard of sheet Capaian's means, which the sheet's
  formula repeats so that binary floating point cannot tip a boundary): 1 or more is *Efisien*
  (the performance reached at least as far as the money spent), below 1 *Kurang
  efisien*. Not reckoned, with a note, when nothing is spent yet or there is no capaian
  kinerja. Before TW IV both figures are year-to-date against the whole year's
  target and pagu.

The TOTAL sums the pagu and each quarter's realisasi of every line; its serapan
is that of the sums. It has no capaian kinerja and no index: lines may support
the same indicators, and a mean over lines would count an indicator as often as
it is linked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from lkt_excel.core import catalogue as codes
from lkt_excel.core.capaian import GUARD_PLACES, CapaianResult, average_capaian
from lkt_excel.core.compute import HUNDRED, PRECISION
from lkt_excel.core.model import ROMAN, Budget, Indicator, Rounding, Settings, normalize
from lkt_excel.core.numbers import format_id, round_to
from lkt_excel.core.problems import Problem, warning

INDEX_PLACES = 2  # decimal places of the indeks efisiensi
EFISIEN = "Efisien"
KURANG_EFISIEN = "Kurang efisien"
NO_SERAPAN = "Tidak dihitung: belum ada realisasi"
NO_CAPAIAN = "Tidak dihitung: tanpa capaian kinerja"
ABOVE_PAGU = "; serapan melebihi pagu"  # added to KETERANGAN when the serapan passes 100%


@dataclass(frozen=True)
class BudgetQuarter:
    """One quarter reported: its realisasi, the running total, and serapan kumulatif (%)."""

    quarter: int
    realisasi: Decimal
    kumulatif: Decimal
    serapan: Decimal  # rounded to Desimal places


@dataclass(frozen=True)
class BudgetLine:
    """A budget line worked out: its quarters, linked indicators, capaian and index."""

    budget: Budget | None  # None: the TOTAL over every line
    pagu: Decimal
    quarters: tuple[BudgetQuarter, ...]  # the quarters reported, in order
    indicators: tuple[Indicator, ...] = ()
    capaian: Decimal | None = None  # capaian kinerja (%), rounded to Desimal places
    efisiensi: Decimal | None = None  # rounded to INDEX_PLACES
    # Efisien, Kurang efisien, or why the index is not reckoned; ABOVE_PAGU past 100%
    keterangan: str = ""


@dataclass(frozen=True)
class AnggaranResult:
    lines: tuple[BudgetLine, ...]
    total: BudgetLine
    notes: tuple[Problem, ...]  # the indexes that could not be reckoned


def serapan(kumulatif: Decimal, pagu: Decimal, settings: Settings) -> Decimal:
    """Realisasi kumulatif / pagu x 100, rounded to ``Desimal`` places by ``Pembulatan``."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        exact = kumulatif * HUNDRED / pagu
    return round_to(exact, settings.desimal, settings.pembulatan)


def efisiensi(
    capaian: Decimal, kumulatif: Decimal, pagu: Decimal, settings: Settings
) -> Decimal | None:
    """Capaian kinerja / (kumulatif / pagu x 100), rounded to 2 places by ``Pembulatan``
    after the guard rounding to 6; None when nothing is spent (or the pagu is 0)."""
    if not kumulatif or not pagu:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        exact = capaian * pagu / (kumulatif * HUNDRED)
    guarded = round_to(exact, INDEX_PLACES + GUARD_PLACES, Rounding.NORMAL)
    return round_to(guarded, INDEX_PLACES, settings.pembulatan)


def budget_quarters(
    pagu: Decimal, realisasi: list[Decimal], settings: Settings
) -> tuple[BudgetQuarter, ...]:
    """The quarters reported from TW I: realisasi, running total, serapan kumulatif."""
    quarters, running = [], Decimal(0)
    for quarter, value in enumerate(realisasi, start=1):
        running += value
        quarters.append(BudgetQuarter(quarter, value, running, serapan(running, pagu, settings)))
    return tuple(quarters)


def _reported(budget: Budget, settings: Settings) -> list[Decimal]:
    """The realisasi of the quarters reported (validated: none is blank)."""
    return [budget.realisasi[q - 1] or Decimal(0) for q in settings.quarters]


def linked_indicators(budget: Budget, indicators: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
    """The indicators a line supports, in the report's order: by Kode and by sasaran."""
    kodes = set(budget.kodes)
    sasaran = normalize(budget.sasaran) if budget.sasaran.strip() else None
    return tuple(
        ind
        for ind in indicators
        if ind.kode in kodes or (sasaran is not None and normalize(ind.sasaran) == sasaran)
    )


def total_capaian(table: CapaianResult) -> dict[str, Decimal]:
    """Each indicator's TOTAL capaian as sheet Capaian shows it (those that have one)."""
    found = {}
    for item in table.indicators:
        for row in item.rows:
            if row.quarter is None and row.capaian is not None:
                found[item.indicator.kode] = row.capaian
    return found


def budget_line(
    budget: Budget,
    indicators: tuple[Indicator, ...],
    capaian_of: dict[str, Decimal],
    settings: Settings,
) -> BudgetLine:
    quarters = budget_quarters(budget.pagu, _reported(budget, settings), settings)
    linked = linked_indicators(budget, indicators)
    values = [capaian_of[ind.kode] for ind in linked if ind.kode in capaian_of]
    mean = average_capaian(values, settings.desimal, settings.pembulatan)
    spent = quarters[-1].kumulatif if quarters else Decimal(0)
    index = None if mean is None else efisiensi(mean, spent, budget.pagu, settings)
    if index is not None:
        keterangan = EFISIEN if index >= 1 else KURANG_EFISIEN
    else:
        keterangan = NO_CAPAIAN if mean is None else NO_SERAPAN
    if spent > budget.pagu:  # exactly as the warning of validate.anggaran says it
        keterangan += ABOVE_PAGU
    return BudgetLine(budget, budget.pagu, quarters, linked, mean, index, keterangan)


def _note(line: BudgetLine, settings: Settings) -> Problem:
    budget = line.budget
    assert budget is not None
    period = f"TW {ROMAN[settings.triwulan]}"
    if line.capaian is None:
        reason = (
            "tidak ada indikator terkait yang capaian TOTAL-nya terhitung"
            if line.indicators
            else "tidak terkait dengan indikator mana pun"
        )
        fix = (
            "Isi Kode Indikator atau Sasaran baris itu di lembar Anggaran (indikator yang "
            "didukung program/kegiatan itu); bila memang tidak ada, biarkan."
        )
    else:
        reason = f"belum ada realisasi anggaran sampai dengan {period}"
        fix = "Indeks dihitung setelah ada realisasi anggaran; bila sudah ada, isi realisasinya."
    return warning(
        codes.EFISIENSI_TIDAK_TERHITUNG,
        f"Indeks efisiensi '{budget.name}' tidak dapat dihitung: {reason}. Sel indeks di "
        "lembar Anggaran laporan dibiarkan kosong.",
        fix,
        where=budget.where,
    )


def compute_anggaran(
    indicators: tuple[Indicator, ...],
    budgets: tuple[Budget, ...],
    table: CapaianResult,
    settings: Settings,
) -> AnggaranResult:
    """Every budget line worked out, the TOTAL, and a note for each index not reckoned."""
    capaian_of = total_capaian(table)
    lines = tuple(budget_line(b, indicators, capaian_of, settings) for b in budgets)
    pagu = sum((b.pagu for b in budgets), Decimal(0))
    sums = [
        sum((line.quarters[i].realisasi for line in lines), Decimal(0))
        for i in range(len(settings.quarters))
    ]
    total = BudgetLine(None, pagu, budget_quarters(pagu, sums, settings) if pagu else ())
    notes = tuple(_note(line, settings) for line in lines if line.efisiensi is None)
    return AnggaranResult(lines, total, notes)


def rupiah(value: Decimal) -> str:
    """``Rp750.000.000`` however it was typed (``750.000.000,00``); sen as typed when there
    are (never rounded away)."""
    whole = value == value.to_integral_value()
    return f"Rp{format_id(value.to_integral_value() if whole else value)}"


def budget_sentences(
    indicator: Indicator, budgets: tuple[Budget, ...], settings: Settings
) -> list[str]:
    """The sentence on the budget lines that support ``indicator`` (none: no sentence).

    ``Anggaran yang mendukung indikator ini: <program>, pagu Rp1.250.000.000, realisasi
    sampai dengan Triwulan II Rp512.340.000 (serapan 40,99%); <program>, ...``.
    """
    parts = []
    for budget in budgets:
        if not linked_indicators(budget, (indicator,)):
            continue
        quarters = budget_quarters(budget.pagu, _reported(budget, settings), settings)
        if not quarters:
            continue
        last = quarters[-1]
        period = (
            f"realisasi Tahun {settings.tahun}"
            if settings.triwulan == 4
            else f"realisasi sampai dengan Triwulan {ROMAN[settings.triwulan]}"
        )
        parts.append(
            f"{budget.name.strip()}, pagu {rupiah(budget.pagu)}, {period} "
            f"{rupiah(last.kumulatif)} (serapan {format_id(last.serapan)}%)"
        )
    if not parts:
        return []
    return ["Anggaran yang mendukung indikator ini: " + "; ".join(parts) + "."]


__all__ = [
    "AnggaranResult",
    "BudgetLine",
    "BudgetQuarter",
    "budget_line",
    "budget_quarters",
    "budget_sentences",
    "compute_anggaran",
    "efisiensi",
    "linked_indicators",
    "rupiah",
    "serapan",
    "total_capaian",
]
