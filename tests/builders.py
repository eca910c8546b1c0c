"""Input workbooks for the tests and the benchmark, written by code.

:func:`write_input` is the plain writer that makes small, deliberately broken
inputs from rows; :func:`write_example` the example input (``template --contoh``,
as in ``examples/``). The benchmark imports this module with the repository root
on ``sys.path`` (``tests.builders``); the tests import it as ``builders``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from lkt_excel.core.model import SHEET_DATA, SHEET_INDIKATOR, SHEET_LAPORAN
from lkt_excel.inputs.template import NO_CONVERSIONS, Row, write_cell, write_template


def write_input(
    path: Path,
    laporan: Sequence[Row] | None,
    indikator: Sequence[Row] | None,
    data: Sequence[Row] | None,
    names: Sequence[str] = (SHEET_LAPORAN, SHEET_INDIKATOR, SHEET_DATA),
    extra: Mapping[str, Sequence[Row]] | None = None,
) -> Path:
    """Write sheets Laporan (key, value), Indikator and Data (header row, then rows).

    A sheet whose rows are None is left out; ``names`` renames the sheets. ``extra``:
    more sheets by name, each a header row then rows (such as ``Anggaran``).
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), NO_CONVERSIONS)
    bold = book.add_format({"bold": True})
    sheets = [*zip(names, (laporan, indikator, data), (False, True, True), strict=True)]
    sheets += [(name, rows, True) for name, rows in (extra or {}).items()]
    for name, rows, has_header in sheets:
        if rows is None:
            continue
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                fmt = bold if (has_header and r == 0) or (not has_header and c == 0) else None
                write_cell(sheet, r, c, value, fmt if value is not None else None)
        sheet.set_column(0, 30, 16)
    book.close()
    return Path(path)


def write_example(path: Path) -> Path:
    """The example input (``template --contoh``), as in ``examples/``."""
    return write_template(path, filled=True)


def unit(rows, instansi: str):
    """The rows of another agency: the same workbook with Instansi ``instansi``."""
    return rows.copy().set("Instansi", instansi)
