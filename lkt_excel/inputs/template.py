"""Write an input workbook in the contract's layout: blank, or filled with the example.

:func:`write_template` writes what ``lkt-excel template`` gives a user: the
three sheets and the optional ``Anggaran`` with the contract's headers (from
:mod:`lkt_excel.core.model`, the one source of truth), a note on every header,
dropdown lists, frozen header rows and a sheet ``Petunjuk`` that explains how to
fill it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path

from lkt_excel.core import capaian
from lkt_excel.core.model import (
    ANGGARAN_COLUMNS,
    DATA_COLUMNS,
    DEFAULT_BANDS,
    INDIKATOR_COLUMNS,
    KATEGORI_COLUMNS,
    LAPORAN_KEYS,
    ROMAN,
    SHEET_ANGGARAN,
    SHEET_DATA,
    SHEET_INDIKATOR,
    SHEET_KATEGORI,
    SHEET_LAPORAN,
    Aggregation,
    Column,
    NegativeRule,
    Paper,
    Polarity,
    Rounding,
    Signature,
    normalize,
)
from lkt_excel.core.problems import listed
from lkt_excel.files import write_atomically
from lkt_excel.inputs import contoh
from lkt_excel.report.style import HEADER_FILL
from lkt_excel.validate.laporan import MAIL_KEYS, MAX_DECIMALS, MAX_YEAR, MIN_YEAR

Row = Sequence[object]

SHEET_PETUNJUK = "Petunjuk"
# Row 1 of Laporan, with its notes; the reader skips this row.
LAPORAN_HEADERS = {
    "Isian": "Nama isian di kolom A. Jangan diubah.",
    "Nilai": "Isi nilai setiap isian di kolom B ini.",
    "Keterangan": "Penjelasan setiap isian; kolom ini tidak dibaca.",
}
REPRODUCIBLE_DATE = datetime(2021, 1, 1, tzinfo=timezone.utc)
TEMPLATE_ROWS = 1000  # rows below the header that get dropdown lists
QUARTER_CHOICES = tuple(ROMAN.values())
POLARITY_CHOICES = tuple(p.value for p in Polarity)
AGGREGATION_CHOICES = tuple(a.value for a in Aggregation)
ROUNDING_CHOICES = tuple(r.value for r in Rounding)
NEGATIVE_RULE_CHOICES = tuple(r.value for r in NegativeRule)
PAPER_CHOICES = tuple(p.name for p in Paper)
# The optional Laporan keys; those that fill the signature block are Signature's fields.
OPTIONAL_KEYS = tuple(c.header for c in LAPORAN_KEYS if not c.required)
SIGNATURE_KEYS = tuple(
    c.header for c in LAPORAN_KEYS if normalize(c.header) in {f.name for f in fields(Signature)}
)

# Every cell is written as what it is: a string stays a string, as typed.
NO_CONVERSIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def write_cell(sheet, r: int, c: int, value: object, fmt=None) -> None:
    """One value as an xlsxwriter cell: blank (only when formatted), string or number."""
    if value is None:
        if fmt is not None:
            sheet.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(r, c, value, fmt)
    else:
        sheet.write_number(r, c, value, fmt)


# ---------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------


def _by_header(headers: Sequence[str], rows: Sequence[Row], columns: Sequence[Column]) -> list:
    """Reorder example rows into the contract's column order (headers may be listed apart)."""
    index = {h: i for i, h in enumerate(headers)}
    return [[row[index[c.header]] if c.header in index else None for c in columns] for row in rows]


def _note(column: Column) -> str:
    wajib = "WAJIB diisi. " if column.required else "Boleh kosong. "
    return f"{column.header}: {wajib}{column.note}"


def _choices_note(choices: Sequence[str]) -> str:
    return "Pilih dari daftar: " + ", ".join(choices) + "."


def _dropdown(sheet, first_row: int, col: int, last_row: int, choices: Sequence[str]) -> None:
    sheet.data_validation(
        first_row,
        col,
        last_row,
        col,
        {
            "validate": "list",
            "source": list(choices),
            "error_title": "Isian tidak dikenal",
            "error_message": _choices_note(choices),
            "error_type": "warning",  # a warning lets a person still type 'TW II' or '2'
        },
    )


