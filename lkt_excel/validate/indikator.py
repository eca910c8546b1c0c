"""Sheet ``Indikator``: one :class:`Indicator` per row, with its targets and options.

A blank Sasaran Strategis continues the one above (cells merged in Excel read
as blank). A row with errors is still returned, so that its Data rows are
checked too; the errors already prevent a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import (
    DEFAULT_UNIT,
    INDIKATOR_COLUMNS,
    INDIKATOR_EXTRA_COLUMNS,
    QUARTERS,
    ROMAN,
    Aggregation,
    Indicator,
    Polarity,
    Where,
    normalize,
)
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import error, warning
from lkt_excel.core.units import unit_multiplier
from lkt_excel.reading.reader import Cell, RawSheet
from lkt_excel.validate.cells import Cells, Context, is_blank
from lkt_excel.validate.hidden import hidden_row_note
from lkt_excel.validate.tables import Record, read_table

POLARITY_WORDS = {
    "positif": Polarity.POSITIF,
    "naik": Polarity.POSITIF,
    "negatif": Polarity.NEGATIF,
    "turun": Polarity.NEGATIF,
}
AGGREGATION_WORDS = {
    "akhir": Aggregation.AKHIR,
    "terakhir": Aggregation.AKHIR,
    "jumlah": Aggregation.JUMLAH,
    "total": Aggregation.JUMLAH,
    "ratarata": Aggregation.RATA_RATA,
    "rerata": Aggregation.RATA_RATA,
    "kumulatif": Aggregation.KUMULATIF,
}
PERCENT_WORDS = {"persen", "persentase", "prosen"}


@dataclass
class IndicatorRow:
    indicator: Indicator
    row: int  # Excel row
    record: Record = field(default_factory=dict)  # its cells as read (validate.plausibility)


def read_indicators(sheet: RawSheet, ctx: Context) -> tuple[list[IndicatorRow], set[str] | None]:
    """The valid indicators, and every Kode in the sheet (None if the sheet has none).

    A Kode whose row has an error is known but not valid: its Data rows are
    then not reported again as an unknown Kode.
    """
    table = read_table(sheet, INDIKATOR_COLUMNS + INDIKATOR_EXTRA_COLUMNS, ctx)
    if table is None:
        return [], None
    return indicators_from_records(table.records(), sheet.name, ctx)


def indicators_from_records(
    records: Iterable[tuple[int, Record]], sheet_name: str, ctx: Context
) -> tuple[list[IndicatorRow], set[str] | None]:
    """:func:`read_indicators` over records in the contract's headers, each cell keeping its
    own place (sheet Indikator's rows, or the rows of an office's own table)."""
    cells = Cells(ctx)
    rows: list[IndicatorRow] = []
    first_row: dict[str, int] = {}  # Kode -> the Excel row that defines it
    sasaran = no = ""
    for number, (excel_row, record) in enumerate(records):
        kode = _kode(record, excel_row, first_row, sheet_name, cells, ctx)
        nama = _text(cells, record, "Indikator Kinerja")
        if not nama:
            ctx.add(
                error(
                    codes.INDIKATOR_KOSONG,
                    f"Indikator berkode '{kode}' tidak punya nama.",
                    "Isi nama indikator kinerja.",
                    where=record["Indikator Kinerja"][1],
                )
            )
        if number == 0 and "Sasaran Strategis" in record:
            _first_sasaran(record, kode, excel_row, cells, ctx)
        # A blank Sasaran continues the one above (cells merged in Excel read as blank).
        if _text(cells, record, "Sasaran Strategis"):
            sasaran, no = _text(cells, record, "Sasaran Strategis"), _text(cells, record, "No")
        elif _text(cells, record, "No"):
            no = _text(cells, record, "No")
        indicator = _indicator(record, cells, ctx, kode=kode, nama=nama, sasaran=sasaran, no=no)
        if not kode or (kode in first_row and first_row[kode] != excel_row):
            continue
        rows.append(IndicatorRow(indicator, excel_row, record))
    if not first_row:
        ctx.add(
            error(
                codes.INDIKATOR_TIDAK_ADA,
                f"Lembar '{sheet_name}' tidak berisi satu pun indikator.",
                "Isi satu baris per indikator di bawah baris judul kolom.",
                where=Where(sheet_name),
            )
        )
        return rows, None
    return rows, set(first_row)


def ordered(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Indicators grouped by sasaran in order of first appearance (stable)."""
    order: dict[str, int] = {}
    for item in rows:
        order.setdefault(normalize(item.indicator.sasaran), len(order))
    return sorted(rows, key=lambda item: order[normalize(item.indicator.sasaran)])


