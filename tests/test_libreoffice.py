"""A real client: LibreOffice recalculates sheet Capaian and prints the report to PDF.

LibreOffice is slow to start, so each fixture here runs it once for the whole
module. These tests skip, with the reason shown, only when ``soffice`` is not
installed; the PDF checks also need poppler's ``pdfinfo`` and ``pdftotext``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from builders import write_input
from conftest import example_rows
from test_report_capaian import sign
from typer.testing import CliRunner

from lkt_excel.api import build
from lkt_excel.cli.app import app
from lkt_excel.inputs import contoh
from lkt_excel.report import pdf

needs_soffice = pytest.mark.skipif(
    pdf.find_soffice() is None, reason="LibreOffice (soffice) is not installed"
)
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
    reason="poppler-utils (pdfinfo, pdftotext) is not installed",
)


def add_indicator(rows, kode, name, targets, counts, **extra):
    """Append an indicator and its four quarters of data to ``rows``."""
    values = {
        "Kode": kode,
        "Sasaran Strategis": extra.pop("sasaran", "Meningkatnya Pelayanan Publik"),
        "Indikator Kinerja": name,
        **{f"Target TW {r}": t for r, t in zip(("I", "II", "III", "IV"), targets, strict=True)},
        **extra,
    }
    header = rows.indikator[0]
    rows.indikator.append([values.get(h) for h in header])
    for roman, count in zip(("I", "II", "III", "IV"), counts, strict=True):
        pembilang, penyebut = count if isinstance(count, tuple) else (count, None)
        rows.data.append([kode, roman, pembilang, penyebut, None])
    return rows


def variant_rows():
    """Every formula shape: potong, kebalikan, zero divisors, SUM and AVERAGE totals."""
    rows = example_rows().set("Rumus Negatif", "kebalikan").set("Pembulatan", "potong")
    rows.set("Desimal", 3)
    rows.cell("indikator", 2, "Target TW II", 0)  # IK2 positif: capaian divides by 0
    rows.cell("data", 1, "Pembilang", 0)  # IK1 TW I realisasi 0: kebalikan divides by it
    rows.cell("data", 1, "Realisasi Dilaporkan", None)
    add_indicator(
        rows, "IK3", "Jumlah pelatihan", (10, 10, 10, 10), (7, 12, 9.5, 10), Satuan="kali",
        Agregasi="jumlah",
    )  # fmt: skip
    add_indicator(
        rows, "IK4", "Indeks kepuasan", (3.1, 3.2, 3.3, 3.4), (3.25, 3.1, 3.333, 3.5),
        Satuan="indeks", Agregasi="rata-rata", Polaritas="positif",
    )  # fmt: skip
    add_indicator(
        rows, "IK5", "Persentase aduan", (5, 5, 4, 4), ((7, 300), (2, 300), (0, 301), (13, 299)),
        Polaritas="negatif", **{"Uraian Pembilang": "aduan", "Uraian Penyebut": "layanan"},
    )  # fmt: skip
    # Agregasi kumulatif: running totals of a rate's two counts, and of a count.
    add_indicator(
        rows, "IK6", "Angka kematian bayi", (9, 9, 9, 9),
        ((3, 1000), (5, 1100), (2, 900), (4, 1000)), Satuan="per 1.000 KH",
        Polaritas="negatif", Agregasi="kumulatif",
        **{"Uraian Pembilang": "kematian bayi", "Uraian Penyebut": "kelahiran hidup"},
    )  # fmt: skip
    add_indicator(
        rows, "IK7", "Jumlah kader terlatih", (30, 70, 100, 130), (25, 40, 41, 30),
        Satuan="orang", Agregasi="kumulatif",
    )  # fmt: skip
    return rows


ANGGARAN_HEADERS = [
    "No", "Program/Kegiatan", "Kode Indikator", "Sasaran", "Pagu",
    "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV",
]  # fmt: skip


def with_budgets(rows, lines):
    rows.anggaran = [ANGGARAN_HEADERS, *lines]
    return rows


# Sheet Anggaran's formula shapes for the variant (potong, Desimal 3): a serapan that does
# not terminate, a running total past the pagu, a serapan of 0 (no index), a sasaran.
VARIANT_BUDGETS = [
    [1, "Program A", "IK3", None, 90_000_000, 10_000_000, 25_000_000, 0, 30_333_333],
    [2, "Program B", None, "Meningkatnya Pelayanan Publik", 50_000_000,
     20_000_000, 20_000_000, 15_000_000, 5_000_000],
    [3, "Kegiatan C", "IK1", None, 10_000_000, 0, 0, 0, 0],
]  # fmt: skip


def random_rows(seed: int, pembulatan: str):
    """Many indicators with seeded random counts and targets, both polarities."""
    import random

    draw = random.Random(seed)
    rows = example_rows().set("Pembulatan", pembulatan)
    for n in range(3, 15):
        targets = tuple(round(draw.uniform(0.05, 99), draw.choice((0, 1, 2))) for _ in range(4))
        counts = []
        for _ in range(4):
            penyebut = draw.randint(1, 5000)
            counts.append((draw.randint(0, penyebut), penyebut))
        add_indicator(
            rows, f"IK{n}", f"Indikator acak {n}", targets, counts,
            Polaritas=draw.choice(("positif", "negatif")),
            **{"Uraian Pembilang": "a", "Uraian Penyebut": "b"},
        )  # fmt: skip
    return rows


def _value(cell):
    return None if cell.value in (None, "") else cell.value


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Reports as written and as LibreOffice recalculated them, from one LibreOffice run."""
    folder = tmp_path_factory.mktemp("recalc")
    example = with_budgets(example_rows(), [list(line) for line in contoh.ANGGARAN])
    variant = with_budgets(variant_rows(), VARIANT_BUDGETS)
    written = []
    variants = (
        ("contoh", example),
        ("varian", variant),
        ("acak-normal", random_rows(1, "normal")),
        ("acak-potong", random_rows(2, "potong")),
    )
    for name, rows in variants:
        extra = None if rows.anggaran is None else {"Anggaran": rows.anggaran}
        source = write_input(
            folder / f"masukan-{name}.xlsx", rows.laporan, rows.indikator, rows.data, extra=extra
        )
        written.append(build(source, folder / f"{name}.xlsx").output)
    # A canary: a formula whose cached value is wrong, so the test fails if no recalculation.
    import xlsxwriter

    canary = folder / "canary.xlsx"
    book = xlsxwriter.Workbook(str(canary))
    book.add_worksheet("S").write_formula("A1", "=1+1", None, 5)
    book.close()
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = pdf.convert_all([*written, canary], "xlsx", folder / "out", recalculate=True)
    return list(zip(written, out[:-1], strict=True)), out[-1]


