"""Sheet ``Grafik``: charts over the cells of sheet ``Capaian``, readable at any size.

Up to :data:`~lkt_excel.report.geometry.CHARTS_PER_INDICATOR_MAX` indicators:
one column chart per indicator, target against realisasi of each quarter
reported, two to a page. Beyond that a chart per indicator is neither readable
nor cheap (2.000 charts), so the sheet shows instead the rata-rata capaian
kinerja of each period, then one bar chart of capaian per page of
:data:`~lkt_excel.report.geometry.BARS_PER_CHART` indicators, each bar coloured
by its kategori. The bar charts read a small table at the right of the sheet,
outside the print area, whose capaian are formulas over sheet Capaian.

Every value axis starts at 0 (below it only for a negative figure) and its
numbers carry thousands separators (``#,##0``, shown ``50.000`` in Indonesian),
with the decimals its step needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

from lkt_excel.core.capaian import CapaianResult, IndicatorCapaian
from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import ROMAN, Settings
from lkt_excel.core.numbers import excel_format, places_of
from lkt_excel.core.problems import column_letter
from lkt_excel.report.capaian_sheet import IndicatorRows, SummaryRows
from lkt_excel.report.formats import bold_title_format
from lkt_excel.report.geometry import (
    BAR_CHART_HEIGHT,
    BAR_CHART_ROWS,
    BAR_LABEL_CHARS,
    BARS_PER_CHART,
    CHART_HEIGHT,
    CHART_ROWS,
    CHART_WIDTH,
    CHARTS_PER_INDICATOR_MAX,
    CHARTS_PER_PAGE,
    COL_CAPAIAN,
    COL_NAME,
    COL_PERIOD,
    COL_REALISASI,
    COL_TARGET,
    GRAFIK_DATA_COL,
    GRAFIK_PRINT_COLS,
    GRAFIK_ROW_HEIGHT,
    GRAFIK_TITLE_ROWS,
    GRAFIK_WIDTH,
    SHEET_CAPAIAN,
    SHEET_GRAFIK,
    Placed,
)

SERIES = (("Target", COL_TARGET, "#A6A6A6"), ("Realisasi", COL_REALISASI, "#2F5597"))
AVERAGE_COLOR = "#2F5597"
NO_BAND = "#FFFFFF"  # a bar without capaian (it has no height anyway)
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def value_axis(values: Iterable[Decimal]) -> dict:
    """Axis options for ``values``: from 0 (or below, for a negative figure), in steps of
    1, 2, 2,5 or 5 times a power of ten, numbers with thousands separators and the
    decimals the step needs (``#,##0`` for 5.000, ``#,##0.0`` for 0,5)."""
    figures = [Decimal(0), *values]
    low, high = min(figures), max(figures)
    span = (high - low) or Decimal(1)
    raw = span / 5
    power = Decimal(10) ** math.floor(math.log10(raw))
    step = next(n * power for n in NICE_STEPS if n * power >= raw)
    step = step.normalize()
    minimum = Decimal(0) if low >= 0 else -step * math.ceil(-low / step)
    return {
        "min": _plain(minimum),
        "major_unit": _plain(step),
        "num_format": excel_format(places_of(step)),
        "major_gridlines": {"visible": True},
    }


def _plain(value: Decimal) -> int | float:
    """A whole number as an int, so the chart's XML reads ``0``, not ``0.0``."""
    return int(value) if value == value.to_integral_value() else float(value)


def _indicator_chart(book, rows: IndicatorRows, item: IndicatorCapaian):
    """The chart of one indicator: target and realisasi of each quarter reported."""
    chart = book.add_chart({"type": "column"})
    span = (rows.first, rows.last_quarter)
    for name, col, color in SERIES:
        chart.add_series(
            {
                "name": name,
                "categories": [SHEET_CAPAIAN, span[0], COL_PERIOD, span[1], COL_PERIOD],
                "values": [SHEET_CAPAIAN, span[0], col, span[1], col],
                "fill": {"color": color},
                "data_labels": {"value": True, "font": {"size": 9}},
            }
        )
    chart.set_title(
        {
            "name": [SHEET_CAPAIAN, rows.name_row, COL_NAME],
            "name_font": {"size": 11, "bold": True},
        }
    )
    quarters = [line for line in item.rows if line.quarter is not None]
    chart.set_y_axis(value_axis(f for line in quarters for f in (line.target, line.realisasi)))
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def _average_chart(book, summary: SummaryRows, table: CapaianResult, triwulan: int):
    """Rata-rata capaian kinerja of each period, from the summary rows of sheet Capaian."""
    chart = book.add_chart({"type": "column"})
    last = summary.first_col + len(table.averages) - 1
    chart.add_series(
        {
            "name": "Rata-rata capaian kinerja (%)",
            "categories": [SHEET_CAPAIAN, summary.header, summary.first_col, summary.header, last],
            "values": [SHEET_CAPAIAN, summary.mean, summary.first_col, summary.mean, last],
            "fill": {"color": AVERAGE_COLOR},
            "data_labels": {"value": True, "font": {"size": 9}},
        }
    )
    chart.set_title(
        {
            "name": f"Rata-rata capaian kinerja (%) sampai TW {ROMAN[triwulan]}",
            "name_font": {"size": 11, "bold": True},
        }
    )
    averages = [p.average for p in table.averages if p.average is not None]
    chart.set_y_axis(value_axis(averages))
    chart.set_legend({"none": True})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def bar_label(number: int, name: str) -> str:
    """``12. Persentase ...``, cut at a word with "…" beyond :data:`BAR_LABEL_CHARS`."""
    text = f"{number}. {' '.join(name.split())}"
    if len(text) <= BAR_LABEL_CHARS:
        return text
    cut = text[: BAR_LABEL_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _write_bar_data(
    book, sheet, placed: list[IndicatorRows], table: CapaianResult, settings: Settings
) -> None:
    """The bar charts' table: a label and a formula over Capaian's capaian, per indicator."""
    col, top, quarter = GRAFIK_DATA_COL, GRAFIK_TITLE_ROWS, settings.triwulan
    shown = book.add_format({"num_format": excel_format(settings.desimal)})
    sheet.write_string(top - 1, col, "DATA GRAFIK (rujukan ke lembar Capaian)")
    sheet.write_string(top, col, "INDIKATOR KINERJA")
    sheet.write_string(top, col + 1, f"CAPAIAN TW {ROMAN[quarter]} (%)")
    for number, (rows, item) in enumerate(zip(placed, table.indicators, strict=True), start=1):
        line = next(r for r in item.rows if r.quarter == quarter)
        row = top + number
        sheet.write_string(row, col, bar_label(number, item.indicator.nama))
        source = f"{column_letter(COL_CAPAIAN + 1)}{rows.first + quarter}"  # TW q's row
        value = "" if line.capaian is None else float(line.capaian)
        sheet.write_formula(row, col + 1, f"=Capaian!{source}", shown, value)
    sheet.set_column(col, col, BAR_LABEL_CHARS)
    sheet.set_column(col + 1, col + 1, 16)


def _bar_chart(book, first: int, items: list[IndicatorCapaian], start: int, quarter: int):
    """Capaian of indicators ``start``.. (1-based) read from data rows from ``first``."""
    chart = book.add_chart({"type": "bar"})
    last = first + len(items) - 1
    col = GRAFIK_DATA_COL
    lines = [next(r for r in item.rows if r.quarter == quarter) for item in items]
    chart.add_series(
        {
            "name": f"Capaian TW {ROMAN[quarter]} (%)",
            "categories": [SHEET_GRAFIK, first, col, last, col],
            "values": [SHEET_GRAFIK, first, col + 1, last, col + 1],
            "points": [
                {"fill": {"color": line.band.color if line.band else NO_BAND}} for line in lines
            ],
            "border": {"color": "#595959"},
            "data_labels": {"value": True, "font": {"size": 8}},
            "gap": 60,
        }
    )
    chart.set_title(
        {
            "name": (
                f"Capaian kinerja TW {ROMAN[quarter]} (%), indikator {start} s.d. "
                f"{start + len(items) - 1} (warna: kategori capaian)"
            ),
            "name_font": {"size": 11, "bold": True},
        }
    )
    chart.set_x_axis(value_axis(line.capaian for line in lines if line.capaian is not None))
    # The first indicator on top; the names at the left edge, clear of a negative bar.
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}, "label_position": "low"})
    chart.set_legend({"none": True})
    chart.set_size({"width": CHART_WIDTH, "height": BAR_CHART_HEIGHT})
    return chart


