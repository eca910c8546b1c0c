"""Sheet ``Data``: one :class:`Observation` per indicator and quarter, and the quarters missing.

:func:`read_data` checks each row against its indicator (Kode known, quarter
readable and not doubled, counts for a ratio); :func:`check_quarters` then
compares what was found with the quarter that Laporan reports.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from lkt_excel.core import catalogue as codes
from lkt_excel.core.model import DATA_COLUMNS, QUARTERS, ROMAN, Indicator, Observation, Where
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import Problem, error, has_errors, listed, warning
from lkt_excel.reading.reader import Cell, RawSheet
from lkt_excel.validate.cells import Cells, Context, bad_quarter, is_blank, parse_quarter
from lkt_excel.validate.data_wide import WIDE_COLUMNS, Layout, data_layout, wide_records
from lkt_excel.validate.hidden import hidden_row_note
from lkt_excel.validate.indikator import IndicatorRow
from lkt_excel.validate.tables import Record, read_table

Observations = dict[str, dict[int, Observation]]  # Kode -> quarter -> observation


def read_data(
    sheet: RawSheet,
    indicators: dict[str, Indicator],
    triwulan: int | None,
    ctx: Context,
    known: set[str] | None = None,
) -> tuple[Observations | None, set[str]]:
    """The observations by Kode and quarter (None if the table cannot be read), and the
    Kodes with a refused row.

    ``known`` is every Kode of sheet Indikator, valid or not; None when that
    sheet gave none, so that no Data row is reported as an unknown Kode.
    """
    layout = data_layout(sheet, ctx)
    if layout is None:
        return None, set()
    wide = layout is Layout.WIDE
    table = read_table(sheet, WIDE_COLUMNS if wide else DATA_COLUMNS, ctx)
    if table is None:
        return None, set()
    records = wide_records(table) if wide else table.records()
    return observations_from_records(
        records, sheet.name, table.header_row, indicators, triwulan, ctx, known
    )


def observations_from_records(
    records: Iterable[tuple[int, Record]],
    sheet_name: str,
    header_row: int,
    indicators: dict[str, Indicator],
    triwulan: int | None,
    ctx: Context,
    known: set[str] | None = None,
) -> tuple[Observations, set[str]]:
    """:func:`read_data` over records in the long layout's headers (``header_row`` 0-based)."""
    rows = _DataRows(sheet_name, header_row, indicators, triwulan, known, Cells(ctx))
    for excel_row, record in records:
        rows.read(excel_row, record)
    return rows.found, rows.refused


