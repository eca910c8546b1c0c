"""The office's own 14-column table as input: build, check and impor, without the template.

The fixtures are laid out as the reference report's table (tests/office_tables.py)
and saved through LibreOffice, so every formula carries its value as Excel leaves
it. Every figure is worked out here from the counts (Fraction).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import openpyxl
import pytest
from office_tables import (
    OfficeIndicator,
    OfficeSasaran,
    reference_2021,
    saved_by_libreoffice,
    write_office_table,
)
from typer.testing import CliRunner

from lkt_excel import api
from lkt_excel.cli.app import app
from lkt_excel.core.problems import InputError

COUNTS_2021 = [
    [(36, 1334), (32, 1338), (32, 1339), (32, 1339)],
    [(754, 427706), (1377, 428762), (2312, 429099), (3498, 429569)],
]


def rounded(value: Fraction, places: int = 2) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(pair) -> float:
    return rounded(Fraction(pair[0], pair[1]) * 100)


def dinkes() -> list[OfficeSasaran]:
    """A Dinas Kesehatan table: a rate per 100.000 named in brackets, a semester indicator
    (targets '-' in TW I and III) and a count summed over the year by its TOTAL formula."""
    return [
        OfficeSasaran(
            "Meningkatnya Derajat Kesehatan Masyarakat",
            [
                OfficeIndicator(
                    "Angka Kematian Ibu (per 100.000 KH)",
                    (100, 100, 100, 100),
                    "=G{r}",
                    "=L{r}",
                    ((2, 2401), (1, 2390), (0, 2410), (3, 2388)),
                    multiplier=100000,
                ),
                OfficeIndicator(
                    "Persentase Balita Ditimbang (%)",
                    ("-", 80, "-", 85),
                    "=G{r}",
                    "=L{r}",
                    (None, (410, 500), None, (430, 500)),
                ),
                OfficeIndicator(
                    "Jumlah Kunjungan Rawat Jalan (kunjungan)",
                    (100, 100, 100, 100),
                    "=SUM(D{r}:G{r})",
                    "=SUM(I{r}:L{r})",
                    (),
                    (90, 91, 92, 93),
                ),
            ],
        )
    ]


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """Every table of this module, saved by LibreOffice in one run."""
    folder = tmp_path_factory.mktemp("tabel")
    made = {
        "beside": write_office_table(folder / "beside.xlsx", reference_2021()),
        "sheet": write_office_table(folder / "sheet.xlsx", reference_2021(), counts="sheet"),
        "none": write_office_table(folder / "none.xlsx", reference_2021(), counts=None),
        "laporan": _with_laporan(write_office_table(folder / "laporan.xlsx", reference_2021())),
        "anggaran": _with_anggaran(write_office_table(folder / "anggaran.xlsx", reference_2021())),
        "kumulatif": write_office_table(
            folder / "kumulatif.xlsx",
            _kumulatif(dinkes()),
            title=("LAPORAN KINERJA TRIWULAN", "DINAS KESEHATAN KABUPATEN MALANG"),
            unit="",
            tahun=2024,
            numbers_row=False,
        ),
        "dinkes": write_office_table(
            folder / "dinkes.xlsx",
            dinkes(),
            title=("LAPORAN KINERJA TRIWULAN", "DINAS KESEHATAN KABUPATEN MALANG"),
            unit="",
            tahun=2024,
            numbers_row=False,
        ),
    }
    saved = saved_by_libreoffice(list(made.values()), folder / "lo")
    return dict(zip(made, saved, strict=True))


def _with_laporan(path):
    """The table with a Laporan sheet in the contract's form (it overrides the guesses)."""
    book = openpyxl.load_workbook(path)
    laporan = book.create_sheet("Laporan")
    for row in (("Kunci", "Nilai"), ("Instansi", "Dinas Koperasi"), ("Tempat", "Malang")):
        laporan.append(row)
    book.save(path)
    return path


