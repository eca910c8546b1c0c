"""The printed form of the report: page setup of every sheet and the signature block.

Landscape on the region's paper (F4/Folio by default, A4 by ``Kertas``), one
page wide, the title and header rows repeated on every page, a page-numbered
footer and a wide left margin for binding. The signature block sits under the
``LKT`` table, on its right, as Indonesian official documents place it.
"""

from __future__ import annotations

from .model import Settings, Signature

FOOTER = "&CHalaman &P dari &N"
# Inches. The left margin (3 cm) leaves room for binding; the others are 2 cm / 1.5 cm.
MARGINS = {"left": 1.18, "right": 0.6, "top": 0.79, "bottom": 0.79}
HEADER_MARGIN, FOOTER_MARGIN = 0.3, 0.4

SIGN_SPACE_ROWS = 4  # empty rows left for the signature and the stamp
SIGN_ROW_HEIGHT = 15


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