@dataclass
class _DataRows:
    """Reads the rows of sheet Data one by one, remembering what the later rows need."""

    sheet: str
    header_row: int  # 0-based
    indicators: dict[str, Indicator]
    triwulan: int | None
    known: set[str] | None
    cells: Cells
    found: Observations = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)  # Kodes with a row that was not used
    seen: dict[tuple[str, int], int] = field(default_factory=dict)  # (Kode, quarter) -> row
    penyebut_column_reported: bool = False

    @property
    def ctx(self) -> Context:
        return self.cells.ctx

    def read(self, excel_row: int, record: Record) -> None:
        start = len(self.ctx.problems)
        kode_value, kode_ref = record["Kode"]
        kode = self.cells.text(kode_value)
        if not kode:
            self.ctx.add(
                error(
                    codes.KODE_KOSONG,
                    f"Baris {excel_row} lembar '{self.sheet}' tidak punya Kode.",
                    "Isi Kode indikator di setiap baris (sel yang digabung/merge terbaca kosong "
                    "kecuali baris pertamanya), atau hapus baris itu bila bukan data (mis. baris "
                    "jumlah).",
                    where=kode_ref,
                )
            )
            return
        if self.known is not None and kode not in self.known:
            self.ctx.add(unknown_code(kode, kode_ref, sorted(self.known)))
            meant = likely_code(kode, sorted(self.known))
            if meant is not None:  # its missing quarter is probably this row's: said once
                self.refused.add(meant)
            return
        quarter = self._quarter(kode, excel_row, *record["Triwulan"])
        if quarter is None:
            return
        indicator = self.indicators.get(kode)
        if indicator is None:  # its row in Indikator has an error, reported there
            self.refused.add(kode)  # check what can be checked without the indicator
            self.cells.number(*record["Pembilang"], required=True)
            if "Penyebut" in record:
                self.cells.number(*record["Penyebut"], required=False)
            return
        if not indicator.measured(quarter):
            self.ctx.add(not_measured_row(kode, quarter, excel_row, record["Triwulan"][1]))
            return
        self._observe(indicator, quarter, record, start)

    def _quarter(self, kode: str, excel_row: int, value: Cell, ref: Where) -> int | None:
        """The row's quarter, or None when the row is not used (reported)."""
        quarter = parse_quarter(value)
        if quarter is None:
            self.refused.add(kode)  # the missing quarter is probably this row's: not reported again
            self.ctx.add(
                bad_quarter(value, ref)
                if not is_blank(value)
                else error(
                    codes.TRIWULAN_KOSONG,
                    f"Sel {ref.cell} (Triwulan) kosong.",
                    "Isi I, II, III atau IV.",
                    where=ref,
                )
            )
            return None
        if (kode, quarter) in self.seen:
            self.ctx.add(
                error(
                    codes.DATA_GANDA,
                    f"Data {kode} TW {ROMAN[quarter]} muncul dua kali: baris "
                    f"{self.seen[(kode, quarter)]}"
                    + hidden_row_note(self.ctx.hidden, self.sheet, self.seen[(kode, quarter)])
                    + f" dan baris {excel_row}"
                    + hidden_row_note(self.ctx.hidden, self.sheet, excel_row)
                    + ".",
                    "Hapus salah satu baris.",
                    where=ref,
                )
            )
            return None
        self.seen[(kode, quarter)] = excel_row
        if self.triwulan is not None and quarter > self.triwulan:
            self.ctx.add(
                warning(
                    codes.DATA_SESUDAH_TRIWULAN,
                    f"Data {kode} TW {ROMAN[quarter]} (baris {excel_row}) sesudah triwulan "
                    f"yang dilaporkan (TW {ROMAN[self.triwulan]}) dan diabaikan.",
                    "Biarkan, atau ubah Triwulan di lembar Laporan bila triwulan ini ikut "
                    "dilaporkan.",
                    where=ref,
                )
            )
            return None
        return quarter

    def _observe(self, indicator: Indicator, quarter: int, record: Record, start: int) -> None:
        """Enter the row's observation, unless a problem since ``start`` is an error."""
        kode = indicator.kode
        pembilang_value, pembilang_ref = record["Pembilang"]
        if indicator.is_ratio:
            pembilang = self.cells.count(pembilang_value, pembilang_ref, required=True)
        else:
            pembilang = self.cells.number(pembilang_value, pembilang_ref, required=True)
        penyebut = self._penyebut(indicator, quarter, record)
        reported = None
        reported_ref = None
        if "Realisasi Dilaporkan" in record:
            reported_value, reported_ref = record["Realisasi Dilaporkan"]
            reported = self.cells.number(reported_value, reported_ref, required=False)
        if has_errors(self.ctx.problems[start:]) or pembilang is None:
            self.refused.add(kode)
            return
        if (
            indicator.is_ratio
            and penyebut
            and pembilang > penyebut
            and indicator.satuan.strip() == "%"
        ):
            self.ctx.add(
                warning(
                    codes.PEMBILANG_LEBIH_BESAR,
                    f"Pembilang {kode} TW {ROMAN[quarter]} ({format_id(pembilang)}) lebih besar "
                    f"dari penyebutnya ({format_id(penyebut)}): realisasi di atas 100%.",
                    "Periksa apakah pembilang dan penyebut tertukar.",
                    where=pembilang_ref,
                )
            )
        self.found.setdefault(kode, {})[quarter] = Observation(
            quarter=quarter,
            pembilang=pembilang,
            penyebut=penyebut,
            dilaporkan=reported,
            where=reported_ref or pembilang_ref,
        )

    def _penyebut(self, indicator: Indicator, quarter: int, record: Record) -> Decimal | None:
        """The row's Penyebut: a count for a ratio, ignored (with a warning) otherwise."""
        kode = indicator.kode
        if "Penyebut" not in record:
            if indicator.is_ratio and not self.penyebut_column_reported:
                self.penyebut_column_reported = True
                self.ctx.add(
                    error(
                        codes.KOLOM_WAJIB_HILANG,
                        f"Indikator {kode} adalah rasio, tetapi lembar '{self.sheet}' tidak punya "
                        "kolom 'Penyebut'.",
                        "Tambahkan kolom berjudul 'Penyebut'.",
                        where=Where(self.sheet, self.header_row + 1, None, "Penyebut"),
                    )
                )
            return None
        penyebut_value, penyebut_ref = record["Penyebut"]
        if indicator.is_ratio:
            penyebut = self.cells.count(penyebut_value, penyebut_ref, required=True)
            if penyebut == 0:
                self.ctx.add(
                    error(
                        codes.PENYEBUT_NOL,
                        f"Penyebut {kode} TW {ROMAN[quarter]} di {penyebut_ref.cell} "
                        "bernilai 0; pembagian dengan nol tidak bisa dihitung.",
                        "Isi penyebut yang benar (lebih dari 0).",
                        where=penyebut_ref,
                    )
                )
            return penyebut
        if not is_blank(penyebut_value):
            self.ctx.add(
                warning(
                    codes.PENYEBUT_DIABAIKAN,
                    f"Indikator {kode} bukan rasio (Uraian Penyebut kosong), jadi "
                    f"penyebut di {penyebut_ref.cell} diabaikan.",
                    "Kosongkan sel itu, atau isi Uraian Penyebut bila indikatornya rasio.",
                    where=penyebut_ref,
                )
            )
        return None