def write_grafik(
    book,
    result: ReportResult,
    table: CapaianResult,
    placed: list[IndicatorRows],
    summary: SummaryRows | None,
) -> Placed:
    """Write sheet Grafik in the design that suits the number of indicators (module doc).

    The data and the titles of the charts are references to sheet Capaian, so the
    charts follow its formulas; a title that names an indicator refers to the cell
    holding its name (a name is never parsed as a formula).
    """
    settings = result.report.settings
    sheet = book.add_worksheet(SHEET_GRAFIK)
    title = bold_title_format(book)
    sheet.write_string(
        0,
        0,
        f"GRAFIK TARGET DAN REALISASI TRIWULAN {ROMAN[settings.triwulan]} TAHUN {settings.tahun}",
        title,
    )
    breaks = []
    if len(placed) <= CHARTS_PER_INDICATOR_MAX or summary is None:
        for index, (rows, item) in enumerate(zip(placed, table.indicators, strict=True)):
            anchor = GRAFIK_TITLE_ROWS + index * CHART_ROWS
            if index and index % CHARTS_PER_PAGE == 0:
                breaks.append(anchor)
            chart = _indicator_chart(book, rows, item)
            sheet.insert_chart(anchor, 0, chart, {"x_offset": 5, "y_offset": 5})
    else:
        quarter = settings.triwulan
        chart = _average_chart(book, summary, table, quarter)
        sheet.insert_chart(GRAFIK_TITLE_ROWS, 0, chart, {"x_offset": 5, "y_offset": 5})
        _write_bar_data(book, sheet, placed, table, settings)
        items = list(table.indicators)
        anchor = GRAFIK_TITLE_ROWS + CHART_ROWS
        for start in range(0, len(items), BARS_PER_CHART):
            breaks.append(anchor)
            first = GRAFIK_TITLE_ROWS + 1 + start
            page = items[start : start + BARS_PER_CHART]
            chart = _bar_chart(book, first, page, start + 1, quarter)
            sheet.insert_chart(anchor, 0, chart, {"x_offset": 5, "y_offset": 5})
            anchor += BAR_CHART_ROWS
        sheet.print_area(0, 0, anchor, GRAFIK_PRINT_COLS - 1)
    sheet.set_h_pagebreaks(breaks)
    sheet.set_default_row(GRAFIK_ROW_HEIGHT)
    sheet.set_column(0, 0, GRAFIK_WIDTH)
    return Placed(sheet, 0)
