"""Shared fixtures: tiny input workbooks made by code, and readers for the output.

``make_input`` writes an input workbook from rows; tests change the example's
rows (``example_rows``) to make each case, so every fixture is readable here.
"""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest
from builders import write_input

from lkt_excel.inputs import contoh

EXAMPLE_INPUT = (
    Path(__file__).resolve().parent.parent / "examples" / ("contoh-lkt-2021-kabupaten-malang.xlsx")
)


class Rows:
    """The three sheets of an input workbook as editable lists of rows."""

    def __init__(self, laporan, indikator, data, anggaran=None):
        self.laporan = [list(r) for r in laporan]
        self.indikator = [list(r) for r in indikator]
        self.data = [list(r) for r in data]
        # The optional sheet Anggaran (header row, then rows); None: no such sheet.
        self.anggaran = None if anggaran is None else [list(r) for r in anggaran]

    def set(self, key: str, value) -> Rows:
        """Set a Laporan key (adding it when absent)."""
        for row in self.laporan:
            if row[0] == key:
                row[1] = value
                return self
        self.laporan.append([key, value])
        return self

    def column(self, sheet: str, header: str) -> int:
        return getattr(self, sheet)[0].index(header)

    def cell(self, sheet: str, row: int, header: str, value) -> Rows:
        """Set a value in table ``sheet`` ('indikator' or 'data'); row 1 is the first data row."""
        getattr(self, sheet)[row][self.column(sheet, header)] = value
        return self

    def copy(self) -> Rows:
        return copy.deepcopy(self)


def example_rows() -> Rows:
    """The example without its signature keys (``contoh.PENGESAHAN``): tests add what they need."""
    return Rows(
        contoh.LAPORAN,
        [contoh.INDIKATOR_HEADERS, *contoh.INDIKATOR],
        [contoh.DATA_HEADERS, *contoh.DATA],
    )


@pytest.fixture
def rows() -> Rows:
    return example_rows()


@pytest.fixture
def inbox(tmp_path) -> Path:
    """An empty input folder for the folder workflow."""
    path = tmp_path / "masuk"
    path.mkdir()
    return path


@pytest.fixture
def make_input(tmp_path):
    """Write ``Rows`` to an .xlsx in the test's folder and return its path."""
    counter = iter(range(1000))

    def make(rows: Rows, name: str | None = None) -> Path:
        path = tmp_path / (name or f"masukan-{next(counter)}.xlsx")
        extra = None if rows.anggaran is None else {"Anggaran": rows.anggaran}
        return write_input(path, rows.laporan, rows.indikator, rows.data, extra=extra)

    return make


def sheet_values(path: Path, sheet: str) -> list[tuple]:
    """Every row of a written sheet as values (openpyxl, as a person would open it)."""
    book = openpyxl.load_workbook(path)
    return [tuple(r) for r in book[sheet].iter_rows(values_only=True)]
