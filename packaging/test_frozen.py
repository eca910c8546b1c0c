"""Smoke test of the frozen application: ``python -m pytest packaging/test_frozen.py``.

Runs the executable that ``python packaging/build.py`` made (or the one named by
``LKT_EXCEL_APP``) the way an office uses it: ``template``, ``check``,
``build``, then ``proses --jobs 2`` over a folder holding good inputs, a file
the pre-scan refuses, and a file that kills python-calamine past the pre-scan
(``tests/hostile_xlsb.py``). The good ones must be built and the bad ones fail
with their messages: the reader's isolation and the worker processes work
frozen. ``--pdf`` is tried where LibreOffice is installed. A folder or a
spreadsheet as the only argument (a drop on the executable) runs ``proses`` or
``build``.

Not part of ``python -m pytest`` (``testpaths`` is ``tests``): ``.ci/run`` runs
it after building the application.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "packaging"))

from build import executable, version  # noqa: E402
from hostile import corner_cells_xlsx  # noqa: E402
from hostile_xlsb import corner_cells_xlsb  # noqa: E402

from lkt_excel.report.pdf import find_soffice  # noqa: E402 - where the application looks

REPORTS = ("LKT", "Narasi")  # the first sheets of every report
CRASHED = "rusak atau berbahaya: pembacanya berhenti mendadak"  # check/build: the child died
WORKER_DIED = "menghentikan proses pembaca secara paksa"  # proses: the worker died
CORNER = "memakai sel sampai XFD1048576"  # the pre-scan's refusal of sudut.xlsx
OLD_BUG = ("tidak dikenal", "Traceback", "multiprocessing-fork")


@pytest.fixture(scope="module")
def app() -> Path:
    program = Path(os.environ.get("LKT_EXCEL_APP") or executable(ROOT / "dist"))
    if not program.is_file():
        pytest.fail(f"No frozen application at {program}: run python packaging/build.py first")
    return program


def run(app: Path, *args: object, cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """The application's exit code and its output (stdout and stderr), as in a terminal
    that is not a console of its own and has no input."""
    done = subprocess.run(
        [str(app), *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, "COLUMNS": "120", "RUST_BACKTRACE": "1"},
        timeout=timeout,
        check=False,
    )
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    return done.returncode, output


def flat(text: str) -> str:
    """Output with the table's line wrapping undone."""
    return " ".join(text.split())


