"""Look at an input file before any spreadsheet library parses it.

:func:`inspect` answers, from the bytes alone, what the file is (missing, a
folder, empty, a PDF, a CSV, a corrupt zip, a password-protected workbook, an
old ``.xls``...) and refuses hostile files before they reach python-calamine:
zip members that would inflate past the limits of :mod:`lkt_excel.reading.limits`,
sheets that claim more rows, columns or cells than they allow, and XML with a
``DOCTYPE`` or ``ENTITY`` declaration. Old ``.xls`` files and encrypted
workbooks are Compound Files, which :mod:`lkt_excel.reading.compound` follows
(refusing chains that loop) and whose sheets it measures; the number formats of
an ``.xls`` come from :mod:`lkt_excel.reading.xls_formats`.

The sheets themselves go through the streaming pass of
:mod:`lkt_excel.reading.scanners`, which also finds the formula cells of an
``.xlsx`` that carry no saved result (they must never be read as 0) and the
number cells formatted as a percentage (Excel shows 0,86 as 86%, and they
must be read as the person sees them).
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lkt_excel.core import catalogue as codes
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import InputError, Problem, warning
from lkt_excel.files import UNOPENABLE_FIX, close_names
from lkt_excel.reading import limits
from lkt_excel.reading.compound import (
    WORKBOOK_STREAMS,
    Compound,
    CompoundError,
    biff_sheets,
    read_compound,
)
from lkt_excel.reading.limits import RESAVE, check_sheet_size, megabytes, refuse, too_big
from lkt_excel.reading.ods_scanner import OdsScanner
from lkt_excel.reading.scanners import Scanner, XlsxScanner, scan_member
from lkt_excel.reading.xls_formats import xls_percent_cells
from lkt_excel.reading.xlsx_parts import (
    AmbiguousPart,
    Package,
    layout,
    never_saved_by_spreadsheet_app,
    percent_styles,
)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Inspection:
    """What the bytes say about an input file that may be parsed."""

    kind: str  # "xlsx" (also .xlsm), "xlsb", "ods" or "xls"
    unsaved_formulas: tuple[tuple[str, str], ...] = ()  # (sheet name, cell address)
    percent_cells: tuple[tuple[str, str], ...] = ()  # (sheet name, cell address)
    notes: tuple[Problem, ...] = ()  # warnings about the file as a whole


def inspect(path: Path) -> Inspection:
    """Say what ``path`` is, or raise :class:`InputError` if it must not be parsed."""
    path = Path(path)
    if not path.exists():
        raise refuse(
            codes.BERKAS_TIDAK_ADA,
            f"Berkas '{path}' tidak ditemukan.{close_names(path, folders=False)}",
            "Periksa nama dan folder berkas.",
        )
    if path.is_dir():
        raise refuse(
            codes.BERKAS_ADALAH_FOLDER,
            f"'{path}' adalah folder, bukan berkas Excel.",
            "Sebutkan berkas .xlsx di dalam folder itu; untuk semua berkasnya, jalankan: "
            f'lkt-excel proses "{path}".',
        )
    if not path.is_file():  # a pipe or a device: reading it could block for ever
        raise refuse(
            codes.BUKAN_BERKAS_BIASA,
            f"'{path}' bukan berkas biasa (mungkin pipa atau perangkat).",
            "Sebutkan berkas .xlsx yang tersimpan di disk.",
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise refuse(
            codes.BERKAS_TIDAK_TERBUKA,
            f"Berkas '{path.name}' tidak dapat dibuka ({exc.strerror or exc}).",
            UNOPENABLE_FIX,
        ) from None
    if size == 0:
        raise refuse(
            codes.BERKAS_KOSONG,
            f"Berkas '{path.name}' kosong (0 bita).",
            "Berkas mungkin gagal disalin atau diunduh. Ambil lagi berkas aslinya.",
        )
    if size > limits.MAX_FILE_BYTES:
        raise refuse(
            codes.BERKAS_TERLALU_BESAR,
            f"Berkas '{path.name}' berukuran {megabytes(size)}; "
            f"batasnya {megabytes(limits.MAX_FILE_BYTES)}.",
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
    return refuse(
        codes.BUKAN_LEMBAR_KERJA, f"Berkas '{name}' bukan lembar kerja Excel: isinya {what}.", fix
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
    return refuse(
        codes.BERKAS_ZIP_RUSAK,
        f"Berkas '{path.name}' rusak atau tidak utuh; mungkin salinan atau unduhannya terputus.",
        "Ambil lagi berkas aslinya; bila masih bisa dibuka di Excel, simpan ulang sebagai .xlsx.",
    )


def _inspect_zip(path: Path) -> Inspection:
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_archive(path, archive)
    # NotImplementedError: a compression method zipfile does not know (Excel never uses one)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise _corrupt_zip(path) from None


def _inspect_archive(path: Path, archive: zipfile.ZipFile) -> Inspection:
    infos = archive.infolist()
    _check_container(path, infos)
    try:
        package = Package(archive, infos)
    except AmbiguousPart as exc:
        raise refuse(
            codes.BERKAS_ZIP_RUSAK,
            f"Berkas '{path.name}' rusak: bagian '{exc}' ada dua kali (namanya hanya beda "
            "huruf besar-kecil atau garis miring). Excel tidak pernah menulis berkas seperti ini.",
            "Ambil lagi berkas aslinya; bila masih bisa dibuka di Excel, simpan ulang "
            "sebagai .xlsx.",
        ) from None
    kind = _package_kind(path, archive, package)
    return _scan_parts(path, package, infos, kind)


def _check_container(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose directory alone shows a bomb, or whose parts are encrypted."""
    if len(infos) > limits.MAX_MEMBERS:
        raise too_big(
            path,
            f"isinya {format_id(len(infos))} bagian, batasnya {format_id(limits.MAX_MEMBERS)}",
        )
    declared = sum(info.file_size for info in infos)
    if declared > limits.MAX_UNCOMPRESSED_BYTES:
        raise too_big(
            path,
            f"isinya mengembang menjadi {megabytes(declared)}, "
            f"batasnya {megabytes(limits.MAX_UNCOMPRESSED_BYTES)}",
        )
    for info in infos:
        compressed = max(info.compress_size, 1)
        if info.file_size > limits.RATIO_FLOOR and info.file_size > limits.MAX_RATIO * compressed:
            raise too_big(
                path,
                f"bagian '{info.filename}' mengembang "
                f"{format_id(info.file_size // compressed)} kali lipat, "
                f"batasnya {limits.MAX_RATIO} kali",
            )
    if any(info.flag_bits & 0x1 for info in infos):
        raise password_protected(path)


