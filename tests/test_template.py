"""`lkt-excel template`: the blank input workbook, the example, and template -> check -> build."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import EXAMPLE_INPUT, sheet_values
from typer.testing import CliRunner

from lkt_excel import api
from lkt_excel.cli.app import app
from lkt_excel.core.model import (
    ANGGARAN_COLUMNS,
    DATA_COLUMNS,
    DEFAULT_BANDS,
    INDIKATOR_COLUMNS,
    KATEGORI_COLUMNS,
    LAPORAN_KEYS,
    SHEET_KATEGORI,
    Signature,
)
from lkt_excel.core.problems import OutputError
from lkt_excel.inputs import contoh
from lkt_excel.inputs.template import SHEET_PETUNJUK, write_template
from lkt_excel.validate.laporan import NEGATIVE_RULE_WORDS, PAPER_WORDS

runner = CliRunner()


@pytest.fixture
def blank(tmp_path):
    return write_template(tmp_path / "masukan.xlsx")


def validations(sheet) -> dict[str, str]:
    """Data validation lists by range: {'B2:B1001': '"I,II,III,IV"'}."""
    return {
        str(dv.sqref): dv.formula1
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list"
    }


def test_blank_template_has_the_contract_headers_with_notes(blank):
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == ["Laporan", "Indikator", "Data", "Anggaran", "Petunjuk"]
    for name, columns in (
        ("Indikator", INDIKATOR_COLUMNS),
        ("Data", DATA_COLUMNS),
        ("Anggaran", ANGGARAN_COLUMNS),  # optional: headers only, which check accepts
    ):
        sheet = book[name]
        headers = [c.value for c in sheet[1]]
        assert headers == [c.header for c in columns]
        for cell, column in zip(sheet[1], columns, strict=True):
            assert cell.comment is not None, f"{name}!{cell.coordinate} has no note"
            assert column.note in cell.comment.text
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 1  # blank: no data rows
    laporan = book["Laporan"]
    assert [c.value for c in laporan[1]] == ["Isian", "Nilai", "Keterangan"]
    assert all(c.comment is not None for c in laporan[1])
    keys = [laporan.cell(row=r, column=1).value for r in range(2, 2 + len(LAPORAN_KEYS))]
    assert keys == [c.header for c in LAPORAN_KEYS]
    for r, column in enumerate(LAPORAN_KEYS, start=2):
        assert column.note in laporan.cell(row=r, column=1).comment.text
        assert laporan.cell(row=r, column=2).value is None
    assert laporan.freeze_panes == "A2"


def test_blank_template_has_dropdowns(blank):
    book = openpyxl.load_workbook(blank)
    # Data: Kode A, Triwulan B. Indikator: Polaritas is the 6th column (F), Agregasi the 14th (N).
    assert validations(book["Data"]) == {"B2:B1001": '"I,II,III,IV"'}
    assert validations(book["Indikator"]) == {
        "F2:F1001": '"positif,negatif"',
        "N2:N1001": '"akhir,jumlah,rata-rata,kumulatif"',
    }
    # Laporan: headers in row 1, then Judul (2) ... Triwulan (6), Desimal, Pembulatan (8),
    # Rumus Negatif (9), Kertas (10).
    assert validations(book["Laporan"]) == {
        "B6": '"I,II,III,IV"',
        "B8": '"normal,potong"',
        "B9": '"selisih,kebalikan"',
        "B10": '"F4,A4"',
    }
    # Every choice offered is one the validator accepts.
    assert {"selisih", "kebalikan"} <= set(NEGATIVE_RULE_WORDS)
    assert {"f4", "a4"} <= set(PAPER_WORDS)


def test_petunjuk_explains_every_column(blank):
    rows = sheet_values(blank, "Petunjuk")
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    assert "PETUNJUK PENGISIAN" in text
    assert "lkt-excel check" in text
    for column in (*LAPORAN_KEYS, *INDIKATOR_COLUMNS, *DATA_COLUMNS, *ANGGARAN_COLUMNS):
        assert column.header in text
        assert column.note in text
    assert "Lembar Anggaran (pilihan): satu baris per program atau kegiatan" in text


def petunjuk_text(path) -> str:
    rows = sheet_values(path, SHEET_PETUNJUK)
    return "\n".join(str(v) for row in rows for v in row if v is not None)


def test_petunjuk_names_everything_optional(blank):
    """Optional keys, the signature keys and sheet Kategori, named from the contract."""
    text = petunjuk_text(blank)
    optional = [c for c in LAPORAN_KEYS if not c.required]
    signature = [c for c in optional if c.header.casefold() in vars(Signature())]
    assert [c.header for c in signature] == [
        "Tempat",
        "Tanggal",
        "Jabatan",
        "Nama",
        "Pangkat",
        "NIP",
    ]
    for column in (*optional, *KATEGORI_COLUMNS):
        assert column.header in text
        assert column.note in text
    assert SHEET_KATEGORI in text
    for band in DEFAULT_BANDS:
        assert band.name in text and band.color in text
    lines = text.splitlines()
    # The steps name the optional keys, the signature block and the sheet, in sentences.
    assert any(
        line.startswith("6. Isian pilihan lembar Laporan") and "Rumus Negatif dan Kertas" in line
        for line in lines
    )
    assert any(
        "Tempat, Tanggal, Jabatan, Nama, Pangkat dan NIP" in line and "tanda tangan" in line
        for line in lines
    )
    # The default bands as README's table and the report's Capaian sheet give them.
    assert (
        "Tanpa lembar ini dipakai kategori bawaan: Sangat Tinggi: >= 91; Tinggi: 76 s.d. < 91; "
        "Sedang: 66 s.d. < 76; Rendah: 51 s.d. < 66; Sangat Rendah: < 51."
    ) in text


def test_petunjuk_default_bands_copied_to_a_kategori_sheet_are_the_defaults(tmp_path):
    """The table offered as a start for sheet Kategori is read back as the default bands."""
    path = write_template(tmp_path / "contoh.xlsx", filled=True)
    book = openpyxl.load_workbook(path)
    petunjuk = book[SHEET_PETUNJUK]
    headers = [c.header for c in KATEGORI_COLUMNS]
    start = next(
        r
        for r in range(1, petunjuk.max_row + 1)
        if [petunjuk.cell(row=r, column=c).value for c in range(1, 5)] == headers
    )
    table = [
        [petunjuk.cell(row=r, column=c).value for c in range(1, 5)]
        for r in range(start, start + 1 + len(DEFAULT_BANDS))
    ]
    assert table[1:] == [
        ["Sangat Tinggi", 91, None, "#00B050"],
        ["Tinggi", 76, 91, "#92D050"],
        ["Sedang", 66, 76, "#FFFF00"],
        ["Rendah", 51, 66, "#FFC000"],
        ["Sangat Rendah", None, 51, "#FF0000"],
    ]
    # Each name is shown in its band's colour.
    fills = [petunjuk.cell(row=start + i, column=1).fill.fgColor.rgb for i in range(1, 6)]
    assert fills == ["FF00B050", "FF92D050", "FFFFFF00", "FFFFC000", "FFFF0000"]
    kategori = book.create_sheet(SHEET_KATEGORI)
    for row in table:
        kategori.append(row)
    book.save(path)
    report, problems = api.load(path)
    assert report is not None, problems
    assert report.settings.bands == DEFAULT_BANDS


def test_blank_template_is_reported_as_unfilled(blank):
    codes = [(p.code, p.cell) for p in api.check(blank)]
    assert codes == [
        ("isian-wajib-kosong", "Laporan!B3"),
        ("isian-wajib-kosong", "Laporan!B4"),
        ("isian-wajib-kosong", "Laporan!B5"),
        ("isian-wajib-kosong", "Laporan!B6"),
        ("indikator-tidak-ada", "Indikator"),
    ]


def test_template_filled_by_a_person_checks_and_builds(blank, tmp_path):
    """Fill the blank template the way a person would (openpyxl, as Excel saves it)."""
    book = openpyxl.load_workbook(blank)
    laporan = book["Laporan"]
    for r, value in ((3, "Dinas Kesehatan"), (4, "Kota Batu"), (5, 2024), (6, "II")):
        laporan.cell(row=r, column=2, value=value)
    indikator = book["Indikator"]
    # Kode, No, Sasaran, Indikator, Satuan, Polaritas, Uraian Pembilang, Uraian Penyebut, targets
    indikator.append(
        ["IK1", 1, "Sasaran", "Persentase balita ditimbang", "%", "positif", "ditimbang", "balita"]
        + [80, 82, 84, 86]
    )
    data = book["Data"]
    data.append(["IK1", "I", 81, 100])
    data.append(["IK1", "II", 83, 120])
    book.save(blank)
    assert api.check(blank) == []
    done = api.build(blank, tmp_path / "laporan.xlsx")
    lkt = sheet_values(done.output, "LKT")
    row = next(r for r in lkt if r[2] == "Persentase balita ditimbang")
    # TW I 81/100 x 100 = 81.00; TW II 83/120 x 100 = 69.1666.. -> 69.17; total (akhir) 69.17.
    assert row[8:13] == (81, 69.17, None, None, 69.17)


def test_example_template_passes_check_and_builds(tmp_path):
    path = write_template(tmp_path / "contoh.xlsx", filled=True)
    problems = api.check(path)
    # Only the office's four wrong figures (see contoh.py), as warnings.
    assert [(p.code, p.cell) for p in problems] == [
        ("realisasi-berbeda", "Data!E2"),
        ("realisasi-berbeda", "Data!E3"),
        ("realisasi-berbeda", "Data!E6"),
        ("realisasi-berbeda", "Data!E8"),
    ]
    assert api.build(path, tmp_path / "out.xlsx").output.exists()


def test_example_in_repository_is_the_template_example(tmp_path):
    fresh = write_template(tmp_path / "contoh.xlsx", filled=True)
    for sheet in ("Laporan", "Indikator", "Data", "Anggaran", "Petunjuk"):
        assert sheet_values(EXAMPLE_INPUT, sheet) == sheet_values(fresh, sheet), sheet


def test_example_values_follow_the_contract_order(tmp_path):
    path = write_template(tmp_path / "contoh.xlsx", filled=True)
    data = sheet_values(path, "Data")
    assert data[0] == tuple(c.header for c in DATA_COLUMNS)
    assert data[1] == ("IK1", "I", 36, 1334, 2.69)
    laporan = {row[0]: row[1] for row in sheet_values(path, "Laporan")[1:]}
    assert list(laporan) == [c.header for c in LAPORAN_KEYS]  # every key, in contract order
    filled = {k: v for k, v in laporan.items() if v is not None}
    assert filled == dict(contoh.LAPORAN + contoh.PENGESAHAN + contoh.SUREL)


def test_cli_template_default_name_and_no_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["template"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "masukan-lkt.xlsx").exists()
    before = (tmp_path / "masukan-lkt.xlsx").read_bytes()

    again = runner.invoke(app, ["template"])
    assert again.exit_code == 1
    assert "sudah ada" in again.output and "--timpa" in again.output
    assert (tmp_path / "masukan-lkt.xlsx").read_bytes() == before

    forced = runner.invoke(app, ["template", "--timpa", "--contoh", "masukan-lkt.xlsx"])
    assert forced.exit_code == 0, forced.output
    assert sheet_values(tmp_path / "masukan-lkt.xlsx", "Data")[1][0] == "IK1"


def test_cli_template_contoh_default_name_then_check_then_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["template", "--contoh"]).exit_code == 0
    path = tmp_path / "contoh-masukan-lkt.xlsx"
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    built = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "laporan.xlsx")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "laporan.xlsx").exists()


def test_template_refuses_a_name_that_is_not_xlsx_or_a_missing_folder(tmp_path):
    with pytest.raises(OutputError, match=r"\.xlsx"):
        api.template(tmp_path / "masukan.xls")
    with pytest.raises(OutputError, match="tidak ada"):
        api.template(tmp_path / "tidak-ada" / "masukan.xlsx")
    assert api.template(tmp_path) == tmp_path / "masukan-lkt.xlsx"
