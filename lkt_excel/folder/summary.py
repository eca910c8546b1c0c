"""What a run writes for people to read: ``ringkasan.xlsx`` and each error report.

``ringkasan.xlsx`` opens with a title block (what came of the run, of which
folder, when, by what), then one row per input: status, output or error
report, counts, and the first error or the inputs it duplicates. A failed
input's error report (``GAGAL <input name>.txt``) lists its problems located
as ``check`` shows them. Times are written the Indonesian way, whatever the
machine's locale.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from lkt_excel import __version__
from lkt_excel.core.dates import format_time_id
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import OutputError, Problem
from lkt_excel.core.render import table
from lkt_excel.core.text import printable
from lkt_excel.files import cannot_write, write_atomically
from lkt_excel.folder.results import FileResult, Status
from lkt_excel.report.formats import WORKBOOK_OPTIONS
from lkt_excel.report.style import FONT, FONT_SIZE, HEADER_FILL, TITLE_SIZE

SUMMARY_NAME = "ringkasan.xlsx"
SUMMARY_HEADERS = (
    "NO",
    "BERKAS MASUKAN",
    "STATUS",
    "BERKAS KELUARAN",
    "PERINGATAN",
    "GALAT",
    "KETERANGAN",
)
SUMMARY_WIDTHS = (5, 36, 13, 55, 11, 7, 60)
MAIL_HEADER, MAIL_WIDTH = "SUREL", 16  # before KETERANGAN, when the run drafted or sent email
SUMMARY_HEADER_ROW = 7  # Excel row of the table's header, under the title block
# ---------------------------------------------------------------------------
# ringkasan.xlsx
# ---------------------------------------------------------------------------

_PLAIN = {"font_name": FONT, "font_size": FONT_SIZE}  # the title block's lines
_CELL = {**_PLAIN, "border": 1, "valign": "top"}  # the table's cells


def summary_lines(rows: list[FileResult], folder: Path | None, now: datetime) -> list[str]:
    """The lines above the table: what came of the run, of which folder, when, by what."""
    built = sum(1 for r in rows if r.status is Status.BERHASIL)
    unchanged = sum(1 for r in rows if r.status is Status.TIDAK_BERUBAH)
    failed = sum(1 for r in rows if r.status is Status.GAGAL)
    other = sum(1 for r in rows if r.status is Status.PERIODE_LAIN)
    reports = sum(1 for r in rows if r.status is Status.LAPORAN)  # listed, not inputs
    duplicated = sum(1 for r in rows if r.duplicates)
    n = format_id  # counts in text are written the Indonesian way: 1.000
    counts = f"Berhasil {n(built)}, tidak berubah (dilewati) {n(unchanged)}, gagal {n(failed)}"
    if other:
        counts += f", periode lain {n(other)}"
    if duplicated:
        counts += f", ganda {n(duplicated)} (lihat KETERANGAN)"
    if reports:
        counts += f"; {n(reports)} berkas sudah laporan (tidak diproses)"
    return [
        f"{n(built + unchanged)} dari {n(len(rows) - reports)} berkas menjadi laporan.",
        counts + ".",
        f"Folder masukan: {folder}" if folder is not None else "",
        f"Dibuat {format_time_id(now)} oleh lkt-excel {__version__}.",
    ]


def write_summary(
    rows: list[FileResult],
    path: Path,
    *,
    folder: Path | None = None,
    now: datetime | None = None,
    notices: Iterable[Any] = (),
) -> Path:
    """``ringkasan.xlsx``: a title block, then one row per input; written atomically.

    ``notices`` (:class:`lkt_excel.folder.quarter.Notice`): what the console said
    besides the table, one row each on sheet ``Pemberitahuan``.

    Raises :class:`OutputError` when it cannot be written (e.g. open in Excel).
    """
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    now = now or datetime.now()
    try:
        with write_atomically(path) as staging:
            book = xlsxwriter.Workbook(str(staging), WORKBOOK_OPTIONS)
            sheet = book.add_worksheet("Ringkasan")
            _write_head(book, sheet, summary_lines(rows, folder, now))
            _write_table(book, sheet, rows)
            _set_up_page(sheet, rows, _columns(rows)[1])
            _write_notices(book, list(notices))
            book.close()
    except (OSError, FileCreateError) as exc:
        raise OutputError(cannot_write(path, exc, what="Ringkasan")) from exc
    return path


def _write_head(book: Any, sheet: Any, lines: list[str]) -> None:
    """The title, then the lines of :func:`summary_lines` (an empty one is left blank)."""
    bold = book.add_format({"bold": True, "font_name": FONT, "font_size": TITLE_SIZE})
    sheet.write_string(0, 0, "RINGKASAN PEMROSESAN LKT", bold)
    line_format = book.add_format(_PLAIN)
    for r, line in enumerate(lines, start=1):
        if line:
            sheet.write_string(r, 0, printable(line), line_format)


def _columns(rows: list[FileResult]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The table's headers and widths: with SUREL when any row has an email note."""
    if not any(row.mail is not None for row in rows):
        return SUMMARY_HEADERS, SUMMARY_WIDTHS
    return (
        (*SUMMARY_HEADERS[:6], MAIL_HEADER, *SUMMARY_HEADERS[6:]),
        (*SUMMARY_WIDTHS[:6], MAIL_WIDTH, *SUMMARY_WIDTHS[6:]),
    )


