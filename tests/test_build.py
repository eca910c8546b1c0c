"""`build` on variations of the example: layouts, units, partial years, hostile text."""

from __future__ import annotations

import openpyxl
import pytest

from lkt_excel import api
from lkt_excel.core.problems import InputError, OutputError


def build(rows, make_input, tmp_path):
    done = api.build(make_input(rows), tmp_path / "laporan.xlsx")
    return done, openpyxl.load_workbook(done.output)


def test_partial_year_leaves_later_quarters_empty(rows, make_input, tmp_path):
    rows.set("Triwulan", "TW II")
    done, book = build(rows, make_input, tmp_path)
    sheet = book["LKT"]
    # Realisasi TW I, TW II filled (2,70 and 2,39); TW III, TW IV empty, never zero.
    assert [sheet.cell(8, c).value for c in range(9, 14)] == [2.7, 2.39, None, None, 2.39]
    assert [sheet.cell(9, c).value for c in range(9, 14)] == [0.18, 0.32, None, None, 0.32]
    # The targets stay complete: the year's plan.
    assert [sheet.cell(8, c).value for c in range(4, 9)] == [2.3, 1.9, 1.4, 1, 1]
    text = book["Narasi"]["C4"].value
    assert "Triwulan II Tahun 2021" in text and "Triwulan III" not in text
    assert text.count(", sedangkan ") == 1
    assert done.output.name == "laporan.xlsx"
    # Data for TW III and TW IV are ignored with a warning each.
    assert sum(n.code == "data-sesudah-triwulan" for n in done.notes) == 4


def test_several_sasaran_are_merged_and_numbered(rows, make_input, tmp_path):
    ik3 = list(rows.indikator[1])
    ik3[:4] = ["IK3", None, "Meningkatnya Kualitas SDM Koperasi", "Persentase Pengurus Terlatih"]
    ik4 = list(ik3)
    ik4[0], ik4[3] = "IK4", "Persentase Pengawas Terlatih"
    ik5 = list(rows.indikator[1])
    ik5[:4] = ["IK5", None, "Meningkatnya Akses Pembiayaan", "Persentase UMK Mendapat Kredit"]
    for row in (ik3, ik4, ik5):
        row[1] = None  # No left blank: numbered by first appearance of the sasaran
    rows.cell("indikator", 1, "No", None).cell("indikator", 2, "No", None)
    rows.indikator += [ik3, ik5, ik4]  # IK4 comes after IK5 but shares IK3's sasaran
    for kode in ("IK3", "IK4", "IK5"):
        for q in ("I", "II", "III", "IV"):
            rows.data.append([kode, q, 5, 100, None])
    _, book = build(rows, make_input, tmp_path)
    sheet = book["LKT"]
    merges = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A8:A9", "B8:B9", "A10:A11", "B10:B11"} <= merges
    assert not any(r.startswith(("A12", "B12")) for r in merges)  # a single-indicator sasaran
    assert [sheet.cell(r, 1).value for r in range(8, 13)] == [1, None, 2, None, 3]
    assert [sheet.cell(r, 3).value for r in range(10, 13)] == [
        "Persentase Pengurus Terlatih", "Persentase Pengawas Terlatih",
        "Persentase UMK Mendapat Kredit",
    ]  # fmt: skip
    assert sheet.cell(10, 2).value == "Meningkatnya Kualitas SDM Koperasi"


def test_non_ratio_indicator_with_its_own_unit(rows, make_input, tmp_path):
    ik3 = [
        "IK3", 1, "Meningkatnya Usaha Koperasi dan Usaha Mikro", "Jumlah Koperasi Baru", "unit",
        "positif", "jumlah koperasi baru", None, 5, 5, 5, 5, None, None, None, None,
    ]  # fmt: skip
    rows.indikator.append(ik3)
    for q, count in zip(("I", "II", "III", "IV"), (4, 6, 5, 7), strict=True):
        rows.data.append(["IK3", q, count, None, None])
    _, book = build(rows, make_input, tmp_path)
    sheet = book["LKT"]
    # Units differ: no unit in the header, the unit after the indicator's name.
    assert sheet["D6"].value == "TW I" and sheet["M6"].value == "TOTAL"
    assert sheet["C10"].value == "Jumlah Koperasi Baru (unit)"
    assert sheet["C8"].value == "Persentase Koperasi Rehabilitasi (%)"
    # `jumlah` by default for a unit other than %: 4+6+5+7 = 22 against 5+5+5+5 = 20.
    assert [sheet.cell(10, c).value for c in range(4, 14)] == [5, 5, 5, 5, 20, 4, 6, 5, 7, 22]
    text = book["Narasi"]["C6"].value
    # A count whose figures are all whole is written without decimals (Desimal is 2):
    # 4 - 5 = -1, 6 - 5 = 1, 5 - 5 = 0, 7 - 5 = 2; the total 22.
    assert text.startswith(
        "Indikator Jumlah Koperasi Baru di Kabupaten Malang Triwulan I Tahun 2021 dengan target "
        "5 unit realisasi sebesar 4 unit maka mengalami penurunan 1 unit yaitu jumlah "
        "koperasi baru Triwulan I tahun 2021 (4), sedangkan Triwulan II Tahun 2021 dengan "
        "target 5 unit realisasi sebesar 6 unit maka mengalami peningkatan 1 unit"
    )
    assert "sebesar 5 unit maka sesuai dengan target yaitu" in text
    assert {sheet.cell(10, c).number_format for c in range(9, 14)} == {"#,##0"}
    assert {sheet.cell(8, c).number_format for c in range(9, 14)} == {"#,##0.00"}  # a ratio
    capaian = book["Capaian"]
    ik3 = [r for r in range(1, capaian.max_row + 1) if capaian.cell(r, 1).value == 3][0]
    assert capaian.cell(ik3, 8).number_format == "#,##0"  # realisasi (column H)
    assert capaian.cell(ik3, 10).number_format == "#,##0.00"  # capaian % keeps Desimal


