"""The optional sheet ``Kategori``: the bands of capaian that replace the default ones.

Each row is a band from ``Batas Bawah`` (inclusive) to ``Batas Atas``
(exclusive). Sorted by lower bound, each band's upper bound must be the next
band's lower bound: no gap, no overlap. The lowest band's lower bound and the
highest band's upper bound may be blank.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import DEFAULT_BANDS, KATEGORI_COLUMNS, Band, Where
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import error, has_errors
from lkt_excel.reading.reader import RawSheet
from lkt_excel.validate.cells import Cells, Context, is_blank, shown
from lkt_excel.validate.tables import Record, Table, read_table

PALETTE = tuple(band.color for band in DEFAULT_BANDS)  # highest band first

_HEX_COLOR = re.compile(r"^#?([0-9a-fA-F]{6})$")


class _BandRow(NamedTuple):
    """One row of the sheet as read, with the cells of its bounds."""

    name: str
    low: Decimal | None
    high: Decimal | None
    color: str | None
    low_ref: Where
    high_ref: Where


def default_color(index: int, count: int) -> str:
    """A colour from the default palette, spread over ``count`` bands (highest first)."""
    if count <= 1:
        return PALETTE[0]
    return PALETTE[round(index * (len(PALETTE) - 1) / (count - 1))]


def read_kategori(sheet: RawSheet, ctx: Context) -> tuple[Band, ...] | None:
    """The bands of sheet ``Kategori``, highest first; None (with problems) when unusable."""
    table = read_table(sheet, KATEGORI_COLUMNS, ctx)
    if table is None:
        return None
    start = len(ctx.problems)
    rows = _read_rows(table, Cells(ctx))
    if not rows:
        ctx.add(
            error(
                codes.KATEGORI_TIDAK_ADA,
                f"Lembar '{sheet.name}' tidak berisi satu pun kategori.",
                "Isi satu baris per kategori, atau hapus lembar itu untuk memakai kategori bawaan.",
                where=Where(sheet.name),
            )
        )
    if has_errors(ctx.problems[start:]):
        return None
    # Lowest first; a blank lower bound is the lowest of all.
    ordered = sorted(rows, key=lambda r: (r.low is not None, r.low or 0))
    _check_adjacent(ordered, ctx)
    if has_errors(ctx.problems[start:]):
        return None
    count = len(ordered)
    highest_first = list(reversed(ordered))
    return tuple(
        Band(
            row.name,
            row.low if index < count - 1 else None,
            row.color or default_color(index, count),
        )
        for index, row in enumerate(highest_first)
    )


def _read_rows(table: Table, cells: Cells) -> list[_BandRow]:
    ctx = cells.ctx
    rows: list[_BandRow] = []
    for excel_row, record in table.records():
        name_value, name_ref = record["Kategori"]
        name = cells.text(name_value)
        if not name:
            ctx.add(
                error(
                    codes.KATEGORI_KOSONG,
                    f"Baris {excel_row} lembar '{table.sheet.name}' tidak punya nama Kategori.",
                    "Isi nama kategori, mis. Sangat Tinggi.",
                    where=name_ref,
                )
            )
        low_value, low_ref = record.get("Batas Bawah", ("", name_ref))
        high_value, high_ref = record.get("Batas Atas", ("", name_ref))
        low = cells.number(low_value, low_ref, required=False) if "Batas Bawah" in record else None
        high = (
            cells.number(high_value, high_ref, required=False) if "Batas Atas" in record else None
        )
        if low is not None and high is not None and low >= high:
            ctx.add(
                error(
                    codes.BATAS_TERBALIK,
                    f"Kategori '{name}': Batas Bawah {format_id(low)} tidak lebih kecil dari "
                    f"Batas Atas {format_id(high)}.",
                    "Batas Bawah harus lebih kecil dari Batas Atas.",
                    where=high_ref,
                )
            )
        rows.append(_BandRow(name, low, high, _color(record, cells), low_ref, high_ref))
    return rows


def _color(record: Record, cells: Cells) -> str | None:
    """The Warna as ``#RRGGBB``; None when blank or wrong (reported)."""
    if "Warna" not in record or is_blank(record["Warna"][0]):
        return None
    color_value, color_ref = record["Warna"]
    match = _HEX_COLOR.match(cells.text(color_value))
    if match:
        return "#" + match.group(1).upper()
    cells.ctx.add(
        error(
            codes.WARNA_SALAH,
            f"Warna '{shown(color_value)}' di sel {color_ref.cell} bukan kode warna.",
            "Isi kode heksadesimal enam angka, mis. #00B050, atau kosongkan.",
            where=color_ref,
        )
    )
    return None


def _check_adjacent(ordered: list[_BandRow], ctx: Context) -> None:
    """Each band (lowest first) ends where the next one begins."""
    for below, above in zip(ordered, ordered[1:], strict=False):
        name, high = below.name, below.high
        if above.low is None:
            ctx.add(
                error(
                    codes.BATAS_BAWAH_KOSONG,
                    f"Kategori '{above.name}' tidak punya Batas Bawah, padahal hanya kategori "
                    "terendah yang boleh kosong.",
                    "Isi Batas Bawah kategori itu.",
                    where=above.low_ref,
                )
            )
        elif high is None:
            ctx.add(
                error(
                    codes.BATAS_ATAS_KOSONG,
                    f"Kategori '{name}' tidak punya Batas Atas, padahal di atasnya ada kategori "
                    f"'{above.name}' (mulai {format_id(above.low)}).",
                    f"Isi Batas Atas {format_id(above.low)}.",
                    where=below.high_ref,
                )
            )
        elif high != above.low:
            kind = "celah" if high < above.low else "tumpang tindih"
            code = codes.KATEGORI_CELAH if high < above.low else codes.KATEGORI_TUMPANG_TINDIH
            ctx.add(
                error(
                    code,
                    f"Ada {kind} antara kategori '{name}' (sampai di bawah {format_id(high)}) "
                    f"dan '{above.name}' (mulai {format_id(above.low)}).",
                    f"Samakan Batas Atas '{name}' dengan Batas Bawah '{above.name}'.",
                    where=below.high_ref,
                )
            )