# Dropdown lists by header: the same choices the validator accepts (it also
# accepts synonyms such as 'naik' or 'total').
_CHOICES = {
    "Triwulan": QUARTER_CHOICES,
    "Polaritas": POLARITY_CHOICES,
    "Agregasi": AGGREGATION_CHOICES,
    "Pembulatan": ROUNDING_CHOICES,
    "Rumus Negatif": NEGATIVE_RULE_CHOICES,
    "Kertas": PAPER_CHOICES,
}


# Columns of prose: given room in the template.
WIDE_TEXT_COLUMNS = (
    "Sasaran Strategis",
    "Analisis",
    "Faktor Pendorong",
    "Faktor Penghambat",
    "Tindak Lanjut",
    "Program/Kegiatan",
    "Sasaran",
)
# The evaluation's optional Indikator columns (Permendagri 86/2017), named in Petunjuk.
EVALUATION_TEXTS = ("Faktor Pendorong", "Faktor Penghambat", "Tindak Lanjut")
EVALUATION_FIGURES = ("Realisasi Tahun Lalu", "Target Akhir Renstra")


# Whole-number Laporan values: the validator's limits.
_WHOLE_NUMBERS = {
    "Tahun": (MIN_YEAR, MAX_YEAR, f"Isi tahun empat angka antara {MIN_YEAR} dan {MAX_YEAR}."),
    "Desimal": (0, MAX_DECIMALS, f"Isi bilangan bulat 0 sampai {MAX_DECIMALS} (biasanya 2)."),
}


def _write_table(book, name: str, columns: Sequence[Column], rows: Sequence[Row], fmt) -> None:
    sheet = book.add_worksheet(name)
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column.header, fmt["required" if column.required else "header"])
        sheet.write_comment(0, c, _note(column), {"x_scale": 2, "y_scale": 1.5})
        if column.header in _CHOICES:
            _dropdown(sheet, 1, c, TEMPLATE_ROWS, _CHOICES[column.header])
        width = 40 if column.header in WIDE_TEXT_COLUMNS else 16
        sheet.set_column(c, c, width)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            write_cell(sheet, r, c, value)
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 30)


def _write_laporan(
    book, values: dict[str, object], fmt, marks: dict[str, str] | None = None
) -> None:
    sheet = book.add_worksheet(SHEET_LAPORAN)
    for c, (text, note) in enumerate(LAPORAN_HEADERS.items()):
        sheet.write_string(0, c, text, fmt["header"])
        sheet.write_comment(0, c, f"{text}: {note}", {"x_scale": 2})
    for r, column in enumerate(LAPORAN_KEYS, start=1):
        sheet.write_string(r, 0, column.header, fmt["required" if column.required else "header"])
        sheet.write_comment(r, 0, _note(column), {"x_scale": 2, "y_scale": 1.5})
        write_cell(sheet, r, 1, values.get(column.header))
        help_text = ("WAJIB. " if column.required else "") + column.note
        if marks and column.header in marks:  # a value guessed by `impor`: to be confirmed
            sheet.write_string(r, 2, f"DITEBAK: {marks[column.header]} {help_text}", fmt["mark"])
        else:
            sheet.write_string(r, 2, help_text, fmt["help"])
        if column.header in _CHOICES:
            _dropdown(sheet, r, 1, r, _CHOICES[column.header])
        elif column.header in _WHOLE_NUMBERS:
            low, high, message = _WHOLE_NUMBERS[column.header]
            sheet.data_validation(
                r,
                1,
                r,
                1,
                {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": low,
                    "maximum": high,
                    "error_title": column.header,
                    "error_message": message,
                    "error_type": "warning",
                },
            )
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 80)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


