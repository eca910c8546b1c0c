"""The streaming pass over sheet XML: cheap byte patterns, nothing expanded or evaluated.

:func:`scan_member` inflates one zip member chunk by chunk, refuses XML that
is UTF-16 or holds a ``DOCTYPE``/``ENTITY`` declaration, and feeds the sheet
XML to a scanner. :class:`XlsxScanner` reads one worksheet part,
:class:`~lkt_excel.reading.ods_scanner.OdsScanner` the ``content.xml`` of an .ods;
each notes per sheet, in a
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
# A namespace prefix: any name characters (quick-xml, calamine's XML reader, takes any).
TAG = rb"""(?:[^\s<>/:"'=!?]+:)?"""
# The attributes of a tag, up to the first ">" outside quotes: where calamine's XML
# reader (quick-xml) ends a tag, even if "<" comes before it. Written as an unrolled
# loop, so that a failed match costs only its own length; it fails only when the tag
# has no end yet.
ATTRS = rb"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
# Where a tag the scan follows begins (start or end tag), and the whole tag.
# (The end tags followed are those of a cell and of its value.)
_START = re.compile(
    rb"<(?:/" + TAG + rb"(?:c|v)|" + TAG + rb"(?:c|row|dimension|f|v|is))(?=[\s/>])"
)
_TOKEN = re.compile(
    rb"<(?:(/)" + TAG + rb"(c|v)|" + TAG + rb"(c|row|dimension|f|v|is))(?=[\s/>])(" + ATTRS + rb")>"
)
_CELL_OR_ROW = re.compile(rb"<" + TAG + rb"(?:c|row|dimension)(?=[\s/>])")
_XML_SPACE_OR_END = (b" ", b"\t", b"\n", b"\r", b">", b"/")
# Every start tag of a cell (or formula) holds one of these, prefixed or not.
_CELL_STARTS = tuple(lead + b"c" + end for lead in (b"<", b":") for end in _XML_SPACE_OR_END)
_FORMULA_STARTS = tuple(lead + b"f" + end for lead in (b"<", b":") for end in _XML_SPACE_OR_END)
# In the fast path: "[^<>]" keeps every attempt within one tag, so a scan is linear.
_CELL_WITH_R = re.compile(
    rb"<" + TAG + rb"c(?=[\s/>])[^<>]*?\sr\s*=\s*[\"']([A-Za-z]+)([0-9]+)[\"'][^<>]*?(/?)>"
)
_ROW_STARTS = tuple(lead + b"row" + end for lead in (b"<", b":") for end in _XML_SPACE_OR_END)
_ROW_WITH_R = re.compile(rb"<" + TAG + rb"row(?=[\s/>])[^<>]*?\sr\s*=\s*[\"']([0-9]+)[\"']")
_ROW_TAG = re.compile(rb"<" + TAG + rb"row(?=[\s/>])")
_CELL_TAG = re.compile(rb"<" + TAG + rb"c(?=[\s/>])")
_DIMENSION = re.compile(rb"<" + TAG + rb"dimension(?=[\s/>])[^<>]*>")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
_REF_ATTR = re.compile(rb"""\sref\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})$")
_S_ATTR = re.compile(rb"""\ss\s*=\s*["']\s*([0-9]+)\s*["']""")
_T_ATTR = re.compile(rb"""\st\s*=\s*["']\s*([A-Za-z]*)\s*["']""")
MAX_VALUE_BYTES = 4096  # of a <v>'s text kept to tell a placeholder ("" or 0) apart
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
            if scanner.open_bytes > MAX_CELL_BYTES:
                raise too_big(path, f"satu sel pada bagian '{info.filename}' melebihi 1 MB")
            if len(pending) > MAX_CELL_BYTES:
                if scanner.start.search(pending):
                    raise too_big(path, f"satu sel pada bagian '{info.filename}' melebihi 1 MB")
                pending = pending[-64:]
        if scanner is not None:
            scanner.feed(pending, final=True)
            scanner.finish()


class Scanner:
    """Finds the cells of sheet XML in chunks; ``sheets`` holds what it found per sheet.

    :meth:`feed` is given the unfinished rest it returned last time, followed by the
    next chunk. Every scan is linear: a tag is matched from its own ``<`` and no
    further than its ``>``; an element's content is never matched as one span.
    """

    start: re.Pattern[bytes]  # where a tag the scanner follows begins
    token: re.Pattern[bytes]  # that whole tag

    def __init__(self) -> None:
        self.sheets: dict[str, SheetScan] = {}
        self.base = 0  # offset, in the part, of the text given to feed
        self.open_since: int | None = None  # offset of the open cell's start tag
        self.open_bytes = 0  # bytes of the open cell seen so far

    def feed(self, text: bytes, final: bool = False) -> bytes:
        """Scan every complete tag of ``text``; return the unfinished rest."""
        rest = self._tokens(text, final)
        self._advance(text, rest)
        return rest

    def _advance(self, text: bytes, rest: bytes) -> None:
        end = self.base + len(text) - len(rest)
        self.open_bytes = 0 if self.open_since is None else end - self.open_since
        self.base = end

    def _tokens(self, text: bytes, final: bool) -> bytes:
        """Hand each tag to :meth:`_tag` in order and the text between to :meth:`_text`.

        A tag with no end yet stops the scan there, and the rest waits for more
        bytes: a tag is never skipped (at the end of the part, such a tag ends the
        scan, as it ends calamine's read). A cut-off ``<...`` at the end waits too.
        """
        pos = 0
        while (found := self.start.search(text, pos)) is not None:
            self._text(text[pos : found.start()])
            tag = self.token.match(text, found.start())
            if tag is None:
                return b"" if final else text[found.start() :]
            self._tag(tag, self.base + tag.start())
            pos = tag.end()
        tail = text.rfind(b"<", pos)
        if not final and tail >= 0 and text.find(b">", tail) < 0:
            self._text(text[pos:tail])
            return text[tail:]
        self._text(text[pos:])
        return b""

    def _tag(self, tag: re.Match[bytes], offset: int) -> None:
        raise NotImplementedError

    def _text(self, text: bytes) -> None:
        """Text between two tags the scanner follows (it may hold other tags)."""

    def finish(self) -> None:
        """The part has ended: a cell still open ends with it."""


class XlsxScanner(Scanner):
    """One worksheet part: ``<dimension>``, ``<row r>``, ``<c r>`` with ``<f>`` and ``<v>``."""

    start = _START
    token = _TOKEN

    def __init__(self, sheet: str, percent_styles: frozenset[int] = frozenset()) -> None:
        super().__init__()
        self.scan = self.sheets[sheet] = SheetScan()
        self.row = 0  # the current row, for cells and rows written without an address
        self.column = 0
        self.percent_styles = percent_styles
        self.styled = _styled_cells(percent_styles) if percent_styles else None
        # The open cell: its attributes, and what its content held so far.
        self.cell: bytes | None = None
        self.formula = self.inline = False
        self.value: bytes | None = None  # the text of its <v>, when it has one
        self.in_value = False

    def feed(self, text: bytes, final: bool = False) -> bytes:
        """Scan the complete tags of ``text``: in C loops when every cell has an address,
        none is a formula and no cell is open; else tag by tag."""
        if final or self.cell is not None:
            return super().feed(text, final)
        # Up to the last cell or row start tag, every cell is whole (it ends before it).
        cut = _last_match_start(_CELL_OR_ROW, text)
        if cut is None:
            return super().feed(text, final)
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
            return super().feed(text, final)
        self._feed_fast(head, cells, rows)
        rest = text[cut:]
        self._advance(text, rest)
        return rest

    def _feed_fast(
        self, head: bytes, cells: list[tuple[bytes, bytes, bytes]], rows: list[bytes]
    ) -> None:
        """Every cell and row has an address and nothing is a formula: count in C loops."""
        scan = self.scan
        for dimension in _DIMENSION.finditer(head):
            self._dimension(dimension.group(0))
        for match in self.styled.finditer(head) if self.styled is not None else ():
            at = match.start()
            if at == 0 or head[at - 1] not in b" \t\r\n":
                continue  # part of another attribute's name
            # A cell's start tag is short: look no further than 1 KB either side (linear).
            begin, end = head.rfind(b"<", max(0, at - 1024), at), head.find(b">", at, at + 1024)
            tag = head[begin : end + 1]
            if (
                begin < 0
                or end < 0
                or b"<" in head[begin + 1 : at]
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
        # Leave the cursor where the exact path would: at the last row or cell, whichever
        # came last, for cells without an address in later pieces.
        last_row_tag = _last_match_start(_ROW_TAG, head)
        last_cell_tag = _last_match_start(_CELL_TAG, head)
        if last_row_tag is not None and (last_cell_tag is None or last_row_tag > last_cell_tag):
            self.row = int(rows[-1]) if len(rows[-1]) <= 7 else EXCEL_MAX_ROW + 1
            self.column = 0
        elif cells:
            self.row, self.column = _position(cells[-1][0] + cells[-1][1], (0, 0))

    def _dimension(self, tag: bytes) -> None:
        ref = _REF_ATTR.search(tag)
        if ref:
            corner = ref.group(1).split(b":")[-1]
            self.scan.claimed = _position(corner, self.scan.claimed)

    def _tag(self, tag: re.Match[bytes], offset: int) -> None:
        closing, name, attributes = tag.group(1), tag.group(2) or tag.group(3), tag.group(4)
        empty = attributes.endswith(b"/")
        if name == b"c":
            if self.cell is not None:
                self._end_cell()  # a cell left open ends where a cell, row or dimension begins
            if not closing:
                self._start_cell(attributes, offset)
                if empty:
                    self._end_cell()
        elif name == b"row":
            if self.cell is not None:
                self._end_cell()
            if not closing:
                found = _R_ATTR.search(attributes)
                self.row = int(found.group(2)) if found and found.group(2) else self.row + 1
                self.column = 0
        elif name == b"dimension":
            if self.cell is not None:
                self._end_cell()
            self._dimension(b"<dimension" + attributes + b">")
        elif self.cell is None:
            return
        elif name == b"f" and not closing:
            self.formula = True
        elif name == b"is" and not closing:
            self.inline = True
        elif name == b"v":
            if not closing:
                self.value = b""
            self.in_value = not closing and not empty

    def _text(self, text: bytes) -> None:
        if self.in_value and self.value is not None and len(self.value) <= MAX_VALUE_BYTES:
            self.value += text[: MAX_VALUE_BYTES + 1]

    def _start_cell(self, attributes: bytes, offset: int) -> None:
        found = _R_ATTR.search(attributes)
        if found and found.group(1) and found.group(2):
            self.row, self.column = _position(found.group(1) + found.group(2), (0, 0))
        else:
            self.column += 1
            self.row = max(self.row, 1)
        self.cell, self.open_since = attributes, offset
        self.formula = self.inline = self.in_value = False
        self.value = None

    def _end_cell(self) -> None:
        """What the cell that ends here held: a value, a formula, a percentage."""
        scan, attributes, value = self.scan, self.cell or b"", self.value
        self.cell, self.open_since, self.in_value = None, None, False
        if not (self.formula or value is not None or self.inline):
            return  # formatting only: no value for any reader
        scan.last_row = max(scan.last_row, self.row)
        scan.last_column = max(scan.last_column, self.column)
        address = f"{column_letter(min(self.column, EXCEL_MAX_COLUMN))}{self.row}"
        if value is not None and self.percent_styles:
            self._percent(attributes, address)
        if self.formula:
            if value is None:
                scan.unsaved.append(address)
            elif len(value) <= MAX_VALUE_BYTES and value.strip() in (b"", b"0"):
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

    def finish(self) -> None:
        """The part has ended: a cell still open ends with it."""
        if self.cell is not None:
            self._end_cell()


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
