"""Checks of Agregasi kumulatif: targets and counts that a running total would misread.

Under kumulatif the target typed for a quarter is the target *up to* that
quarter (README, "Computation"), and each quarter's counts are added to the
earlier ones. Three inputs read correctly but say something else, and each is
named at its cell:

* a count whose cumulative target goes down (TW II 20, TW III 15): the targets
  were typed per quarter, not up to the quarter; a Target Total other than the
  last quarter's target says the same;
* a ratio whose penyebut is the same every quarter (1.338 koperasi): a stock,
  not new cases, so summing it halves the rate by TW II;
* a percentage without a penyebut: percentages cannot be added up (an error).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lkt_excel.core import catalogue as codes
from lkt_excel.core.compute import compute_indicator
from lkt_excel.core.model import ROMAN, Indicator, Report
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import Problem, error, warning
from lkt_excel.validate.cells import Context
from lkt_excel.validate.indikator import IndicatorRow
from lkt_excel.validate.plausibility import place


def _is_rate(ind: Indicator) -> bool:
    return ind.is_ratio or ind.satuan.strip() == "%"


def check_cumulative_rows(rows: list[IndicatorRow], ctx: Context) -> None:
    """The targets and the kind of each kumulatif indicator on sheet Indikator."""
    for item in rows:
        if item.indicator.cumulative:
            for problem in _targets(item):
                ctx.add(problem)


def _targets(item: IndicatorRow) -> Iterator[Problem]:
    ind = item.indicator
    if ind.satuan.strip() == "%" and not ind.is_ratio:
        yield error(
            codes.KUMULATIF_TANPA_PENYEBUT,
            f"Agregasi indikator {ind.kode} adalah kumulatif, padahal indikatornya persen tanpa "
            "Uraian Penyebut: persentase tiap triwulan tidak dapat dijumlahkan (80% + 85% "
            "bukan persentase sampai dengan triwulan II).",
            "Isi Uraian Penyebut di lembar Indikator serta Pembilang dan Penyebut di lembar "
            "Data, agar persentase dihitung dari jumlah keduanya; atau isi Agregasi akhir.",
            where=place(item, "Agregasi"),
        )
        return
    measured = [(q, t) for q, t in enumerate(ind.targets, start=1) if t is not None]
    if not _is_rate(ind):
        for (before, earlier), (q, target) in zip(measured, measured[1:], strict=False):
            if target < earlier:
                yield warning(
                    codes.TARGET_KUMULATIF_TURUN,
                    f"Target TW {ROMAN[q]} indikator {ind.kode} ({format_id(target)}) lebih "
                    f"kecil dari target TW {ROMAN[before]} ({format_id(earlier)}); target "
                    "indikator kumulatif adalah jumlah sampai dengan triwulan itu, jadi tidak "
                    "pernah turun.",
                    "Bila target diisi per triwulan, isi jumlahnya sampai dengan triwulan itu: "
                    f"{_running(measured)}. Bila memang benar, biarkan.",
                    where=place(item, f"Target TW {ROMAN[q]}"),
                )
                break
    last_q, last = measured[-1]
    if ind.target_total is not None and ind.target_total != last:
        yield warning(
            codes.TARGET_TOTAL_KUMULATIF,
            f"Target Total indikator {ind.kode} ({format_id(ind.target_total)}) berbeda dari "
            f"target TW {ROMAN[last_q]} ({format_id(last)}); pada indikator kumulatif, target "
            "triwulan terakhir sudah target setahun.",
            "Bila target tiap triwulan diisi per triwulan, isi jumlahnya sampai dengan "
            "triwulan itu, sehingga target TW IV sama dengan target setahun. Bila Target Total "
            "memang berbeda, biarkan.",
            where=place(item, "Target Total"),
        )


def _running(measured: list[tuple[int, Decimal]]) -> str:
    """The targets as running totals, each named: ``TW I 20, TW II 50, TW III 80``."""
    total, parts = Decimal(0), []
    for quarter, target in measured:
        total += target
        parts.append(f"TW {ROMAN[quarter]} {format_id(total)}")
    return ", ".join(parts)


def check_cumulative_counts(report: Report, rows: list[IndicatorRow], ctx: Context) -> None:
    """A kumulatif ratio whose penyebut is the same in every quarter reported (two or more)."""
    by_code = {item.indicator.kode: item for item in rows}
    for ind in report.indicators:
        item = by_code.get(ind.kode)
        if item is None or not (ind.cumulative and ind.is_ratio):
            continue
        result = compute_indicator(ind, report)
        own = {r.observation.penyebut for r in result.quarters.values()}
        last = list(result.quarters.values())[-1] if result.quarters else None
        if len(result.quarters) < 2 or len(own) != 1 or last is None or last.penyebut is None:
            continue
        stock = own.pop() or 0
        times = format_id(ind.multiplier.normalize())
        ctx.add(
            warning(
                codes.PENYEBUT_TETAP_KUMULATIF,
                f"Penyebut indikator kumulatif {ind.kode} sama di setiap triwulan "
                f"({format_id(stock)}), tampaknya jumlah tetap (mis. jumlah koperasi), "
                "bukan jumlah baru tiap triwulan. Kumulatif menjumlahkan penyebut juga: "
                f"realisasi sampai dengan TW {ROMAN[last.quarter]} = "
                f"{format_id(last.pembilang)} / {format_id(last.penyebut)} x {times} = "
                f"{format_id(last.realisasi)}.",
                "Bila yang dimaksud jumlah pembilang sampai dengan triwulan itu dibagi jumlah "
                "tetap itu, isi Agregasi akhir dan isi Pembilang di lembar Data sebagai jumlah "
                "sampai dengan triwulan itu. Bila penyebut memang jumlah baru tiap triwulan, "
                "biarkan.",
                where=place(item, "Agregasi"),
            )
        )
