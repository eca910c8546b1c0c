"""Turn the raw cells of an input workbook into a :class:`Report`, or say why not.

Every problem is collected (not just the first) as a located :class:`Problem`
with an Indonesian message and fix. :func:`validate` never raises for bad
input; it returns ``(report or None, problems)``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, TypeVar

from lkt_excel.core.model import (
    DATA_COLUMNS,
    DEFAULT_DECIMALS,
    DEFAULT_TITLE,
    DEFAULT_UNIT,
    INDIKATOR_COLUMNS,
    LAPORAN_KEYS,
    QUARTERS,
    ROMAN,
    SHEET_DATA,
    SHEET_INDIKATOR,
    SHEET_KATEGORI,
    SHEET_LAPORAN,
    Aggregation,
    Column,
    Indicator,
    Observation,
    Polarity,
    Report,
    Rounding,
    Settings,
    Where,
    normalize,
)
from lkt_excel.core.numbers import NumberTextError, format_id, from_float, parse_id
from lkt_excel.core.problems import Problem, column_letter, error, has_errors, listed, warning
from lkt_excel.reading.reader import Cell, RawSheet, RawWorkbook

T = TypeVar("T")

HEADER_SCAN_ROWS = 20  # the header row may sit below this many title rows, at most
MAX_DECIMALS = 6
MIN_YEAR, MAX_YEAR = 2000, 2100

_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_PREFIX = re.compile(r"^(triwulan|tribulan|tw|q|kuartal)(ke)?")

POLARITY_WORDS = {
    "positif": Polarity.POSITIF,
    "naik": Polarity.POSITIF,
    "negatif": Polarity.NEGATIF,
    "turun": Polarity.NEGATIF,
}
AGGREGATION_WORDS = {
    "akhir": Aggregation.AKHIR,
    "terakhir": Aggregation.AKHIR,
    "jumlah": Aggregation.JUMLAH,
    "total": Aggregation.JUMLAH,
    "ratarata": Aggregation.RATA_RATA,
    "rerata": Aggregation.RATA_RATA,
}
ROUNDING_WORDS = {
    "normal": Rounding.NORMAL,
    "bulat": Rounding.NORMAL,
    "dibulatkan": Rounding.NORMAL,
    "potong": Rounding.POTONG,
    "dipotong": Rounding.POTONG,
}


PERCENT_WORDS = {"persen", "persentase", "prosen"}


def _unit(text: str) -> str:
    """The Satuan as typed, but '%' for a blank, 'persen', 'Persen (%)' or '(%)'.

    The default aggregation (akhir, never a sum of percentages) and the
    Pembilang-above-Penyebut check depend on recognising a percentage.
    """
    key = normalize(text)
    if not text or key in PERCENT_WORDS or (not key and "%" in text):
        return DEFAULT_UNIT
    return text


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_quarter(value: Cell) -> int | None:
    """1-4 from ``II``, ``2``, ``TW II``, ``Triwulan II``, ``tw2``; None if not a quarter."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value in QUARTERS else None
    return _quarter_from_text(str(value))


@lru_cache(maxsize=256)
def _quarter_from_text(text: str) -> int | None:
    """Cached: a Data sheet repeats the same few quarter texts on every row."""
    key = _QUARTER_PREFIX.sub("", normalize(text))
    if key.isdigit():
        return int(key) if int(key) in QUARTERS else None
    return _ROMAN_VALUE.get(key)


# ---------------------------------------------------------------------------
# Locating cells
# ---------------------------------------------------------------------------


@dataclass
class Context:
    """The problems found so far, and where the current value sits."""

    problems: list[Problem] = field(default_factory=list)
    # (sheet, address) of number cells formatted as a percentage (RawWorkbook.percent_cells)
    percent_cells: frozenset[tuple[str, str]] = frozenset()

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


class CellRef(NamedTuple):  # a tuple, not a dataclass: one is made per cell read, 3x cheaper
    sheet: str
    row: int  # 1-based
    col: int  # 1-based
    header: str | None

    @property
    def where(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": column_letter(self.col),
            "header": self.header,
        }

    @property
    def address(self) -> str:
        return f"{self.sheet}!{column_letter(self.col)}{self.row}"

    def to_where(self) -> Where:
        return Where(self.sheet, self.row, column_letter(self.col), self.header)


def percent_of(stored: Decimal) -> Decimal:
    """``stored`` x 100 exactly, without trailing zeros: 0,86 -> 86, 0,0269 -> 2,69."""
    taken = (stored * 100).normalize()
    return taken.quantize(Decimal(1)) if taken.as_tuple().exponent > 0 else taken  # type: ignore[operator]


def shown(value: Cell) -> str:
    """A cell's content as the message quotes it."""
    if isinstance(value, float):
        return format_id(from_float(value))
    return str(value).strip()


# ---------------------------------------------------------------------------
# Cell conversions: each returns a value or records a located problem
# ---------------------------------------------------------------------------


