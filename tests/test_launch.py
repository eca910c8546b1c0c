"""How the program starts (lkt_excel.cli.launch, lkt_excel.programs).

The dispatch of a double-click or a drop and the wait for Enter are decided by
pure functions, tested here without a console; the hidden reader mode and the
frozen relaunch of the child reader are run for real, from source.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import ROOT, run_cli
from hostile_xlsb import corner_cells_xlsb

from lkt_excel import programs as launcher
from lkt_excel.cli import launch
from lkt_excel.cli.launch import Plan, decide, finish
from lkt_excel.core.problems import InputError
from lkt_excel.folder import discovery
from lkt_excel.reading import reader

EXAMPLE = ROOT / "examples" / "contoh-lkt-2021-kabupaten-malang.xlsx"


@pytest.fixture
def places(tmp_path, monkeypatch) -> Path:
    """A quarter's folder with a spreadsheet and a text file, and a folder named like a command."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "2021 TW IV").mkdir()
    (tmp_path / "2021 TW IV" / "dinas-a.xlsx").write_bytes(b"")
    (tmp_path / "catatan.txt").write_text("x")
    (tmp_path / "build").mkdir()
    return tmp_path


# --- what a start does ---------------------------------------------------------


def test_a_dropped_folder_runs_proses(places):
    folder = str(places / "2021 TW IV")
    assert decide([folder], own_console=True, interactive=True) == Plan(
        ["proses", folder], wait=True
    )
    relative = decide(["2021 TW IV"], own_console=False, interactive=True)
    assert relative == Plan(["proses", "2021 TW IV"])


@pytest.mark.parametrize("name", ["dinas-a.xlsx", "DINAS.XLSX", "d.xlsm", "d.xls", "d.ods"])
def test_a_dropped_spreadsheet_runs_build(places, name):
    path = places / "2021 TW IV" / name
    path.write_bytes(b"")
    assert decide([str(path)], own_console=True, interactive=True) == Plan(
        ["build", str(path)], wait=True
    )


def test_no_argument_in_a_console_of_its_own_explains_and_waits():
    plan = decide([], own_console=True, interactive=True)
    assert plan == Plan(None, launch.EXPLANATION, 0, wait=True)
    assert "lepaskan di atas lkt-excel.exe" in launch.EXPLANATION
    # Explorer, but no console input to wait on: explain, do not wait.
    assert decide([], own_console=True, interactive=False) == Plan(None, launch.EXPLANATION, 0)


def test_no_argument_in_a_terminal_is_the_clis_own_help():
    assert decide([], own_console=False, interactive=True) == Plan([])


def test_commands_and_options_go_to_the_cli_unchanged(places):
    for argv in (
        ["build", "2021 TW IV/dinas-a.xlsx"],
        ["proses", "2021 TW IV", "--jobs", "2"],
        ["--help"],
        ["--version"],
        ["build"],  # a folder named 'build' is here: the command still wins
        ["buidl"],
        ["tidak-ada.xlsx"],  # no such file: the CLI's own message
    ):
        assert decide(argv, own_console=False, interactive=True) == Plan(argv)
        assert decide(argv, own_console=True, interactive=True) == Plan(argv, wait=True)


def test_a_file_that_is_no_spreadsheet_is_explained(places):
    plan = decide([str(places / "catatan.txt")], own_console=True, interactive=True)
    assert (plan.args, plan.code, plan.wait) == (None, 2, True)
    assert plan.message == launch.not_a_spreadsheet("catatan.txt")
    assert "'catatan.txt' bukan berkas Excel (.xlsx, .xlsm, .xls, .ods)" in plan.message


def test_several_dropped_paths_are_explained(places):
    plan = decide(
        [str(places / "2021 TW IV"), str(places / "catatan.txt")],
        own_console=True,
        interactive=True,
    )
    assert (plan.args, plan.code, plan.message) == (None, 2, launch.several_paths(2))
    assert "Taruh semua berkas masukan dalam satu folder" in plan.message


def test_the_drop_reads_what_proses_reads():
    assert set(launch.SPREADSHEET_SUFFIXES) == discovery.INPUT_SUFFIXES


# --- carrying it out, and the wait for Enter ----------------------------------


class Console:
    """What :func:`finish` printed and how often it waited, in order."""

    def __init__(self, lines: list[str] | None = None) -> None:
        self.said: list[tuple[str, bool]] = []
        self.waits = 0
        self.lines = lines

    def say(self, text: str, to_stderr: bool) -> None:
        self.said.append((text, to_stderr))

    def read_line(self) -> str:
        self.waits += 1
        self.said.append(("<Enter>", False))
        if self.lines == []:
            raise EOFError
        return "\n"


def exits_with(code, console: Console | None = None, text: str = ""):
    def run(args: list[str]) -> None:
        if console is not None:
            console.say(f"{text}{args}", False)
        sys.exit(code)

    return run


@pytest.mark.parametrize(("code", "closing"), [(0, launch.DONE), (1, launch.DONE_WITH_ERRORS)])
def test_after_a_dropped_run_the_window_waits_for_enter(code, closing):
    console = Console()
    plan = Plan(["proses", "D:/LKT"], wait=True)
    result = finish(
        plan, exits_with(code, console, "ran "), say=console.say, read_line=console.read_line
    )
    assert result == code
    assert console.said == [
        ("ran ['proses', 'D:/LKT']", False),
        ("", False),
        (f"{closing} {launch.PRESS_ENTER}", False),
        ("<Enter>", False),
    ]
    assert console.waits == 1


def test_without_a_console_of_its_own_nothing_waits():
    console = Console()
    result = finish(
        Plan(["check", "x.xlsx"]), exits_with(1), say=console.say, read_line=console.read_line
    )
    assert (result, console.waits, console.said) == (1, 0, [])


