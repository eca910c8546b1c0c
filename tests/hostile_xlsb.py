"""A binary workbook (.xlsb) that kills python-calamine past the pre-scan, made by code.

The pre-scan (:mod:`lkt_excel.reading.inspection`) measures the sheets of an .xlsx
and an .ods, not the binary records of an .xlsb: this file, with cells at A1
and XFD1048576 like :func:`hostile.corner_cells_xlsx`, reaches the parser,
which densifies the range between them (549 GB) and aborts its process. Named
``.xlsx`` it is still read as what it is (``xl/workbook.bin``), so ``proses``
picks it up. It is how the tests show that a reader dying takes down only its
own process: the child reader of ``check`` and ``build``, the worker of ``proses``.
Should the pre-scan learn to measure .xlsb sheets, these tests need another file
that reaches the parser.

Records follow MS-XLSB: a record type (one or two bytes, 7 bits each) and a size
(7 bits a byte), then the data; only what calamine reads is written.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XLSB_MAIN = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
XLSB_SHEET = "application/vnd.ms-excel.worksheet"


def record(kind: int, data: bytes = b"") -> bytes:
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    assert len(data) < 0x80
    return head + bytes([len(data)]) + data


def wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def rk_integer(row_col: tuple[int, int], value: int) -> bytes:
    """BrtRowHdr for the row, then BrtCellRk holding a small integer in the column."""
    row, column = row_col
    return record(0x00, struct.pack("<I", row) + bytes(4)) + record(
        0x02, struct.pack("<II", column, 0) + struct.pack("<i", (value << 2) | 2)
    )


def corner_cells_xlsb(path: Path, sheet: str = "Data") -> Path:
    workbook = (
        record(0x83)  # BrtBeginBook
        + record(0x8F)  # BrtBeginBundleShs
        + record(0x9C, struct.pack("<II", 0, 1) + wide("rId1") + wide(sheet))  # BrtBundleSh
        + record(0x90)  # BrtEndBundleShs
        + record(0x9D, bytes(4))  # BrtCalcProp: what follows the sheet list
        + record(0x84)  # BrtEndBook
    )
    worksheet = (
        record(0x81)  # BrtBeginSheet
        + record(0x94, struct.pack("<IIII", 0, 1_048_575, 0, 16_383))  # BrtWsDim A1:XFD1048576
        + record(0x91)  # BrtBeginSheetData
        + rk_integer((0, 0), 1)
        + rk_integer((1_048_575, 16_383), 2)
        + record(0x92)  # BrtEndSheetData
        + record(0x82)  # BrtEndSheet
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.bin" ContentType="{XLSB_MAIN}"/>'
        f'<Override PartName="/xl/worksheets/sheet1.bin" ContentType="{XLSB_SHEET}"/></Types>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.bin"/>'
        "</Relationships>"
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.bin"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.bin", workbook)
        archive.writestr("xl/_rels/workbook.bin.rels", workbook_rels)
        archive.writestr("xl/worksheets/sheet1.bin", worksheet)
    return path