class Cells:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def text(self, value: Cell) -> str:
        if is_blank(value):
            return ""
        if isinstance(value, float):
            return format(from_float(value), "f")
        return str(value).strip()

    def number(self, value: Cell, ref: CellRef, *, required: bool) -> Decimal | None:
        if type(value) is float and value - value == 0:  # finite: the common case, first
            if self.ctx.percent_cells and self.is_percent(value, ref):
                return self._as_shown(from_float(value), ref)
            return from_float(value)
        if is_blank(value):
            if required:
                self.ctx.add(
                    error(
                        "angka-kosong",
                        f"Kolom '{ref.header}' wajib diisi angka, tetapi sel {ref.address} kosong.",
                        "Isi sel itu dengan angka.",
                        **ref.where,
                    )
                )
            return None
        if isinstance(value, (bool, date, datetime, time, timedelta)):
            self.ctx.add(
                error(
                    "bukan-angka",
                    f"Sel {ref.address} ('{ref.header}') berisi '{value}', bukan angka.",
                    "Isi sel itu dengan angka biasa dan format sel sebagai Number, bukan "
                    "tanggal atau TRUE/FALSE.",
                    **ref.where,
                )
            )
            return None
        if isinstance(value, (int, float)):
            if value != value or value in (float("inf"), float("-inf")):
                self.ctx.add(
                    error(
                        "bukan-angka",
                        f"Sel {ref.address} berisi nilai tak hingga.",
                        "Isi dengan angka biasa.",
                        **ref.where,
                    )
                )
                return None
            number = from_float(float(value))
            if self.is_percent(value, ref):
                return self._as_shown(number, ref)
            return number
        text = str(value).strip()
        if text.startswith("#"):
            self.ctx.add(
                error(
                    "sel-galat",
                    f"Sel {ref.address} ('{ref.header}') berisi galat Excel {text}.",
                    "Perbaiki rumus di sel itu atau ganti dengan angka.",
                    **ref.where,
                )
            )
            return None
        try:
            return parse_id(text)
        except NumberTextError as exc:
            hint = ""
            if exc.suggestions:
                hint = " Maksudnya " + " atau ".join(f"'{s}'" for s in exc.suggestions) + "?"
            fix = (
                "Tulis angka dengan cara Indonesia: titik untuk ribuan (1.334), koma untuk "
                "desimal (2,39); atau isi sebagai angka biasa."
            )
            if text.strip("-–— ") == "":  # a dash, as tables write "nothing"
                fix = (
                    "Isi 0 bila nilainya memang nol (mis. tidak ada target atau tidak ada "
                    "kejadian pada triwulan itu); tanda '-' tidak bisa dihitung."
                )
            self.ctx.add(
                error(
                    "bukan-angka",
                    f"Sel {ref.address} ('{ref.header}') berisi teks '{text}' yang tidak bisa "
                    f"dibaca sebagai angka.{hint}",
                    fix,
                    **ref.where,
                )
            )
            return None

    def is_percent(self, value: Cell, ref: CellRef) -> bool:
        """A number in a cell that Excel shows as a percentage (0,86 as 86%)."""
        return (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and (ref.sheet, f"{column_letter(ref.col)}{ref.row}") in self.ctx.percent_cells
        )

    def _as_shown(self, stored: Decimal, ref: CellRef) -> Decimal:
        """The figure a person reads in a percent-formatted cell: the stored value x 100."""
        taken = percent_of(stored)
        self.ctx.add(
            warning(
                "sel-format-persen",
                f"Sel {ref.address} ('{ref.header}') berformat persen: Excel menyimpan "
                f"{format_id(stored)}, yaitu {format_id(taken)}%; dibaca {format_id(taken)}.",
                "Format sel itu sebagai angka (Format Cells > Number), lalu ketik "
                f"{format_id(taken)}. Bila yang dimaksud memang {format_id(stored)}, ketik "
                f"{format_id(stored)} di sel berformat Number.",
                **ref.where,
            )
        )
        return taken

    def count(self, value: Cell, ref: CellRef, *, required: bool) -> Decimal | None:
        if self.is_percent(value, ref):
            stored = from_float(float(value))  # type: ignore[arg-type]
            self.ctx.add(
                error(
                    "jumlah-format-persen",
                    f"Sel {ref.address} ('{ref.header}') berformat persen: Excel menyimpan "
                    f"{format_id(stored)}, yaitu {format_id(percent_of(stored))}%. "
                    "Jumlah (banyaknya) tidak pernah persen.",
                    "Format sel itu sebagai angka (Format Cells > Number), lalu ketik "
                    "jumlahnya (bilangan bulat, mis. 32).",
                    **ref.where,
                )
            )
            return None
        number = self.number(value, ref, required=required)
        if number is None:
            return None
        if number < 0:
            self.ctx.add(
                error(
                    "jumlah-negatif",
                    f"Sel {ref.address} ('{ref.header}') berisi {format_id(number)}; "
                    "jumlah tidak boleh negatif.",
                    "Isi dengan jumlah 0 atau lebih.",
                    **ref.where,
                )
            )
            return None
        if number != number.to_integral_value():
            hint = ""
            if isinstance(value, str) and re.fullmatch(r"\d{1,3},\d{3}", value.strip()):
                # '1,334' typed the English way: a thousands comma, read as 1,334.
                hint = (
                    " Bila koma itu pemisah ribuan (cara Inggris), tulis "
                    f"{format_id(Decimal(value.strip().replace(',', '')))}."
                )
            self.ctx.add(
                error(
                    "jumlah-pecahan",
                    f"Sel {ref.address} ('{ref.header}') berisi {format_id(number)}; "
                    f"jumlah harus bilangan bulat.{hint}",
                    "Isi dengan bilangan bulat (banyaknya), bukan persen atau pecahan.",
                    **ref.where,
                )
            )
            return None
        return number

    def choice(self, value: Cell, ref: CellRef, words: Mapping[str, T], allowed: str) -> T | None:
        if is_blank(value):
            return None
        found = words.get(normalize(value))
        if found is None:
            self.ctx.add(
                error(
                    "pilihan-salah",
                    f"Sel {ref.address} ('{ref.header}') berisi '{shown(value)}', "
                    f"bukan salah satu dari: {allowed}.",
                    f"Pilih salah satu: {allowed}.",
                    **ref.where,
                )
            )
        return found


