"""The reference report, rebuilt from its counts: layout, every value, the narrative, the notes.

Expected realisations are worked out by hand from the counts in the original
narrative (pembilang / penyebut x 100):

    IK1  36/1.334 = 2,6986..   32/1.338 = 2,3916..   32/1.339 = 2,3898..  (twice)
    IK2  754/427.706 = 0,17629..   1.377/428.762 = 0,32116..
         2.312/429.099 = 0,53880..  3.498/429.569 = 0,81430..

normal (half away from zero): 2,70 2,39 2,39 2,39 | 0,18 0,32 0,54 0,81
potong (truncate):           2,69 2,39 2,38 2,38 | 0,17 0,32 0,53 0,81
"""

from __future__ import annotations

import openpyxl
import pytest

from lkt_excel import api

EXPECTED_HEADERS = {
    "A1": "LAPORAN KINERJA TRIBULAN",
    "A2": "DINAS KOPERASI DAN USAHA MIKRO KABUPATEN MALANG",
    "A3": "TAHUN 2021",
    "A5": "NO",
    "B5": "SASARAN STRATEGIS",
    "C5": "INDIKATOR KINERJA",
    "D5": "TARGET TAHUN 2021",
    "I5": "REALISASI TAHUN 2021",
    "N5": "KETERANGAN",
    "D6": "TW I (%)",
    "E6": "TW II (%)",
    "F6": "TW III (%)",
    "G6": "TW IV (%)",
    "H6": "TOTAL (%)",
    "I6": "TW I (%)",
    "J6": "TW II (%)",
    "K6": "TW III (%)",
    "L6": "TW IV (%)",
    "M6": "TOTAL (%)",
}
EXPECTED_MERGES = {
    "A1:N1", "A2:N2", "A3:N3",  # the three title lines
    "A5:A6", "B5:B6", "C5:C6", "N5:N6",  # headers over two rows
    "D5:H5", "I5:M5",  # TARGET and REALISASI over five columns each
    "A8:A9", "B8:B9",  # NO and SASARAN over the sasaran's two indicators
}  # fmt: skip

TARGETS = {
    8: [2.3, 1.9, 1.4, 1, 1],  # TOTAL by `akhir`: TW IV's target
    9: [0.01, 0.02, 0.04, 0.05, 0.05],
}
REALISASI = {
    "normal": {8: [2.70, 2.39, 2.39, 2.39, 2.39], 9: [0.18, 0.32, 0.54, 0.81, 0.81]},
    "potong": {8: [2.69, 2.39, 2.38, 2.38, 2.38], 9: [0.17, 0.32, 0.53, 0.81, 0.81]},
}

