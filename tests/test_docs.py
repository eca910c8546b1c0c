"""The README cannot drift from the code: every contract column and command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkt_excel.cli.app import app
from lkt_excel.core.model import DATA_COLUMNS, INDIKATOR_COLUMNS, LAPORAN_KEYS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "header",
    sorted({c.header for c in (*LAPORAN_KEYS, *INDIKATOR_COLUMNS, *DATA_COLUMNS)}),
)
def test_every_contract_column_is_documented(header):
    assert f"`{header}`" in README or (
        header.startswith("Target TW") and "`Target TW I` … `Target TW IV`" in README
    )


def test_every_command_is_documented_and_has_help():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert f"lkt-excel {name}" in README, name
        assert command.help, name
