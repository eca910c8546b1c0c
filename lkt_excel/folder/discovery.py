"""Which files of a folder are inputs, and what the files a run writes are called.

Inputs are spreadsheets by suffix; Excel lock files (``~$*``), hidden files,
the output folder and the tool's own reports are skipped. In the output
folder a report is named by the input's content (``api.default_output_name``),
with the input's stem added when another input owns that name; a failed input
gets ``GAGAL <input name>.txt``.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lkt_excel.core import catalogue as codes
from lkt_excel.core.problems import Problem, error
from lkt_excel.core.text import printable, shorten, utf8_length
from lkt_excel.files import SPREADSHEET_SUFFIXES, UNOPENABLE_FIX
from lkt_excel.folder.results import natural_key
from lkt_excel.report.geometry import SHEET_LKT, SHEET_NARASI

INPUT_SUFFIXES = frozenset(SPREADSHEET_SUFFIXES)
REPORT_PREFIX = "LKT "
# A report's first two sheets; an input workbook never has a sheet `LKT`.
REPORT_SHEETS = (SHEET_LKT, SHEET_NARASI)
ERROR_REPORT_PREFIX = "GAGAL "
STAGING_MARK = "lkt-staging-"  # a worker's private output: ``.lkt-staging-<hex>.xlsx``
# The longest part of an output-folder name this module makes from an input's
# path (an error report's name, a report name with the input's stem added).
MAX_OUTPUT_NAME_LENGTH = 180
MAX_OUTPUT_NAME_BYTES = 230  # a Linux name holds 255, the staging additions included


# ---------------------------------------------------------------------------
# Finding the inputs
# ---------------------------------------------------------------------------


def is_hidden(path: Path) -> bool:
    """Dot files everywhere; on Windows also the hidden attribute."""
    if path.name.startswith("."):
        return True
    attributes = getattr(path.lstat(), "st_file_attributes", 0)
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


_SHEET_NAME = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"')


def looks_like_report(path: Path) -> bool:
    """A report written by this tool (it opens with sheets LKT and Narasi), e.g. by ``build``."""
    if not (path.name.startswith(REPORT_PREFIX) and path.suffix.lower() == ".xlsx"):
        return False
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
            head = part.read(1_000_000)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    names = tuple(n.decode("utf-8", "replace") for n in _SHEET_NAME.findall(head))
    return names[: len(REPORT_SHEETS)] == REPORT_SHEETS


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _is_input(path: Path, outdir: Path) -> bool:
    return (
        path.suffix.lower() in INPUT_SUFFIXES
        and not path.name.startswith("~$")
        and not is_hidden(path)
        and path.is_file()
        and not _within(path.resolve(), outdir)
        and not looks_like_report(path)
    )


def discover(folder: Path, outdir: Path, recursive: bool = False) -> list[Path]:
    """The spreadsheets to build, in name order; skips lock, hidden and output files."""
    folder, outdir = Path(folder).resolve(), Path(outdir).resolve()
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if recursive and not is_hidden(here / d) and not _within((here / d).resolve(), outdir)
        )
        found.extend(here / name for name in sorted(files) if _is_input(here / name, outdir))
    return sorted(found, key=lambda path: natural_key(path.relative_to(folder).as_posix()))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def unopenable(label: str, exc: OSError) -> Problem:
    """The error for an input that could not be opened to hash it (locked, no permission)."""
    return error(
        codes.BERKAS_TIDAK_TERBUKA,
        f"Berkas '{label}' tidak dapat dibaca ({exc.__class__.__name__}).",
        UNOPENABLE_FIX,
    )


# ---------------------------------------------------------------------------
# Names in the output folder
# ---------------------------------------------------------------------------


def staging_name() -> str:
    """A fresh private name for a worker to write a report to (see ``Batch.remove_staging``)."""
    return f".{STAGING_MARK}{uuid.uuid4().hex}.xlsx"


def error_report_name(label: str) -> str:
    """``GAGAL <input name>.txt``; a subfolder's files get ``sub - name``. Invisible and
    control characters are left out, a byte that is not UTF-8 becomes ``_``, and the
    name is kept within :data:`MAX_OUTPUT_NAME_LENGTH` characters and bytes."""
    name = printable(" - ".join(label.split("/"))).replace("\ufffd", "_")
    body = shorten(name, MAX_OUTPUT_NAME_LENGTH, MAX_OUTPUT_NAME_BYTES) or "berkas"
    return ERROR_REPORT_PREFIX + body + ".txt"


def alternative_names(
    name: str, label: str, max_length: int = MAX_OUTPUT_NAME_LENGTH
) -> Iterator[str]:
    """The report name, then with the input's stem, then numbered: for name clashes.

    The stem is shortened so that a name stays within ``max_length`` characters
    (and :data:`MAX_OUTPUT_NAME_BYTES`), keeping 10 characters of it at least."""
    suffix = Path(name).suffix
    base = name[: -len(suffix)] if suffix else name
    room = max(10, min(MAX_OUTPUT_NAME_LENGTH, max_length) - len(base) - len(" -  (999)"))
    room_bytes = max(10, MAX_OUTPUT_NAME_BYTES - utf8_length(base) - len(" -  (999)"))
    stem = printable(Path(label).stem).replace("\ufffd", "_")
    stem = shorten(stem, room, room_bytes) or "berkas"
    yield name
    yield f"{base} - {stem}{suffix}"
    number = 2
    while True:
        yield f"{base} - {stem} ({number}){suffix}"
        number += 1
