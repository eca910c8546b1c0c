"""Property-based tests: exact figures for random valid inputs, located errors for damaged ones.

The expected figures are computed here independently, with ``fractions.Fraction``
and integer floor division, not with the package's Decimal code.
"""

from __future__ import annotations

import math
import tempfile
from fractions import Fraction
from pathlib import Path

import openpyxl
from builders import write_input
from conftest import example_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkt_excel import api
from lkt_excel.core.model import DATA_COLUMNS, INDIKATOR_COLUMNS
from lkt_excel.core.problems import InputError

ROMAN = ("I", "II", "III", "IV")
FIRST_ROW = 8  # the LKT sheet: 3 title rows, a blank row, 2 header rows, the column numbers
REALISASI = slice(8, 13)  # columns I..M: TW I-IV, then TOTAL

PROPERTY_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def rounded(value: Fraction, places: int, mode: str) -> Fraction:
    """Excel ROUND (half away from zero) or ROUNDDOWN, for a value >= 0, exactly."""
    scale = 10**places
    scaled = value * scale
    whole = math.floor(scaled + Fraction(1, 2)) if mode == "normal" else math.floor(scaled)
    return Fraction(whole, scale)


@st.composite
def indicators(draw, quarters: int):
    ratio = draw(st.booleans())
    counts = []
    for _ in range(quarters):
        if ratio:
            penyebut = draw(st.integers(1, 2_000_000))
            pembilang = draw(st.integers(0, penyebut))
        else:
            penyebut = None
            pembilang = draw(st.integers(0, 10**7))
        counts.append((pembilang, penyebut))
    return {
        "ratio": ratio,
        "agregasi": draw(st.sampled_from(["akhir", "jumlah", "rata-rata"])),
        "targets": draw(st.lists(st.integers(0, 100), min_size=4, max_size=4)),
        "counts": counts,
    }


@st.composite
def models(draw):
    quarters = draw(st.integers(1, 4))
    return {
        "triwulan": quarters,
        "desimal": draw(st.integers(0, 3)),
        "pembulatan": draw(st.sampled_from(["normal", "potong"])),
        "indicators": draw(st.lists(indicators(quarters), min_size=1, max_size=3)),
    }


def input_rows(model):
    laporan = [
        ["Instansi", "Dinas Uji"],
        ["Wilayah", "Kabupaten Uji"],
        ["Tahun", 2024],
        ["Triwulan", ROMAN[model["triwulan"] - 1]],
        ["Desimal", model["desimal"]],
        ["Pembulatan", model["pembulatan"]],
    ]
    indikator = [[c.header for c in INDIKATOR_COLUMNS]]
    data = [[c.header for c in DATA_COLUMNS]]
    for n, ind in enumerate(model["indicators"], start=1):
        kode = f"IK{n}"
        indikator.append(
            [kode, 1, "Sasaran uji", f"Indikator {n}", "%" if ind["ratio"] else "unit", "positif"]
            + ["pembilang", "penyebut" if ind["ratio"] else None]
            + ind["targets"]
            + [None, ind["agregasi"], None, None]
        )
        for q, (pembilang, penyebut) in enumerate(ind["counts"], start=1):
            data.append([kode, ROMAN[q - 1], pembilang, penyebut, None])
    return laporan, indikator, data


def expected_figures(model, ind) -> list[Fraction | None]:
    """TW I-IV and TOTAL as the table must show them (None: not reported yet)."""
    places, mode = model["desimal"], model["pembulatan"]
    shown = []
    for pembilang, penyebut in ind["counts"]:
        exact = Fraction(pembilang * 100, penyebut) if ind["ratio"] else Fraction(pembilang)
        shown.append(rounded(exact, places, mode))
    if ind["agregasi"] == "akhir":
        total = shown[-1]
    elif ind["agregasi"] == "jumlah":
        total = sum(shown, Fraction(0))
    else:  # the mean of the figures shown, rounded like them
        total = rounded(sum(shown, Fraction(0)) / len(shown), places, mode)
    return shown + [None] * (4 - len(shown)) + [total]