# IK1 is negatif (lower is better): each quarter says how far the figure is above the target
# and that the performance fell, instead of the reference's literal "mengalami penurunan 0,40%"
# (which a reader takes for a falling figure). 2,70 - 2,3 = 0,40; 2,39 - 1,9 = 0,49;
# 2,39 - 1,4 = 0,99; 2,39 - 1 = 1,39.
NARASI_IK1 = (
    "Indikator Persentase Koperasi Rehabilitasi di Kabupaten Malang Triwulan I Tahun 2021 "
    "dengan target 2,3% realisasi sebesar 2,70%, 0,40% lebih tinggi dari target, maka kinerja "
    "mengalami penurunan yaitu jumlah "
    "koperasi rehabilitasi Triwulan I tahun 2021 (36) dibagi jumlah koperasi Triwulan I tahun "
    "2021 (1.334), sedangkan Triwulan II Tahun 2021 dengan target 1,9% realisasi sebesar 2,39%, "
    "0,49% lebih tinggi dari target, maka kinerja mengalami penurunan yaitu jumlah koperasi "
    "rehabilitasi Triwulan II tahun 2021 "
    "(32) dibagi jumlah koperasi Triwulan II tahun 2021 (1.338), sedangkan Triwulan III Tahun "
    "2021 dengan target 1,4% realisasi sebesar 2,39%, 0,99% lebih tinggi dari target, maka "
    "kinerja mengalami penurunan yaitu "
    "jumlah koperasi rehabilitasi Triwulan III tahun 2021 (32) dibagi jumlah koperasi Triwulan "
    "III tahun 2021 (1.339), sedangkan Triwulan IV Tahun 2021 dengan target 1% realisasi "
    "sebesar 2,39%, 1,39% lebih tinggi dari target, maka kinerja mengalami penurunan yaitu "
    "jumlah koperasi rehabilitasi Triwulan "
    "IV tahun 2021 (32) dibagi jumlah koperasi Triwulan IV tahun 2021 (1.339). Hal ini "
    "disebabkan adanya Pandemi Covid 19 yang mempengaruhi perekonomian global, sehingga "
    "memberi dampak kepada koperasi mulai dari proses distribusi terhambat, penjualan menurun, "
    "dan kurangnya permodalan, tetapi pembinaan dan pendampingan yang berkelanjutan dan "
    "berkesinambungan tentang perkoperasian kepada koperasi, khususnya kepada anggota, "
    "pengurus dan pengawas koperasi di Kabupaten Malang, tetap dilaksanakan. Faktor pendorong "
    "keberhasilan: (Contoh) Pembinaan dan pendampingan perkoperasian yang berkelanjutan kepada "
    "anggota, pengurus dan pengawas koperasi. Faktor penghambat: (Contoh) Pandemi Covid 19: "
    "distribusi terhambat, penjualan menurun dan permodalan koperasi berkurang. Tindak lanjut "
    "pada triwulan berikutnya: (Contoh) Pendampingan koperasi yang tidak aktif agar "
    "menyelenggarakan Rapat Anggota Tahunan dan menyusun rencana penyehatan usaha."
)
NARASI_IK2 = (
    "Indikator Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha di Kabupaten "
    "Malang Triwulan I Tahun 2021 dengan target 0,01% realisasi sebesar 0,18% maka mengalami "
    "peningkatan 0,17% yaitu jumlah Usaha Mikro Kecil yang mendapatkan legalitas usaha "
    "Triwulan I tahun 2021 (754) dibagi jumlah UMKM Triwulan I tahun 2021 (427.706), sedangkan "
    "Triwulan II Tahun 2021 dengan target 0,02% realisasi sebesar 0,32% maka mengalami "
    "peningkatan 0,30% yaitu jumlah Usaha Mikro Kecil yang mendapatkan legalitas usaha "
    "Triwulan II tahun 2021 (1.377) dibagi jumlah UMKM Triwulan II tahun 2021 (428.762), "
    "sedangkan Triwulan III Tahun 2021 dengan target 0,04% realisasi sebesar 0,54% maka "
    "mengalami peningkatan 0,50% yaitu jumlah Usaha Mikro Kecil yang mendapatkan legalitas "
    "usaha Triwulan III tahun 2021 (2.312) dibagi jumlah UMKM Triwulan III tahun 2021 "
    "(429.099), sedangkan Triwulan IV Tahun 2021 dengan target 0,05% realisasi sebesar 0,81% "
    "maka mengalami peningkatan 0,76% yaitu jumlah Usaha Mikro Kecil yang mendapatkan "
    "legalitas usaha Triwulan IV tahun 2021 (3.498) dibagi jumlah UMKM Triwulan IV tahun 2021 "
    "(429.569). Hal ini disebabkan adanya Pandemi Covid 19 yang mempengaruhi perekonomian "
    "global, sedangkan pembinaan dan pendampingan yang dilakukan oleh Dinas Koperasi dan Usaha "
    "Mikro Kabupaten Malang tetap dilaksanakan kepada Pelaku UMKM yang meliputi Sosialisasi "
    "IUMK, pengoptimalan usaha, pelatihan ketrampilan, fasilitasi promosi dan pameran produk "
    "UMKM secara virtual. Faktor pendorong keberhasilan: (Contoh) Sosialisasi IUMK, pelatihan "
    "ketrampilan dan fasilitasi promosi produk UMKM secara virtual. Faktor penghambat: (Contoh) "
    "Pandemi Covid 19 membatasi pertemuan tatap muka dengan Pelaku UMKM. Tindak lanjut pada "
    "triwulan berikutnya: (Contoh) Layanan jemput bola pengurusan Nomor Induk Berusaha (NIB) "
    "bersama kecamatan."
)

# The hand-made report's figures against ours (normal rounding): four differ.
EXPECTED_NOTES = [
    ("Data!E2", "IK1", "TW I dilaporkan 2,69, dihitung 36 / 1.334 x 100 = 2,70", True),
    ("Data!E3", "IK1", "TW II dilaporkan 2,08, dihitung 32 / 1.338 x 100 = 2,39", False),
    ("Data!E6", "IK2", "TW I dilaporkan 0,17, dihitung 754 / 427.706 x 100 = 0,18", True),
    ("Data!E8", "IK2", "TW III dilaporkan 0,53, dihitung 2.312 / 429.099 x 100 = 0,54", True),
]


