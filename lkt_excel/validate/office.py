"""The office's own 14-column table read as the report's input, without the template.

:func:`read_office` turns an :class:`~lkt_excel.validate.office_table.OfficeTable`
into the contract's pieces and runs the contract's own checks on them, each
cell keeping its place in the table (``LKT 2021!I8``):

* **Laporan**: Judul, Instansi and Wilayah from the title lines (split at
  KABUPATEN / KOTA / PROVINSI), Tahun from the title or ``TARGET TAHUN 2024``,
  Triwulan the last quarter with a realisasi. Each guess is a warning
  (``tabel-tebakan``); a ``Laporan`` sheet in the contract's form overrides any.
* **Indikator**: one per row with an indicator name; Kode ``IK1``... unless a
  ``Kode`` column is beside the table; Satuan from a bracket ending the name or
  the header's; Agregasi from the TOTAL column (:mod:`lkt_excel.validate.office_total`);
  Polaritas from a ``Polaritas`` column, else positif, with a warning for names
  that suggest lower-is-better.
* **Data**: the counts from ``Pembilang TW I`` ... columns beside the table, or
  from the cells a realisasi formula divides (:mod:`lkt_excel.validate.office_counts`);
  the table's own realisasi is then cross-checked as ``Realisasi Dilaporkan``.
  Without counts the table's realisasi is the figure (``tabel-tanpa-jumlah``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import (
    LAPORAN_KEYS,
    QUARTERS,
    ROMAN,
    SHEET_ANGGARAN,
    SHEET_LAPORAN,
    Report,
    Where,
    normalize,
)
from lkt_excel.core.problems import Problem, column_letter, error, warning
from lkt_excel.core.words import LOWER_IS_BETTER
from lkt_excel.reading.reader import Cell, RawSheet, RawWorkbook
from lkt_excel.validate.anggaran import read_anggaran
from lkt_excel.validate.cells import Context, is_blank
from lkt_excel.validate.data import Observations, observations_from_records
from lkt_excel.validate.hidden import check_hidden
from lkt_excel.validate.indikator import (
    IndicatorRow,
    indicators_from_records,
    is_not_measured,
    ordered,
)
from lkt_excel.validate.kumulatif import check_cumulative_counts, check_cumulative_rows
from lkt_excel.validate.laporan import read_settings
from lkt_excel.validate.office_counts import quarter_counts
from lkt_excel.validate.office_table import OfficeTable, find_office_tables
from lkt_excel.validate.office_total import aggregation_of
from lkt_excel.validate.tables import Record, find_sheet

_REGION = re.compile(r"\b(KABUPATEN|KAB\.|KOTA|PROVINSI)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d\d)\b")
_NAME_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*$")
_KEY_ORDER = [c.header for c in LAPORAN_KEYS]
_SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "serta", "atau", "pada"}


@dataclass
class OfficeReading:
    """What was read from the table: the report (None on errors) and each guessed key."""

    report: Report | None
    guessed: dict[str, tuple[object, str]] = field(default_factory=dict)  # key -> value, source


def title_case(text: str) -> str:
    """``DINAS KOPERASI DAN USAHA MIKRO`` -> ``Dinas Koperasi dan Usaha Mikro``."""
    words = text.split()
    return " ".join(
        w.lower() if i and w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:].lower()
        for i, w in enumerate(words)
    )


def _text(value: Cell) -> str:
    return "" if is_blank(value) else str(value).strip()


def _title_lines(table: OfficeTable) -> list[tuple[int, int, str]]:
    """(row, column, text) of the first text of each row above the header."""
    lines = []
    for index, row in enumerate(table.sheet.rows[: table.header_row]):
        for col, value in enumerate(row):
            if _text(value):
                lines.append((index, col, _text(value)))
                break
    return lines


def guess_settings(table: OfficeTable) -> dict[str, tuple[object, Where, str]]:
    """Judul, Instansi, Wilayah, Tahun and Triwulan as the table shows them: key -> (value,
    the cell it came from, what that cell says)."""
    name = table.sheet.name
    guesses: dict[str, tuple[object, Where, str]] = {}
    for row, col, text in _title_lines(table):
        where = Where(name, row + 1, _letter(col))
        if "Judul" not in guesses and "LAPORAN" in text.upper():
            guesses["Judul"] = (text, where, text)
            continue
        region = _REGION.search(text)
        if region and "Instansi" not in guesses and region.start() > 0:
            guesses["Instansi"] = (title_case(text[: region.start()].strip(" ,-")), where, text)
            guesses["Wilayah"] = (title_case(text[region.start() :].strip(" ,-")), where, text)
        year = _YEAR.search(text)
        if year and "Tahun" not in guesses:
            guesses["Tahun"] = (int(year.group(1)), where, text)
    year = _YEAR.search(table.tahun_header)
    if year and "Tahun" not in guesses:
        col = table.target[QUARTERS[0]]
        guesses["Tahun"] = (
            int(year.group(1)),
            table.where(table.header_row, col, table.tahun_header),
            table.tahun_header,
        )
    last = _last_quarter(table)
    if last is not None:
        q, where = last
        guesses["Triwulan"] = (ROMAN[q], where, f"realisasi TW {ROMAN[q]} terakhir yang terisi")
    return guesses


def _letter(col: int) -> str:
    return column_letter(col + 1)


def _last_quarter(table: OfficeTable) -> tuple[int, Where] | None:
    """The last quarter with a realisasi (or a count beside the table) in any row."""
    best: tuple[int, Where] | None = None
    for row in indicator_rows(table):
        for q in QUARTERS:
            cols = [table.realisasi[q], table.beside.get(f"Pembilang TW {ROMAN[q]}")]
            for col in cols:
                filled = col is not None and not is_not_measured(table.value(row, col))
                if filled and col is not None and (best is None or q > best[0]):
                    best = (q, table.where(row, col, f"REALISASI TW {ROMAN[q]}"))
    return best


def indicator_rows(table: OfficeTable) -> list[int]:
    """The 0-based rows below the header that name an indicator."""
    return [
        index
        for index in range(table.first_row, len(table.sheet.rows))
        if _text(table.value(index, table.indikator))
    ]


def _laporan_sheet(
    laporan: RawSheet | None, guesses: dict[str, tuple[object, Where, str]], name: str
) -> tuple[RawSheet, list[str]]:
    """Sheet Laporan with the guesses where it has no value: the sheet and the keys guessed."""
    rows: list[list[Cell]] = (
        [list(r) for r in laporan.rows] if laporan is not None else [["Kunci", "Nilai"]]
    )
    given = {
        normalize(r[0]): i for i, r in enumerate(rows) if r and not is_blank(r[0]) and len(r) > 0
    }
    used: list[str] = []
    for key, (value, _, _) in guesses.items():
        at = given.get(normalize(key))
        if at is None:
            rows.append([key, value])
        elif len(rows[at]) < 2 or is_blank(rows[at][1]):
            rows[at] = [rows[at][0], value, *rows[at][2:]]
        else:
            continue  # the Laporan sheet says it: no guess
        used.append(key)
    return RawSheet(laporan.name if laporan is not None else name, rows), used


def read_office_book(book: RawWorkbook) -> tuple[OfficeReading | None, list[Problem]]:
    """For ``impor``: the office's table in ``book`` and every problem; a workbook without
    one is an error naming what was looked for."""
    ctx = Context(percent_cells=frozenset(book.percent_cells), hidden=book.hidden)
    reading = office_input(book, ctx)
    if reading is None:
        names = ", ".join(f"'{s.name}'" for s in book.sheets) or "(tidak ada)"
        ctx.add(
            error(
                codes.TABEL_TIDAK_COCOK,
                f"Tidak ada lembar berbentuk tabel Laporan Kinerja (14 kolom) di berkas ini. "
                f"Lembar yang ada: {names}.",
                "Tabel perlu judul kolom NO, SASARAN STRATEGIS, INDIKATOR KINERJA, TARGET ..., "
                "REALISASI ... dan KETERANGAN, dengan TW I ... TOTAL di bawahnya. Berkas yang "
                "sudah berlembar Laporan, Indikator dan Data tidak perlu diimpor.",
                where=Where(book.sheets[0].name if book.sheets else "(berkas)"),
            )
        )
    return reading, ctx.problems


def office_input(book: RawWorkbook, ctx: Context) -> OfficeReading | None:
    """The office's table read from ``book``, or None when no sheet looks like it.

    A sheet that nearly is the table gets its one located error, and an empty reading.
    """
    tables, trouble = find_office_tables(book)
    if not tables:
        if trouble is None:
            return None
        ctx.add(trouble)
        return OfficeReading(None)
    table = _latest(tables, ctx)
    laporan = find_sheet(book, SHEET_LAPORAN)
    reading = read_office(book, table, laporan, ctx)
    anggaran = find_sheet(book, SHEET_ANGGARAN)
    used = [table.sheet, *(s for s in (laporan, anggaran) if s is not None)]
    check_hidden(used, book.hidden, ctx)
    return reading


def _latest(tables: list[OfficeTable], ctx: Context) -> OfficeTable:
    """The table with the latest realisasi (a sheet per quarter: the newest), the first of
    equals; the others are named, never dropped in silence."""
    reached = [(_last_quarter(t) or (0, None))[0] for t in tables]
    chosen = tables[reached.index(max(reached))]
    others = [t.sheet.name for t in tables if t is not chosen]
    if others:
        listed_names = ", ".join(f"'{name}'" for name in others)
        ctx.add(
            warning(
                codes.TABEL_TEBAKAN,
                f"Beberapa lembar berbentuk tabel Laporan Kinerja; yang dipakai lembar "
                f"'{chosen.sheet.name}' (realisasinya paling akhir). Diabaikan: {listed_names}.",
                "Periksa. Bila lembar lain yang dimaksud, simpan tabel itu sendiri di berkas "
                "terpisah, atau hapus lembar yang tidak dipakai.",
                where=Where(chosen.sheet.name),
            )
        )
    return chosen


def read_office(
    book: RawWorkbook, table: OfficeTable, laporan: RawSheet | None, ctx: Context
) -> OfficeReading:
    """The report read from the office's table (every problem recorded in ``ctx``)."""
    guesses = guess_settings(table)
    sheet, used = _laporan_sheet(laporan, guesses, "Laporan")
    settings = read_settings(sheet, ctx)
    for key in sorted(used, key=_KEY_ORDER.index):
        value, where, source = guesses[key]
        ctx.add(_guess_note(key, value, where, source))
    triwulan = settings.triwulan if settings else None
    records, data = _records(book, table, triwulan, ctx)
    rows, known = indicators_from_records(records, table.sheet.name, ctx)
    check_cumulative_rows(rows, ctx)  # an Agregasi column beside the table may say kumulatif
    by_code = {item.indicator.kode: item.indicator for item in rows}
    found, refused = observations_from_records(
        data, table.sheet.name, table.header_row, by_code, triwulan, ctx, known
    )
    if triwulan is not None:
        _check_measured(table, rows, found, refused, triwulan, ctx)
    # A sheet Anggaran beside the table: its lines link by sasaran (its text or the table's
    # NO) or by Kode (IK1, IK2 ... in the table's order, as `impor` names them).
    anggaran = find_sheet(book, SHEET_ANGGARAN)
    budgets = read_anggaran(anggaran, rows, known, triwulan, ctx) if anggaran else ()
    guessed = {key: (guesses[key][0], guesses[key][2]) for key in used}
    if settings is None or any(p.level is codes.Level.ERROR for p in ctx.problems):
        return OfficeReading(None, guessed)
    indicators = tuple(
        replace(
            item.indicator, observations=dict(sorted(found.get(item.indicator.kode, {}).items()))
        )
        for item in ordered(rows)
    )
    report = Report(settings, indicators, budgets)
    check_cumulative_counts(report, rows, ctx)
    return OfficeReading(report, guessed)


