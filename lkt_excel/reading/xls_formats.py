"""The number cells of an ``.xls`` that Excel shows as a percentage, read with xlrd.

python-calamine returns no formats, so, as for ``.xlsx``, the formats are read
beside it: xlrd with ``formatting_info=True`` gives each cell's XF record and
each XF's number format. A number cell whose format holds a ``%`` that is not
literal text (:func:`~lkt_excel.reading.xlsx_parts.is_percent_format`, the rule
the ``.xlsx`` scan uses) is listed.

xlrd runs here, in the calling process, only after
:func:`~lkt_excel.reading.compound.read_compound` has followed every chain of the
container and :func:`~lkt_excel.reading.compound.biff_sheets` has checked every
sheet against the limits: what it allocates is bounded by those limits.
"""

from __future__ import annotations

import io

from lkt_excel.core.problems import column_letter
from lkt_excel.reading.xlsx_parts import is_percent_format


def xls_percent_cells(data: bytes) -> tuple[tuple[str, str], ...] | None:
    """(sheet, address) of every percent-formatted number cell; None if xlrd cannot read
    the formats (the caller then says so in the report's notes)."""
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=data,
            formatting_info=True,
            on_demand=True,
            logfile=io.StringIO(),  # xlrd writes its warnings to stdout otherwise
        )
    except Exception:  # noqa: BLE001 - any failure means the same: formats unknown
        return None
    try:
        percent_xfs = {
            index
            for index, xf in enumerate(book.xf_list)
            if is_percent_format(getattr(book.format_map.get(xf.format_key), "format_str", ""))
        }
        found: list[tuple[str, str]] = []
        for index, name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(index)
            for row in range(sheet.nrows):
                for column, kind in enumerate(sheet.row_types(row)):
                    if kind == xlrd.XL_CELL_NUMBER and sheet.cell_xf_index(row, column) in (
                        percent_xfs
                    ):
                        found.append((name, f"{column_letter(column + 1)}{row + 1}"))
            book.unload_sheet(index)
        return tuple(found)
    except Exception:  # noqa: BLE001 - a record xlrd cannot follow: formats unknown
        return None
    finally:
        book.release_resources()