def not_measured_row(kode: str, quarter: int, excel_row: int, ref: Where) -> Problem:
    """A Data row for a quarter whose target is '-' (not measured): named, then left out."""
    return warning(
        codes.DATA_TIDAK_DIUKUR,
        f"Data {kode} TW {ROMAN[quarter]} (baris {excel_row}) diabaikan: target indikator itu "
        f"untuk TW {ROMAN[quarter]} adalah '-' atau kosong (tidak diukur pada triwulan ini).",
        "Hapus baris itu, atau isi target triwulan itu di lembar Indikator bila indikatornya "
        "memang diukur.",
        where=ref,
    )


def likely_code(kode: str, known: list[str]) -> str | None:
    """The known Kode an unknown one was probably meant as: the same but for case and
    spaces, else a close spelling; None when none is close."""
    folded = [k for k in known if k.casefold() == kode.strip().casefold()]
    close = difflib.get_close_matches(kode, known, n=1, cutoff=0.75)
    found = folded or close
    return found[0] if found else None


def unknown_code(kode: str, ref: Where, known: list[str]) -> Problem:
    names = ", ".join(known) or "(tidak ada)"
    meant = likely_code(kode, known)
    hint = f" Mungkin '{meant}'?" if meant else ""
    return error(
        codes.KODE_TIDAK_DIKENAL,
        f"Kode '{kode}' tidak ada di lembar Indikator.{hint} Kode yang ada: {names}.",
        "Perbaiki Kode atau tambahkan indikatornya di lembar Indikator.",
        where=ref,
    )


def check_quarters(
    rows: list[IndicatorRow],
    data: Observations,
    refused: set[str],
    triwulan: int,
    triwulan_cell: Where | None,
    data_sheet: str,
    ctx: Context,
) -> None:
    """Every quarter up to ``triwulan`` has its Data row, or one error says which do not.

    When the data of every indicator stops at the same earlier quarter, the one
    error is at the Laporan's Triwulan (``triwulan_cell``), not one per indicator.
    """
    end = _data_stops_early(rows, data, refused, triwulan)
    if end is not None and triwulan_cell is not None:
        later = [f"TW {ROMAN[q]}" for q in QUARTERS if end < q <= triwulan]
        ctx.add(
            error(
                codes.TRIWULAN_MELEBIHI_DATA,
                f"Triwulan di {triwulan_cell.cell} adalah {ROMAN[triwulan]}, tetapi "
                f"lembar Data hanya berisi data sampai TW {ROMAN[end]}.",
                f"Ubah Triwulan menjadi {ROMAN[end]} bila laporan ini untuk TW "
                f"{ROMAN[end]}, atau tambahkan data {listed(later)} di lembar Data.",
                where=triwulan_cell,
            )
        )
    for item in rows:
        have = data.get(item.indicator.kode, {})
        missing = [
            q for q in QUARTERS if q <= triwulan and q not in have and item.indicator.measured(q)
        ]
        if end is not None and triwulan_cell is not None and have:
            continue  # its missing quarters are the Triwulan error above
        if missing and item.indicator.kode not in refused:
            ctx.add(
                error(
                    codes.DATA_TRIWULAN_HILANG,
                    f"Indikator {item.indicator.kode} tidak punya data untuk "
                    + ", ".join(f"TW {ROMAN[q]}" for q in missing)
                    + f" (dilaporkan sampai TW {ROMAN[triwulan]}).",
                    "Tambahkan satu baris di lembar Data untuk setiap triwulan itu.",
                    where=Where(data_sheet),
                )
            )


def _data_stops_early(
    rows: list[IndicatorRow],
    data: Observations,
    refused: set[str],
    triwulan: int,
) -> int | None:
    """The quarter q < ``triwulan`` where the data of every indicator stops, else None.

    Then the Laporan's Triwulan is the likely mistake (last year's file copied),
    not a missing row per indicator. Indicators without any Data row do not
    count; a refused row (its quarter unsure) keeps the per-indicator errors.
    """
    if refused:
        return None
    ends = {
        max(have)
        if set(have) == {q for q in range(1, max(have) + 1) if item.indicator.measured(q)}
        else None
        for item in rows
        if (have := data.get(item.indicator.kode, {}))
    }
    if len(ends) != 1:
        return None
    end = ends.pop()
    return end if end is not None and end < triwulan else None