# ---------------------------------------------------------------------------
# Sheets and tables
# ---------------------------------------------------------------------------


def find_sheet(book: RawWorkbook, name: str) -> RawSheet | None:
    wanted = normalize(name)
    return next((s for s in book.sheets if normalize(s.name) == wanted), None)


def missing_sheet(book: RawWorkbook, name: str) -> Problem:
    names = ", ".join(f"'{s.name}'" for s in book.sheets) or "(tidak ada)"
    close = difflib.get_close_matches(name, [s.name for s in book.sheets], n=1, cutoff=0.5)
    hint = f" Mungkin lembar '{close[0]}'? Ganti namanya menjadi '{name}'." if close else ""
    return error(
        "lembar-hilang",
        f"Lembar '{name}' tidak ada. Lembar yang ada: {names}.{hint}",
        f"Tambahkan lembar bernama '{name}' (lihat perintah 'lkt-excel template').",
        sheet=name,
    )


def _header_keys(column: Column) -> set[str]:
    return {normalize(column.header), *column.aliases}


@dataclass(frozen=True)
class Table:
    sheet: RawSheet
    header_row: int  # 0-based index into sheet.rows
    columns: dict[str, int]  # contract header -> 0-based column index

    def records(self) -> Iterator[tuple[int, dict[str, tuple[Cell, CellRef]]]]:
        """Non-blank rows below the header: (Excel row, header -> (value, ref))."""
        # One pass per row over plain values first: this runs for every cell of the
        # input, so the references are made only for rows that are not blank.
        name, columns = self.sheet.name, tuple(self.columns.items())
        for index in range(self.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            width = len(row)
            values = [row[col] if col < width else "" for _, col in columns]
            if all(is_blank(v) for v in values):
                continue
            excel_row = index + 1
            yield (
                excel_row,
                {
                    header: (value, CellRef(name, excel_row, col + 1, header))
                    for (header, col), value in zip(columns, values, strict=True)
                },
            )


def read_table(sheet: RawSheet, columns: tuple[Column, ...], ctx: Context) -> Table | None:
    """Find the header row, map the contract's columns, report missing and extra ones."""
    keys = {key: col for col in columns for key in _header_keys(col)}
    best_index, best_hits = -1, 0
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        hits = sum(1 for v in row if not is_blank(v) and normalize(v) in keys)
        if hits > best_hits:
            best_index, best_hits = index, hits
    required = [c.header for c in columns if c.required]
    if best_index < 0:
        ctx.add(
            error(
                "judul-kolom-hilang",
                f"Lembar '{sheet.name}' tidak punya baris judul kolom (mis. "
                f"{', '.join(required)}) di {HEADER_SCAN_ROWS} baris pertama.",
                "Tulis judul kolom di satu baris di atas data (lihat perintah "
                "'lkt-excel template').",
                sheet=sheet.name,
            )
        )
        return None
    header_cells = sheet.rows[best_index]
    found: dict[str, int] = {}
    extras: list[tuple[int, str]] = []
    for col, value in enumerate(header_cells):
        if is_blank(value):
            continue
        column = keys.get(normalize(value))
        if column is None:
            extras.append((col, str(value).strip()))
        elif column.header in found:
            ctx.add(
                error(
                    "kolom-ganda",
                    f"Kolom '{column.header}' muncul dua kali di lembar '{sheet.name}'.",
                    "Hapus atau ganti nama salah satunya.",
                    sheet=sheet.name,
                    row=best_index + 1,
                    column=column_letter(col + 1),
                    header=column.header,
                )
            )
        else:
            found[column.header] = col
    missing = {
        header: difflib.get_close_matches(header, [text for _, text in extras], n=1, cutoff=0.6)
        for header in required
        if header not in found
    }
    for header, close in missing.items():
        hint = f" Mungkin kolom '{close[0]}' yang dimaksud?" if close else ""
        fix = f"Ubah judul kolom '{close[0]}' menjadi '{header}'." if close else ""
        if close and sum(other == close for other in missing.values()) > 1:
            # One header such as 'Target' over TW I-IV (a two-row header): renaming it
            # cannot serve every column.
            hint = f" Judul '{close[0]}' saja tidak cukup: setiap kolom perlu judulnya sendiri."
            fix = f"Tulis judul lengkap '{header}' di baris judul (baris {best_index + 1})."
        where = {}
        if close:
            col = next(c for c, text in extras if text == close[0])
            where = {"column": column_letter(col + 1)}
        ctx.add(
            error(
                "kolom-wajib-hilang",
                f"Kolom wajib '{header}' tidak ditemukan di lembar '{sheet.name}' "
                f"(baris judul: baris {best_index + 1}).{hint}",
                fix or f"Tambahkan kolom berjudul '{header}' di baris judul.",
                sheet=sheet.name,
                row=best_index + 1,
                header=header,
                **where,
            )
        )
    for col, text in extras:
        ctx.add(
            warning(
                "kolom-tidak-dikenal",
                f"Kolom '{text}' di lembar '{sheet.name}' tidak dikenal dan diabaikan.",
                "Biarkan bila memang catatan; bila maksudnya kolom baku, perbaiki judulnya.",
                sheet=sheet.name,
                row=best_index + 1,
                column=column_letter(col + 1),
                header=text,
            )
        )
    if any(h not in found for h in required):
        return None
    return Table(sheet, best_index, found)


# ---------------------------------------------------------------------------
# The three sheets
# ---------------------------------------------------------------------------


def read_settings(sheet: RawSheet, ctx: Context) -> Settings | None:
    keys = {normalize(c.header): c for c in LAPORAN_KEYS}
    values: dict[str, tuple[Cell, CellRef]] = {}
    unknown: dict[str, int] = {}  # an unknown key with a value -> its Excel row
    for index, row in enumerate(sheet.rows):
        if not row or is_blank(row[0]):
            continue
        column = keys.get(normalize(row[0]))
        value = row[1] if len(row) > 1 else ""
        ref = CellRef(sheet.name, index + 1, 2, column.header if column else str(row[0]).strip())
        if column is None:
            if not is_blank(value) and index >= 1:
                unknown.setdefault(str(row[0]).strip(), index + 1)
                ctx.add(
                    warning(
                        "kunci-tidak-dikenal",
                        f"Isian '{str(row[0]).strip()}' di lembar '{sheet.name}' tidak dikenal "
                        "dan diabaikan.",
                        "Isian yang dikenal: " + ", ".join(c.header for c in LAPORAN_KEYS) + ".",
                        sheet=sheet.name,
                        row=index + 1,
                        column="A",
                    )
                )
            continue
        if column.header in values:
            ctx.add(
                warning(
                    "kunci-ganda",
                    f"Isian '{column.header}' muncul lagi di baris {index + 1} lembar "
                    f"'{sheet.name}'; yang dipakai baris {values[column.header][1].row}.",
                    "Hapus baris yang tidak dipakai.",
                    **ref.where,
                )
            )
            continue
        values[column.header] = (value, ref)

    cells = Cells(ctx)
    start = len(ctx.problems)
    for column in LAPORAN_KEYS:
        given = values.get(column.header)
        if column.required and (given is None or is_blank(given[0])):
            key_row = given[1].row if given else None
            hint, fix, key_column = "", f"Isi {column.header}: {column.note}", "B"
            # 'Nama Instansi', 'Tahun Anggaran': the key written longer than the contract's.
            near = [k for k in unknown if normalize(column.header) in normalize(k)]
            if given is None and near:
                key_row, key_column = unknown[near[0]], "A"
                hint = f" Mungkin isian '{near[0]}' di {sheet.name}!A{key_row} yang dimaksud?"
                fix = f"Ubah '{near[0]}' di {sheet.name}!A{key_row} menjadi '{column.header}'."
            ctx.add(
                error(
                    "isian-wajib-kosong",
                    f"'{column.header}' wajib diisi di lembar '{sheet.name}' "
                    f"(kolom A: {column.header}, kolom B: isinya).{hint}",
                    fix,
                    sheet=sheet.name,
                    row=key_row,
                    column=key_column if key_row else None,
                    header=column.header,
                )
            )

    def get(name: str) -> tuple[Cell, CellRef]:
        return values.get(name, ("", CellRef(sheet.name, 0, 2, name)))

    tahun = _year(*get("Tahun"), ctx)
    tw_value, tw_ref = get("Triwulan")
    triwulan = parse_quarter(tw_value) if not is_blank(tw_value) else None
    if triwulan is None and not is_blank(tw_value):
        ctx.add(_bad_quarter(tw_value, tw_ref))
    desimal = DEFAULT_DECIMALS
    d_value, d_ref = get("Desimal")
    if not is_blank(d_value):
        number = cells.number(d_value, d_ref, required=False)
        if number is not None:
            if number != number.to_integral_value() or not 0 <= number <= MAX_DECIMALS:
                ctx.add(
                    error(
                        "desimal-salah",
                        f"Desimal {shown(d_value)} tidak bisa dipakai.",
                        f"Isi bilangan bulat 0 sampai {MAX_DECIMALS} (biasanya 2).",
                        **d_ref.where,
                    )
                )
            else:
                desimal = int(number)
    pembulatan = cells.choice(*get("Pembulatan"), ROUNDING_WORDS, "normal, potong")
    from lkt_excel.validate.printing import read_print_options  # imports this module

    print_options = read_print_options(get, cells, ctx)
    if has_errors(ctx.problems[start:]) or tahun is None or triwulan is None:
        return None
    return Settings(
        instansi=cells.text(get("Instansi")[0]),
        wilayah=cells.text(get("Wilayah")[0]),
        tahun=tahun,
        triwulan=triwulan,
        judul=cells.text(get("Judul")[0]) or DEFAULT_TITLE,
        desimal=desimal,
        pembulatan=pembulatan or Rounding.NORMAL,
        **print_options,  # type: ignore[arg-type]
    )


def _year(value: Cell, ref: CellRef, ctx: Context) -> int | None:
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
                "tahun-salah",
                f"Tahun '{text}' di {ref.address} tidak valid.",
                f"Isi tahun empat angka antara {MIN_YEAR} dan {MAX_YEAR}, mis. 2021.",
                **ref.where,
            )
        )
        return None
    return year


