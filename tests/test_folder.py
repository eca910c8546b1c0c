"""The folder workflow: ``lkt-excel proses FOLDER`` and :mod:`lkt_excel.folder`.

Workers are started with ``spawn`` (as on Windows); the pool is kept small
(``jobs=2``) and the folders tiny, so the suite stays fast.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import folder_hooks
import openpyxl
import pytest
import xlsxwriter
from builders import unit
from typer.testing import CliRunner

from lkt_excel import __version__, api
from lkt_excel.cli.app import app
from lkt_excel.core.dates import format_time_id
from lkt_excel.core.problems import Level
from lkt_excel.core.render import table
from lkt_excel.files import is_open_elsewhere
from lkt_excel.folder import batch
from lkt_excel.folder.batch import process_folder
from lkt_excel.folder.discovery import (
    MAX_OUTPUT_NAME_LENGTH,
    STAGING_MARK,
    alternative_names,
    discover,
    error_report_name,
)
from lkt_excel.folder.manifest import MANIFEST_FORMAT, MANIFEST_NAME
from lkt_excel.folder.pool import Task, build_one
from lkt_excel.folder.recap_data import STORE_NAME
from lkt_excel.folder.results import Duplicate, FileResult, ReportId, Status
from lkt_excel.folder.summary import SUMMARY_HEADER_ROW, SUMMARY_NAME, summary_lines
from lkt_excel.folder.watch import watch_folder

OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1")  # an encrypted (password) Office file starts so

# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def write_crashing_file(path: Path) -> Path:
    """Cells at A1 and XFD1048576: calamine allocates the whole grid and aborts."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Laporan")
    sheet.write_string(0, 0, "Instansi")
    sheet.write_string(1_048_575, 16_383, "x")
    book.close()
    return path


def calamine_aborts(path: Path) -> bool:
    """Whether reading ``path`` kills a python-calamine process here (in a subprocess)."""
    code = (
        "import sys, python_calamine as c\n"
        "b = c.CalamineWorkbook.from_path(sys.argv[1])\n"
        "[b.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in b.sheet_names]\n"
    )
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, env=env, timeout=120
    )
    return done.returncode not in (0, 1)  # 1: a Python exception; killed: negative or 3/134


def digests(folder_path: Path) -> dict[str, str]:
    """Every file under the folder (outside ``hasil``) with its sha256."""
    return {
        p.relative_to(folder_path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder_path.rglob("*"))
        if p.is_file() and "hasil" not in p.relative_to(folder_path).parts
    }


def summary_rows(outdir: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(outdir / SUMMARY_NAME)["Ringkasan"]
    return [tuple(r) for r in sheet.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, values_only=True)]


# ---------------------------------------------------------------------------
# A mixed folder, as an office gets it
# ---------------------------------------------------------------------------


def test_mixed_folder_builds_good_files_and_explains_bad_ones(rows, make_input, inbox):
    # Two good units with different figures.
    # Dinas A: IK1 TW I = 37 / 1201 x 100 = 3700 / 1201 = 3,0807... -> 3,08 (normal rounding).
    make_input(
        unit(rows, "Dinas A").cell("data", 1, "Pembilang", 37).cell("data", 1, "Penyebut", 1201),
        "masuk/dinas-a.xlsx",
    )
    # Dinas B: IK2 TW II = 2 / 3 x 100 = 66,666... -> 66,66 (Pembulatan potong).
    make_input(
        unit(rows, "Dinas B")
        .set("Pembulatan", "potong")
        .cell("data", 6, "Pembilang", 2)
        .cell("data", 6, "Penyebut", 3),
        "masuk/dinas-b.xlsx",
    )
    # Broken: Instansi missing, and a count that is not a number.
    broken = rows.copy().set("Instansi", None).cell("data", 2, "Pembilang", "tiga puluh")
    make_input(broken, "masuk/rusak.xlsx")
    (inbox / "sandi.xlsx").write_bytes(OLE_HEADER + bytes(4096))
    write_crashing_file(inbox / "janggal.xlsx")
    # Never inputs: Excel's lock file, a hidden file, a text file.
    (inbox / "~$dinas-a.xlsx").write_bytes(b"lock")
    (inbox / ".tersembunyi.xlsx").write_bytes(b"hidden")
    (inbox / "catatan.txt").write_text("bukan lembar kerja")
    before = digests(inbox)

    done = CliRunner().invoke(app, ["proses", str(inbox), "--jobs", "2"])

    assert done.exit_code == 1, done.output
    outdir = inbox / "hasil"
    # Inputs untouched, nothing new beside them.
    assert digests(inbox) == before
    # The good reports, with the figures worked out above (LKT row 8 = IK1, row 9 = IK2;
    # TW I realisasi in column I, TW II in column J).
    a = openpyxl.load_workbook(outdir / "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx")["LKT"]
    assert a["I8"].value == pytest.approx(3.08)
    b = openpyxl.load_workbook(outdir / "LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx")["LKT"]
    assert b["J9"].value == pytest.approx(66.66)
    # One readable error report per broken file, with located messages like `check`.
    rusak = (outdir / "GAGAL rusak.xlsx.txt").read_text(encoding="utf-8")
    assert "Berkas masukan: rusak.xlsx" in rusak
    assert "GALAT (2)" in rusak
    assert re.search(r"\n1 +Laporan!B2 +Instansi ", rusak)  # Instansi is the second Laporan row
    assert re.search(r"\n2 +Data!C3 +Pembilang ", rusak)  # Data row 2 is Excel row 3, column C
    for line in table(api.check(inbox / "rusak.xlsx")).splitlines():  # the same text as `check`
        assert line in rusak
    for name in ("sandi.xlsx", "janggal.xlsx"):
        text = (outdir / f"GAGAL {name}.txt").read_text(encoding="utf-8")
        assert f"Berkas masukan: {name}" in text and "GALAT (1)" in text
    # The summary lists every input, in name order, and nothing else.
    listed = [(r[1], r[2], r[3]) for r in summary_rows(outdir)]
    assert listed == [
        ("dinas-a.xlsx", "berhasil", "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx"),
        ("dinas-b.xlsx", "berhasil", "LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx"),
        ("janggal.xlsx", "gagal", "GAGAL janggal.xlsx.txt"),
        ("rusak.xlsx", "gagal", "GAGAL rusak.xlsx.txt"),
        ("sandi.xlsx", "gagal", "GAGAL sandi.xlsx.txt"),
    ]
    assert "2 dari 5 berkas menjadi laporan" in done.output
    sheet = openpyxl.load_workbook(outdir / SUMMARY_NAME)["Ringkasan"]
    assert sheet["A2"].value == "2 dari 5 berkas menjadi laporan."
    assert SUMMARY_HEADER_ROW == 7  # under the title, four lines of facts and a blank row
    assert [c.value for c in sheet[SUMMARY_HEADER_ROW]] == [
        "NO",
        "BERKAS MASUKAN",
        "STATUS",
        "BERKAS KELUARAN",
        "PERINGATAN",
        "GALAT",
        "KETERANGAN",
    ]
    assert sheet.freeze_panes == "A8"  # the header stays in view
    # Fit to one page wide (fitToWidth 1 is the file format's default), any number high.
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0 and sheet.page_setup.orientation == "landscape"
    assert summary_rows(outdir)[3][4:6] == (0, 2)  # rusak.xlsx: no warning, two errors
    # Its first error, with the cell in front: "Laporan!B2: 'Instansi' wajib diisi ...".
    assert summary_rows(outdir)[3][6].startswith("Laporan!B2: 'Instansi' wajib diisi")
    # The manifest: content hash and tool version of each input.
    manifest = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))["inputs"]
    assert manifest["dinas-a.xlsx"]["sha256"] == before["dinas-a.xlsx"]
    assert {e["version"] for e in manifest.values()} == {__version__}
    assert not list(outdir.glob(f"*{STAGING_MARK}*"))


