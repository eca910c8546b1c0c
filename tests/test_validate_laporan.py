"""The optional Laporan keys for print (rule, paper, signature) and sheet Kategori."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

import openpyxl
import pytest

from lkt_excel.api import load
from lkt_excel.core.model import DEFAULT_BANDS, Band, NegativeRule, Paper, Signature
from lkt_excel.validate.laporan import format_nip

KATEGORI_HEADERS = ["Kategori", "Batas Bawah", "Batas Atas", "Warna"]


def with_sheet(path, name, sheet_rows):
    """Add a sheet to a written input workbook (as a person would in Excel)."""
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet(name)
    for row in sheet_rows:
        sheet.append(row)
    book.save(path)
    return path


def located(problems):
    return [(p.code, p.cell) for p in problems if p.is_error]


def test_defaults_when_the_keys_are_absent(rows, make_input):
    report, _ = load(make_input(rows))
    settings = report.settings
    assert settings.rumus_negatif is NegativeRule.SELISIH
    assert settings.kertas is Paper.F4 and Paper.F4 == 14  # xlsxwriter: Folio 8.5 x 13 in
    assert settings.signature == Signature() and not settings.signature.present
    assert settings.bands == DEFAULT_BANDS


def test_keys_are_read(rows, make_input):
    rows.set("Rumus Negatif", "Kebalikan").set("Kertas", "a4")
    rows.set("Tempat", "Malang").set("Tanggal", "10 Januari 2022")
    rows.set("Jabatan", "Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang")
    rows.set("Nama", "Dra. SRI WAHYUNI, MM").set("Pangkat", "Pembina Utama Muda")
    rows.set("NIP", "197512291999022001")
    report, problems = load(make_input(rows))
    assert located(problems) == []
    settings = report.settings
    assert settings.rumus_negatif is NegativeRule.KEBALIKAN
    assert settings.kertas is Paper.A4 and Paper.A4 == 9
    assert settings.signature == Signature(
        tempat="Malang",
        tanggal="10 Januari 2022",
        jabatan="Kepala Dinas Koperasi dan Usaha Mikro Kabupaten Malang",
        nama="Dra. SRI WAHYUNI, MM",
        pangkat="Pembina Utama Muda",
        nip="19751229 199902 2 001",
    )


def test_a_date_cell_is_written_the_indonesian_way(rows, make_input):
    path = make_input(rows)
    book = openpyxl.load_workbook(path)
    book["Laporan"].append(["Tanggal", datetime(2022, 1, 10)])
    book.save(path)
    report, _ = load(path)
    assert report.settings.signature.tanggal == "10 Januari 2022"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("197512291999022001", "19751229 199902 2 001"),
        ("19751229 199902 2 001", "19751229 199902 2 001"),
        ("NIP. 19751229 199902 2 001", "19751229 199902 2 001"),
        ("1975.1229", "1975.1229"),  # not 18 digits: as typed
    ],
)
def test_format_nip(typed, printed):
    assert format_nip(typed) == printed


def test_bad_keys_are_located(rows, make_input):
    rows.set("Rumus Negatif", "terserah").set("Kertas", "Letter")
    rows.set("NIP", 197512291999022001)  # a number: Excel keeps 15 digits only
    # Laporan rows: the example's 7 keys, then these three at rows 8, 9 and 10.
    _, problems = load(make_input(rows))
    assert located(problems) == [
        ("pilihan-salah", "Laporan!B8"),
        ("pilihan-salah", "Laporan!B9"),
        ("nip-angka", "Laporan!B10"),
    ]


def test_kategori_sheet_replaces_the_bands(rows, make_input):
    path = with_sheet(
        make_input(rows),
        "Kategori",
        [
            KATEGORI_HEADERS,
            ["Tercapai", 100, None, "#00b050"],
            ["Hampir", 80, 100, None],
            ["Belum", None, 80, "FF0000"],
        ],
    )
    report, problems = load(path)
    assert located(problems) == []
    assert report.settings.bands == (
        Band("Tercapai", D(100), "#00B050"),
        Band("Hampir", D(80), "#FFFF00"),  # no colour: the middle of the default palette
        Band("Belum", None, "#FF0000"),
    )


def test_kategori_bands_drive_the_report(rows, make_input):
    from lkt_excel.api import build
    from lkt_excel.core.capaian import compute_capaian

    path = with_sheet(
        make_input(rows),
        "Kategori",
        [KATEGORI_HEADERS, ["Baik", 80, None, None], ["Kurang", 0, 80, None]],
    )
    done = build(path)
    table = compute_capaian(done.result).indicators[0].rows
    # IK1 TW I 82,61 >= 80: Baik; TW II 74,21 < 80: Kurang; TOTAL -39 below 0: the lowest band
    assert [row.band.name for row in table] == ["Baik", "Kurang", "Kurang", "Kurang", "Kurang"]


def test_bad_kategori_bands_are_located(rows, make_input):
    path = with_sheet(
        make_input(rows),
        "Kategori",
        [
            KATEGORI_HEADERS,
            ["Tinggi", 90, None, None],
            ["Sedang", 70, 85, None],  # gap: 85 .. 90
            ["Rendah", 50, 75, None],  # overlap: 70 .. 75
            ["Sangat Rendah", None, 50, "hijau"],  # not a colour
            ["Aneh", "banyak", 10, None],  # not a number
        ],
    )
    report, problems = load(path)
    assert report is None
    assert located(problems) == [
        ("warna-salah", "Kategori!D5"),
        ("bukan-angka", "Kategori!B6"),
    ]
    path = with_sheet(
        make_input(rows),
        "Kategori",
        [
            KATEGORI_HEADERS,
            ["Tinggi", 90, None, None],
            ["Sedang", 70, 85, None],
            ["Rendah", 50, 75, None],
            ["Sangat Rendah", None, 50, None],
        ],
    )
    report, problems = load(path)
    assert report is None
    # Sorted lowest first: Rendah's upper 75 overlaps Sedang (from 70); Sedang's 85 leaves a gap
    assert located(problems) == [
        ("kategori-tumpang-tindih", "Kategori!C4"),
        ("kategori-celah", "Kategori!C3"),
    ]
