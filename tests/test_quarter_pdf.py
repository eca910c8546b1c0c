"""``proses --pdf`` and ``build --pdf``: one PDF per report, Catatan only when asked for.

Real LibreOffice (started once for the whole folder) and poppler's ``pdfinfo``
and ``pdftotext``; these tests skip, with the reason shown, only when they are
not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from test_quarter import write_agency
from typer.testing import CliRunner

from lkt_excel.cli.app import app
from lkt_excel.folder.summary import NOTICE_SHEET, SUMMARY_NAME
from lkt_excel.report import pdf

pytestmark = [
    pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(
        not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
        reason="poppler-utils (pdfinfo, pdftotext) is not installed",
    ),
]
CATATAN_TITLE = "CATATAN PEMERIKSAAN MASUKAN"  # the first line of sheet Catatan


def page_sizes(path: Path) -> set[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {(float(w), float(h)) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", info)}


def pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf") / "tw4"
    folder.mkdir()
    write_agency(folder / "alfa.xlsx", "Dinas Alfa", 2024, (9, 10, 11, 10), (5,) * 4, False)
    write_agency(folder / "beta.xlsx", "Dinas Beta", 2024, (8, 8, 8, 9), (6,) * 4, False)
    write_agency(folder / "lama.xlsx", "Dinas Lama", 2023, (8, 8, 8, 9), (6,) * 4, False)
    return folder


@pytest.fixture(scope="module")
def printed(folder) -> tuple[Path, str]:
    result = CliRunner().invoke(app, ["proses", str(folder), "--pdf", "--tahun", "2024"])
    assert result.exit_code == 1, result.output  # lama.xlsx is of another period
    return folder / "hasil", result.output


def test_one_pdf_per_report_of_the_period_named_like_it(printed):
    outdir, output = printed
    alfa, beta = (
        "LKT Dinas Alfa Kabupaten Contoh 2024 TW IV",
        "LKT Dinas Beta Kabupaten Contoh 2024 TW IV",
    )
    assert sorted(p.name for p in outdir.glob("*.pdf")) == [f"{alfa}.pdf", f"{beta}.pdf"]
    assert (outdir / "LKT Dinas Lama Kabupaten Contoh 2023 TW IV.xlsx").is_file()  # no PDF
    assert "PDF: 2 dibuat." in output


def test_the_pdf_is_f4_landscape_and_opens_with_the_lkt_sheet(printed):
    outdir, _ = printed
    path = outdir / "LKT Dinas Alfa Kabupaten Contoh 2024 TW IV.pdf"
    # F4 / Folio is 8,5 x 13 inches = 612 x 936 points; landscape puts 936 across
    assert page_sizes(path) == {(936.0, 612.0)}
    first = pages(path)[0]
    assert "LAPORAN KINERJA TRIWULAN" in first and "DINAS ALFA KABUPATEN CONTOH" in first


def test_catatan_is_left_out_unless_asked_for(printed, folder, tmp_path):
    outdir, _ = printed
    path = outdir / "LKT Dinas Alfa Kabupaten Contoh 2024 TW IV.pdf"
    without = pages(path)
    assert not any(CATATAN_TITLE in page for page in without)
    assert any("CAPAIAN KINERJA TRIWULAN IV TAHUN 2024" in page for page in without)
    # Asked for: every PDF is made again (the choice changed), now with Catatan last.
    again = CliRunner().invoke(
        app, ["proses", str(folder), "--pdf", "--dengan-catatan", "--tahun", "2024"]
    )
    assert "PDF: 2 dibuat." in again.output
    with_notes = pages(path)
    assert len(with_notes) == len(without) + 1
    assert CATATAN_TITLE in with_notes[-1]
    # build --pdf takes the same option; without it, no Catatan.
    source = folder / "alfa.xlsx"
    for extra, expected in (([], False), (["--dengan-catatan"], True)):
        out = tmp_path / f"laporan{len(extra)}.xlsx"
        done = CliRunner().invoke(app, ["build", str(source), "-o", str(out), "--pdf", *extra])
        assert done.exit_code == 0, done.output
        text = pages(out.with_suffix(".pdf"))
        assert any(CATATAN_TITLE in page for page in text) is expected


def test_pdfs_not_made_are_named_in_the_summary(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    outdir = tmp_path / "keluar"
    result = CliRunner().invoke(
        app, ["proses", str(folder), "-o", str(outdir), "--pdf", "--tahun", "2024"]
    )
    assert result.exit_code == 1
    assert "PDF: 0 dibuat, 2 tidak dibuat." in result.output
    book = openpyxl.load_workbook(outdir / SUMMARY_NAME)
    rows = [r for r in book[NOTICE_SHEET].iter_rows(min_row=2, values_only=True)]
    failed = [(r[1], r[2]) for r in rows if r[1] == "PDF gagal"]
    assert failed == [
        ("PDF gagal", "LKT Dinas Alfa Kabupaten Contoh 2024 TW IV.xlsx"),
        ("PDF gagal", "LKT Dinas Beta Kabupaten Contoh 2024 TW IV.xlsx"),
    ]
    assert "LibreOffice (soffice) tidak ditemukan" in rows[-1][3]
