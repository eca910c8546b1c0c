"""Look at an input file before any spreadsheet library parses it.

:func:`inspect` answers, from the bytes alone, what the file is (missing, a
folder, empty, a PDF, a CSV, a corrupt zip, a password-protected workbook, an
old ``.xls``...) and refuses hostile files before they reach python-calamine:
zip members that would inflate past :data:`MAX_UNCOMPRESSED_BYTES` or by more
than :data:`MAX_RATIO`, sheets that claim more than :data:`MAX_ROWS` rows,
:data:`MAX_COLUMNS` columns or :data:`MAX_CELLS` cells, and XML with a
``DOCTYPE`` or ``ENTITY`` declaration. The scan is a cheap streaming pass over
the sheet XML with byte patterns; nothing is expanded or evaluated.

The same pass finds formula cells of an ``.xlsx`` that carry no saved result,
which must never be read as 0, and numeric cells formatted as a percentage
(Excel shows 0,86 as 86%), which must be read as the person sees them.
Every refusal is an :class:`InputError` whose :class:`Problem` says, in
Indonesian, what is wrong and how to fix it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import InputError, Problem, column_letter, error, warning
from lkt_excel.files import close_names

# Documented limits (README, "Limits"). The real inputs are a few hundred rows.
MAX_FILE_BYTES = 50 * 1024 * 1024  # the file on disk
MAX_MEMBERS = 5_000  # entries in the zip container
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all zip members together, once inflated
MAX_RATIO = 200  # inflated / compressed size of one member, checked above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # smaller members may compress as well as they like
MAX_ROWS = 50_000  # per sheet
MAX_COLUMNS = 256  # per sheet: columns A to IV
MAX_CELLS = 2_000_000  # per sheet: rows x columns of the area from A1 to the last cell
MAX_CELL_BYTES = 1024 * 1024  # one cell's XML; Excel's own limit is 32,767 characters

EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# Programs that write .xlsx without computing formulas (their cached values are placeholders).
_LIBRARY_WRITERS = ("openpyxl", "xlsxwriter", "microsoft excel compatible")

RESAVE = "Buka berkas di Excel, simpan sebagai Buku Kerja Excel (.xlsx), lalu coba lagi."


@dataclass(frozen=True)
class Inspection:
    """What the bytes say about an input file that may be parsed."""

    kind: str  # "xlsx" (also .xlsm), "xlsb", "ods" or "xls"
    unsaved_formulas: tuple[tuple[str, str], ...] = ()  # (sheet name, cell address)
    percent_cells: tuple[tuple[str, str], ...] = ()  # (sheet name, cell address)
    notes: tuple[Problem, ...] = ()  # warnings about the file as a whole


@dataclass
class SheetScan:
    """What one streaming pass over a sheet's XML found."""

    claimed: tuple[int, int] = (0, 0)  # rows, columns of <dimension ref=...>
    last_row: int = 0  # of cells that hold a value or a formula
    last_column: int = 0
    unsaved: list[str] = field(default_factory=list)  # formula, no saved value
    placeholders: list[str] = field(default_factory=list)  # formula, value "" or 0
    percent: set[str] = field(default_factory=set)  # a number shown as a percentage


def _refuse(code: str, message: str, fix: str, **where: object) -> InputError:
    return InputError([error(code, message, fix, **where)])


# ---------------------------------------------------------------------------
# The whole file
# ---------------------------------------------------------------------------


