"""Follow a Compound File (MS-CFB) the way calamine does, refusing what would not end.

Old ``.xls`` workbooks and password-protected workbooks are Compound Files: a
small file system of sectors chained through a FAT. calamine follows those
chains without checking for loops (the DIFAT, the directory and the mini
stream), so a 6 KB file whose directory chain points back at itself makes it
allocate without end. :func:`read_compound` follows the same chains, in the same
order and with the same rules, but refuses a chain that comes back to a sector
it has already seen or runs longer than the file has sectors, and a FAT sector
listed twice. :func:`biff_sheets` then walks the records of the workbook
stream, as calamine's xls reader does, to find how far each sheet reaches.

Everything here is linear in the size of the file: each sector is visited at
most once per chain, each record once.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lkt_excel.reading.limits import EXCEL_MAX_ROW

RESERVED = 0xFFFFFFFA  # sector numbers from here on are markers, not sectors
DIFSECT = 0xFFFFFFFC
ENDOFCHAIN = 0xFFFFFFFE
MINI_CUTOFF = 4096  # streams shorter than this live in the mini stream
MINI_SECTOR = 64

# The workbook stream, by the names calamine tries, in its order.
WORKBOOK_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")


class CompoundError(Exception):
    """The container cannot be followed safely; the message says why (English, for logs)."""


@dataclass(frozen=True)
class Entry:
    name: str
    start: int
    size: int


@dataclass(frozen=True)
class Compound:
    entries: tuple[Entry, ...]
    data: bytes
    sector_size: int
    fat: tuple[int, ...]
    mini_fat: tuple[int, ...]
    mini_stream: bytes

    @property
    def names(self) -> set[str]:
        return {entry.name for entry in self.entries}

    def stream(self, name: str) -> bytes | None:
        """The content of the first entry called ``name``, as calamine reads it."""
        entry = next((e for e in self.entries if e.name == name), None)
        if entry is None:
            return None
        if entry.size < MINI_CUTOFF:
            sectors = len(self.data) // self.sector_size * 8
            return _chain(
                lambda i: self.mini_stream[i * MINI_SECTOR : (i + 1) * MINI_SECTOR],
                entry.start,
                self.mini_fat,
                sectors,
                entry.size,
            )
        return self._chain(entry.start, entry.size)

    def _chain(self, start: int, length: int | None) -> bytes:
        return _chain(self._sector, start, self.fat, len(self.data) // self.sector_size, length)

    def _sector(self, number: int) -> bytes:
        begin = (number + 1) * self.sector_size  # the header takes the first sector's room
        return self.data[begin : begin + self.sector_size]


def _chain(
    sector: Callable[[int], bytes],
    start: int,
    fat: tuple[int, ...],
    last: int,
    length: int | None,
) -> bytes:
    """The bytes of the chain from ``start``, up to ``length`` (calamine's ``get_chain``).

    Refused: a sector past ``last`` (the file's sector count), a sector number past the
    FAT, and a sector seen twice (the chain would never end, or repeat itself up to a
    length of gigabytes).
    """
    pieces: list[bytes] = []
    total = 0
    seen: set[int] = set()
    number = start
    while number != ENDOFCHAIN:
        if number > last:
            raise CompoundError(f"sector {number} past the end of the file")
        if number in seen:
            raise CompoundError(f"sector {number} comes back in its own chain")
        seen.add(number)
        piece = sector(number)
        if length is not None:
            piece = piece[: length - total]
        pieces.append(piece)
        total += len(piece)
        if length is not None and total >= length:
            break
        if number >= len(fat):
            raise CompoundError(f"sector {number} has no FAT entry")
        number = fat[number]
    return b"".join(pieces)


def _words(data: bytes) -> tuple[int, ...]:
    return struct.unpack_from(f"<{len(data) // 4}I", data)


def read_compound(data: bytes) -> Compound:
    """The directory of a Compound File, following its chains as calamine does."""
    if len(data) < 512:
        raise CompoundError("shorter than a header")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise CompoundError(f"sector shift {shift}, mini sector shift {mini_shift}")
    size = 1 << shift
    last = len(data) // size
    (directory_start,) = struct.unpack_from("<I", data, 0x30)
    mini_fat_start, mini_fat_count, difat_start = struct.unpack_from("<III", data, 0x3C)
    difat = list(struct.unpack_from("<109I", data, 0x4C))

    def sector(number: int) -> bytes:
        if number > last:
            raise CompoundError(f"sector {number} past the end of the file")
        begin = (number + 1) * size
        return data[begin : begin + size]

    # The DIFAT: each sector's last word names the next one.
    seen: set[int] = set()
    number = difat_start
    while number < RESERVED:
        if number in seen:
            raise CompoundError(f"DIFAT sector {number} comes back in its own chain")
        seen.add(number)
        difat.extend(_words(sector(number)))
        number = difat.pop() if difat else ENDOFCHAIN
    fat_sectors = [number for number in difat if number < DIFSECT]
    if len(set(fat_sectors)) != len(fat_sectors):
        raise CompoundError("a FAT sector is listed twice")
    fat: list[int] = []
    for number in fat_sectors:
        fat.extend(_words(sector(number)))
    fat_tuple = tuple(fat)

    directory = _chain(sector, directory_start, fat_tuple, last, None)
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        raw = directory[offset : offset + 64].decode("utf-16-le", "replace")
        name = raw.split("\0", 1)[0]
        start, low, high = struct.unpack_from("<III", directory, offset + 116)
        entries.append(Entry(name, start, low if size == 512 else low | high << 32))
    if not entries:
        raise CompoundError("no root entry")

    mini_fat: tuple[int, ...] = ()
    mini_stream = b""
    if mini_fat_count > 0:
        mini_stream = _chain(sector, entries[0].start, fat_tuple, last, entries[0].size)
        mini_fat = _words(_chain(sector, mini_fat_start, fat_tuple, last, mini_fat_count * size))
    return Compound(tuple(entries), data, size, fat_tuple, mini_fat, mini_stream)


# BIFF records that hold one cell each, with its row and column first
# (as calamine's xls reader reads them): Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
_CELL_RECORDS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006})
_MULRK, _DIMENSIONS, _BOF, _EOF, _BOUNDSHEET = 0x00BD, 0x0200, 0x0809, 0x000A, 0x0085


def _records(stream: bytes, start: int = 0) -> Iterator[tuple[int, bytes]]:
    """(type, data) of each record from ``start``; stops where a record is cut short."""
    offset = start
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        if offset + 4 + length > len(stream):
            return
        yield kind, stream[offset + 4 : offset + 4 + length]
        offset += 4 + length


def biff_sheets(stream: bytes) -> list[tuple[str, int, int]]:
    """(name, rows, columns) each sheet of a workbook stream spans from A1.

    The span is the larger of what its DIMENSIONS record claims (calamine reserves
    room for it) and how far its cells reach (calamine's range runs to the last one).
    """
    sheets: list[tuple[str, int]] = []
    biff8 = False
    for kind, data in _records(stream):
        if kind == _BOF and not sheets and len(data) >= 2:
            biff8 = struct.unpack_from("<H", data)[0] == 0x0600
        elif kind == _BOUNDSHEET and len(data) >= 7:
            sheets.append((_sheet_name(data, biff8), struct.unpack_from("<I", data)[0]))
        elif kind == _EOF:
            break
    return [(name, *_sheet_span(stream, position)) for name, position in sheets]


def _sheet_name(data: bytes, biff8: bool) -> str:
    count = data[6]
    if not biff8:
        return data[7 : 7 + count].decode("cp1252", "replace")
    if len(data) > 7 and data[7] & 1:
        return data[8 : 8 + 2 * count].decode("utf-16-le", "replace")
    return data[8 : 8 + count].decode("latin-1")


def _sheet_span(stream: bytes, position: int) -> tuple[int, int]:
    rows = columns = 0
    depth = 0
    seen_bof = False
    for kind, data in _records(stream, position):
        if depth:  # an embedded chart or similar: calamine skips it
            depth += {_BOF: 1, _EOF: -1}.get(kind, 0)
            continue
        if kind == _BOF:
            depth, seen_bof = (1 if seen_bof else 0), True
        elif kind == _EOF:
            break
        elif kind == _DIMENSIONS and len(data) in (10, 14):
            wide = len(data) == 14
            first_row, end_row = struct.unpack_from("<II" if wide else "<HH", data)
            first_col, end_col = struct.unpack_from("<HH", data, 8 if wide else 4)
            if first_col > 0xFF or end_col < first_col:
                first_col = 0  # calamine's own correction
            if end_row >= 1 and end_col >= 1:
                past = end_row <= first_row  # calamine's row count would wrap round
                rows = max(rows, EXCEL_MAX_ROW + 1 if past else end_row)
                columns = max(columns, end_col)
        elif kind in _CELL_RECORDS and len(data) >= 4:
            row, column = struct.unpack_from("<HH", data)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind == _MULRK and len(data) >= 6:
            row, _ = struct.unpack_from("<HH", data)
            (column,) = struct.unpack_from("<H", data, len(data) - 2)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
    return rows, columns
