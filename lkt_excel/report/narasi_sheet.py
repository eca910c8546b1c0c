"""Sheet ``Narasi``: one paragraph on each indicator's capaian (composed in core.narrative)."""

from __future__ import annotations

from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import ROMAN
from lkt_excel.core.narrative import paragraphs
from lkt_excel.report.formats import ReportFormats
from lkt_excel.report.geometry import (
    LIST_HEADER_ROW,
    NARASI_TEXT_COL,
    NARASI_WIDTHS,
    SHEET_NARASI,
    Placed,
    TextRows,
)

NARASI_HEADERS = ("NO", "INDIKATOR KINERJA", "NARASI")


def write_narasi(book, result: ReportResult, fmt: ReportFormats) -> Placed:
    """Write sheet Narasi; return its rows with the paragraphs (their heights are set later)."""
    sheet = book.add_worksheet(SHEET_NARASI)
    texts = paragraphs(result)
    settings = result.report.settings
    sheet.write_string(
        0,
        0,
        f"NARASI CAPAIAN KINERJA TRIWULAN {ROMAN[settings.triwulan]} TAHUN {settings.tahun}",
        fmt.bold,
    )
    for col, text in enumerate(NARASI_HEADERS):
        sheet.write_string(LIST_HEADER_ROW, col, text, fmt.plain_header)
    for index, (item, text) in enumerate(zip(result.indicators, texts, strict=True), start=1):
        row = LIST_HEADER_ROW + index
        sheet.write_number(row, 0, index, fmt.center)
        sheet.write_string(row, 1, item.indicator.nama, fmt.text)
        sheet.write_string(row, NARASI_TEXT_COL, text, fmt.paragraph)
    for col, width in enumerate(NARASI_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(LIST_HEADER_ROW + 1, 0)
    sheet.set_landscape()
    width = NARASI_WIDTHS[NARASI_TEXT_COL]
    wrapped = TextRows(LIST_HEADER_ROW + 1, tuple(((text, width),) for text in texts))
    return Placed(
        sheet, LIST_HEADER_ROW + len(texts), (LIST_HEADER_ROW, LIST_HEADER_ROW), (wrapped,)
    )
