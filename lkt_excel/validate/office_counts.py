"""The counts behind one quarter's realisasi in the office's table.

Three places, tried in order: columns beside the table headed ``Pembilang TW
I`` / ``Penyebut TW I`` ...; the cells a realisasi formula divides
(``='Data Dukung'!D2/'Data Dukung'!D3*100``, ``=ROUND(O8/P8*100,2)``), read
through :mod:`lkt_excel.reading.formulas`; or none, when the table's realisasi
is the figure itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lkt_excel.core.model import ROMAN, Where, normalize
from lkt_excel.reading.reader import Cell, RawWorkbook
from lkt_excel.validate.cells import is_blank
from lkt_excel.validate.indikator import is_not_measured
from lkt_excel.validate.office_table import OfficeTable

_SHEET = r"(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!"
_REF = rf"(?:{_SHEET})?\$?([A-Z]{{1,3}})\$?([0-9]{{1,7}})"
_NUMBER = r"([0-9]+(?:\.[0-9]+)?)"
# a/b*N, a*N/b, (a/b)*N, N*a/b, optionally inside ROUND(...,n)/ROUNDDOWN/TRUNC
_SHAPES = (
    re.compile(rf"^\(?{_REF}/{_REF}\)?\*{_NUMBER}$"),
    re.compile(rf"^{_REF}\*{_NUMBER}/{_REF}$"),
    re.compile(rf"^{_NUMBER}\*\(?{_REF}/{_REF}\)?$"),
)
_ROUND = re.compile(r"^(?:ROUND|ROUNDDOWN|ROUNDUP|TRUNC)\((.*),\s*-?[0-9]+\)$", re.IGNORECASE)


@dataclass(frozen=True)
class Counts:
    """One quarter's figures: the counts (None when absent) and the printed realisasi."""

    where: Where  # the table's realisasi cell
    pembilang: Cell = ""
    penyebut: Cell | None = None
    printed: Cell = ""  # the table's realisasi, cross-checked when counts exist
    pembilang_place: Where | None = None  # where the counts were found
    penyebut_place: Where | None = None
    multiplier: Decimal | None = None  # the N of a formula a/b*N
    unfollowed: str = ""  # a realisasi formula whose counts could not be found

    def labels(self) -> tuple[str, str] | None:
        """What the counts are of, from the labels beside the cells a formula named."""
        if self.multiplier is None or self.pembilang_place is None or self.penyebut_place is None:
            return None
        top, bottom = self.pembilang_place.header or "", self.penyebut_place.header or ""
        return None if "!" in top or "!" in bottom else (top, bottom)

    @property
    def empty(self) -> bool:
        return is_blank(self.pembilang) and is_blank(self.penyebut) and is_blank(self.printed)


def quarter_counts(book: RawWorkbook, table: OfficeTable, row: int, quarter: int) -> Counts:
    roman = ROMAN[quarter]
    col = table.realisasi[quarter]
    where = table.where(row, col, f"REALISASI TW {roman}")
    printed = table.value(row, col)
    if is_not_measured(printed):
        printed = ""
    top, bottom = (table.beside.get(f"{n} TW {roman}") for n in ("Pembilang", "Penyebut"))
    if top is not None or bottom is not None:
        values = [table.value(row, c) if c is not None else "" for c in (top, bottom)]
        if any(not is_blank(v) for v in values):
            return Counts(
                where,
                values[0],
                values[1],
                printed,
                table.where(row, top, f"Pembilang TW {roman}") if top is not None else where,
                table.where(row, bottom, f"Penyebut TW {roman}") if bottom is not None else where,
            )
    formula = book.formulas.get((table.sheet.name, f"{where.column}{where.row}"))
    if formula:
        found = _followed(book, table.sheet.name, formula)
        if found is not None:
            (top_value, top_at), (bottom_value, bottom_at), times = found
            return Counts(where, top_value, bottom_value, printed, top_at, bottom_at, times)
        return Counts(where, printed, None, "", unfollowed=formula)
    return Counts(where, printed, None, "")


def _followed(
    book: RawWorkbook, sheet: str, formula: str
) -> tuple[tuple[Cell, Where], tuple[Cell, Where], Decimal] | None:
    """The two cells a formula ``a/b*N`` divides, with their values, and N; else None."""
    text = formula.strip().lstrip("=").replace(" ", "")
    rounded = _ROUND.match(text)
    if rounded:
        text = rounded.group(1)
    for number, shape in enumerate(_SHAPES):
        match = shape.match(text)
        if match is None:
            continue
        groups = match.groups()
        if number == 0:
            top, bottom, times = groups[0:4], groups[4:8], groups[8]
        elif number == 1:
            top, times, bottom = groups[0:4], groups[4], groups[5:9]
        else:
            times, top, bottom = groups[0], groups[1:5], groups[5:9]
        a, b = _cell(book, sheet, top), _cell(book, sheet, bottom)
        if a is None or b is None:
            return None
        try:
            return a, b, Decimal(times)
        except InvalidOperation:
            return None
    return None


def _cell(book: RawWorkbook, sheet: str, ref: tuple[str | None, ...]) -> tuple[Cell, Where] | None:
    quoted, plain, letters, digits = ref
    name = (quoted or "").replace("''", "'") or plain or sheet
    target = next((s for s in book.sheets if normalize(s.name) == normalize(name)), None)
    if target is None or letters is None or digits is None:
        return None
    col = 0
    for char in letters:
        col = col * 26 + ord(char) - 64
    row = int(digits)
    cells = target.rows[row - 1] if row <= len(target.rows) else []
    value = cells[col - 1] if col <= len(cells) else ""
    # The row's label left of the count ("Kematian ibu"): what the count is of.
    label = next((str(v).strip() for v in cells[: col - 1] if isinstance(v, str) and v.strip()), "")
    return value, Where(target.name, row, letters, label or f"{target.name}!{letters}{row}")


__all__ = ["Counts", "quarter_counts"]
