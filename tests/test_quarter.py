"""The coordinator's quarter: the period rule, rekap.xlsx, every notice in ringkasan.xlsx.

The agencies' figures are chosen so that each capaian, average, predikat and
rank can be worked out by hand; the test works them out with Fraction and
checks rekap.xlsx against them and against each agency's own report (both
opened with openpyxl, as a person opens them).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from builders import write_input
from typer.testing import CliRunner

from lkt_excel.api import build
from lkt_excel.cli.app import app
from lkt_excel.folder.batch import process_folder
from lkt_excel.folder.manifest import MANIFEST_NAME
from lkt_excel.folder.period import Period, parse_tahun, parse_triwulan
from lkt_excel.folder.quarter import Options
from lkt_excel.folder.recap_data import STORE_NAME
from lkt_excel.folder.rekap import HEADER_ROW, RECAP_NAME
from lkt_excel.folder.results import Status
from lkt_excel.folder.summary import NOTICE_SHEET, SUMMARY_HEADER_ROW, SUMMARY_NAME
from lkt_excel.inputs.contoh import DATA_HEADERS, INDIKATOR_HEADERS

QUARTERS = ("I", "II", "III", "IV")
# Two indicators every agency reports, summed over the quarters (satuan "unit"):
#   K1 positif, target 10 a quarter (total 40): capaian = R / T x 100
#   K2 negatif, target 5 a quarter (total 20):  capaian = (2T - R) / T x 100
K1_TARGETS, K2_TARGETS = (10, 10, 10, 10), (5, 5, 5, 5)
AGENCIES = {
    # file: (instansi, tahun, K1 counts, K2 counts, with K3 whose target is 0)
    "alfa.xlsx": ("Dinas Alfa", 2024, (9, 10, 11, 10), (5, 5, 5, 5), False),
    "beta.xlsx": ("Dinas Beta", 2024, (8, 8, 8, 9), (6, 6, 6, 6), False),
    "gamma.xlsx": ("Dinas Gamma", 2024, (8, 8, 8, 9), (6, 6, 6, 6), False),  # ties Beta
    "delta.xlsx": ("Dinas Delta", 2024, (7, 7, 7, 6), (7, 7, 7, 7), True),
    "epsilon.xlsx": ("Dinas Epsilon", 2023, (10, 10, 10, 10), (5, 5, 5, 5), False),
}
BANDS = ((91, "Sangat Tinggi"), (76, "Tinggi"), (66, "Sedang"), (51, "Rendah"))


def write_agency(path: Path, instansi, tahun, k1, k2, k3, wilayah="Kabupaten Contoh"):
    laporan = [
        ("Instansi", instansi),
        ("Wilayah", wilayah),
        ("Tahun", tahun),
        ("Triwulan", "IV"),
        ("Desimal", 2),
    ]

    def indicator(kode, name, polaritas, targets):
        values = {
            "Kode": kode,
            "No": 1,
            "Sasaran Strategis": "Meningkatnya Pelayanan",
            "Indikator Kinerja": name,
            "Satuan": "unit",
            "Polaritas": polaritas,
            "Agregasi": "jumlah",
            **{f"Target TW {q}": t for q, t in zip(QUARTERS, targets, strict=True)},
        }
        return [values.get(header) for header in INDIKATOR_HEADERS]

    indikator = [
        list(INDIKATOR_HEADERS),
        indicator("K1", "Jumlah layanan", "positif", K1_TARGETS),
        indicator("K2", "Jumlah keluhan", "negatif", K2_TARGETS),
    ]
    data = [list(DATA_HEADERS)]
    data += [["K1", q, n, None, None] for q, n in zip(QUARTERS, k1, strict=True)]
    data += [["K2", q, n, None, None] for q, n in zip(QUARTERS, k2, strict=True)]
    if k3:
        indikator.append(indicator("K3", "Jumlah inovasi", "positif", (0, 0, 0, 0)))
        data += [["K3", q, 1, None, None] for q in QUARTERS]
    return write_input(path, laporan, indikator, data)


def rounded(value: Fraction) -> Decimal:
    """Half away from zero to 2 places, like Excel's ROUND (values here are positive)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def band(value: Decimal) -> str:
    return next((name for lower, name in BANDS if value >= lower), "Sangat Rendah")


