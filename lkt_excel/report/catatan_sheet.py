"""Sheet ``Catatan``: the warnings the input check found, one row each, with their fix."""

from __future__ import annotations

from collections.abc import Sequence

from lkt_excel.core.problems import Problem
from lkt_excel.report.formats import ReportFormats
from lkt_excel.report.geometry import (
    CATATAN_FIX_COL,
    CATATAN_MESSAGE_COL,
    CATATAN_WIDTHS,
    LIST_HEADER_ROW,
    SHEET_CATATAN,
    Placed,
    TextRows,
)

CATATAN_HEADERS = ("NO", "TINGKAT", "SEL MASUKAN", "KOLOM", "PESAN", "SARAN")
# The cells are the input's: this report has sheets named like them (Anggaran), whose
# same address holds something else.
WHERE_NOTE = "Sel dan kolom menunjuk ke berkas masukan, bukan ke lembar laporan ini."
NO_NOTES = "Tidak ada catatan."


def write_catatan(book, notes: Sequence[Problem], fmt: ReportFormats) -> Placed:
    """Write sheet Catatan; return its rows with the wrapped message and fix of each note."""
    sheet = book.add_worksheet(SHEET_CATATAN)
    sheet.write_string(0, 0, "CATATAN PEMERIKSAAN MASUKAN", fmt.bold)
    sheet.write_string(1, 0, WHERE_NOTE)
    for col, text in enumerate(CATATAN_HEADERS):
        sheet.write_string(LIST_HEADER_ROW, col, text, fmt.plain_header)
    if not notes:
        sheet.write_string(LIST_HEADER_ROW + 1, 0, NO_NOTES)
    for index, note in enumerate(notes, start=1):
        row = LIST_HEADER_ROW + index
        sheet.write_number(row, 0, index, fmt.center)
        for col, text in enumerate(
            (note.level.value, note.cell, note.header or "", note.message, note.fix), start=1
        ):
            sheet.write_string(row, col, text, fmt.text)
    for col, width in enumerate(CATATAN_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(LIST_HEADER_ROW + 1, 0)
    sheet.set_landscape()
    message, fix = CATATAN_WIDTHS[CATATAN_MESSAGE_COL], CATATAN_WIDTHS[CATATAN_FIX_COL]
    wrapped = TextRows(
        LIST_HEADER_ROW + 1, tuple(((n.message, message), (n.fix, fix)) for n in notes)
    )
    return Placed(
        sheet, LIST_HEADER_ROW + max(1, len(notes)), (LIST_HEADER_ROW, LIST_HEADER_ROW), (wrapped,)
    )
