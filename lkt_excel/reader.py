"""Read the cells of an input workbook, and nothing more.

The result is a :class:`RawWorkbook`: every sheet as a grid of plain Python
values anchored at cell A1, so that a value's position is its Excel address.
Interpreting the cells is the validator's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import InputError, error

Cell = object  # str, float, int, bool, date/datetime/time/timedelta, or "" when empty


@dataclass(frozen=True)
class RawSheet:
    name: str
    rows: list[list[Cell]]  # rows[0] is Excel row 1; rows[r][0] is column A


@dataclass(frozen=True)
class RawWorkbook:
    sheets: tuple[RawSheet, ...]
    # Cells that hold a formula with no saved result, per sheet name: such a
    # cell reads as empty or 0, which must never be taken as a value.
    unsaved_formulas: tuple[tuple[str, str], ...] = ()


def _problem(code: str, message: str, fix: str) -> InputError:
    return InputError([error(code, message, fix)])


def read_workbook(path: Path) -> RawWorkbook:
    """Read every sheet's cells with python-calamine.

    Raises :class:`InputError` with an Indonesian message for files that
    cannot be read.
    """
    import python_calamine as calamine

    path = Path(path)
    if not path.exists():
        raise _problem(
            "berkas-tidak-ada",
            f"Berkas '{path}' tidak ditemukan.",
            "Periksa nama dan folder berkas.",
        )
    if path.is_dir():
        raise _problem(
            "berkas-adalah-folder",
            f"'{path}' adalah folder, bukan berkas Excel.",
            "Sebutkan berkas .xlsx di dalam folder itu.",
        )
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        sheets = tuple(
            RawSheet(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        )
    except calamine.PasswordError:
        raise _problem(
            "berkas-berkata-sandi",
            f"Berkas '{path.name}' dilindungi kata sandi.",
            "Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook), simpan, "
            "lalu coba lagi.",
        ) from None
    except (calamine.CalamineError, OSError, ValueError) as exc:
        raise _problem(
            "berkas-tidak-terbaca",
            f"Berkas '{path.name}' tidak dapat dibaca sebagai lembar kerja Excel ({exc}).",
            "Pastikan berkas adalah .xlsx, .xlsm, .xls atau .ods yang utuh; buka dan simpan "
            "ulang di Excel.",
        ) from None
    return RawWorkbook(sheets)
