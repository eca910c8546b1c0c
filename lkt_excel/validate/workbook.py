"""Turn the raw cells of an input workbook into a :class:`Report`, or say why not.

:func:`validate` runs the checks of each sheet in order (Laporan, Kategori,
Indikator, Data, Anggaran) and then those across sheets. Every problem is collected (not
just the first) as a located :class:`Problem` with an Indonesian message and
fix. It never raises for bad input; it returns ``(report or None, problems)``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import (
    SHEET_ANGGARAN,
    SHEET_DATA,
    SHEET_INDIKATOR,
    SHEET_KATEGORI,
    SHEET_LAPORAN,
    Indicator,
    Observation,
    Report,
    Where,
)
from lkt_excel.core.problems import Problem, error, has_errors
from lkt_excel.reading.reader import RawWorkbook
from lkt_excel.validate.anggaran import read_anggaran
from lkt_excel.validate.cells import Context
from lkt_excel.validate.data import Observations, check_quarters, read_data
from lkt_excel.validate.hidden import check_hidden
from lkt_excel.validate.indikator import IndicatorRow, ordered, read_indicators
from lkt_excel.validate.kategori import read_kategori
from lkt_excel.validate.kumulatif import check_cumulative_counts, check_cumulative_rows
from lkt_excel.validate.laporan import read_settings, reported_quarter, triwulan_cell
from lkt_excel.validate.office import office_input
from lkt_excel.validate.plausibility import check_figures, check_names
from lkt_excel.validate.tables import find_sheet, missing_sheet


def validate(book: RawWorkbook) -> tuple[Report | None, list[Problem]]:
    errors: dict[str, dict[str, str]] = {}
    for sheet_name, address, text in book.error_cells:
        errors.setdefault(sheet_name, {})[address] = text
    ctx = Context(
        percent_cells=frozenset(book.percent_cells), hidden=book.hidden, error_cells=errors
    )
    for sheet_name, address in book.unsaved_formulas:
        ctx.add(
            error(
                codes.RUMUS_TANPA_HASIL,
                f"Sel {sheet_name}!{address} berisi rumus yang hasilnya belum tersimpan "
                "(berkas dibuat program dan belum pernah dibuka di Excel).",
                "Buka berkas di Excel, simpan (Ctrl+S), lalu coba lagi.",
                where=Where(
                    sheet_name,
                    int(re.sub(r"\D", "", address) or 0) or None,
                    re.sub(r"\d", "", address),
                ),
            )
        )
    if find_sheet(book, SHEET_INDIKATOR) is None and find_sheet(book, SHEET_DATA) is None:
        office = office_input(book, ctx)  # the office's own 14-column table, if it is one
        if office is not None:
            ctx.problems = _fold_into_unsaved_formulas(ctx.problems)
            return office.report, ctx.problems
    laporan, indikator, data_sheet = (
        find_sheet(book, name) for name in (SHEET_LAPORAN, SHEET_INDIKATOR, SHEET_DATA)
    )
    for name, sheet in zip(
        (SHEET_LAPORAN, SHEET_INDIKATOR, SHEET_DATA), (laporan, indikator, data_sheet), strict=True
    ):
        if sheet is None:
            ctx.add(missing_sheet(book, name))
    settings = read_settings(laporan, ctx) if laporan else None
    kategori = find_sheet(book, SHEET_KATEGORI)
    if kategori is not None:
        bands = read_kategori(kategori, ctx)
        if settings is not None and bands:
            settings = replace(settings, bands=bands)
    # The reported quarter, also when another Laporan value is wrong, so that the
    # Data sheet is checked against it in the same run.
    triwulan = settings.triwulan if settings else reported_quarter(laporan)
    rows: list[IndicatorRow] = []
    known: set[str] | None = None
    if indikator is not None:
        rows, known = read_indicators(indikator, ctx)
        check_names(rows, ctx)
        check_cumulative_rows(rows, ctx)
    by_code = {item.indicator.kode: item.indicator for item in rows}
    data: Observations | None = None
    refused: set[str] = set()
    if data_sheet is not None:
        data, refused = read_data(data_sheet, by_code, triwulan, ctx, known)
    if triwulan is not None and data_sheet is not None and data is not None:
        tw_cell = triwulan_cell(laporan)
        tw_where = tw_cell[1] if tw_cell else None
        check_quarters(rows, data, refused, triwulan, tw_where, data_sheet.name, ctx)
    anggaran = find_sheet(book, SHEET_ANGGARAN)
    budgets = read_anggaran(anggaran, rows, known, triwulan, ctx) if anggaran else ()
    used = [s for s in (laporan, kategori, indikator, data_sheet, anggaran) if s is not None]
    check_hidden(used, book.hidden, ctx)
    ctx.problems = _fold_into_unsaved_formulas(ctx.problems)
    if has_errors(ctx.problems) or settings is None or data is None:
        return None, ctx.problems
    indicators = tuple(
        _with_observations(item.indicator, data.get(item.indicator.kode, {}))
        for item in ordered(rows)
    )
    report = Report(settings, indicators, budgets)
    check_figures(report, rows, ctx)
    check_cumulative_counts(report, rows, ctx)
    return (None if has_errors(ctx.problems) else report), ctx.problems


# Cells read as blank because of what they hold: what the blank causes there is dropped.
_BLANKING = frozenset(
    {
        codes.RUMUS_TANPA_HASIL,
        codes.SEL_GALAT,
        codes.ANGKA_TERLALU_BESAR,
        codes.TEKS_TERLALU_PANJANG,
        codes.BUKAN_ANGKA,
    }
)


def _fold_into_unsaved_formulas(problems: list[Problem]) -> list[Problem]:
    """Drop what a cell read as blank causes: one error per cell.

    A formula with no saved result, an error cell, a number or text the report
    cannot show are read as blank; "blank" problems at the same cell go. The
    formula's own error takes the column header of the dropped ones, so it
    names the column like every other cell problem.
    """
    blanked = {(p.sheet, p.row, p.column) for p in problems if p.code in _BLANKING}
    headers: dict[tuple[str | None, int | None, str | None], str] = {}
    kept = []
    for problem in problems:
        place = (problem.sheet, problem.row, problem.column)
        if place in blanked and problem.code not in _BLANKING:
            if problem.header:
                headers.setdefault(place, problem.header)
            continue
        kept.append(problem)
    return [
        replace(p, where=replace(p.where, header=headers[(p.sheet, p.row, p.column)]))
        if p.code == "rumus-tanpa-hasil" and p.where and (p.sheet, p.row, p.column) in headers
        else p
        for p in kept
    ]


def _with_observations(indicator: Indicator, observations: dict[int, Observation]) -> Indicator:
    return replace(indicator, observations=dict(sorted(observations.items())))
