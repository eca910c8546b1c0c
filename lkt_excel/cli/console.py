"""What the commands print: lines, problem tables, the folder summary and progress.

Every text here is what a user reads, in Indonesian. rich (for the progress bar
and the summary table) and the problem table are imported only when something
is shown on a terminal, so that ``--help`` stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from lkt_excel.files import SPREADSHEETS_LISTED


def say(text: str = "", *, err: bool = False) -> None:
    """Print a line: without escape sequences, controls and invisible characters (see
    :func:`lkt_excel.core.text.printable`), so text from a cell or a file name cannot
    act on the terminal."""
    from lkt_excel.core.text import printable

    typer.echo(printable(text), err=err)


def json_text(data: object) -> str:
    """``data`` as JSON for ``--json``: non-ASCII characters escaped (``\\u2013``), so
    any console can print it and nothing in it acts on the terminal."""
    import json

    return json.dumps(data, ensure_ascii=True, indent=2)


def warn_if_open(path: Path) -> None:
    """A file open in Excel is read as last saved: say so before its report."""
    from lkt_excel.files import is_open_elsewhere, open_elsewhere_notice

    if is_open_elsewhere(path):
        say(open_elsewhere_notice(f"'{path}'"))


def render_problems(problems, *, err: bool = True) -> None:
    """Errors first, then warnings; each with its cell, column header, message and fix."""
    import shutil

    from lkt_excel.core.render import table

    width = max(80, min(140, shutil.get_terminal_size((100, 24)).columns))
    say(table(problems, width), err=err)


def fail(exc: BaseException, debug: bool) -> typer.Exit:
    """Turn a known failure into a message and exit code 1; anything else too, kindly."""
    from lkt_excel.core.problems import InputError, OutputError

    if debug:
        raise exc
    if isinstance(exc, InputError):
        render_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.is_error)
        say(f"Laporan tidak dibuat: {errors} galat harus diperbaiki dulu.", err=True)
    elif isinstance(exc, OutputError):
        say(f"GALAT: {exc}", err=True)
    else:
        say(
            f"GALAT tak terduga: {exc.__class__.__name__}: {exc}. Jalankan lagi dengan --debug "
            "dan kirim keluarannya ke pengelola alat ini.",
            err=True,
        )
    return typer.Exit(1)


class Progress:
    """Per-file progress: a rich bar on a terminal, one plain line per file otherwise."""

    def __init__(self) -> None:
        self.finished = 0
        self.bar: Any = None  # rich.progress.Progress, imported only on a terminal
        self.escape: Callable[[str], str] = str  # rich.markup.escape with the bar

    def start(self, total: int) -> None:
        if sys.stdout.isatty():
            from rich.markup import escape

            self.escape = escape
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("Memproses"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
            )
            self.bar.start()
            self.bar.add_task("", total=total)

    def file(self, row) -> None:
        self.finished += 1
        if self.bar is None:
            say(file_line(row))
        else:
            self.bar.update(
                self.bar.task_ids[0], advance=1, description=self.escape(_shown(row.label))
            )

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _shown(text: str) -> str:
    from lkt_excel.core.text import one_line

    return one_line(text)


def file_line(row) -> str:
    shown = f" -> {row.shown_output}" if row.shown_output else ""
    return f"{row.status.value:<13} {row.label}{shown}"


def say_file(row) -> None:
    say(file_line(row))


class WatchNotices:
    """What ``--pantau`` says after each round: each warning once, as soon as it appears.

    ``retired_message`` words the old reports moved away (the folder library's own).
    """

    def __init__(self, retired_message: Callable[[list[str]], str]) -> None:
        self.retired_message = retired_message
        self.told: set[str] = set()

    def after_round(self, now) -> None:
        for duplicate in now.duplicates:
            if duplicate.message not in self.told:
                self.told.add(duplicate.message)
                say(duplicate.message)
        moved = [name for name in now.retired if name not in self.told]
        if moved:
            self.told.update(moved)
            say(self.retired_message(moved))
        if now.open_message and now.open_message not in self.told:
            self.told.add(now.open_message)
            say(now.open_message)
        for notice in now.notices:  # the coordinator's notices (folder.quarter), once each
            if notice.kind not in _TOLD_ABOVE and notice.message not in self.told:
                self.told.add(notice.message)
                say(notice.message)


# Notices WatchNotices words its own way (above), as they appear.
_TOLD_ABOVE = ("ganda", "usang", "berkas terbuka")


def render_summary(result, *, duplicates: bool = True) -> None:
    """The summary table: file, status, output (or error report), warnings, errors.

    ``duplicates``: also name files for the same report and the old reports moved
    away (``--pantau`` names them as they appear).
    """
    from lkt_excel.core.numbers import format_id

    if not result.files:
        say(
            f"Tidak ada berkas Excel ({SPREADSHEETS_LISTED}) di '{result.folder}'. "
            "Berkas di subfolder ikut diproses dengan --rekursif."
        )
        for notice in result.notices:
            say(notice.message)
        return
    _summary_table(result)
    say(
        f"{format_id(result.built)} dari {format_id(len(result.files))} berkas menjadi laporan; "
        f"hasil di: {result.outdir}"
    )
    if result.summary is not None:
        say(f"Ringkasan: {result.summary}")
    if result.recap is not None:
        say(f"Rekap: {result.recap}")
    if result.pdfs or result.pdf_errors:
        say(
            f"PDF: {format_id(len(result.pdfs))} dibuat"
            + (f", {format_id(len(result.pdf_errors))} tidak dibuat" if result.pdf_errors else "")
            + "."
        )
    if result.summary_error:
        say(f"GALAT: {result.summary_error}", err=True)
    for failure in getattr(result, "write_errors", ()):
        say(f"GALAT: {failure}", err=True)
    for row in result.failed:
        if not row.error_report and row.message:  # its error report could not be written
            say(f"GALAT: {row.label}: {row.message}", err=True)
    if result.failed:
        say(
            f"{format_id(len(result.failed))} berkas gagal: lihat berkas 'GAGAL ...txt' di "
            "folder hasil."
        )
    if result.other_period:
        say(
            f"{format_id(len(result.other_period))} berkas untuk periode lain: tidak masuk rekap "
            "(lihat di bawah)."
        )
    if result.notices and duplicates:  # every notice, as ringkasan.xlsx lists them
        for notice in result.notices:
            say(notice.message)
        return
    for duplicate in result.duplicates if duplicates else ():
        say(duplicate.message)
    if result.open_message and duplicates:
        say(result.open_message)
    if result.retired_message and duplicates:
        say(result.retired_message)


def _summary_table(result) -> None:
    """One row per file: a rich table on a terminal, aligned plain columns otherwise."""
    headers = ("Berkas", "Status", "Keluaran", "Peringatan", "Galat")
    rows = [
        (_shown(f.label), f.status.value, _shown(f.shown_output), str(f.warnings), str(f.errors))
        for f in result.files
    ]
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(*headers, title="Ringkasan")
        for row in rows:
            style = None if row[1] != "gagal" else "bold red"
            table.add_row(*(escape(cell) for cell in row), style=style)
        Console().print(table)
    else:
        widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
        for row in (headers, *rows):
            say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