PETUNJUK_INTRO = (
    "Berkas ini adalah masukan untuk lkt-excel, yang membuat Laporan Kinerja Triwulan (SAKIP): "
    "tabel 14 kolom, narasi per indikator, capaian dengan kategori dan predikat, analisis "
    "(faktor pendorong, penghambat, tindak lanjut), realisasi anggaran bila lembar Anggaran "
    "diisi, grafik, dan catatan pemeriksaan."
)
PETUNJUK_STEPS = (
    "Lembar Laporan: isi kolom Nilai untuk setiap isian. Instansi, Wilayah, Tahun dan "
    "Triwulan wajib diisi; Triwulan adalah triwulan terakhir yang dilaporkan (I, II, III atau IV).",
    "Lembar Indikator: satu baris per indikator kinerja, dengan Kode unik (mis. IK1) dan "
    "target keempat triwulan; isi - pada target triwulan yang tidak diukur (indikator semester "
    "atau tahunan). Indikator rasio mengisi Uraian Penyebut; indikator lain mengosongkannya. "
    "Satuan rasio: % (x 100), per 1.000 KH (x 1.000), per 100.000 penduduk (x 100.000), atau "
    "tambahkan kolom Pengali.",
    "Lembar Data: satu baris per indikator per triwulan, dari TW I sampai triwulan yang "
    "dilaporkan. Pembilang dan Penyebut adalah jumlah (bilangan bulat), bukan persen: lkt-excel "
    "menghitung Pembilang / Penyebut x 100 (atau pengali Satuan) sendiri. Boleh juga satu baris "
    "per indikator dengan kolom Kode, Pembilang TW I, Penyebut TW I, ... Penyebut TW IV (dan "
    "Realisasi Dilaporkan TW I ... TW IV), tetapi jangan mencampur kedua bentuk.",
    "Angka: ketik sebagai angka biasa. Bila angka ditulis sebagai teks, pakai cara Indonesia: "
    "titik untuk ribuan (1.334) dan koma untuk desimal (2,39). Teks seperti 1.33 tidak jelas "
    "maksudnya dan akan ditolak.",
    "Jangan mengganti nama lembar atau judul kolom. Kolom tambahan boleh (diabaikan). Kolom "
    "dengan judul berwarna kuning wajib diisi; arahkan tetikus ke judul kolom untuk melihat "
    "catatannya.",
)
PETUNJUK_LAST_STEPS = (
    "Periksa berkas dengan: lkt-excel check <berkas>.xlsx . Setiap kesalahan disebut dengan "
    "selnya (mis. Data!C5) dan cara memperbaikinya.",
    "Buat laporan dengan: lkt-excel build <berkas>.xlsx . Berkas masukan tidak pernah diubah.",
)


ANGGARAN_STEP = (
    f"Lembar {SHEET_ANGGARAN} (pilihan): satu baris per program atau kegiatan, dengan Pagu "
    "(rupiah, lebih dari 0) dan Realisasi TW I sampai triwulan yang dilaporkan (isi 0 bila "
    "belum ada realisasi; realisasi triwulan sesudahnya tidak dipakai). Kode Indikator (beberapa "
    "dipisah ; atau ,) dan/atau Sasaran (seperti tertulis di lembar Indikator, atau nomornya) "
    "menyebut indikator yang didukungnya. Laporan lalu berisi lembar Anggaran: realisasi "
    "kumulatif, serapan (%), capaian kinerja indikator terkait dan indeks efisiensi (capaian "
    "kinerja / serapan; 1 atau lebih: efisien), dan narasi indikator menyebut anggarannya. "
    "Biarkan lembar ini kosong bila tidak dipakai."
)


def band_ranges() -> list[str]:
    """The default kategori bands in words, highest first, as the report's Capaian sheet
    writes them: ``Tinggi: 76 s.d. < 91``."""
    return [f"{band.name}: {text}" for band, text in capaian.band_ranges(DEFAULT_BANDS)]


