"""The documented limits on an input file, and the refusals the checks share.

The limits (README, "Limits") bound what a file may make the parser allocate;
the real inputs are a few hundred rows. Every refusal is an
:class:`InputError` whose :class:`Problem` says, in Indonesian, what is wrong
and how to fix it.
"""

from __future__ import annotations

import re
from pathlib import Path

from lkt_excel.core import catalogue as codes
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import InputError, column_letter, error

MAX_FILE_BYTES = 50 * 1024 * 1024  # the file on disk
MAX_MEMBERS = 5_000  # entries in the zip container
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all zip members together, once inflated
MAX_RATIO = 200  # inflated / compressed size of one member, checked above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # smaller members may compress as well as they like
MAX_ROWS = 50_000  # per sheet
MAX_COLUMNS = 256  # per sheet: columns A to IV
MAX_CELLS = 2_000_000  # per sheet: rows x columns of the area from A1 to the last cell
MAX_CELL_BYTES = 1024 * 1024  # one cell's XML; Excel's own limit is 32,767 characters
MAX_SCAN_SECONDS = 60  # the pre-scan of one file; a 50 MB file takes a few seconds

EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384

# Excel never writes these declarations; attacks use them (billion laughs, external
# entities), so XML that holds one is refused wherever it appears.
DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)

RESAVE = "Buka berkas di Excel, simpan sebagai Buku Kerja Excel (.xlsx), lalu coba lagi."


def refuse(code: str, message: str, fix: str, **where: object) -> InputError:
    """The error for a file that is not read, with one problem."""
    return InputError([error(code, message, fix, **where)])


def megabytes(size: int) -> str:
    """``size`` bytes as whole megabytes, written the Indonesian way."""
    return f"{format_id(size // (1024 * 1024))} MB"


def too_big(path: Path, detail: str) -> InputError:
    """The refusal of a file whose content would inflate past a limit."""
    return refuse(
        codes.ISI_TERLALU_BESAR,
        f"Berkas '{path.name}' ditolak: {detail}. Berkas seperti ini dapat menghabiskan memori "
        "komputer, jadi tidak dibuka.",
        "Bila berkas ini memang laporan Anda, salin ketiga lembarnya (Laporan, Indikator, Data) "
        "ke buku kerja baru di Excel dan simpan.",
    )


def check_sheet_size(sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet that spans more than :data:`MAX_ROWS`, :data:`MAX_COLUMNS` or
    :data:`MAX_CELLS`."""
    if rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS:
        return
    last = f"{column_letter(min(max(columns, 1), EXCEL_MAX_COLUMN))}{rows}"
    raise refuse(
        codes.LEMBAR_TERLALU_BESAR,
        f"Lembar '{sheet}' memakai sel sampai {last} ({format_id(rows)} baris x "
        f"{format_id(columns)} kolom). Batasnya {format_id(MAX_ROWS)} baris, {MAX_COLUMNS} kolom "
        f"(sampai kolom {column_letter(MAX_COLUMNS)}) dan {format_id(MAX_CELLS)} sel per lembar; "
        "lembar sebesar ini dapat menghabiskan memori komputer, jadi berkas tidak dibuka.",
        "Hapus baris dan kolom kosong di luar tabel (pilih, klik kanan > Delete), atau "
        "pindahkan lembar itu ke berkas lain; simpan, lalu coba lagi.",
        sheet=sheet,
    )
