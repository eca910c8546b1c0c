"""Whole-file problems and hostile files: each gets its own Indonesian answer.

Every file is made here by code (see ``hostile.py``); files that could crash
the parser go through the CLI in a child process.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile import (
    EXCEL_APP_XML,
    biff_workbook,
    corner_cells_xlsx,
    encrypted_workbook,
    ods_package,
    ole_container,
    rewrite_package,
    run_cli,
    sheet_xml,
    xlsx_package,
)

from lkt_excel import api
from lkt_excel.core.problems import InputError
from lkt_excel.reading import child, inspection, limits, reader, scanners


def only_problem(path: Path):
    """The single problem ``check`` reports for a file refused as a whole."""
    problems = api.check(path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.is_error and problem.fix
    return problem


# ---------------------------------------------------------------------------
# Whole-file problems
# ---------------------------------------------------------------------------


def test_missing_file(tmp_path):
    problem = only_problem(tmp_path / "tidak-ada.xlsx")
    assert problem.code == "berkas-tidak-ada"
    assert problem.message.endswith("tidak-ada.xlsx' tidak ditemukan.")  # nothing close by


def test_missing_file_suggests_a_close_name_beside_it(tmp_path):
    (tmp_path / "dinas-kesehatan.xlsx").write_bytes(b"")
    (tmp_path / "dinas-kesehatan").mkdir()  # a folder is not offered for a file
    problem = only_problem(tmp_path / "dinas-kesehatn.xlsx")
    assert problem.message.endswith("tidak ditemukan. Maksud Anda 'dinas-kesehatan.xlsx'?")


def test_folder(tmp_path):
    folder = tmp_path / "laporan.xlsx"
    folder.mkdir()
    problem = only_problem(folder)
    assert problem.code == "berkas-adalah-folder"
    assert "adalah folder" in problem.message
    # A clerk who names the folder of all the units' files is shown the folder command.
    assert problem.fix.endswith(f'untuk semua berkasnya, jalankan: lkt-excel proses "{folder}".')


def test_empty_file(tmp_path):
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    problem = only_problem(path)
    assert problem.code == "berkas-kosong"
    assert problem.message == "Berkas 'kosong.xlsx' kosong (0 bita)."


def test_renamed_pdf(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    problem = only_problem(path)
    assert problem.code == "bukan-lembar-kerja"
    assert problem.message == (
        "Berkas 'laporan.xlsx' bukan lembar kerja Excel: isinya sebuah dokumen PDF."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"Kode;Triwulan;Pembilang;Penyebut\nIK1;I;36;1334\n",
        "Laporan triwulan IV – dikirim lewat surel.\n".encode("cp1252"),
    ],
    ids=["csv", "text"],
)
def test_renamed_csv_or_text(tmp_path, content):
    path = tmp_path / "masukan.xlsx"
    path.write_bytes(content)
    problem = only_problem(path)
    assert problem.code == "bukan-lembar-kerja"
    assert "isinya teks biasa (mungkin CSV)" in problem.message
    assert "simpan sebagai Buku Kerja Excel (.xlsx)" in problem.fix


def test_unknown_binary(tmp_path):
    path = tmp_path / "gambar.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    problem = only_problem(path)
    assert problem.code == "bukan-lembar-kerja"
    assert "format yang tidak dikenal" in problem.message


def test_truncated_xlsx(tmp_path, rows, make_input):
    good = make_input(rows).read_bytes()
    path = tmp_path / "terpotong.xlsx"
    path.write_bytes(good[: len(good) // 2])  # a download cut in the middle
    problem = only_problem(path)
    assert problem.code == "berkas-zip-rusak"
    assert problem.message == (
        "Berkas 'terpotong.xlsx' rusak atau tidak utuh; mungkin salinan atau unduhannya terputus."
    )


def test_damaged_zip_member(tmp_path, rows, make_input):
    """Bytes flipped inside a compressed part: the pre-scan inflates it and notices."""
    source = make_input(rows)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + 40):
        data[offset] ^= 0xFF
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(bytes(data))
    assert only_problem(path).code == "berkas-zip-rusak"


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foto.jpg", b"\xff\xd8\xff")
    problem = only_problem(path)
    assert problem.code == "bukan-lembar-kerja"
    assert "arsip zip" in problem.message


def test_word_document(tmp_path):
    path = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "dokumen Word" in only_problem(path).message


def test_old_word_document(tmp_path):
    path = tmp_path / "surat.xls"
    path.write_bytes(ole_container({"WordDocument": b"\xec\xa5"}))
    problem = only_problem(path)
    assert problem.code == "bukan-lembar-kerja"
    assert "dokumen Word lama (.doc)" in problem.message


def test_password_protected(tmp_path):
    path = encrypted_workbook(tmp_path / "rahasia.xlsx")
    assert path.read_bytes()[:4] == bytes.fromhex("d0cf11e0")
    problem = only_problem(path)
    assert problem.code == "berkas-berkata-sandi"
    assert problem.message == (
        "Berkas 'rahasia.xlsx' dilindungi kata sandi, jadi isinya tidak dapat dibaca."
    )
    assert "hapus kata sandinya" in problem.fix


def test_password_fixture_is_what_calamine_calls_password_protected(tmp_path):
    """The fixture is realistic: python-calamine itself reports PasswordError for it."""
    import python_calamine as calamine

    path = encrypted_workbook(tmp_path / "rahasia.xlsx")
    with pytest.raises(calamine.PasswordError):
        calamine.CalamineWorkbook.from_path(str(path))
    with pytest.raises(InputError) as caught:  # and the child maps it to the same code
        reader.read_cells(path, "xlsx")
    assert caught.value.problems[0].code == "berkas-berkata-sandi"


@pytest.fixture(scope="module")
def old_xls(tmp_path_factory):
    """The example converted to Excel 97-2003 (.xls) by LibreOffice."""
    from builders import write_input
    from conftest import example_rows

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice is not installed; make an .xls with "
            "`soffice --headless --convert-to xls FILE.xlsx` to run this test"
        )
    folder = tmp_path_factory.mktemp("xls")
    rows = example_rows()
    source = write_input(folder / "contoh.xlsx", rows.laporan, rows.indikator, rows.data)
    profile = (folder / "profile").as_uri()  # its own profile: no lock shared with others
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls",
         "--outdir", str(folder), str(source)],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    path = folder / "contoh.xls"
    if not path.exists():
        pytest.skip("LibreOffice could not convert the example to .xls here")
    assert path.read_bytes()[:8] == inspection.OLE_MAGIC
    return path


def test_old_xls_is_read(old_xls):
    """An Excel 97-2003 file reads like the .xlsx it came from: same problems, same report."""
    from conftest import EXAMPLE_INPUT

    assert inspection.inspect(old_xls).kind == "xls"
    assert api.check(old_xls) == api.check(EXAMPLE_INPUT)
    assert not [p for p in api.check(old_xls) if p.is_error]


def test_xls_renamed_xlsx_is_read_with_a_warning(old_xls, tmp_path):
    path = tmp_path / "contoh.xlsx"
    shutil.copy(old_xls, path)
    problems = api.check(path)
    first = problems[0]
    assert (first.code, first.level.value) == ("xls-berganti-nama", "peringatan")
    assert first.message == (
        "Berkas 'contoh.xlsx' sebenarnya berformat Excel lama (.xls) walaupun namanya "
        "berakhiran '.xlsx'. Berkas tetap dibaca."
    )
    assert problems[1:] == api.check(old_xls)
    done = api.build(path, tmp_path / "keluaran.xlsx")
    assert done.notes[0].code == "xls-berganti-nama"


# ---------------------------------------------------------------------------
# Hostile files
# ---------------------------------------------------------------------------

CORNER_MESSAGE = (
    "Lembar 'Data' memakai sel sampai XFD1048576 (1.048.576 baris x 16.384 kolom). "
    "Batasnya 50.000 baris, 256 kolom (sampai kolom IV) dan 2.000.000 sel per lembar"
)


@pytest.mark.parametrize("command", ["check", "build"])
def test_corner_cells_refused_by_the_cli(tmp_path, command):
    """Calamine issue 693: the few-KB file that aborts python-calamine gets an answer."""
    path = corner_cells_xlsx(tmp_path / "sudut.xlsx")
    assert path.stat().st_size < 6 * 1024
    done = run_cli(command, path)
    assert done.returncode == 1, done
    output = done.stdout + done.stderr
    assert CORNER_MESSAGE in " ".join(output.split())  # the table wraps long messages
    assert "Traceback" not in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sudut.xlsx"]  # nothing written


def test_the_parser_crash_itself_is_contained(tmp_path):
    """Past the pre-scan, the abort ends only the child; the caller gets an error."""
    path = corner_cells_xlsx(tmp_path / "sudut.xlsx")
    with pytest.raises(InputError) as caught:
        reader.read_cells(path, "xlsx")
    problem = caught.value.problems[0]
    assert problem.code == "berkas-rusak-atau-berbahaya"
    assert problem.message.startswith("Berkas 'sudut.xlsx' rusak atau berbahaya")


@pytest.mark.parametrize("command", ["check", "build"])
def test_parser_crash_through_the_cli(tmp_path, command):
    """The CLI with the pre-scan switched off: the crash still becomes exit 1 and a message."""
    path = corner_cells_xlsx(tmp_path / "sudut.xlsx")
    script = (
        "import sys; from lkt_excel.reading import inspection, reader; "
        "from lkt_excel.cli import launch as cli; "
        "reader.inspect = lambda path: inspection.Inspection('xlsx'); "
        f"sys.argv = ['lkt-excel', {command!r}, {str(path)!r}]; cli.main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert done.returncode == 1, done
    output = " ".join((done.stdout + done.stderr).split())  # the table wraps long messages
    assert "Berkas 'sudut.xlsx' rusak atau berbahaya" in output
    assert "Traceback" not in output


def assert_sheet_too_big(path: Path, last: str) -> None:
    """The pre-scan refuses sheet 'Data' of ``path``, naming ``last`` as its last cell."""
    with pytest.raises(InputError) as caught:
        inspection.inspect(path)
    problem = caught.value.problems[0]
    assert (problem.code, problem.sheet) == ("lembar-terlalu-besar", "Data")
    assert f"memakai sel sampai {last} (" in problem.message


def rewrite_zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def write_sheet(tmp_path: Path, cells: str, dimension: str | None = None, **options) -> Path:
    return xlsx_package(tmp_path / "lembar.xlsx", {"Data": sheet_xml(cells, dimension)}, **options)


@pytest.mark.parametrize(
    ("cells", "dimension", "last"),
    [
        ('<row r="50001"><c r="A50001"><v>1</v></c></row>', None, "A50001"),
        ('<row r="1"><c r="IW1"><v>1</v></c></row>', None, "IW1"),
        ('<row r="7813"><c r="IV7813"><v>1</v></c></row>', None, "IV7813"),  # 2.000.128 cells
        ('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:XFD1048576", "XFD1048576"),
        ('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:B1", None),
    ],
    ids=["rows", "columns", "cells", "dimension", "within"],
)
def test_sheet_size_limits(tmp_path, cells, dimension, last):
    path = write_sheet(tmp_path, cells, dimension)
    if last is None:
        assert inspection.inspect(path).kind == "xlsx"
    else:
        assert_sheet_too_big(path, last)


def test_largest_sheet_within_limits(tmp_path):
    """IV7812: 256 columns x 7.812 rows = 1.999.872 cells, under 2.000.000."""
    path = write_sheet(tmp_path, '<row r="7812"><c r="IV7812"><v>1</v></c></row>')
    assert inspection.inspect(path).kind == "xlsx"


def test_cells_without_addresses_are_counted(tmp_path):
    """Cells and rows may omit ``r``; they follow the previous one, as calamine places them."""
    cells = "<row>" + "<c><v>1</v></c>" * 257 + "</row>"
    with pytest.raises(InputError) as caught:
        inspection.inspect(write_sheet(tmp_path, cells))
    assert "memakai sel sampai IW1 (" in caught.value.problems[0].message


def test_formatting_only_cells_are_not_counted(tmp_path):
    """A styled empty cell far away holds no value: no reader allocates for it."""
    path = write_sheet(tmp_path, '<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1" s="1"/></row>')
    assert inspection.inspect(path).kind == "xlsx"


def test_prefixed_elements_are_scanned(tmp_path):
    cells = '<x:row r="60000"><x:c r="A60000"><x:v>1</x:v></x:c></x:row>'
    with pytest.raises(InputError) as caught:
        inspection.inspect(write_sheet(tmp_path, cells))
    assert caught.value.problems[0].code == "lembar-terlalu-besar"


def test_zip_bomb_ratio(tmp_path):
    """2 MB of spaces deflate to about 2 KB: a ratio far past the limit of 200."""
    path = write_sheet(tmp_path, "", extra={"xl/media/isian.bin": b" " * (2 * 1024 * 1024)})
    with pytest.raises(InputError) as caught:
        inspection.inspect(path)
    problem = caught.value.problems[0]
    assert problem.code == "isi-terlalu-besar"
    assert "bagian 'xl/media/isian.bin' mengembang" in problem.message
    assert "batasnya 200 kali" in problem.message


def test_total_inflated_size(tmp_path, rows, make_input, monkeypatch):
    """The limit on all parts together, shown on the example with a smaller limit."""
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(InputError) as caught:
        inspection.inspect(make_input(rows))
    assert caught.value.problems[0].code == "isi-terlalu-besar"


def test_file_size_limit(tmp_path, rows, make_input, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000)
    problem = only_problem(make_input(rows))
    assert problem.code == "berkas-terlalu-besar"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize(
    ("member", "content"),
    [
        ("xl/sharedStrings.xml", BILLION_LAUGHS.replace("lol0", "lol") + "<sst>&lol9;</sst>"),
        (
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>')[55:],
        ),
        ("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE workbook><workbook/>'),
    ],
    ids=["billion-laughs", "external-entity", "doctype"],
)
def test_xml_declarations_refused(tmp_path, member, content):
    path = tmp_path / "entitas.xlsx"
    xlsx_package(path, {"Data": sheet_xml("")})
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts[member] = content.encode()
    rewrite_zip(path, parts)
    problem = only_problem(path)
    assert problem.code == "xml-berbahaya"
    assert f"Bagian '{member}' pada berkas 'entitas.xlsx' berisi deklarasi DOCTYPE/ENTITY" in (
        problem.message
    )


# ---------------------------------------------------------------------------
# Formulas without a saved result
# ---------------------------------------------------------------------------


def test_formula_without_value(tmp_path):
    """``<f>`` with no ``<v>``: a result nobody computed, whatever wrote the file."""
    cells = (
        '<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>A1*2</f></c>'
        '<c r="C1"><f>A1*0</f><v>0</v></c></row>'
        '<row r="2"><c r="D2" t="str"><f>"a"</f><v/></c></row>'
    )
    found = inspection.inspect(write_sheet(tmp_path, cells))
    # Saved by Excel (app.xml), so C1's cached 0 is a real result; D2's empty <v/> is none.
    assert found.unsaved_formulas == (("Data", "B1"),)


def test_placeholder_results_of_files_never_saved_by_a_spreadsheet_app(tmp_path):
    cells = (
        '<row r="1"><c r="A1"><f>1+1</f><v>0</v></c><c r="B1"><f>1+2</f><v>3</v></c>'
        '<c r="C1" t="str"><f>"x"</f><v></v></c></row>'
    )
    xlsxwriter_like = dict(workbook_extra='<calcPr calcId="124519" fullCalcOnLoad="1"/>')
    openpyxl_like = dict(
        app_xml=EXCEL_APP_XML.replace("Microsoft Excel<", "Microsoft Excel Compatible / Openpyxl<")
    )
    for options in (xlsxwriter_like, openpyxl_like, dict(app_xml=None)):
        found = inspection.inspect(write_sheet(tmp_path, cells, **options))
        assert found.unsaved_formulas == (("Data", "A1"), ("Data", "C1")), options


def test_unsaved_formula_becomes_a_located_error(tmp_path, rows, make_input):
    """A count written as a formula by a program, never opened in Excel: never read as 0."""
    import xlsxwriter

    from lkt_excel.core.model import SHEET_DATA

    path = make_input(rows)
    book = xlsxwriter.Workbook(str(path))
    for name, table in (("Laporan", rows.laporan), ("Indikator", rows.indikator)):
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    sheet = book.add_worksheet(SHEET_DATA)
    for r, row in enumerate(rows.data):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write_formula("C2", "=30+6")  # Pembilang of IK1, TW I; cached result 0
    book.close()
    errors = [p for p in api.check(path) if p.is_error]
    assert [(p.code, p.cell) for p in errors] == [("rumus-tanpa-hasil", "Data!C2")]


# ---------------------------------------------------------------------------
# OpenDocument spreadsheets, and the parser's own errors
# ---------------------------------------------------------------------------


def test_ods_is_read_like_xlsx(rows, make_input, tmp_path):
    path = ods_package(
        tmp_path / "contoh.ods",
        {"Laporan": rows.laporan, "Indikator": rows.indikator, "Data": rows.data},
    )
    assert inspection.inspect(path).kind == "ods"
    assert api.check(path) == api.check(make_input(rows))


@pytest.mark.parametrize(
    ("extra", "last"),
    [
        (  # rows 1-2, then 1.048.573 empty rows, then a value in row 1.048.576, column 16.384
            '<table:table-row table:number-rows-repeated="1048573"><table:table-cell/>'
            "</table:table-row><table:table-row>"
            '<table:table-cell table:number-columns-repeated="16383"/>'
            '<table:table-cell office:value-type="float" office:value="2"/></table:table-row>',
            "XFD1048576",
        ),
        (  # row 3: one value repeated over 300 columns, up to column KN (11 x 26 + 14 = 300)
            '<table:table-row><table:table-cell office:value-type="float" office:value="1" '
            'table:number-columns-repeated="300"/></table:table-row>',
            "KN3",
        ),
    ],
    ids=["corner", "repeated-value"],
)
def test_ods_sheet_size_limits(tmp_path, extra, last):
    path = ods_package(tmp_path / "besar.ods", {"Data": [[1], [2]]}, extra_rows=extra)
    assert_sheet_too_big(path, last)


def test_empty_repeated_rows_are_not_counted(tmp_path):
    """LibreOffice ends every sheet with a million repeated empty rows: harmless."""
    extra = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    path = ods_package(tmp_path / "lo.ods", {"Data": [[1]]}, extra_rows=extra)
    assert inspection.inspect(path).kind == "ods"


def test_parser_error_is_a_message(tmp_path):
    """A sheet that passes the pre-scan but not the parser: its error, in a sentence."""
    path = xlsx_package(tmp_path / "aneh.xlsx", {"Data": "<worksheet><sheetData><row>"})
    problem = only_problem(path)
    assert problem.code == "berkas-tidak-terbaca"
    assert problem.message.startswith(
        "Berkas 'aneh.xlsx' tidak dapat dibaca sebagai lembar kerja Excel ("
    )


def no_interpreter(*args, **kwargs):
    raise FileNotFoundError("python")


def test_read_in_process_when_no_child_can_start(rows, make_input, monkeypatch):
    """Embedded Python without an interpreter to start: the pre-scanned file is read here."""
    path = make_input(rows)
    expected = api.check(path)
    monkeypatch.setattr(reader.subprocess, "run", no_interpreter)
    assert api.check(path) == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "pipa.xlsx"
    os.mkfifo(pipe)
    problem = only_problem(pipe)
    assert problem.code == "bukan-berkas-biasa"


def test_utf16_xml_refused(tmp_path):
    path = xlsx_package(
        tmp_path / "utf16.xlsx",
        {"Data": sheet_xml("").replace("UTF-8", "UTF-16")},
    )
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        parts["xl/worksheets/sheet1.xml"].decode().encode("utf-16")
    )  # with its BOM
    rewrite_zip(path, parts)
    problem = only_problem(path)
    assert problem.code == "xml-tidak-didukung"
    assert "Bagian 'xl/worksheets/sheet1.xml' pada berkas 'utf16.xlsx'" in problem.message


def test_zip_header_that_lies_about_the_size(tmp_path):
    """A part that claims 1.000 bytes but inflates to 2 MB is read only to 1.000: CRC fails."""
    path = write_sheet(tmp_path, "", extra={"xl/media/isian.bin": b" " * (2 * 1024 * 1024)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/media/isian.bin")
    real = struct.pack("<I", info.file_size)
    assert data.count(real) == 2  # the local header and the central directory
    data = bytearray(bytes(data).replace(real, struct.pack("<I", 1000)))
    path.write_bytes(bytes(data))
    problem = only_problem(path)
    assert problem.code == "berkas-zip-rusak"


def test_child_returns_the_cells_calamine_reads(tmp_path):
    """Through the child and JSON, every kind of cell arrives as calamine gives it in-process."""
    from datetime import date, datetime, time, timedelta

    import python_calamine as calamine
    import xlsxwriter

    path = tmp_path / "jenis.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_string(0, 0, "teks ✓ «é»")
    sheet.write_number(0, 1, 36)  # calamine gives 36.0
    sheet.write_number(0, 2, 2.39)
    sheet.write_boolean(0, 3, True)
    sheet.write_datetime(
        1, 0, datetime(2021, 12, 31, 8, 30), book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    )  # noqa: E501
    sheet.write_datetime(1, 1, date(2021, 3, 31), book.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write_datetime(1, 2, time(7, 15), book.add_format({"num_format": "hh:mm"}))
    sheet.write_number(1, 3, 1.5, book.add_format({"num_format": "[h]:mm"}))
    sheet.write_string(3, 4, "")
    book.close()

    expected = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data")
    (raw,) = reader.read_cells(path, "xlsx")
    assert raw.name == "Data"
    assert raw.rows == expected.to_python(skip_empty_area=False)
    kinds = {type(value) for row in raw.rows for value in row}
    assert kinds == {str, float, bool, datetime, date, time, timedelta}


MIXED_CELLS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1334</v></c></row>'
    '<row r="2"><c r="A2"><f>B1*2</f></c><c r="B2" s="3"/><c><v>7</v></c></row>'  # C2: no r
    '<row><c><f>A2+1</f></c><c r="D3"><f>1</f><v>1</v></c></row>'  # row 3, cell A3
    '<row r="40"><c r="B40"><is><t>teks &lt;c r="XFD1"&gt;</t></is></c></row>'
)


@pytest.mark.parametrize("chunk", [5, 64, 1000, scanners.CHUNK])
def test_chunk_boundaries_change_nothing(tmp_path, monkeypatch, chunk):
    """The same sheet read in pieces of any size: the same cells, the same findings."""
    monkeypatch.setattr(scanners, "CHUNK", chunk)
    found = inspection.inspect(write_sheet(tmp_path, MIXED_CELLS, "A1:D40"))
    # A2 has <f> and no <v>; A3 (the first cell of the unnumbered row after row 2) too.
    assert found.unsaved_formulas == (("Data", "A2"), ("Data", "A3"))


@pytest.mark.parametrize("chunk", [5, 64, 1000])
@pytest.mark.parametrize("formulas", [False, True], ids=["fast", "exact"])
def test_far_cell_found_across_chunk_boundaries(tmp_path, monkeypatch, chunk, formulas):
    """A far cell in the middle of the sheet is found wherever the pieces are cut."""
    monkeypatch.setattr(scanners, "CHUNK", chunk)
    filler = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 30))
    formula = '<row r="30"><c r="A30"><f>1</f><v>1</v></c></row>' if formulas else ""
    far = '<row r="31"><c r="IW31"><v>1</v></c></row>'  # column 257
    assert_sheet_too_big(write_sheet(tmp_path, filler + formula + far + filler), "IW31")


def test_input_that_cannot_be_opened(tmp_path, rows, make_input, monkeypatch):
    path = make_input(rows, "masukan.xlsx")

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(inspection.Path, "open", denied)
    problem = only_problem(path)
    assert problem.code == "berkas-tidak-terbuka"
    assert problem.message == "Berkas 'masukan.xlsx' tidak dapat dibuka (Permission denied)."


def test_ole_difat_loop_is_refused(tmp_path):
    """A Compound File whose chain of DIFAT sectors points at itself: calamine would follow
    it for ever, adding FAT sectors each time round. The pre-scan refuses it."""
    data = bytearray(ole_container({"Workbook": b"\x09\x08"}))
    struct.pack_into("<II", data, 0x44, 2, 0xFFFFFFFF)  # DIFAT at sector 2, "4 billion" of them
    struct.pack_into("<I", data, (2 + 1) * 512 + 508, 2)  # ...whose next DIFAT sector is itself
    path = tmp_path / "putar.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        inspection.inspect(path)
    assert caught.value.problems[0].code == "berkas-rusak-atau-berbahaya"


class PanicException(BaseException):
    """Stands in for pyo3's exception for a Rust panic, which is no ``Exception``."""