@PROPERTY_SETTINGS
@given(models())
def test_built_figures_equal_exact_arithmetic(model):
    with tempfile.TemporaryDirectory() as folder:
        source = write_input(Path(folder) / "masukan.xlsx", *input_rows(model))
        done = api.build(source, Path(folder) / "laporan.xlsx")
        sheet = openpyxl.load_workbook(done.output)["LKT"]
        rows = list(sheet.iter_rows(min_row=FIRST_ROW, values_only=True))
    for n, ind in enumerate(model["indicators"], start=1):
        row = next(r for r in rows if str(r[2]).startswith(f"Indikator {n}"))
        expected = [None if f is None else float(f) for f in expected_figures(model, ind)]
        assert list(row[REALISASI]) == expected, (n, ind)


def test_rounding_helper_by_hand():
    # 36 / 1334 x 100 = 2.69865...: ROUND 2.70, ROUNDDOWN 2.69; a tie 0.125 -> 0.13 / 0.12.
    assert rounded(Fraction(3600, 1334), 2, "normal") == Fraction(270, 100)
    assert rounded(Fraction(3600, 1334), 2, "potong") == Fraction(269, 100)
    assert rounded(Fraction(1, 8), 2, "normal") == Fraction(13, 100)
    assert rounded(Fraction(1, 8), 2, "potong") == Fraction(12, 100)


# --- Random damage ----------------------------------------------------------------------------

JUNK = st.sampled_from(["", " ", "abc", "1.33", "-5", "2,5", "#N/A", "=1+1", "IV", "TW 9", "0"])
NUMBER_COLUMNS = {
    "indikator": ["Target TW I", "Target TW II", "Target TW III", "Target TW IV", "Target Total"],
    "data": ["Pembilang", "Penyebut", "Realisasi Dilaporkan"],
}


@st.composite
def damage(draw):
    """A list of edits to the example's rows: (kind, sheet, row, column, value)."""
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["blank", "text", "duplicate", "rename", "delete"]))
        sheet = draw(st.sampled_from(["laporan", "indikator", "data"]))
        edits.append(
            (
                kind,
                sheet,
                draw(st.integers(0, 8)),
                draw(st.integers(0, 15)),
                draw(JUNK),
                draw(st.sampled_from(NUMBER_COLUMNS["data" if sheet == "data" else "indikator"])),
            )
        )
    return edits


def damaged_rows(edits):
    rows = example_rows()
    for kind, sheet, r, c, value, number_column in edits:
        table = getattr(rows, sheet)
        r %= len(table)
        c %= max(1, len(table[r]))
        if kind == "blank" and table[r]:
            table[r][c] = None
        elif kind == "text" and sheet != "laporan":
            col = table[0].index(number_column) if number_column in table[0] else c
            if len(table) > 1:
                table[max(1, r)][col % len(table[max(1, r)])] = value
        elif kind == "text":
            table[r][1 % len(table[r])] = value
        elif kind == "duplicate":
            table.insert(r, list(table[r]))
        elif kind == "rename" and table[0]:
            table[0][c % len(table[0])] = value or "Kolom Baru"
        elif kind == "delete" and len(table) > 1:
            del table[r]
    return rows


@PROPERTY_SETTINGS
@given(damage())
def test_damaged_input_gives_a_report_or_located_errors(edits):
    rows = damaged_rows(edits)
    with tempfile.TemporaryDirectory() as folder:
        source = write_input(Path(folder) / "masukan.xlsx", rows.laporan, rows.indikator, rows.data)
        problems = api.check(source)
        for problem in problems:
            assert problem.sheet in ("Laporan", "Indikator", "Data"), problem
            assert problem.message and problem.fix, problem
            assert problem.row is None or problem.row >= 1, problem
            assert problem.column is None or problem.column.isalpha(), problem
        try:
            done = api.build(source, Path(folder) / "laporan.xlsx")
        except InputError as exc:
            assert any(p.is_error for p in exc.problems)
            assert any(p.is_error for p in problems)
        else:
            assert done.output.exists()
            assert not any(p.is_error for p in problems)