def _bad_quarter(value: Cell, ref: CellRef) -> Problem:
    return error(
        "triwulan-salah",
        f"Sel {ref.address} berisi '{shown(value)}', bukan triwulan.",
        "Isi I, II, III atau IV (boleh juga 1-4, 'TW II', 'Triwulan II').",
        **ref.where,
    )


@dataclass
class _IndicatorRow:
    indicator: Indicator
    row: int


def read_indicators(sheet: RawSheet, ctx: Context) -> tuple[list[_IndicatorRow], set[str] | None]:
    """The valid indicators, and every Kode in the sheet (None if the sheet has none).

    A Kode whose row has an error is known but not valid: its Data rows are
    then not reported again as an unknown Kode.
    """
    table = read_table(sheet, INDIKATOR_COLUMNS, ctx)
    if table is None:
        return [], None
    cells = Cells(ctx)
    rows: list[_IndicatorRow] = []
    first_row: dict[str, int] = {}
    sasaran = no = ""
    for number, (excel_row, record) in enumerate(table.records()):

        def text(header: str, record=record) -> str:
            return cells.text(record[header][0]) if header in record else ""

        kode_value, kode_ref = record["Kode"]
        kode = text("Kode")
        if not kode:
            ctx.add(
                error(
                    "kode-kosong",
                    f"Baris {excel_row} lembar '{sheet.name}' tidak punya Kode.",
                    "Isi Kode unik untuk setiap indikator, mis. IK1.",
                    **kode_ref.where,
                )
            )
        elif kode in first_row:
            ctx.add(
                error(
                    "kode-ganda",
                    f"Kode '{kode}' dipakai dua kali: baris {first_row[kode]} dan baris "
                    f"{excel_row}.",
                    "Beri setiap indikator Kode yang berbeda.",
                    **kode_ref.where,
                )
            )
        else:
            first_row[kode] = excel_row
        nama = text("Indikator Kinerja")
        if not nama:
            ctx.add(
                error(
                    "indikator-kosong",
                    f"Indikator berkode '{kode}' tidak punya nama.",
                    "Isi nama indikator kinerja.",
                    **record["Indikator Kinerja"][1].where,
                )
            )
        if number == 0 and "Sasaran Strategis" in record and not text("Sasaran Strategis"):
            # The first indicator has nothing above to continue.
            ctx.add(
                warning(
                    "sasaran-kosong",
                    f"Indikator pertama ({kode or f'baris {excel_row}'}) tidak punya "
                    "Sasaran Strategis; kolom SASARAN di laporan akan kosong.",
                    "Isi Sasaran Strategis pada baris indikator pertama (baris berikutnya "
                    "yang kosong mengikuti baris di atasnya).",
                    **record["Sasaran Strategis"][1].where,
                )
            )
        # A blank Sasaran continues the one above (cells merged in Excel read as blank).
        if text("Sasaran Strategis"):
            sasaran, no = text("Sasaran Strategis"), text("No")
        elif text("No"):
            no = text("No")
        targets = [cells.number(*record[f"Target TW {ROMAN[q]}"], required=True) for q in QUARTERS]
        total = (
            cells.number(*record["Target Total"], required=False)
            if "Target Total" in record
            else None
        )
        polaritas = (
            cells.choice(*record["Polaritas"], POLARITY_WORDS, "positif, negatif (naik, turun)")
            if "Polaritas" in record
            else None
        )
        agregasi = (
            cells.choice(*record["Agregasi"], AGGREGATION_WORDS, "akhir, jumlah, rata-rata")
            if "Agregasi" in record
            else None
        )
        satuan = _unit(text("Satuan"))
        if text("Uraian Penyebut") and satuan != "%" and "Satuan" in record:
            ctx.add(
                warning(
                    "rasio-bukan-persen",
                    f"Indikator '{kode}' adalah rasio (Uraian Penyebut terisi), jadi "
                    f"realisasinya dihitung pembilang / penyebut x 100, tetapi Satuannya "
                    f"'{satuan}', bukan %. Untuk rasio per 1.000 atau lainnya, angka ini keliru.",
                    "Bila satuannya memang persen, tulis % di Satuan. Bila bukan, kosongkan "
                    "Uraian Penyebut dan isi Pembilang di lembar Data dengan nilai rasio yang "
                    "sudah dihitung.",
                    **record["Satuan"][1].where,
                )
            )
        if not kode or (kode in first_row and first_row[kode] != excel_row):
            continue
        # A row with errors is still kept (zero for a bad target), so that its Data rows are
        # checked too; the errors already prevent a report.
        targets = [t if t is not None else Decimal(0) for t in targets]
        rows.append(
            _IndicatorRow(
                Indicator(
                    kode=kode,
                    nama=nama,
                    targets=tuple(targets),  # type: ignore[arg-type]
                    sasaran=sasaran,
                    no=no,
                    satuan=satuan,
                    polaritas=polaritas or Polarity.POSITIF,
                    uraian_pembilang=text("Uraian Pembilang"),
                    uraian_penyebut=text("Uraian Penyebut"),
                    target_total=total,
                    agregasi=agregasi,
                    keterangan=text("Keterangan"),
                    analisis=text("Analisis"),
                ),
                excel_row,
            )
        )
    if not first_row:
        ctx.add(
            error(
                "indikator-tidak-ada",
                f"Lembar '{sheet.name}' tidak berisi satu pun indikator.",
                "Isi satu baris per indikator di bawah baris judul kolom.",
                sheet=sheet.name,
            )
        )
        return rows, None
    return rows, set(first_row)


