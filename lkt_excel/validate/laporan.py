"""Sheet ``Laporan``: the report's :class:`Settings`, with its print options and signature.

The sheet is a list of keys (column A) and values (column B). :func:`read_keys`
reads them into :class:`LaporanKeys`; :func:`read_settings` checks the required
keys and the year, quarter, decimals and rounding, and :func:`read_print_options`
the optional keys for print (capaian rule, paper, the signature block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from lkt_excel.core import catalogue as codes
from lkt_excel.core.dates import format_date_id
from lkt_excel.core.model import (
    DEFAULT_DECIMALS,
    DEFAULT_TITLE,
    LAPORAN_KEYS,
    NegativeRule,
    Paper,
    Rounding,
    Settings,
    Signature,
    Where,
    normalize,
)
from lkt_excel.core.problems import error, has_errors, warning
from lkt_excel.mail.addresses import parse_addresses
from lkt_excel.reading.reader import Cell, RawSheet
from lkt_excel.validate.cells import (
    Cells,
    Context,
    bad_quarter,
    is_blank,
    parse_quarter,
    screen,
    shown,
    unshowable,
)

MAX_DECIMALS = 6
MIN_YEAR, MAX_YEAR = 2000, 2100
NIP_DIGITS = 18

ROUNDING_WORDS = {
    "normal": Rounding.NORMAL,
    "bulat": Rounding.NORMAL,
    "dibulatkan": Rounding.NORMAL,
    "potong": Rounding.POTONG,
    "dipotong": Rounding.POTONG,
}
NEGATIVE_RULE_WORDS = {
    "selisih": NegativeRule.SELISIH,
    "baku": NegativeRule.SELISIH,
    "standar": NegativeRule.SELISIH,
    "kebalikan": NegativeRule.KEBALIKAN,
    "terbalik": NegativeRule.KEBALIKAN,
}
PAPER_WORDS = {"f4": Paper.F4, "folio": Paper.F4, "a4": Paper.A4}
MAIL_KEYS = ("Surel Tujuan", "Surel Tembusan")  # To and Cc of the report's email


@dataclass
class LaporanKeys:
    """The keys of sheet Laporan as read: each known key's value and cell (column B)."""

    sheet: str
    values: dict[str, tuple[Cell, Where]] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)  # a key with a value -> its Excel row

    def get(self, name: str) -> tuple[Cell, Where]:
        """The value of key ``name`` and its cell; blank, at row 0, when the key is absent."""
        return self.values.get(name, ("", Where(self.sheet, 0, "B", name)))


@dataclass(frozen=True)
class PrintOptions:
    """The optional keys for print; None where the key is blank (the Settings default)."""

    rumus_negatif: NegativeRule | None
    kertas: Paper | None
    signature: Signature


def read_keys(sheet: RawSheet, ctx: Context) -> LaporanKeys:
    """Key -> value, warning of unknown keys and of a key given twice (the first is used)."""
    keys = {normalize(c.header): c for c in LAPORAN_KEYS}
    found = LaporanKeys(sheet.name)
    for index, row in enumerate(sheet.rows):
        if not row or is_blank(row[0]):
            continue
        column = keys.get(normalize(row[0]))
        value = row[1] if len(row) > 1 else ""
        ref = Where(sheet.name, index + 1, "B", column.header if column else str(row[0]).strip())
        if column is None:
            if not is_blank(value) and index >= 1:
                found.unknown.setdefault(str(row[0]).strip(), index + 1)
                ctx.add(
                    warning(
                        codes.KUNCI_TIDAK_DIKENAL,
                        f"Isian '{str(row[0]).strip()}' di lembar '{sheet.name}' tidak dikenal "
                        "dan diabaikan.",
                        "Isian yang dikenal: " + ", ".join(c.header for c in LAPORAN_KEYS) + ".",
                        where=Where(sheet.name, index + 1, "A"),
                    )
                )
            continue
        if column.header in found.values:
            ctx.add(
                warning(
                    codes.KUNCI_GANDA,
                    f"Isian '{column.header}' muncul lagi di baris {index + 1} lembar "
                    f"'{sheet.name}'; yang dipakai baris {found.values[column.header][1].row}.",
                    "Hapus baris yang tidak dipakai.",
                    where=ref,
                )
            )
            continue
        as_number = column.header == "NIP" and isinstance(value, (int, float))  # nip-angka
        if (unshowable(value) and not as_number) or f"B{ref.row}" in ctx.error_cells.get(
            sheet.name, {}
        ):
            value = screen({column.header: (value, ref)}, ctx)[column.header][0]
        found.values[column.header] = (value, ref)
    return found