def _guess_note(key: str, value: object, where: Where, source: str) -> Problem:
    return warning(
        codes.TABEL_TEBAKAN,
        f"{key} ditebak '{value}' dari sel {where.cell} ('{source}').",
        f"Periksa. Bila keliru, tambahkan lembar Laporan dengan isian {key} dan nilainya "
        "(lihat lkt-excel template); lembar itu menggantikan tebakan.",
        where=where,
    )


def _records(
    book: RawWorkbook, table: OfficeTable, triwulan: int | None, ctx: Context
) -> tuple[list[tuple[int, Record]], list[tuple[int, Record]]]:
    """The Indikator records and the Data records (long layout) of the table's rows."""
    indikator: list[tuple[int, Record]] = []
    data: list[tuple[int, Record]] = []
    for number, row in enumerate(indicator_rows(table), start=1):
        excel_row = row + 1
        record = _indicator_record(table, row, number, ctx)
        counts = [
            quarter_counts(book, table, row, q)
            for q in QUARTERS
            if triwulan is not None and q <= triwulan
        ]
        has_counts = any(c.penyebut is not None for c in counts)
        if has_counts and is_blank(record.get("Uraian Penyebut", ("", None))[0]):
            name_ref = record["Indikator Kinerja"][1]
            labels = {pair for c in counts if (pair := c.labels()) is not None}
            top, bottom = labels.pop() if len(labels) == 1 else ("pembilang", "penyebut")
            record["Uraian Penyebut"] = (bottom.lower(), name_ref)
            if is_blank(record.get("Uraian Pembilang", ("", None))[0]):
                record["Uraian Pembilang"] = (top.lower(), name_ref)
        read_any = any(not c.empty for c in counts)  # not before its first measured quarter
        if read_any and not any(c.pembilang_place for c in counts):
            ctx.add(_no_counts(record, [c.unfollowed for c in counts if c.unfollowed]))
        multipliers = {c.multiplier for c in counts if c.multiplier is not None}
        if len(multipliers) == 1 and is_blank(record.get("Pengali", ("", None))[0]):
            record["Pengali"] = (multipliers.pop(), record["Indikator Kinerja"][1])
        record["Agregasi"] = aggregation_of(book, table, row, record, ctx)
        indikator.append((excel_row, record))
        for q, count in zip(QUARTERS, counts, strict=False):
            if count.empty:
                continue
            entry: Record = {
                "Kode": record["Kode"],
                "Triwulan": (q, count.where),
                "Pembilang": (count.pembilang, count.pembilang_place or count.where),
            }
            if has_counts:
                entry["Penyebut"] = (count.penyebut, count.penyebut_place or count.where)
                entry["Realisasi Dilaporkan"] = (count.printed, count.where)
            data.append((excel_row, entry))
    return indikator, data


