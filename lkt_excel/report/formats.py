"""The report's cell formats and the workbook options every lkt-excel workbook uses.

Formats are created once per workbook, in the order the sheets need them (a
report's styles part lists them in that order, so it must not change). Number
formats come from :mod:`lkt_excel.core.numbers`; font and header colour from
:mod:`lkt_excel.report.style`.
"""

from __future__ import annotations

from decimal import Decimal

from lkt_excel.core.model import ROMAN, Settings
from lkt_excel.core.numbers import excel_format, places_of
from lkt_excel.report.style import FONT, FONT_SIZE, HEADER_FILL, TITLE_SIZE

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    # Assemble the parts in memory: without it xlsxwriter writes every part, each
    # chart of Grafik included, to a temporary file first. That made a 25-indicator
    # report about 40% slower and a 2,000-indicator one 30%; the price is about
    # 60 MB more peak memory for the latter (the budget is 300 MB).
    "in_memory": True,
}

# The report's own: its default font is the house font, Arial 10, instead of Calibri 11.
# Column widths are counted in digits of the default font; a spreadsheet that lacks
# Calibri (LibreOffice on most machines) measured them in a wider substitute, which made
# every sheet wider and so printed it smaller (LKT's body text at 6,4 pt on F4).
REPORT_OPTIONS = {
    **WORKBOOK_OPTIONS,
    # No theme scheme: with one, Excel may show the theme's font (Calibri) in place of Arial.
    "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE, "font_scheme": "none"},
    "default_row_height": 17,  # pixels: 12,75 pt, Arial 10's row
}

NUMBER_ROW_FILL = "#F2F2F2"  # LKT's row of column numbers
NOTE_SIZE = 9  # Capaian's notes under the table
SIGNATURE_SIZE = 11


class NumberFormats:
    """A format for a number of as many decimal places as a given value has, made once
    per number of places (targets are entered with 0, 1 or 2 places, say)."""

    def __init__(self, book, base: dict):
        self.book, self.base = book, base
        self.made: dict[int, object] = {}

    def __call__(self, value: Decimal):
        places = places_of(value)
        if places not in self.made:
            self.made[places] = self.book.add_format(
                {**self.base, "num_format": excel_format(places)}
            )
        return self.made[places]


def title_format(book):
    """A centred sheet title (LKT, Capaian)."""
    return book.add_format(
        {"bold": True, "align": "center", "font_name": FONT, "font_size": TITLE_SIZE}
    )


def period_titles(heading: str, settings: Settings) -> tuple[str, str]:
    """The two title lines of a sheet of the period: ``CAPAIAN KINERJA TRIWULAN II TAHUN
    2021`` (``heading`` first) and the agency with its region, in capitals."""
    return (
        f"{heading} TRIWULAN {ROMAN[settings.triwulan]} TAHUN {settings.tahun}",
        f"{settings.instansi} {settings.wilayah}".upper(),
    )


def write_titles(sheet, titles, last_col: int, fmt) -> None:
    """The title rows of a sheet from row 0, each centred across columns 0 to ``last_col``."""
    for row, title in enumerate(titles):
        sheet.merge_range(row, 0, row, last_col, "", fmt)
        sheet.write_string(row, 0, title, fmt)


def write_header_row(sheet, row: int, headers, height: float, fmt) -> None:
    """One row of column headers, at ``height`` points."""
    for col, text in enumerate(headers):
        sheet.write_string(row, col, text, fmt)
    sheet.set_row(row, height)


def bold_title_format(book):
    """A sheet title at the left (Narasi, Grafik, Catatan)."""
    return book.add_format({"bold": True, "font_name": FONT, "font_size": TITLE_SIZE})


class ReportFormats:
    """The formats of sheets LKT, Narasi and Catatan."""

    def __init__(self, book, desimal: int):
        border = {"border": 1, "valign": "vcenter", "font_name": FONT, "font_size": FONT_SIZE}
        self.title = title_format(book)
        self.header = book.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": HEADER_FILL}
        )
        self.number_row = book.add_format(
            {
                **border,
                "align": "center",
                "italic": True,
                "font_size": 8,
                "bg_color": NUMBER_ROW_FILL,
            }
        )
        self.text = book.add_format({**border, "text_wrap": True, "valign": "top"})
        self.center = book.add_format({**border, "align": "center", "valign": "top"})
        # A target shows the places it was entered with; realisasi shows Desimal places.
        self.target = NumberFormats(book, {**border, "align": "center", "valign": "top"})
        self.realisasi = book.add_format(
            {**border, "align": "center", "valign": "top", "num_format": excel_format(desimal)}
        )
        self.whole = book.add_format(  # realisasi of a count whose figures are whole
            {**border, "align": "center", "valign": "top", "num_format": excel_format(0)}
        )
        self.empty = book.add_format(border)
        self.paragraph = book.add_format(
            {
                "text_wrap": True,
                "valign": "top",
                "font_name": FONT,
                "font_size": FONT_SIZE,
                "align": "justify",
                "border": 1,
            }
        )
        self.plain_header = book.add_format(
            {
                "bold": True,
                "border": 1,
                "bg_color": HEADER_FILL,
                "font_name": FONT,
                "font_size": FONT_SIZE,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.bold = bold_title_format(book)


class CapaianFormats:
    """The formats of sheet Capaian, one per kategori colour among them."""

    def __init__(self, book, settings: Settings):
        base = {"border": 1, "valign": "top", "font_name": FONT, "font_size": FONT_SIZE}
        places = excel_format(settings.desimal)
        self.title = title_format(book)
        self.header = book.add_format(
            {
                **base,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": HEADER_FILL,
            }
        )
        self.text = book.add_format({**base, "text_wrap": True})
        self.center = book.add_format({**base, "align": "center"})
        self.total = book.add_format({**base, "align": "center", "bold": True})
        self.plain = book.add_format({**base, "align": "center"})
        self.target = NumberFormats(book, {**base, "align": "center"})
        self.count = book.add_format({**base, "align": "center", "num_format": "#,##0"})
        self.number = book.add_format({**base, "align": "center", "num_format": places})
        self.total_number = book.add_format(
            {**base, "align": "center", "num_format": places, "bold": True}
        )
        self.total_count = book.add_format(
            {**base, "align": "center", "num_format": excel_format(0), "bold": True}
        )
        self.note = book.add_format({"font_name": FONT, "font_size": NOTE_SIZE, "italic": True})
        self.bands = {
            band.color: book.add_format({**base, "align": "center", "bg_color": band.color})
            for band in settings.bands
        }
        # The summary under the table: its labels, and predikat cells that wrap a long name.
        self.label = book.add_format({**base, "bold": True, "text_wrap": True})
        self.predikat = {
            band.color: book.add_format(
                {**base, "align": "center", "text_wrap": True, "bg_color": band.color}
            )
            for band in settings.bands
        }


def signature_formats(book) -> dict[str, object]:
    """The signature block's formats by line style: plain, name (bold, underlined), space."""
    base = {"font_name": FONT, "font_size": SIGNATURE_SIZE, "align": "center", "valign": "top"}
    return {
        "plain": book.add_format({**base, "text_wrap": True}),
        "name": book.add_format({**base, "bold": True, "underline": 1}),
        "space": book.add_format(base),
    }