def test_a_count_with_a_fraction_keeps_desimal(rows, make_input, tmp_path):
    """4,5 cannot be written without decimals: the whole indicator keeps Desimal places."""
    rows.indikator.append(
        ["IK3", 1, "Meningkatnya Usaha", "Jumlah Pelatihan", "hari", "positif",
         "jumlah hari pelatihan", None, 5, 5, 5, 5, None, None, None, None]
    )  # fmt: skip
    for q, count in zip(("I", "II", "III", "IV"), (4.5, 6, 5, 7), strict=True):
        rows.data.append(["IK3", q, count, None, None])
    _, book = build(rows, make_input, tmp_path)
    text = book["Narasi"]["C6"].value
    # 4,5 - 5 = -0,5; then 6 - 5 = 1 written 1,00 like the rest of this indicator.
    assert "realisasi sebesar 4,50 hari maka mengalami penurunan 0,50 hari" in text
    assert "realisasi sebesar 6,00 hari maka mengalami peningkatan 1,00 hari" in text
    assert book["LKT"].cell(10, 9).number_format == "#,##0.00"


@pytest.mark.parametrize(
    ("places", "number_format", "ik1"),
    [
        # 36/1.334 = 2,6986.., 32/1.338 = 2,3916.., 32/1.339 = 2,3898..
        (0, "#,##0", [3, 2, 2, 2]),
        (3, "#,##0.000", [2.699, 2.392, 2.390, 2.390]),
    ],
)
def test_desimal_sets_places_and_format(rows, make_input, tmp_path, places, number_format, ik1):
    rows.set("Desimal", places)
    rows.indikator[1][rows.column("indikator", "Polaritas")] = "turun"  # alias of negatif
    for row in rows.data[1:]:
        row[-1] = None  # no reported figures: no cross-check notes
    done, book = build(rows, make_input, tmp_path)
    sheet = book["LKT"]
    assert [sheet.cell(8, c).value for c in range(9, 13)] == ik1
    assert sheet.cell(8, 9).number_format == number_format
    assert done.notes == ()
    assert book["Catatan"]["A4"].value == "Tidak ada catatan."
    assert book["Catatan"]["C3"].value == "SEL MASUKAN"  # the input's cells, not this report's
    assert book["Catatan"]["A2"].value.startswith("Sel dan kolom menunjuk ke berkas masukan")
    text = book["Narasi"]["C4"].value
    if places == 0:
        # 3 against target 2,3: 0,7 rounded to no decimals is 1; higher is worse (negatif).
        assert (
            "dengan target 2,3% realisasi sebesar 3%, 1% lebih tinggi dari target, maka kinerja "
            "mengalami penurunan"
        ) in text
    else:
        assert (
            "realisasi sebesar 2,699%, 0,399% lebih tinggi dari target, maka kinerja mengalami "
            "penurunan"
        ) in text


def test_negatif_indicator_below_target_is_an_improvement(rows, make_input, tmp_path):
    # 10/1.334 x 100 = 0,7496.. -> 0,75 against target 2,3: lower is better, 1,55 better.
    rows.data[1][2] = 10
    rows.data[1][4] = None
    rows.set("Triwulan", "I")
    done, book = build(rows, make_input, tmp_path)
    text = book["Narasi"]["C4"].value
    assert (
        "dengan target 2,3% realisasi sebesar 0,75%, 1,55% lebih rendah dari target, maka "
        "kinerja mengalami peningkatan"
    ) in text


