"""Validation of what the printed report needs: capaian rule, paper, signature, kategori.

Hooked into :mod:`lkt_excel.validate.workbook`: :func:`read_print_options` reads the
optional ``Laporan`` keys, :func:`read_kategori` the optional sheet
``Kategori``. Both record located problems and never raise for bad input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from lkt_excel.core.model import (
    DEFAULT_BANDS,
    KATEGORI_COLUMNS,
    Band,
    NegativeRule,
    Paper,
    Signature,
)
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import error, has_errors, warning
from lkt_excel.reading.reader import Cell, RawSheet
from lkt_excel.validate.workbook import CellRef, Cells, Context, is_blank, read_table, shown

NEGATIVE_RULE_WORDS: dict[str, object] = {
    "selisih": NegativeRule.SELISIH,
    "baku": NegativeRule.SELISIH,
    "standar": NegativeRule.SELISIH,
    "kebalikan": NegativeRule.KEBALIKAN,
    "terbalik": NegativeRule.KEBALIKAN,
}
PAPER_WORDS: dict[str, object] = {"f4": Paper.F4, "folio": Paper.F4, "a4": Paper.A4}

NIP_DIGITS = 18
_HEX_COLOR = re.compile(r"^#?([0-9a-fA-F]{6})$")

Getter = Callable[[str], tuple[Cell, CellRef]]


def format_nip(text: str) -> str:
    """``197512291999022001`` -> ``19751229 199902 2 001`` (birth date, appointment, sex, serial).

    A leading ``NIP``/``NIP.`` is dropped; anything not 18 digits stays as typed.
    """
    text = re.sub(r"^\s*NIP\s*\.?\s*:?\s*", "", text, flags=re.IGNORECASE).strip()
    digits = re.sub(r"[\s.]", "", text)
    if len(digits) == NIP_DIGITS and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return text


def format_tanggal(value: date) -> str:
    """A date the Indonesian way: ``10 Januari 2022``."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale="id")


def read_print_options(get: Getter, cells: Cells, ctx: Context) -> dict[str, object]:
    """``Rumus Negatif``, ``Kertas`` and the signature keys, as Settings keyword arguments."""
    options: dict[str, object] = {}
    rule = cells.choice(*get("Rumus Negatif"), NEGATIVE_RULE_WORDS, "selisih, kebalikan")
    if rule is not None:
        options["rumus_negatif"] = rule
    paper = cells.choice(*get("Kertas"), PAPER_WORDS, "F4, A4")
    if paper is not None:
        options["kertas"] = paper
    texts = {key: cells.text(get(key)[0]) for key in ("Tempat", "Jabatan", "Nama", "Pangkat")}
    options["signature"] = Signature(
        tempat=texts["Tempat"],
        tanggal=_tanggal(*get("Tanggal"), ctx),
        jabatan=texts["Jabatan"],
        nama=texts["Nama"],
        pangkat=texts["Pangkat"],
        nip=_nip(*get("NIP"), ctx),
    )
    return options


def _tanggal(value: Cell, ref: CellRef, ctx: Context) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, (date, datetime)):
        return format_tanggal(value)
    if isinstance(value, str):
        return value.strip()
    ctx.add(
        error(
            "tanggal-salah",
            f"Tanggal '{shown(value)}' di sel {ref.address} bukan tanggal.",
            "Isi tanggal, mis. 10 Januari 2022 (sebagai teks atau sel berformat tanggal).",
            **ref.where,
        )
    )
    return ""


def _nip(value: Cell, ref: CellRef, ctx: Context) -> str:
    if is_blank(value):
        return ""
    if not isinstance(value, str):
        ctx.add(
            error(
                "nip-angka",
                f"NIP di sel {ref.address} tersimpan sebagai angka; Excel hanya menyimpan 15 "
                "angka pertama, sehingga NIP 18 angka menjadi rusak.",
                "Ketik ulang NIP sebagai teks: awali dengan tanda petik, mis. "
                "'19751229 199902 2 001, atau format selnya sebagai Text.",
                **ref.where,
            )
        )
        return ""
    nip = format_nip(value)
    if not re.fullmatch(r"\d{8} \d{6} \d \d{3}", nip):
        ctx.add(
            warning(
                "nip-tidak-lazim",
                f"NIP '{value.strip()}' di sel {ref.address} tidak terdiri atas {NIP_DIGITS} "
                "angka; dicetak apa adanya.",
                "Periksa NIP penanda tangan.",
                **ref.where,
            )
        )
    return nip


# ---------------------------------------------------------------------------
# Sheet Kategori
# ---------------------------------------------------------------------------