def test_the_explanation_waits_once_and_runs_nothing():
    console = Console()

    def must_not_run(args):
        raise AssertionError(args)

    plan = decide([], own_console=True, interactive=True)
    assert finish(plan, must_not_run, say=console.say, read_line=console.read_line) == 0
    assert console.said == [
        (launch.EXPLANATION, False),
        ("", False),
        (launch.PRESS_ENTER, False),
        ("<Enter>", False),
    ]


def test_a_message_with_an_error_goes_to_stderr_and_keeps_its_code():
    console = Console()
    plan = Plan(None, "pesan", 2, wait=True)
    assert finish(plan, exits_with(0), say=console.say, read_line=console.read_line) == 2
    assert console.said[0] == ("pesan", True)


def test_an_ended_input_ends_the_wait():
    console = Console(lines=[])
    plan = Plan(["build", "x.xlsx"], wait=True)
    assert finish(plan, exits_with(0), say=console.say, read_line=console.read_line) == 0
    assert console.waits == 1


def test_an_unexpected_error_is_shown_before_the_wait():
    console = Console()

    def crashes(args):
        raise RuntimeError("rusak")

    plan = Plan(["build", "x.xlsx"], wait=True)
    assert finish(plan, crashes, say=console.say, read_line=console.read_line) == 1
    (traceback, to_stderr), *rest = console.said
    assert to_stderr and "RuntimeError: rusak" in traceback
    assert rest[-2:] == [
        (f"{launch.DONE_WITH_ERRORS} {launch.PRESS_ENTER}", False),
        ("<Enter>", False),
    ]


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (2, 2), (130, 130)])
def test_exit_codes_pass_through(code, expected):
    console = Console()
    assert finish(Plan(["x"]), exits_with(code), say=console.say, read_line=console.read_line) == (
        expected
    )


def test_a_run_that_returns_is_code_0():
    console = Console()
    assert finish(Plan(["x"]), lambda args: None, say=console.say, read_line=console.read_line) == 0


def test_ctrl_c_still_waits_then_propagates():
    console = Console()

    def interrupted(args):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        finish(Plan(["x"], wait=True), interrupted, say=console.say, read_line=console.read_line)
    assert console.waits == 1


def test_the_console_facts_here(monkeypatch):
    import io

    if sys.platform != "win32":  # the console process list is a Windows thing
        assert launch.own_console() is False
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert launch.interactive() is False
    monkeypatch.setattr(sys, "stdin", None)
    assert launch.interactive() is False


# --- the child reader's command line ------------------------------------------


def test_the_child_command_from_source_and_frozen(monkeypatch):
    assert launcher.child_command(Path("a.xlsx"), "xlsx", ["-S"]) == [
        sys.executable, "-S", "-m", "lkt_excel.reading.child", "a.xlsx", "xlsx",
    ]  # fmt: skip
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert launcher.child_command(Path("a.xlsx"), "xlsx", ["-S"]) == [
        sys.executable, launcher.READER_SWITCH, "a.xlsx", "xlsx",
    ]  # fmt: skip


def test_external_programs_get_the_users_library_path(monkeypatch):
    env = {"LD_LIBRARY_PATH": "/app/_internal:/opt/x", "LD_LIBRARY_PATH_ORIG": "/opt/x", "A": "1"}
    assert launcher.external_program_env(env) == env  # from source: unchanged
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert launcher.external_program_env(env) == {"LD_LIBRARY_PATH": "/opt/x", "A": "1"}
    assert launcher.external_program_env({"LD_LIBRARY_PATH": "/app/_internal"}) == {}


PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("MODULES:" + " ".join(sorted(sys.modules))))
from lkt_excel.cli.launch import launch
launch(argv=sys.argv[1:])
"""


def test_the_hidden_reader_mode_reads_and_imports_no_cli():
    done = subprocess.run(
        [sys.executable, "-c", PROBE, launcher.READER_SWITCH, str(EXAMPLE), "xlsx"],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = [name for name, rows in json.loads(done.stdout)["sheets"]]
    assert names[:3] == ["Laporan", "Indikator", "Data"]
    modules = set(done.stderr.decode().split("MODULES:")[-1].split())
    assert "python_calamine" in modules
    assert not {"typer", "click", "rich", "lkt_excel.cli.app", "lkt_excel.api"} & modules


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in application is a shell script")
def test_frozen_the_reader_relaunches_the_application(tmp_path, monkeypatch):
    """As in the bundle: ``sys.executable`` is the application, started with the switch."""
    fake_app = tmp_path / "lkt-excel"
    fake_app.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m lkt_excel "$@"\n'
    )
    fake_app.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(fake_app))

    sheets = reader.read_cells(EXAMPLE, "xlsx")
    assert [sheet.name for sheet in sheets][:3] == ["Laporan", "Indikator", "Data"]

    # A file that kills python-calamine past the pre-scan ends only the relaunched reader.
    bad = corner_cells_xlsb(tmp_path / "mati.xlsb")
    with pytest.raises(InputError) as caught:
        reader.read_cells(bad, "xlsb")
    assert caught.value.problems[0].code == "berkas-rusak-atau-berbahaya"


def test_a_spreadsheet_as_only_argument_builds_it(tmp_path):
    """``python -m lkt_excel FILE``, as a drop on the application passes it."""
    source = tmp_path / "contoh.xlsx"
    source.write_bytes(EXAMPLE.read_bytes())
    done = run_cli(source)
    assert done.returncode == 0, done.stderr
    assert "Laporan dibuat" in done.stdout
    assert len(list(tmp_path.glob("LKT *.xlsx"))) == 1