def petunjuk_steps() -> list[str]:
    """The numbered steps of sheet Petunjuk; the optional parts named from the contract."""
    plain = [k for k in OPTIONAL_KEYS if k not in (*SIGNATURE_KEYS, *MAIL_KEYS)]
    optional = (
        f"Isian pilihan lembar {SHEET_LAPORAN} boleh dikosongkan; bila kosong dipakai nilai "
        f"bawaannya (lihat tabel di bawah): {listed(plain)}."
    )
    signature = (
        f"Blok tanda tangan di bawah tabel LKT: isi {listed(SIGNATURE_KEYS)} di lembar "
        f"{SHEET_LAPORAN}. Semuanya pilihan; bila semua kosong, laporan dibuat tanpa blok tanda "
        "tangan. NIP diketik sebagai teks."
    )
    kategori = (
        f"Lembar {SHEET_KATEGORI} (pilihan, tidak ada di berkas ini) mengganti kategori capaian "
        f"bawaan. Tambahkan lembar baru bernama {SHEET_KATEGORI} dengan kolom "
        f"{listed([c.header for c in KATEGORI_COLUMNS])}, satu baris per kategori; Batas Atas "
        "sebuah kategori harus sama dengan Batas Bawah kategori di atasnya. Tanpa lembar ini "
        f"dipakai kategori bawaan: {'; '.join(band_ranges())}. Tabel kategori bawaan di bawah "
        f"boleh disalin ke lembar {SHEET_KATEGORI} sebagai awal."
    )
    to, cc = MAIL_KEYS
    surel = (
        f"Surel (pilihan): isi {to} di lembar {SHEET_LAPORAN} dengan alamat surel penerima "
        "laporan (beberapa alamat dipisah ; atau , mis. bappeda@malangkab.go.id; "
        f"inspektorat@malangkab.go.id) dan, bila perlu, {cc} dengan alamat tembusan. Dengan "
        "lkt-excel build <berkas>.xlsx --surel, di samping laporan ditulis draf surel (.eml) "
        "dengan laporan terlampir, siap dibuka di Outlook atau Thunderbird lalu dikirim; dengan "
        "--kirim laporan langsung dikirim lewat server surel kantor."
    )
    evaluasi = (
        f"Evaluasi (pilihan, lembar {SHEET_INDIKATOR}): {listed(EVALUATION_TEXTS)} diisi teks "
        "kantor sendiri; masuk ke narasi setelah angka-angka dan ke lembar Analisis laporan "
        "(bentuk tabel evaluasi: capaian, kategori, faktor pendorong, faktor penghambat, tindak "
        f"lanjut). {listed(EVALUATION_FIGURES)} diisi angka dengan satuan indikator itu (kosong "
        "atau -: tidak ada); narasi membandingkan realisasi TOTAL dengan realisasi tahun lalu "
        "(untuk indikator negatif, angka yang lebih rendah berarti kinerja membaik). Kolom "
        "Analisis tetap teks bebas penutup narasi."
    )
    steps = (
        *PETUNJUK_STEPS,
        optional,
        signature,
        kategori,
        surel,
        evaluasi,
        ANGGARAN_STEP,
        *PETUNJUK_LAST_STEPS,
    )
    return [PETUNJUK_INTRO] + [f"{n}. {step}" for n, step in enumerate(steps, start=1)]


