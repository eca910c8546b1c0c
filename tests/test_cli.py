"""The CLI end to end with typer's runner: it prints what the library returns."""

from __future__ import annotations

import openpyxl
from typer.testing import CliRunner

from lkt_excel.cli.app import app

runner = CliRunner()


def test_build_success_writes_the_default_name(rows, make_input):
    path = make_input(rows)
    result = runner.invoke(app, ["build", str(path)])
    assert result.exit_code == 0, result.output
    expected = path.parent / "LKT Dinas Koperasi dan Usaha Mikro Kabupaten Malang 2021 TW IV.xlsx"
    assert expected.exists()
    assert f"Laporan dibuat: {expected}" in result.output
    assert "4 peringatan" in result.output
    # The file is the report: the first realisasi is 36/1.334 x 100 = 2,70.
    assert openpyxl.load_workbook(expected)["LKT"]["I8"].value == 2.7


def test_build_with_output_option(rows, make_input, tmp_path):
    target = tmp_path / "keluar.xlsx"
    result = runner.invoke(app, ["build", str(make_input(rows)), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_invalid_input_exits_1_with_located_indonesian_messages(rows, make_input, tmp_path):
    rows.cell("data", 6, "Pembilang", "banyak").cell("indikator", 2, "Polaritas", "atas")
    path = make_input(rows)
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    out = result.output
    words = " ".join(out.split())  # the table wraps long messages to the terminal's width
    assert "GALAT (2)" in out
    assert "Data!C7 Pembilang Sel Data!C7 ('Pembilang') berisi teks 'banyak'" in words
    assert "Indikator!F3 Polaritas Sel Indikator!F3 ('Polaritas') berisi 'atas'" in words
    assert "Perbaikan: Pilih salah satu: positif, negatif (naik, turun)." in words
    assert "Laporan tidak dibuat: 2 galat harus diperbaiki dulu." in out
    assert "Traceback" not in out
    assert not (tmp_path / "x.xlsx").exists()


def test_missing_file_is_a_message_not_a_traceback(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "tidak-ada.xlsx")])
    assert result.exit_code == 1
    assert "tidak ditemukan" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "tidak-ada.xlsx"), "--debug"])
    assert result.exit_code == 1
    assert result.exception is not None  # re-raised for the developer to see


def test_help_is_indonesian():
    result = runner.invoke(app, ["build", "--help"])
    assert result.exit_code == 0
    assert "Buat laporan" in result.output


def test_version_is_printed_and_nothing_else_runs():
    from typer.testing import CliRunner

    from lkt_excel import __version__
    from lkt_excel.cli.app import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"lkt-excel {__version__}\n"


def test_build_and_check_run_with_the_collector_paused(rows, make_input, tmp_path, monkeypatch):
    """The command line owns its process: it pauses the collector around the library's work."""
    import gc

    from lkt_excel import api

    seen: list[tuple[str, bool]] = []

    def watched(name):
        real = getattr(api, name)

        def call(*args, **kwargs):
            seen.append((name, gc.isenabled()))
            return real(*args, **kwargs)

        monkeypatch.setattr(api, name, call)

    watched("build")
    watched("check")
    path = make_input(rows)
    assert runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "x.xlsx")]).exit_code == 0
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    assert seen == [("build", False), ("check", False)]
    assert gc.isenabled()