def _remark(row: FileResult) -> str:
    """KETERANGAN: the row's remark, then what came of its email."""
    return " ".join(text for text in (row.remark, row.mail.text if row.mail else "") if text)


_ALARM = (Status.GAGAL, Status.PERIODE_LAIN)  # statuses shown in bold red


def _write_table(book: Any, sheet: Any, rows: list[FileResult]) -> None:
    """The header and one row per input; a duplicate's row is shaded, a failure in red."""
    headers, widths = _columns(rows)
    last = len(headers) - 1  # KETERANGAN
    header_row = SUMMARY_HEADER_ROW - 1
    header = book.add_format({**_CELL, "bold": True, "bg_color": HEADER_FILL, "text_wrap": True})
    text = book.add_format({**_CELL, "text_wrap": True})
    failed = book.add_format({**_CELL, "bold": True, "font_color": "#C00000"})
    doubled = book.add_format({**_CELL, "text_wrap": True, "bg_color": "#FCE4D6"})
    for col, title in enumerate(headers):
        sheet.write_string(header_row, col, title, header)
    for index, row in enumerate(rows, start=1):
        r = header_row + index
        cell = doubled if row.duplicates else text
        sheet.write_number(r, 0, index, cell)
        sheet.write_string(r, 1, printable(row.label), cell)
        sheet.write_string(r, 2, row.status.value, failed if row.status in _ALARM else cell)
        sheet.write_string(r, 3, printable(row.shown_output), cell)
        sheet.write_number(r, 4, row.warnings, cell)
        sheet.write_number(r, 5, row.errors, cell)
        if last == 7:
            mailed = cell if row.mail is None or row.mail.ok else failed
            sheet.write_string(r, 6, row.mail.step if row.mail else "", mailed)
        sheet.write_string(r, last, printable(_remark(row)), cell)
        # Excel does not grow a row for wrapped text written by a program: estimate it.
        lines = max(
            -(-len(value) // widths[col])
            for col, value in ((1, row.label), (3, row.shown_output), (last, _remark(row)))
        )
        if lines > 1:
            sheet.set_row(r, min(409, 13 * lines))


def _set_up_page(
    sheet: Any, rows: list[FileResult], widths: tuple[int, ...] = SUMMARY_WIDTHS
) -> None:
    """Column widths, the header kept in view and filterable, A4 landscape one page wide."""
    header_row = SUMMARY_HEADER_ROW - 1
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(header_row + 1, 0)
    if rows:
        sheet.autofilter(header_row, 0, header_row + len(rows), len(widths) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # every column on the page width
    sheet.repeat_rows(header_row)


NOTICE_SHEET = "Pemberitahuan"
NOTICE_HEADERS = ("NO", "JENIS", "BERKAS ATAU FOLDER", "PEMBERITAHUAN")
NOTICE_WIDTHS = (5, 18, 40, 90)


def _write_notices(book: Any, notices: list[Any]) -> None:
    """Sheet Pemberitahuan: one row per notice (kind, file, message), or a line saying none."""
    sheet = book.add_worksheet(NOTICE_SHEET)
    header = book.add_format({**_CELL, "bold": True, "bg_color": HEADER_FILL})
    text = book.add_format({**_CELL, "text_wrap": True})
    for col, title in enumerate(NOTICE_HEADERS):
        sheet.write_string(0, col, title, header)
        sheet.set_column(col, col, NOTICE_WIDTHS[col])
    for index, notice in enumerate(notices, start=1):
        sheet.write_number(index, 0, index, text)
        for col, value in enumerate((notice.kind, notice.label, notice.message), start=1):
            sheet.write_string(index, col, printable(value), text)
        lines = -(-len(notice.message) // NOTICE_WIDTHS[3])
        if lines > 1:
            sheet.set_row(index, min(409, 13 * lines))
    if not notices:
        sheet.write_string(1, 1, "Tidak ada pemberitahuan.", book.add_format(_PLAIN))
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4, as the Ringkasan sheet
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


# ---------------------------------------------------------------------------
# The error report of a failed input
# ---------------------------------------------------------------------------


def error_report_text(label: str, problems: Iterable[Problem], now: datetime | None = None) -> str:
    problems = list(problems)
    now = now or datetime.now()
    errors = sum(1 for p in problems if p.is_error)
    lines = [
        f"LAPORAN GALAT lkt-excel {__version__}",
        f"Berkas masukan: {label}",
        f"Waktu: {format_time_id(now)}",
        f"Laporan tidak dibuat: {errors} galat harus diperbaiki dulu.",
        "",
        *table(problems).splitlines(),
        "",
        "Setelah berkas diperbaiki, jalankan lagi perintah yang sama; berkas yang tidak berubah "
        "dilewati.",
    ]
    return printable("\n".join(lines) + "\n")  # cell text cannot act on a terminal