def _indicator_record(table: OfficeTable, row: int, number: int, ctx: Context) -> Record:
    """The row as the contract's Indikator columns, each at its own cell."""
    name_col = table.indikator
    raw_name = _text(table.value(row, name_col))
    name_ref = table.where(row, name_col, "INDIKATOR KINERJA")
    bracket = _NAME_BRACKET.search(raw_name)
    name = raw_name[: bracket.start()].strip() if bracket else raw_name
    record: Record = {"Indikator Kinerja": (name, name_ref)}
    for header, col in (("No", table.no), ("Sasaran Strategis", table.sasaran),
                        ("Keterangan", table.keterangan)):  # fmt: skip
        if col is not None:
            record[header] = (table.value(row, col), table.where(row, col, header.upper()))
    for q in QUARTERS:
        col = table.target[q]
        record[f"Target TW {ROMAN[q]}"] = (
            table.value(row, col),
            table.where(row, col, f"TARGET TW {ROMAN[q]}"),
        )
    total_col = table.target[None]
    record["Target Total"] = (
        table.value(row, total_col),
        table.where(row, total_col, "TARGET TOTAL"),
    )
    for header, col in table.beside.items():
        if not header.startswith(("Pembilang TW", "Penyebut TW")):
            record[header] = (table.value(row, col), table.where(row, col, header))
    if is_blank(record.get("Kode", ("", None))[0]):
        record["Kode"] = (f"IK{number}", name_ref)
    if is_blank(record.get("Satuan", ("", None))[0]):
        unit = bracket.group(1).strip() if bracket else (table.unit or "")
        record["Satuan"] = (unit, name_ref)
    if is_blank(record.get("Polaritas", ("", None))[0]):
        _polarity_hint(name, name_ref, ctx)
    return record