def _write_petunjuk(book, fmt) -> None:
    sheet = book.add_worksheet(SHEET_PETUNJUK)
    sheet.write_string(0, 0, "PETUNJUK PENGISIAN MASUKAN LAPORAN KINERJA TRIWULAN", fmt["title"])
    row = 2
    for step in petunjuk_steps():
        sheet.merge_range(row, 0, row, 3, "", fmt["wrap"])
        sheet.write_string(row, 0, step, fmt["wrap"])
        sheet.set_row(row, 15 * (len(step) // 110 + 1))
        row += 1
    row += 1
    for c, text in enumerate(("Lembar", "Kolom / Isian", "Wajib", "Keterangan")):
        sheet.write_string(row, c, text, fmt["header"])
    for name, columns in (
        (SHEET_LAPORAN, LAPORAN_KEYS),
        (SHEET_INDIKATOR, INDIKATOR_COLUMNS),
        (SHEET_DATA, DATA_COLUMNS),
        (f"{SHEET_KATEGORI} (pilihan)", KATEGORI_COLUMNS),
        (f"{SHEET_ANGGARAN} (pilihan)", ANGGARAN_COLUMNS),
    ):
        for column in columns:
            row += 1
            note = column.note
            if column.header in _CHOICES:
                note += " " + _choices_note(_CHOICES[column.header])
            for c, text in enumerate(
                (name, column.header, "ya" if column.required else "tidak", note)
            ):
                sheet.write_string(row, c, text, fmt["wrap"])
            sheet.set_row(row, 15 * (len(note) // 85 + 1))  # wrapped text: rows do not grow
    row += 2
    sheet.write_string(
        row,
        0,
        f"KATEGORI CAPAIAN BAWAAN (dipakai bila tidak ada lembar {SHEET_KATEGORI})",
        fmt["title"],
    )
    row += 1
    for c, column in enumerate(KATEGORI_COLUMNS):
        sheet.write_string(row, c, column.header, fmt["header"])
    upper = None
    for band in DEFAULT_BANDS:  # as a Kategori sheet would hold them: ready to copy
        row += 1
        swatch = book.add_format({"bg_color": band.color, "border": 1})
        sheet.write_string(row, 0, band.name, swatch)
        write_cell(sheet, row, 1, band.lower, fmt["wrap"])
        write_cell(sheet, row, 2, upper, fmt["wrap"])
        sheet.write_string(row, 3, band.color, fmt["wrap"])
        upper = band.lower
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 10)
    sheet.set_column(3, 3, 90)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # printed: one page wide
    sheet.activate()


def write_template(path: Path, *, filled: bool = False) -> Path:
    """The input workbook for a user: blank, or with the example's data (``filled``)."""
    with write_atomically(Path(path)) as staging:
        _write_workbook(staging, filled)
    return Path(path)


def write_input_workbook(
    path: Path,
    laporan: dict[str, object],
    indikator: tuple[Sequence[Column], Sequence[Row]],
    data: Sequence[Row],
    marks: dict[str, str],
    anggaran: Sequence[Row] = (),
) -> Path:
    """An input workbook in the contract holding given contents (``impor``): Laporan with
    each guessed key's note in ``marks``, Indikator (its columns, its rows), Data, Anggaran
    (its rows, or headers only), Petunjuk."""
    with write_atomically(Path(path)) as staging:
        _write_workbook(staging, False, (laporan, indikator, data, marks, anggaran))
    return Path(path)


def _write_workbook(path: Path, filled: bool, contents: tuple | None = None) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), NO_CONVERSIONS)
    book.set_properties(
        {
            "title": "Masukan Laporan Kinerja Triwulan",
            "comments": "lkt-excel",
            "created": REPRODUCIBLE_DATE,  # the same bytes every time: examples/ stays stable
        }
    )
    header = {"bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True}
    fmt = {
        "header": book.add_format({**header, "valign": "vcenter"}),
        "required": book.add_format({**header, "valign": "vcenter", "bg_color": "#FFF2CC"}),
        "help": book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "title": book.add_format({"bold": True, "font_size": 12}),
        "mark": book.add_format({"bold": True, "font_color": "#C00000", "text_wrap": True}),
    }
    if contents is not None:
        laporan_values, (columns, rows), data_rows, marks, budget_rows = contents
        _write_laporan(book, laporan_values, fmt, marks)
        _write_table(book, SHEET_INDIKATOR, columns, rows, fmt)
        _write_table(book, SHEET_DATA, DATA_COLUMNS, data_rows, fmt)
        _write_table(book, SHEET_ANGGARAN, ANGGARAN_COLUMNS, budget_rows, fmt)
        _write_petunjuk(book, fmt)
        book.close()
        return
    laporan = dict(contoh.LAPORAN + contoh.PENGESAHAN + contoh.SUREL) if filled else {}
    indikator = (
        _by_header(contoh.INDIKATOR_HEADERS, contoh.INDIKATOR, INDIKATOR_COLUMNS) if filled else []
    )
    data = _by_header(contoh.DATA_HEADERS, contoh.DATA, DATA_COLUMNS) if filled else []
    anggaran = (
        _by_header(contoh.ANGGARAN_HEADERS, contoh.ANGGARAN, ANGGARAN_COLUMNS) if filled else []
    )
    _write_laporan(book, laporan, fmt)
    _write_table(book, SHEET_INDIKATOR, INDIKATOR_COLUMNS, indikator, fmt)
    _write_table(book, SHEET_DATA, DATA_COLUMNS, data, fmt)
    _write_table(book, SHEET_ANGGARAN, ANGGARAN_COLUMNS, anggaran, fmt)  # optional: may stay empty
    _write_petunjuk(book, fmt)
    book.close()
