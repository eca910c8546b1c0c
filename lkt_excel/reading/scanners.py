"""The streaming pass over sheet XML: cheap byte patterns, nothing expanded or evaluated.

:func:`scan_member` inflates one zip member chunk by chunk, refuses XML that
is UTF-16 or holds a ``DOCTYPE``/``ENTITY`` declaration, and feeds the sheet
XML to a scanner. :class:`XlsxScanner` reads one worksheet part,
:class:`OdsScanner` the ``content.xml`` of an .ods; each notes per sheet, in a
:class:`SheetScan`, how far the sheet claims to reach (``<dimension>``) and
really reaches (its last cell with a value), the formula cells with no saved
result or a placeholder result (``""`` or 0), and the number cells shown as a
percentage.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lkt_excel.core import catalogue as codes
from lkt_excel.core.problems import column_letter
from lkt_excel.reading.limits import (
    DOCTYPE,
    EXCEL_MAX_COLUMN,
    EXCEL_MAX_ROW,
    MAX_CELL_BYTES,
    MAX_CELLS,
    RESAVE,
    refuse,
    too_big,
)


@dataclass
class SheetScan:
    """What one streaming pass over a sheet's XML found."""

    claimed: tuple[int, int] = (0, 0)  # rows, columns of <dimension ref=...>
    last_row: int = 0  # of cells that hold a value or a formula
    last_column: int = 0
    unsaved: list[str] = field(default_factory=list)  # formula, no saved value
    placeholders: list[str] = field(default_factory=list)  # formula, value "" or 0
    percent: set[str] = field(default_factory=set)  # a number shown as a percentage

    def size(self) -> tuple[int, int]:
        """Rows and columns the sheet spans: as far as it claims or as its last cell."""
        return max(self.last_row, self.claimed[0]), max(self.last_column, self.claimed[1])


CHUNK = 1024 * 1024  # bytes inflated at a time
_TAG = rb"(?:[A-Za-z_][\w.-]*:)?"
_ITEM = re.compile(
    rb"<" + _TAG + rb"(?:(dimension)(?=[\s/>])([^>]*)>|(row)(?=[\s/>])([^>]*)>"
    rb"|c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</" + _TAG + rb"c\s*>))",
    re.DOTALL,
)
_START = re.compile(rb"<" + _TAG + rb"(?:c|row|dimension)(?=[\s/>])")
_XML_SPACE_OR_END = (b" ", b"\t", b"\n", b"\r", b">", b"/")
# Every start tag of a cell (or formula) holds one of these, prefixed or not.
_CELL_STARTS = tuple(lead + b"c" + end for lead in (b"<", b":") for end in _XML_SPACE_OR_END)
_FORMULA_STARTS = tuple(lead + b"f" + end for lead in (b"<", b":") for end in _XML_SPACE_OR_END)
_CELL_WITH_R = re.compile(
    rb"<" + _TAG + rb"c(?=[\s/>])[^>]*?\sr\s*=\s*[\"']([A-Za-z]+)([0-9]+)[\"'][^>]*?(/?)>"
)
_ROW_STARTS = tuple(lead + b"row" + end for lead in (b"<", b":") for end in _XML_SPACE_OR_END)
_ROW_WITH_R = re.compile(rb"<" + _TAG + rb"row(?=[\s/>])[^>]*?\sr\s*=\s*[\"']([0-9]+)[\"']")
_ROW_TAG = re.compile(rb"<" + _TAG + rb"row(?=[\s/>])")
_CELL_TAG = re.compile(rb"<" + _TAG + rb"c(?=[\s/>])")
_DIMENSION = re.compile(rb"<" + _TAG + rb"dimension(?=[\s/>])[^>]*>")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
_REF_ATTR = re.compile(rb"""\sref\s*=\s*["']([^"']*)["']""")
_FORMULA = re.compile(rb"<" + _TAG + rb"f(?=[\s/>])")
_VALUE = re.compile(rb"<" + _TAG + rb"v(?:\s[^>]*)?(?:/>|>(.*?)</" + _TAG + rb"v\s*>)", re.DOTALL)
_INLINE = re.compile(rb"<" + _TAG + rb"is(?=[\s/>])")
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})$")
_S_ATTR = re.compile(rb"""\ss\s*=\s*["']\s*([0-9]+)\s*["']""")
_T_ATTR = re.compile(rb"""\st\s*=\s*["']\s*([A-Za-z]*)\s*["']""")
_NUMERIC_TYPES = (None, b"", b"n")  # a cell's t: absent or "n" for a number
MAX_LISTED_STYLES = 64  # percent styles spelled out in one pattern; more are looked up