INJECTIONS = ["=HYPERLINK(\"http://x\",\"klik\")", "+1", "-1+2", "@SUM(A1)", "{=1+1}",
              "http://contoh.go.id", "external:x", "file://c:/x"]  # fmt: skip


def test_injection_text_lands_as_plain_text(rows, make_input, tmp_path):
    for header, value in zip(
        ("Sasaran Strategis", "Indikator Kinerja", "Keterangan", "Analisis",
         "Uraian Pembilang", "Uraian Penyebut", "Kode", "Satuan"),
        INJECTIONS, strict=True,
    ):  # fmt: skip
        rows.cell("indikator", 1, header, value)
    rows.indikator[0].append("Pengali")  # the Satuan names no multiplier: give it
    for row in rows.indikator[1:]:
        row.append(100)
    new_code = rows.indikator[1][0]
    for row in rows.data[1:5]:
        row[0] = new_code
    rows.set("Instansi", "=1+1").set("Wilayah", "@A1")
    _, book = build(rows, make_input, tmp_path)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.hyperlink is None
                if cell.data_type == "f":  # only the Capaian arithmetic, over its own cells
                    assert sheet.title == "Capaian", (sheet.title, cell.coordinate)
                    assert not any(bad in cell.value for bad in INJECTIONS[1:]), cell.value
    lkt = book["LKT"]
    assert lkt["B8"].value == INJECTIONS[0]
    assert lkt["C8"].value == f"{INJECTIONS[1]} ({INJECTIONS[7]})"  # units differ: name (unit)
    assert lkt["N8"].value == INJECTIONS[2]
    assert lkt["A2"].value == "=1+1 @A1"


def test_output_equal_to_input_is_refused(rows, make_input):
    path = make_input(rows)
    before = path.read_bytes()
    with pytest.raises(OutputError, match="masukan tidak boleh ditimpa"):
        api.build(path, path.with_suffix(".xlsx"))
    assert path.read_bytes() == before


def test_output_folder_missing(rows, make_input, tmp_path):
    with pytest.raises(OutputError, match="tidak ada"):
        api.build(make_input(rows), tmp_path / "tidak-ada" / "laporan.xlsx")


def test_invalid_input_raises_with_every_problem(rows, make_input):
    rows.cell("data", 6, "Penyebut", 0).cell("indikator", 1, "Target TW II", "dua")
    with pytest.raises(InputError) as caught:
        api.build(make_input(rows))
    cells = {p.cell for p in caught.value.problems if p.is_error}
    assert cells == {"Data!D7", "Indikator!J2"}  # IK1's own Data rows are not blamed too


def test_default_output_name_is_safe_for_windows(rows, make_input):
    rows.set("Instansi", 'Dinas "A/B": C*?').set("Wilayah", "Kota ..\\..\\X")
    done = api.build(make_input(rows))
    assert done.output.parent == make_input(rows).parent
    assert done.output.name == "LKT Dinas A B C Kota .. .. X 2021 TW IV.xlsx"


def test_unisolated_build_reads_in_process_with_the_same_result(
    rows, make_input, tmp_path, monkeypatch
):
    from lkt_excel.reading import reader

    def no_child(*args, **kwargs):
        raise AssertionError("no reader process expected")

    monkeypatch.setattr(reader, "_run_child", no_child)
    done = api.build(make_input(rows), tmp_path / "laporan.xlsx", isolated=False)
    sheet = openpyxl.load_workbook(done.output)["LKT"]
    # 36/1.334 x 100 = 2,6986.. -> 2,70; 754/427.706 x 100 = 0,1762.. -> 0,18
    assert (sheet["I8"].value, sheet["I9"].value) == (2.7, 0.18)
    with pytest.raises(AssertionError, match="no reader process"):
        api.build(make_input(rows), tmp_path / "lagi.xlsx")  # the default starts one


def test_build_and_check_leave_the_garbage_collector_as_they_found_it(rows, make_input, tmp_path):
    """The collector is paused for a build (see api.collector_paused), never left off:
    a `proses` worker builds hundreds of files in one process."""
    import gc

    good = make_input(rows)
    rows.set("Tahun", "dua ribu")
    bad = make_input(rows)
    assert gc.isenabled()
    api.build(good, tmp_path / "laporan.xlsx")
    assert gc.isenabled()
    with pytest.raises(InputError):
        api.build(bad, tmp_path / "lain.xlsx")
    assert gc.isenabled()
    assert api.check(good) and gc.isenabled()
    gc.disable()  # a caller that runs with the collector off keeps it off
    try:
        api.build(good, tmp_path / "ketiga.xlsx")
        assert not gc.isenabled()
    finally:
        gc.enable()