def unit(text: str) -> str:
    """The Satuan as typed, but '%' for a blank, 'persen', 'Persen (%)' or '(%)'.

    The default aggregation (akhir, never a sum of percentages) and the
    Pembilang-above-Penyebut check depend on recognising a percentage.
    """
    key = normalize(text)
    if not text or key in PERCENT_WORDS or (not key and "%" in text):
        return DEFAULT_UNIT
    return text


def _text(cells: Cells, record: Record, header: str) -> str:
    return cells.text(record[header][0]) if header in record else ""


def _kode(
    record: Record,
    excel_row: int,
    first_row: dict[str, int],
    sheet_name: str,
    cells: Cells,
    ctx: Context,
) -> str:
    """The row's Kode; a blank or repeated one is reported, a new one entered in ``first_row``."""
    kode_ref = record["Kode"][1]
    kode = _text(cells, record, "Kode")
    if not kode:
        ctx.add(
            error(
                codes.KODE_KOSONG,
                f"Baris {excel_row} lembar '{sheet_name}' tidak punya Kode.",
                "Isi Kode unik untuk setiap indikator, mis. IK1.",
                where=kode_ref,
            )
        )
    elif kode in first_row:
        ctx.add(
            error(
                codes.KODE_GANDA,
                f"Kode '{kode}' dipakai dua kali: baris {first_row[kode]}"
                + hidden_row_note(ctx.hidden, sheet_name, first_row[kode])
                + f" dan baris {excel_row}"
                + hidden_row_note(ctx.hidden, sheet_name, excel_row)
                + ".",
                "Beri setiap indikator Kode yang berbeda.",
                where=kode_ref,
            )
        )
    else:
        first_row[kode] = excel_row
    return kode


def _first_sasaran(record: Record, kode: str, excel_row: int, cells: Cells, ctx: Context) -> None:
    """The first indicator has nothing above to continue: a blank Sasaran is worth a word."""
    if _text(cells, record, "Sasaran Strategis"):
        return
    ctx.add(
        warning(
            codes.SASARAN_KOSONG,
            f"Indikator pertama ({kode or f'baris {excel_row}'}) tidak punya "
            "Sasaran Strategis; kolom SASARAN di laporan akan kosong.",
            "Isi Sasaran Strategis pada baris indikator pertama (baris berikutnya "
            "yang kosong mengikuti baris di atasnya).",
            where=record["Sasaran Strategis"][1],
        )
    )


def _indicator(
    record: Record, cells: Cells, ctx: Context, *, kode: str, nama: str, sasaran: str, no: str
) -> Indicator:
    """The row's indicator; zero for a target with an error."""
    targets = read_targets(record, kode, cells, ctx)
    total = (
        cells.number(*record["Target Total"], required=False) if "Target Total" in record else None
    )
    polaritas = (
        cells.choice(*record["Polaritas"], POLARITY_WORDS, "positif, negatif (naik, turun)")
        if "Polaritas" in record
        else None
    )
    agregasi = (
        cells.choice(*record["Agregasi"], AGGREGATION_WORDS, "akhir, jumlah, rata-rata, kumulatif")
        if "Agregasi" in record
        else None
    )
    satuan = unit(_text(cells, record, "Satuan"))
    pengali = _pengali(record, cells, ctx)
    if _text(cells, record, "Uraian Penyebut") and pengali is None:
        _check_ratio_unit(record, kode, satuan, ctx)
    return Indicator(
        kode=kode,
        nama=nama,
        targets=targets,
        sasaran=sasaran,
        no=no,
        satuan=satuan,
        polaritas=polaritas or Polarity.POSITIF,
        uraian_pembilang=_text(cells, record, "Uraian Pembilang"),
        uraian_penyebut=_text(cells, record, "Uraian Penyebut"),
        pengali=pengali,
        target_total=total,
        agregasi=agregasi,
        keterangan=_text(cells, record, "Keterangan"),
        analisis=_text(cells, record, "Analisis"),
        faktor_pendorong=_text(cells, record, "Faktor Pendorong"),
        faktor_penghambat=_text(cells, record, "Faktor Penghambat"),
        tindak_lanjut=_text(cells, record, "Tindak Lanjut"),
        realisasi_tahun_lalu=_optional_number(record, "Realisasi Tahun Lalu", cells),
        target_renstra=_optional_number(record, "Target Akhir Renstra", cells),
    )