def expected_lines(k1, k2, k3):
    """Per indicator: TW IV target, realisasi, capaian; TOTAL target, realisasi, capaian."""
    r1, r2 = sum(k1), sum(k2)
    lines = [
        (
            "K1",
            10,
            k1[3],
            rounded(Fraction(k1[3] * 100, 10)),
            40,
            r1,
            rounded(Fraction(r1 * 100, 40)),
        ),
        (
            "K2",
            5,
            k2[3],
            rounded(Fraction((2 * 5 - k2[3]) * 100, 5)),
            20,
            r2,
            rounded(Fraction((2 * 20 - r2) * 100, 20)),
        ),
    ]
    if k3:
        lines.append(("K3", 0, 1, None, 0, 4, None))  # a zero target: no capaian
    return lines


@pytest.fixture
def quarter_folder(tmp_path) -> Path:
    folder = tmp_path / "tw4"
    folder.mkdir()
    for name, (instansi, tahun, k1, k2, k3) in AGENCIES.items():
        write_agency(folder / name, instansi, tahun, k1, k2, k3)
    return folder


def sheet_rows(path: Path, sheet: str, first: int) -> list[tuple]:
    book = openpyxl.load_workbook(path, data_only=True)
    return [tuple(r) for r in book[sheet].iter_rows(min_row=first, values_only=True)]


def report_figures(path: Path) -> dict[str, tuple]:
    """From an agency's own report (sheet Capaian): per indicator kode, its TW IV and TOTAL
    target, realisasi and capaian, and the TOTAL kategori."""
    rows = sheet_rows(path, "Capaian", 5)
    found, current = {}, None
    for row in rows:
        if row[0] is not None and row[1]:
            current = row[1]
        if row[3] == "TW IV":
            tw4 = (row[4], row[7], row[9])
        elif row[3] == "TOTAL":
            found[current] = (*tw4, row[4], row[7], row[9], row[10])
    return found


