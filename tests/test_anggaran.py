"""Sheet Anggaran: budget lines read and checked, serapan and efisiensi, the output sheet.

The figures are worked out here by hand with Decimal, never copied from the program.
The example is reported at TW II: its TOTAL capaian are then (Capaian sheet rules)

    IK1 negatif: realisasi TW II 32 / 1.338 x 100 = 2,3916.. -> 2,39 against the year's
        target 1 (akhir: TW IV's): (2 x 1 - 2,39) / 1 x 100 = -39,00
    IK2 positif: 1.377 / 428.762 x 100 = 0,3211.. -> 0,32 against 0,05: 640,00

both in the one sasaran "Meningkatnya Usaha Koperasi dan Usaha Mikro" (No 1).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from typer.testing import CliRunner

from lkt_excel import api
from lkt_excel.cli.app import app
from lkt_excel.core.model import ANGGARAN_COLUMNS
from lkt_excel.inputs import contoh

runner = CliRunner()
HEADERS = [c.header for c in ANGGARAN_COLUMNS]
SASARAN = contoh.SASARAN

# Program/Kegiatan, Kode Indikator, Sasaran, Pagu, Realisasi TW I .. TW IV
LINES = [
    ["1", "Program Pemberdayaan Usaha Mikro", "IK2", None, 1_250_000_000,
     180_000_000, 332_340_000, None, None],
    ["2", "Program Pembinaan Koperasi", None, SASARAN.upper() + ".", 400_000_000,
     0, 150_000_000, None, None],  # by sasaran, as typed differently: IK1 and IK2
    [None, "Kegiatan Pendataan Koperasi", None, 1, 100_000_000, 0, 0, None, None],  # by No
]  # fmt: skip


def two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def budget_rows(rows, lines=None, triwulan="II"):
    rows.set("Triwulan", triwulan)
    rows.anggaran = [HEADERS, *[list(line) for line in lines or LINES]]
    return rows


def problems(make_input, rows) -> list[tuple[str, str, str]]:
    """(code, level, cell) of every problem on sheet Anggaran."""
    path = make_input(rows)
    return [(p.code, p.level.value, p.cell) for p in api.check(path) if p.sheet == "Anggaran"]


def check_exit(make_input, rows) -> int:
    return runner.invoke(app, ["check", str(make_input(rows))]).exit_code


@pytest.fixture
def built(rows, make_input, tmp_path):
    done = api.build(make_input(budget_rows(rows)), tmp_path / "laporan.xlsx")
    return (
        done,
        openpyxl.load_workbook(done.output),
        openpyxl.load_workbook(done.output, data_only=True),
    )


# ---------------------------------------------------------------------------
# The arithmetic, by hand
# ---------------------------------------------------------------------------

IK1_TOTAL, IK2_TOTAL = Decimal("-39.00"), Decimal("640.00")


def test_serapan_running_totals_and_efisiensi_by_hand(built):
    done, _, values = built
    sheet = values["Anggaran"]
    # Line 1 (by Kode IK2): 180.000.000, then 180.000.000 + 332.340.000 = 512.340.000;
    # serapan 180/1.250 x 100 = 14,40 and 512,34/1.250 x 100 = 40,9872 -> 40,99.
    running = Decimal(180_000_000) + Decimal(332_340_000)
    serapan = two(running * 100 / Decimal(1_250_000_000))
    assert serapan == Decimal("40.99")
    assert [sheet[f"{c}5"].value for c in "FGHI"] == [180_000_000, 332_340_000, None, None]
    assert [sheet[f"{c}6"].value for c in "FG"] == [180_000_000, float(running)]
    assert [sheet[f"{c}7"].value for c in "FG"] == [14.4, float(serapan)]
    assert [sheet[f"{c}6"].value for c in "HI"] == [None, None]  # after TW II: blank, never 0
    # capaian kinerja: IK2's TOTAL, 640; indeks over the serapan before its rounding:
    # 640 / (512.340.000 / 1.250.000.000 x 100) = 640 / 40,9872 = 15,6146.. -> 15,61: Efisien
    index = two(IK2_TOTAL * 1_250_000_000 / (running * 100))
    assert index == Decimal("15.61")
    assert (sheet["J5"].value, sheet["K5"].value, sheet["L5"].value) == (
        640,
        float(index),
        "Efisien",
    )
    # Line 2 (by sasaran: IK1 and IK2): capaian (-39 + 640) / 2 = 300,50; serapan
    # 150.000.000 / 400.000.000 x 100 = 37,50; indeks 300,5 / 37,5 = 8,0133.. -> 8,01
    mean = two((IK1_TOTAL + IK2_TOTAL) / 2)
    serapan2 = two(Decimal(150_000_000) * 100 / Decimal(400_000_000))
    assert (sheet["J8"].value, sheet["G10"].value) == (float(mean), float(serapan2))
    assert (sheet["K8"].value, sheet["L8"].value) == (float(two(mean / serapan2)), "Efisien")
    # Line 3 (by sasaran No 1): nothing spent yet, serapan 0: no index, the reason instead
    assert (sheet["J11"].value, sheet["G13"].value) == (float(mean), 0)
    assert sheet["K11"].value in (None, "")
    assert sheet["L11"].value == "Tidak dihitung: belum ada realisasi"
    # TOTAL: pagu 1.750.000.000; TW I 180.000.000, TW II 482.340.000, s.d. TW II 662.340.000
    pagu = Decimal(1_750_000_000)
    total_running = Decimal(180_000_000 + 482_340_000)
    assert sheet["D14"].value == float(pagu)
    assert [sheet[f"{c}14"].value for c in "FG"] == [180_000_000, 482_340_000]
    assert sheet["G15"].value == float(total_running)
    # 180/1.750 x 100 = 10,2857.. -> 10,29; 662,34/1.750 x 100 = 37,848 -> 37,85
    assert [sheet[f"{c}16"].value for c in "FG"] == [
        float(two(Decimal(180_000_000) * 100 / pagu)),
        float(two(total_running * 100 / pagu)),
    ]
    assert [sheet[f"{c}14"].value for c in "JKL"] == ["-", "-", "-"]
    # The line without an index is noted in Catatan, at its Program/Kegiatan cell.
    notes = [(n.code, n.cell) for n in done.notes if n.sheet == "Anggaran"]
    assert notes == [("efisiensi-tidak-terhitung", "Anggaran!B4")]


def test_efisiensi_below_one_is_kurang_efisien(rows, make_input, tmp_path):
    # IK1 alone: capaian -39; serapan 100.000.000 / 200.000.000 x 100 = 50,00;
    # indeks -39 / 50 = -0,78: Kurang efisien
    line = ["1", "Program Koperasi", "IK1", None, 200_000_000, 40_000_000, 60_000_000, None, None]
    done = api.build(make_input(budget_rows(rows, [line])), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    assert (sheet["J5"].value, sheet["G7"].value) == (-39, 50)
    assert (sheet["K5"].value, sheet["L5"].value) == (float(two(IK1_TOTAL / 50)), "Kurang efisien")
    assert sheet["K5"].value == -0.78


def test_a_line_linked_to_nothing_has_no_capaian_and_a_note(rows, make_input, tmp_path):
    line = ["1", "Program Umum", None, None, 10_000_000, 1_000_000, 1_000_000, None, None]
    done = api.build(make_input(budget_rows(rows, [line])), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    assert sheet["C5"].value == "-" and sheet["J5"].value is None
    assert sheet["L5"].value == "Tidak dihitung: tanpa capaian kinerja"
    [note] = [n for n in done.notes if n.code == "efisiensi-tidak-terhitung"]
    assert "tidak terkait dengan indikator mana pun" in note.message


# ---------------------------------------------------------------------------
# The output sheet
# ---------------------------------------------------------------------------


def test_sheet_layout_merges_formats_and_print_setup(built):
    _, book, _ = built
    assert book.sheetnames == [
        "LKT", "Narasi", "Capaian", "Analisis", "Anggaran", "Grafik", "Catatan",
    ]  # fmt: skip
    sheet = book["Anggaran"]
    assert sheet["A1"].value == "REALISASI ANGGARAN TRIWULAN II TAHUN 2021"
    assert sheet["A2"].value == "DINAS KOPERASI DAN USAHA MIKRO KABUPATEN MALANG"
    assert [c.value for c in sheet[4]] == [
        "NO", "PROGRAM/KEGIATAN", "INDIKATOR TERKAIT", "PAGU (Rp)", "URAIAN", "TW I", "TW II",
        "TW III", "TW IV", "CAPAIAN KINERJA (%)", "INDEKS EFISIENSI", "KETERANGAN",
    ]  # fmt: skip
    assert [sheet[f"E{r}"].value for r in range(5, 8)] == [
        "Realisasi",
        "Realisasi kumulatif",
        "Serapan kumulatif (%)",
    ]
    assert (sheet["A5"].value, sheet["B5"].value, sheet["A11"].value) == (
        1,
        "Program Pemberdayaan Usaha Mikro",
        3,  # no No given: numbered in order
    )
    assert sheet["C5"].value == "IK2 Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha"
    assert sheet["C8"].value == (
        "IK1 Persentase Koperasi Rehabilitasi\n"
        "IK2 Persentase Usaha Mikro Kecil yang mendapatkan legalitas usaha"
    )
    merges = {str(r) for r in sheet.merged_cells.ranges}
    for first, last in ((5, 7), (8, 10), (11, 13)):
        for col in "ABCDJKL":
            assert f"{col}{first}:{col}{last}" in merges
    assert {"A1:L1", "A2:L2", "A14:C16", "D14:D16"} <= merges
    assert sheet["A14"].value == "TOTAL"
    # Live formulas over the sheet's own cells; the TOTAL sums the lines' Realisasi rows.
    assert sheet["G6"].value == "=SUM($F5:G5)"  # the Realisasi row, TW I to TW II
    assert sheet["G7"].value == "=ROUND(G6*100/$D5,2)"
    # Capaian kinerja follows sheet Capaian (TW II: IK1's TOTAL in row 7, IK2's in row 10).
    assert sheet["J5"].value == (
        '=IF(COUNT(Capaian!$J$10)=0,"",ROUND(ROUND(AVERAGE(Capaian!$J$10),6),2))'
    )
    assert sheet["J8"].value == (
        '=IF(COUNT(Capaian!$J$7,Capaian!$J$10)=0,"",'
        "ROUND(ROUND(AVERAGE(Capaian!$J$7,Capaian!$J$10),6),2))"
    )
    capaian = openpyxl.load_workbook(built[0].output)["Capaian"]
    assert [capaian[f"D{r}"].value for r in (7, 10)] == ["TOTAL", "TOTAL"]
    # The index over the running total and the pagu (the serapan before its rounding).
    assert sheet["K5"].value == '=IF(OR(J5="",G6=0),"",ROUND(ROUND(J5*D5/(G6*100),6),2))'
    assert sheet["L5"].value == (
        '=IF(K5="","",IF(K5>=1,"Efisien","Kurang efisien"))&IF(G6>D5,"; serapan melebihi pagu","")'
    )
    assert sheet["D14"].value == "=SUM(D5:D13)"
    assert sheet["G14"].value == "=SUMIF($E$5:$E$13,$E$14,G$5:G$13)"
    # Money numeric with thousands separators, percentages with Desimal places.
    assert isinstance(sheet["D5"].value, int)
    assert {sheet[a].number_format for a in ("D5", "F5", "G6", "D14", "G15")} == {"#,##0"}
    assert {sheet[a].number_format for a in ("G7", "J5", "G16")} == {"#,##0.00"}
    assert sheet["K5"].number_format == "#,##0.00"
    assert sheet["B5"].alignment.wrap_text and sheet["B5"].border.left.style == "thin"
    assert sheet.freeze_panes == "A5"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 14)  # F4
    assert (int(setup.fitToWidth or 1), int(setup.fitToHeight)) == (1, 0)  # 1: the default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$4"
    notes = [sheet.cell(r, 2).value for r in range(18, sheet.max_row + 1)]
    assert sheet["A18"].value == "Keterangan:"
    assert any(
        n and n.startswith("Indeks efisiensi = capaian kinerja (%) / serapan") for n in notes
    )
    assert any(
        n and n.startswith("Sebelum TW IV kedua angka belum angka akhir tahun") for n in notes
    )


def test_a4_and_potong_follow_laporan(rows, make_input, tmp_path):
    rows = budget_rows(rows).set("Kertas", "A4").set("Pembulatan", "potong")
    done = api.build(make_input(rows), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output)["Anggaran"]
    assert sheet.page_setup.paperSize == 9
    assert sheet["G7"].value == "=ROUNDDOWN(G6*100/$D5,2)"
    assert sheet["K5"].value == ('=IF(OR(J5="",G6=0),"",ROUNDDOWN(ROUND(J5*D5/(G6*100),6),2))')
    cached = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    assert cached["G7"].value == 40.98  # 40,9872 cut, not rounded


def test_no_budget_no_sheet(rows, make_input, tmp_path):
    rows.anggaran = [HEADERS]  # headers only: fine, no budget, no sheet, no note
    path = make_input(rows)
    assert [p for p in api.check(path) if p.sheet == "Anggaran"] == []
    done = api.build(path, tmp_path / "l.xlsx")
    assert "Anggaran" not in openpyxl.load_workbook(done.output).sheetnames


def test_input_text_is_written_as_text(rows, make_input, tmp_path):
    line = ["1", '=HYPERLINK("http://x")', "IK1", None, 1_000, 10, 10, None, None]
    done = api.build(make_input(budget_rows(rows, [line])), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output)["Anggaran"]
    assert sheet["B5"].value == '=HYPERLINK("http://x")' and sheet["B5"].data_type == "s"


# ---------------------------------------------------------------------------
# Narrative
# ---------------------------------------------------------------------------


def test_narrative_names_the_budget_lines_in_full(built):
    _, book, _ = built
    text = book["Narasi"]["C5"].value  # IK2: by Kode (line 1) and by its sasaran (2 and 3)
    sentence = (
        "Anggaran yang mendukung indikator ini: Program Pemberdayaan Usaha Mikro, pagu "
        "Rp1.250.000.000, realisasi sampai dengan Triwulan II Rp512.340.000 (serapan 40,99%); "
        "Program Pembinaan Koperasi, pagu Rp400.000.000, realisasi sampai dengan Triwulan II "
        "Rp150.000.000 (serapan 37,50%); Kegiatan Pendataan Koperasi, pagu Rp100.000.000, "
        "realisasi sampai dengan Triwulan II Rp0 (serapan 0,00%)."
    )
    assert sentence + " " + contoh.ANALISIS_UMK in text  # after the figures, before Analisis
    assert "Program Pemberdayaan Usaha Mikro" not in book["Narasi"]["C4"].value  # IK1: not by Kode


# ---------------------------------------------------------------------------
# Bad input: the code, the cell, the exit code of `check`
# ---------------------------------------------------------------------------


def one_line(**changes):
    values = ["1", "Program A", "IK1", None, 1_000_000, 100, 200, None, None]
    line = dict(zip(HEADERS, values, strict=True))
    line.update(changes)
    return [[line[h] for h in HEADERS]]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Pagu": 0}, [("pagu-tidak-sah", "galat", "Anggaran!E2")]),
        ({"Pagu": -5}, [("pagu-tidak-sah", "galat", "Anggaran!E2")]),
        ({"Pagu": None}, [("pagu-tidak-sah", "galat", "Anggaran!E2")]),
        ({"Pagu": "satu juta"}, [("bukan-angka", "galat", "Anggaran!E2")]),
        ({"Realisasi TW I": "seratus"}, [("bukan-angka", "galat", "Anggaran!F2")]),
        ({"Realisasi TW I": -1}, [("realisasi-negatif", "galat", "Anggaran!F2")]),
        ({"Realisasi TW II": None}, [("realisasi-kosong", "galat", "Anggaran!G2")]),
        (
            {"Kode Indikator": "IK1; IK9"},
            [("kode-indikator-tidak-dikenal", "galat", "Anggaran!C2")],
        ),
        ({"Sasaran": "Sasaran lain"}, [("sasaran-tidak-dikenal", "galat", "Anggaran!D2")]),
        ({"Sasaran": 7}, [("sasaran-tidak-dikenal", "galat", "Anggaran!D2")]),
        ({"Program/Kegiatan": None}, [("program-kosong", "galat", "Anggaran!B2")]),
    ],
)
def test_each_error_at_its_cell_and_check_exits_1(rows, make_input, changes, expected):
    bad = budget_rows(rows, one_line(**changes))
    assert problems(make_input, bad) == expected
    assert check_exit(make_input, bad) == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Realisasi TW III": 50}, [("realisasi-sesudah-triwulan", "peringatan", "Anggaran!H2")]),
        # 600.000 + 500.000 passes the pagu of 1.000.000 at TW II
        (
            {"Realisasi TW I": 600_000, "Realisasi TW II": 500_000},
            [("realisasi-melebihi-pagu", "peringatan", "Anggaran!G2")],
        ),
    ],
)
def test_each_warning_at_its_cell_and_check_exits_0(rows, make_input, changes, expected):
    fine = budget_rows(rows, one_line(**changes))
    assert problems(make_input, fine) == expected
    assert check_exit(make_input, fine) == 0


def test_messages_say_what_to_do(rows, make_input):
    found = {
        p.code: p
        for case in (
            {"Realisasi TW II": None},
            {"Kode Indikator": "ik1"},
            {"Sasaran": "Sasaran lain"},
        )
        for p in api.check(make_input(budget_rows(rows.copy(), one_line(**case))))
        if p.sheet == "Anggaran"
    }
    assert "isi 0 bila belum ada realisasi" in found["realisasi-kosong"].fix
    unknown = found["kode-indikator-tidak-dikenal"]
    assert "'ik1'" in unknown.message and "Maksudnya 'IK1'?" in unknown.message
    assert "'IK1', 'IK2'" in unknown.fix
    assert f"'{SASARAN}'" in found["sasaran-tidak-dikenal"].fix
    assert found["sasaran-tidak-dikenal"].header == "Sasaran"


def test_a_realisasi_above_the_pagu_still_builds_above_100_percent(rows, make_input, tmp_path):
    changes = {"Realisasi TW I": 600_000, "Realisasi TW II": 500_000}
    done = api.build(make_input(budget_rows(rows, one_line(**changes))), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    # 1.100.000 / 1.000.000 x 100 = 110,00
    assert sheet["G7"].value == float(two(Decimal(1_100_000) * 100 / Decimal(1_000_000)))
    assert sheet["G7"].value == 110
    assert sheet["L5"].value == "Kurang efisien; serapan melebihi pagu"  # -39 / 110 = -0,35
    assert any(n.code == "realisasi-melebihi-pagu" for n in done.notes)


def test_the_example_has_two_illustrative_budget_lines(tmp_path):
    from conftest import EXAMPLE_INPUT

    done = api.build(EXAMPLE_INPUT, tmp_path)
    sheet = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    assert [sheet["B5"].value, sheet["B8"].value] == [line[1] for line in contoh.ANGGARAN]
    assert all(line[1].startswith("(Contoh) ") for line in contoh.ANGGARAN)
    # IK2's line at TW IV: 180.000.000 + 332.340.000 + 310.500.000 + 397.160.000 =
    # 1.220.000.000 of 1.250.000.000: 97,60%
    assert sheet["I10"].value == float(two(Decimal(1_220_000_000) * 100 / 1_250_000_000))


def test_one_run_names_every_mistake_of_a_row(rows, make_input):
    # A pagu of 0 and an unknown Kode on the same row: both, not the Kode after the pagu's fix.
    bad = budget_rows(rows, one_line(**{"Pagu": 0, "Kode Indikator": "IK9"}))
    assert problems(make_input, bad) == [
        ("pagu-tidak-sah", "galat", "Anggaran!E2"),
        ("kode-indikator-tidak-dikenal", "galat", "Anggaran!C2"),
    ]


@pytest.mark.parametrize(
    ("pagu", "fix"),
    [
        ("Rp 2.500.000.000", "Hapus 'Rp': isi angkanya saja, mis. 2.500.000.000 (sel"),
        ("Rp. 1.000.000,-", "Hapus 'Rp': isi angkanya saja, mis. 1.000.000 (sel"),
        # 450,000 would itself be refused (an English thousands comma): no example.
        ("Rp 450,000", "Hapus 'Rp': isi angkanya saja (sel"),
        ("150.000.000,-", "Hapus ',-': isi angkanya saja, mis. 150.000.000 (sel"),
    ],
)
def test_money_typed_with_rp_is_told_to_drop_it(rows, make_input, pagu, fix):
    bad = budget_rows(rows, one_line(Pagu=pagu))
    (found,) = [p for p in api.check(make_input(bad)) if p.sheet == "Anggaran"]
    assert found.code == "bukan-angka"
    assert found.fix.startswith(fix)


def test_a_dash_for_no_realisasi_is_told_to_type_0(rows, make_input):
    bad = budget_rows(rows, one_line(**{"Realisasi TW II": "-"}))
    (found,) = [p for p in api.check(make_input(bad)) if p.sheet == "Anggaran"]
    assert (found.code, found.cell) == ("bukan-angka", "Anggaran!G2")
    assert found.fix == "Isi 0 bila belum ada realisasi; tanda '-' tidak bisa dihitung."


def test_a_sasaran_number_is_the_one_lkt_prints(rows, make_input, tmp_path):
    # The first indicator has no sasaran (LKT numbers that group 1), the second 'Sasaran A'
    # (LKT: 2). 'Sasaran: 2' links IK2; 'Sasaran: 1' names a group with no sasaran: unknown.
    for row in (1, 2):
        rows.cell("indikator", row, "No", None)
    rows.cell("indikator", 1, "Sasaran Strategis", None)
    rows.cell("indikator", 2, "Sasaran Strategis", "Sasaran A")
    linked = budget_rows(rows.copy(), one_line(**{"Kode Indikator": None, "Sasaran": 2}))
    done = api.build(make_input(linked), tmp_path / "laporan.xlsx")
    book = openpyxl.load_workbook(done.output)
    assert [book["LKT"].cell(r, 1).value for r in (8, 9)] == [1, 2]
    assert book["LKT"]["B9"].value == "Sasaran A"
    assert "Program A" in book["Narasi"]["C5"].value  # IK2
    assert "Program A" not in book["Narasi"]["C4"].value
    unknown = budget_rows(rows.copy(), one_line(**{"Kode Indikator": None, "Sasaran": 1}))
    assert ("sasaran-tidak-dikenal", "galat", "Anggaran!D2") in problems(make_input, unknown)


@pytest.mark.parametrize(
    ("pembulatan", "shown", "index"),
    [
        # serapan 518.350.000 / 1.000.000.000 x 100 = 51,835 exactly: shown 51,84 or 51,83;
        # indeks 640 / 51,835 = 12,34686..: 12,35 rounded, 12,34 cut.
        ("normal", 51.84, 12.35),
        ("potong", 51.83, 12.34),
    ],
)
def test_the_index_follows_pembulatan(rows, make_input, tmp_path, pembulatan, shown, index):
    exact = Decimal(640) / (Decimal(518_350_000) * 100 / Decimal(1_000_000_000))
    assert str(exact)[:8] == "12.34686"
    line = ["1", "Program X", "IK2", None, 1_000_000_000, 200_000_000, 318_350_000, None, None]
    rows = budget_rows(rows, [line]).set("Pembulatan", pembulatan)
    done = api.build(make_input(rows), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    assert (sheet["J5"].value, sheet["G7"].value, sheet["K5"].value) == (640, shown, index)


def test_a_small_serapan_shown_as_0_still_gives_an_index(rows, make_input, tmp_path):
    # Desimal 0, IK1 made positif: TW II 32 / 1.338 x 100 = 2,39 -> 2 against the year's
    # target 1: capaian 200. 4.000.000 / 1.250.000.000 x 100 = 0,32% is shown as 0, but
    # something is spent: indeks 200 / 0,32 = 625, Efisien (not "belum ada realisasi").
    rows.cell("indikator", 1, "Polaritas", "positif")
    line = ["1", "Program X", "IK1", None, 1_250_000_000, 4_000_000, 0, None, None]
    rows = budget_rows(rows, [line]).set("Desimal", 0)
    done = api.build(make_input(rows), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    assert (sheet["G7"].value, sheet["J5"].value) == (0, 200)
    assert (sheet["K5"].value, sheet["L5"].value) == (625, "Efisien")
    assert not [n for n in done.notes if n.code == "efisiensi-tidak-terhitung"]


def test_keterangan_says_above_pagu_exactly_when_the_warning_does(rows, make_input, tmp_path):
    # 1.000.000.001 of 1.000.000.000: the serapan shows 100,00, yet the pagu is passed.
    line = ["1", "Program X", "IK2", None, 1_000_000_000, 500_000_000, 500_000_001, None, None]
    done = api.build(make_input(budget_rows(rows, [line])), tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(done.output, data_only=True)["Anggaran"]
    assert sheet["G7"].value == 100
    assert sheet["L5"].value.endswith("; serapan melebihi pagu")
    assert [n.code for n in done.notes if n.sheet == "Anggaran"] == ["realisasi-melebihi-pagu"]


def test_a_kode_rekening_column_is_not_read_as_kode_indikator(rows, make_input):
    # Budget tables head their account codes "Kode": that column is not Kode Indikator (it is
    # named as a column not read, and the line links to nothing).
    headers = ["Kode" if h == "Kode Indikator" else h for h in HEADERS]
    line = ["1", "Program A", "2.17.02", None, 1_000_000, 100, 200, None, None]
    fine = budget_rows(rows, [line])
    fine.anggaran = [headers, line]
    assert problems(make_input, fine) == [
        ("kolom-tidak-dikenal", "peringatan", "Anggaran!C1"),
        ("efisiensi-tidak-terhitung", "peringatan", "Anggaran!B2"),
    ]


def test_quarters_after_the_report_need_no_column_and_a_0_there_is_fine(rows, make_input):
    # A TW II report: TW III and IV may be left out, or hold the 0 a dutiful clerk types.
    zeros = budget_rows(rows.copy(), one_line(**{"Realisasi TW III": 0, "Realisasi TW IV": 0}))
    assert problems(make_input, zeros) == []
    short = budget_rows(rows.copy(), one_line())
    short.anggaran = [line[:7] for line in short.anggaran]  # up to Realisasi TW II
    assert problems(make_input, short) == []
    # Without the TW II column the reported quarter has nowhere to go: the column is named.
    shorter = budget_rows(rows.copy(), one_line())
    shorter.anggaran = [line[:6] for line in shorter.anggaran]
    found = [p for p in api.check(make_input(shorter)) if p.sheet == "Anggaran"]
    assert [p.level.value for p in found] == ["galat"]
    assert "Realisasi TW II" in found[0].message


def test_a_figure_typed_ahead_is_named_and_not_used(rows, make_input):
    later = budget_rows(rows, one_line(**{"Realisasi TW III": 50}))
    (found,) = [p for p in api.check(make_input(later)) if p.sheet == "Anggaran"]
    assert found.message == (
        "Sel Anggaran!H2 ('Realisasi TW III') berisi 50; TW III belum dilaporkan (laporan "
        "sampai TW II), jadi angka ini tidak dipakai."
    )


def test_a_sasaran_a_word_short_gets_a_suggestion(rows, make_input):
    short = SASARAN.rsplit(" ", 1)[0]  # the last word left out
    bad = budget_rows(rows, one_line(**{"Kode Indikator": None, "Sasaran": short}))
    (found,) = [p for p in api.check(make_input(bad)) if p.sheet == "Anggaran"]
    assert found.code == "sasaran-tidak-dikenal"
    assert found.message.endswith(f"Maksudnya '{SASARAN}'?")
