"""Reading one cell: blank or not, as quoted, as text, number, count, choice or quarter.

Every sheet's checks are built from these. A conversion returns the value, or
None after recording a located :class:`Problem` in the :class:`Context`, the
collector that one validation run passes around. Each cell read is known by
its :class:`~lkt_excel.core.model.Where`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import QUARTERS, SHEET_ANGGARAN, Where, normalize
from lkt_excel.core.numbers import LIMIT, NumberTextError, format_id, from_float, parse_id
from lkt_excel.core.problems import Problem, error, warning
from lkt_excel.reading.hidden import Hidden
from lkt_excel.reading.reader import Cell

T = TypeVar("T")

_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_PREFIX = re.compile(r"^(triwulan|tribulan|tw|q|kuartal)(ke)?")
# 450,000 or 1,250,000; not 0,500 (a decimal written with three places).
_ENGLISH_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+%?")
MAX_TEXT = 32_767  # characters Excel keeps in one cell
Placed = dict[str, tuple[object, Where]]  # a row as read: header -> (value, its place)


@dataclass
class Context:
    """The problems found so far in one validation run, and what the pre-scan knows."""

    problems: list[Problem] = field(default_factory=list)
    # (sheet, address) of number cells formatted as a percentage (RawWorkbook.percent_cells)
    percent_cells: frozenset[tuple[str, str]] = frozenset()
    # Hidden rows, columns and sheets (RawWorkbook.hidden), for messages that name a row
    hidden: Hidden = field(default_factory=Hidden)
    # sheet -> address -> error text, of the cells holding an Excel error (RawWorkbook.error_cells)
    error_cells: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Cells screen() blanked for what they hold: an error there, not a cell left empty
    blanked: set[Where] = field(default_factory=set)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Cell) -> str:
    """A cell's content as the message quotes it."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return format_id(from_float(value))
    return str(value).strip()


def unshowable(value: Cell) -> bool:
    """A number the report cannot show (NaN, infinite, 10^15 or more) or a text too long."""
    kind = type(value)
    if kind is float or kind is int:
        return not -LIMIT < value < LIMIT  # type: ignore[operator]  # NaN compares False
    return kind is str and len(value) > MAX_TEXT  # type: ignore[arg-type]


def screen(record: Placed, ctx: Context) -> Placed:
    """``record`` with every error cell and every value the report cannot show blanked, each
    reported at its cell (the validator's fold drops what the blank causes there)."""
    errors = ctx.error_cells.get(next(iter(record.values()))[1].sheet) if record else None
    changed: Placed | None = None
    for header, (value, ref) in record.items():
        text = errors.get(f"{ref.column}{ref.row}") if errors else None
        if text is not None:
            ctx.add(
                error(
                    codes.SEL_GALAT,
                    f"Sel {ref.cell} ('{ref.header}') berisi galat Excel {text}; sel ini tidak "
                    "dibaca sebagai kosong.",
                    "Perbaiki rumus di sel itu (mis. pembagian dengan nol, acuan yang tidak ada) "
                    "atau ganti dengan nilai yang benar.",
                    where=ref,
                )
            )
        elif unshowable(value):
            ctx.add(unshowable_problem(value, ref))
        else:
            continue
        changed = changed if changed is not None else dict(record)
        changed[header] = ("", ref)
        ctx.blanked.add(ref)
    return record if changed is None else changed


