"""Sheet ``Data`` with one row per indicator: ``Kode``, ``Pembilang TW I`` ... ``Penyebut TW IV``.

The layout offices keep, the quarters across. :func:`data_layout` tells it
from the contract's one row per indicator and quarter (``Kode``, ``Triwulan``,
``Pembilang`` ...) by the header row, and refuses a header that mixes the two.
:func:`wide_records` then turns each row into one record per quarter in the
long layout's shape, each cell keeping its own place, so that every check of
:mod:`lkt_excel.validate.data` applies unchanged and both layouts give the same
report.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import (
    DATA_COLUMNS,
    DATA_WIDE_PER_QUARTER,
    QUARTERS,
    ROMAN,
    Column,
    Where,
    normalize,
    wide_header,
)
from lkt_excel.core.problems import column_letter, error
from lkt_excel.reading.reader import RawSheet
from lkt_excel.validate.cells import Context, is_blank
from lkt_excel.validate.tables import HEADER_SCAN_ROWS, Record, Table


class Layout(str, Enum):
    LONG = "long"  # one row per indicator and quarter (the template's)
    WIDE = "wide"  # one row per indicator, the quarters across


def _wide_keys(name: str, quarter: int) -> set[str]:
    """``Pembilang TW II`` also as ``Pembilang TW 2``, ``Pembilang Triwulan II``."""
    key = normalize(name)
    return {
        f"{key}tw{ROMAN[quarter].lower()}",
        f"{key}tw{quarter}",
        f"{key}triwulan{ROMAN[quarter].lower()}",
    }


WIDE_COLUMNS: tuple[Column, ...] = (
    Column("Kode", True, "Kode indikator, sama dengan lembar Indikator."),
    *(
        Column(
            wide_header(name, q),
            note=f"{name} triwulan {ROMAN[q]}.",
            aliases=tuple(sorted(_wide_keys(name, q))),
        )
        for q in QUARTERS
        for name in DATA_WIDE_PER_QUARTER
    ),
)
_WIDE_KEYS = {
    key for column in WIDE_COLUMNS[1:] for key in (*column.aliases, normalize(column.header))
}
# Headers that only the long layout has (Kode is in both).
_LONG_KEYS = {normalize(c.header) for c in DATA_COLUMNS if c.header != "Kode"}


def data_layout(sheet: RawSheet, ctx: Context) -> Layout | None:
    """The sheet's layout by its header row; None (reported) when the header mixes both."""
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        keys = [(col, normalize(v)) for col, v in enumerate(row) if not is_blank(v)]
        wide = [col for col, key in keys if key in _WIDE_KEYS]
        long = [col for col, key in keys if key in _LONG_KEYS]
        if wide and long:
            col = max(wide[0], long[0])
            text = str(row[col]).strip()
            ctx.add(
                error(
                    codes.DATA_TATA_LETAK_CAMPUR,
                    f"Baris judul lembar '{sheet.name}' (baris {index + 1}) mencampur dua tata "
                    f"letak: kolom '{str(row[long[0]]).strip()}' (satu baris per indikator per "
                    f"triwulan) dan kolom '{str(row[wide[0]]).strip()}' (satu baris per "
                    "indikator).",
                    "Pakai salah satu saja: Kode, Triwulan, Pembilang, Penyebut; atau Kode, "
                    "Pembilang TW I, Penyebut TW I, ... Penyebut TW IV.",
                    where=Where(sheet.name, index + 1, column_letter(col + 1), text),
                )
            )
            return None
        if wide:
            return Layout.WIDE
        if long:
            return Layout.LONG
    return Layout.LONG  # no header at all: the long layout's reader says what is missing


def wide_records(table: Table) -> Iterator[tuple[int, Record]]:
    """Each quarter of each row as a long-layout record (``Triwulan`` at its Pembilang cell).

    A quarter whose cells are all blank gives no record: nothing was entered for it.
    """
    for excel_row, record in table.records():
        if is_blank(record["Kode"][0]):  # one error for the row, not one per quarter
            yield excel_row, {"Kode": record["Kode"]}
            continue
        for q in QUARTERS:
            cells = {
                name: record[wide_header(name, q)]
                for name in DATA_WIDE_PER_QUARTER
                if wide_header(name, q) in record
            }
            if all(is_blank(value) for value, _ in cells.values()):
                continue
            pembilang = cells.get("Pembilang")
            if pembilang is None:  # no Pembilang column for this quarter: at its first cell
                where = next(iter(cells.values()))[1]
                pembilang = ("", Where(where.sheet, where.row, None, wide_header("Pembilang", q)))
            quarter_place = pembilang[1]
            yield (
                excel_row,
                {
                    "Kode": record["Kode"],
                    "Triwulan": (q, quarter_place),
                    **cells,
                    "Pembilang": pembilang,
                },
            )


__all__ = ["WIDE_COLUMNS", "Layout", "data_layout", "wide_records"]
