"""The output is safe: input text stays text, the input is never changed, and a
report is either written whole or not at all, with a clear message when it cannot be.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile import run_cli

from lkt_excel import api, files
from lkt_excel.core.problems import OutputError
from lkt_excel.report import writer

# Text that a careless writer would turn into a formula, a number or a link.
HOSTILE = (
    '=HYPERLINK("http://x","klik")',
    "+1",
    "-1",
    "@SUM(A1)",
    "{=1}",
    "http://x",
    "external:x",
    "file://x",
)

LAPORAN_TEXT = ("Judul", "Instansi", "Wilayah")
INDIKATOR_TEXT = (
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Satuan",
    "Uraian Pembilang",
    "Uraian Penyebut",
    "Keterangan",
    "Analisis",
    "Faktor Pendorong",
    "Faktor Penghambat",
    "Tindak Lanjut",
)


# Every formula the report has: the Capaian arithmetic (realisasi, selisih, capaian, total)
# and its summary (rata-rata, predikat, count), a function of ours over cells, or a bare
# reference such as H8.
OUR_FORMULA = re.compile(r"^((ROUND|ROUNDDOWN|IF|SUM|AVERAGE|SUMPRODUCT)\(|[A-Z]{1,2}\d+$)")


def hostile_rows(rows, text: str):
    """Every text cell of the example set to ``text`` (made distinct per column)."""
    for key in LAPORAN_TEXT:
        rows.set(key, text)
    for row in range(1, len(rows.indikator)):
        for header in INDIKATOR_TEXT:
            rows.cell("indikator", row, header, text)
    if "Satuan" in INDIKATOR_TEXT:  # a ratio whose unit names no multiplier needs a Pengali
        rows.indikator[0].append("Pengali")
        for row in rows.indikator[1:]:
            row.append(100)
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("text", HOSTILE)
def test_input_text_never_becomes_a_formula_or_link(rows, make_input, tmp_path, text):
    source = make_input(hostile_rows(rows, text))
    output = api.build(source, tmp_path / "laporan.xlsx").output

    book = openpyxl.load_workbook(output)
    seen = 0
    for sheet in book.worksheets:
        assert sheet._hyperlinks == [], sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.hyperlink is None
                if cell.data_type == "f":  # only the Capaian arithmetic, over its own cells
                    assert sheet.title == "Capaian", f"{sheet.title}!{cell.coordinate}"
                    assert text not in cell.value, f"{sheet.title}!{cell.coordinate}"
                    continue
                if isinstance(cell.value, str) and text in cell.value:
                    assert cell.data_type == "s"
                    seen += 1
    # Title, instansi/wilayah line, sasaran, indicator names, keterangan, narrative...
    assert seen >= 8
    lkt = book["LKT"]
    assert lkt["A1"].value == text.upper()  # the title: a plain string, never evaluated
    assert lkt["N8"].value == text  # KETERANGAN of the first indicator

    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                for formula in re.findall(r"<f(?:\s[^>]*)?>(.*?)</f>", xml):
                    assert OUR_FORMULA.match(html.unescape(formula)), formula
                    assert text not in html.unescape(formula), name
                assert "<hyperlink" not in xml, name
        for name in names:
            if name.endswith(".rels"):
                rels = archive.read(name).decode()
                assert "hyperlink" not in rels and 'TargetMode="External"' not in rels, name
        assert not [n for n in names if "externalLink" in n]


def test_input_is_unchanged_by_check_and_build(rows, make_input, tmp_path):
    source = make_input(rows, "masukan.xlsx")
    before = sha256(source)
    stamp = source.stat().st_mtime_ns
    checked = run_cli("check", source)
    assert checked.returncode == 0, checked
    built = run_cli("build", source, "-o", tmp_path / "laporan.xlsx")
    assert built.returncode == 0, built
    assert sha256(source) == before
    assert source.stat().st_mtime_ns == stamp


def test_output_folder_missing(rows, make_input, tmp_path):
    source = make_input(rows)
    done = run_cli("build", source, "-o", tmp_path / "tidak-ada" / "laporan.xlsx")
    assert done.returncode == 1
    assert "GALAT: Folder tujuan" in done.stderr
    assert "tidak-ada' tidak ada. Buat foldernya" in done.stderr
    assert "Traceback" not in done.stderr


def test_output_taken_by_a_folder(rows, make_input, tmp_path):
    """A folder where the report should go cannot be replaced: say so, leave nothing."""
    source = make_input(rows, "masukan.xlsx")
    report_name = "LKT Dinas Koperasi dan Usaha Mikro Kabupaten Malang 2021 TW IV.xlsx"
    (tmp_path / report_name).mkdir()
    done = run_cli("build", source)
    assert done.returncode == 1
    assert f"Berkas '{tmp_path / report_name}' tidak dapat ditulis" in done.stderr
    assert "sedang terbuka di Excel, tutup dulu" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [report_name, "masukan.xlsx"]


def test_output_locked_by_excel(rows, make_input, tmp_path, monkeypatch):
    """On Windows a report open in Excel cannot be replaced: PermissionError on the move."""
    source = make_input(rows, "masukan.xlsx")
    output = tmp_path / "laporan.xlsx"
    output.write_bytes(b"laporan lama, terbuka di Excel")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(OutputError) as caught:
        api.build(source, output)
    assert "Bila berkas itu sedang terbuka di Excel, tutup dulu lalu ulangi" in str(caught.value)
    assert output.read_bytes() == b"laporan lama, terbuka di Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.xlsx", "masukan.xlsx"]


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root and Windows ignore a read-only mode"
)
def test_read_only_folder(rows, make_input, tmp_path):  # pragma: no cover - not as root
    source = make_input(rows, "masukan.xlsx")
    folder = tmp_path / "terkunci"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = run_cli("build", source, "-o", folder / "laporan.xlsx")
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1
    assert "tidak dapat ditulis" in done.stderr
    assert list(folder.iterdir()) == []


def test_interrupted_build_leaves_no_partial_output(rows, make_input, tmp_path, monkeypatch):
    source = make_input(rows, "masukan.xlsx")
    output = tmp_path / "laporan.xlsx"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl+C after the first sheet was written

    monkeypatch.setattr(writer, "write_narasi", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.build(source, output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["masukan.xlsx"]  # no temp file


def test_interrupted_build_keeps_the_previous_report(rows, make_input, tmp_path, monkeypatch):
    source = make_input(rows, "masukan.xlsx")
    output = api.build(source, tmp_path / "laporan.xlsx").output
    before = sha256(output)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "write_catatan", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.build(source, output)
    assert sha256(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.xlsx", "masukan.xlsx"]
