"""Command-line values are converted without pydantic (lkt_excel/cli/values.py).

typer imports pydantic to convert values, which costs more than reading a small
workbook; lkt-excel converts its paths, numbers and flags itself, by the same
rules. How long anything takes is the benchmark's business: these tests check
what is imported and what the values become. They fail, never skip, when typer
moves what lkt_excel/cli/typer_compat.py relies on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Optional

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from lkt_excel.cli import typer_compat
from lkt_excel.cli.indonesian import IndonesianGroup, IndonesianTyper
from lkt_excel.cli.values import PlainValue, converter

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
sys.argv = ["lkt-excel", *sys.argv[1:]]
from lkt_excel.cli.launch import main
try:
    main()
except SystemExit as exc:
    print("EXIT:", exc.code)
print("PYDANTIC:", any(m.split(".")[0] == "pydantic" for m in sys.modules))
"""


def test_commands_run_without_importing_pydantic(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    example = ROOT / "examples" / "contoh-lkt-2021-kabupaten-malang.xlsx"
    for args in (
        ["build", str(example), "-o", str(tmp_path / "laporan.xlsx")],
        ["check", str(example), "--json"],
        ["proses", str(tmp_path / "kosong"), "--jobs", "1"],
    ):
        (tmp_path / "kosong").mkdir(exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert "PYDANTIC: False" in done.stdout, (args, done.stdout, done.stderr)
    assert (tmp_path / "laporan.xlsx").is_file()  # the probe really built


app = IndonesianTyper(cls=IndonesianGroup, add_completion=False, pretty_exceptions_enable=False)
seen: dict[str, object] = {}


@app.command()
def tulis(
    masukan: Annotated[Path, typer.Argument()],
    jumlah: Annotated[Optional[int], typer.Option("--jumlah", min=1)] = None,  # noqa: UP045
    jeda: Annotated[Optional[float], typer.Option("--jeda")] = None,  # noqa: UP045
    cepat: Annotated[bool, typer.Option("--cepat")] = False,
) -> None:
    seen.update(masukan=masukan, jumlah=jumlah, jeda=jeda, cepat=cepat)


@app.command()
def lain() -> None:
    """A second command, so that the app is a group."""


def test_values_become_what_typer_would_make():
    result = CliRunner().invoke(
        app, ["tulis", "data/masukan.xlsx", "--jumlah", "3", "--jeda", "0.5", "--cepat"]
    )
    assert result.exit_code == 0, result.output
    assert seen == {"masukan": Path("data/masukan.xlsx"), "jumlah": 3, "jeda": 0.5, "cepat": True}
    result = CliRunner().invoke(app, ["tulis", "x.xlsx"])
    assert result.exit_code == 0, result.output
    assert seen == {"masukan": Path("x.xlsx"), "jumlah": None, "jeda": None, "cepat": False}


@pytest.mark.parametrize(
    "args",
    [
        ["x.xlsx", "--jumlah", "0"],
        ["x.xlsx", "--jumlah", "dua"],
        ["x.xlsx", "--jeda", "sebentar"],
        ["", "--jumlah", "2"],  # an empty path: typer would read it as the current folder
        ["  "],
    ],
)
def test_a_wrong_value_is_a_usage_error(args):
    result = CliRunner().invoke(app, ["tulis", *args])
    assert result.exit_code == 2
    assert "tidak sah" in result.output  # cli_words' sentence, as for typer's own errors


def test_parameters_with_typer_checks_keep_typer_conversion():
    """A path that must exist, a clamped number: typer's own conversion stays."""
    demo = typer.Typer()

    @demo.command()
    def periksa(
        sumber: Annotated[Path, typer.Option(exists=True)],
        batas: Annotated[int, typer.Option(min=0, max=5, clamp=True)],
        kata: Annotated[str, typer.Option()],
        plain: Annotated[int, typer.Option()],
    ) -> None: ...

    params = {p.name: p for p in typer.main.get_command(demo).params}
    assert converter(params["sumber"]) is None
    assert converter(params["batas"]) is None
    assert isinstance(converter(params["kata"]), PlainValue)  # text (proses --wilayah): str
    assert isinstance(converter(params["plain"]), PlainValue)


def test_every_value_goes_through_our_converter():
    """typer's converter slot is where typer_compat looks, and parsing fills it with ours."""
    command = typer.main.get_command(app).commands["tulis"]  # type: ignore[attr-defined]
    params = [p for p in command.params]
    assert len(params) == 4 and all(typer_compat.converter_slot_is_empty(p) for p in params)
    command.make_context("tulis", ["x.xlsx", "--jumlah", "2"])
    for param in params:
        assert isinstance(param._runtime_param, PlainValue), param.name
