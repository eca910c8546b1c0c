"""Report names that keep their period and fit Windows; consoles that cannot be crashed
or driven by what a spreadsheet holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hostile import ROOT

from lkt_excel import api
from lkt_excel.core.problems import OutputError
from lkt_excel.folder.batch import process_folder

LONG_AGENCY = (
    "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana"
)
LONG_REGION = "Kabupaten Kepulauan Siau Tagulandang Biaro"
WINDOWS_PATH = 259  # MAX_PATH less its NUL
STAGING_EXTRA = len("..1234567.tmp")  # what a staging file adds to a name (files.staging_path)


def long_unit(rows, quarter: str):
    return (
        rows.copy()
        .set("Instansi", LONG_AGENCY)
        .set("Wilayah", LONG_REGION)
        .set("Triwulan", quarter)
    )


def test_long_names_keep_their_quarter_and_never_replace_each_other(rows, make_input, tmp_path):
    third = api.build(make_input(long_unit(rows, "III"), "tw3.xlsx"))
    fourth = api.build(make_input(long_unit(rows, "IV"), "tw4.xlsx"))
    assert third.output.name.endswith(" 2021 TW III.xlsx")
    assert fourth.output.name.endswith(" 2021 TW IV.xlsx")
    assert third.output != fourth.output
    assert third.output.is_file() and fourth.output.is_file()
    assert third.output.name.startswith("LKT Dinas Pemberdayaan Perempuan")
    # Both are whole workbooks, each of its own quarter.
    for done in (third, fourth):
        assert openpyxl.load_workbook(done.output)["LKT"] is not None


def test_long_names_keep_their_quarter_in_a_folder_run(rows, make_input, tmp_path):
    (tmp_path / "masuk").mkdir()
    make_input(long_unit(rows, "III"), "masuk/tw3.xlsx")
    make_input(long_unit(rows, "IV"), "masuk/tw4.xlsx")
    result = process_folder(tmp_path / "masuk", jobs=1)
    names = sorted(row.output or "" for row in result.files)
    assert [n.rpartition(" 2021 ")[2] for n in names] == ["TW III.xlsx", "TW IV.xlsx"]
    assert result.duplicates == []  # two quarters are two reports


def test_a_name_in_a_deep_folder_fits_windows(rows, make_input, tmp_path):
    deep = tmp_path / ("OneDrive - Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro" * 2)
    deep.mkdir()
    source = make_input(long_unit(rows, "IV"), f"{deep.name}/masukan.xlsx")
    done = api.build(source)
    assert done.output.parent == deep
    assert done.output.name.endswith(" 2021 TW IV.xlsx")
    assert len(str(done.output)) + STAGING_EXTRA <= WINDOWS_PATH


def test_a_long_name_in_javanese_script_is_written(rows, make_input):
    javanese = "ꦢꦶꦤꦱ꧀ꦥꦼꦩ꧀ꦧꦼꦢꦪꦄꦤ꧀ " * 20  # 3 bytes a letter in UTF-8
    done = api.build(make_input(rows.copy().set("Instansi", javanese)))
    assert done.output.is_file()
    assert len(done.output.name.encode("utf-8")) <= 180
    assert done.output.name.endswith(" 2021 TW IV.xlsx")


def test_build_never_replaces_another_inputs_report(rows, make_input, tmp_path):
    first = api.build(make_input(rows, "dinas-a.xlsx"))
    before = first.output.read_bytes()
    second = api.build(make_input(rows, "dinas-a revisi.xlsx"))  # the same report, twice
    assert second.output != first.output
    assert second.output.name == first.output.stem + " - dinas-a revisi.xlsx"
    assert first.output.read_bytes() == before
    # Building an input again replaces its own report, and only that.
    again = api.build(tmp_path / "dinas-a.xlsx")
    assert again.output == first.output
    assert sorted(p.name for p in tmp_path.glob("LKT *")) == sorted(
        [first.output.name, second.output.name]
    )
    # Named with -o, another input's report is refused.
    with pytest.raises(OutputError, match="masukan lain"):
        api.build(tmp_path / "dinas-a revisi.xlsx", first.output)
    with pytest.raises(OutputError, match="masukan lain"):
        api.build(make_input(rows.copy().set("Triwulan", "III"), "dinas-a.xlsx"), first.output)


# ---------------------------------------------------------------------------
# Consoles
# ---------------------------------------------------------------------------


def run_console(*args: str | Path, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING=encoding, LC_ALL="C", LANG="C")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "lkt_excel", *map(str, args)],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "ascii"])
def test_consoles_that_cannot_show_a_character_do_not_crash(rows, make_input, tmp_path, encoding):
    (tmp_path / "masuk").mkdir()
    good = make_input(rows.copy().set("Instansi", "Dinas PU – Bina Marga"), "masuk/pu.xlsx")
    bad = make_input(rows.copy().set("Tahun", "dua–ribu ≠ 2021"), "salah.xlsx")

    runs = {
        "check": run_console("check", bad, encoding=encoding),
        "check --json": run_console("check", "--json", bad, encoding=encoding),
        "build": run_console("build", good, "-o", tmp_path, encoding=encoding),
        "proses": run_console("proses", tmp_path / "masuk", "-j", "1", encoding=encoding),
    }
    for name, done in runs.items():
        err = done.stderr.decode(encoding, "replace")
        assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr, (
            name,
            err,
        )
    assert runs["check"].returncode == 1
    # Shown as the console can: what it has no letter for becomes '?' (click writes
    # UTF-8 to a stream that claims to be ASCII).
    assert "ribu ? 2021" in runs["check"].stdout.decode(encoding, "replace") or (
        encoding == "ascii" and "dua–ribu ≠ 2021" in runs["check"].stdout.decode("utf-8")
    )
    printed = json.loads(runs["check --json"].stdout)  # escaped, so any console prints it
    assert any("dua–ribu ≠ 2021" in problem["message"] for problem in printed["problems"])
    assert runs["build"].returncode == 0
    assert (tmp_path / "LKT Dinas PU – Bina Marga Kabupaten Malang 2021 TW IV.xlsx").is_file()
    assert runs["proses"].returncode == 0
    assert b"1 dari 1 berkas menjadi laporan" in runs["proses"].stdout


HOSTILE = "\x1b[2J\x1b]0;judul palsu\x07tiga\u202e puluh\u200b"


def test_escape_sequences_and_invisible_characters_never_reach_the_console(
    rows, make_input, tmp_path
):
    source = make_input(rows.copy().cell("data", 1, "Pembilang", HOSTILE), "masuk.xlsx")
    done = run_console("check", source, encoding="utf-8")
    out = done.stdout.decode("utf-8")
    assert done.returncode == 1
    assert "tiga puluh" in out  # the text is still named, without what acts
    for char in ("\x1b", "\x07", "\u202e", "\u200b"):
        assert char not in out


def test_escape_sequences_never_reach_an_error_report(rows, make_input, tmp_path):
    (tmp_path / "masuk").mkdir()
    make_input(rows.copy().cell("data", 1, "Pembilang", HOSTILE), "masuk/a.xlsx")
    result = process_folder(tmp_path / "masuk", jobs=1)
    (row,) = result.files
    text = (result.outdir / (row.error_report or "")).read_text(encoding="utf-8")
    assert "tiga puluh" in text
    for char in ("\x1b", "\x07", "\u202e", "\u200b"):
        assert char not in text


def test_invisible_characters_stay_out_of_report_names(rows, make_input):
    done = api.build(make_input(rows.copy().set("Instansi", "Dinas\u200b A\u202e\u2066")))
    assert done.output.name == "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx"
