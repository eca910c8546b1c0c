"""Which rows, columns and sheets of an .xlsx are hidden, so that none is read in silence.

python-calamine gives the cells of hidden rows like any other and says nothing
of them. This module reads the sheet XML's row ``hidden="1"``, the ``<col
hidden="1">`` ranges and each sheet's ``state`` in the workbook part. The
sheet parts are streamed chunk by chunk (a chunk without the word ``hidden``
is skipped at the cost of one byte search), after the pre-scan of
:mod:`lkt_excel.reading.inspection` has found the file harmless.

Only ``.xlsx``/``.xlsm`` are read so; for ``.xls``, ``.xlsb`` and ``.ods``
nothing is known (README says so).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lkt_excel.core.problems import column_letter
from lkt_excel.reading.xlsx_parts import AmbiguousPart, sheet_parts, workbook_xml

CHUNK = 1024 * 1024
_TAG = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_OR_COL = re.compile(rb"<" + _TAG + rb"(row|col)(?=[\s/>])([^>]*)>")
_ATTR = re.compile(rb"""\s([A-Za-z:]+)\s*=\s*["']([^"']*)["']""")
_TRUE = (b"1", b"true")
MAX_HIDDEN = 100_000  # rows or columns noted per sheet, at most


@dataclass(frozen=True)
class Hidden:
    """The hidden parts of a workbook, by sheet name."""

    sheets: frozenset[str] = frozenset()  # state hidden or veryHidden
    rows: frozenset[tuple[str, int]] = frozenset()  # (sheet, Excel row)
    columns: frozenset[tuple[str, str]] = frozenset()  # (sheet, column letter)


def hidden_parts(path: Path, kind: str) -> Hidden:
    """What is hidden in the workbook at ``path``; nothing known for other kinds than xlsx."""
    if kind != "xlsx":
        return Hidden()
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = _hidden_sheets(archive)
            rows: set[tuple[str, int]] = set()
            columns: set[tuple[str, str]] = set()
            for member, sheet in sheet_parts(archive).items():
                found_rows, found_columns = _scan(archive, member)
                rows.update((sheet, row) for row in found_rows)
                columns.update((sheet, column_letter(col)) for col in found_columns)
    except (OSError, zipfile.BadZipFile, KeyError, AmbiguousPart):  # the pre-scan's to report
        return Hidden()
    return Hidden(frozenset(sheets), frozenset(rows), frozenset(columns))


def _hidden_sheets(archive: zipfile.ZipFile) -> set[str]:
    book = workbook_xml(archive)
    return {
        item.get("name", "")
        for item in (book.iter() if book is not None else ())
        if item.tag.endswith("}sheet") and item.get("state") in ("hidden", "veryHidden")
    }


def _scan(archive: zipfile.ZipFile, member: str) -> tuple[set[int], set[int]]:
    """Hidden rows (Excel numbers) and hidden columns (1-based) of one sheet part."""
    rows: set[int] = set()
    columns: set[int] = set()
    pending = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            text = pending + chunk
            cut = text.rfind(b"<")
            if cut >= 0 and text.find(b">", cut) < 0:  # a tag split by the chunk's end
                text, pending = text[:cut], text[cut:]
            else:
                pending = b""
            if b"hidden" not in text:
                continue
            for tag, attributes in _ROW_OR_COL.findall(text):
                if b"hidden" not in attributes:
                    continue
                values = dict(_ATTR.findall(attributes))
                if values.get(b"hidden", b"").strip().lower() not in _TRUE:
                    continue
                if tag == b"row" and values.get(b"r", b"").strip().isdigit():
                    if len(rows) < MAX_HIDDEN:
                        rows.add(int(values[b"r"]))
                elif tag == b"col":
                    first, last = _span(values)
                    columns.update(range(first, min(last, first + MAX_HIDDEN) + 1))
    return rows, columns


def _span(values: dict[bytes, bytes]) -> tuple[int, int]:
    low, high = values.get(b"min", b"0").strip(), values.get(b"max", b"0").strip()
    first = int(low) if low.isdigit() else 0
    last = int(high) if high.isdigit() else first
    return max(first, 1), min(max(last, first), 16_384)


__all__ = ["Hidden", "hidden_parts"]
