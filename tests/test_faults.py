"""Faults an office meets: killed runs, two runs at once, held and failing writes,
a full or read-only disk, a tampered manifest, a damaged report.

Each test makes its fault for real where this machine allows it (a tmpfs of
2 MB, a read-only remount, a killed process) and says why it is skipped
where it does not. The assertions are outcomes: files, exit codes, messages.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from builders import unit
from hostile import ROOT

from lkt_excel.core.problems import InputError, OutputError
from lkt_excel.files import cannot_write
from lkt_excel.folder.batch import Batch, process_folder
from lkt_excel.folder.manifest import MANIFEST_NAME
from lkt_excel.folder.results import Status
from lkt_excel.folder.summary import SUMMARY_NAME

REPORT_A = "LKT Dinas A Kabupaten Malang 2021 TW IV.xlsx"
LOCK_NAME = "lkt-kunci.json"  # as README names it


def start_time(pid: int) -> str | None:
    """Field 22 of /proc/<pid>/stat (when it started); None when it is not running."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def cli(*args: str | Path, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """``python -m lkt_excel ARGS`` started in a child process (bytes out)."""
    environment = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    environment["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), environment.get("PYTHONPATH")) if p
    )
    return subprocess.Popen(
        [sys.executable, "-m", "lkt_excel", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        **popen,
    )


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    child = cli(*args, env=env)
    out, err = child.communicate(timeout=300)
    return child.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------------------
# A killed parent
# ---------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
    return found


def gone(pids: list[int], wait: float = 60.0) -> list[int]:
    """The pids still running (not finished, not zombies) after up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        alive = [pid for pid in pids if start_time(pid) is not None]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
def test_a_killed_parent_leaves_no_worker_and_the_next_run_is_clean(rows, make_input, inbox):
    for number in range(8):
        make_input(unit(rows, f"Dinas {number}"), f"masuk/dinas-{number}.xlsx")
    hasil = inbox / "hasil"
    hasil.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # What a dead run left besides its workers' files: the summary's and the
    # manifest's staging files.
    (hasil / f".ringkasan.{dead.pid}.tmp.xlsx").write_bytes(b"half")
    (hasil / f".lkt-manifest.{dead.pid}.tmp.json").write_text("{")

    parent = cli("proses", inbox, "-j", "2")
    assert parent.stdout is not None
    first = parent.stdout.readline().decode("utf-8", "replace")  # one file done
    assert "berhasil" in first, first
    workers = children_of(parent.pid)
    assert workers  # the workers (and multiprocessing's resource tracker)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)

    assert gone(workers) == []

    code, out, err = run("proses", inbox, "-j", "2")
    assert code == 0, out + err
    assert "8 dari 8 berkas menjadi laporan" in out
    assert hidden_files(hasil) == []  # no staging file of any run is left
    assert not (hasil / LOCK_NAME).exists()
    for number in range(8):
        assert (hasil / f"LKT Dinas {number} Kabupaten Malang 2021 TW IV.xlsx").is_file()


# ---------------------------------------------------------------------------
# Two runs at once
# ---------------------------------------------------------------------------