PALETTE = tuple(band.color for band in DEFAULT_BANDS)  # highest band first


def default_color(index: int, count: int) -> str:
    """A colour from the default palette, spread over ``count`` bands (highest first)."""
    if count <= 1:
        return PALETTE[0]
    return PALETTE[round(index * (len(PALETTE) - 1) / (count - 1))]


def read_kategori(sheet: RawSheet, ctx: Context) -> tuple[Band, ...] | None:
    """The bands of sheet ``Kategori``, highest first; None (with problems) when unusable.

    Each row is a band from ``Batas Bawah`` (inclusive) to ``Batas Atas``
    (exclusive). Sorted by lower bound, each band's upper bound must be the
    next band's lower bound: no gap, no overlap. The lowest band's lower bound
    and the highest band's upper bound may be blank.
    """
    table = read_table(sheet, KATEGORI_COLUMNS, ctx)
    if table is None:
        return None
    cells = Cells(ctx)
    start = len(ctx.problems)
    rows: list[tuple[str, Decimal | None, Decimal | None, str | None, CellRef, CellRef]] = []
    for excel_row, record in table.records():
        name_value, name_ref = record["Kategori"]
        name = cells.text(name_value)
        if not name:
            ctx.add(
                error(
                    "kategori-kosong",
                    f"Baris {excel_row} lembar '{sheet.name}' tidak punya nama Kategori.",
                    "Isi nama kategori, mis. Sangat Tinggi.",
                    **name_ref.where,
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
                    "batas-terbalik",
                    f"Kategori '{name}': Batas Bawah {format_id(low)} tidak lebih kecil dari "
                    f"Batas Atas {format_id(high)}.",
                    "Batas Bawah harus lebih kecil dari Batas Atas.",
                    **high_ref.where,
                )
            )
        color = None
        if "Warna" in record and not is_blank(record["Warna"][0]):
            color_value, color_ref = record["Warna"]
            match = _HEX_COLOR.match(cells.text(color_value))
            if match:
                color = "#" + match.group(1).upper()
            else:
                ctx.add(
                    error(
                        "warna-salah",
                        f"Warna '{shown(color_value)}' di sel {color_ref.address} bukan kode "
                        "warna.",
                        "Isi kode heksadesimal enam angka, mis. #00B050, atau kosongkan.",
                        **color_ref.where,
                    )
                )
        rows.append((name, low, high, color, low_ref, high_ref))
    if not rows:
        ctx.add(
            error(
                "kategori-tidak-ada",
                f"Lembar '{sheet.name}' tidak berisi satu pun kategori.",
                "Isi satu baris per kategori, atau hapus lembar itu untuk memakai kategori bawaan.",
                sheet=sheet.name,
            )
        )
    if has_errors(ctx.problems[start:]):
        return None
    # Lowest first; a blank lower bound is the lowest of all.
    ordered = sorted(rows, key=lambda r: (r[1] is not None, r[1] or 0))
    for below, above in zip(ordered, ordered[1:], strict=False):
        name, low, high, _, low_ref, high_ref = below
        if above[1] is None:
            ctx.add(
                error(
                    "batas-bawah-kosong",
                    f"Kategori '{above[0]}' tidak punya Batas Bawah, padahal hanya kategori "
                    "terendah yang boleh kosong.",
                    "Isi Batas Bawah kategori itu.",
                    **above[4].where,
                )
            )
        elif high is None:
            ctx.add(
                error(
                    "batas-atas-kosong",
                    f"Kategori '{name}' tidak punya Batas Atas, padahal di atasnya ada kategori "
                    f"'{above[0]}' (mulai {format_id(above[1])}).",
                    f"Isi Batas Atas {format_id(above[1])}.",
                    **high_ref.where,
                )
            )
        elif high != above[1]:
            kind = "celah" if high < above[1] else "tumpang tindih"
            code = "kategori-celah" if high < above[1] else "kategori-tumpang-tindih"
            ctx.add(
                error(
                    code,
                    f"Ada {kind} antara kategori '{name}' (sampai di bawah {format_id(high)}) "
                    f"dan '{above[0]}' (mulai {format_id(above[1])}).",
                    f"Samakan Batas Atas '{name}' dengan Batas Bawah '{above[0]}'.",
                    **high_ref.where,
                )
            )
    if has_errors(ctx.problems[start:]):
        return None
    count = len(ordered)
    highest_first = list(reversed(ordered))
    return tuple(
        Band(name, low if index < count - 1 else None, color or default_color(index, count))
        for index, (name, low, _, color, _, _) in enumerate(highest_first)
    )
