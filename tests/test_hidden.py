"""Hidden rows, columns and sheets are read, and each one is named in a warning."""

from __future__ import annotations

import openpyxl

from lkt_excel import api
from lkt_excel.reading.hidden import Hidden, hidden_parts


def hide(path, *, rows=(), columns=(), sheets=()):
    """Hide rows/columns of sheet Data and whole sheets, as Excel would (openpyxl saves)."""
    book = openpyxl.load_workbook(path)
    for sheet, row in rows:
        book[sheet].row_dimensions[row].hidden = True
    for sheet, letter in columns:
        book[sheet].column_dimensions[letter].hidden = True
    for sheet in sheets:
        book[sheet].sheet_state = "hidden"
    book.save(path)
    return path


def test_the_reader_finds_hidden_rows_columns_and_sheets(rows, make_input):
    path = hide(
        make_input(rows),
        rows=[("Data", 5), ("Indikator", 3)],
        columns=[("Data", "E")],
        sheets=["Laporan"],
    )
    found = hidden_parts(path, "xlsx")
    assert found.rows == {("Data", 5), ("Indikator", 3)}
    assert ("Data", "E") in found.columns
    assert found.sheets == {"Laporan"}
    assert hidden_parts(path, "ods") == Hidden()


def test_a_hidden_row_that_is_read_is_named(rows, make_input):
    # A dropped indicator IK3 hidden at Indikator row 4, its data at Data rows 10-13.
    ik3 = list(rows.indikator[2])
    ik3[0], ik3[3] = "IK3", "Persentase Indikator Lama"
    rows.indikator.append(ik3)
    for q in ("I", "II", "III", "IV"):
        rows.data.append(["IK3", q, 1, 10, None])
    path = hide(make_input(rows), rows=[("Indikator", 4)])
    problems = [p for p in api.check(path) if p.code == "baris-tersembunyi"]
    assert [(p.level, p.sheet, p.row) for p in problems] == [("peringatan", "Indikator", 4)]
    assert problems[0].message.startswith(
        "Baris 4 lembar 'Indikator' tersembunyi (hidden) tetapi tetap dibaca: IK3, 1, "
        "Meningkatnya Usaha Koperasi dan Usaha Mikro, Persentase Indikator Lama, ..."
    )
    assert "hapus barisnya" in problems[0].fix
    # Still read: the built report holds IK3 (three indicator rows, 8-10).
    done = api.build(path)
    assert openpyxl.load_workbook(done.output)["LKT"]["C10"].value == "Persentase Indikator Lama"
    assert any(n.code == "baris-tersembunyi" for n in done.notes)


def test_a_hidden_duplicate_says_so(rows, make_input):
    rows.data.append(list(rows.data[2]))  # IK1 TW II again, at Data row 10, hidden
    path = hide(make_input(rows), rows=[("Data", 10)])
    problems = api.check(path)
    double = [p for p in problems if p.code == "data-ganda"]
    assert [p.message for p in double] == [
        "Data IK1 TW II muncul dua kali: baris 3 dan baris 10 (baris 10 tersembunyi)."
    ]
    assert [(p.code, p.row) for p in problems if p.code == "baris-tersembunyi"] == [
        ("baris-tersembunyi", 10)
    ]


def test_hidden_columns_and_sheets_are_named(rows, make_input):
    path = hide(make_input(rows), columns=[("Data", "E")], sheets=["Data"])
    found = {(p.code, p.sheet, p.column) for p in api.check(path) if "tersembunyi" in p.code}
    assert found == {("kolom-tersembunyi", "Data", "E"), ("lembar-tersembunyi", "Data", None)}


def test_a_file_without_hidden_parts_has_no_such_warning(rows, make_input):
    path = make_input(rows)
    assert hidden_parts(path, "xlsx") == Hidden()
    assert not [p for p in api.check(path) if "tersembunyi" in p.code]
