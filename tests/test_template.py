"""`lkt-excel template`: the blank input workbook, the example, and template -> check -> build."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import EXAMPLE_INPUT, sheet_values
from typer.testing import CliRunner

from lkt_excel import api, contoh
from lkt_excel.cli import app
from lkt_excel.model import DATA_COLUMNS, INDIKATOR_COLUMNS, LAPORAN_KEYS
from lkt_excel.problems import OutputError
from lkt_excel.template import write_template

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
    assert book.sheetnames == ["Laporan", "Indikator", "Data", "Petunjuk"]
    for name, columns in (("Indikator", INDIKATOR_COLUMNS), ("Data", DATA_COLUMNS)):
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
        "N2:N1001": '"akhir,jumlah,rata-rata"',
    }
    # Laporan: headers in row 1, then Judul (2) ... Triwulan (6), Desimal, Pembulatan (8).
    assert validations(book["Laporan"]) == {"B6": '"I,II,III,IV"', "B8": '"normal,potong"'}


def test_petunjuk_explains_every_column(blank):
    rows = sheet_values(blank, "Petunjuk")
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    assert "PETUNJUK PENGISIAN" in text
    assert "lkt-excel check" in text
    for column in (*LAPORAN_KEYS, *INDIKATOR_COLUMNS, *DATA_COLUMNS):
        assert column.header in text
        assert column.note in text


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
    for sheet in ("Laporan", "Indikator", "Data", "Petunjuk"):
        assert sheet_values(EXAMPLE_INPUT, sheet) == sheet_values(fresh, sheet), sheet


def test_example_values_follow_the_contract_order(tmp_path):
    path = write_template(tmp_path / "contoh.xlsx", filled=True)
    data = sheet_values(path, "Data")
    assert data[0] == tuple(c.header for c in DATA_COLUMNS)
    assert data[1] == ("IK1", "I", 36, 1334, 2.69)
    laporan = {row[0]: row[1] for row in sheet_values(path, "Laporan")[1:]}
    assert list(laporan) == [c.header for c in LAPORAN_KEYS]  # every key, in contract order
    filled = {k: v for k, v in laporan.items() if v is not None}
    assert filled == dict(contoh.LAPORAN + contoh.PENGESAHAN)


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
