"""Broken and hostile input files, made by code so that each one can be read here.

``xlsx_package`` writes a minimal .xlsx zip from sheet XML; ``rewrite_package``
and ``parts_in_another_case`` rename the parts of one; ``ole_container``
writes a minimal Compound File (the container of old .xls files and of
password-protected workbooks), and ``biff_workbook`` the workbook stream of a
one-sheet .xls to put in it; ``run_cli`` runs the command in a child
process, so a parser that aborts cannot take pytest down with it.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = f"{REL_NS}/worksheet"

# What Excel itself writes to docProps/app.xml (the "saved by a spreadsheet app" case).
EXCEL_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel</Application><AppVersion>16.0300</AppVersion></Properties>"
)


def sheet_xml(cells: str, dimension: str | None = None) -> str:
    """A worksheet part: ``cells`` is the XML inside ``<sheetData>``."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{cells}</sheetData></worksheet>'
    )


def xlsx_package(
    path: Path,
    sheets: dict[str, str],
    *,
    app_xml: str | None = EXCEL_APP_XML,
    workbook_extra: str = "",
    extra: dict[str, bytes | str] | None = None,
) -> Path:
    """Write an .xlsx with one worksheet part per entry of ``sheets`` (name -> sheet XML)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
        f'xmlns:r="{REL_NS}"><sheets>{entries}</sheets>{workbook_extra}</workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{SHEET_TYPE}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    workbook_rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">{rels}'
    workbook_rels += "</Relationships>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, xml in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if app_xml is not None:
            archive.writestr("docProps/app.xml", app_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def corner_cells_xlsx(path: Path) -> Path:
    """The crafted file of calamine issue 693: cells at A1 and XFD1048576, a few KB.

    python-calamine densifies the range between them (1,048,576 x 16,384 cells of
    32 bytes, 549 GB) and the allocation failure aborts the whole process.
    """
    cells = (
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    )
    return xlsx_package(path, {"Data": sheet_xml(cells, "A1:XFD1048576")})


FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def ole_container(streams: dict[str, bytes]) -> bytes:
    """A version 3 Compound File (MS-CFB) holding ``streams`` (at most three).

    Sector 0 is the FAT, sector 1 the directory; each stream is padded to
    4096 bytes so that none lives in the mini stream.
    """
    size = 512
    names = sorted(streams, key=lambda name: (len(name), name.upper()))  # the directory order
    assert len(names) <= 3
    fat = [FATSECT, ENDOFCHAIN]
    body, starts = b"", []
    for name in names:
        content = streams[name].ljust(4096, b"\0")
        count = -(-len(content) // size)
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        body += content.ljust(count * size, b"\0")
    fat += [FREESECT] * (size // 4 - len(fat))
    header = OLE_MAGIC + bytes(16)
    header += struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096,
                          ENDOFCHAIN, 0, ENDOFCHAIN, 0)  # fmt: skip
    header += struct.pack("<109I", 0, *([FREESECT] * 108))

    def entry(name: str, kind: int, child: int, right: int, start: int, length: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, NOSTREAM, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, length)
        )

    directory = entry("Root Entry", 5, 1, NOSTREAM, ENDOFCHAIN, 0)
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else NOSTREAM
        directory += entry(name, 2, NOSTREAM, right, starts[index - 1], len(streams[name]))
    directory = directory.ljust(size, b"\0")
    fat_sector = struct.pack(f"<{size // 4}I", *fat)
    return header + fat_sector + directory + body


def encrypted_workbook(path: Path) -> Path:
    """What Excel writes for a workbook with a password: an OLE container, not a zip."""
    path.write_bytes(
        ole_container(
            {
                "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>",
                "EncryptedPackage": struct.pack("<Q", 1000) + os.urandom(1000),
            }
        )
    )
    return path


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m lkt_excel ARGS`` in a child process; its output decoded as UTF-8."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "lkt_excel", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def ods_package(path: Path, tables: dict[str, list[list[object]]], extra_rows: str = "") -> Path:
    """A minimal OpenDocument spreadsheet; ``extra_rows`` is raw XML after the last table's rows."""
    from xml.sax.saxutils import escape, quoteattr

    def cell(value: object) -> str:
        if value is None or value == "":
            return "<table:table-cell/>"
        if isinstance(value, str):
            return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'  # noqa: E501
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'

    body = ""
    for index, (name, rows) in enumerate(tables.items()):
        body += f"<table:table table:name={quoteattr(name)}>"
        body += "".join(
            "<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows
        )
        body += (extra_rows if index == len(tables) - 1 else "") + "</table:table>"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def rewrite_package(
    source: Path, target: Path, names: dict[str, str], text: dict[str, str] | None = None
) -> Path:
    """Copy the zip ``source`` to ``target``, renaming members by ``names`` and replacing,
    in every XML part ([Content_Types].xml, the rels), each key of ``text`` by its value."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.endswith((".xml", ".rels")):
                for old, new in (text or {}).items():
                    data = data.replace(old.encode(), new.encode())
            copy.writestr(names.get(info.filename, info.filename), data, zipfile.ZIP_DEFLATED)
    return target


def biff_record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def biff_workbook(
    sheet: str,
    numbers: list[tuple[int, int, float]],
    dimensions: tuple[int, int, int, int] | None = None,
) -> bytes:
    """A BIFF8 workbook stream of one sheet: its DIMENSIONS record (first row, row after
    the last, first column, column after the last) and a NUMBER record per (row, column,
    value), 0-based. The records calamine needs to read it, and no more."""

    def bof(kind: int) -> bytes:
        return biff_record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    name = struct.pack("<BB", len(sheet), 0) + sheet.encode("latin-1")
    codepage = biff_record(0x0042, struct.pack("<H", 1200))
    xfs = biff_record(0x00E0, struct.pack("<HHH", 0, 0, 0xFFF5) + bytes(14)) * 16
    globals_size = len(bof(5)) + len(codepage) + len(xfs) + 4 + 6 + len(name) + 4
    boundsheet = biff_record(0x0085, struct.pack("<IBB", globals_size, 0, 0) + name)
    stream = bof(5) + codepage + xfs + boundsheet + biff_record(0x000A, b"")
    assert len(stream) == globals_size
    body = bof(0x10)
    if dimensions is not None:
        body += biff_record(0x0200, struct.pack("<IIHHH", *dimensions, 0))
    for row, column, value in numbers:
        body += biff_record(0x0203, struct.pack("<HHHd", row, column, 15, value))
    # Padded past 4,096 bytes so that the stream lives in the FAT, not the mini stream
    # (ole_container writes no mini stream); calamine stops at the sheet's EOF record.
    return (stream + body + biff_record(0x000A, b"")).ljust(4096, b"\0")


def parts_in_another_case(
    source: Path, target: Path, *, rels_follow: bool = True, workbook_too: bool = True
) -> Path:
    """``source`` (an .xlsx) with its workbook parts renamed in another letter case:
    ``xl/worksheets/sheet1.xml`` becomes ``XL/Worksheets/Sheet1.xml`` and so on
    (without ``workbook_too``, the folder ``xl/``, ``xl/workbook.xml`` and its rels keep
    their names: ``xl/Worksheets/Sheet1.xml``).

    [Content_Types].xml always names the new parts. With ``rels_follow`` the
    relationships name them too, letter for letter; without it they keep the old
    spelling, which ECMA-376 allows (part names compare ignoring ASCII case) and
    calamine reads the same way.
    """
    kept = () if workbook_too else ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")

    def new_name(old: str) -> str:
        if not old.startswith("xl/") or old in kept:
            return old
        folders, _, file = old[3:].rpartition("/")
        folders = "/".join(f if f == "_rels" else f.capitalize() for f in folders.split("/") if f)
        file = file[0].upper() + file[1:]
        return ("XL/" if workbook_too else "xl/") + (f"{folders}/" if folders else "") + file

    with zipfile.ZipFile(source) as archive:
        names = {name: new_name(name) for name in archive.namelist()}
    text = {f'PartName="/{old}"': f'PartName="/{new}"' for old, new in names.items()}
    if rels_follow:
        text['Target="xl/workbook.xml"'] = f'Target="{names["xl/workbook.xml"]}"'
        for old, new in names.items():
            if old.startswith("xl/") and not old.startswith("xl/_rels/"):
                text[f'Target="{old[3:]}"'] = f'Target="{new[3:]}"'
    return rewrite_package(source, target, names, text)