def read_data(
    sheet: RawSheet,
    indicators: dict[str, Indicator],
    triwulan: int | None,
    ctx: Context,
    known: set[str] | None = None,
) -> tuple[dict[str, dict[int, Observation]] | None, set[str]]:
    """The observations by Kode and quarter (None if the table cannot be read), and the
    Kodes with a refused row.

    ``known`` is every Kode of sheet Indikator, valid or not; None when that
    sheet gave none, so that no Data row is reported as an unknown Kode.
    """
    table = read_table(sheet, DATA_COLUMNS, ctx)
    found: dict[str, dict[int, Observation]] = {}
    refused: set[str] = set()
    if table is None:
        return None, refused
    penyebut_column_reported = False
    cells = Cells(ctx)
    seen: dict[tuple[str, int], int] = {}
    for excel_row, record in table.records():
        start = len(ctx.problems)
        kode_value, kode_ref = record["Kode"]
        kode = cells.text(kode_value)
        indicator = indicators.get(kode)
        if not kode:
            ctx.add(
                error(
                    "kode-kosong",
                    f"Baris {excel_row} lembar '{sheet.name}' tidak punya Kode.",
                    "Isi Kode indikator di setiap baris (sel yang digabung/merge terbaca kosong "
                    "kecuali baris pertamanya), atau hapus baris itu bila bukan data (mis. baris "
                    "jumlah).",
                    **kode_ref.where,
                )
            )
            continue
        if known is not None and kode not in known:
            ctx.add(_unknown_code(kode, kode_ref, sorted(known)))
            continue
        q_value, q_ref = record["Triwulan"]
        quarter = parse_quarter(q_value)
        if quarter is None:
            refused.add(kode)  # the missing quarter is probably this row's: not reported again
            ctx.add(
                _bad_quarter(q_value, q_ref)
                if not is_blank(q_value)
                else error(
                    "triwulan-kosong",
                    f"Sel {q_ref.address} (Triwulan) kosong.",
                    "Isi I, II, III atau IV.",
                    **q_ref.where,
                )
            )
            continue
        if (kode, quarter) in seen:
            ctx.add(
                error(
                    "data-ganda",
                    f"Data {kode} TW {ROMAN[quarter]} muncul dua kali: baris "
                    f"{seen[(kode, quarter)]} dan baris {excel_row}.",
                    "Hapus salah satu baris.",
                    **q_ref.where,
                )
            )
            continue
        seen[(kode, quarter)] = excel_row
        if triwulan is not None and quarter > triwulan:
            ctx.add(
                warning(
                    "data-sesudah-triwulan",
                    f"Data {kode} TW {ROMAN[quarter]} (baris {excel_row}) sesudah triwulan "
                    f"yang dilaporkan (TW {ROMAN[triwulan]}) dan diabaikan.",
                    "Biarkan, atau ubah Triwulan di lembar Laporan bila triwulan ini ikut "
                    "dilaporkan.",
                    **q_ref.where,
                )
            )
            continue
        if indicator is None:  # its row in Indikator has an error, reported there
            refused.add(kode)  # check what can be checked without the indicator
            cells.number(*record["Pembilang"], required=True)
            if "Penyebut" in record:
                cells.number(*record["Penyebut"], required=False)
            continue
        pembilang_value, pembilang_ref = record["Pembilang"]
        if indicator.is_ratio:
            pembilang = cells.count(pembilang_value, pembilang_ref, required=True)
        else:
            pembilang = cells.number(pembilang_value, pembilang_ref, required=True)
        penyebut = None
        if "Penyebut" in record:
            penyebut_value, penyebut_ref = record["Penyebut"]
            if indicator.is_ratio:
                penyebut = cells.count(penyebut_value, penyebut_ref, required=True)
                if penyebut == 0:
                    ctx.add(
                        error(
                            "penyebut-nol",
                            f"Penyebut {kode} TW {ROMAN[quarter]} di {penyebut_ref.address} "
                            "bernilai 0; pembagian dengan nol tidak bisa dihitung.",
                            "Isi penyebut yang benar (lebih dari 0).",
                            **penyebut_ref.where,
                        )
                    )
            elif not is_blank(penyebut_value):
                ctx.add(
                    warning(
                        "penyebut-diabaikan",
                        f"Indikator {kode} bukan rasio (Uraian Penyebut kosong), jadi "
                        f"penyebut di {penyebut_ref.address} diabaikan.",
                        "Kosongkan sel itu, atau isi Uraian Penyebut bila indikatornya rasio.",
                        **penyebut_ref.where,
                    )
                )
        elif indicator.is_ratio and not penyebut_column_reported:
            penyebut_column_reported = True
            ctx.add(
                error(
                    "kolom-wajib-hilang",
                    f"Indikator {kode} adalah rasio, tetapi lembar '{sheet.name}' tidak punya "
                    "kolom 'Penyebut'.",
                    "Tambahkan kolom berjudul 'Penyebut'.",
                    sheet=sheet.name,
                    row=table.header_row + 1,
                    header="Penyebut",
                )
            )
        reported = None
        reported_ref = None
        if "Realisasi Dilaporkan" in record:
            reported_value, reported_ref = record["Realisasi Dilaporkan"]
            reported = cells.number(reported_value, reported_ref, required=False)
        if has_errors(ctx.problems[start:]) or pembilang is None:
            refused.add(kode)
            continue
        if (
            indicator.is_ratio
            and penyebut
            and pembilang > penyebut
            and indicator.satuan.strip() == "%"
        ):
            ctx.add(
                warning(
                    "pembilang-lebih-besar",
                    f"Pembilang {kode} TW {ROMAN[quarter]} ({format_id(pembilang)}) lebih besar "
                    f"dari penyebutnya ({format_id(penyebut)}): realisasi di atas 100%.",
                    "Periksa apakah pembilang dan penyebut tertukar.",
                    **pembilang_ref.where,
                )
            )
        found.setdefault(kode, {})[quarter] = Observation(
            quarter=quarter,
            pembilang=pembilang,
            penyebut=penyebut,
            dilaporkan=reported,
            where=reported_ref.to_where() if reported_ref else pembilang_ref.to_where(),
        )
    return found, refused


