"""check's verdict: "siap" apart from "bisa dibuat, tetapi N peringatan memengaruhi angka".

A warning whose code the catalogue marks ``figures`` (here jumlah-pada-persen: a
TOTAL that adds up percentages) changes the verdict of ``check``, the summary of ``check --json``
and the KETERANGAN of ``proses``' ringkasan.xlsx; a warning that does not (an extra
column) leaves the file "siap".
"""

from __future__ import annotations

import json

import openpyxl
from typer.testing import CliRunner

from lkt_excel.cli.app import app
from lkt_excel.core.problems import Level, Problem
from lkt_excel.core.render import table, verdict
from lkt_excel.folder.batch import process_folder
from lkt_excel.folder.summary import SUMMARY_HEADER_ROW, SUMMARY_NAME

runner = CliRunner()


def quiet(rows):
    for row in rows.data[1:]:
        row[4] = None
    return rows


def with_figure_warning(rows):
    # IK2 is a % ratio: a TOTAL that adds up its quarters' percentages is a wrong figure.
    rows.indikator[2][rows.column("indikator", "Agregasi")] = "jumlah"
    return rows


def test_check_says_a_figure_warning_stops_it_being_ready(rows, make_input):
    result = runner.invoke(app, ["check", str(make_input(with_figure_warning(quiet(rows))))])
    assert result.exit_code == 0  # a report can be built: not an error
    assert "(Memengaruhi angka)" in result.stdout
    assert result.stdout.strip().endswith(
        "Laporan bisa dibuat, tetapi 1 peringatan memengaruhi angka di laporan (ditandai "
        "(Memengaruhi angka) di atas). Periksa dan perbaiki dulu sebelum laporan "
        "ditandatangani."
    )
    assert "Berkas bisa dipakai" not in result.stdout


def test_check_of_a_warning_that_leaves_the_figures_says_siap(rows, make_input):
    rows = quiet(rows)
    rows.indikator[0].append("Paraf")  # kolom-tidak-dikenal: ignored, no figure changes
    result = runner.invoke(app, ["check", str(make_input(rows))])
    assert result.stdout.strip().endswith(
        "Berkas siap dipakai, dengan 1 peringatan yang tidak memengaruhi angka (lihat di atas; "
        "peringatan juga dicatat di lembar Catatan laporan)."
    )
    assert "(Memengaruhi angka)" not in result.stdout


def test_check_json_has_the_verdict_as_fields(rows, make_input):
    path = make_input(with_figure_warning(quiet(rows)))
    printed = json.loads(runner.invoke(app, ["check", "--json", str(path)]).stdout)
    assert printed["summary"] == {
        "valid": True,
        "ready": False,
        "errors": 0,
        "warnings": 1,
        "figure_warnings": 1,
    }
    assert printed["problems"][0]["code"] == "jumlah-pada-persen"


def test_the_verdict_counts_other_warnings_beside_the_figure_ones():
    figure = Problem("jumlah-pada-persen", Level.WARNING, "m")
    other = Problem("kolom-tidak-dikenal", Level.WARNING, "m")
    assert figure.affects_figures and not other.affects_figures
    assert verdict([figure, other]).endswith("ditandatangani. Ada juga 1 peringatan lain.")
    assert "(Memengaruhi angka) m" in table([figure])
    assert "(Memengaruhi angka)" not in table([other])


def test_ringkasan_says_which_built_report_has_figure_warnings(rows, make_input, tmp_path):
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    make_input(with_figure_warning(quiet(rows.copy().set("Instansi", "Dinas A"))), "masuk/a.xlsx")
    make_input(quiet(rows.copy().set("Instansi", "Dinas B")), "masuk/b.xlsx")
    result = process_folder(inbox, jobs=1)
    sheet = openpyxl.load_workbook(result.outdir / SUMMARY_NAME)["Ringkasan"]
    listed = [r for r in sheet.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, values_only=True)]
    assert [(r[1], r[2], r[4], r[6]) for r in listed] == [
        (
            "a.xlsx",
            "berhasil",
            1,
            "1 peringatan memengaruhi angka di laporan: periksa lembar Catatan dan perbaiki "
            "dulu sebelum laporan ditandatangani.",
        ),
        ("b.xlsx", "berhasil", 0, ""),
    ]
    # Run again with nothing changed: the skipped report still says it.
    again = process_folder(inbox, jobs=1)
    assert [row.status.value for row in again.files] == ["tidak berubah", "tidak berubah"]
    sheet = openpyxl.load_workbook(again.outdir / SUMMARY_NAME)["Ringkasan"]
    remarks = [r[6] for r in sheet.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, values_only=True)]
    assert remarks[0].startswith("1 peringatan memengaruhi angka di laporan") and not remarks[1]


def test_build_says_so_too(rows, make_input, tmp_path):
    path = make_input(with_figure_warning(quiet(rows)))
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "laporan.xlsx")])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "Catatan: 1 peringatan (lihat lembar Catatan).",
        "1 peringatan memengaruhi angka di laporan: periksa lembar Catatan dan perbaiki "
        "dulu sebelum laporan ditandatangani.",
    ]