def _styled_cells(styles: frozenset[int]) -> re.Pattern[bytes]:
    """An ``s`` attribute naming one of ``styles`` (any number when there are many).

    It starts with a literal ``s``, which the regex engine skips to quickly; the
    caller checks that it is a whole attribute of a cell's start tag.
    """
    listed = b"|".join(str(number).encode() for number in sorted(styles))
    value = listed if len(styles) <= MAX_LISTED_STYLES else rb"[0-9]+"
    return re.compile(rb"s\s*=\s*[\"']\s*(" + value + rb")\s*[\"']")


def scan_member(
    path: Path,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    is_xml: bool,
    scanner: Scanner | None,
) -> Iterator[bytes]:
    """Inflate one member chunk by chunk, checking XML safety and scanning sheet cells."""
    pending = b""
    with archive.open(info) as stream:
        first = True
        while chunk := stream.read(CHUNK):
            yield chunk
            if (
                first
                and is_xml
                and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:64])
            ):
                raise refuse(
                    codes.XML_TIDAK_DIDUKUNG,
                    f"Bagian '{info.filename}' pada berkas '{path.name}' berisi bita nol: "
                    "ditulis dengan pengodean UTF-16, yang tidak dipakai Excel, atau rusak.",
                    RESAVE,
                )
            first = False
            text = pending[-64:] + chunk if scanner is None else pending + chunk
            if is_xml and DOCTYPE.search(text):
                raise refuse(
                    codes.XML_BERBAHAYA,
                    f"Bagian '{info.filename}' pada berkas '{path.name}' berisi deklarasi "
                    "DOCTYPE/ENTITY. Excel tidak pernah menulisnya; deklarasi seperti ini dipakai "
                    "untuk serangan (billion laughs, entitas eksternal), jadi berkas ditolak.",
                    RESAVE,
                )
            if scanner is None:
                pending = text
                continue
            pending = scanner.feed(text)
            if len(pending) > MAX_CELL_BYTES:
                if scanner.start.search(pending):
                    raise too_big(path, f"satu sel pada bagian '{info.filename}' melebihi 1 MB")
                pending = pending[-64:]
        if scanner is not None and pending:
            scanner.feed(pending, final=True)


class Scanner:
    """Finds the cells of sheet XML in chunks; ``sheets`` holds what it found per sheet."""

    start: re.Pattern[bytes]  # where an element the scanner needs begins

    def __init__(self) -> None:
        self.sheets: dict[str, SheetScan] = {}

    def feed(self, text: bytes, final: bool = False) -> bytes:
        """Scan every complete element of ``text``; return the unfinished rest."""
        raise NotImplementedError