def test_two_runs_on_one_output_folder_do_not_break_each_other(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    with Batch(inbox, jobs=1) as first:
        holder = json.loads((first.outdir / LOCK_NAME).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid()
        code, out, err = run("proses", inbox, "-j", "1")
        assert code == 1
        assert "sedang dipakai oleh proses lkt-excel lain" in err
        assert f"PID {os.getpid()}" in err
        assert "Traceback" not in err
        assert not (first.outdir / REPORT_A).exists()  # the second run built nothing
        with pytest.raises(OutputError, match="sedang dipakai"):
            process_folder(inbox, jobs=1)
    # The first run ended: its lock is gone, and a run goes through.
    assert not (inbox / "hasil" / LOCK_NAME).exists()
    assert process_folder(inbox, jobs=1).built == 1


def test_a_stale_lock_of_a_dead_process_is_taken_over(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    hasil = inbox / "hasil"
    hasil.mkdir()
    import socket

    (hasil / LOCK_NAME).write_text(
        json.dumps(
            {"pid": dead.pid, "started": "1", "host": socket.gethostname(), "since": "2026-11-27"}
        )
    )
    result = process_folder(inbox, jobs=1)
    assert result.built == 1
    assert not (hasil / LOCK_NAME).exists()


def test_a_lock_held_by_a_running_process_names_it(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        hasil = inbox / "hasil"
        hasil.mkdir()
        import socket

        (hasil / LOCK_NAME).write_text(
            json.dumps(
                {
                    "pid": sleeper.pid,
                    "started": start_time(sleeper.pid),
                    "host": socket.gethostname(),
                    "since": "2026-11-27T23:05:00",
                }
            )
        )
        with pytest.raises(OutputError) as caught:
            process_folder(inbox, jobs=1)
        assert f"PID {sleeper.pid}" in str(caught.value)
        assert "27 November 2026 pukul 23.05" in str(caught.value)
        assert not (hasil / REPORT_A).exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# ---------------------------------------------------------------------------
# Writes that fail
# ---------------------------------------------------------------------------


def failing_replace(monkeypatch, fails: dict[str, int]) -> list[str]:
    """``os.replace`` in lkt_excel.files raises PermissionError for a target whose name
    contains a key of ``fails``, that many times (-1: always); returns what it refused."""
    real = os.replace
    refused: list[str] = []

    def replace(source, target):
        for key, left in fails.items():
            if key in Path(target).name and left != 0:
                fails[key] = left - 1
                refused.append(Path(target).name)
                raise PermissionError(errno.EACCES, "held by another program", str(target))
        return real(source, target)

    monkeypatch.setattr("lkt_excel.files.os.replace", replace)
    return refused


def test_a_write_held_once_is_tried_again(rows, make_input, inbox, monkeypatch):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")
    refused = failing_replace(monkeypatch, {MANIFEST_NAME: 1, "LKT Dinas A": 1})
    result = process_folder(inbox, jobs=1)
    assert refused == [MANIFEST_NAME, REPORT_A] or sorted(refused) == sorted(
        [MANIFEST_NAME, REPORT_A]
    )
    assert [row.status for row in result.files] == [Status.BERHASIL, Status.BERHASIL]
    assert result.write_errors == []
    manifest = json.loads((result.outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["inputs"]) == {"a.xlsx", "b.xlsx"}
    assert openpyxl.load_workbook(result.outdir / REPORT_A)["LKT"] is not None


def test_a_write_that_always_fails_is_named_and_the_run_goes_on(
    rows, make_input, inbox, monkeypatch
):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")
    failing_replace(monkeypatch, {MANIFEST_NAME: -1, "LKT Dinas A": -1})
    result = process_folder(inbox, jobs=1)
    a, b = result.files
    assert (a.status, b.status) == (Status.GAGAL, Status.BERHASIL)
    assert "LKT Dinas A" in a.message and "tidak dapat ditulis" in a.message
    assert (result.outdir / "LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx").is_file()
    assert len(result.write_errors) == 1
    assert (
        f"Manifes '{result.outdir / MANIFEST_NAME}' tidak dapat ditulis" in (result.write_errors[0])
    )
    assert result.summary == result.outdir / SUMMARY_NAME  # the run ended with its summary
    assert hidden_files(result.outdir) == []


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "2m") -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here ({done.stderr.decode().strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_named_and_the_run_ends_with_its_summary(rows, make_input, inbox, tmp_path):
    for letter in "ABCDEF":
        make_input(unit(rows, f"Dinas {letter}"), f"masuk/{letter.lower()}.xlsx")
    with tmpfs(tmp_path / "kecil") as disk:
        room = os.statvfs(disk)
        free = room.f_bavail * room.f_frsize
        (disk / "isi").write_bytes(b"\1" * (free - 60 * 1024))  # about 60 KB stay free
        code, out, err = run("proses", inbox, "-o", disk / "hasil", "-j", "1")
    text = out + err
    assert code == 1, text
    assert "disk penuh" in text
    assert "GALAT tak terduga" not in text and "Traceback" not in text
    assert "berkas menjadi laporan" in text  # the summary table and its count are shown
    for letter in "abcdef":
        assert f"{letter}.xlsx" in out  # every input has its row


def test_a_read_only_output_folder_is_named_and_the_run_ends_with_its_summary(
    rows, make_input, inbox, tmp_path
):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas B"), "masuk/b.xlsx")
    with tmpfs(tmp_path / "bersama", "8m") as disk:
        hasil = disk / "hasil"
        assert process_folder(inbox, hasil, jobs=1).built == 2
        make_input(unit(rows, "Dinas B").set("Wilayah", "Kota Batu"), "masuk/b.xlsx")
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(disk)], capture_output=True, check=False
        )
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only ({remount.stderr.decode().strip()})")
        code, out, err = run("proses", inbox, "-o", hasil, "-j", "1")
    text = out + err
    assert code == 1, text
    assert "folder hasil tidak dapat ditulis" in text
    assert "GALAT tak terduga" not in text and "Traceback" not in text
    assert "tidak berubah" in out and "a.xlsx" in out  # a.xlsx is still right, and said so
    assert "1 dari 2 berkas menjadi laporan" in out


# ---------------------------------------------------------------------------
# A tampered manifest, a damaged report
# ---------------------------------------------------------------------------


def test_manifest_names_are_never_used_as_paths(rows, make_input, inbox, tmp_path):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    result = process_folder(inbox, jobs=1)
    victim = tmp_path / "penting.txt"
    victim.write_text("milik orang lain")
    other = tmp_path / "lain.txt"
    other.write_text("juga milik orang lain")
    path = result.outdir / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    data["inputs"]["a.xlsx"]["output"] = "../../penting.txt"  # "unchanged", owning that file
    data["inputs"]["hilang.xlsx"] = {  # gone: its "report" would be retired
        **data["inputs"]["a.xlsx"],
        "output": "../../lain.txt",
        "error_report": "/etc/passwd",
    }
    data["inputs"]["../../../x.xlsx"] = data["inputs"]["a.xlsx"]
    path.write_text(json.dumps(data), encoding="utf-8")

    (row,) = process_folder(inbox, jobs=1).files
    assert row.status is Status.BERHASIL  # the tampered entry was ignored: built again
    assert row.output == REPORT_A
    assert victim.read_text() == "milik orang lain"
    assert other.read_text() == "juga milik orang lain"
    assert not (result.outdir / "usang").exists()
    written = json.loads(path.read_text(encoding="utf-8"))["inputs"]
    assert set(written) == {"a.xlsx"}
    assert written["a.xlsx"]["output"] == REPORT_A


WRONG_SHAPES = {
    "inputs a list": lambda d: d.update(inputs=[1, 2]),
    "entry a list": lambda d: d["inputs"].update({"a.xlsx": [1]}),
    "status a list": lambda d: d["inputs"]["a.xlsx"].update(status=["berhasil"]),
    "output a number": lambda d: d["inputs"]["a.xlsx"].update(output=7),
    "infinite year": lambda d: d["inputs"]["a.xlsx"]["report"].update(tahun=float("inf")),
    "report a string": lambda d: d["inputs"]["a.xlsx"].update(report="x"),
    "manifest a list": lambda d: (d.clear(), d.update(format=2, inputs={"a.xlsx": None})),
    "other folders wrong": lambda d: d.update(other_folders={"x": [1], "y": {"b": 3}}),
}


def test_a_manifest_of_the_wrong_shape_means_rebuilding(rows, make_input, inbox):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    outdir = process_folder(inbox, jobs=1).outdir
    path = outdir / MANIFEST_NAME
    good = path.read_text(encoding="utf-8")
    for shape, damage in WRONG_SHAPES.items():
        data = json.loads(good)
        damage(data)
        path.write_text(json.dumps(data), encoding="utf-8")
        (row,) = process_folder(inbox, jobs=1).files
        expected = Status.TIDAK_BERUBAH if shape == "other folders wrong" else Status.BERHASIL
        assert row.status is expected, shape  # rebuilt, where its entry was damaged
        assert row.output == REPORT_A, shape
        good = path.read_text(encoding="utf-8")
    code, out, err = run("proses", inbox, "-j", "1")  # the last one, from the command line
    assert code == 0 and "GALAT" not in out + err, out + err


@pytest.mark.parametrize("damage", ["truncated", "empty", "changed"])
def test_a_damaged_report_is_built_again(rows, make_input, inbox, damage):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    outdir = process_folder(inbox, jobs=1).outdir
    report = outdir / REPORT_A
    whole = report.read_bytes()
    report.write_bytes(
        {"truncated": whole[: len(whole) // 2], "empty": b"", "changed": whole[:-1] + b"!"}[damage]
    )
    (row,) = process_folder(inbox, jobs=1).files
    assert row.status is Status.BERHASIL
    assert openpyxl.load_workbook(report)["LKT"]["A1"].value is not None
    (again,) = process_folder(inbox, jobs=1).files
    assert again.status is Status.TIDAK_BERUBAH


# ---------------------------------------------------------------------------
# Retiring only what is really gone; folder answers
# ---------------------------------------------------------------------------


def test_a_shared_output_folder_keeps_each_input_folders_reports(rows, make_input, tmp_path):
    (tmp_path / "satu").mkdir()
    (tmp_path / "dua").mkdir()
    make_input(unit(rows, "Dinas A"), "satu/a.xlsx")
    make_input(unit(rows, "Dinas B"), "dua/b.xlsx")
    shared = tmp_path / "kirim"
    process_folder(tmp_path / "satu", shared, jobs=1)
    second = process_folder(tmp_path / "dua", shared, jobs=1)
    assert second.retired == []
    assert (shared / REPORT_A).is_file()
    assert (shared / "LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx").is_file()
    (again,) = process_folder(tmp_path / "satu", shared, jobs=1).files
    assert again.status is Status.TIDAK_BERUBAH  # its entry was kept by the other run
    # An input really gone from its own folder is still retired.
    (tmp_path / "dua" / "b.xlsx").unlink()
    make_input(unit(rows, "Dinas C"), "dua/c.xlsx")
    third = process_folder(tmp_path / "dua", shared, jobs=1)
    assert third.retired == ["usang/LKT Dinas B Kabupaten Malang 2021 TW IV.xlsx"]
    assert (shared / REPORT_A).is_file()


def test_a_folder_that_drops_out_while_watched_retires_nothing(rows, make_input, tmp_path):
    from lkt_excel.folder.watch import watch_folder

    inbox = tmp_path / "share"
    inbox.mkdir()
    make_input(unit(rows, "Dinas A"), "share/a.xlsx")
    away = tmp_path / "terputus"
    polls = {"n": 0}

    def on_poll() -> None:  # the share drops at the 2nd poll, comes back at the 5th
        polls["n"] += 1
        if polls["n"] == 2:
            inbox.rename(away)
        if polls["n"] == 5:
            away.rename(inbox)

    result = watch_folder(
        inbox, interval=0.02, jobs=1, on_poll=on_poll, should_stop=lambda: polls["n"] >= 8
    )
    assert result.retired == []
    assert (inbox / "hasil" / REPORT_A).is_file()
    assert not (inbox / "hasil" / "usang").exists()


def test_a_moved_input_folder_keeps_its_own_hasil(rows, make_input, inbox, tmp_path):
    """The manifest records its input folder, but ``hasil`` inside a folder is that
    folder's own: moved or renamed (another drive letter), nothing is rebuilt twice."""
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    process_folder(inbox, jobs=1)
    moved = inbox.rename(tmp_path / "2021 TW IV (final)")
    (row,) = process_folder(moved, jobs=1).files
    assert (row.status, row.output) == (Status.TIDAK_BERUBAH, REPORT_A)
    assert sorted(p.name for p in (moved / "hasil").glob("LKT *")) == [REPORT_A]


def test_a_folder_suddenly_empty_retires_nothing(rows, make_input, inbox, tmp_path):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    process_folder(inbox, jobs=1)
    (inbox / "a.xlsx").rename(tmp_path / "a.xlsx")  # OneDrive freeing space, a sync glitch
    result = process_folder(inbox, jobs=1)
    assert result.retired == [] and result.files == []
    assert (inbox / "hasil" / REPORT_A).is_file()


def test_an_output_folder_above_the_input_folder_is_refused(rows, make_input, inbox, tmp_path):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    with pytest.raises(InputError) as caught:
        process_folder(inbox, tmp_path, jobs=1)
    (problem,) = caught.value.problems
    assert problem.code == "folder-hasil-induk"
    code, out, err = run("proses", inbox, "-o", tmp_path)
    assert code == 1 and "berada di atas folder masukan" in " ".join((out + err).split())
    assert not (tmp_path / MANIFEST_NAME).exists()


def test_a_rename_in_letter_case_only_moves_the_entry(rows, make_input, inbox, tmp_path):
    """On a file system that ignores case (Windows), ``a.xlsx`` renamed ``A.xlsx`` is the
    same file: its entry follows it, nothing is retired or left beside. Linux here has
    no such file system to mount, so it is modelled by a path that finds names so."""
    from lkt_excel.folder.manifest import Manifest

    make_input(unit(rows, "Dinas A"), "masuk/dinas-a.xlsx")
    outdir = process_folder(inbox, jobs=1).outdir
    (inbox / "dinas-a.xlsx").rename(inbox / "Dinas-A.xlsx")

    class CaseBlind(type(Path())):  # type: ignore[misc]
        def is_file(self) -> bool:
            parent = Path(self).parent
            return any(
                p.name.casefold() == self.name.casefold() and p.is_file() for p in parent.iterdir()
            )

    manifest = Manifest.load(outdir / MANIFEST_NAME)
    assert manifest.forget_missing(CaseBlind(inbox)) == []
    assert set(manifest.inputs) == {"Dinas-A.xlsx"}


def test_reports_for_the_same_agency_are_told_apart_from_invisible_characters(
    rows, make_input, inbox
):
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    make_input(unit(rows, "Dinas\u200b A\u202e"), "masuk/a-lagi.xlsx")
    result = process_folder(inbox, jobs=1)
    assert len(result.duplicates) == 1  # the same report, whatever hides in the name
    names = sorted(row.output or "" for row in result.files)
    assert names == ["LKT Dinas A Kabupaten Malang 2021 TW IV - a.xlsx", REPORT_A]


def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(rows, make_input, inbox):
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("Windows names are always Unicode")
    make_input(unit(rows, "Dinas A"), "masuk/a.xlsx")
    rows_b = unit(rows, "Dinas B").set("Tahun", "dua ribu")  # fails: an error report too
    made = make_input(rows_b, "masuk/tmp-b.xlsx")
    odd = inbox / os.fsdecode(b"dinas-\xff\x1b[31m.xlsx")
    made.rename(odd)
    code, out, err = run("proses", inbox, "-j", "1")
    assert code == 1, out + err  # the bad file fails; the run does not crash
    assert "Traceback" not in err and "GALAT tak terduga" not in out + err
    assert "\x1b" not in out + err
    assert "1 dari 2 berkas menjadi laporan" in out
    reports = [p.name for p in (inbox / "hasil").iterdir() if p.name.startswith("GAGAL")]
    assert reports == ["GAGAL dinas-_.xlsx.txt"]  # the escape sequence is left out
    assert "\x1b" not in (inbox / "hasil" / reports[0]).read_text(encoding="utf-8")
    code, out, err = run("proses", inbox, "-j", "1")
    assert "tidak berubah" in out  # the manifest read its names back


def test_a_path_too_long_says_so_not_close_excel(tmp_path):
    message = cannot_write(tmp_path / "x.xlsx", OSError(errno.ENAMETOOLONG, "File name too long"))
    assert "path too long" in message
    assert "Excel" not in message
    held = cannot_write(tmp_path / "x.xlsx", OSError(errno.ENOSPC, "No space left"))
    assert "disk penuh" in held