def _kumulatif(sasaran: list[OfficeSasaran]) -> list[OfficeSasaran]:
    """The Dinkes table with its count of visits marked kumulatif in an Agregasi column."""
    from dataclasses import replace

    (group,) = sasaran
    *others, visits = group.indicators
    return [replace(group, indicators=[*others, replace(visits, extra={"Agregasi": "kumulatif"})])]


def test_kumulatif_beside_the_table_is_checked_as_in_the_template(tables):
    # Targets 100 each (typed per quarter), TOTAL =SUM: 400, which is not the last target.
    report, problems = api.load(tables["kumulatif"])
    assert report is not None
    visits = report.indicators[-1]
    assert visits.cumulative
    found = [p for p in problems if p.code == "target-total-kumulatif"]
    assert len(found) == 1 and "(400)" in found[0].message
    assert found[0].sheet == "LKT 2021"  # named in the office's own table


def _with_anggaran(path):
    """The table with a sheet Anggaran: one line linked by the table's NO, one by Kode."""
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("Anggaran")
    sheet.append(("Program/Kegiatan", "Kode Indikator", "Sasaran", "Pagu", "Realisasi TW I",
                  "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV"))  # fmt: skip
    sheet.append(("Program Pembinaan Koperasi", None, 1, 400_000_000, 50_000_000, 100_000_000,
                  100_000_000, 150_000_000))  # fmt: skip
    sheet.append(("Program Usaha Mikro", "IK2", None, 1_000_000_000, 0, 250_000_000,
                  250_000_000, 300_000_000))  # fmt: skip
    book.save(path)
    return path


def test_a_sheet_anggaran_beside_the_table_is_read(tables, tmp_path):
    done = api.build(tables["anggaran"], tmp_path / "laporan.xlsx")
    assert len(done.result.report.budgets) == 2  # build raises on errors
    book = openpyxl.load_workbook(done.output, data_only=True)
    sheet = book["Anggaran"]
    names = [sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)]
    assert "Program Pembinaan Koperasi" in names and "Program Usaha Mikro" in names
    # IK2 by Kode: 0 + 250 + 250 + 300 million = 800.000.000 of 1.000.000.000, 80,00%.
    narasi = book["Narasi"]["C5"].value
    assert "Program Usaha Mikro, pagu Rp1.000.000.000, realisasi Tahun 2021 " in narasi
    assert "Rp800.000.000 (serapan 80,00%)" in narasi
    # The sasaran's line (NO 1) supports both indicators: IK1's paragraph names it too.
    assert "Program Pembinaan Koperasi, pagu Rp400.000.000" in book["Narasi"]["C4"].value


def without_formulas(sheet):
    """TOTAL as the numbers it shows: openpyxl would save its formulas without results."""
    for row in (8, 9):
        sheet.cell(row, 8).value = sheet.cell(row, 7).value
        sheet.cell(row, 13).value = sheet.cell(row, 12).value


def lkt_rows(path, rows=(8, 9)):
    sheet = openpyxl.load_workbook(path)["LKT"]
    return [[sheet.cell(r, c).value for c in range(9, 14)] for r in rows]


