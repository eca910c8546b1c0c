"""The printed form of the report: page setup of every sheet and the signature block.

Landscape on the region's paper (F4/Folio by default, A4 by ``Kertas``), one
page wide, the title and header rows repeated on every page, a page-numbered
footer and a wide left margin for binding. Rows of wrapped text get the height
they need (neither Excel nor LibreOffice grows a row a program wrote). The
signature block sits under the ``LKT`` table, on its right, as Indonesian
official documents place it.
"""

from __future__ import annotations

from collections.abc import Sequence

from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import Settings, Signature
from lkt_excel.core.narrative import paragraphs
from lkt_excel.core.problems import Problem
from lkt_excel.report.capaian_sheet import CAPAIAN_HEADER_ROW, SHEET_CAPAIAN
from lkt_excel.report.writer import (
    COLUMN_WIDTHS,
    FIRST_DATA_ROW,
    LAST_COLUMN,
    NUMBER_WIDTH,
    SHEET_CATATAN,
    SHEET_LKT,
    SHEET_NARASI,
    sasaran_groups,
)

FOOTER = "&CHalaman &P dari &N"
# Inches. The left margin (3 cm) leaves room for binding; the others are 2 cm / 1.5 cm.
MARGINS = {"left": 1.18, "right": 0.6, "top": 0.79, "bottom": 0.79}
HEADER_MARGIN, FOOTER_MARGIN = 0.3, 0.4

SIGN_SPACE_ROWS = 4  # empty rows left for the signature and the stamp
SIGN_ROW_HEIGHT = 15
SIGNATURE_COLUMNS = (9, LAST_COLUMN)  # J..N: the right of the LKT table

LINE_HEIGHT = 12.75  # points, one line of Arial 10
# Widths (characters) of the wrapped text columns writer.py gives Narasi and Catatan.
NARASI_TEXT_WIDTH = 100
CATATAN_MESSAGE_WIDTH, CATATAN_FIX_WIDTH = 80, 50


def page_setup(sheet, settings: Settings, repeat: tuple[int, int] | None = None) -> None:
    """Landscape, the chosen paper, one page wide, repeated rows, numbered pages."""
    sheet.set_landscape()
    sheet.set_paper(settings.kertas.value)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(**MARGINS)
    sheet.set_footer(FOOTER, {"margin": FOOTER_MARGIN})
    sheet.set_header("", {"margin": HEADER_MARGIN})
    sheet.center_horizontally()
    if repeat is not None:
        sheet.repeat_rows(*repeat)


def signature_lines(signature: Signature) -> list[tuple[str, str]]:
    """The block's lines top to bottom, each with its style: plain, name or space.

    ``Malang, 10 Januari 2022`` / ``Kepala Dinas ...,`` / space to sign /
    the name (underlined) / the rank / ``NIP. 19751229 199902 2 001``.
    """
    lines: list[tuple[str, str]] = []
    place_date = ", ".join(t for t in (signature.tempat, signature.tanggal) if t)
    if place_date:
        lines.append((place_date, "plain"))
    if signature.jabatan:
        jabatan = signature.jabatan.rstrip()
        lines.append((jabatan if jabatan.endswith(",") else jabatan + ",", "plain"))
    lines += [("", "space")] * SIGN_SPACE_ROWS
    lines.append((signature.nama, "name"))
    if signature.pangkat:
        lines.append((signature.pangkat, "plain"))
    if signature.nip:
        lines.append((f"NIP. {signature.nip}", "plain"))
    return lines


def write_signature(
    book, sheet, signature: Signature, first_row: int, columns: tuple[int, int], chars: float
) -> int | None:
    """Write the block from ``first_row`` across ``columns`` (``chars`` wide); its last row."""
    if not signature.present:
        return None
    base = {"font_name": "Arial", "font_size": 11, "align": "center", "valign": "top"}
    formats = {
        "plain": book.add_format({**base, "text_wrap": True}),
        "name": book.add_format({**base, "bold": True, "underline": 1}),
        "space": book.add_format(base),
    }
    first_col, last_col = columns
    row = first_row
    for text, style in signature_lines(signature):
        sheet.merge_range(row, first_col, row, last_col, "", formats[style])
        if text:
            sheet.write_string(row, first_col, text, formats[style])
        lines = max(1, -(-len(text) // max(1, int(chars))))
        sheet.set_row(row, SIGN_ROW_HEIGHT * lines if lines > 1 else None)
        row += 1
    return row - 1


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide (Arial 10, roughly)."""
    per_line = max(1, int(width * 1.1))
    return max(1, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))


def fit_lkt_rows(sheet, result: ReportResult) -> None:
    """Give each LKT row the height its wrapped text needs: no program-written row grows."""
    row = FIRST_DATA_ROW
    for group in sasaran_groups(result):
        heights = []
        for item in group:
            ind = item.indicator
            heights.append(
                max(
                    text_lines(f"{ind.nama} ({ind.satuan})", COLUMN_WIDTHS[2]),
                    text_lines(ind.keterangan, COLUMN_WIDTHS[LAST_COLUMN]),
                )
            )
        # The merged sasaran cell spans the group: grow its last row if it needs more.
        shortfall = text_lines(group[0].indicator.sasaran, COLUMN_WIDTHS[1]) - sum(heights)
        heights[-1] += max(0, shortfall)
        for lines in heights:
            if lines > 1:
                sheet.set_row(row, LINE_HEIGHT * lines + 3)
            row += 1


def fit_rows(sheet, first_row: int, texts: list[list[tuple[str, float]]]) -> None:
    """Row heights for rows of wrapped text: each row, its (text, column width) pairs."""
    for row, cells in enumerate(texts, start=first_row):
        lines = max(text_lines(text, width) for text, width in cells)
        sheet.set_row(row, LINE_HEIGHT * lines + 3)


def finish_for_print(
    book, result: ReportResult, notes: Sequence[Problem] = (), texts: Sequence[str] | None = None
) -> None:
    """Row heights, the signature block under the LKT table, page setup of every sheet.

    ``texts``: the Narasi paragraphs as written, so they are not composed twice.
    """
    if texts is None:
        texts = paragraphs(result)
    fit_rows(
        book.get_worksheet_by_name(SHEET_NARASI),
        3,
        [[(text, NARASI_TEXT_WIDTH)] for text in texts],
    )
    fit_rows(
        book.get_worksheet_by_name(SHEET_CATATAN),
        3,
        [[(n.message, CATATAN_MESSAGE_WIDTH), (n.fix, CATATAN_FIX_WIDTH)] for n in notes],
    )
    settings = result.report.settings
    lkt = book.get_worksheet_by_name(SHEET_LKT)
    fit_lkt_rows(lkt, result)
    chars = sum(
        COLUMN_WIDTHS.get(c, NUMBER_WIDTH) for c in range(SIGNATURE_COLUMNS[0], LAST_COLUMN + 1)
    )
    write_signature(book, lkt, settings.signature, lkt.dim_rowmax + 3, SIGNATURE_COLUMNS, chars)
    repeats = {
        SHEET_LKT: (0, FIRST_DATA_ROW - 1),
        SHEET_NARASI: (2, 2),
        SHEET_CAPAIAN: (0, CAPAIAN_HEADER_ROW),
        SHEET_CATATAN: (2, 2),
    }
    for sheet in book.worksheets():
        page_setup(sheet, settings, repeats.get(sheet.name))
