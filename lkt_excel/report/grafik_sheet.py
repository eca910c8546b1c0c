"""Sheet ``Grafik``: one column chart per indicator, over the cells of sheet ``Capaian``."""

from __future__ import annotations

from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import ROMAN
from lkt_excel.report.capaian_sheet import IndicatorRows
from lkt_excel.report.formats import bold_title_format
from lkt_excel.report.geometry import (
    CHART_HEIGHT,
    CHART_ROWS,
    CHART_WIDTH,
    CHARTS_PER_PAGE,
    COL_NAME,
    COL_PERIOD,
    COL_REALISASI,
    COL_TARGET,
    GRAFIK_ROW_HEIGHT,
    GRAFIK_TITLE_ROWS,
    GRAFIK_WIDTH,
    SHEET_CAPAIAN,
    SHEET_GRAFIK,
    Placed,
)

SERIES = (("Target", COL_TARGET, "#A6A6A6"), ("Realisasi", COL_REALISASI, "#2F5597"))


def _chart(book, rows: IndicatorRows):
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
    chart.set_y_axis({"major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def write_grafik(book, result: ReportResult, placed: list[IndicatorRows]) -> Placed:
    """One column chart per indicator: target against realisasi for each quarter reported.

    The data and the title are references to sheet Capaian, so the charts follow
    its formulas; the title refers to the cell holding the indicator's name (a
    name is never parsed as a formula).
    """
    settings = result.report.settings
    sheet = book.add_worksheet(SHEET_GRAFIK)
    sheet.write_string(
        0,
        0,
        f"GRAFIK TARGET DAN REALISASI TRIWULAN {ROMAN[settings.triwulan]} TAHUN {settings.tahun}",
        bold_title_format(book),
    )
    breaks = []
    for index, rows in enumerate(placed):
        chart = _chart(book, rows)
        anchor = GRAFIK_TITLE_ROWS + index * CHART_ROWS
        if index and index % CHARTS_PER_PAGE == 0:
            breaks.append(anchor)
        sheet.insert_chart(anchor, 0, chart, {"x_offset": 5, "y_offset": 5})
    sheet.set_h_pagebreaks(breaks)
    sheet.set_default_row(GRAFIK_ROW_HEIGHT)
    sheet.set_column(0, 0, GRAFIK_WIDTH)
    return Placed(sheet, 0)
