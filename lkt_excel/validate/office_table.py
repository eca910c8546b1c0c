"""Recognising the office's own 14-column table (the official layout) on any sheet.

The table a clerk makes by hand: a header row with NO / SASARAN STRATEGIS /
INDIKATOR KINERJA / TARGET ... / REALISASI ... / KETERANGAN (merged cells read
as blank beside their first cell), under it the sub-row TW I ... TW IV, TOTAL
under each of TARGET and REALISASI, an optional row of column numbers 1-14,
and title lines above. :func:`find_office_table` finds it and maps its
columns; columns beside it headed like the contract's (``Pembilang TW I`` ...,
``Polaritas``, ``Kode``) are mapped too. A sheet that looks like the table but
cannot be matched column by column gets one located error at the header cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import QUARTERS, ROMAN, Where, normalize
from lkt_excel.core.problems import Problem, column_letter, error
from lkt_excel.reading.reader import RawSheet, RawWorkbook
from lkt_excel.validate.cells import is_blank
from lkt_excel.validate.data_wide import WIDE_COLUMNS

SCAN_ROWS = 30  # the header row may sit below this many title rows, at most
_BRACKET = re.compile(r"\(([^()]*)\)\s*$")
_SUB_LABELS = [*(f"TW {ROMAN[q]}" for q in QUARTERS), "TOTAL"]
_SUB_KEYS = {
    **{
        key: q
        for q in QUARTERS
        for key in (
            f"tw{ROMAN[q].lower()}",
            f"tw{q}",
            f"triwulan{ROMAN[q].lower()}",
            f"tribulan{ROMAN[q].lower()}",
        )
    },
    "total": None,
    "jumlah": None,
    "tahunan": None,
}
# Columns beside the table, by the contract's headers (matched like them).
BESIDE = (
    "Kode",
    "Satuan",
    "Polaritas",
    "Agregasi",
    "Uraian Pembilang",
    "Uraian Penyebut",
    "Pengali",
    "Analisis",
)
_BESIDE_KEYS = {normalize(h): h for h in BESIDE} | {
    key: column.header
    for column in WIDE_COLUMNS[1:]
    if not column.header.startswith("Realisasi")
    for key in (*column.aliases, normalize(column.header))
}


@dataclass(frozen=True)
class OfficeTable:
    """Where the parts of the table are on its sheet (rows and columns 0-based)."""

    sheet: RawSheet
    header_row: int
    first_row: int  # the first row of indicators
    indikator: int
    target: dict[int | None, int]  # quarter (None: TOTAL) -> column
    realisasi: dict[int | None, int]
    no: int | None = None
    sasaran: int | None = None
    keterangan: int | None = None
    unit: str | None = None  # the bracket all the TW / TOTAL headers share, e.g. "%"
    beside: dict[str, int] = field(default_factory=dict)  # contract header -> column
    tahun_header: str = ""  # "TARGET TAHUN 2021": the year may be read from it

    def where(self, row: int, col: int, header: str) -> Where:
        return Where(self.sheet.name, row + 1, column_letter(col + 1), header)

    def value(self, row: int, col: int | None) -> object:
        if col is None or row >= len(self.sheet.rows):
            return ""
        cells = self.sheet.rows[row]
        return cells[col] if col < len(cells) else ""


def find_office_tables(book: RawWorkbook) -> tuple[list[OfficeTable], Problem | None]:
    """Every sheet laid out as the official table, and the error of the first one that nearly
    is (reported only when no sheet is the table)."""
    tables: list[OfficeTable] = []
    problem = None
    for sheet in book.sheets:
        table, trouble = recognise(sheet)
        if table is not None:
            tables.append(table)
        problem = problem or trouble
    return tables, problem


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def _header_columns(row: list[object]) -> dict[str, int]:
    """The table's own headers in a row: indikator, target, realisasi, no, sasaran, keterangan."""
    found: dict[str, int] = {}
    for col, value in enumerate(row):
        key = normalize(_BRACKET.sub("", _text(value)))
        if not key:
            continue
        if key.startswith("indikator") and "kinerja" in key:
            found.setdefault("indikator", col)
        elif key.startswith("target"):
            found.setdefault("target", col)
        elif key.startswith("realisasi"):
            found.setdefault("realisasi", col)
        elif key in ("no", "nomor"):
            found.setdefault("no", col)
        elif key.startswith("sasaran"):
            found.setdefault("sasaran", col)
        elif key.startswith("keterangan"):
            found.setdefault("keterangan", col)
    return found