def _optional_number(record: Record, header: str, cells: Cells) -> Decimal | None:
    """An optional figure read like a target: a number, or None for blank or '-'."""
    if header not in record:
        return None
    value, ref = record[header]
    if is_not_measured(value):
        return None
    return cells.number(value, ref, required=False)


def is_not_measured(value: Cell) -> bool:
    """A target cell left blank or holding a dash: the indicator is not measured then."""
    return is_blank(value) or (isinstance(value, str) and value.strip(" -\u2013\u2014") == "")


def read_targets(
    record: Record, kode: str, cells: Cells, ctx: Context
) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
    """The four targets; None for a quarter not measured ('-' or blank), zero for an error.

    An indicator needs a target in at least one quarter: four blanks are an error
    at its Target TW I cell.
    """
    targets: list[Decimal | None] = []
    for q in QUARTERS:
        value, ref = record[f"Target TW {ROMAN[q]}"]
        if is_not_measured(value):  # a cell blanked for an error is not "not measured"
            targets.append(Decimal(0) if ref in ctx.blanked else None)
            continue
        number = cells.number(value, ref, required=True)
        targets.append(Decimal(0) if number is None else number)
    if all(t is None for t in targets):
        ref = record["Target TW I"][1]
        ctx.add(
            error(
                codes.ANGKA_KOSONG,
                f"Indikator '{kode}' tidak punya target di triwulan mana pun (sel {ref.cell} "
                "sampai Target TW IV kosong atau '-').",
                "Isi target setiap triwulan yang diukur; isi - hanya untuk triwulan yang "
                "tidak diukur.",
                where=ref,
            )
        )
        targets = [Decimal(0)] * 4
    return (targets[0], targets[1], targets[2], targets[3])


def _pengali(record: Record, cells: Cells, ctx: Context) -> Decimal | None:
    """The optional Pengali: a number above zero, or None."""
    if "Pengali" not in record:
        return None
    value, ref = record["Pengali"]
    number = cells.number(value, ref, required=False)
    if number is not None and number <= 0:
        ctx.add(
            error(
                codes.BUKAN_ANGKA,
                f"Sel {ref.cell} (Pengali) berisi {format_id(number)}; pengali harus lebih dari 0.",
                "Isi pengali rasio, mis. 100 untuk persen atau 1000 untuk per 1.000, atau "
                "kosongkan agar diambil dari Satuan.",
                where=ref,
            )
        )
        return None
    return number


def _check_ratio_unit(record: Record, kode: str, satuan: str, ctx: Context) -> None:
    """A ratio's unit must name its multiplier (%, per 1.000 ...) when no Pengali is given."""
    if unit_multiplier(satuan) is not None:
        return
    where = record["Satuan"][1] if "Satuan" in record else None
    ctx.add(
        error(
            codes.RASIO_TANPA_PENGALI,
            f"Indikator '{kode}' adalah rasio (Uraian Penyebut terisi), tetapi Satuannya "
            f"'{satuan}' bukan % dan bukan 'per N', jadi pengalinya tidak diketahui "
            "(pembilang / penyebut x berapa?).",
            "Tulis Satuan sebagai % atau 'per 1.000 KH', 'per 100.000 penduduk' dan "
            "sejenisnya, atau isi kolom Pengali (mis. 1000). Bila bukan rasio, kosongkan "
            "Uraian Penyebut dan isi Pembilang di lembar Data dengan nilai yang sudah dihitung.",
            where=where,
        )
    )