def test_the_reference_table_with_counts_beside_it(tables, tmp_path):
    done = api.build(tables["beside"], tmp_path / "laporan.xlsx")
    expected = [[percent(p) for p in counts] for counts in COUNTS_2021]
    # Today's example figures: 2,70 2,39 2,39 2,39 | 2,39 and 0,18 0,32 0,54 0,81 | 0,81.
    assert expected == [[2.70, 2.39, 2.39, 2.39], [0.18, 0.32, 0.54, 0.81]]
    assert lkt_rows(done.output) == [row + [row[-1]] for row in expected]
    settings = done.result.report.settings
    assert (settings.instansi, settings.wilayah, settings.tahun, settings.triwulan) == (
        "Dinas Koperasi dan Usaha Mikro", "Kabupaten Malang", 2021, 4
    )  # fmt: skip
    codes = [n.code for n in done.notes]
    # The table's printed realisasi, cross-checked: TW I and II of IK1 (2,69 / 2,08 for
    # 2,70 / 2,39), TW I and III of IK2 (0,17 / 0,53 for 0,18 / 0,54).
    crossed = [(n.sheet, n.row, n.column) for n in done.notes if n.code == "realisasi-berbeda"]
    assert crossed == [("LKT 2021", 8, "I"), ("LKT 2021", 8, "J"), ("LKT 2021", 9, "I"),
                       ("LKT 2021", 9, "K")]  # fmt: skip
    guessed = [n.message.split(" ditebak")[0] for n in done.notes if n.code == "tabel-tebakan"]
    assert guessed == ["Judul", "Instansi", "Wilayah", "Tahun", "Triwulan"]
    assert "polaritas-mungkin-negatif" in codes  # 'rehabilitasi'
    catatan = openpyxl.load_workbook(done.output)["Catatan"]
    text = " ".join(str(c.value) for row in catatan.iter_rows() for c in row if c.value)
    assert text.count("dilaporkan") >= 4 and "Instansi ditebak" in text
    lkt = openpyxl.load_workbook(done.output)["LKT"]
    assert lkt["A2"].value == "DINAS KOPERASI DAN USAHA MIKRO KABUPATEN MALANG"
    assert lkt["C8"].value == "Persentase Koperasi Rehabilitasi"  # one unit: in the header


def test_counts_on_a_second_sheet_behind_the_formulas(tables, tmp_path):
    done = api.build(tables["sheet"], tmp_path / "laporan.xlsx")
    expected = [[percent(p) for p in counts] for counts in COUNTS_2021]
    assert lkt_rows(done.output) == [row + [row[-1]] for row in expected]
    ik1 = done.result.report.indicators[0]
    assert [(o.pembilang, o.penyebut) for o in ik1.observations.values()] == COUNTS_2021[0]
    assert ik1.observations[1].where.sheet == "LKT 2021"  # the printed figure's cell
    # The formulas' own results equal the computed figures: nothing to report.
    assert not [n for n in done.notes if n.code in ("realisasi-berbeda", "tabel-tanpa-jumlah")]


def test_no_counts_the_printed_realisasi_is_the_figure(tables, tmp_path):
    done = api.build(tables["none"], tmp_path / "laporan.xlsx")
    assert lkt_rows(done.output) == [[2.69, 2.08, 2.39, 2.39, 2.39], [0.17, 0.32, 0.53, 0.81, 0.81]]
    notes = [n for n in done.notes if n.code == "tabel-tanpa-jumlah"]
    assert [(n.row, n.column) for n in notes] == [(8, "C"), (9, "C")]  # once per indicator


def test_a_health_office_table(tables, tmp_path):
    done = api.build(tables["dinkes"], tmp_path / "laporan.xlsx")
    rows = lkt_rows(done.output, rows=(8, 9, 10))
    aki = [rounded(Fraction(a, b) * 100000) for a, b in ((2, 2401), (1, 2390), (0, 2410),
                                                         (3, 2388))]  # fmt: skip
    assert aki[0] == 83.30
    assert rows[0] == [*aki, aki[-1]]
    assert rows[1] == ["-", percent((410, 500)), "-", percent((430, 500)), percent((430, 500))]
    assert rows[2] == [90, 91, 92, 93, 90 + 91 + 92 + 93]  # TOTAL =SUM(...): jumlah
    book = openpyxl.load_workbook(done.output)
    lkt = book["LKT"]
    assert lkt["C8"].value == "Angka Kematian Ibu (per 100.000 KH)"  # bracket once, not twice
    assert [lkt.cell(9, c).value for c in range(4, 9)] == ["-", 80, "-", 85, 85]
    assert lkt.cell(10, 8).value == 400
    names = [i.nama for i in done.result.report.indicators]
    assert names[0] == "Angka Kematian Ibu"
    assert done.result.report.indicators[0].satuan == "per 100.000 KH"
    assert "83,30 per 100.000 KH" in book["Narasi"]["C4"].value
    polarity = [n for n in done.notes if n.code == "polaritas-mungkin-negatif"]
    # Two title lines, the header at row 4, no numbers row: indicators from row 6.
    assert [(n.row, n.column) for n in polarity] == [(6, "C")]  # 'kematian'
    guessed = [n.message.split(" ditebak")[0] for n in done.notes if n.code == "tabel-tebakan"]
    assert guessed == ["Judul", "Instansi", "Wilayah", "Tahun", "Triwulan"]
    tahun = next(n for n in done.notes if n.message.startswith("Tahun ditebak"))
    assert (tahun.row, tahun.column) == (4, "D")  # from TARGET TAHUN 2024