def _polarity_hint(name: str, where: Where, ctx: Context) -> None:
    key = normalize(name)
    word = next((w for w in LOWER_IS_BETTER if normalize(w) in key), None)
    if word is None:
        return
    ctx.add(
        warning(
            codes.POLARITAS_MUNGKIN_NEGATIF,
            f"Indikator '{name}' ({where.cell}) memuat kata '{word}': biasanya makin rendah "
            "makin baik (negatif), tetapi tabel tidak menyebut polaritas, jadi dianggap positif.",
            "Bila negatif, tambahkan kolom berjudul 'Polaritas' di samping tabel dan isi "
            "'negatif' pada baris indikator itu (atau pakai hasil lkt-excel impor dan isi "
            "kolom Polaritas di lembar Indikator).",
            where=where,
        )
    )


def _no_counts(record: Record, unfollowed: list[str]) -> Problem:
    name, where = record["Indikator Kinerja"]
    formulas = (
        f" Rumus realisasinya (={unfollowed[0]}) tidak dapat diikuti sampai ke sel jumlahnya."
        if unfollowed
        else ""
    )
    return warning(
        codes.TABEL_TANPA_JUMLAH,
        f"Indikator '{name}' ({where.cell}) tidak punya pembilang dan penyebut di tabel: "
        "realisasi yang tertulis di tabel dipakai apa adanya dan tidak dapat dicocokkan "
        f"dengan jumlahnya.{formulas}",
        "Tambahkan kolom 'Pembilang TW I', 'Penyebut TW I', ... 'Penyebut TW IV' di samping "
        "tabel, agar realisasi dihitung dan diperiksa.",
        where=where,
    )


def _check_measured(
    table: OfficeTable,
    rows: list[IndicatorRow],
    found: Observations,
    refused: set[str],
    triwulan: int,
    ctx: Context,
) -> None:
    """A measured quarter up to ``triwulan`` without a realisasi: an error at its cell."""
    for item in rows:
        ind = item.indicator
        if ind.kode in refused:
            continue
        for q in QUARTERS:
            if q <= triwulan and ind.measured(q) and q not in found.get(ind.kode, {}):
                col = table.realisasi[q]
                ctx.add(
                    error(
                        codes.ANGKA_KOSONG,
                        f"Realisasi TW {ROMAN[q]} indikator '{ind.nama}' kosong, padahal "
                        f"laporan sampai TW {ROMAN[triwulan]} dan targetnya terisi.",
                        f"Isi realisasi (atau Pembilang/Penyebut) TW {ROMAN[q]}, atau isi '-' "
                        "pada target triwulan itu bila indikatornya tidak diukur.",
                        where=table.where(item.row - 1, col, f"REALISASI TW {ROMAN[q]}"),
                    )
                )


__all__ = [
    "OfficeReading",
    "guess_settings",
    "office_input",
    "read_office_book",
    "read_office",
    "title_case",
]
