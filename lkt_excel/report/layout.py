"""The printed form of the report: page setup of every sheet and the signature block.

Landscape on the region's paper (F4/Folio by default, A4 by ``Kertas``), one
page wide, the title and header rows repeated on every page, a page-numbered
footer and a wide left margin for binding. Rows of wrapped text get the height
they need (neither Excel nor LibreOffice grows a row a program wrote). The
signature block sits under the ``LKT`` table, on its right, as Indonesian
official documents place it. Everything here works from what the sheet
writers returned (:class:`~lkt_excel.report.geometry.Placed`).
"""

from __future__ import annotations

from collections.abc import Sequence

from lkt_excel.core.model import Paper, Settings, Signature
from lkt_excel.report.formats import signature_formats
from lkt_excel.report.geometry import SIGNATURE_COLUMNS, Placed, TextRows, lkt_width

FOOTER = "&CHalaman &P dari &N"
# Inches. The left margin (3 cm) leaves room for binding; the others are 2 cm / 1.5 cm.
MARGINS = {"left": 1.18, "right": 0.6, "top": 0.79, "bottom": 0.79}
HEADER_MARGIN, FOOTER_MARGIN = 0.3, 0.4

SIGN_SPACE_ROWS = 4  # empty rows left for the signature and the stamp
SIGN_ROW_HEIGHT = 15
SIGN_GAP_ROWS = 2  # blank rows between the LKT table and the block

LINE_HEIGHT = 12.75  # points, one line of Arial 10

# For the page breaks: the paper's (width, height) in inches, landscape, and the
# estimates that keep them safe (see ``page_breaks``).
PAPER_INCHES = {Paper.F4: (13.0, 8.5), Paper.A4: (11.69, 8.27)}
DIGIT_PIXELS, CELL_PADDING = 7, 5  # Excel's Arial 10 (and Calibri 11): a column's pixels
# A row of no set height: the report's default (REPORT_OPTIONS), which Excel keeps;
# LibreOffice sizes such rows itself, but prints them smaller than Excel does.
ROW_ESTIMATE = LINE_HEIGHT


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
    formats = signature_formats(book)
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


def fit_rows(sheet, block: TextRows) -> dict[int, float]:
    """Give the block's rows the height their wrapped text needs; return the heights set.

    A cell merged down the rows (``spanning``) grows the last row if the rows
    together are too short for it.
    """
    heights = [max(text_lines(text, width) for text, width in cells) for cells in block.cells]
    if block.spanning is not None and heights:  # no rows: nothing measured yet
        shortfall = text_lines(*block.spanning) - sum(heights)
        heights[-1] += max(0, shortfall)
    fitted = {}
    for row, lines in enumerate(heights, start=block.first_row):
        if block.one_line_too or lines > 1:
            fitted[row] = LINE_HEIGHT * lines + 3
            sheet.set_row(row, fitted[row])
    return fitted


def fit_scale(widths: Sequence[float], paper: Paper) -> float:
    """The scale Excel prints columns of ``widths`` at, fitted to the paper's width.

    Spreadsheets that measure Arial in a wider font print smaller than this, never larger.
    """
    pixels = sum(int(width * DIGIT_PIXELS + 0.5) + CELL_PADDING for width in widths)
    printable = (PAPER_INCHES[paper][0] - MARGINS["left"] - MARGINS["right"]) * 72
    return min(1.0, printable / (pixels * 0.75))


def page_breaks(placed: Placed, paper: Paper, fitted: dict[int, float] | None = None) -> list[int]:
    """The rows that start a page, so that no range in ``placed.keep`` is split.

    Pages are filled range by range under the repeated rows, each row taken at its
    set height or :data:`ROW_ESTIMATE`, at :func:`fit_scale`. Both estimates are
    the largest a spreadsheet prints, so a page it fills holds at least what is
    reckoned here and its own breaks never come first; a page may end a little early.
    A range taller than a page starts a page and runs on as the spreadsheet breaks it.
    ``fitted``: the heights :func:`fit_rows` gave the sheet's rows of wrapped text.
    """
    set_heights = {**dict(placed.heights), **(fitted or {})}

    def height(first: int, last: int) -> float:
        return sum(set_heights.get(row, ROW_ESTIMATE) for row in range(first, last + 1))

    printable = (PAPER_INCHES[paper][1] * 72 - (MARGINS["top"] + MARGINS["bottom"]) * 72) / (
        fit_scale(placed.widths, paper)
    )
    if placed.repeat_rows is not None:
        printable -= height(*placed.repeat_rows)
    breaks, used = [], 0.0
    for first, last in placed.keep:
        needed = height(first, last)
        if used and used + needed > printable:
            breaks.append(first)
            used = 0.0
        used += needed
    return breaks


def finish_for_print(book, settings: Settings, placed: Sequence[Placed], lkt: Placed) -> None:
    """Row heights, the signature block under the LKT table, page setup of every sheet.

    ``placed``: every sheet as its writer returned it, in book order; ``lkt``:
    the LKT sheet among them, under whose table the signature goes.
    """
    fitted: dict[int, dict[int, float]] = {}
    for number, sheet in enumerate(placed):
        fitted[number] = {}
        for block in sheet.texts:
            fitted[number].update(fit_rows(sheet.sheet, block))
    first, last = SIGNATURE_COLUMNS
    chars = sum(lkt.widths[col] if lkt.widths else lkt_width(col) for col in range(first, last + 1))
    below = lkt.last_row + SIGN_GAP_ROWS + 1
    write_signature(book, lkt.sheet, settings.signature, below, SIGNATURE_COLUMNS, chars)
    for number, sheet in enumerate(placed):
        page_setup(sheet.sheet, settings, sheet.repeat_rows)
        if sheet.keep:
            breaks = page_breaks(sheet, settings.kertas, fitted[number])
            sheet.sheet.set_h_pagebreaks(breaks)