def test_a_laporan_sheet_overrides_the_guesses(tables):
    report, problems = api.load(tables["laporan"])
    assert report is not None and report.settings.instansi == "Dinas Koperasi"
    assert report.settings.signature.tempat == "Malang"
    guessed = [p.message.split(" ditebak")[0] for p in problems if p.code == "tabel-tebakan"]
    assert guessed == ["Judul", "Wilayah", "Tahun", "Triwulan"]


def test_a_table_without_its_tw_row_is_one_located_error(tmp_path):
    path = write_office_table(tmp_path / "rusak.xlsx", reference_2021(), counts=None)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    without_formulas(sheet)
    sheet["E6"] = "TW 2 (%)"  # fine: TW 2 is TW II
    sheet["F6"] = "SEMESTER"  # where TW III belongs, under TARGET
    book.save(path)
    problems = api.check(path)
    assert [(p.code, p.level, p.sheet, p.row, p.column) for p in problems] == [
        ("tabel-tidak-cocok", "galat", "LKT 2021", 6, "F")
    ]
    assert "diharapkan TW I, TW II, TW III, TW IV, TOTAL" in problems[0].message
    assert "ada 'SEMESTER', bukan 'TW III'" in problems[0].message


def test_a_table_without_target_block(tmp_path):
    path = write_office_table(tmp_path / "tanpa-target.xlsx", reference_2021(), counts=None)
    book = openpyxl.load_workbook(path)
    without_formulas(book.active)
    book.active["D5"] = "RENCANA"
    book.save(path)
    problems = api.check(path)
    assert [(p.code, p.row, p.column) for p in problems] == [("tabel-tidak-cocok", 5, "C")]
    assert "blok TARGET" in problems[0].message


def test_impor_then_check_and_build(tables, tmp_path):
    source = tables["beside"]
    before = source.read_bytes()
    done = api.impor(source, tmp_path / "masukan.xlsx")
    assert source.read_bytes() == before  # the table is never written
    assert not [p for p in api.check(done.output) if p.level == "galat"]
    built = api.build(done.output, tmp_path / "laporan.xlsx")
    expected = [[percent(p) for p in counts] for counts in COUNTS_2021]
    assert lkt_rows(built.output) == [row + [row[-1]] for row in expected]
    book = openpyxl.load_workbook(done.output)
    laporan = {r[0]: r[1:] for r in book["Laporan"].iter_rows(values_only=True)}
    assert laporan["Instansi"][0] == "Dinas Koperasi dan Usaha Mikro"
    assert laporan["Instansi"][1].startswith("DITEBAK: dari 'DINAS KOPERASI DAN USAHA MIKRO")
    assert laporan["Tempat"][1].startswith("Tempat penandatanganan")  # not guessed: unmarked
    data = list(book["Data"].iter_rows(values_only=True))
    assert data[1] == ("IK1", "I", 36, 1334, 2.69)
    indikator = list(book["Indikator"].iter_rows(values_only=True))
    assert indikator[1][:4] == ("IK1", 1, "Meningkatnya Usaha Koperasi dan Usaha Mikro",
                                "Persentase Koperasi Rehabilitasi")  # fmt: skip


def test_impor_of_semester_targets_keeps_the_dash(tables, tmp_path):
    done = api.impor(tables["dinkes"], tmp_path / "masukan.xlsx")
    indikator = list(openpyxl.load_workbook(done.output)["Indikator"].iter_rows(values_only=True))
    header = indikator[0]
    row = dict(zip(header, indikator[2], strict=True))
    assert [row[f"Target TW {q}"] for q in ("I", "II", "III", "IV")] == ["-", 80, "-", 85]
    assert not [p for p in api.check(done.output) if p.level == "galat"]