def sheets_of(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/workbook.xml").decode("utf-8")


def assert_report(path: Path) -> None:
    assert path.is_file(), path
    workbook = sheets_of(path)
    for name in REPORTS:
        assert f'name="{name}"' in workbook


@pytest.fixture(scope="module")
def office(app, tmp_path_factory) -> Path:
    """A folder made with the application's own template: the example input, twice."""
    here = tmp_path_factory.mktemp("kantor")
    code, output = run(app, "template", "--contoh", "contoh.xlsx", cwd=here)
    assert code == 0, output
    assert "Templat dibuat" in output
    return here


def test_version_help_and_a_usage_error(app, tmp_path):
    code, output = run(app, "--version", cwd=tmp_path)
    assert (code, output.strip()) == (0, f"lkt-excel {version()}")
    code, output = run(app, "--help", cwd=tmp_path)
    assert code == 0 and "Perintah" in output and "proses" in output
    code, output = run(app, "buidl", cwd=tmp_path)
    assert code == 2 and "Maksud Anda build?" in flat(output)


def test_template_then_check(app, office, tmp_path):
    code, output = run(app, "template", tmp_path / "masukan.xlsx", cwd=tmp_path)
    assert code == 0, output
    assert (tmp_path / "masukan.xlsx").is_file()
    code, output = run(app, "check", tmp_path / "masukan.xlsx", cwd=tmp_path)
    assert code == 1, output  # the blank template: every required key is named
    assert "Laporan!B" in output and "Laporan tidak dibuat" not in output
    code, output = run(app, "check", "contoh.xlsx", cwd=office)
    assert code == 0, output
    # The example's four cross-check warnings (the reference's own slips) change no figure.
    assert "Berkas siap dipakai, dengan 4 peringatan yang tidak memengaruhi angka" in flat(output)


def test_build(app, office, tmp_path):
    target = tmp_path / "laporan.xlsx"
    code, output = run(app, "build", office / "contoh.xlsx", "-o", target, cwd=tmp_path)
    assert code == 0, output
    assert "Laporan dibuat" in output and "4 peringatan" in output
    assert_report(target)


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_that_kills_the_reader_ends_only_the_reader(app, tmp_path, command):
    """The child reader is this executable started again (its hidden reader mode)."""
    bad = corner_cells_xlsb(tmp_path / "mati.xlsb")
    code, output = run(app, command, bad, cwd=tmp_path)
    assert code == 1, output  # not 134: the application itself did not abort
    assert f"Berkas 'mati.xlsb' {CRASHED}" in flat(output)
    assert not any(word in output for word in OLD_BUG), output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mati.xlsb"]


def inbox(office: Path, folder: Path) -> Path:
    folder.mkdir()
    for name in ("dinas-a", "dinas-b", "dinas-c"):
        shutil.copy(office / "contoh.xlsx", folder / f"{name}.xlsx")
    corner_cells_xlsb(folder / "mati.xlsx")  # an .xlsb named .xlsx: read as what it is
    corner_cells_xlsx(folder / "sudut.xlsx")
    return folder


def test_proses_with_two_workers(app, office, tmp_path):
    folder = inbox(office, tmp_path / "2021 TW IV")
    code, output = run(app, "proses", folder, "--jobs", "2", cwd=tmp_path)
    assert code == 1, output  # two files failed
    assert not any(word in output for word in OLD_BUG), output
    hasil = folder / "hasil"
    reports = sorted(p.name for p in hasil.glob("LKT *.xlsx"))
    assert len(reports) == 3, output  # the three good inputs (one report name, made unique)
    for name in reports:
        assert_report(hasil / name)
    assert WORKER_DIED in flat((hasil / "GAGAL mati.xlsx.txt").read_text(encoding="utf-8"))
    corner = flat((hasil / "GAGAL sudut.xlsx.txt").read_text(encoding="utf-8"))
    assert CORNER in corner and "Data" in corner
    assert (hasil / "ringkasan.xlsx").is_file()
    assert "3 dari 5 berkas menjadi laporan" in output


def test_a_dropped_folder_runs_proses_and_a_dropped_spreadsheet_build(app, office, tmp_path):
    folder = inbox(office, tmp_path / "2021 TW IV")
    code, output = run(app, folder, cwd=tmp_path)  # what Explorer passes for a drop
    assert code == 1, output
    assert "3 dari 5 berkas menjadi laporan" in output
    code, output = run(app, folder, cwd=tmp_path)  # again: the good ones are unchanged
    assert output.count("tidak berubah") >= 3, output
    single = tmp_path / "satu" / "contoh.xlsx"
    single.parent.mkdir()
    shutil.copy(office / "contoh.xlsx", single)
    code, output = run(app, single, cwd=tmp_path)
    assert code == 0, output
    assert "Laporan dibuat" in output
    assert len(list(single.parent.glob("LKT *.xlsx"))) == 1
    # No argument: the help from a terminal; where Windows opens a console for the
    # program alone (a runner without one), the explanation of a double-click.
    code, output = run(app, cwd=tmp_path)
    assert "proses" in output or "lkt-excel.exe" in output, output


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal (pty) is POSIX only")
def test_proses_on_a_terminal(app, office, tmp_path):
    """On a terminal ``proses`` draws rich's progress bar and table: they work frozen too."""
    import pty

    folder = inbox(office, tmp_path / "masuk")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(app), "proses", str(folder), "--jobs", "2"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "160", "LINES": "40"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = process.wait(timeout=300)
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert code == 1, screen
    assert "Ringkasan" in screen and "Memproses" in screen
    assert not any(word in screen for word in OLD_BUG), screen


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed here")
def test_build_with_pdf(app, office, tmp_path):
    target = tmp_path / "laporan.xlsx"
    code, output = run(
        app, "build", office / "contoh.xlsx", "-o", target, "--pdf", cwd=tmp_path, timeout=600
    )
    assert code == 0, output
    assert "PDF dibuat" in output
    assert (tmp_path / "laporan.pdf").read_bytes()[:5] == b"%PDF-"