def _package_kind(path: Path, archive: zipfile.ZipFile, package: Package) -> str:
    """``xlsx``, ``xlsb`` or ``ods``, from the zip's members as calamine finds them; any
    other zip is refused."""
    names = package.exact
    if layout(package).workbook is not None or package.find("xl/workbook.xml"):
        return "xlsx"
    if package.find("xl/workbook.bin"):
        return "xlsb"
    if (
        "mimetype" in names
        and archive.getinfo("mimetype").file_size < 256
        and archive.read("mimetype").strip() == ODS_MIMETYPE
    ):
        return "ods"
    if "word/document.xml" in names:
        raise refuse(
            codes.BUKAN_LEMBAR_KERJA,
            f"Berkas '{path.name}' adalah dokumen Word, bukan lembar kerja Excel.",
            "Gunakan berkas Excel (.xlsx) yang berisi lembar Laporan, Indikator dan Data.",
        )
    raise refuse(
        codes.BUKAN_LEMBAR_KERJA,
        f"Berkas '{path.name}' adalah arsip zip, bukan lembar kerja Excel.",
        "Ekstrak arsipnya dan pilih berkas .xlsx di dalamnya.",
    )


def _scan_parts(
    path: Path, package: Package, infos: list[zipfile.ZipInfo], kind: str
) -> Inspection:
    """Inflate every member once, within the limits and the time budget, scanning the
    sheets on the way.

    In an .xlsx, each sheet part calamine would read is scanned under its sheet's
    name; every other XML part is scanned too, for its size only, so that a part
    this resolution missed cannot reach calamine unmeasured.
    """
    parts = layout(package) if kind == "xlsx" else None
    sheets = parts.sheets if parts is not None else {}
    styles = percent_styles(package, parts) if parts is not None else frozenset()
    # An .xlsb has no formats to read; an .xlsx whose package relationships, workbook,
    # its relationships or styles would not parse here (calamine's reader is more
    # lenient) has its formats unchecked.
    unchecked = kind == "xlsb" or bool(package.unparsed)
    never_saved = parts is not None and never_saved_by_spreadsheet_app(package, parts)
    unsaved: list[tuple[str, str]] = []
    percent: list[tuple[str, str]] = []
    inflated = 0
    deadline = time.monotonic() + limits.MAX_SCAN_SECONDS
    for info in infos:
        if info.is_dir():
            continue
        is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        scanner: Scanner | None = None
        if info.filename in sheets:
            scanner = XlsxScanner(sheets[info.filename], styles)
        elif kind == "ods" and info.filename == "content.xml":
            scanner = OdsScanner()
        elif kind == "xlsx" and is_xml:
            scanner = XlsxScanner(info.filename)  # measured only
        for chunk in scan_member(path, package.archive, info, is_xml, scanner):
            inflated += len(chunk)
            if inflated > limits.MAX_UNCOMPRESSED_BYTES:
                raise too_big(
                    path, f"isinya mengembang melebihi {megabytes(limits.MAX_UNCOMPRESSED_BYTES)}"
                )
            if time.monotonic() > deadline:
                raise scan_too_long(path)
        for sheet, scan in scanner.sheets.items() if scanner is not None else ():
            check_sheet_size(sheet, *scan.size())
            if kind == "xlsx" and info.filename not in sheets:
                continue
            unsaved += [(sheet, address) for address in scan.unsaved]
            if never_saved:
                unsaved += [(sheet, address) for address in scan.placeholders]
            percent += [(sheet, address) for address in sorted(scan.percent)]
    notes = (formats_unread(path),) if unchecked else ()
    return Inspection(kind, tuple(unsaved), tuple(percent), notes)


