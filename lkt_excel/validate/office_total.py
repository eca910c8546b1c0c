"""An indicator's Agregasi, read from the office table's own TOTAL column.

The formula says it where the reader has its text (``=SUM(I8:L8)`` is jumlah,
``=AVERAGE(...)`` rata-rata, ``=L8`` the last quarter, akhir); otherwise the
numbers do: a TOTAL equal to the last quarter, to the sum or to the mean of
the quarters. Only a rule that the numbers allow alone is taken; else the
contract's default applies and a note says so.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import QUARTERS, Where
from lkt_excel.core.numbers import from_float
from lkt_excel.core.problems import warning
from lkt_excel.reading.reader import Cell, RawWorkbook
from lkt_excel.validate.cells import Context, is_blank
from lkt_excel.validate.indikator import is_not_measured
from lkt_excel.validate.office_table import OfficeTable

_SINGLE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_TOLERANCE = Decimal("0.005")  # a mean printed to two places


def aggregation_of(
    book: RawWorkbook, table: OfficeTable, row: int, record: dict, ctx: Context
) -> tuple[Cell, Where]:
    """The Agregasi cell for the Indikator record: beside the table, read, or the default."""
    given = record.get("Agregasi")
    if given is not None and not is_blank(given[0]):
        return given
    rules: list[set[str]] = []
    for block in (table.realisasi, table.target):
        rule = _by_formula(book, table, row, block) or _by_numbers(table, row, block)
        if rule:
            rules.append(rule)
    total_col = table.realisasi[None]
    where = table.where(row, total_col, "REALISASI TOTAL")
    agreed = set.intersection(*rules) if rules else set()
    if len(agreed) == 1:
        return agreed.pop(), where
    name = record["Indikator Kinerja"][0]
    ctx.add(
        warning(
            codes.TABEL_TEBAKAN,
            f"Cara menghitung TOTAL indikator '{name}' tidak terbaca dari kolom TOTAL "
            f"({where.cell}); dipakai bawaan: akhir (triwulan terakhir) untuk persen dan "
            "rasio, jumlah untuk yang lain.",
            "Periksa TOTAL di laporan. Bila keliru, tambahkan kolom 'Agregasi' di samping "
            "tabel (akhir, jumlah, rata-rata atau kumulatif).",
            where=where,
        )
    )
    return "", where


def _by_formula(
    book: RawWorkbook, table: OfficeTable, row: int, block: dict[int | None, int]
) -> set[str] | None:
    where = table.where(row, block[None], "TOTAL")
    formula = book.formulas.get((table.sheet.name, f"{where.column}{where.row}"), "")
    text = formula.strip().lstrip("=").replace(" ", "").upper()
    if not text:
        return None
    if text.startswith(("SUM(", "ROUND(SUM(")):
        return {"jumlah"}
    if text.startswith(("AVERAGE(", "ROUND(AVERAGE(")):
        return {"rata-rata"}
    single = _SINGLE.match(text)
    if single:  # =L8, or =K8 in a table kept up to TW III: a quarter's own figure
        quarters = {
            (where.column, where.row)
            for q in QUARTERS
            if (where := table.where(row, block[q], "TW"))
        }
        if (single.group(1), int(single.group(2))) in quarters:
            return {"akhir"}
    return None


def _number(value: Cell) -> Decimal | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_float(float(value))
    return None


def _by_numbers(table: OfficeTable, row: int, block: dict[int | None, int]) -> set[str] | None:
    """The rules the printed numbers allow: {} when none, None when there is nothing to go by."""
    values = [table.value(row, block[q]) for q in QUARTERS]
    shown = [_number(v) for v in values if not is_not_measured(v)]
    total = _number(table.value(row, block[None]))
    if total is None or not shown or any(v is None for v in shown):
        return None
    figures = [v for v in shown if v is not None]
    rules = set()
    if figures[-1] == total:
        rules.add("akhir")
    if sum(figures, Decimal(0)) == total:
        rules.add("jumlah")
    if abs(sum(figures, Decimal(0)) / len(figures) - total) <= _TOLERANCE:
        rules.add("rata-rata")
    return rules


__all__ = ["aggregation_of"]