@pytest.fixture(params=["normal", "potong"])
def built(request, rows, make_input, tmp_path):
    path = make_input(rows.set("Pembulatan", request.param))
    done = api.build(path, tmp_path / "laporan.xlsx")
    return request.param, openpyxl.load_workbook(done.output)


def test_layout_matches_the_reference(built):
    _, book = built
    assert book.sheetnames == ["LKT", "Narasi", "Capaian", "Analisis", "Grafik", "Catatan"]
    sheet = book["LKT"]
    for address, text in EXPECTED_HEADERS.items():
        assert sheet[address].value == text, address
    assert {str(r) for r in sheet.merged_cells.ranges} == EXPECTED_MERGES
    assert [sheet.cell(7, c).value for c in range(1, 15)] == list(range(1, 15))
    assert sheet["A8"].value == 1
    assert sheet["B8"].value == "Meningkatnya Usaha Koperasi dan Usaha Mikro"
    assert sheet["C8"].value == "Persentase Koperasi Rehabilitasi"
    assert sheet["C9"].value == "Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha"
    assert sheet.freeze_panes == "A8"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["D5"].font.bold and sheet["D5"].alignment.horizontal == "center"
    assert sheet["C8"].alignment.wrap_text
    assert sheet["C8"].border.left.style == "thin"


def test_every_value(built):
    mode, book = built
    sheet = book["LKT"]
    for row in (8, 9):
        targets = [sheet.cell(row, c).value for c in range(4, 9)]
        realisasi = [sheet.cell(row, c).value for c in range(9, 14)]
        assert targets == TARGETS[row]
        assert realisasi == pytest.approx(REALISASI[mode][row], abs=1e-12)
        for col in range(4, 14):
            assert isinstance(sheet.cell(row, col).value, (int, float)), (row, col)
        for col in range(9, 14):
            assert sheet.cell(row, col).number_format == "#,##0.00"
    # Targets keep the places they were entered with, with thousands separators
    # (Excel shows "2,3" and "1" in Indonesian): IK1's 2,3 / 1,9 / 1,4 / 1 and total 1.
    assert [sheet.cell(8, c).number_format for c in range(4, 9)] == (
        ["#,##0.0"] * 3 + ["#,##0"] * 2
    )


def test_narrative_in_full(rows, make_input, tmp_path):
    done = api.build(make_input(rows), tmp_path / "laporan.xlsx")
    sheet = openpyxl.load_workbook(done.output)["Narasi"]
    assert sheet["C4"].value == NARASI_IK1
    assert sheet["C5"].value == NARASI_IK2
    assert sheet["B4"].value == "Persentase Koperasi Rehabilitasi"


def test_catatan_lists_exactly_the_four_inconsistent_cells(rows, make_input, tmp_path):
    done = api.build(make_input(rows), tmp_path / "laporan.xlsx")
    sheet = openpyxl.load_workbook(done.output)["Catatan"]
    found = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(found) == len(EXPECTED_NOTES)
    for (_number, level, cell, header, message, _fix), expected in zip(
        found, EXPECTED_NOTES, strict=True
    ):
        where, kode, words, truncated = expected
        assert level == "peringatan"
        assert cell == where
        assert header == "Realisasi Dilaporkan"
        assert f"Indikator {kode} " in message
        assert words in message
        assert ("tampaknya dipotong" in message) is truncated


def test_potong_mode_notes_the_figures_that_differ_from_truncation(rows, make_input, tmp_path):
    # Truncated: IK1 2,69 2,39 2,38 2,38 against the reported 2,69 2,08 2,39 2,39.
    done = api.build(make_input(rows.set("Pembulatan", "potong")), tmp_path / "laporan.xlsx")
    cells = [n.cell for n in done.notes]
    assert cells == ["Data!E3", "Data!E4", "Data!E5"]
    # 2,39 reported where truncation gives 2,38: the office rounded instead.
    assert "tampaknya dibulatkan, bukan dipotong" in done.notes[1].message


def test_committed_example_builds(tmp_path):
    from conftest import EXAMPLE_INPUT

    done = api.build(EXAMPLE_INPUT, tmp_path)
    assert done.output.name == "LKT Dinas Koperasi dan Usaha Mikro Kabupaten Malang 2021 TW IV.xlsx"
    assert len(done.notes) == 4