def inspect(path: Path) -> Inspection:
    """Say what ``path`` is, or raise :class:`InputError` if it must not be parsed."""
    path = Path(path)
    if not path.exists():
        raise _refuse(
            "berkas-tidak-ada",
            f"Berkas '{path}' tidak ditemukan.{close_names(path, folders=False)}",
            "Periksa nama dan folder berkas.",
        )
    if path.is_dir():
        raise _refuse(
            "berkas-adalah-folder",
            f"'{path}' adalah folder, bukan berkas Excel.",
            "Sebutkan berkas .xlsx di dalam folder itu; untuk semua berkasnya, jalankan: "
            f'lkt-excel proses "{path}".',
        )
    if not path.is_file():  # a pipe or a device: reading it could block for ever
        raise _refuse(
            "bukan-berkas-biasa",
            f"'{path}' bukan berkas biasa (mungkin pipa atau perangkat).",
            "Sebutkan berkas .xlsx yang tersimpan di disk.",
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise _refuse(
            "berkas-tidak-terbuka",
            f"Berkas '{path.name}' tidak dapat dibuka ({exc.strerror or exc}).",
            "Periksa izin berkas; bila berkas sedang dipakai program lain, tutup dulu.",
        ) from None
    if size == 0:
        raise _refuse(
            "berkas-kosong",
            f"Berkas '{path.name}' kosong (0 bita).",
            "Berkas mungkin gagal disalin atau diunduh. Ambil lagi berkas aslinya.",
        )
    if size > MAX_FILE_BYTES:
        raise _refuse(
            "berkas-terlalu-besar",
            f"Berkas '{path.name}' berukuran {_mb(size)}; batasnya {_mb(MAX_FILE_BYTES)}.",
            "Pindahkan lembar lain yang tidak diperlukan ke berkas terpisah, lalu coba lagi.",
        )
    if head.startswith(ZIP_MAGIC):
        return _inspect_zip(path)
    if head.startswith(OLE_MAGIC):
        return _inspect_ole(path)
    raise _not_a_spreadsheet(path, head)


def _not_a_spreadsheet(path: Path, head: bytes) -> InputError:
    name = path.name
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        what = "sebuah dokumen PDF"
        fix = "PDF tidak dapat dibaca. Gunakan berkas Excel aslinya (.xlsx)."
    elif stripped[:1] == b"<":
        what = "berkas HTML/XML (mungkin halaman web yang disimpan dengan nama Excel)"
        fix = RESAVE
    elif b"\x00" not in head and _is_text(head):
        what = "teks biasa (mungkin CSV)"
        fix = (
            "Buka berkas di Excel, susun lembar Laporan, Indikator dan Data (lihat "
            "perintah 'lkt-excel template'), lalu simpan sebagai Buku Kerja Excel (.xlsx)."
        )
    else:
        what = "berkas dengan format yang tidak dikenal"
        fix = RESAVE
    return _refuse(
        "bukan-lembar-kerja", f"Berkas '{name}' bukan lembar kerja Excel: isinya {what}.", fix
    )


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def _corrupt_zip(path: Path) -> InputError:
    return _refuse(
        "berkas-zip-rusak",
        f"Berkas '{path.name}' rusak atau tidak utuh; mungkin salinan atau unduhannya terputus.",
        "Ambil lagi berkas aslinya; bila masih bisa dibuka di Excel, simpan ulang sebagai .xlsx.",
    )


def _too_big(path: Path, detail: str) -> InputError:
    return _refuse(
        "isi-terlalu-besar",
        f"Berkas '{path.name}' ditolak: {detail}. Berkas seperti ini dapat menghabiskan memori "
        "komputer, jadi tidak dibuka.",
        "Bila berkas ini memang laporan Anda, salin ketiga lembarnya (Laporan, Indikator, Data) "
        "ke buku kerja baru di Excel dan simpan.",
    )


def _mb(size: int) -> str:
    return f"{format_id(size // (1024 * 1024))} MB"


def _inspect_zip(path: Path) -> Inspection:
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_archive(path, archive)
    # NotImplementedError: a compression method zipfile does not know (Excel never uses one)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise _corrupt_zip(path) from None


def _inspect_archive(path: Path, archive: zipfile.ZipFile) -> Inspection:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if len(infos) > MAX_MEMBERS:
        raise _too_big(
            path, f"isinya {format_id(len(infos))} bagian, batasnya {format_id(MAX_MEMBERS)}"
        )
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise _too_big(
            path,
            f"isinya mengembang menjadi {_mb(declared)}, batasnya {_mb(MAX_UNCOMPRESSED_BYTES)}",
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _too_big(
                path,
                f"bagian '{info.filename}' mengembang "
                f"{format_id(info.file_size // max(info.compress_size, 1))} kali lipat, "
                f"batasnya {MAX_RATIO} kali",
            )
    if any(info.flag_bits & 0x1 for info in infos):
        raise password_protected(path)

    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "xl/workbook.bin" in names:
        kind = "xlsb"
    elif (
        "mimetype" in names
        and archive.getinfo("mimetype").file_size < 256
        and archive.read("mimetype").strip() == ODS_MIMETYPE
    ):
        kind = "ods"
    elif "word/document.xml" in names:
        raise _refuse(
            "bukan-lembar-kerja",
            f"Berkas '{path.name}' adalah dokumen Word, bukan lembar kerja Excel.",
            "Gunakan berkas Excel (.xlsx) yang berisi lembar Laporan, Indikator dan Data.",
        )
    else:
        raise _refuse(
            "bukan-lembar-kerja",
            f"Berkas '{path.name}' adalah arsip zip, bukan lembar kerja Excel.",
            "Ekstrak arsipnya dan pilih berkas .xlsx di dalamnya.",
        )

    sheets = _sheet_parts(archive, names) if kind == "xlsx" else {}
    percent_styles = _percent_styles(archive, names) if kind == "xlsx" else frozenset()
    never_saved = kind == "xlsx" and _never_saved_by_spreadsheet_app(archive, names)
    unsaved: list[tuple[str, str]] = []
    percent: list[tuple[str, str]] = []
    inflated = 0
    for info in infos:
        if info.is_dir():
            continue
        scanner: _Scanner | None = None
        if info.filename in sheets:
            scanner = _XlsxScanner(sheets[info.filename], percent_styles)
        elif kind == "ods" and info.filename == "content.xml":
            scanner = _OdsScanner()
        is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        for chunk in _scan_member(path, archive, info, is_xml, scanner):
            inflated += len(chunk)
            if inflated > MAX_UNCOMPRESSED_BYTES:
                raise _too_big(path, f"isinya mengembang melebihi {_mb(MAX_UNCOMPRESSED_BYTES)}")
        for sheet, scan in scanner.sheets.items() if scanner is not None else ():
            _check_sheet_size(path, sheet, scan)
            unsaved += [(sheet, address) for address in scan.unsaved]
            if never_saved:
                unsaved += [(sheet, address) for address in scan.placeholders]
            percent += [(sheet, address) for address in sorted(scan.percent)]
    return Inspection(kind, tuple(unsaved), tuple(percent))


def password_protected(path: Path) -> InputError:
    """Seen here (an encrypted package) or by the parser (an .xls with a password)."""
    return _refuse(
        "berkas-berkata-sandi",
        f"Berkas '{path.name}' dilindungi kata sandi, jadi isinya tidak dapat dibaca.",
        "Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook > Encrypt with "
        "Password, kosongkan), simpan, lalu coba lagi.",
    )


# ---------------------------------------------------------------------------
# Old Excel files and encrypted workbooks: the OLE (Compound File) container
# ---------------------------------------------------------------------------


def _inspect_ole(path: Path) -> Inspection:
    streams = ole_stream_names(path.read_bytes())
    if {"EncryptionInfo", "EncryptedPackage"} & streams:
        raise password_protected(path)
    if {"Workbook", "Book"} & streams:
        notes: tuple[Problem, ...] = ()
        if path.suffix.lower() != ".xls":
            notes = (
                warning(
                    "xls-berganti-nama",
                    f"Berkas '{path.name}' sebenarnya berformat Excel lama (.xls) walaupun "
                    f"namanya berakhiran '{path.suffix}'. Berkas tetap dibaca.",
                    "Buka di Excel dan simpan sebagai Buku Kerja Excel (.xlsx), atau ganti "
                    "akhiran namanya menjadi .xls.",
                ),
            )
        return Inspection("xls", notes=notes)
    if "WordDocument" in streams:
        raise _refuse(
            "bukan-lembar-kerja",
            f"Berkas '{path.name}' adalah dokumen Word lama (.doc), bukan lembar kerja Excel.",
            "Gunakan berkas Excel (.xlsx) yang berisi lembar Laporan, Indikator dan Data.",
        )
    raise _refuse(
        "bukan-lembar-kerja",
        f"Berkas '{path.name}' berformat Office lama tetapi tidak berisi buku kerja Excel.",
        RESAVE,
    )


def ole_stream_names(data: bytes) -> set[str]:
    """Names in the directory of a Compound File (MS-CFB); empty if it cannot be followed."""
    try:
        (shift,) = struct.unpack_from("<H", data, 0x1E)
        if shift not in (9, 12):
            return set()
        size = 1 << shift
        fat_count, first_directory = struct.unpack_from("<II", data, 0x2C)
        difat_sector, difat_count = struct.unpack_from("<II", data, 0x44)
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        per_sector = size // 4
        seen_difat: set[int] = set()
        for _ in range(min(difat_count, len(data) // size)):  # FAT sectors past the first 109
            if difat_sector >= 0xFFFFFFFA or difat_sector in seen_difat:
                break
            seen_difat.add(difat_sector)
            entries = struct.unpack_from(f"<{per_sector}I", data, (difat_sector + 1) * size)
            fat_sectors += entries[:-1]
            difat_sector = entries[-1]
        fat: list[int] = []
        for sector in fat_sectors[:fat_count]:
            fat += struct.unpack_from(f"<{per_sector}I", data, (sector + 1) * size)
        names: set[str] = set()
        sector, seen = first_directory, set()
        while sector < len(fat) and sector not in seen:
            seen.add(sector)
            start = (sector + 1) * size
            for offset in range(start, start + size, 128):
                length, kind = struct.unpack_from("<HB", data, offset + 64)
                if kind in (1, 2, 5) and 2 <= length <= 64:
                    names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
            sector = fat[sector]
        return names
    except (struct.error, IndexError):
        return set()


# ---------------------------------------------------------------------------
# The parts of an .xlsx
# ---------------------------------------------------------------------------

_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """Parse a small part (workbook, rels, properties) once it is known to be harmless."""
    info = archive.getinfo(name)
    if info.file_size > 10 * 1024 * 1024:
        return None
    data = archive.read(name)
    if _DOCTYPE.search(data) or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # refused with its own message by the full pass
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Zip member of each worksheet -> its sheet name, as calamine resolves them."""
    book = _small_xml(archive, "xl/workbook.xml")
    rels = (
        _small_xml(archive, "xl/_rels/workbook.xml.rels")
        if ("xl/_rels/workbook.xml.rels" in names)
        else None
    )
    targets: dict[str, str] = {}
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship") if rels is not None else ():
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = _normalise(member)
    parts: dict[str, str] = {}
    for sheet in book.iter() if book is not None else ():
        if sheet.tag.endswith("}sheet"):
            sheet_member = targets.get(sheet.get(f"{_REL_NS}id", ""), "")
            if sheet_member in names:
                parts[sheet_member] = sheet.get("name", sheet_member)
    for name in names:  # a worksheet no relationship names is still scanned
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name) and name not in parts:
            parts[name] = PurePosixPath(name).stem
    return parts


def _normalise(member: str) -> str:
    parts: list[str] = []
    for piece in member.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _never_saved_by_spreadsheet_app(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """True when a library wrote the file and no spreadsheet program has saved it since.

    Such files carry placeholder results for their formulas. The signs: no
    ``docProps/app.xml``; an ``Application`` there naming a library; or
    ``fullCalcOnLoad`` in the workbook, which libraries set so that Excel
    computes on opening and which Excel drops when it saves.
    """
    if "docProps/app.xml" not in names:
        return True
    app = _small_xml(archive, "docProps/app.xml")
    application = ""
    for item in app.iter() if app is not None else ():
        if item.tag.endswith("}Application"):
            application = (item.text or "").lower()
    if any(name in application for name in _LIBRARY_WRITERS):
        return True
    book = _small_xml(archive, "xl/workbook.xml")
    for item in book.iter() if book is not None else ():
        if item.tag.endswith("}calcPr") and item.get("fullCalcOnLoad") in ("1", "true"):
            return True
    return False


_PERCENT_BUILTIN = frozenset({9, 10})  # "0%" and "0.00%"
_STYLES_TYPE = "/officeDocument/2006/relationships/styles"


def _percent_styles(archive: zipfile.ZipFile, names: set[str]) -> frozenset[int]:
    """Indexes into ``cellXfs`` (a cell's ``s``) whose number format shows a percentage.

    The styles part is small (a few KB); it is parsed whole, like the workbook part.
    """
    member = "xl/styles.xml"
    rels = (
        _small_xml(archive, "xl/_rels/workbook.xml.rels")
        if ("xl/_rels/workbook.xml.rels" in names)
        else None
    )
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship") if rels is not None else ():
        if rel.get("Type", "").endswith(_STYLES_TYPE):
            target = rel.get("Target", "")
            member = _normalise(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
    styles = _small_xml(archive, member) if member in names else None
    if styles is None:
        return frozenset()
    percent_formats = set(_PERCENT_BUILTIN)
    for item in styles.iter():
        number = _format_id(item.get("numFmtId")) if item.tag.endswith("}numFmt") else None
        if number is None:
            continue
        if is_percent_format(item.get("formatCode", "")):
            percent_formats.add(number)
        else:  # a custom format may replace a built-in one's id
            percent_formats.discard(number)
    found: set[int] = set()
    for item in styles.iter():
        if item.tag.endswith("}cellXfs"):
            for index, xf in enumerate(x for x in item if x.tag.endswith("}xf")):
                if _format_id(xf.get("numFmtId", "0")) in percent_formats:
                    found.add(index)
            break
    return frozenset(found)


def _format_id(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def is_percent_format(code: str) -> bool:
    """Whether an Excel number format multiplies by 100: a ``%`` that is not literal text.

    A ``%`` is literal inside ``"..."``, after a backslash, after ``_`` (a space as wide
    as the character) or ``*`` (fill with the character), and inside ``[...]``
    (a colour, a condition, a currency or locale tag).
    """
    index = 0
    while index < len(code):
        char = code[index]
        if char == '"':
            end = code.find('"', index + 1)
            index = len(code) if end < 0 else end + 1
            continue
        if char == "[":
            end = code.find("]", index + 1)
            index = len(code) if end < 0 else end + 1
            continue
        if char in "\\_*":
            index += 2
            continue
        if char == "%":
            return True
        index += 1
    return False


# ---------------------------------------------------------------------------
# The streaming pass
# ---------------------------------------------------------------------------

CHUNK = 1024 * 1024
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


def _scan_member(
    path: Path,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    is_xml: bool,
    scanner: _Scanner | None,
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
                raise _refuse(
                    "xml-tidak-didukung",
                    f"Bagian '{info.filename}' pada berkas '{path.name}' berisi bita nol: "
                    "ditulis dengan pengodean UTF-16, yang tidak dipakai Excel, atau rusak.",
                    RESAVE,
                )
            first = False
            text = pending[-64:] + chunk if scanner is None else pending + chunk
            if is_xml and _DOCTYPE.search(text):
                raise _refuse(
                    "xml-berbahaya",
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
                    raise _too_big(path, f"satu sel pada bagian '{info.filename}' melebihi 1 MB")
                pending = pending[-64:]
        if scanner is not None and pending:
            scanner.feed(pending, final=True)


class _Scanner:
    """Finds the cells of sheet XML in chunks; ``sheets`` holds what it found per sheet."""

    start: re.Pattern[bytes]  # where an element the scanner needs begins

    def __init__(self) -> None:
        self.sheets: dict[str, SheetScan] = {}

    def feed(self, text: bytes, final: bool = False) -> bytes:
        """Scan every complete element of ``text``; return the unfinished rest."""
        raise NotImplementedError


class _XlsxScanner(_Scanner):
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


class _OdsScanner(_Scanner):
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


def _check_sheet_size(path: Path, sheet: str, scan: SheetScan) -> None:
    rows = max(scan.last_row, scan.claimed[0])
    columns = max(scan.last_column, scan.claimed[1])
    if rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS:
        return
    last = f"{column_letter(min(max(columns, 1), EXCEL_MAX_COLUMN))}{rows}"
    raise _refuse(
        "lembar-terlalu-besar",
        f"Lembar '{sheet}' memakai sel sampai {last} ({format_id(rows)} baris x "
        f"{format_id(columns)} kolom). Batasnya {format_id(MAX_ROWS)} baris, {MAX_COLUMNS} kolom "
        f"(sampai kolom {column_letter(MAX_COLUMNS)}) dan {format_id(MAX_CELLS)} sel per lembar; "
        "lembar sebesar ini dapat menghabiskan memori komputer, jadi berkas tidak dibuka.",
        "Hapus baris dan kolom kosong di luar tabel (pilih, klik kanan > Delete), atau "
        "pindahkan lembar itu ke berkas lain; simpan, lalu coba lagi.",
        sheet=sheet,
    )