def test_recap_figures_equal_each_report_and_the_hand_worked_ones(quarter_folder):
    result = process_folder(quarter_folder, jobs=2)
    outdir = quarter_folder / "hasil"
    statuses = {r.label: r.status for r in result.files}
    assert statuses == {
        "alfa.xlsx": Status.BERHASIL,
        "beta.xlsx": Status.BERHASIL,
        "delta.xlsx": Status.BERHASIL,
        "epsilon.xlsx": Status.PERIODE_LAIN,  # 2023 in a folder of 2024
        "gamma.xlsx": Status.BERHASIL,
    }
    recap = outdir / RECAP_NAME
    lines = [r for r in sheet_rows(recap, "Indikator", HEADER_ROW + 2) if r[0] is not None]
    # by agency name, then the report's indicator order; numbered 1..n
    assert [r[0] for r in lines] == list(range(1, 10))
    assert [r[1] for r in lines] == ["Dinas Alfa"] * 2 + ["Dinas Beta"] * 2 + [
        "Dinas Delta"
    ] * 3 + ["Dinas Gamma"] * 2
    outputs = {r.label: r.output for r in result.files}
    by_instansi = {}
    for name, (instansi, tahun, k1, k2, k3) in AGENCIES.items():
        if tahun != 2024:
            continue
        mine = [r for r in lines if r[1] == instansi]
        own = report_figures(outdir / outputs[name])
        for row, (kode, *figures) in zip(mine, expected_lines(k1, k2, k3), strict=True):
            assert row[3] == kode and row[5] == "unit"
            worked = [None if f is None else float(f) for f in figures]
            assert list(row[7:13]) == worked  # the figures worked out here
            name_in_report = f"{row[4]} (unit)"
            assert tuple(row[7:14]) == tuple(
                v if v != "" else None for v in own[name_in_report]
            )  # the agency's own report: TW IV, TOTAL, kategori
            assert row[13] == (band(figures[5]) if figures[5] is not None else None)
        by_instansi[instansi] = expected_lines(k1, k2, k3)
    # The per-agency sheet: average of the TOTAL capaian, its band, counts, rank.
    averages = {}
    for instansi, expected in by_instansi.items():
        values = [Fraction(str(line[6])) for line in expected if line[6] is not None]
        averages[instansi] = rounded(sum(values) / len(values))
    assert averages == {
        "Dinas Alfa": Decimal("100.00"),
        "Dinas Beta": Decimal("81.25"),  # (82,50 + 80,00) / 2
        "Dinas Gamma": Decimal("81.25"),
        "Dinas Delta": Decimal("63.75"),  # (67,50 + 60,00) / 2; K3 has no capaian
    }
    agencies = [r for r in sheet_rows(recap, "Instansi", HEADER_ROW + 2) if r[1]]
    header = sheet_rows(recap, "Instansi", HEADER_ROW + 1)[0]
    assert header[:6] == (
        "PERINGKAT",
        "INSTANSI",
        "BERKAS LAPORAN",
        "JUMLAH INDIKATOR",
        "RATA-RATA CAPAIAN (%)",
        "PREDIKAT",
    )
    assert header[6:] == (
        "SANGAT TINGGI",
        "TINGGI",
        "SEDANG",
        "RENDAH",
        "SANGAT RENDAH",
        "TANPA CAPAIAN",
    )
    assert [r[:6] for r in agencies] == [
        (1, "Dinas Alfa", outputs["alfa.xlsx"], 2, 100.0, "Sangat Tinggi"),
        (2, "Dinas Beta", outputs["beta.xlsx"], 2, 81.25, "Tinggi"),
        (2, "Dinas Gamma", outputs["gamma.xlsx"], 2, 81.25, "Tinggi"),  # a shared rank
        (4, "Dinas Delta", outputs["delta.xlsx"], 3, 63.75, "Rendah"),
    ]
    # Alfa 100 and 100; Beta 82,5 and 80; Delta 67,5 (Sedang), 60 (Rendah), no capaian
    assert [r[6:] for r in agencies] == [
        (2, 0, 0, 0, 0, 0),
        (0, 2, 0, 0, 0, 0),
        (0, 2, 0, 0, 0, 0),
        (0, 0, 1, 1, 0, 1),
    ]


def test_recap_cells_are_numbers_and_it_prints_on_f4_landscape(quarter_folder):
    process_folder(quarter_folder, jobs=2)
    book = openpyxl.load_workbook(quarter_folder / "hasil" / RECAP_NAME)
    assert book.sheetnames == ["Indikator", "Instansi", "Grafik"]
    indikator = book["Indikator"]
    first = HEADER_ROW + 2
    assert indikator.cell(first, 8).value == 10 and indikator.cell(first, 8).data_type == "n"
    assert indikator.cell(first, 8).number_format == "#,##0"  # the target as entered
    assert indikator.cell(first, 10).number_format == "#,##0.00"  # capaian, 2 places
    assert indikator.cell(first, 2).data_type == "s"  # the agency's name stays text
    assert indikator.cell(first, 13).value == 100 and indikator.cell(first, 13).data_type == "n"
    assert indikator.cell(first, 14).fill.fgColor.rgb.endswith("00B050")  # Sangat Tinggi
    assert book["Instansi"].cell(first, 5).data_type == "n"
    for sheet in book:
        assert sheet.page_setup.paperSize == 14 and sheet.page_setup.orientation == "landscape"
    for name in ("Indikator", "Instansi"):
        assert book[name].print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
    chart = book["Grafik"]._charts
    assert len(chart) == 1