def unshowable_problem(value: object, ref: Where) -> Problem:
    """The error for a value :func:`unshowable` refuses (or a Decimal read from text)."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return error(
            codes.TEKS_TERLALU_PANJANG,
            f"Sel {ref.cell} ('{ref.header}') berisi {format_id(len(value))} karakter; Excel "
            f"hanya menyimpan {format_id(MAX_TEXT)} karakter per sel, jadi laporan akan "
            "memotongnya.",
            f"Persingkat teks itu menjadi paling banyak {format_id(MAX_TEXT)} karakter.",
            where=ref,
        )
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        finite = value == value and value not in (float("inf"), float("-inf"))
        if isinstance(value, Decimal):
            finite = value.is_finite()
        if finite:
            return error(
                codes.ANGKA_TERLALU_BESAR,
                f"Sel {ref.cell} ('{ref.header}') berisi angka {value:.6g}, 10^15 atau "
                "lebih: laporan tidak bisa menampilkannya dengan tepat (Excel hanya "
                "menyimpan 15 angka).",
                "Periksa angka itu (salah ketik, atau nomor yang bukan jumlah?) dan isi "
                "angka yang benar.",
                where=ref,
            )
    return error(
        codes.BUKAN_ANGKA,
        f"Sel {ref.cell} ('{ref.header}') berisi '{shown(value)}' (bukan angka atau tak "
        "hingga), yang tidak bisa dihitung.",
        "Isi dengan angka biasa.",
        where=ref,
    )


def percent_of(stored: Decimal) -> Decimal:
    """``stored`` x 100 exactly, without trailing zeros: 0,86 -> 86, 0,0269 -> 2,69."""
    taken = (stored * 100).normalize()
    return taken.quantize(Decimal(1)) if taken.as_tuple().exponent > 0 else taken  # type: ignore[operator]


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


def bad_quarter(value: Cell, ref: Where) -> Problem:
    """A filled Triwulan cell (Laporan or Data) that is no quarter."""
    return error(
        codes.TRIWULAN_SALAH,
        f"Sel {ref.cell} berisi '{shown(value)}', bukan triwulan.",
        "Isi I, II, III atau IV (boleh juga 1-4, 'TW II', 'Triwulan II').",
        where=ref,
    )


def _money_example(bare: str) -> str:
    """``, mis. 2.500.000.000 (...)``: the figure after 'Rp' when it reads safely as one
    (``1.000,-`` is 1.000), else only the format note."""
    bare = bare.strip().removesuffix(",-").removesuffix(",00").strip()
    note = " (sel boleh diberi format mata uang Rupiah)."
    if _ENGLISH_THOUSANDS.fullmatch(bare):
        return note
    try:
        parse_id(bare)
    except NumberTextError:
        return note
    return f", mis. {bare}{note}"


class Cells:
    """Cell conversions: each returns a value or records a located problem in ``ctx``."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def text(self, value: Cell) -> str:
        if is_blank(value):
            return ""
        if isinstance(value, float):
            return format(from_float(value), "f") if value - value == 0 else str(value)
        return str(value).strip()

    def number(self, value: Cell, ref: Where, *, required: bool) -> Decimal | None:
        if type(value) is float and -LIMIT < value < LIMIT:  # the common case, first
            if self.ctx.percent_cells and self.is_percent(value, ref):
                return self._as_shown(from_float(value), ref)
            return from_float(value)
        if is_blank(value):
            if required:
                self.ctx.add(
                    error(
                        codes.ANGKA_KOSONG,
                        f"Kolom '{ref.header}' wajib diisi angka, tetapi sel {ref.cell} kosong.",
                        "Isi sel itu dengan angka.",
                        where=ref,
                    )
                )
            return None
        if isinstance(value, (bool, date, datetime, time, timedelta)):
            self.ctx.add(
                error(
                    codes.BUKAN_ANGKA,
                    f"Sel {ref.cell} ('{ref.header}') berisi '{value}', bukan angka.",
                    "Isi sel itu dengan angka biasa dan format sel sebagai Number, bukan "
                    "tanggal atau TRUE/FALSE.",
                    where=ref,
                )
            )
            return None
        if isinstance(value, (int, float)):
            return self._from_number(value, ref)
        return self._from_text(str(value).strip(), ref)

    def _from_number(self, value: int | float, ref: Where) -> Decimal | None:
        if unshowable(value):  # NaN, infinite or too large (screen() blanks them first)
            self.ctx.add(unshowable_problem(value, ref))
            return None
        number = from_float(float(value))
        if self.is_percent(value, ref):
            return self._as_shown(number, ref)
        return number

    def _from_text(self, text: str, ref: Where) -> Decimal | None:
        if text.startswith("#"):
            self.ctx.add(
                error(
                    codes.SEL_GALAT,
                    f"Sel {ref.cell} ('{ref.header}') berisi galat Excel {text}.",
                    "Perbaiki rumus di sel itu atau ganti dengan angka.",
                    where=ref,
                )
            )
            return None
        if _ENGLISH_THOUSANDS.fullmatch(text):
            self.ctx.add(self._english_thousands(text, ref))
            return None
        try:
            number = parse_id(text)
            if not number.is_finite() or not -LIMIT < number < LIMIT:  # 'NaN1', '1e30'
                self.ctx.add(unshowable_problem(number, ref))
                return None
            return number
        except NumberTextError as exc:
            hint = ""
            if exc.suggestions:
                hint = " Maksudnya " + " atau ".join(f"'{s}'" for s in exc.suggestions) + "?"
            fix = (
                "Tulis angka dengan cara Indonesia: titik untuk ribuan (1.334), koma untuk "
                "desimal (2,39); atau isi sebagai angka biasa."
            )
            currency = re.match(r"\s*rp\.?\s*", text, re.IGNORECASE)
            if currency and text[currency.end() :]:  # "Rp 2.500.000.000": money typed as text
                fix = "Hapus 'Rp': isi angkanya saja" + _money_example(text[currency.end() :])
            elif text.rstrip().endswith(",-") and text.strip(",- "):  # "150.000.000,-"
                fix = "Hapus ',-': isi angkanya saja" + _money_example(text)
            elif text.strip("-–— ") == "" and normalize(ref.sheet) == normalize(SHEET_ANGGARAN):
                fix = "Isi 0 bila belum ada realisasi; tanda '-' tidak bisa dihitung."
            elif text.strip("-–— ") == "":  # a dash, as tables write "nothing"
                fix = (
                    "Isi 0 bila nilainya memang nol (mis. tidak ada kejadian pada triwulan "
                    "itu); tanda '-' tidak bisa dihitung. Bila indikatornya tidak diukur pada "
                    "triwulan itu, isi '-' pada targetnya di lembar Indikator."
                )
            self.ctx.add(
                error(
                    codes.BUKAN_ANGKA,
                    f"Sel {ref.cell} ('{ref.header}') berisi teks '{text}' yang tidak bisa "
                    f"dibaca sebagai angka.{hint}",
                    fix,
                    where=ref,
                )
            )
            return None

    @staticmethod
    def _english_thousands(text: str, ref: Where) -> Problem:
        """'450,000': 450 the Indonesian way, 450000 the English way; neither is safe.

        With two commas or more (1,250,000) there is no Indonesian reading at all.
        """
        english = Decimal(text.rstrip("%").replace(",", ""))
        try:
            as_written: Decimal | None = parse_id(text).normalize()  # 450,000 -> 450
        except NumberTextError:
            as_written = None
        if as_written is None:
            read = "koma itu pemisah ribuan cara Inggris"
            meant = ""
        else:
            read = (
                f"dengan cara Indonesia dibaca {format_id(as_written)} (koma = desimal), "
                "tetapi koma itu tampaknya pemisah ribuan cara Inggris"
            )
            meant = f"; bila yang dimaksud memang {format_id(as_written)}, tulis itu"
        return error(
            codes.ANGKA_RIBUAN_KOMA,
            f"Sel {ref.cell} ('{ref.header}') berisi teks '{text}': {read}, yaitu "
            f"{format_id(english)}.",
            f"Tulis {format_id(english)} (titik untuk ribuan) atau isi sebagai angka biasa{meant}.",
            where=ref,
        )

    def is_percent(self, value: Cell, ref: Where) -> bool:
        """A number in a cell that Excel shows as a percentage (0,86 as 86%)."""
        return (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and (ref.sheet, f"{ref.column}{ref.row}") in self.ctx.percent_cells
        )

    def _as_shown(self, stored: Decimal, ref: Where) -> Decimal | None:
        """The figure a person reads in a percent-formatted cell: the stored value x 100."""
        taken = percent_of(stored)
        if not -LIMIT < taken < LIMIT:  # x 100 past what the report can show
            self.ctx.add(unshowable_problem(taken, ref))
            return None
        self.ctx.add(
            warning(
                codes.SEL_FORMAT_PERSEN,
                f"Sel {ref.cell} ('{ref.header}') berformat persen: Excel menyimpan "
                f"{format_id(stored)}, yaitu {format_id(taken)}%; dibaca {format_id(taken)}.",
                "Format sel itu sebagai angka (Format Cells > Number), lalu ketik "
                f"{format_id(taken)}. Bila yang dimaksud memang {format_id(stored)}, ketik "
                f"{format_id(stored)} di sel berformat Number.",
                where=ref,
            )
        )
        return taken

    def count(self, value: Cell, ref: Where, *, required: bool) -> Decimal | None:
        """A number of things: never a percentage, never negative, whole."""
        if self.is_percent(value, ref):
            stored = from_float(float(value))  # type: ignore[arg-type]
            self.ctx.add(
                error(
                    codes.JUMLAH_FORMAT_PERSEN,
                    f"Sel {ref.cell} ('{ref.header}') berformat persen: Excel menyimpan "
                    f"{format_id(stored)}, yaitu {format_id(percent_of(stored))}%. "
                    "Jumlah (banyaknya) tidak pernah persen.",
                    "Format sel itu sebagai angka (Format Cells > Number), lalu ketik "
                    "jumlahnya (bilangan bulat, mis. 32).",
                    where=ref,
                )
            )
            return None
        number = self.number(value, ref, required=required)
        if number is None:
            return None
        if number < 0:
            self.ctx.add(
                error(
                    codes.JUMLAH_NEGATIF,
                    f"Sel {ref.cell} ('{ref.header}') berisi {format_id(number)}; "
                    "jumlah tidak boleh negatif.",
                    "Isi dengan jumlah 0 atau lebih.",
                    where=ref,
                )
            )
            return None
        if number != number.to_integral_value():
            self.ctx.add(self._fraction(value, number, ref))
            return None
        return number

    @staticmethod
    def _fraction(value: Cell, number: Decimal, ref: Where) -> Problem:
        return error(
            codes.JUMLAH_PECAHAN,
            f"Sel {ref.cell} ('{ref.header}') berisi {format_id(number)}; "
            "jumlah harus bilangan bulat.",
            "Isi dengan bilangan bulat (banyaknya), bukan persen atau pecahan.",
            where=ref,
        )

    def choice(self, value: Cell, ref: Where, words: Mapping[str, T], allowed: str) -> T | None:
        if is_blank(value):
            return None
        found = words.get(normalize(value))
        if found is None:
            self.ctx.add(
                error(
                    codes.PILIHAN_SALAH,
                    f"Sel {ref.cell} ('{ref.header}') berisi '{shown(value)}', "
                    f"bukan salah satu dari: {allowed}.",
                    f"Pilih salah satu: {allowed}.",
                    where=ref,
                )
            )
        return found