def test_impor_carries_the_sheet_anggaran(tables, tmp_path):
    done = api.impor(tables["anggaran"], tmp_path / "masukan.xlsx")
    sheet = openpyxl.load_workbook(done.output)["Anggaran"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # The line linked by NO 1 keeps its sasaran as text; the other its Kode.
    assert [r[1:5] for r in rows] == [
        ["Program Pembinaan Koperasi", None, "Meningkatnya Usaha Koperasi dan Usaha Mikro",
         400_000_000],
        ["Program Usaha Mikro", "IK2", None, 1_000_000_000],
    ]  # fmt: skip
    assert rows[1][5:9] == [0, 250_000_000, 250_000_000, 300_000_000]
    report, _ = api.load(done.output)
    assert report is not None and len(report.budgets) == 2


def test_impor_refuses_to_overwrite_without_timpa(tables, tmp_path):
    target = tmp_path / "ada.xlsx"
    target.write_bytes(b"isi lama")
    runner = CliRunner()
    result = runner.invoke(app, ["impor", str(tables["beside"]), "-o", str(target)])
    assert result.exit_code == 1
    assert "sudah ada dan tidak ditimpa" in result.output
    assert target.read_bytes() == b"isi lama"
    again = runner.invoke(app, ["impor", str(tables["beside"]), "-o", str(target), "--timpa"])
    assert again.exit_code == 0, again.output
    assert "Berkas masukan dibuat" in again.output


def test_impor_of_a_contract_workbook_says_what_it_looked_for(rows, make_input, tmp_path):
    with pytest.raises(InputError) as caught:
        api.impor(make_input(rows), tmp_path / "x.xlsx")
    assert [p.code for p in caught.value.problems] == ["tabel-tidak-cocok"]


def test_a_sheet_per_quarter_the_latest_is_used_and_the_others_named(tmp_path):
    path = write_office_table(tmp_path / "dua.xlsx", reference_2021(), sheet_name="TW II")
    book = openpyxl.load_workbook(path)
    first = book["TW II"]
    without_formulas(first)
    for row in (8, 9):  # TW II's sheet: TW III and IV not yet reported
        for col in (11, 12, 19, 20, 21, 22):
            first.cell(row, col).value = None
        first.cell(row, 13).value = first.cell(row, 10).value
    later = book.copy_worksheet(first)
    later.title = "TW IV"
    for row, counts, printed in zip((8, 9), COUNTS_2021, ((2.39, 2.39), (0.53, 0.81)),
                                    strict=True):  # fmt: skip
        later.cell(row, 11).value, later.cell(row, 12).value = printed
        later.cell(row, 13).value = printed[1]
        for offset, (top, bottom) in enumerate(counts[2:]):
            later.cell(row, 19 + 2 * offset).value = top
            later.cell(row, 20 + 2 * offset).value = bottom
    for sheet in (first, later):  # copy_worksheet leaves the merges of the title
        sheet.merged_cells.ranges = set(sheet.merged_cells.ranges)
    book.save(path)
    report, problems = api.load(path)
    assert report is not None and report.settings.triwulan == 4
    named = [p for p in problems if p.message.startswith("Beberapa lembar")]
    assert [(p.sheet, p.level) for p in named] == [("TW IV", "peringatan")]
    assert "Diabaikan: 'TW II'" in named[0].message


def test_a_hidden_row_of_the_table_is_named(tmp_path):
    path = write_office_table(tmp_path / "tersembunyi.xlsx", reference_2021())
    book = openpyxl.load_workbook(path)
    without_formulas(book.active)
    book.active.row_dimensions[9].hidden = True  # IK2, dropped by hiding it
    book.save(path)
    problems = api.check(path)
    hidden = [(p.code, p.sheet, p.row) for p in problems if p.code == "baris-tersembunyi"]
    assert hidden == [("baris-tersembunyi", "LKT 2021", 9)]