def scan_too_long(path: Path) -> InputError:
    return refuse(
        codes.BERKAS_TERLALU_LAMA,
        f"Memeriksa berkas '{path.name}' sebelum dibaca memakan waktu lebih dari "
        f"{limits.MAX_SCAN_SECONDS} detik, jadi dihentikan; berkas tidak dibuka.",
        "Salin ketiga lembarnya (Laporan, Indikator, Data) ke buku kerja baru di Excel, "
        "simpan, lalu coba lagi.",
    )


def password_protected(path: Path) -> InputError:
    """Seen here (an encrypted package) or by the parser (an .xls with a password)."""
    return refuse(
        codes.BERKAS_BERKATA_SANDI,
        f"Berkas '{path.name}' dilindungi kata sandi, jadi isinya tidak dapat dibaca.",
        "Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook > Encrypt with "
        "Password, kosongkan), simpan, lalu coba lagi.",
    )


def _inspect_ole(path: Path) -> Inspection:
    data = path.read_bytes()
    try:
        container = read_compound(data)
        streams = container.names
        if {"EncryptionInfo", "EncryptedPackage"} & streams:
            raise password_protected(path)
        workbook = next((container.stream(n) for n in WORKBOOK_STREAMS if n in streams), None)
    except (CompoundError, struct.error):
        raise _broken_container(path) from None
    if workbook is not None:
        return _inspect_xls(path, container, workbook)
    if "WordDocument" in streams:
        raise refuse(
            codes.BUKAN_LEMBAR_KERJA,
            f"Berkas '{path.name}' adalah dokumen Word lama (.doc), bukan lembar kerja Excel.",
            "Gunakan berkas Excel (.xlsx) yang berisi lembar Laporan, Indikator dan Data.",
        )
    raise refuse(
        codes.BUKAN_LEMBAR_KERJA,
        f"Berkas '{path.name}' berformat Office lama tetapi tidak berisi buku kerja Excel.",
        RESAVE,
    )


def _broken_container(path: Path) -> InputError:
    return refuse(
        codes.BERKAS_RUSAK_ATAU_BERBAHAYA,
        f"Berkas '{path.name}' rusak atau berbahaya: susunan bagian-bagian di dalamnya "
        "(Compound File) berputar atau melampaui ukuran berkas. Pembacanya akan "
        "menghabiskan memori komputer, jadi berkas tidak dibuka.",
        "Buka berkas di Excel; bila bisa, salin ketiga lembarnya (Laporan, Indikator, Data) "
        "ke buku kerja baru dan simpan sebagai .xlsx. Bila tidak, minta berkas aslinya lagi.",
    )


def _inspect_xls(path: Path, container: Compound, workbook: bytes) -> Inspection:
    """Check each sheet's span, then read the number formats (a note if they cannot be)."""
    try:
        spans = biff_sheets(workbook)
    except struct.error:
        raise _broken_container(path) from None
    for sheet, rows, columns in spans:
        check_sheet_size(sheet, rows, columns)
    notes: list[Problem] = []
    if path.suffix.lower() != ".xls":
        notes.append(
            warning(
                codes.XLS_BERGANTI_NAMA,
                f"Berkas '{path.name}' sebenarnya berformat Excel lama (.xls) walaupun "
                f"namanya berakhiran '{path.suffix}'. Berkas tetap dibaca.",
                "Buka di Excel dan simpan sebagai Buku Kerja Excel (.xlsx), atau ganti "
                "akhiran namanya menjadi .xls.",
            )
        )
    percent = xls_percent_cells(container.data)
    if percent is None:
        notes.append(formats_unread(path))
    return Inspection("xls", percent_cells=percent or (), notes=tuple(notes))


def formats_unread(path: Path) -> Problem:
    """The note for a file whose number formats cannot be read (.xlsb, a damaged .xls)."""
    return warning(
        codes.FORMAT_TIDAK_TERBACA,
        f"Format angka pada berkas '{path.name}' tidak dapat dibaca, jadi angka yang "
        "tampil sebagai persen di Excel (mis. 86%) terbaca sebagai pecahan yang tersimpan "
        "(0,86), tanpa peringatan per sel.",
        "Periksa target dan realisasi berformat persen, atau buka berkas di Excel dan "
        "simpan sebagai Buku Kerja Excel (.xlsx), lalu jalankan lagi.",
    )