def recognise(sheet: RawSheet) -> tuple[OfficeTable | None, Problem | None]:
    """The table on ``sheet``, or (None, its located error), or (None, None) if none."""
    for index, row in enumerate(sheet.rows[:SCAN_ROWS]):
        found = _header_columns(row)
        if "indikator" not in found or not ({"target", "realisasi"} & set(found)):
            continue
        for block in ("target", "realisasi"):
            if block not in found:
                col = found["indikator"]
                return None, _unmatched(
                    sheet,
                    index,
                    col,
                    _text(row[col]),
                    f"blok {block.upper()} (kolom TARGET ... dan REALISASI ... dengan TW I, "
                    "TW II, TW III, TW IV dan TOTAL di bawahnya) tidak ada di baris judul ini",
                )
        sub = sheet.rows[index + 1] if index + 1 < len(sheet.rows) else []
        blocks: dict[str, dict[int | None, int]] = {}
        units: set[str] = set()
        for block in ("target", "realisasi"):
            matched = _sub_row(sheet, index, found[block], sub, units)
            if isinstance(matched, Problem):
                return None, matched
            blocks[block] = matched
        first = index + 2
        if first < len(sheet.rows) and _is_numbers_row(sheet.rows[first]):
            first += 1
        table_columns = {*found.values(), *blocks["target"].values(), *blocks["realisasi"].values()}
        return (
            OfficeTable(
                sheet=sheet,
                header_row=index,
                first_row=first,
                indikator=found["indikator"],
                target=blocks["target"],
                realisasi=blocks["realisasi"],
                no=found.get("no"),
                sasaran=found.get("sasaran"),
                keterangan=found.get("keterangan"),
                unit=units.pop() if len(units) == 1 else None,
                beside=_beside(row, sub, table_columns),
                tahun_header=_text(row[found["target"]]),
            ),
            None,
        )
    return None, None


def _sub_row(
    sheet: RawSheet, header_row: int, start: int, sub: list[object], units: set[str]
) -> dict[int | None, int] | Problem:
    """TW I ... TW IV and TOTAL under the block starting at ``start``: quarter -> column."""
    columns: dict[int | None, int] = {}
    for offset, label in enumerate(_SUB_LABELS):
        col = start + offset
        text = _text(sub[col]) if col < len(sub) else ""
        bracket = _BRACKET.search(text)
        if bracket:
            units.add(bracket.group(1).strip())
        key = normalize(_BRACKET.sub("", text))
        wanted = QUARTERS[offset] if offset < 4 else None
        if key not in _SUB_KEYS or _SUB_KEYS[key] != wanted:
            head = _text(sheet.rows[header_row][start])
            found = f"'{text}'" if text else "sel kosong"
            return _unmatched(
                sheet,
                header_row + 1,
                col,
                head,
                f"di bawah '{head}' diharapkan {', '.join(_SUB_LABELS)} berurutan; di "
                f"{column_letter(col + 1)}{header_row + 2} ada {found}, bukan '{label}'",
            )
        columns[wanted] = col
    return columns


def _is_numbers_row(row: list[object]) -> bool:
    numbers = [v for v in row if not is_blank(v)]
    return len(numbers) >= 3 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v == i + 1
        for i, v in enumerate(numbers)
    )


def _beside(row: list[object], sub: list[object], taken: set[int]) -> dict[str, int]:
    """Contract headers of the columns outside the table, in the header row or the sub-row."""
    beside: dict[str, int] = {}
    for line in (row, sub):
        for col, value in enumerate(line):
            header = _BESIDE_KEYS.get(normalize(_text(value)))
            if header and col not in taken:
                beside.setdefault(header, col)
    return beside


def _unmatched(sheet: RawSheet, row: int, col: int, header: str, what: str) -> Problem:
    return error(
        codes.TABEL_TIDAK_COCOK,
        f"Lembar '{sheet.name}' tampak seperti tabel Laporan Kinerja (14 kolom), tetapi {what}.",
        "Susun judul tabel seperti laporan resmi: NO, SASARAN STRATEGIS, INDIKATOR KINERJA, "
        "TARGET TAHUN ... (TW I, TW II, TW III, TW IV, TOTAL), REALISASI TAHUN ... (TW I ... "
        "TOTAL), KETERANGAN; atau pakai templat (lkt-excel template).",
        where=Where(sheet.name, row + 1, column_letter(col + 1), header or None),
    )


__all__ = ["BESIDE", "OfficeTable", "find_office_tables", "recognise"]
