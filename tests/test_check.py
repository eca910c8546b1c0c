"""`lkt-excel check`: a table for people, JSON for programs, the exit code from the data."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from lkt_excel import api
from lkt_excel.cli.app import app
from lkt_excel.core.problems import Level, Problem
from lkt_excel.core.render import as_json, table, verdict

runner = CliRunner()


def broken(rows):
    """One error (negative count in Data!C3) and one warning (an extra column in Indikator)."""
    rows.cell("data", 2, "Pembilang", -5)
    rows.indikator[0].append("Catatan Kantor")
    return rows


def test_json_is_what_the_library_returns(rows, make_input):
    path = make_input(broken(rows))
    result = runner.invoke(app, ["check", "--json", str(path)])
    assert result.exit_code == 1
    printed = json.loads(result.stdout)
    problems = api.check(path)
    assert printed == as_json(problems)
    assert printed["problems"] == [p.to_dict() for p in problems]
    assert printed["summary"] == {
        "valid": False,
        "ready": False,
        "errors": 1,
        "warnings": 1,
        "figure_warnings": 0,
    }
    negative = next(p for p in printed["problems"] if p["level"] == "galat")
    assert negative["code"] == "jumlah-negatif"
    assert negative["cell"] == "Data!C3"
    assert negative["header"] == "Pembilang"


def test_json_for_a_valid_file_exits_0(rows, make_input):
    path = make_input(rows)
    result = runner.invoke(app, ["check", "--json", str(path)])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    # see contoh.py: four realisasi-berbeda, the office's own figures; the report's are computed
    assert printed["summary"] == {
        "valid": True,
        "ready": True,
        "errors": 0,
        "warnings": 4,
        "figure_warnings": 0,
    }
    assert printed["problems"] == [p.to_dict() for p in api.check(path)]


def test_table_names_cell_header_message_and_fix(rows, make_input):
    path = make_input(broken(rows))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("GALAT (1)") < out.index("PERINGATAN (1)")
    assert "Data!C3" in out and "Pembilang" in out
    assert "Indikator!T1" in out and "Catatan Kantor" in out
    assert "Perbaikan: Isi dengan jumlah 0 atau lebih." in out
    assert "Berkas belum bisa dipakai: 1 galat dan 1 peringatan." in out


def test_check_of_a_clean_file_says_so(rows, make_input):
    for row in rows.data[1:]:
        row[4] = None  # no office figures: nothing to cross-check
    result = runner.invoke(app, ["check", str(make_input(rows))])
    assert result.exit_code == 0
    assert result.stdout.strip() == "Berkas siap dipakai: tidak ada galat maupun peringatan."


def test_check_of_a_missing_file_is_a_located_message(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "tidak-ada.xlsx")])
    assert result.exit_code == 1
    assert "tidak ditemukan" in result.stdout
    assert "Traceback" not in result.output


def test_check_writes_nothing(rows, make_input, tmp_path):
    path = make_input(rows)
    before = sorted(tmp_path.iterdir())
    runner.invoke(app, ["check", str(path)])
    assert sorted(tmp_path.iterdir()) == before


def test_build_renders_the_same_table(rows, make_input, tmp_path):
    path = make_input(broken(rows))
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 1
    assert "Data!C3" in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_table_wraps_long_messages_within_the_width():
    problem = Problem(
        "contoh",
        Level.ERROR,
        "kata " * 60,
        "perbaiki " * 20,
        sheet="Indikator",
        row=12,
        column="AB",
        header="Target TW III",
    )
    text = table([problem], width=80)
    lines = text.splitlines()
    assert lines[0] == "GALAT (1)"
    assert lines[1].split() == ["No", "Sel", "Kolom", "Pesan", "dan", "perbaikan"]
    assert lines[3].startswith("1   Indikator!AB12  Target TW III  kata kata")
    assert all(len(line) <= 80 for line in lines)
    assert any(line.strip().startswith("Perbaikan: perbaiki") for line in lines)


def test_verdict_counts():
    warn = Problem("w", Level.WARNING, "m")
    err = Problem("e", Level.ERROR, "m")
    assert verdict([]).startswith("Berkas siap dipakai")
    assert verdict([warn]).startswith(
        "Berkas siap dipakai, dengan 1 peringatan yang tidak memengaruhi angka"
    )
    assert verdict([err, warn]).startswith("Berkas belum bisa dipakai: 1 galat dan 1 peringatan")


def test_verdict_speaks_of_cells_only_when_an_error_has_one():
    in_cell = Problem("e", Level.ERROR, "m", sheet="Data", row=2, column="C")
    whole_file = Problem("bukan-lembar-kerja", Level.ERROR, "m")
    assert verdict([in_cell]) == (
        "Berkas belum bisa dipakai: 1 galat dan 0 peringatan. Perbaiki galat di sel yang "
        "disebut, lalu periksa lagi."
    )
    assert verdict([whole_file]) == (
        "Berkas belum bisa dipakai: 1 galat dan 0 peringatan. Perbaiki galat seperti disebut "
        "di atas, lalu periksa lagi."
    )