def test_summary_names_the_cell_once(rows, make_input, inbox):
    """A message that already says where (`Tahun 'dua ribu' di Laporan!B4 ...`) is not
    given the cell again in front."""
    make_input(unit(rows, "Dinas A").set("Tahun", "dua ribu"), "masuk/a.xlsx")
    result = process_folder(inbox, jobs=1)
    # Tahun is the fourth Laporan row (Judul, Instansi, Wilayah, Tahun): B4.
    assert summary_rows(result.outdir)[0][6] == "Tahun 'dua ribu' di Laporan!B4 tidak valid."


def test_an_input_that_cannot_be_opened_has_its_own_code(rows, make_input, inbox, monkeypatch):
    """Not opened at all (locked, no permission): `berkas-tidak-terbuka`, as `build` says it;
    `berkas-tidak-terbaca` is for a file the reader opened but could not parse."""
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")
    hash_of, report_text = batch.sha256_of, batch.error_report_text

    def locked(path):
        if Path(path).name == "a.xlsx":
            raise PermissionError(13, "Permission denied")
        return hash_of(path)

    reported = []

    def text(label, problems, now=None):
        reported.append((label, [(p.code, p.level) for p in problems]))
        return report_text(label, problems, now)

    monkeypatch.setattr(batch, "sha256_of", locked)
    monkeypatch.setattr(batch, "error_report_text", text)
    result = process_folder(inbox, jobs=1)

    assert [(r.label, r.status) for r in result.files] == [
        ("a.xlsx", Status.GAGAL),
        ("b.xlsx", Status.BERHASIL),
    ]
    assert reported == [("a.xlsx", [("berkas-tidak-terbuka", Level.ERROR)])]
    assert result.files[0].message == "Berkas 'a.xlsx' tidak dapat dibaca (PermissionError)."
    report = " ".join((result.outdir / "GAGAL a.xlsx.txt").read_text(encoding="utf-8").split())
    fix = "Periksa izin berkas; bila berkas sedang dipakai program lain, tutup dulu."
    assert f"Perbaikan: {fix}" in report


def test_crafted_file_really_aborts_calamine_here(tmp_path):
    """The hazard the pool guards against (if a later calamine reads it, it is a bad input)."""
    path = write_crashing_file(tmp_path / "janggal.xlsx")
    if not calamine_aborts(path):
        pytest.skip("this python-calamine reads the crafted file without dying")
    result = process_folder(tmp_path, jobs=1)
    (row,) = result.files
    assert row.status is Status.GAGAL
    # The pre-scan refuses the file before the reader sees it: the sheet claims cells up to
    # the last one Excel has.
    assert "memakai sel sampai XFD1048576" in row.message


def test_a_worker_that_dies_fails_only_its_file(rows, make_input, inbox):
    for name in ("a", "mati", "b", "c"):
        make_input(unit(rows, f"Dinas {name.upper()}"), f"masuk/{name}.xlsx")

    result = process_folder(inbox, jobs=2, worker=folder_hooks.aborting_worker)

    statuses = {row.label: row.status for row in result.files}
    assert statuses == {
        "a.xlsx": Status.BERHASIL,
        "b.xlsx": Status.BERHASIL,
        "c.xlsx": Status.BERHASIL,
        "mati.xlsx": Status.GAGAL,
    }
    report = (result.outdir / "GAGAL mati.xlsx.txt").read_text(encoding="utf-8")
    assert "menghentikan proses pembaca" in report
    for name in "ABC":
        assert (result.outdir / f"LKT Dinas {name} Kabupaten Malang 2021 TW IV.xlsx").is_file()


