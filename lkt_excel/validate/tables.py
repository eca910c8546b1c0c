"""Finding a sheet by name and reading a sheet as a table under its header row.

:func:`read_table` maps the contract's columns (see ``model.*_COLUMNS``) onto
the header row it finds, and reports missing, doubled and unknown columns;
:meth:`Table.records` then yields each non-blank row with the place of every cell.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import Column, Where, normalize
from lkt_excel.core.problems import Problem, column_letter, error, warning
from lkt_excel.reading.reader import Cell, RawSheet, RawWorkbook
from lkt_excel.validate.cells import Context, is_blank, screen, unshowable

HEADER_SCAN_ROWS = 20  # the header row may sit below this many title rows, at most

Record = dict[str, tuple[Cell, Where]]  # one row of a table: header -> (value, its place)


def find_sheet(book: RawWorkbook, name: str) -> RawSheet | None:
    wanted = normalize(name)
    return next((s for s in book.sheets if normalize(s.name) == wanted), None)


def missing_sheet(book: RawWorkbook, name: str) -> Problem:
    names = ", ".join(f"'{s.name}'" for s in book.sheets) or "(tidak ada)"
    close = difflib.get_close_matches(name, [s.name for s in book.sheets], n=1, cutoff=0.5)
    hint = f" Mungkin lembar '{close[0]}'? Ganti namanya menjadi '{name}'." if close else ""
    return error(
        codes.LEMBAR_HILANG,
        f"Lembar '{name}' tidak ada. Lembar yang ada: {names}.{hint}",
        f"Tambahkan lembar bernama '{name}' (lihat perintah 'lkt-excel template').",
        where=Where(name),
    )


@dataclass(frozen=True)
class Table:
    sheet: RawSheet
    header_row: int  # 0-based index into sheet.rows
    columns: dict[str, int]  # contract header -> 0-based column index
    # Where error cells and values the report cannot show are reported (cells.screen).
    ctx: Context | None = field(default=None, compare=False)

    def records(self) -> Iterator[tuple[int, Record]]:
        """Non-blank rows below the header: (Excel row, header -> (value, its place)).

        An error cell (read as blank) makes its row non-blank. With ``ctx``, error
        cells and values the report cannot show are reported and read as blank.
        """
        # One pass per row over plain values first: this runs for every cell of the
        # input, so the places are made only for rows that are not blank.
        name, columns = self.sheet.name, tuple(self.columns.items())
        letters = [column_letter(col + 1) for _, col in columns]
        errors = self.ctx.error_cells.get(name, {}) if self.ctx is not None else {}
        error_rows = {int(address.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for address in errors}
        for index in range(self.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            width = len(row)
            values = [row[col] if col < width else "" for _, col in columns]
            excel_row = index + 1
            if all(is_blank(v) for v in values) and excel_row not in error_rows:
                continue
            record = {
                header: (value, Where(name, excel_row, letter, header))
                for (header, _), letter, value in zip(columns, letters, values, strict=True)
            }
            if self.ctx is not None and (excel_row in error_rows or any(map(unshowable, values))):
                record = screen(record, self.ctx)  # type: ignore[assignment]
            yield excel_row, record


def read_table(sheet: RawSheet, columns: tuple[Column, ...], ctx: Context) -> Table | None:
    """Find the header row, map the contract's columns, report missing and extra ones."""
    keys = {key: col for col in columns for key in _header_keys(col)}
    header_row = _header_row(sheet, keys)
    required = [c.header for c in columns if c.required]
    if header_row < 0:
        ctx.add(
            error(
                codes.JUDUL_KOLOM_HILANG,
                f"Lembar '{sheet.name}' tidak punya baris judul kolom (mis. "
                f"{', '.join(required)}) di {HEADER_SCAN_ROWS} baris pertama.",
                "Tulis judul kolom di satu baris di atas data (lihat perintah "
                "'lkt-excel template').",
                where=Where(sheet.name),
            )
        )
        return None
    found, extras = _map_header(sheet, header_row, keys, ctx)
    _report_missing(sheet, header_row, [h for h in required if h not in found], extras, ctx)
    for col, text in extras:
        ctx.add(
            warning(
                codes.KOLOM_TIDAK_DIKENAL,
                f"Kolom '{text}' di lembar '{sheet.name}' tidak dikenal dan diabaikan.",
                "Biarkan bila memang catatan; bila maksudnya kolom baku, perbaiki judulnya.",
                where=Where(sheet.name, header_row + 1, column_letter(col + 1), text),
            )
        )
    if any(h not in found for h in required):
        return None
    return Table(sheet, header_row, found, ctx)


def _header_keys(column: Column) -> set[str]:
    return {normalize(column.header), *column.aliases}


def _header_row(sheet: RawSheet, keys: dict[str, Column]) -> int:
    """The 0-based row among the first ones with the most known headers; -1 if none."""
    best_index, best_hits = -1, 0
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        hits = sum(1 for v in row if not is_blank(v) and normalize(v) in keys)
        if hits > best_hits:
            best_index, best_hits = index, hits
    return best_index


def _map_header(
    sheet: RawSheet, header_row: int, keys: dict[str, Column], ctx: Context
) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Contract header -> 0-based column, and the unknown headers as (column, text)."""
    found: dict[str, int] = {}
    extras: list[tuple[int, str]] = []
    for col, value in enumerate(sheet.rows[header_row]):
        if is_blank(value):
            continue
        column = keys.get(normalize(value))
        if column is None:
            extras.append((col, str(value).strip()))
        elif column.header in found:
            ctx.add(
                error(
                    codes.KOLOM_GANDA,
                    f"Kolom '{column.header}' muncul dua kali di lembar '{sheet.name}'.",
                    "Hapus atau ganti nama salah satunya.",
                    where=Where(sheet.name, header_row + 1, column_letter(col + 1), column.header),
                )
            )
        else:
            found[column.header] = col
    return found, extras


def _report_missing(
    sheet: RawSheet,
    header_row: int,
    headers: list[str],
    extras: list[tuple[int, str]],
    ctx: Context,
) -> None:
    """One error per required header not found, naming an unknown header close to it."""
    missing = {
        header: difflib.get_close_matches(header, [text for _, text in extras], n=1, cutoff=0.6)
        for header in headers
    }
    for header, close in missing.items():
        hint = f" Mungkin kolom '{close[0]}' yang dimaksud?" if close else ""
        fix = f"Ubah judul kolom '{close[0]}' menjadi '{header}'." if close else ""
        if close and sum(other == close for other in missing.values()) > 1:
            # One header such as 'Target' over TW I-IV (a two-row header): renaming it
            # cannot serve every column.
            hint = f" Judul '{close[0]}' saja tidak cukup: setiap kolom perlu judulnya sendiri."
            fix = f"Tulis judul lengkap '{header}' di baris judul (baris {header_row + 1})."
        letter = None
        if close:
            letter = column_letter(next(c for c, text in extras if text == close[0]) + 1)
        ctx.add(
            error(
                codes.KOLOM_WAJIB_HILANG,
                f"Kolom wajib '{header}' tidak ditemukan di lembar '{sheet.name}' "
                f"(baris judul: baris {header_row + 1}).{hint}",
                fix or f"Tambahkan kolom berjudul '{header}' di baris judul.",
                where=Where(sheet.name, header_row + 1, letter, header),
            )
        )