def test_an_unchanged_rerun_keeps_every_report_in_the_recap(quarter_folder):
    process_folder(quarter_folder, jobs=2)
    outdir = quarter_folder / "hasil"
    before = sheet_rows(outdir / RECAP_NAME, "Instansi", HEADER_ROW + 2)
    made = (outdir / RECAP_NAME).stat().st_mtime_ns
    again = process_folder(quarter_folder, jobs=2)
    assert {r.status for r in again.files} == {Status.TIDAK_BERUBAH, Status.PERIODE_LAIN}
    assert sheet_rows(outdir / RECAP_NAME, "Instansi", HEADER_ROW + 2) == before
    # Made from the same reports, the recap is kept, not written again ...
    assert (outdir / RECAP_NAME).stat().st_mtime_ns == made
    # ... unless it was changed or removed since.
    (outdir / RECAP_NAME).unlink()
    process_folder(quarter_folder, jobs=2)
    assert sheet_rows(outdir / RECAP_NAME, "Instansi", HEADER_ROW + 2) == before
    # A record lost (an older output folder): that input is built again, the recap whole.
    store = json.loads((outdir / STORE_NAME).read_text(encoding="utf-8"))
    del store["reports"]["beta.xlsx"]
    (outdir / STORE_NAME).write_text(json.dumps(store), encoding="utf-8")
    third = process_folder(quarter_folder, jobs=2)
    assert {r.label: r.status for r in third.files}["beta.xlsx"] is Status.BERHASIL
    assert sheet_rows(outdir / RECAP_NAME, "Instansi", HEADER_ROW + 2) == before
    # An input taken away leaves the recap.
    (quarter_folder / "alfa.xlsx").unlink()
    process_folder(quarter_folder, jobs=2)
    names = [r[1] for r in sheet_rows(outdir / RECAP_NAME, "Instansi", HEADER_ROW + 2) if r[1]]
    assert names == ["Dinas Beta", "Dinas Gamma", "Dinas Delta"]


def test_a_damaged_recap_record_is_said_and_built_again(quarter_folder):
    process_folder(quarter_folder, jobs=2)
    outdir = quarter_folder / "hasil"
    store = json.loads((outdir / STORE_NAME).read_text(encoding="utf-8"))
    store["reports"]["beta.xlsx"]["record"] = {"instansi": "rusak"}
    (outdir / STORE_NAME).write_text(json.dumps(store), encoding="utf-8")
    (outdir / RECAP_NAME).unlink()
    result = CliRunner().invoke(app, ["proses", str(quarter_folder), "--tahun", "2024"])
    assert result.exit_code == 1
    assert (
        "Rekap belum memuat beta.xlsx: data rekapnya tidak ada atau rusak. Jalankan lagi "
        "perintah yang sama; "
        "berkas itu dibuat ulang dan masuk rekap."
    ) in " ".join(result.output.split())
    names = [r[1] for r in sheet_rows(outdir / RECAP_NAME, "Instansi", HEADER_ROW + 2) if r[1]]
    assert names == ["Dinas Alfa", "Dinas Gamma", "Dinas Delta"]
    again = process_folder(quarter_folder, jobs=2)
    assert {r.label: r.status for r in again.files}["beta.xlsx"] is Status.BERHASIL
    names = [r[1] for r in sheet_rows(outdir / RECAP_NAME, "Instansi", HEADER_ROW + 2) if r[1]]
    assert names == ["Dinas Alfa", "Dinas Beta", "Dinas Gamma", "Dinas Delta"]


# ---------------------------------------------------------------------------
# The period
# ---------------------------------------------------------------------------