class XlsxScanner(Scanner):
    """One worksheet part: ``<dimension>``, ``<row r>``, ``<c r>`` with ``<f>`` and ``<v>``."""

    start = _START

    def __init__(self, sheet: str, percent_styles: frozenset[int] = frozenset()) -> None:
        super().__init__()
        self.scan = self.sheets[sheet] = SheetScan()
        self.row = 0  # the current row, for cells and rows written without an address
        self.column = 0
        self.percent_styles = percent_styles
        self.styled = _styled_cells(percent_styles) if percent_styles else None

    def feed(self, text: bytes, final: bool = False) -> bytes:
        """Scan the complete elements of ``text``: all of it when ``final``, else up to
        the last cell or row start tag, which may still be unfinished."""
        cut = len(text) if final else _last_match_start(_START, text)
        if cut is None:
            return text
        head = text[:cut]
        cells = _CELL_WITH_R.findall(head)
        rows = _ROW_WITH_R.findall(head)
        # Byte counts over-count at worst (then the exact path runs), never under-count.
        if (
            len(cells) != _count(head, _CELL_STARTS)
            or len(rows) != _count(head, _ROW_STARTS)
            or _count(head, _FORMULA_STARTS)
            or 0 in self.percent_styles  # a cell without ``s`` has style 0
        ):
            self._feed_exact(head)
        else:
            self._feed_fast(head, cells, rows)
        return text[cut:]

    def _feed_fast(
        self, head: bytes, cells: list[tuple[bytes, bytes, bytes]], rows: list[bytes]
    ) -> None:
        """Every cell and row has an address and nothing is a formula: count in C loops."""
        scan = self.scan
        dimension = _DIMENSION.search(head)
        if dimension:
            self._feed_exact(dimension.group(0))
        for match in self.styled.finditer(head) if self.styled is not None else ():
            at = match.start()
            if at == 0 or head[at - 1] not in b" \t\r\n":
                continue  # part of another attribute's name
            begin, end = head.rfind(b"<", 0, at), head.find(b">", at)
            tag = head[begin : end + 1]
            if (
                begin < 0
                or end < 0
                or tag.endswith(b"/>")  # ``<c .../>`` holds no value
                or int(match.group(1)) not in self.percent_styles
                or not _CELL_TAG.match(tag)
            ):
                continue
            kind = _T_ATTR.search(tag) if b"t" in tag[2:] else None
            ref = _R_ATTR.search(tag)
            if (
                ref
                and 0 < len(ref.group(1)) <= 3  # past the grid: the sheet is refused anyway
                and 0 < len(ref.group(2)) <= 7
                and (kind.group(1) if kind else None) in _NUMERIC_TYPES
                and len(scan.percent) < MAX_CELLS  # more: the sheet is refused anyway
            ):
                scan.percent.add(ref.group(1).decode().upper() + str(int(ref.group(2))))
        valued = [(letters, digits) for letters, digits, empty in cells if not empty]
        if any(len(letters) > 3 or len(digits) > 7 for letters, digits in valued):
            scan.last_row, scan.last_column = EXCEL_MAX_ROW + 1, EXCEL_MAX_COLUMN + 1
        elif valued:
            last_row = max(map(int, {digits for _, digits in valued}))
            last_column = max(_column(letters) for letters in {c for c, _ in valued})
            scan.last_row = max(scan.last_row, last_row)
            scan.last_column = max(scan.last_column, last_column)
        # Leave the cursor where the exact path would (ahead of it if rows are out of order),
        # for cells without an address in later pieces.
        if rows:
            self.row = max(self.row, *(int(r) if len(r) <= 7 else EXCEL_MAX_ROW + 1 for r in rows))
        last_row_tag = _last_match_start(_ROW_TAG, head)
        last_cell_tag = _last_match_start(_CELL_TAG, head)
        if last_row_tag is not None and (last_cell_tag is None or last_row_tag > last_cell_tag):
            self.column = 0
        elif cells:
            self.row, self.column = _position(cells[-1][0] + cells[-1][1], (0, 0))

    def _feed_exact(self, text: bytes) -> None:
        """Element by element, following rows and cells written without an address."""
        scan = self.scan
        for match in _ITEM.finditer(text):
            if match.group(1):
                ref = _REF_ATTR.search(match.group(2))
                if ref:
                    corner = ref.group(1).split(b":")[-1]
                    scan.claimed = _position(corner, scan.claimed)
            elif match.group(3):
                found = _R_ATTR.search(match.group(4))
                self.row = int(found.group(2)) if found and found.group(2) else self.row + 1
                self.column = 0
            else:
                self._cell(match.group(5), match.group(6) or b"")

    def _cell(self, attributes: bytes, content: bytes) -> None:
        scan = self.scan
        found = _R_ATTR.search(attributes)
        if found and found.group(1) and found.group(2):
            self.row, self.column = _position(found.group(1) + found.group(2), (0, 0))
        else:
            self.column += 1
            self.row = max(self.row, 1)
        has_formula = bool(_FORMULA.search(content))
        value = _VALUE.search(content)
        if not (has_formula or value or _INLINE.search(content)):
            return  # formatting only: no value for any reader
        scan.last_row = max(scan.last_row, self.row)
        scan.last_column = max(scan.last_column, self.column)
        address = f"{column_letter(min(self.column, EXCEL_MAX_COLUMN))}{self.row}"
        if value is not None and self.percent_styles:
            self._percent(attributes, address)
        if has_formula:
            if value is None:
                scan.unsaved.append(address)
            elif (value.group(1) or b"").strip() in (b"", b"0"):
                scan.placeholders.append(address)

    def _percent(self, attributes: bytes, address: str) -> None:
        """Note a number cell whose style shows it as a percentage."""
        style = _S_ATTR.search(attributes)
        kind = _T_ATTR.search(attributes)
        if (
            int(style.group(1) if style else 0) in self.percent_styles
            and (kind.group(1) if kind else None) in _NUMERIC_TYPES
            and len(self.scan.percent) < MAX_CELLS  # more cells: the sheet is refused anyway
        ):
            self.scan.percent.add(address)