def _triwulan_cell(sheet: RawSheet | None) -> tuple[Cell, CellRef] | None:
    """Laporan's Triwulan value and its cell (the first such key, as read_settings uses)."""
    if sheet is None:
        return None
    for index, row in enumerate(sheet.rows):
        if len(row) > 1 and not is_blank(row[0]) and normalize(row[0]) == "triwulan":
            return row[1], CellRef(sheet.name, index + 1, 2, "Triwulan")
    return None


def _reported_quarter(sheet: RawSheet | None) -> int | None:
    """Laporan's Triwulan when it is valid, read without reporting anything."""
    found = _triwulan_cell(sheet)
    if found is None or is_blank(found[0]):
        return None
    return parse_quarter(found[0])


def _data_stops_early(
    rows: list[_IndicatorRow],
    data: dict[str, dict[int, Observation]],
    refused: set[str],
    triwulan: int,
) -> int | None:
    """The quarter q < ``triwulan`` where the data of every indicator stops, else None.

    Then the Laporan's Triwulan is the likely mistake (last year's file copied),
    not a missing row per indicator. Indicators without any Data row do not
    count; a refused row (its quarter unsure) keeps the per-indicator errors.
    """
    if refused:
        return None
    ends = {
        max(have) if set(have) == set(range(1, max(have) + 1)) else None
        for have in (data.get(item.indicator.kode, {}) for item in rows)
        if have
    }
    if len(ends) != 1:
        return None
    end = ends.pop()
    return end if end is not None and end < triwulan else None