def test_workers_are_spawned_once_and_reused(rows, make_input, inbox, tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("LKT_TEST_PIDS", str(pids))
    monkeypatch.setattr(folder_hooks, "PARENT_ONLY", True)
    for index in range(4):
        make_input(unit(rows, f"Dinas {index}"), f"masuk/unit-{index}.xlsx")

    result = process_folder(inbox, jobs=2, worker=folder_hooks.recording_worker)

    assert result.ok and len(result.files) == 4
    seen = {int(p.name): p.read_text() for p in pids.iterdir()}
    assert 1 <= len(seen) <= 2  # four files, at most two worker processes
    assert os.getpid() not in seen
    # Spawned, not forked: each worker imported this module afresh.
    assert set(seen.values()) == {"False True"}


def test_the_worker_pauses_the_collector_for_each_build(monkeypatch, tmp_path):
    """A build allocates millions of short-lived objects; the collector would rescan the
    growing heap hundreds of times. The worker pauses it per build, then lets it run."""
    seen = []

    def build(*args, **kwargs):
        seen.append(gc.isenabled())
        raise api.InputError([])

    monkeypatch.setattr(api, "build", build)
    assert gc.isenabled()
    outcome = build_one(Task(str(tmp_path / "a.xlsx"), str(tmp_path / "staging.xlsx")))
    assert seen == [False] and not outcome.built
    assert gc.isenabled()


# ---------------------------------------------------------------------------
# Re-running
# ---------------------------------------------------------------------------


def test_rerun_skips_unchanged_and_rebuilds_only_the_changed_file(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")
    make_input(rows.copy().set("Tahun", "dua ribu"), "masuk/rusak.xlsx")
    first = process_folder(inbox, jobs=1)
    assert [r.status for r in first.files] == [Status.BERHASIL, Status.BERHASIL, Status.GAGAL]

    second = process_folder(inbox, jobs=1)
    # Good files skipped; a failure is always tried again (it may have been a locked file).
    assert [r.status for r in second.files] == [
        Status.TIDAK_BERUBAH,
        Status.TIDAK_BERUBAH,
        Status.GAGAL,
    ]
    assert not second.ok

    # Dinas A now reports IK1 TW I as 50 / 1000 x 100 = 5,00.
    make_input(unit(rows, "Dinas A").cell("data", 1, "Pembilang", 50).cell(
        "data", 1, "Penyebut", 1000), "masuk/a.xlsx")  # fmt: skip
    make_input(unit(rows, "Dinas R"), "masuk/rusak.xlsx")  # fixed
    third = process_folder(inbox, jobs=1)
    assert [(r.label, r.status) for r in third.files] == [
        ("a.xlsx", Status.BERHASIL),
        ("b.xlsx", Status.TIDAK_BERUBAH),
        ("rusak.xlsx", Status.BERHASIL),
    ]
    assert third.ok
    lkt = openpyxl.load_workbook(third.outdir / third.files[0].output)["LKT"]
    assert lkt["I8"].value == pytest.approx(5.0)
    # The fixed file's old error report is gone; its report is there.
    assert not (third.outdir / "GAGAL rusak.xlsx.txt").exists()
    assert (third.outdir / "LKT Dinas R Kabupaten Malang 2021 TW IV.xlsx").is_file()

    fourth = process_folder(inbox, jobs=1, rebuild_all=True)  # --semua
    assert {r.status for r in fourth.files} == {Status.BERHASIL}


def test_two_inputs_with_the_same_report_name_both_survive(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/dinas-a.xlsx")
    # A revised copy of the same unit: 33 / 1100 x 100 = 3,00 for IK1 TW I.
    make_input(
        unit(rows, "Dinas A").cell("data", 1, "Pembilang", 33).cell("data", 1, "Penyebut", 1100),
        "masuk/dinas-a revisi.xlsx",
    )
    result = process_folder(inbox, jobs=2)

    outputs = {r.label: r.output for r in result.files}
    name = "LKT Dinas A Kabupaten Malang 2021 TW IV"
    # Whichever finishes first gets the plain name; the other adds its own file name.
    assert sorted(outputs.items()) in (
        [("dinas-a revisi.xlsx", f"{name}.xlsx"), ("dinas-a.xlsx", f"{name} - dinas-a.xlsx")],
        [
            ("dinas-a revisi.xlsx", f"{name} - dinas-a revisi.xlsx"),
            ("dinas-a.xlsx", f"{name}.xlsx"),
        ],
    )
    revised = openpyxl.load_workbook(result.outdir / outputs["dinas-a revisi.xlsx"])["LKT"]
    assert revised["I8"].value == pytest.approx(3.0)
    # A second run keeps the names: each input owns its output.
    again = process_folder(inbox, jobs=2)
    assert {r.label: r.output for r in again.files} == outputs


def test_subfolders_only_with_rekursif_and_outdir_elsewhere(rows, make_input, inbox, tmp_path):
    (inbox / "kecamatan").mkdir()
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Kecamatan B"), "masuk/kecamatan/b.xlsx")
    out = tmp_path / "kirim"

    flat = process_folder(inbox, out, jobs=1)
    assert [r.label for r in flat.files] == ["a.xlsx"]
    deep = process_folder(inbox, out, jobs=1, recursive=True)
    assert [(r.label, r.status) for r in deep.files] == [
        ("a.xlsx", Status.TIDAK_BERUBAH),
        ("kecamatan/b.xlsx", Status.BERHASIL),
    ]
    assert (out / "LKT Kecamatan B Kabupaten Malang 2021 TW IV.xlsx").is_file()
    assert not (inbox / "hasil").exists()


def test_interrupted_run_leaves_a_consistent_manifest(rows, make_input, inbox):
    for index in range(3):
        make_input(unit(rows, f"Dinas {index}"), f"masuk/unit-{index}.xlsx")

    def interrupt(row):
        raise KeyboardInterrupt  # as Ctrl-C right after the first finished file

    with pytest.raises(KeyboardInterrupt):
        process_folder(inbox, jobs=2, on_file=interrupt)

    outdir = inbox / "hasil"
    manifest = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))["inputs"]
    assert len(manifest) == 1
    (entry,) = manifest.values()
    # The one recorded output is complete; no other report, no staging leftovers.
    assert openpyxl.load_workbook(outdir / entry["output"])["LKT"]["A1"].value
    # (and the recap records of what was built: lkt_excel.folder.recap_data)
    assert sorted(p.name for p in outdir.iterdir()) == sorted(
        [MANIFEST_NAME, STORE_NAME, entry["output"]]
    )
    # The next run finishes the job and skips the recorded file.
    statuses = [r.status for r in process_folder(inbox, jobs=2).files]
    assert sorted(statuses) == [Status.BERHASIL, Status.BERHASIL, Status.TIDAK_BERUBAH]


def test_reports_of_build_beside_the_inputs_are_not_inputs(rows, make_input, inbox):
    source = make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    api.build(source)  # writes "LKT Dinas A ....xlsx" beside the input, as `build` does
    result = process_folder(inbox, jobs=1)
    assert [r.label for r in result.files] == ["a.xlsx"]


def test_output_folder_must_differ_from_input_folder(inbox):
    done = CliRunner().invoke(app, ["proses", str(inbox), "-o", str(inbox)])
    assert done.exit_code == 1
    assert "Folder hasil tidak boleh sama dengan folder masukan" in done.output


def test_missing_folder_is_a_message(tmp_path):
    done = CliRunner().invoke(app, ["batch", str(tmp_path / "tidak-ada")])
    assert done.exit_code == 1
    said = " ".join(done.output.split())  # the table wraps the message where the path ends
    assert "tidak ditemukan" in said and "Traceback" not in said
    assert "Maksud Anda" not in said  # nothing close by


def test_mistyped_folder_suggests_the_close_one(tmp_path):
    (tmp_path / "tw2").mkdir()
    (tmp_path / "tw-2.xlsx").write_bytes(b"")  # a file is not offered for a folder
    with pytest.raises(api.InputError) as caught:
        process_folder(tmp_path / "tw-2")
    (problem,) = caught.value.problems
    assert problem.message.endswith("tidak ditemukan atau bukan folder. Maksud Anda 'tw2'?")


def test_a_file_given_as_the_folder_points_to_build(rows, make_input):
    """A clerk who types `proses dinas-a.xlsx` is told to use build for one file."""
    path = make_input(rows, "dinas-a.xlsx")
    with pytest.raises(api.InputError) as caught:
        process_folder(path)
    (problem,) = caught.value.problems
    assert problem.message == f"'{path}' adalah sebuah berkas, bukan folder."
    assert problem.fix.startswith(f'Untuk satu berkas, jalankan: lkt-excel build "{path}".')
    assert not (path.parent / "hasil").exists()


def test_reports_no_input_stands_behind_leave_the_output_folder(rows, make_input, inbox):
    """The office emails what is in `hasil`: an old report must not stay there looking
    current when its input is gone, now fails, or makes another report. It is moved to
    `hasil/usang` (not deleted) and the run says so."""
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    # The twin with other figures: IK1 TW I = 41 x 100 / 1334 = 3,073... -> 3,07
    # (the right copy: 36 x 100 / 1334 = 2,698... -> 2,70).
    twin = make_input(unit(rows, "Dinas A").cell("data", 1, "Pembilang", 41), "masuk/A (1).xlsx")
    b = make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")
    c = make_input(unit(rows, "Dinas C"), "masuk/c.xlsx")
    first = process_folder(inbox, jobs=1)
    plain_a = "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx"
    owner = {r.output: r.label for r in first.files}
    assert owner[plain_a] == "A (1).xlsx"  # natural order ignores case: "A (1)" before "a"
    assert first.retired == []

    twin.unlink()  # the wrong copy is removed ...
    b.write_bytes(b"bukan lembar kerja")  # ... b now fails ...
    make_input(unit(rows, "Dinas C Baru"), "masuk/c.xlsx")  # ... c now makes another report
    assert c.is_file()
    done = CliRunner().invoke(app, ["proses", str(inbox), "-j", "1"])
    assert done.exit_code == 1, done.output  # b failed
    hasil, usang = inbox / "hasil", inbox / "hasil" / "usang"
    moved = {
        plain_a,  # the removed twin's report, with its wrong 3,07
        "LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx",
        "LKT Dinas C Kabupaten Malang 2021 TW IV.xlsx",
    }
    assert {p.name for p in usang.iterdir()} == moved
    assert openpyxl.load_workbook(usang / plain_a)["LKT"]["I8"].value == pytest.approx(3.07)
    kept = openpyxl.load_workbook(hasil / "LKT Dinas A Kabupaten Malang 2021 TW IV - a.xlsx")
    assert kept["LKT"]["I8"].value == pytest.approx(2.70)
    reports = {p.name for p in hasil.glob("LKT *.xlsx")}
    assert reports == {
        "LKT Dinas A Kabupaten Malang 2021 TW IV - a.xlsx",  # the right copy, kept
        "LKT Dinas C Baru Kabupaten Malang 2021 TW IV.xlsx",
    }
    assert "dipindahkan dari folder hasil" in done.output
    for name in moved:
        assert f"usang/{name}" in done.output
    manifest = json.loads((hasil / MANIFEST_NAME).read_text(encoding="utf-8"))["inputs"]
    assert set(manifest) == {"a.xlsx", "b.xlsx", "c.xlsx"}
    # A third run finds nothing more to move, and says nothing about it.
    again = CliRunner().invoke(app, ["proses", str(inbox), "-j", "1"])
    assert "dipindahkan" not in again.output
    assert {p.name for p in usang.iterdir()} == moved


# ---------------------------------------------------------------------------
# Watching
# ---------------------------------------------------------------------------


def test_watch_builds_a_file_once_its_copy_has_finished(rows, make_input, inbox, tmp_path):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    # The file "copied in" while watching: 40 / 800 x 100 = 5,00 for IK1 TW I.
    source = make_input(
        unit(rows, "Dinas Baru").cell("data", 1, "Pembilang", 40).cell("data", 1, "Penyebut", 800),
        "baru.xlsx",
    )
    content = source.read_bytes()
    target = inbox / "baru.xlsx"
    polls = []
    seen = []

    def on_poll():  # a slow copy: half the bytes at one poll, the rest at the next
        polls.append(1)
        if len(polls) == 1:
            target.write_bytes(content[: len(content) // 2])
        elif len(polls) == 2:
            with open(target, "ab") as handle:
                handle.write(content[len(content) // 2 :])

    result = watch_folder(
        inbox,
        jobs=1,
        interval=0.05,
        on_poll=on_poll,
        on_file=seen.append,
        should_stop=lambda: any(r.label == "baru.xlsx" for r in seen) or len(polls) > 400,
    )

    assert [(r.label, r.status) for r in seen] == [
        ("a.xlsx", Status.BERHASIL),
        ("baru.xlsx", Status.BERHASIL),  # built once, complete; the half copy was left alone
    ]
    assert [r.label for r in result.files] == ["a.xlsx", "baru.xlsx"]
    lkt = openpyxl.load_workbook(inbox / "hasil" / seen[1].output)["LKT"]
    assert lkt["I8"].value == pytest.approx(5.0)
    assert [r[1] for r in summary_rows(inbox / "hasil")] == ["a.xlsx", "baru.xlsx"]


def test_watch_names_a_duplicate_at_once_and_sees_a_file_come_back(
    rows, make_input, inbox, tmp_path
):
    """A second file for the same report is named in the round it is built; a file
    taken out of the folder and put back (same size and time) is listed again."""
    first = make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    copy, away = inbox / "a revisi.xlsx", tmp_path / "disimpan.xlsx"
    polls, seen, rounds, moves, retired = [], [], [], [], []

    def on_poll():
        polls.append(1)
        if len(polls) == 1:
            copy.write_bytes(first.read_bytes())
        elif len(seen) == 2 and not moves:
            copy.rename(away)  # taken out ...
            moves.append("out")
        elif moves == ["out"] and len(rounds) >= 3:
            away.rename(copy)  # ... and put back, size and time unchanged
            moves.append("back")

    result = watch_folder(
        inbox,
        jobs=1,
        interval=0.05,
        on_poll=on_poll,
        on_file=seen.append,
        on_round=lambda now: (
            rounds.append([d.labels for d in now.duplicates]),
            retired.append(list(now.retired)),
        ),
        should_stop=lambda: len(seen) >= 3 or len(polls) > 600,
    )
    assert [r.label for r in seen] == ["a.xlsx", "a revisi.xlsx", "a revisi.xlsx"]
    assert rounds[0] == []  # the first round: one file, no duplicate
    assert rounds[1] == [("a revisi.xlsx", "a.xlsx")]  # named in the round it was built
    assert rounds[2] == []  # taken out: no duplicate any more ...
    # ... and its report leaves `hasil` in that round (it would be sent with the others).
    assert retired[1] == [] and retired[2] == [
        "usang/LKT Dinas A Kabupaten Malang 2021 TW IV - a revisi.xlsx"
    ]
    assert rounds[-1] == [("a revisi.xlsx", "a.xlsx")]  # back: named again
    assert [r.label for r in result.files] == ["a revisi.xlsx", "a.xlsx"]


def watch_one_round(monkeypatch) -> None:
    """``proses --pantau`` runs until Ctrl-C: here the watch's own stop condition ends it
    after its first round, as a deadline would."""
    import lkt_excel.folder as entry_points

    stopping = functools.partial(watch_folder, should_stop=lambda: True)
    monkeypatch.setattr(entry_points, "watch_folder", stopping)


def test_watch_from_the_command_line_names_a_duplicate_once(rows, make_input, inbox, monkeypatch):
    watch_one_round(monkeypatch)
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas A"), "masuk/a lagi.xlsx")
    done = CliRunner().invoke(app, ["proses", str(inbox), "--pantau"])
    assert done.exit_code == 0, done.output
    assert done.output.count("Perhatian: 2 berkas untuk laporan yang sama") == 1


def test_summary_counts_are_written_the_indonesian_way():
    rows = [
        FileResult(f"{i}.xlsx", Status.BERHASIL, f"{i}.xlsx", None, 0, 0, "", None)
        for i in range(1000)
    ]
    lines = summary_lines(rows, None, datetime(2026, 11, 27, 23, 5))
    assert lines[0] == "1.000 dari 1.000 berkas menjadi laporan."
    assert lines[1] == "Berhasil 1.000, tidak berubah (dilewati) 0, gagal 0."


def test_watch_from_the_command_line_builds_the_folder_first(rows, make_input, inbox, monkeypatch):
    watch_one_round(monkeypatch)
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    done = CliRunner().invoke(app, ["proses", str(inbox), "--pantau"])
    assert done.exit_code == 0, done.output
    assert "berhasil" in done.output
    assert (inbox / "hasil" / "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx").is_file()


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def test_names_for_clashes_and_error_reports():
    names = alternative_names("LKT Dinas A 2021 TW IV.xlsx", "sub/dinas a.xlsx")
    assert [next(names) for _ in range(3)] == [
        "LKT Dinas A 2021 TW IV.xlsx",
        "LKT Dinas A 2021 TW IV - dinas a.xlsx",
        "LKT Dinas A 2021 TW IV - dinas a (2).xlsx",
    ]
    assert error_report_name("sub/dinas a.xlsx") == "GAGAL sub - dinas a.xlsx.txt"


def test_discovery_order_and_what_is_skipped(inbox):
    for name in ("unit-10.xlsx", "unit-2.xlsx", "Unit-1.ODS", "lama.xls", "makro.xlsm"):
        (inbox / name).write_bytes(b"")
    for name in ("~$unit-2.xlsx", ".unit-3.xlsx", "catatan.txt", "foto.png"):
        (inbox / name).write_bytes(b"")
    (inbox / "hasil").mkdir()
    (inbox / "hasil" / "unit-4.xlsx").write_bytes(b"")  # the output folder is never read
    (inbox / "sub").mkdir()
    (inbox / "sub" / "unit-5.xlsx").write_bytes(b"")
    (inbox / ".tersembunyi").mkdir()
    (inbox / ".tersembunyi" / "unit-6.xlsx").write_bytes(b"")

    def names(recursive):
        found = discover(inbox, inbox / "hasil", recursive)
        return [p.relative_to(inbox).as_posix() for p in found]

    assert names(False) == ["lama.xls", "makro.xlsm", "Unit-1.ODS", "unit-2.xlsx", "unit-10.xlsx"]
    assert names(True) == [
        "lama.xls",
        "makro.xlsm",
        "sub/unit-5.xlsx",
        "Unit-1.ODS",
        "unit-2.xlsx",
        "unit-10.xlsx",
    ]


def test_a_summary_that_cannot_be_written_does_not_hide_the_reports(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    (inbox / "hasil" / SUMMARY_NAME).mkdir(parents=True)  # as if locked: cannot be replaced

    done = CliRunner().invoke(app, ["proses", str(inbox), "-j", "1"])

    assert done.exit_code == 1
    assert "Ringkasan" in done.output and "tidak dapat ditulis" in done.output
    assert "1 dari 1 berkas menjadi laporan" in done.output
    assert (inbox / "hasil" / "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx").is_file()


def test_long_names_still_get_distinct_alternatives():
    long_name = "LKT " + "Dinas Sangat Panjang " * 7 + "2021 TW IV.xlsx"  # 4 + 147 + 15 characters
    names = alternative_names(long_name, "unit dengan nama yang juga panjang sekali.xlsx")
    first = [next(names) for _ in range(4)]
    assert len(set(first)) == 4
    assert all(len(n) <= MAX_OUTPUT_NAME_LENGTH + len(" (999)") for n in first)


def test_command_line_options_reach_the_library(rows, make_input, inbox, tmp_path):
    (inbox / "sub").mkdir()
    make_input(unit(rows, "Dinas A"), "masuk/sub/a.xlsx")
    out = tmp_path / "kirim"
    first = CliRunner().invoke(app, ["batch", str(inbox), "-o", str(out), "-j", "1"])
    assert first.exit_code == 0, first.output
    assert "Tidak ada berkas Excel" in first.output  # without --rekursif, sub/ is not read

    second = CliRunner().invoke(app, ["proses", str(inbox), "-o", str(out), "--rekursif"])
    again = CliRunner().invoke(app, ["proses", str(inbox), "-o", str(out), "--rekursif"])
    forced = CliRunner().invoke(
        app, ["proses", str(inbox), "-o", str(out), "--rekursif", "--semua"]
    )
    assert [r.exit_code for r in (second, again, forced)] == [0, 0, 0]
    assert "berhasil      sub/a.xlsx" in second.output
    assert "tidak berubah sub/a.xlsx" in again.output
    assert "berhasil      sub/a.xlsx" in forced.output


# ---------------------------------------------------------------------------
# Two inputs for the same report
# ---------------------------------------------------------------------------

DUPLICATE_NOTE = "Periksa mana yang benar sebelum mengirim."


def manifest_inputs(outdir: Path) -> dict[str, dict]:
    return json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))["inputs"]


def fill(sheet, row: int) -> str:
    return sheet.cell(row=row, column=2).fill.fgColor.rgb


def test_two_inputs_for_one_report_are_both_built_and_flagged(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/dinas-a.xlsx")
    # The unit's revised copy: 33 / 1100 x 100 = 3,00 for IK1 TW I.
    make_input(
        unit(rows, "Dinas A").cell("data", 1, "Pembilang", 33).cell("data", 1, "Penyebut", 1100),
        "masuk/dinas-a revisi.xlsx",
    )
    make_input(unit(rows, "Dinas B"), "masuk/dinas-b.xlsx")

    # One worker: files are built in name order ("dinas-a revisi" sorts before "dinas-a.",
    # a space before a dot), so the revised copy gets the plain name.
    done = CliRunner().invoke(app, ["proses", str(inbox), "-j", "1"])

    assert done.exit_code == 0, done.output  # a warning, not a failure: both reports exist
    outdir = inbox / "hasil"
    name = "LKT Dinas A Kabupaten Malang 2021 TW IV"
    assert sorted(p.name for p in outdir.glob("LKT *.xlsx")) == [
        f"{name} - dinas-a.xlsx",
        f"{name}.xlsx",
        "LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx",
    ]
    revised = openpyxl.load_workbook(outdir / f"{name}.xlsx")["LKT"]
    assert revised["I8"].value == pytest.approx(3.0)
    assert (
        "Perhatian: 2 berkas untuk laporan yang sama (Dinas A Kabupaten Malang 2021 TW IV): "
        f"dinas-a revisi.xlsx, dinas-a.xlsx. {DUPLICATE_NOTE}"
    ) in done.output.splitlines()
    assert done.output.count("Perhatian:") == 1

    book = openpyxl.load_workbook(outdir / SUMMARY_NAME)
    sheet = book["Ringkasan"]
    assert [(r[1], r[2], r[3], r[6]) for r in summary_rows(outdir)] == [
        (
            "dinas-a revisi.xlsx",
            "berhasil",
            f"{name}.xlsx",
            "Ganda dengan dinas-a.xlsx: laporan yang sama (Dinas A Kabupaten Malang 2021 TW IV)."
            f" {DUPLICATE_NOTE}",
        ),
        (
            "dinas-a.xlsx",
            "berhasil",
            f"{name} - dinas-a.xlsx",
            "Ganda dengan dinas-a revisi.xlsx: laporan yang sama (Dinas A Kabupaten Malang "
            f"2021 TW IV). {DUPLICATE_NOTE}",
        ),
        ("dinas-b.xlsx", "berhasil", "LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx", ""),
    ]
    first = SUMMARY_HEADER_ROW + 1
    assert [fill(sheet, r) for r in range(first, first + 3)] == ["FFFCE4D6", "FFFCE4D6", "00000000"]
    assert sheet["A3"].value == (
        "Berhasil 3, tidak berubah (dilewati) 0, gagal 0, ganda 2 (lihat KETERANGAN)."
    )
    manifest = manifest_inputs(outdir)
    assert manifest["dinas-a.xlsx"]["duplicates"] == ["dinas-a revisi.xlsx"]
    assert manifest["dinas-a revisi.xlsx"]["duplicates"] == ["dinas-a.xlsx"]
    assert manifest["dinas-b.xlsx"]["duplicates"] == []
    assert manifest["dinas-b.xlsx"]["report"] == {
        "instansi": "Dinas B",
        "wilayah": "Kabupaten Malang",
        "tahun": 2021,
        "triwulan": 4,
    }

    # The library says the same; a rerun skips both files and still finds them.
    again = process_folder(inbox, jobs=1)
    assert [r.status for r in again.files] == [Status.TIDAK_BERUBAH] * 3
    assert again.duplicates == [
        Duplicate(
            ReportId("Dinas A", "Kabupaten Malang", 2021, 4),
            ("dinas-a revisi.xlsx", "dinas-a.xlsx"),
        )
    ]
    assert {r.label: r.duplicates for r in again.files} == {
        "dinas-a revisi.xlsx": ("dinas-a.xlsx",),
        "dinas-a.xlsx": ("dinas-a revisi.xlsx",),
        "dinas-b.xlsx": (),
    }


def test_same_report_despite_case_and_spaces_but_not_another_quarter(rows, make_input, inbox):
    make_input(unit(rows, "Dinas  Koperasi").set("Wilayah", "kabupaten   malang"), "masuk/a.xlsx")
    make_input(unit(rows, "DINAS KOPERASI").set("Wilayah", "Kabupaten Malang"), "masuk/b.xlsx")
    # The same agency's third-quarter report, and its previous year's: other reports.
    make_input(unit(rows, "Dinas Koperasi").set("Triwulan", "III"), "masuk/c.xlsx")
    make_input(unit(rows, "Dinas Koperasi").set("Tahun", 2020), "masuk/d.xlsx")

    result = process_folder(inbox, jobs=2)

    # c and d are built, but flagged: most of the folder is 2021 TW IV (folder.period).
    assert [r.status.value for r in result.files] == ["berhasil"] * 2 + ["periode-lain"] * 2
    assert len({r.output for r in result.files}) == 4  # four reports, none overwritten
    assert {r.label: r.duplicates for r in result.files} == {
        "a.xlsx": ("b.xlsx",),
        "b.xlsx": ("a.xlsx",),
        "c.xlsx": (),
        "d.xlsx": (),
    }
    (duplicate,) = result.duplicates
    assert duplicate.labels == ("a.xlsx", "b.xlsx")
    # Named as the first file wrote it, its spaces collapsed.
    assert duplicate.message == (
        "Perhatian: 2 berkas untuk laporan yang sama (Dinas Koperasi kabupaten malang 2021 "
        f"TW IV): a.xlsx, b.xlsx. {DUPLICATE_NOTE}"
    )


def test_duplicates_are_those_of_the_folder_now_not_of_the_run(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas C"), "masuk/c.xlsx")
    assert process_folder(inbox, jobs=1).duplicates == []

    # A week later the unit sends its file again under another name: only b.xlsx is built,
    # yet a.xlsx, unchanged and skipped, is its twin.
    make_input(unit(rows, "Dinas A"), "masuk/b.xlsx")
    second = process_folder(inbox, jobs=1)
    assert [(r.label, r.status, r.duplicates) for r in second.files] == [
        ("a.xlsx", Status.TIDAK_BERUBAH, ("b.xlsx",)),
        ("b.xlsx", Status.BERHASIL, ("a.xlsx",)),
        ("c.xlsx", Status.TIDAK_BERUBAH, ()),
    ]
    assert manifest_inputs(second.outdir)["a.xlsx"]["duplicates"] == ["b.xlsx"]

    # The wrong copy removed: no more warning, and the manifest says so.
    (inbox / "b.xlsx").unlink()
    third = process_folder(inbox, jobs=1)
    assert third.duplicates == [] and all(not r.duplicates for r in third.files)
    assert manifest_inputs(third.outdir)["a.xlsx"]["duplicates"] == []
    assert summary_rows(third.outdir)[0][6] == ""


def test_an_entry_without_its_report_recorded_is_built_again(rows, make_input, inbox):
    """A manifest written before reports were compared cannot tell which report it made."""
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    outdir = process_folder(inbox, jobs=1).outdir
    data = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
    del data["inputs"]["a.xlsx"]["report"]
    (outdir / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")

    (row,) = process_folder(inbox, jobs=1).files
    assert row.status is Status.BERHASIL
    assert row.report_id == ReportId("Dinas A", "Kabupaten Malang", 2021, 4)


@pytest.mark.parametrize("version", ["missing", 1, 3, "2", "damaged"])
def test_a_manifest_of_another_format_version_is_ignored(rows, make_input, inbox, version):
    """Without its format version, of another one, or unreadable: everything is built again."""
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    outdir = process_folder(inbox, jobs=1).outdir
    path = outdir / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == MANIFEST_FORMAT
    if version == "missing":
        del data["format"]
    else:
        data["format"] = version
    text = json.dumps(data)
    path.write_text(text[:-1] if version == "damaged" else text, encoding="utf-8")

    (row,) = process_folder(inbox, jobs=1).files
    assert (row.status, row.output) == (
        Status.BERHASIL,
        "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx",
    )
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == MANIFEST_FORMAT  # anew


# ---------------------------------------------------------------------------
# The head of ringkasan.xlsx: what, of which folder, when, by what
# ---------------------------------------------------------------------------


def test_summary_says_when_by_what_and_of_which_folder(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(rows.copy().set("Tahun", "dua ribu"), "masuk/rusak.xlsx")
    process_folder(inbox, jobs=1)
    make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")

    result = process_folder(inbox, jobs=1, clock=lambda: datetime(2026, 11, 27, 23, 5))

    # a.xlsx unchanged (skipped), b.xlsx built, rusak.xlsx failed again.
    assert [r.status for r in result.files] == [
        Status.TIDAK_BERUBAH,
        Status.BERHASIL,
        Status.GAGAL,
    ]
    sheet = openpyxl.load_workbook(result.summary)["Ringkasan"]
    assert [sheet.cell(row=r, column=1).value for r in range(1, SUMMARY_HEADER_ROW)] == [
        "RINGKASAN PEMROSESAN LKT",
        "2 dari 3 berkas menjadi laporan.",
        "Berhasil 1, tidak berubah (dilewati) 1, gagal 1.",
        f"Folder masukan: {inbox.resolve()}",
        f"Dibuat 27 November 2026 pukul 23.05 oleh lkt-excel {__version__}.",
        None,
    ]
    assert sheet.cell(row=SUMMARY_HEADER_ROW, column=2).value == "BERKAS MASUKAN"
    assert sheet.freeze_panes == f"A{SUMMARY_HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{SUMMARY_HEADER_ROW}:G{SUMMARY_HEADER_ROW + 3}"
    # Widths as set (xlsxwriter stores width + 0.71 for the cell padding): BERKAS MASUKAN 36,
    # BERKAS KELUARAN 55, KETERANGAN 60.
    assert [round(sheet.column_dimensions[c].width) for c in "BDG"] == [37, 56, 61]
    # The error report of this run carries the same clock.
    report = (result.outdir / "GAGAL rusak.xlsx.txt").read_text(encoding="utf-8")
    assert "Waktu: 27 November 2026 pukul 23.05" in report  # as ringkasan.xlsx says it


def test_run_time_in_indonesian_whatever_the_locale():
    assert format_time_id(datetime(2027, 1, 3, 7, 9)) == "3 Januari 2027 pukul 07.09"
    months = [format_time_id(datetime(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert months == [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ]  # fmt: skip


def test_inputs_open_in_excel_are_named(rows, make_input, inbox):
    """Excel keeps `~$name` beside an open file (LibreOffice `.~lock.name#`): its unsaved
    edits are not in what is read, so `proses`, `build` and `check` say so."""
    a = make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    b = make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")
    make_input(unit(rows, "Dinas C"), "masuk/c.xlsx")
    (inbox / "~$a.xlsx").write_bytes(b"owner")
    (inbox / ".~lock.b.xlsx#").write_text("owner")
    done = CliRunner().invoke(app, ["proses", str(inbox), "-j", "1"])
    assert done.exit_code == 0, done.output
    assert "Perhatian: a.xlsx, b.xlsx sedang terbuka di Excel (atau LibreOffice)" in done.output
    assert len(list((inbox / "hasil").glob("LKT *.xlsx"))) == 3  # all built, as last saved
    for command in (["build", str(a), "-o", str(inbox / "hasil")], ["check", str(a)]):
        said = CliRunner().invoke(app, command)
        assert f"Perhatian: '{a}' sedang terbuka di Excel" in said.output, command
    closed = CliRunner().invoke(app, ["check", str(inbox / "c.xlsx")])
    assert "sedang terbuka" not in closed.output
    assert is_open_elsewhere(b) and not is_open_elsewhere(inbox / "c.xlsx")