def test_the_period_given_flags_the_others_and_the_manifest_says_why(quarter_folder):
    result = process_folder(quarter_folder, jobs=2, coordinator=Options(Period(tahun=2023)))
    statuses = {r.label: r.status.value for r in result.files}
    assert statuses == {
        "alfa.xlsx": "periode-lain",
        "beta.xlsx": "periode-lain",
        "delta.xlsx": "periode-lain",
        "epsilon.xlsx": "berhasil",
        "gamma.xlsx": "periode-lain",
    }
    (alfa,) = [r for r in result.files if r.label == "alfa.xlsx"]
    assert alfa.remark.startswith(
        "Periode lain: laporan ini untuk tahun 2024, bukan 2023 (periode folder ini: 2023 TW IV "
        "Kabupaten Contoh, menurut --tahun)."
    )
    manifest = json.loads((quarter_folder / "hasil" / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["inputs"]["alfa.xlsx"]["status"] == "periode-lain"
    assert manifest["inputs"]["alfa.xlsx"]["note"] == alfa.remark
    assert manifest["inputs"]["epsilon.xlsx"]["note"] == ""
    names = [r[1] for r in sheet_rows(quarter_folder / "hasil" / RECAP_NAME, "Instansi", 6) if r[1]]
    assert names == ["Dinas Epsilon"]
    # The summary's row says it too, and the report is there (a correct report).
    rows = sheet_rows(quarter_folder / "hasil" / SUMMARY_NAME, "Ringkasan", SUMMARY_HEADER_ROW + 1)
    row = next(r for r in rows if r[1] == "alfa.xlsx")
    assert row[2] == "periode-lain" and row[6] == alfa.remark
    assert (quarter_folder / "hasil" / alfa.output).is_file()


def test_the_region_and_the_quarter_are_checked_too(quarter_folder):
    write_agency(
        quarter_folder / "zeta.xlsx", "Dinas Zeta", 2024, (1,) * 4, (1,) * 4, False, "Kota Lain"
    )
    result = process_folder(
        quarter_folder, jobs=2, coordinator=Options(Period(2024, 3, "kabupaten  contoh"))
    )
    zeta = next(r for r in result.files if r.label == "zeta.xlsx")
    assert zeta.remark.startswith(
        "Periode lain: laporan ini untuk TW IV, bukan TW III; wilayah Kota Lain, bukan "
        "kabupaten contoh (periode folder ini: 2024 TW III kabupaten contoh, menurut --triwulan "
        "dan --wilayah)."
    )
    # Without options the majority decides: 2024, TW IV, Kabupaten Contoh.
    plain = process_folder(quarter_folder, jobs=2)
    flagged = sorted(r.label for r in plain.files if r.status is Status.PERIODE_LAIN)
    assert flagged == ["epsilon.xlsx", "zeta.xlsx"]


def test_no_majority_checks_nothing_of_that_part_and_says_so(tmp_path):
    folder = tmp_path / "dua"
    folder.mkdir()
    write_agency(folder / "a.xlsx", "Dinas A", 2023, (1,) * 4, (1,) * 4, False)
    write_agency(folder / "b.xlsx", "Dinas B", 2024, (1,) * 4, (1,) * 4, False)
    result = process_folder(folder, jobs=1)
    assert [r.status for r in result.files] == [Status.BERHASIL, Status.BERHASIL]
    assert [n.message for n in result.notices if n.kind == "periode"] == [
        "Perhatian: tidak ada tahun yang dipakai sebagian besar berkas, jadi bagian itu tidak "
        "diperiksa. Sebutkan dengan --tahun."
    ]


def test_quarter_and_year_words():
    assert [parse_triwulan(t) for t in ("IV", "iv", "4", "TW IV", "Triwulan 3", " ii ")] == [
        4,
        4,
        4,
        4,
        3,
        2,
    ]
    assert [parse_triwulan(t) for t in ("V", "5", "", "TW")] == [None] * 4
    assert [parse_tahun(t) for t in ("2024", " 2024 ", "24", "20x4", "1999", "")] == [
        2024,
        2024,
        None,
        None,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ["--tahun", "20x4"],
            "Nilai opsi --tahun tidak sah: '20x4'. Tulis tahunnya dengan empat angka, dari 2000 "
            "sampai 2100, misalnya --tahun 2024.",
        ),
        (
            ["--triwulan", "V"],
            "Nilai opsi --triwulan tidak sah: 'V'. Tulis I, II, III atau IV (atau 1 sampai 4), "
            "misalnya --triwulan IV.",
        ),
    ],
)
def test_an_unreadable_period_is_a_usage_error(quarter_folder, args, sentence):
    result = CliRunner().invoke(app, ["proses", str(quarter_folder), *args])
    assert result.exit_code == 2
    assert " ".join(sentence.split()) in " ".join(
        result.output.replace("│", " ").replace("╭", " ").replace("╰", " ").split()
    )
    assert not (quarter_folder / "hasil").exists()  # nothing was run


# ---------------------------------------------------------------------------
# Every notice in ringkasan.xlsx
# ---------------------------------------------------------------------------


