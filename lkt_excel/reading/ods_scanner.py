"""The streaming pass over the ``content.xml`` of an OpenDocument spreadsheet (.ods).

:class:`OdsScanner` follows every table, its rows and its cells with their
repeats (``number-rows-repeated``, ``number-columns-repeated``), tag by tag as
:class:`~lkt_excel.reading.scanners.Scanner` does, so the scan stays linear.
"""

from __future__ import annotations

import re

from lkt_excel.core.problems import column_letter
from lkt_excel.reading.limits import EXCEL_MAX_COLUMN, EXCEL_MAX_ROW, MAX_CELLS
from lkt_excel.reading.scanners import ATTRS, TAG, Scanner, SheetScan

_ODS_NAMES = rb"(table|table-row|table-cell|covered-table-cell)"
_ODS_START = re.compile(rb"</?" + TAG + _ODS_NAMES + rb"(?=[\s/>])")
_ODS_TOKEN = re.compile(rb"<(/?)" + TAG + _ODS_NAMES + rb"(?=[\s/>])(" + ATTRS + rb")>")
_ODS_NAME = re.compile(rb"""\s(?:\w+:)?name\s*=\s*["']([^"']*)["']""")
_ODS_ROWS = re.compile(rb"""\s(?:\w+:)?number-rows-repeated\s*=\s*["']\s*([0-9]{1,9})""")
_ODS_COLUMNS = re.compile(rb"""\s(?:\w+:)?number-columns-repeated\s*=\s*["']\s*([0-9]{1,9})""")
_ODS_FORMULA = re.compile(rb"""\s(?:\w+:)?formula\s*=""")
_ODS_VALUE = re.compile(rb"""\s(?:\w+:)?value-type\s*=""")
# An .ods marks a number shown as a percentage on the cell itself.
_ODS_PERCENT = re.compile(rb"""\s(?:\w+:)?value-type\s*=\s*["']\s*percentage\s*["']""")


class OdsScanner(Scanner):
    """``content.xml`` of an .ods: every table, its rows and cells with their repeats."""

    start = _ODS_START
    token = _ODS_TOKEN

    def __init__(self) -> None:
        super().__init__()
        self.scan = SheetScan()
        self.row_first = self.row_last = self.column = 0
        self.cell: bytes | None = None  # the attributes of the open cell
        self.content = False  # whether the open cell holds text or elements

    def _tag(self, tag: re.Match[bytes], offset: int) -> None:
        closing, name, attributes = tag.group(1), tag.group(2), tag.group(3)
        if self.cell is not None:
            self._end_cell()  # at its end tag, or where the next tag begins
        if closing:
            return
        if name == b"table":
            found = _ODS_NAME.search(attributes)
            sheet = found.group(1).decode("utf-8", "replace") if found else ""
            sheet = sheet.replace("&amp;", "&") or f"Lembar {len(self.sheets) + 1}"
            self.scan = self.sheets[sheet] = SheetScan()
            self.row_last = 0
        elif name == b"table-row":
            repeat = _ODS_ROWS.search(attributes)
            self.row_first = self.row_last + 1
            self.row_last += int(repeat.group(1)) if repeat else 1
            self.column = 0
        else:
            self.cell, self.content, self.open_since = attributes, False, offset
            if attributes.endswith(b"/"):
                self._end_cell()

    def _text(self, text: bytes) -> None:
        if self.cell is not None and text.strip():
            self.content = True

    def _end_cell(self) -> None:
        attributes = self.cell or b""
        self.cell, self.open_since = None, None
        repeat = _ODS_COLUMNS.search(attributes)
        first = self.column + 1
        self.column += int(repeat.group(1)) if repeat else 1
        has_value = bool(_ODS_VALUE.search(attributes))
        if has_value or self.content or _ODS_FORMULA.search(attributes):
            self.scan.last_row = max(self.scan.last_row, self.row_last)
            self.scan.last_column = max(self.scan.last_column, self.column, first)
        if _ODS_FORMULA.search(attributes) and not has_value:  # never computed
            column = column_letter(min(first, EXCEL_MAX_COLUMN))
            self.scan.unsaved.append(f"{column}{self.row_first}")
        if has_value and _ODS_PERCENT.search(attributes):
            self._percent(first)

    def _percent(self, first: int) -> None:
        """Note every cell of a (repeated) percentage cell, while the sheet may be kept."""
        rows = range(self.row_first, self.row_last + 1)
        columns = range(first, self.column + 1)
        if len(self.scan.percent) + len(rows) * len(columns) > MAX_CELLS:
            return  # so many cells: the sheet is refused anyway
        if self.row_last > EXCEL_MAX_ROW or self.column > EXCEL_MAX_COLUMN:
            return
        self.scan.percent.update(f"{column_letter(c)}{r}" for r in rows for c in columns)

    def finish(self) -> None:
        if self.cell is not None:
            self._end_cell()
