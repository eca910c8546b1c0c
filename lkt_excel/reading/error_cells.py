"""Find the cells that hold an Excel error value (``#DIV/0!``, ``#N/A``, ...).

python-calamine (0.9) reads an error cell as an empty string and offers no
way to tell it from a blank one, so a ``#N/A`` Target Total would silently
become "blank, compute it" and a ``#DIV/0!`` required cell would be called
empty. :func:`error_cells` finds them in a second streaming pass over the sheet
XML, run after :func:`~lkt_excel.reading.inspection.inspect` has found the file
harmless:

* ``.xlsx``: a ``<c>`` whose type is ``t="e"``; its ``<v>`` is the error text.
  The worksheet parts are named by :func:`~lkt_excel.reading.xlsx_parts.sheet_parts`,
  as for the pre-scan. A cell written without an ``r`` address (Excel and
  LibreOffice always write one) is not found.
* ``.ods``: a ``<table:table-cell>`` with ``calcext:value-type="error"`` (as
  LibreOffice writes a formula whose result is an error); its text is the
  error text. Rows and cells repeated with ``number-*-repeated`` are followed.
* ``.xls`` and ``.xlsb`` are binary: not scanned (README says so).

Each chunk is searched for the error marker with a byte search first, so a
sheet without error cells costs one inflation and nothing more.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lkt_excel.core.problems import column_letter
from lkt_excel.reading.xlsx_parts import sheet_parts

ErrorCell = tuple[str, str, str]  # (sheet name, cell address such as "D7", error text "#N/A")

CHUNK = 1024 * 1024
_TAG = rb"(?:[A-Za-z_][\w.-]*:)?"
# xlsx: one whole cell, its attributes and content.
_CELL = re.compile(rb"<" + _TAG + rb"c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</" + _TAG + rb"c\s*>)", re.S)
_CELL_START = re.compile(rb"<" + _TAG + rb"c(?=[\s/>])")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']\s*e\s*["']""")
_R = re.compile(rb"""\sr\s*=\s*["']\s*([A-Za-z]{1,3})([0-9]{1,7})\s*["']""")
_V = re.compile(rb"<" + _TAG + rb"v(?:\s[^>]*)?>([^<]*)<", re.S)
# ods: tables, rows and cells, as the pre-scan follows them.
_ODS_ITEM = re.compile(
    rb"<" + _TAG + rb"(?:(table)(?=[\s/>])([^>]*)>|(table-row)(?=[\s/>])([^>]*)>"
    rb"|(?:covered-)?table-cell(?=[\s/>])([^>]*?)(?:/>|>(.*?)</"
    + _TAG
    + rb"(?:covered-)?table-cell\s*>))",
    re.S,
)
_ODS_START = re.compile(rb"<" + _TAG + rb"(?:table|table-row|(?:covered-)?table-cell)(?=[\s/>])")
_ODS_ERROR = re.compile(rb"""\s(?:\w+:)?value-type\s*=\s*["']\s*error\s*["']""")
_ODS_NAME = re.compile(rb"""\s(?:\w+:)?name\s*=\s*["']([^"']*)["']""")
_ODS_ROWS = re.compile(rb"""\s(?:\w+:)?number-rows-repeated\s*=\s*["']\s*([0-9]{1,9})""")
_ODS_COLUMNS = re.compile(rb"""\s(?:\w+:)?number-columns-repeated\s*=\s*["']\s*([0-9]{1,9})""")
_TEXT = re.compile(rb"<[^>]*>")
MAX_FOUND = 10_000  # error cells noted per file; more are the same mistake copied down
MAX_REPEAT = 256  # cells of one repeated error cell that are noted


def error_cells(path: Path, kind: str) -> tuple[ErrorCell, ...]:
    """Every error cell of an .xlsx or .ods at ``path`` (checked safe already); else ()."""
    if kind not in ("xlsx", "ods"):
        return ()
    with zipfile.ZipFile(path) as archive:
        names = {info.filename for info in archive.infolist()}
        if kind == "ods":
            if "content.xml" not in names:
                return ()
            return tuple(_ods_cells(_chunks(archive, "content.xml")))
        found: list[ErrorCell] = []
        for member, sheet in sheet_parts(archive).items():
            found += _xlsx_cells(sheet, _chunks(archive, member))
            if len(found) >= MAX_FOUND:
                break
        return tuple(found[:MAX_FOUND])


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


def _last_start(pattern: re.Pattern[bytes], text: bytes) -> int:
    """Where the last match of ``pattern`` begins (0 if none): the unfinished rest starts there."""
    size = 4096
    while True:
        begin = max(0, len(text) - size)
        starts = [m.start() for m in pattern.finditer(text, begin)]
        if starts:
            return starts[-1]
        if begin == 0:
            return 0
        size *= 8


def _xlsx_cells(sheet: str, chunks: Iterator[bytes]) -> list[ErrorCell]:
    found: list[ErrorCell] = []
    pending = b""
    for chunk in chunks:
        text = pending + chunk
        cut = _last_start(_CELL_START, text)
        found += _xlsx_errors(sheet, text[:cut])
        pending = text[cut:]
    found += _xlsx_errors(sheet, pending)
    return found


def _xlsx_errors(sheet: str, text: bytes) -> list[ErrorCell]:
    """The error cells among the complete cells of ``text``."""
    if b"e" not in text or not _ERROR_TYPE.search(text):
        return []
    found = []
    for cell in _CELL.finditer(text):
        attributes = cell.group(1)
        if not _ERROR_TYPE.search(attributes):
            continue
        ref = _R.search(attributes)
        if ref is None:
            continue
        value = _V.search(cell.group(2) or b"")
        shown = value.group(1).decode("utf-8", "replace").strip() if value else ""
        address = ref.group(1).decode().upper() + str(int(ref.group(2)))
        found.append((sheet, address, shown or "#GALAT"))
    return found


def _ods_cells(chunks: Iterator[bytes]) -> Iterator[ErrorCell]:
    """Follow tables, rows and cells (with their repeats); yield the error cells."""
    sheet, row_first, row_last, column, pending = "", 0, 0, 0, b""
    count = 0
    for chunk in itertools.chain(chunks, [b""]):
        text = pending + chunk
        cut = _last_start(_ODS_START, text) if chunk else len(text)
        for match in _ODS_ITEM.finditer(text, 0, cut):
            if match.group(1):
                name = _ODS_NAME.search(match.group(2))
                sheet = name.group(1).decode("utf-8", "replace") if name else ""
                sheet = sheet.replace("&amp;", "&")
                row_last = 0
            elif match.group(3):
                repeat = _ODS_ROWS.search(match.group(4))
                row_first = row_last + 1
                row_last += int(repeat.group(1)) if repeat else 1
                column = 0
            else:
                attributes = match.group(5)
                repeat = _ODS_COLUMNS.search(attributes)
                first = column + 1
                column += int(repeat.group(1)) if repeat else 1
                if not _ODS_ERROR.search(attributes):
                    continue
                shown = _TEXT.sub(b"", match.group(6) or b"").decode("utf-8", "replace").strip()
                rows = range(row_first, min(row_last, row_first + MAX_REPEAT - 1) + 1)
                for r in rows:
                    for c in range(first, min(column, first + MAX_REPEAT - 1) + 1):
                        count += 1
                        if count > MAX_FOUND:
                            return
                        yield (sheet, f"{column_letter(c)}{r}", shown or "#GALAT")
        pending = text[cut:]