_ODS_ITEM = re.compile(
    rb"<" + _TAG + rb"(?:(table)(?=[\s/>])([^>]*)>|(table-row)(?=[\s/>])([^>]*)>"
    rb"|(?:covered-)?table-cell(?=[\s/>])([^>]*?)(?:/>|>(.*?)</"
    + _TAG
    + rb"(?:covered-)?table-cell\s*>))",
    re.DOTALL,
)
_ODS_START = re.compile(rb"<" + _TAG + rb"(?:table|table-row|(?:covered-)?table-cell)(?=[\s/>])")
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

    def __init__(self) -> None:
        super().__init__()
        self.scan = SheetScan()
        self.row_first = self.row_last = self.column = 0

    def feed(self, text: bytes, final: bool = False) -> bytes:
        end = 0
        for match in _ODS_ITEM.finditer(text):
            end = match.end()
            if match.group(1):
                found = _ODS_NAME.search(match.group(2))
                name = found.group(1).decode("utf-8", "replace") if found else ""
                name = name.replace("&amp;", "&") or f"Lembar {len(self.sheets) + 1}"
                self.scan = self.sheets[name] = SheetScan()
                self.row_last = 0
            elif match.group(3):
                repeat = _ODS_ROWS.search(match.group(4))
                self.row_first = self.row_last + 1
                self.row_last += int(repeat.group(1)) if repeat else 1
                self.column = 0
            else:
                attributes, content = match.group(5), match.group(6) or b""
                repeat = _ODS_COLUMNS.search(attributes)
                first = self.column + 1
                self.column += int(repeat.group(1)) if repeat else 1
                has_value = bool(_ODS_VALUE.search(attributes))
                if has_value or content.strip() or _ODS_FORMULA.search(attributes):
                    self.scan.last_row = max(self.scan.last_row, self.row_last)
                    self.scan.last_column = max(self.scan.last_column, self.column, first)
                if _ODS_FORMULA.search(attributes) and not has_value:  # never computed
                    column = column_letter(min(first, EXCEL_MAX_COLUMN))
                    self.scan.unsaved.append(f"{column}{self.row_first}")
                if has_value and _ODS_PERCENT.search(attributes):
                    self._percent(first)
        return text[end:]

    def _percent(self, first: int) -> None:
        """Note every cell of a (repeated) percentage cell, while the sheet may be kept."""
        rows = range(self.row_first, self.row_last + 1)
        columns = range(first, self.column + 1)
        if len(self.scan.percent) + len(rows) * len(columns) > MAX_CELLS:
            return  # so many cells: the sheet is refused anyway
        if self.row_last > EXCEL_MAX_ROW or self.column > EXCEL_MAX_COLUMN:
            return
        self.scan.percent.update(f"{column_letter(c)}{r}" for r in rows for c in columns)


def _count(text: bytes, needles: tuple[bytes, ...]) -> int:
    return sum(text.count(needle) for needle in needles)


def _last_match_start(pattern: re.Pattern[bytes], text: bytes) -> int | None:
    """Where the last match of ``pattern`` in ``text`` begins, searching from the end."""
    size = 4096
    while True:
        begin = max(0, len(text) - size)
        last = None
        for last in pattern.finditer(text, begin):  # noqa: B007 - only the last one is wanted
            pass
        if last is not None:
            return last.start()
        if begin == 0:
            return None
        size *= 16


def _column(letters: bytes) -> int:
    column = 0
    for letter in letters.upper():
        column = column * 26 + letter - ord("A") + 1
    return column


def _position(ref: bytes, default: tuple[int, int]) -> tuple[int, int]:
    """(row, column) of ``B7``; an address past Excel's grid counts as past every limit."""
    match = _REF.match(ref.strip())
    if not match:
        return default if not ref.strip() else (EXCEL_MAX_ROW + 1, EXCEL_MAX_COLUMN + 1)
    return int(match.group(2)), _column(match.group(1))
