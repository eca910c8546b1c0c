"""Numbers typed as text, the Indonesian way: a dot for thousands, a comma for decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lkt_excel import api
from lkt_excel.core.numbers import NumberTextError, parse_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.334", Decimal("1334")),
        ("2,39", Decimal("2.39")),
        ("1.334,5", Decimal("1334.5")),
        ("427.706", Decimal("427706")),
        ("1.334.567", Decimal("1334567")),
        (" 36 ", Decimal("36")),
        ("1 334", Decimal("1334")),  # a space as the thousands separator
        ("1\u00a0334,5", Decimal("1334.5")),  # a non-breaking space, as Excel copies it
        ("2,39%", Decimal("2.39")),
        ("2,39 %", Decimal("2.39")),
        ("0,05", Decimal("0.05")),
        ("-0,40", Decimal("-0.40")),
        ("+7", Decimal("7")),
    ],
)
def test_indonesian_number_text(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    ("text", "suggestions"),
    [
        ("1.33", ["133", "1,33"]),  # a misplaced thousands dot, or an English decimal point?
        ("1,334.5", ["1,3345", "1.334,5"]),  # English style
        ("1.2345", ["12.345", "1,2345"]),
    ],
)
def test_ambiguous_text_is_refused_with_suggestions(text, suggestions):
    with pytest.raises(NumberTextError) as caught:
        parse_id(text)
    assert caught.value.text == text
    assert caught.value.suggestions == suggestions


@pytest.mark.parametrize("text", ["", "  ", "%", "abc", "tiga", "1,2,3x", "-"])
def test_text_that_is_no_number(text):
    with pytest.raises(NumberTextError):
        parse_id(text)


@pytest.fixture
def quiet(rows):
    for row in rows.data[1:]:
        row[4] = None
    return rows


def test_text_counts_in_the_data_sheet_are_read(quiet, make_input):
    # IK1 TW I as text: 36 / 1.334 -> 36 / 1334. Targets as text: 2,3 and 1,9.
    quiet.cell("data", 1, "Pembilang", "36").cell("data", 1, "Penyebut", "1.334")
    quiet.cell("indikator", 1, "Target TW I", "2,3").cell("indikator", 1, "Target TW II", "1,9 %")
    report, problems = api.load(make_input(quiet))
    assert problems == []
    ik1 = report.indicators[0]
    assert ik1.observations[1].pembilang == 36
    assert ik1.observations[1].penyebut == 1334
    assert ik1.targets[:2] == (Decimal("2.3"), Decimal("1.9"))


def test_ambiguous_text_is_a_located_error_showing_what_was_read(quiet, make_input):
    quiet.cell("data", 2, "Penyebut", "1.33")  # D3
    problems = api.check(make_input(quiet))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.code, problem.cell, problem.header) == ("bukan-angka", "Data!D3", "Penyebut")
    assert problem.message == (
        "Sel Data!D3 ('Penyebut') berisi teks '1.33' yang tidak bisa dibaca sebagai angka. "
        "Maksudnya '133' atau '1,33'?"
    )
    assert "titik untuk ribuan (1.334), koma untuk desimal (2,39)" in problem.fix


def test_fractional_text_in_a_count_is_a_fractional_count(quiet, make_input):
    quiet.cell("data", 2, "Pembilang", "2,5")  # C3
    problems = api.check(make_input(quiet))
    assert [(p.code, p.cell) for p in problems] == [("jumlah-pecahan", "Data!C3")]


def test_numeric_cells_are_taken_as_they_are(quiet, make_input):
    # A numeric 1.33 in a target is 1.33: only text is read the Indonesian way.
    quiet.cell("indikator", 1, "Target TW I", 1.33)
    report, problems = api.load(make_input(quiet))
    assert problems == []
    assert report.indicators[0].targets[0] == Decimal("1.33")