def read_settings(sheet: RawSheet, ctx: Context) -> Settings | None:
    """The settings, or None when a key has an error (every problem is recorded)."""
    keys = read_keys(sheet, ctx)
    cells = Cells(ctx)
    start = len(ctx.problems)
    _report_required(keys, ctx)
    tahun = _year(*keys.get("Tahun"), ctx)
    tw_value, tw_ref = keys.get("Triwulan")
    triwulan = parse_quarter(tw_value) if not is_blank(tw_value) else None
    if triwulan is None and not is_blank(tw_value):
        ctx.add(bad_quarter(tw_value, tw_ref))
    desimal = _decimals(*keys.get("Desimal"), cells, ctx)
    pembulatan = cells.choice(*keys.get("Pembulatan"), ROUNDING_WORDS, "normal, potong")
    options = read_print_options(keys, cells, ctx)
    tujuan, tembusan = (_addresses(*keys.get(key), ctx) for key in MAIL_KEYS)
    if has_errors(ctx.problems[start:]) or tahun is None or triwulan is None:
        return None
    return Settings(
        instansi=cells.text(keys.get("Instansi")[0]),
        wilayah=cells.text(keys.get("Wilayah")[0]),
        tahun=tahun,
        triwulan=triwulan,
        judul=cells.text(keys.get("Judul")[0]) or DEFAULT_TITLE,
        desimal=desimal,
        pembulatan=pembulatan or Rounding.NORMAL,
        rumus_negatif=options.rumus_negatif or NegativeRule.SELISIH,
        kertas=options.kertas or Paper.F4,
        signature=options.signature,
        surel_tujuan=tujuan,
        surel_tembusan=tembusan,
    )


def _report_required(keys: LaporanKeys, ctx: Context) -> None:
    """An error per required key that is absent or blank, naming a longer key close to it."""
    for column in LAPORAN_KEYS:
        given = keys.values.get(column.header)
        if not column.required or (given is not None and not is_blank(given[0])):
            continue
        key_row = given[1].row if given else None
        hint, fix, key_column = "", f"Isi {column.header}: {column.note}", "B"
        # 'Nama Instansi', 'Tahun Anggaran': the key written longer than the contract's.
        near = [k for k in keys.unknown if normalize(column.header) in normalize(k)]
        if given is None and near:
            key_row, key_column = keys.unknown[near[0]], "A"
            hint = f" Mungkin isian '{near[0]}' di {keys.sheet}!A{key_row} yang dimaksud?"
            fix = f"Ubah '{near[0]}' di {keys.sheet}!A{key_row} menjadi '{column.header}'."
        ctx.add(
            error(
                codes.ISIAN_WAJIB_KOSONG,
                f"'{column.header}' wajib diisi di lembar '{keys.sheet}' "
                f"(kolom A: {column.header}, kolom B: isinya).{hint}",
                fix,
                where=Where(keys.sheet, key_row, key_column if key_row else None, column.header),
            )
        )


def _year(value: Cell, ref: Where, ctx: Context) -> int | None:
    if is_blank(value):
        return None  # reported as a missing required key
    year = None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value):
        year = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        year = int(value.strip())
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        text = str(year) if year is not None else shown(value)
        ctx.add(
            error(
                codes.TAHUN_SALAH,
                f"Tahun '{text}' di {ref.cell} tidak valid.",
                f"Isi tahun empat angka antara {MIN_YEAR} dan {MAX_YEAR}, mis. 2021.",
                where=ref,
            )
        )
        return None
    return year


def _decimals(value: Cell, ref: Where, cells: Cells, ctx: Context) -> int:
    """Desimal as a whole number 0 to MAX_DECIMALS; the default when blank or wrong."""
    if is_blank(value):
        return DEFAULT_DECIMALS
    number = cells.number(value, ref, required=False)
    if number is None:
        return DEFAULT_DECIMALS
    if number != number.to_integral_value() or not 0 <= number <= MAX_DECIMALS:
        ctx.add(
            error(
                codes.DESIMAL_SALAH,
                f"Desimal {shown(value)} tidak bisa dipakai.",
                f"Isi bilangan bulat 0 sampai {MAX_DECIMALS} (biasanya 2).",
                where=ref,
            )
        )
        return DEFAULT_DECIMALS
    return int(number)