@needs_soffice
def test_libreoffice_really_recalculated(recalculated):
    _, canary = recalculated
    assert openpyxl.load_workbook(canary, data_only=True)["S"]["A1"].value == 2


def formulas_agree(pairs, sheet_name: str) -> int:
    """Every formula of ``sheet_name``: its cached value equals LibreOffice's; how many."""
    checked = 0
    for written, recalc in pairs:
        book = openpyxl.load_workbook(written)
        if sheet_name not in book.sheetnames:
            continue
        cached = openpyxl.load_workbook(written, data_only=True)[sheet_name]
        again = openpyxl.load_workbook(recalc, data_only=True)[sheet_name]
        for row in book[sheet_name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    mine = _value(cached[cell.coordinate])
                    theirs = _value(again[cell.coordinate])
                    assert mine == theirs, (written.name, cell.coordinate, cell.value)
                    checked += 1
    return checked


@needs_soffice
def test_every_capaian_formula_survives_recalculation(recalculated):
    pairs, _ = recalculated
    checked = formulas_agree(pairs, "Capaian")
    # 2 indicators x 5 rows x 3 formulas, 7 indicators x 5 x 3, twice 14 indicators x 5 x 3;
    # in each of the 4 reports, the summary: 5 periods x (rata-rata, predikat, count)
    assert checked == 30 + 105 + 2 * 210 + 4 * 5 * 3


@needs_soffice
def test_every_anggaran_formula_survives_recalculation(recalculated):
    pairs, _ = recalculated
    checked = formulas_agree(pairs, "Anggaran")
    # Each line at TW IV: 4 running totals, 4 serapan, the capaian kinerja over sheet Capaian,
    # the index and its verdict; the TOTAL: its pagu, 4 realisasi, 4 running totals, 4 serapan.
    # The example has 2 lines, the variant 3.
    assert checked == (2 * 11 + 13) + (3 * 11 + 13)
    variant = openpyxl.load_workbook(pairs[1][1], data_only=True)["Anggaran"]
    # Program A: 65.333.333 / 90.000.000 x 100 = 72,5925925.. cut to 3 places: 72,592
    assert variant["I7"].value == 72.592
    # Its capaian kinerja follows Capaian: IK3's TOTAL 38,5 / 40 x 100 = 96,25; the index
    # 96,25 / (65.333.333 / 90.000.000 x 100) = 1,32589.. cut to 1,32.
    assert (variant["J5"].value, variant["K5"].value) == (96.25, 1.32)
    # Program B passes its pagu at TW III: 20 + 20 + 15 = 55 million of 50: 110
    assert variant["H10"].value == 110
    # Kegiatan C spent nothing: no index, the reason in KETERANGAN
    assert (_value(variant["K11"]), variant["L11"].value) == (
        None,
        "Tidak dihitung: belum ada realisasi",
    )


@needs_soffice
def test_recalculated_figures_by_hand(recalculated):
    pairs, _ = recalculated
    example = openpyxl.load_workbook(pairs[0][1], data_only=True)["Capaian"]
    # IK1 TW I: 36 / 1.334 x 100 -> 2,70; (2 x 2,3 - 2,70) / 2,3 x 100 = 82.608.. -> 82,61
    assert (example["H5"].value, example["J5"].value) == (2.7, 82.61)
    # The summary under the table (rows 16-19): rata-rata of the two capaian of each period:
    # TW I (82,61 + 1.800) / 2 = 941,305 -> 941,31; TW II (74,21 + 1.600) / 2 -> 837,11;
    # TW III (29,29 + 1.350) / 2 -> 689,65; TW IV and TOTAL (-39 + 1.620) / 2 = 790,5
    assert [example.cell(16, c).value for c in range(5, 10)] == [
        "TW I", "TW II", "TW III", "TW IV", "TOTAL",
    ]  # fmt: skip
    assert [example.cell(17, c).value for c in range(5, 10)] == [
        941.31, 837.11, 689.65, 790.5, 790.5,
    ]  # fmt: skip
    assert [example.cell(18, c).value for c in range(5, 10)] == ["Sangat Tinggi"] * 5
    assert [example.cell(19, c).value for c in range(5, 10)] == [2] * 5
    variant = openpyxl.load_workbook(pairs[1][1], data_only=True)["Capaian"]
    rows = {(variant[f"D{r}"].value, variant[f"E{r}"].value): r for r in range(5, variant.max_row)}
    assert variant["J5"].value in (None, "")  # IK1 TW I: realisasi 0, kebalikan: empty
    # IK1 TW II (potong, 3 places): 32 / 1.338 x 100 = 2.39162.. -> 2,391;
    # kebalikan: 1,9 / 2,391 x 100 = 79.46465.. -> 79,464
    assert (variant["H6"].value, variant["J6"].value) == (2.391, 79.464)
    assert variant["J11"].value in (None, "")  # IK2 TW II: target 0
    # IK3 (jumlah) TOTAL: 7 + 12 + 9,5 + 10 = 38,5 against 40: 38,5 / 40 x 100 = 96,25
    total = rows[("TOTAL", 40)]
    assert (variant[f"H{total}"].value, variant[f"J{total}"].value) == (38.5, 96.25)
    # The summary leaves out the capaian that are empty: 6 of the 7 indicators in TW I (IK1's
    # realisasi is 0), TW II (IK2's target is 0) and TW III (IK5's realisasi 0 / 301 is 0,
    # kebalikan divides by it); all 7 in TW IV and TOTAL.
    label = "Jumlah indikator yang dirata-rata"
    count = next(r for r in range(5, variant.max_row) if variant[f"A{r}"].value == label)
    assert [variant.cell(count, c).value for c in range(5, 10)] == [6, 6, 6, 7, 7]
    # IK6 kumulatif (potong, 3 places, per 1.000, kebalikan), its rows from the 26th:
    # TW II (3 + 5) / (1.000 + 1.100) x 1.000 = 3.809523.. -> 3,809; 9 / 3,809 x 100 =
    # 236.28248.. -> 236,282. TW IV (3+5+2+4) / (1.000+1.100+900+1.000) x 1.000 = 3,5 exactly;
    # TOTAL = TW IV's, against the TW IV target 9: 9 / 3,5 x 100 = 257.142857.. -> 257,142.
    ik6 = next(r for r in range(5, variant.max_row) if variant[f"A{r}"].value == 6)
    assert (variant[f"H{ik6 + 1}"].value, variant[f"J{ik6 + 1}"].value) == (3.809, 236.282)
    assert [variant[f"H{ik6 + k}"].value for k in (3, 4)] == [3.5, 3.5]
    assert (variant[f"E{ik6 + 4}"].value, variant[f"J{ik6 + 4}"].value) == (9, 257.142)
    # IK7 kumulatif count: 25, 65, 106, 136 against 30, 70, 100, 130; TOTAL 136 / 130 x 100 =
    # 104.615.. -> 104,615 (potong).
    ik7 = ik6 + 5
    assert [variant[f"H{ik7 + k}"].value for k in range(5)] == [25, 65, 106, 136, 136]
    assert variant[f"J{ik7 + 4}"].value == 104.615


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """``build --pdf`` of the example, signed, with enough indicators for several pages."""
    folder = tmp_path_factory.mktemp("pdf")
    rows = sign(example_rows())
    # A long Keterangan makes tall rows: the LKT table runs over several pages.
    keterangan = "Keterangan panjang tentang capaian dan kendala pelaksanaan kegiatan. " * 4
    for n in range(3, 8):
        add_indicator(
            rows,
            f"IK{n}",
            f"Persentase layanan perizinan usaha nomor {n} yang selesai tepat waktu",
            (80, 85, 90, 95),
            ((n + 70, 100), (n + 75, 100), (n + 80, 100), (n + 85, 100)),
            sasaran=f"Sasaran strategis nomor {n // 4}",
            Keterangan=keterangan,
            **{"Uraian Pembilang": "izin tepat waktu", "Uraian Penyebut": "izin"},
        )
    source = write_input(folder / "masukan.xlsx", rows.laporan, rows.indikator, rows.data)
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    (folder / "keluar").mkdir()
    output = Path("keluar", "laporan.xlsx")  # relative, as typed: the PDF is shown the same way
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(app, ["build", source.name, "-o", str(output), "--pdf"])
    assert result.exit_code == 0, result.output
    assert f"Laporan dibuat: {output}\n" in result.output
    assert f"PDF dibuat: {output.with_suffix('.pdf')}\n" in result.output
    return folder / "keluar" / "laporan.pdf"


def pages_text(path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


@needs_soffice
@needs_poppler
def test_pdf_is_f4_landscape(printed):
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(printed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    # F4 / Folio is 8,5 x 13 inches = 612 x 936 points; landscape puts 936 across
    assert sizes and {(float(w), float(h)) for w, h in sizes} == {(936.0, 612.0)}


@needs_soffice
@needs_poppler
def test_pdf_repeats_the_header_on_every_lkt_page(printed):
    pages = pages_text(printed)
    lkt = [p for p in pages if "LAPORAN KINERJA TRIBULAN" in p]
    assert len(lkt) >= 2  # the test means something only over several pages
    for page in lkt:
        assert "SASARAN STRATEGIS" in page and "REALISASI TAHUN 2021" in page
        assert "DINAS KOPERASI DAN USAHA MIKRO KABUPATEN MALANG" in page
    assert pages.index(lkt[-1]) == len(lkt) - 1  # LKT comes first, without other pages between
    capaian = [p for p in pages if "CAPAIAN (%)" in p]
    assert capaian
    for page in capaian:
        assert re.search(r"^\s*CAPAIAN KINERJA TRIWULAN IV TAHUN 2021", page, re.MULTILINE)
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page


@needs_soffice
@needs_poppler
def test_pdf_signature_and_indonesian_numbers(printed):
    pages = pages_text(printed)
    last_lkt = [p for p in pages if "LAPORAN KINERJA TRIBULAN" in p][-1]
    lines = [line.strip() for line in last_lkt.splitlines() if line.strip()]
    block = [
        "Malang, 10 Januari 2022",
        "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang,",
        "Dra. SRI WAHYUNI, MM",
        "Pembina Utama Muda",
        "NIP. 19751229 199902 2 001",
    ]
    found = [line for line in lines if line in block]
    assert found == block
    # 36 / 1.334 x 100 = 2,70 and capaian 82,61: written the Indonesian way
    assert "2,70" in pages[0] and any("82,61" in p for p in pages)
    assert any("427.706" in p for p in pages)  # a count with its thousands dot


def test_pdf_without_libreoffice_says_so(rows, make_input, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    output = tmp_path / "laporan.xlsx"
    result = CliRunner().invoke(app, ["build", str(make_input(rows)), "-o", str(output), "--pdf"])
    assert result.exit_code == 1
    assert "Laporan dibuat:" in result.output  # the workbook is there all the same
    assert "LibreOffice (soffice) tidak ditemukan, jadi PDF tidak dibuat." in result.output
    assert output.exists() and not output.with_suffix(".pdf").exists()


def test_a_failing_libreoffice_is_reported(tmp_path, monkeypatch):
    import sys

    from lkt_excel.core.problems import OutputError

    # Any program that fails stands in for a broken LibreOffice: Python refuses its arguments.
    monkeypatch.setattr(pdf, "find_soffice", lambda: Path(sys.executable))
    source = tmp_path / "laporan.xlsx"
    source.write_bytes(b"")
    with pytest.raises(OutputError, match="LibreOffice gagal mengubah 'laporan.xlsx' menjadi PDF"):
        pdf.export_pdf(source)
    assert not (tmp_path / "laporan.pdf").exists()


def test_soffice_is_found_in_its_install_folder(tmp_path, monkeypatch):
    # Not on PATH (Windows installs never are): the usual install folder is searched.
    installed = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "_COMMON_PLACES", (tmp_path / "elsewhere.exe", installed))
    assert pdf.find_soffice() == installed
    monkeypatch.setattr(pdf, "_COMMON_PLACES", ())
    assert pdf.find_soffice() is None


def word_heights(path, word: str) -> dict[int, list[float]]:
    """The heights of the boxes poppler draws round ``word``, per page (1-based)."""
    text = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    heights: dict[int, list[float]] = {}
    for number, page in enumerate(text.split("<page ")[1:], start=1):
        boxes = re.findall(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}<', page)
        heights[number] = [float(bottom) - float(top) for top, bottom in boxes]
    return heights


@pytest.fixture(scope="module")
def printed_example(tmp_path_factory):
    """The example as a new user prints it, beside a reference: the same word in Arial 10
    printed at 100 %, so a word's height in the report gives its printed size in points
    whatever font the machine puts in place of Arial."""
    import xlsxwriter
    from conftest import EXAMPLE_INPUT

    folder = tmp_path_factory.mktemp("ukuran")
    report = build(EXAMPLE_INPUT, folder / "contoh.xlsx").output
    reference = folder / "rujukan.xlsx"
    book = xlsxwriter.Workbook(str(reference))
    sheet = book.add_worksheet("R")
    sheet.write_string(0, 0, "Persentase", book.add_format({"font_name": "Arial", "font_size": 10}))
    sheet.set_print_scale(100)
    book.close()
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return pdf.convert_all([report, reference], "pdf", folder / "pdf")


@needs_soffice
@needs_poppler
def test_lkt_and_capaian_body_text_prints_at_8_pt_or_more(printed_example):
    report, reference = printed_example
    ten_points = word_heights(reference, "Persentase")[1][0]
    pages = pages_text(report)
    sizes = {}
    for number, heights in word_heights(report, "Persentase").items():
        sheet = "LKT" if "LAPORAN KINERJA TRIBULAN" in pages[number - 1] else None
        sheet = sheet or ("Capaian" if "CAPAIAN (%)" in pages[number - 1] else None)
        if sheet and heights:
            sizes[sheet] = 10 * heights[0] / ten_points
    # Arial 10 in the cells, printed at the fit-to-width scale: at least 80 %
    assert set(sizes) == {"LKT", "Capaian"}
    assert all(size >= 8 for size in sizes.values()), sizes


@needs_soffice
@needs_poppler
def test_the_examples_capaian_prints_on_one_page_with_its_legend(printed_example):
    report, _ = printed_example
    capaian = [page for page in pages_text(report) if "CAPAIAN (%)" in page]
    assert len(capaian) == 1
    assert "Rata-rata capaian kinerja (%)" in capaian[0] and "Kategori capaian:" in capaian[0]
    # the mean of TW I, (82,61 + 1.800) / 2 = 941,305 -> 941,31, in the Indonesian way
    assert "941,31" in capaian[0]
