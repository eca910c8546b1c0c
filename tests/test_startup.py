"""`--help` is cheap and Indonesian.

Cheap: it must not import the Excel libraries, babel or pandas (checked in a
fresh interpreter through ``sys.modules``; how long it takes is the benchmark's
business, not a test's). Indonesian: typer's own words are replaced.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from lkt_excel.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("xlsxwriter", "python_calamine", "babel", "pandas")

# Runs the CLI's main with --help as the console script would, then lists the
# modules it loaded after a marker line.
PROBE = """
import sys
sys.argv = ["lkt-excel", *sys.argv[1:]]
from lkt_excel.cli.launch import main
try:
    main()
except SystemExit:
    pass
print("MODULES:" + " ".join(sorted(sys.modules)))
"""

ENGLISH = ("Show this message", "Options", "Usage", "Commands", "Arguments", "[required]")


def run(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return done.stdout


def command_names() -> dict[str, bool]:
    """Every command the app registers, and whether it is hidden."""
    group = typer.main.get_command(app)
    return {name: bool(cmd.hidden) for name, cmd in group.commands.items()}  # type: ignore[attr-defined]


def loaded(output: str) -> set[str]:
    line = next(x for x in output.splitlines() if x.startswith("MODULES:"))
    return set(line.removeprefix("MODULES:").split())


@pytest.fixture(scope="module")
def top_help() -> str:
    return run("--help")


def test_help_does_not_import_heavy_libraries(top_help):
    output = top_help
    modules = loaded(output)
    assert "lkt_excel.cli.app" in modules  # the probe really ran the CLI
    assert "Perintah" in output  # and the help was printed
    heavy = {m for m in modules if m.split(".")[0] in HEAVY}
    assert heavy == set()
    assert "lkt_excel.cli.words" not in modules  # only a wrong command line needs it


def test_importing_the_package_imports_none_of_its_modules():
    """``import lkt_excel`` is free; its API functions are loaded on first use."""
    script = (
        "import sys, lkt_excel; "
        "print(sorted(m for m in sys.modules if m.startswith('lkt_excel.'))); "
        "lkt_excel.build; print('lkt_excel.api' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split("\n")[:2] == ["[]", "True"], done.stdout


def test_command_help_does_not_import_heavy_libraries():
    output = run("build", "--help")
    assert "MASUKAN" in output
    assert {m for m in loaded(output) if m.split(".")[0] in HEAVY} == set()


def test_help_lists_every_command(top_help):
    output = top_help
    names = command_names()
    assert {"build", "check"} <= set(names)
    for name, hidden in names.items():
        if not hidden:
            assert f" {name} " in output, name


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", [None, *command_names()])
def test_help_is_indonesian(command):
    output = help_text(*([command] if command else []))
    for word in ENGLISH:
        assert word not in output, word
    assert "Cara pakai:" in output
    assert "Tampilkan bantuan ini lalu keluar." in output
    assert "[OPSI]" in output
    assert "<bool>" not in output  # flags take no value; typer would print their type
    assert "<path>" not in output  # nor an argument's type, in English


def test_typer_still_has_every_word_replaced():
    """Each frame word is a constant typer.rich_utils really has (else it stays English)."""
    from typer import rich_utils

    from lkt_excel.cli.indonesian import RICH_WORDS

    assert [name for name in RICH_WORDS if not hasattr(rich_utils, name)] == []


def test_group_help_names_its_panels_in_indonesian():
    output = help_text()
    assert "Opsi" in output
    assert "Perintah" in output
    assert "PERINTAH [ARGUMEN]..." in output


def test_command_help_marks_required_argument_in_indonesian():
    output = help_text("build")
    assert "Argumen" in output
    assert "[wajib]" in output


def test_usage_error_frame_is_indonesian():
    # Typer's own words around a usage error (the sentence itself: test_cli_words.py).
    for args in (["build"], ["tidak-ada-perintah-ini"]):
        result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 2
        assert "Cara pakai:" in result.output
        assert "Galat" in result.output
        assert "untuk bantuan" in result.output
        assert "Try " not in result.output
        assert "Error" not in result.output
