"""Read the cells of an input workbook, and nothing more.

The result is a :class:`RawWorkbook`: every sheet as a grid of plain Python
values anchored at cell A1, so that a value's position is its Excel address.
Interpreting the cells is the validator's job.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from lkt_excel import programs
from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import normalize
from lkt_excel.core.problems import Problem
from lkt_excel.reading import child
from lkt_excel.reading.error_cells import ErrorCell, error_cells
from lkt_excel.reading.formulas import read_formulas
from lkt_excel.reading.hidden import Hidden, hidden_parts
from lkt_excel.reading.inspection import inspect, password_protected
from lkt_excel.reading.limits import refuse

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
    # Warnings about the file as a whole (an .xls renamed .xlsx), for the report's notes.
    notes: tuple[Problem, ...] = ()
    # Number cells formatted as a percentage, per sheet name: Excel shows the
    # stored 0.86 as 86%, and the person means 86 (found by the pre-scan).
    percent_cells: tuple[tuple[str, str], ...] = ()
    # Hidden rows, columns and sheets (.xlsx only), so that none is read in silence.
    hidden: Hidden = Hidden()
    # Formula text by (sheet, cell), read only for a workbook that may be an office's own
    # table (no sheets Indikator and Data): how its TOTAL is made, where its counts are.
    formulas: dict[tuple[str, str], str] = field(default_factory=dict)
    # Cells holding an Excel error (#DIV/0!, #N/A): calamine reads them as "" (error_cells).
    error_cells: tuple[ErrorCell, ...] = ()


CHILD_TIMEOUT = 120  # seconds for python-calamine to read one file


def read_workbook(path: Path, *, isolated: bool = True) -> RawWorkbook:
    """Read every sheet's cells with python-calamine, safely.

    :func:`~lkt_excel.reading.inspection.inspect` looks at the bytes first and refuses what must not
    be parsed; the parse itself runs in a child process (:func:`read_cells`),
    so a file that crashes the parser cannot take the caller down. Raises
    :class:`InputError` with an Indonesian message for files that cannot be read.

    ``isolated=False`` parses in this process, under the same caps set on this
    process (:func:`~lkt_excel.reading.child.capped_answer`: its address space limited,
    and the process ended should the parse outrun :data:`CHILD_TIMEOUT`): for callers
    that are already a disposable process whose death is handled (the workers of
    ``proses``), where a second process per file would only cost time.
    """
    path = Path(path)
    found = inspect(path)
    sheets = read_cells(path, found.kind, isolated=isolated)
    hidden = hidden_parts(path, found.kind)
    names = {normalize(sheet.name) for sheet in sheets}
    formulas = read_formulas(path, found.kind) if not {"indikator", "data"} <= names else {}
    return RawWorkbook(
        sheets,
        found.unsaved_formulas,
        found.notes,
        found.percent_cells,
        hidden=hidden,
        formulas=formulas,
        error_cells=error_cells(path, found.kind),
    )


def read_cells(path: Path, kind: str, *, isolated: bool = True) -> tuple[RawSheet, ...]:
    """Run :mod:`lkt_excel.reading.child` on ``path`` (in a child process when
    ``isolated``) and decode its answer."""
    path = Path(path)
    if isolated:
        code, answer = _run_child(path, kind)
    else:
        code, answer = 0, child.capped_answer(str(path), kind, CHILD_TIMEOUT)
    if isinstance(answer, dict) and answer.get("error") == "install":
        raise RuntimeError(f"python-calamine cannot be imported: {answer.get('detail')}")
    if not isinstance(answer, dict) or answer.get("error") in ("memory", "crash"):
        raise refuse(
            codes.BERKAS_RUSAK_ATAU_BERBAHAYA,
            f"Berkas '{path.name}' rusak atau berbahaya: pembacanya berhenti mendadak"
            + (f" (kode {code})" if code else "")
            + ". Berkas tidak dibuka lebih jauh; tidak ada yang berubah.",
            "Buka berkas di Excel; bila bisa, salin ketiga lembarnya (Laporan, Indikator, Data) "
            "ke buku kerja baru dan simpan. Bila tidak, minta berkas aslinya lagi.",
        )
    if answer.get("error") == "password":
        raise password_protected(path)
    if "error" in answer:
        detail = f" ({answer['detail']})" if answer.get("detail") else ""
        raise refuse(
            codes.BERKAS_TIDAK_TERBACA,
            f"Berkas '{path.name}' tidak dapat dibaca sebagai lembar kerja Excel{detail}.",
            "Pastikan berkas adalah .xlsx, .xlsm, .xls atau .ods yang utuh; buka dan simpan "
            "ulang di Excel.",
        )
    return tuple(RawSheet(str(name), rows) for name, rows in answer["sheets"])


def _run_child(path: Path, kind: str) -> tuple[int, Any]:
    """The child's exit code and its decoded answer (None when it gave none)."""
    if not sys.executable:  # no program to start: read here, after the pre-scan, capped
        return 0, child.capped_answer(str(path), kind, CHILD_TIMEOUT)
    if programs.is_frozen():  # the bundled app starts itself as the reader (programs.py)
        return _start_child(path, kind, [], dict(os.environ, RUST_BACKTRACE="0"))
    # "-S" skips site-packages' .pth processing (tens of ms); the parent's own import path,
    # passed on in its order, finds python-calamine and this package. Should that fail,
    # retry with site.
    package_root = str(Path(__file__).resolve().parents[2])
    paths = [str(Path(p).resolve()) for p in sys.path if p]
    env = dict(os.environ, PYTHONIOENCODING="utf-8", RUST_BACKTRACE="0")
    for options, search_path in ((["-S"], [*paths, package_root]), ([], [package_root])):
        env["PYTHONPATH"] = os.pathsep.join(
            [*search_path, *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        code, answer = _start_child(path, kind, options, env)
        if not (isinstance(answer, dict) and answer.get("error") == "install"):
            break
    return code, answer


def _start_child(path: Path, kind: str, options: list[str], env: dict[str, str]) -> tuple[int, Any]:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window flashes
    try:
        done = subprocess.run(
            programs.child_command(path, kind, options),
            capture_output=True,
            timeout=CHILD_TIMEOUT,
            env=env,
            creationflags=flags,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise refuse(
            codes.BERKAS_TERLALU_LAMA,
            f"Membaca berkas '{path.name}' memakan waktu lebih dari {CHILD_TIMEOUT} detik, "
            "jadi dihentikan.",
            "Salin ketiga lembarnya (Laporan, Indikator, Data) ke buku kerja baru di Excel, "
            "simpan, lalu coba lagi.",
        ) from None
    except OSError:  # the interpreter cannot be started: read here, after the pre-scan, capped
        return 0, child.capped_answer(str(path), kind, CHILD_TIMEOUT)
    answer = None
    with contextlib.suppress(ValueError):  # no answer, or a garbled one: a crash
        answer = json.loads(done.stdout, object_hook=_untag) if done.returncode == 0 else None
    return done.returncode, answer


_UNTAG: dict[str, Callable[[Any], object]] = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "timedelta": lambda seconds: timedelta(seconds=seconds),
}


def _untag(item: dict) -> object:
    """A date or time the child tagged; any other object stays as it is."""
    if len(item) == 1:
        ((tag, value),) = item.items()
        if tag in _UNTAG:
            return _UNTAG[tag](value)
    return item
