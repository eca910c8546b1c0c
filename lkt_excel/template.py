"""Write an input workbook in the contract's layout: blank, or filled with the example."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import contoh
from .model import DATA_COLUMNS, INDIKATOR_COLUMNS, SHEET_DATA, SHEET_INDIKATOR, SHEET_LAPORAN

Row = Sequence[object]


def write_input(
    path: Path, laporan: Sequence[Row], indikator: Sequence[Row], data: Sequence[Row]
) -> Path:
    """Write sheets Laporan (key, value), Indikator and Data (header row, then rows)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = book.add_format({"bold": True})
    for name, rows, has_header in (
        (SHEET_LAPORAN, laporan, False),
        (SHEET_INDIKATOR, indikator, True),
        (SHEET_DATA, data, True),
    ):
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                fmt = bold if (has_header and r == 0) or (not has_header and c == 0) else None
                if isinstance(value, str):
                    sheet.write_string(r, c, value, fmt)
                else:
                    sheet.write_number(r, c, value, fmt)
        sheet.set_column(0, 30, 16)
    book.close()
    return Path(path)


def write_example(path: Path) -> Path:
    return write_input(
        path,
        contoh.LAPORAN,
        (contoh.INDIKATOR_HEADERS, *contoh.INDIKATOR),
        (contoh.DATA_HEADERS, *contoh.DATA),
    )


def write_blank(path: Path) -> Path:
    from .model import LAPORAN_KEYS

    return write_input(
        path,
        [(c.header, None) for c in LAPORAN_KEYS],
        [tuple(c.header for c in INDIKATOR_COLUMNS)],
        [tuple(c.header for c in DATA_COLUMNS)],
    )