def test_every_notice_has_its_row_in_the_summary(quarter_folder):
    # An input open in Excel (its lock file beside it), a subfolder, a finished report
    # dropped among the inputs, a second file for Dinas Alfa's report, another year.
    (quarter_folder / "~$beta.xlsx").write_bytes(b"")
    (quarter_folder / "arsip").mkdir()
    write_agency(
        quarter_folder / "arsip" / "lama.xlsx", "Dinas Lama", 2024, (1,) * 4, (1,) * 4, False
    )
    built = build(quarter_folder / "alfa.xlsx", quarter_folder / "LKT Dinas Alfa.xlsx")
    assert built.output.is_file()
    write_agency(
        quarter_folder / "alfa revisi.xlsx", "Dinas Alfa", 2024, (9, 10, 11, 10), (5,) * 4, False
    )
    result = CliRunner().invoke(app, ["proses", str(quarter_folder), "-j", "2"])
    assert result.exit_code == 1, result.output  # epsilon is of another period
    rows = sheet_rows(quarter_folder / "hasil" / SUMMARY_NAME, NOTICE_SHEET, 2)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "berkas terbuka", "beta.xlsx"),
        (2, "subfolder dilewati", "arsip/"),
        (3, "laporan", "LKT Dinas Alfa.xlsx"),
        (4, "ganda", "alfa revisi.xlsx, alfa.xlsx"),
        (5, "periode lain", "epsilon.xlsx"),
    ]
    assert rows[1][3] == "Subfolder 'arsip/' dilewati: pakai --rekursif untuk ikut memproses."
    assert rows[2][3] == "'LKT Dinas Alfa.xlsx': Ini sudah laporan, bukan masukan: tidak diproses."
    # What the console said is what the sheet lists.
    for row in rows:
        assert " ".join(row[3].split()) in " ".join(result.output.split())
    # The finished report is a row of the table too, with status laporan.
    table = sheet_rows(quarter_folder / "hasil" / SUMMARY_NAME, "Ringkasan", SUMMARY_HEADER_ROW + 1)
    assert ("LKT Dinas Alfa.xlsx", "laporan") in [(r[1], r[2]) for r in table]


def test_a_recap_that_cannot_be_written_is_said_and_the_reports_stay(quarter_folder):
    outdir = quarter_folder / "hasil"
    (outdir / RECAP_NAME).mkdir(parents=True)  # stands in for rekap.xlsx open in Excel
    result = CliRunner().invoke(app, ["proses", str(quarter_folder), "--tahun", "2024"])
    assert result.exit_code == 1
    assert "Rekap tidak dibuat: Rekap '" in result.output
    assert "tidak dapat ditulis" in result.output
    assert len(list(outdir.glob("LKT *.xlsx"))) == 5
    rows = sheet_rows(outdir / SUMMARY_NAME, NOTICE_SHEET, 2)
    assert [r[1] for r in rows] == ["periode lain", "rekap"]


def test_an_input_for_another_period_gets_no_email_draft(quarter_folder):
    """The email step runs after the period check: epsilon.xlsx (2023) is built but not
    drafted, the four 2024 reports are."""
    from lkt_excel.folder.mailing import MailStep

    result = process_folder(quarter_folder, jobs=1, mail=MailStep())
    statuses = {row.label: row.status for row in result.files}
    assert statuses["epsilon.xlsx"] is Status.PERIODE_LAIN
    drafts = sorted(p.name for p in result.outdir.glob("*.eml"))
    expected = sorted(
        Path(row.output).with_suffix(".eml").name for row in result.files if row.status.ok
    )
    assert len(expected) == 4 and drafts == expected
    assert not any("Epsilon" in name for name in drafts)


def test_a_recap_record_follows_an_input_renamed_in_letter_case(tmp_path):
    from lkt_excel.folder.recap_data import RecapStore

    store = RecapStore(tmp_path / STORE_NAME)
    store.put("dinas-a.xlsx", "0" * 64, {"instansi": "Dinas A"})  # type: ignore[arg-type]
    store.rename("dinas-a.xlsx", "Dinas-A.xlsx")
    assert store.has("Dinas-A.xlsx", "0" * 64) and not store.has("dinas-a.xlsx", "0" * 64)
    assert store.dirty