@pytest.mark.parametrize(
    ("failure", "outcome"),
    [
        (PanicException("index out of bounds"), "berkas-rusak-atau-berbahaya"),
        (MemoryError(), "berkas-rusak-atau-berbahaya"),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
    ids=["panic", "memory", "ctrl-c"],
)
def test_parser_failures_in_process(rows, make_input, monkeypatch, failure, outcome):
    """Read in-process (no child could start): a panic or exhausted memory is a message,
    Ctrl+C stays Ctrl+C."""

    def fails(*args, **kwargs):
        raise failure

    monkeypatch.setattr(reader.subprocess, "run", no_interpreter)
    monkeypatch.setattr(child, "read", fails)
    path = make_input(rows)
    if isinstance(outcome, str):
        with pytest.raises(InputError) as caught:
            reader.read_cells(path, "xlsx")
        assert caught.value.problems[0].code == outcome
        assert (
            "pembacanya berhenti mendadak. Berkas tidak dibuka" in caught.value.problems[0].message
        )
    else:
        with pytest.raises(outcome):
            reader.read_cells(path, "xlsx")


def test_child_retries_with_site_when_calamine_is_not_found(rows, make_input, monkeypatch):
    """Without site (-S) the parent's import path should find python-calamine; if some
    installation needs its .pth files, the child is started once more, with them."""
    calls = []
    start = reader._start_child

    def first_without_calamine(path, kind, options, env):
        calls.append(options)
        if len(calls) == 1:
            return 0, {"error": "install", "detail": "No module named 'python_calamine'"}
        return start(path, kind, options, env)

    monkeypatch.setattr(reader, "_start_child", first_without_calamine)
    path = make_input(rows)
    assert [sheet.name for sheet in reader.read_cells(path, "xlsx")] == [
        "Laporan",
        "Indikator",
        "Data",
    ]
    assert calls == [["-S"], []]


def test_missing_calamine_is_an_installation_error(rows, make_input, monkeypatch):
    monkeypatch.setattr(
        reader, "_start_child", lambda *args: (0, {"error": "install", "detail": "no module"})
    )
    with pytest.raises(RuntimeError, match="python-calamine cannot be imported"):
        reader.read_cells(make_input(rows), "xlsx")


CHILD_MODULES = {"lkt_excel", "lkt_excel.reading", "lkt_excel.reading.child"}
NOT_IN_CHILD = {"typer", "click", "pandas", "xlsxwriter", "openpyxl", "babel", "rich"}


def test_child_stays_lean(rows, make_input):
    """The child loads python-calamine and the standard library, nothing of the CLI or writer."""
    path = make_input(rows)
    script = (
        "import sys; import lkt_excel.reading.child as child; "
        f"sys.argv = ['child', {str(path)!r}, 'xlsx']; child.main(); "
        "sys.stderr.write(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    modules = set(done.stderr.split())
    loaded = {m.split(".")[0] for m in modules}
    assert "python_calamine" in loaded
    assert not loaded & NOT_IN_CHILD
    assert {m for m in modules if m.split(".")[0] == "lkt_excel"} == CHILD_MODULES
    assert done.stdout.startswith('{"sheets": [["Laporan", ')


def test_child_run_as_a_module_stays_lean(rows, make_input):
    """Started as the parent starts it (``-m``): ``-X importtime`` lists every module it
    imports, and none of the package's other modules is among them."""
    path = make_input(rows)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lkt_excel.reading.child", str(path), "xlsx"],
        capture_output=True, text=True, timeout=60, check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and not line.endswith("imported package")
    }
    ours = {m for m in imported if m.split(".")[0] == "lkt_excel"}
    assert "lkt_excel.reading" in ours  # the listing really names the package's modules
    assert ours <= CHILD_MODULES  # the child itself runs as __main__
    loaded = {m.split(".")[0] for m in imported}
    assert "python_calamine" in loaded
    assert not loaded & NOT_IN_CHILD
    assert done.stdout.startswith('{"sheets": [["Laporan", ')


def test_ods_formula_without_value(tmp_path):
    """A formula a library wrote into an .ods without computing it has no office:value."""
    extra = (
        '<table:table-row><table:table-cell table:formula="of:=1+1"/>'
        '<table:table-cell table:formula="of:=[.A1]*2" office:value-type="float" '
        'office:value="4"/></table:table-row>'
    )
    path = ods_package(tmp_path / "rumus.ods", {"Data": [["Kode"], ["IK1"]]}, extra_rows=extra)
    assert inspection.inspect(path).unsaved_formulas == (("Data", "A3"),)


def test_parser_time_limit(rows, make_input, monkeypatch):
    monkeypatch.setattr(reader, "CHILD_TIMEOUT", 0.001)
    problem = only_problem(make_input(rows, "lambat.xlsx"))
    assert problem.code == "berkas-terlalu-lama"
    assert problem.message == (
        "Membaca berkas 'lambat.xlsx' memakan waktu lebih dari 0.001 detik, jadi dihentikan."
    )


def test_xlsb_is_recognised(tmp_path):
    """A binary workbook is passed to the parser (in the child) without a cell scan."""
    path = tmp_path / "biner.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert inspection.inspect(path).kind == "xlsb"
    assert only_problem(path).code == "berkas-tidak-terbaca"


def test_zip_with_encrypted_parts(tmp_path, rows, make_input):
    """Zip-level encryption (bit 0 of the general purpose flags) is a password too."""
    source = make_input(rows)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        infos = archive.infolist()
    (central,) = struct.unpack_from("<I", data, data.rfind(b"PK\x05\x06") + 16)  # its offset
    for info in infos:
        data[info.header_offset + 6] |= 0x01  # the local header's flags
    for _ in infos:
        data[central + 8] |= 0x01  # the central directory entry's flags
        size = 46 + sum(struct.unpack_from("<HHH", data, central + 28))
        central += size
    path = tmp_path / "terkunci.xlsx"
    path.write_bytes(bytes(data))
    assert only_problem(path).code == "berkas-berkata-sandi"


# ---------------------------------------------------------------------------
# Compound Files (.xls) followed as calamine follows them (issue 13, finding 3)
# ---------------------------------------------------------------------------

FAT_OFFSET = 512  # ole_container: sector 0, right after the 512-byte header, is the FAT
WORKBOOK_SECTORS = range(2, 10)  # ...sector 1 the directory, then 4.096 / 512 = 8 sectors
STREAM_SIZE = 2 * 512 + 128 + 120  # the size field of directory entry 1, the workbook stream


def small_xls(path: Path, numbers, dimensions=None) -> Path:
    """A one-sheet .xls ('Data') whose workbook stream is made by hand (hostile.biff_workbook)."""
    path.write_bytes(ole_container({"Workbook": biff_workbook("Data", numbers, dimensions)}))
    return path


def test_hand_made_xls_is_what_calamine_reads(tmp_path):
    """The crafted .xls below are real workbooks: calamine reads this one's cells."""
    path = small_xls(tmp_path / "kecil.xls", [(0, 0, 1.5), (2, 3, 4.0)], (0, 3, 0, 4))
    assert inspection.inspect(path).kind == "xls"
    (sheet,) = reader.read_cells(path, "xls")
    assert (sheet.name, sheet.rows[0][0], sheet.rows[2][3]) == ("Data", 1.5, 4.0)


@pytest.mark.parametrize(
    "damage",
    [
        # The directory's only sector is followed by itself: calamine reads it for ever,
        # growing about 1 GB a second.
        {FAT_OFFSET + 4 * 1: 1},
        # The workbook stream, declared 4 GB long, loops from its fourth sector back to its
        # first: calamine would copy the loop round until it had 4 GB.
        {FAT_OFFSET + 4 * WORKBOOK_SECTORS[3]: WORKBOOK_SECTORS[0], STREAM_SIZE: 0xFFFFFFF0},
        # The FAT sector listed twice in the header's DIFAT.
        {0x4C + 4: 0},
    ],
    ids=["directory-loop", "stream-loop", "fat-listed-twice"],
)
def test_looping_compound_file_chains_are_refused(tmp_path, damage):
    data = bytearray(small_xls(tmp_path / "a.xls", [(0, 0, 1.0)], (0, 1, 0, 1)).read_bytes())
    for offset, value in damage.items():
        struct.pack_into("<I", data, offset, value)
    path = tmp_path / "putar.xls"
    path.write_bytes(bytes(data))
    assert path.stat().st_size < 6 * 1024  # 5,5 KB, as in the issue
    with pytest.raises(InputError) as caught:
        inspection.inspect(path)
    problem = caught.value.problems[0]
    assert problem.code == "berkas-rusak-atau-berbahaya"
    assert problem.message == (
        "Berkas 'putar.xls' rusak atau berbahaya: susunan bagian-bagian di dalamnya "
        "(Compound File) berputar atau melampaui ukuran berkas. Pembacanya akan "
        "menghabiskan memori komputer, jadi berkas tidak dibuka."
    )
    assert "salin ketiga lembarnya" in problem.fix


@pytest.mark.parametrize(
    ("numbers", "dimensions", "last"),
    [
        # A value in IV65536, as the DIMENSIONS record says: 65.536 x 256 = 16.777.216 cells.
        ([(0, 0, 1.0), (65535, 255, 2.0)], (0, 65536, 0, 256), "IV65536"),
        # The same value while DIMENSIONS claims A1 only: calamine's range still runs to it.
        ([(0, 0, 1.0), (65535, 255, 2.0)], (0, 1, 0, 1), "IV65536"),
        # Only claimed: calamine reserves room for every claimed cell.
        ([(0, 0, 1.0)], (0, 65536, 0, 256), "IV65536"),
        # 50.001 rows, one column.
        ([(50000, 0, 1.0)], None, "A50001"),
        # Column 300 (KN: 11 x 26 + 14).
        ([(0, 299, 1.0)], None, "KN1"),
    ],
    ids=["value-and-dimension", "value-only", "dimension-only", "rows", "columns"],
)
def test_xls_sheet_size_limits(tmp_path, numbers, dimensions, last):
    assert_sheet_too_big(small_xls(tmp_path / "jauh.xls", numbers, dimensions), last)


def test_largest_xls_sheet_within_limits(tmp_path):
    """IV7812: 256 x 7.812 = 1.999.872 cells, under 2.000.000, as for .xlsx."""
    path = small_xls(tmp_path / "besar.xls", [(0, 0, 1.0), (7811, 255, 2.0)], (0, 7812, 0, 256))
    assert inspection.inspect(path).kind == "xls"


# ---------------------------------------------------------------------------
# Parts found as calamine finds them (issue 13, finding 4)
# ---------------------------------------------------------------------------

CORNER = sheet_xml(
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
)
SMALL = sheet_xml('<row r="2"><c r="B2"><v>7</v></c></row>')
CONTENT_TYPE = "/xl/worksheets/sheet1.xml"

# Each way of naming the sheet part that calamine still finds from the relationship
# "worksheets/sheet1.xml": its lookup ignores ASCII case and reads "\" as "/".
RENAMED = ["XL/Worksheets/Sheet1.xml", "xl\\worksheets\\sheet1.xml", "Xl/WORKSHEETS/sheet1.XML"]


@pytest.mark.parametrize("member", RENAMED, ids=["upper", "backslash", "mixed"])
def test_sheet_part_in_another_letter_case_is_scanned(tmp_path, member):
    renamed = {"xl/worksheets/sheet1.xml": member}
    types = {CONTENT_TYPE: "/" + member.replace("\\", "/")}
    small = xlsx_package(tmp_path / "kecil.xlsx", {"Data": SMALL})
    small = rewrite_package(small, tmp_path / "kecil-ganti.xlsx", renamed, types)
    # calamine really reads the renamed part (otherwise: "WorksheetNotFound").
    (sheet,) = reader.read_cells(small, "xlsx")
    assert (sheet.name, sheet.rows[1][1]) == ("Data", 7)
    corner = xlsx_package(tmp_path / "sudut.xlsx", {"Data": CORNER})
    assert_sheet_too_big(
        rewrite_package(corner, tmp_path / "sudut-ganti.xlsx", renamed, types), "XFD1048576"
    )


def test_workbook_part_found_through_the_package_relationships(tmp_path):
    """The workbook lives where _rels/.rels says, not only at xl/workbook.xml."""
    renamed = {
        "xl/workbook.xml": "buku/workbook.xml",
        "xl/_rels/workbook.xml.rels": "buku/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml": "buku/worksheets/sheet1.xml",
    }
    text = {
        'Target="xl/workbook.xml"': 'Target="buku/workbook.xml"',
        'PartName="/xl/': 'PartName="/buku/',
    }
    small = rewrite_package(
        xlsx_package(tmp_path / "k.xlsx", {"Data": SMALL}), tmp_path / "kecil.xlsx", renamed, text
    )
    (sheet,) = reader.read_cells(small, "xlsx")
    assert (sheet.name, sheet.rows[1][1]) == ("Data", 7)
    corner = xlsx_package(tmp_path / "s.xlsx", {"Data": CORNER})
    assert_sheet_too_big(
        rewrite_package(corner, tmp_path / "sudut.xlsx", renamed, text), "XFD1048576"
    )


def test_hundred_million_cell_sheet_in_another_case_is_refused(tmp_path):
    """A sheet claiming A1:CV1000000 (100 x 1.000.000 cells) under a mixed-case name."""
    big = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:CV1000000")
    path = xlsx_package(tmp_path / "b.xlsx", {"Data": big})
    renamed = {"xl/worksheets/sheet1.xml": "XL/Worksheets/Sheet1.xml"}
    path = rewrite_package(path, tmp_path / "besar.xlsx", renamed)
    assert_sheet_too_big(path, "CV1000000")


def test_parts_that_calamine_cannot_tell_apart_are_refused(tmp_path):
    path = xlsx_package(
        tmp_path / "ganda.xlsx", {"Data": SMALL}, extra={"XL/Worksheets/Sheet1.xml": CORNER}
    )
    problem = only_problem(path)
    assert problem.code == "berkas-zip-rusak"
    assert problem.message == (
        "Berkas 'ganda.xlsx' rusak: bagian 'XL/Worksheets/Sheet1.xml' ada dua kali (namanya "
        "hanya beda huruf besar-kecil atau garis miring). Excel tidak pernah menulis berkas "
        "seperti ini."
    )


def test_a_part_no_relationship_names_is_measured_too(tmp_path):
    """A far cell in an XML part outside the workbook's relationships is still refused:
    the pre-scan measures every XML part, not only those it resolved."""
    path = xlsx_package(tmp_path / "lain.xlsx", {"Data": SMALL}, extra={"xl/lain/x.xml": CORNER})
    with pytest.raises(InputError) as caught:
        inspection.inspect(path)
    assert caught.value.problems[0].code == "lembar-terlalu-besar"


# ---------------------------------------------------------------------------
# A linear pre-scan with a time budget (issue 13, finding 5)
# ---------------------------------------------------------------------------


def test_unclosed_cells_are_answered_promptly(tmp_path):
    """100.000 unclosed <c>: the quadratic scan took minutes (80.000: 165 s). Through the
    CLI in a child process, which run_cli gives 120 s; the timing is in benchmarks/."""
    path = xlsx_package(
        tmp_path / "terbuka.xlsx", {"Data": sheet_xml('<row r="1">' + "<c>" * 100_000)}
    )
    assert path.stat().st_size < 8 * 1024
    done = run_cli("check", path)
    assert done.returncode == 1, done
    output = " ".join((done.stdout + done.stderr).split())
    assert "Berkas 'terbuka.xlsx' tidak dapat dibaca sebagai lembar kerja Excel" in output
    assert "Traceback" not in output


def test_unclosed_ods_cells_are_answered_promptly(tmp_path):
    extra = "<table:table-row>" + "<table:table-cell>" * 50_000
    path = ods_package(tmp_path / "terbuka.ods", {"Data": [["Kode"]]}, extra_rows=extra)
    done = run_cli("check", path)
    assert done.returncode == 1, done
    output = " ".join((done.stdout + done.stderr).split())
    assert "Berkas 'terbuka.ods' tidak dapat dibaca sebagai lembar kerja Excel" in output


@pytest.mark.parametrize("chunk", [5, 64, 100, 1000])
def test_tag_with_a_quoted_angle_bracket_found_wherever_cut(tmp_path, monkeypatch, chunk):
    """calamine reads <c r="XFD1048576" a="<c "> as the cell XFD1048576 (and aborts): the
    scan must not lose it when a piece ends inside the quoted value."""
    monkeypatch.setattr(scanners, "CHUNK", chunk)
    filler = "".join(f'<row r="{r}"><c r="A{r}"><f>1</f><v>1</v></c></row>' for r in range(1, 9))
    far = '<row r="9"><c r="XFD1048576" a="&lt;x <c "><v>2</v></c></row>'
    assert_sheet_too_big(write_sheet(tmp_path, filler + far), "XFD1048576")


def test_pre_scan_time_budget(rows, make_input, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SCAN_SECONDS", -1)
    problem = only_problem(make_input(rows, "lambat.xlsx"))
    assert problem.code == "berkas-terlalu-lama"
    assert problem.message == (
        "Memeriksa berkas 'lambat.xlsx' sebelum dibaca memakan waktu lebih dari -1 detik, "
        "jadi dihentikan; berkas tidak dibuka."
    )


# ---------------------------------------------------------------------------
# Every parse bounded, in every mode (issue 13, "What to build" 3)
# ---------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the worker cap needs Linux")
def test_proses_workers_parse_under_the_memory_cap(rows, make_input, tmp_path, monkeypatch):
    """A worker parses in its own process, its address space capped for the parse
    (the growth allowed is the child's 3 GB), then as it was."""
    import resource

    from lkt_excel.folder import batch

    before = resource.getrlimit(resource.RLIMIT_AS)
    seen = []
    read = child.read

    def spy(path, kind):
        seen.append(resource.getrlimit(resource.RLIMIT_AS)[0])
        return read(path, kind)

    monkeypatch.setattr(child, "read", spy)
    outcome = batch.build_one(
        batch.Task(str(make_input(rows, "masukan.xlsx")), str(tmp_path / "staging.xlsx"))
    )
    assert outcome.built
    (limit,) = seen
    assert limit != resource.RLIM_INFINITY
    assert child.MEMORY_LIMIT <= limit <= child.MEMORY_LIMIT + 64 * 1024**3
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_a_proses_worker_stuck_in_the_parser_ends(rows, make_input, tmp_path):
    """A parse that never ends (here: one that sleeps) ends the worker after the time
    limit, as it ends the child of `build`; the pool reports the file (pembaca-berhenti)."""
    path = make_input(rows, "lambat.xlsx")
    script = (
        "import time; from lkt_excel.reading import child, reader; "
        "from lkt_excel.folder import batch; reader.CHILD_TIMEOUT = 1; "
        "child.read = lambda path, kind: time.sleep(60); "
        f"batch.build_one(batch.Task({str(path)!r}, {str(tmp_path / 'x.xlsx')!r})); "
        "print('selesai')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, encoding="utf-8", timeout=50, check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert done.returncode == 1, done
    assert done.stdout == ""


# ---------------------------------------------------------------------------
# Files whose number formats cannot be read (issue 12, item 2)
# ---------------------------------------------------------------------------


def test_xlsb_gets_a_note_that_its_formats_are_not_read(tmp_path, rows, make_input, monkeypatch):
    import openpyxl

    path = tmp_path / "biner.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    (note,) = inspection.inspect(path).notes
    assert (note.code, note.level.value) == ("format-tidak-terbaca", "peringatan")
    assert note.message == (
        "Format angka pada berkas 'biner.xlsb' tidak dapat dibaca, jadi angka yang tampil "
        "sebagai persen di Excel (mis. 86%) terbaca sebagai pecahan yang tersimpan (0,86), "
        "tanpa peringatan per sel."
    )
    # Stand in for calamine reading the .xlsb (no .xlsb writer exists here): the example's
    # cells. The note then reaches the report's Catatan.
    cells = reader.read_cells(make_input(rows), "xlsx")
    monkeypatch.setattr(reader, "read_cells", lambda path, kind, isolated=True: cells)
    done = api.build(path, tmp_path / "laporan.xlsx")
    assert done.notes[0].code == "format-tidak-terbaca"
    catatan = openpyxl.load_workbook(done.output)["Catatan"]
    texts = [str(c.value) for row in catatan.iter_rows() for c in row if c.value]
    assert any("Format angka pada berkas 'biner.xlsb' tidak dapat dibaca" in t for t in texts)


# Pieces of sheet XML, valid and not, for the scan below (%d: a row number).
TAG_SOUP = [
    b'<row r="%d">', b"</row>", b"<row>", b'<c r="B%d">', b"<c>", b"</c>", b"<v>1</v>",
    b"<v>0</v>", b"<v/>", b"<f>A1</f>", b"<is><t>x</t></is>", b'<c r="A%d" s="1"/>', b" text ",
    b'<x:c r="C%d"><x:v>2</x:v></x:c>', b'<c r="D%d" a="<c >"><v>3</v></c>',
    b"<c r='E%d' b='>'><f/></c>", b'<dimension ref="A1:C%d"/>', b'<c r="F%d" s="1"><v>5</v></c>',
    b'<c r="H%d" t="s" s="1"><v>1</v></c>', b'<c s="1"><v>2</v></c>',
]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_any_cut_of_tag_soup_finds_the_same(seed):
    """Random sheet XML, fed whole and in pieces of 1 to 50 bytes: the same formulas,
    percent cells and claimed size; cells found at least as far (the fast path counts a
    cell left open as holding a value, which errs on the side of refusing)."""
    import random

    chooser = random.Random(seed)
    chosen = [chooser.choice(TAG_SOUP) for _ in range(chooser.randint(1, 60))]
    data = b"".join(p % chooser.randint(1, 99) if b"%d" in p else p for p in chosen)

    def scan(piece: int) -> scanners.SheetScan:
        scanner = scanners.XlsxScanner("Data", frozenset({1}))
        pending = b""
        for start in range(0, len(data), piece):
            pending = scanner.feed(pending + data[start : start + piece])
        scanner.feed(pending, final=True)
        scanner.finish()
        return scanner.scan

    whole = scan(len(data))
    for piece in (1, 2, 3, 7, 13, 50):
        cut = scan(piece)
        assert (cut.claimed, cut.unsaved, cut.placeholders, cut.percent) == (
            whole.claimed, whole.unsaved, whole.placeholders, whole.percent
        ), piece  # fmt: skip
        assert cut.last_row >= whole.last_row and cut.last_column >= whole.last_column