def _addresses(value: Cell, ref: Where, ctx: Context) -> tuple[str, ...]:
    """The good addresses of a ``Surel`` key; each bad one is an error at the key's cell."""
    if is_blank(value):
        return ()
    parsed = parse_addresses(value, key=ref.header or "Surel Tujuan")
    for problem in parsed.problems:
        ctx.add(replace(problem, where=ref))
    return parsed.addresses


def triwulan_cell(sheet: RawSheet | None) -> tuple[Cell, Where] | None:
    """Laporan's Triwulan value and its cell (the first such key, as read_keys uses)."""
    if sheet is None:
        return None
    for index, row in enumerate(sheet.rows):
        if len(row) > 1 and not is_blank(row[0]) and normalize(row[0]) == "triwulan":
            return row[1], Where(sheet.name, index + 1, "B", "Triwulan")
    return None


def reported_quarter(sheet: RawSheet | None) -> int | None:
    """Laporan's Triwulan when it is valid, read without reporting anything."""
    found = triwulan_cell(sheet)
    if found is None or is_blank(found[0]):
        return None
    return parse_quarter(found[0])


# ---------------------------------------------------------------------------
# The keys for print: capaian rule, paper, signature
# ---------------------------------------------------------------------------


def read_print_options(keys: LaporanKeys, cells: Cells, ctx: Context) -> PrintOptions:
    """``Rumus Negatif``, ``Kertas`` and the signature keys."""
    rule = cells.choice(*keys.get("Rumus Negatif"), NEGATIVE_RULE_WORDS, "selisih, kebalikan")
    paper = cells.choice(*keys.get("Kertas"), PAPER_WORDS, "F4, A4")
    texts = {key: cells.text(keys.get(key)[0]) for key in ("Tempat", "Jabatan", "Nama", "Pangkat")}
    signature = Signature(
        tempat=texts["Tempat"],
        tanggal=_tanggal(*keys.get("Tanggal"), ctx),
        jabatan=texts["Jabatan"],
        nama=texts["Nama"],
        pangkat=texts["Pangkat"],
        nip=_nip(*keys.get("NIP"), ctx),
    )
    return PrintOptions(rule, paper, signature)


def format_nip(text: str) -> str:
    """``197512291999022001`` -> ``19751229 199902 2 001`` (birth date, appointment, sex, serial).

    A leading ``NIP``/``NIP.`` is dropped; anything not 18 digits stays as typed.
    """
    text = re.sub(r"^\s*NIP\s*\.?\s*:?\s*", "", text, flags=re.IGNORECASE).strip()
    digits = re.sub(r"[\s.]", "", text)
    if len(digits) == NIP_DIGITS and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return text


def _tanggal(value: Cell, ref: Where, ctx: Context) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, (date, datetime)):
        return format_date_id(value)
    if isinstance(value, str):
        return value.strip()
    ctx.add(
        error(
            codes.TANGGAL_SALAH,
            f"Tanggal '{shown(value)}' di sel {ref.cell} bukan tanggal.",
            "Isi tanggal, mis. 10 Januari 2022 (sebagai teks atau sel berformat tanggal).",
            where=ref,
        )
    )
    return ""


def _nip(value: Cell, ref: Where, ctx: Context) -> str:
    if is_blank(value):
        return ""
    if not isinstance(value, str):
        ctx.add(
            error(
                codes.NIP_ANGKA,
                f"NIP di sel {ref.cell} tersimpan sebagai angka; Excel hanya menyimpan 15 "
                "angka pertama, sehingga NIP 18 angka menjadi rusak.",
                "Ketik ulang NIP sebagai teks: awali dengan tanda petik, mis. "
                "'19751229 199902 2 001, atau format selnya sebagai Text.",
                where=ref,
            )
        )
        return ""
    nip = format_nip(value)
    if not re.fullmatch(r"\d{8} \d{6} \d \d{3}", nip):
        ctx.add(
            warning(
                codes.NIP_TIDAK_LAZIM,
                f"NIP '{value.strip()}' di sel {ref.cell} tidak terdiri atas {NIP_DIGITS} "
                "angka; dicetak apa adanya.",
                "Periksa NIP penanda tangan.",
                where=ref,
            )
        )
    return nip
