"""Hidden rows, columns and sheets that were read: each named, never used in silence.

A clerk hides a row to drop an indicator, or a column of old figures; the
reader still sees them. Hidden parts are **read** (leaving them out could drop
a figure just as silently) and each one that holds anything gets a warning at
its place, saying how to drop it for good or to show it. The facts come from
:mod:`lkt_excel.reading.hidden` (``.xlsx`` only).
"""

from __future__ import annotations

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import Where
from lkt_excel.core.problems import Problem, column_letter, warning
from lkt_excel.reading.hidden import Hidden
from lkt_excel.reading.reader import RawSheet
from lkt_excel.validate.cells import Context, is_blank, shown

SHOWN_VALUES = 4  # values of a hidden row quoted in its warning


def hidden_row_note(hidden: Hidden, sheet: str, row: int) -> str:
    """`` (baris 9 tersembunyi)`` for a message naming a row that is hidden, else ``""``."""
    return f" (baris {row} tersembunyi)" if (sheet, row) in hidden.rows else ""


def check_hidden(sheets: list[RawSheet], hidden: Hidden, ctx: Context) -> None:
    """A warning for each used sheet that is hidden, and each hidden row or column read."""
    for sheet in sheets:
        if sheet.name in hidden.sheets:
            ctx.add(_hidden_sheet(sheet.name))
        for index, row in enumerate(sheet.rows):
            if (sheet.name, index + 1) in hidden.rows:
                values = [shown(v) for v in row if not is_blank(v)]
                if values:
                    ctx.add(_hidden_row(sheet.name, index + 1, values))
        width = max((len(r) for r in sheet.rows), default=0)
        for col in range(width):
            letter = column_letter(col + 1)
            if (sheet.name, letter) not in hidden.columns:
                continue
            values = [shown(r[col]) for r in sheet.rows if col < len(r) and not is_blank(r[col])]
            if values:
                ctx.add(_hidden_column(sheet.name, letter, values[0]))


def _hidden_sheet(name: str) -> Problem:
    return warning(
        codes.LEMBAR_TERSEMBUNYI,
        f"Lembar '{name}' tersembunyi (hidden) tetapi tetap dibaca untuk laporan.",
        "Tampilkan lembar itu (klik kanan tab lembar > Unhide) dan periksa isinya; bila "
        "bukan lembar yang dimaksud, hapus atau ganti namanya.",
        where=Where(name),
    )


def _hidden_row(sheet: str, row: int, values: list[str]) -> Problem:
    quoted = ", ".join(values[:SHOWN_VALUES]) + (", ..." if len(values) > SHOWN_VALUES else "")
    return warning(
        codes.BARIS_TERSEMBUNYI,
        f"Baris {row} lembar '{sheet}' tersembunyi (hidden) tetapi tetap dibaca: {quoted}.",
        "Bila baris itu sudah tidak dipakai (mis. indikator yang dihapus), hapus barisnya "
        "(klik kanan nomor baris > Delete); bila dipakai, tampilkan (Unhide) agar terlihat.",
        where=Where(sheet, row),
    )


def _hidden_column(sheet: str, letter: str, first: str) -> Problem:
    return warning(
        codes.KOLOM_TERSEMBUNYI,
        f"Kolom {letter} lembar '{sheet}' ('{first}') tersembunyi (hidden) tetapi tetap dibaca.",
        "Tampilkan kolom itu (klik kanan huruf kolom > Unhide) dan periksa isinya; bila "
        "tidak dipakai, hapus kolomnya.",
        where=Where(sheet, None, letter, first),
    )


__all__ = ["check_hidden", "hidden_row_note"]