def _unknown_code(kode: str, ref: CellRef, known: list[str]) -> Problem:
    listed = ", ".join(known) or "(tidak ada)"
    close = difflib.get_close_matches(kode, known, n=1, cutoff=0.75)
    folded = [k for k in known if k.casefold() == kode.casefold()]
    hint = f" Mungkin '{(folded or close)[0]}'?" if folded or close else ""
    return error(
        "kode-tidak-dikenal",
        f"Kode '{kode}' tidak ada di lembar Indikator.{hint} Kode yang ada: {listed}.",
        "Perbaiki Kode atau tambahkan indikatornya di lembar Indikator.",
        **ref.where,
    )


def _ordered(rows: list[_IndicatorRow]) -> list[_IndicatorRow]:
    """Indicators grouped by sasaran in order of first appearance (stable)."""
    order: dict[str, int] = {}
    for item in rows:
        order.setdefault(normalize(item.indicator.sasaran), len(order))
    return sorted(rows, key=lambda item: order[normalize(item.indicator.sasaran)])


def validate(book: RawWorkbook) -> tuple[Report | None, list[Problem]]:
    ctx = Context(percent_cells=frozenset(book.percent_cells))
    for sheet_name, address in book.unsaved_formulas:
        ctx.add(
            error(
                "rumus-tanpa-hasil",
                f"Sel {sheet_name}!{address} berisi rumus yang hasilnya belum tersimpan "
                "(berkas dibuat program dan belum pernah dibuka di Excel).",
                "Buka berkas di Excel, simpan (Ctrl+S), lalu coba lagi.",
                sheet=sheet_name,
                column=re.sub(r"\d", "", address),
                row=int(re.sub(r"\D", "", address) or 0) or None,
            )
        )
    laporan, indikator, data_sheet = (
        find_sheet(book, name) for name in (SHEET_LAPORAN, SHEET_INDIKATOR, SHEET_DATA)
    )
    for name, sheet in zip(
        (SHEET_LAPORAN, SHEET_INDIKATOR, SHEET_DATA), (laporan, indikator, data_sheet), strict=True
    ):
        if sheet is None:
            ctx.add(missing_sheet(book, name))
    settings = read_settings(laporan, ctx) if laporan else None
    kategori = find_sheet(book, SHEET_KATEGORI)
    if kategori is not None:
        from lkt_excel.validate.printing import read_kategori

        bands = read_kategori(kategori, ctx)
        if settings is not None and bands:
            settings = replace(settings, bands=bands)
    # The reported quarter, also when another Laporan value is wrong, so that the
    # Data sheet is checked against it in the same run.
    triwulan = settings.triwulan if settings else _reported_quarter(laporan)
    rows: list[_IndicatorRow] = []
    known: set[str] | None = None
    if indikator is not None:
        rows, known = read_indicators(indikator, ctx)
    by_code = {item.indicator.kode: item.indicator for item in rows}
    data: dict[str, dict[int, Observation]] | None = None
    refused: set[str] = set()
    if data_sheet is not None:
        data, refused = read_data(data_sheet, by_code, triwulan, ctx, known)
    if triwulan is not None and data_sheet is not None and data is not None:
        end = _data_stops_early(rows, data, refused, triwulan)
        tw_cell = _triwulan_cell(laporan)
        if end is not None and tw_cell is not None:
            later = [f"TW {ROMAN[q]}" for q in QUARTERS if end < q <= triwulan]
            ctx.add(
                error(
                    "triwulan-melebihi-data",
                    f"Triwulan di {tw_cell[1].address} adalah {ROMAN[triwulan]}, tetapi "
                    f"lembar Data hanya berisi data sampai TW {ROMAN[end]}.",
                    f"Ubah Triwulan menjadi {ROMAN[end]} bila laporan ini untuk TW "
                    f"{ROMAN[end]}, atau tambahkan data {listed(later)} di lembar Data.",
                    **tw_cell[1].where,
                )
            )
        for item in rows:
            have = data.get(item.indicator.kode, {})
            missing = [q for q in QUARTERS if q <= triwulan and q not in have]
            if end is not None and tw_cell is not None and have:
                continue  # its missing quarters are the Triwulan error above
            if missing and item.indicator.kode not in refused:
                ctx.add(
                    error(
                        "data-triwulan-hilang",
                        f"Indikator {item.indicator.kode} tidak punya data untuk "
                        + ", ".join(f"TW {ROMAN[q]}" for q in missing)
                        + f" (dilaporkan sampai TW {ROMAN[triwulan]}).",
                        "Tambahkan satu baris di lembar Data untuk setiap triwulan itu.",
                        sheet=data_sheet.name,
                    )
                )
    ctx.problems = _fold_into_unsaved_formulas(ctx.problems)
    if has_errors(ctx.problems) or settings is None or data is None:
        return None, ctx.problems
    indicators = tuple(
        _with_observations(item.indicator, data.get(item.indicator.kode, {}))
        for item in _ordered(rows)
    )
    return Report(settings, indicators), ctx.problems


def _fold_into_unsaved_formulas(problems: list[Problem]) -> list[Problem]:
    """Drop what a cell's unknown formula result causes (it reads as blank): one error per cell.

    The formula's own error takes the column header of the dropped ones, so it
    names the column like every other cell problem.
    """
    formulas = {(p.sheet, p.row, p.column) for p in problems if p.code == "rumus-tanpa-hasil"}
    headers: dict[tuple[str | None, int | None, str | None], str] = {}
    kept = []
    for problem in problems:
        place = (problem.sheet, problem.row, problem.column)
        if place in formulas and problem.code != "rumus-tanpa-hasil":
            if problem.header:
                headers.setdefault(place, problem.header)
            continue
        kept.append(problem)
    return [
        replace(p, header=headers[(p.sheet, p.row, p.column)])
        if p.code == "rumus-tanpa-hasil" and (p.sheet, p.row, p.column) in headers
        else p
        for p in kept
    ]


def _with_observations(indicator: Indicator, observations: dict[int, Observation]) -> Indicator:
    return replace(indicator, observations=dict(sorted(observations.items())))
