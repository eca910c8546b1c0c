"""Sheet ``Capaian``: the arithmetic of each indicator, as live formulas.

Realisasi, selisih and capaian are Excel formulas over the
cells of pembilang, penyebut and target, written with the value the tool
computed cached, so a person can click a cell and see the arithmetic and a
viewer that does not recalculate still shows the right number. These formulas
are built here from cell addresses only; input text is always ``write_string``.
Where each indicator's rows landed is returned for the charts of ``Grafik``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from lkt_excel.core.capaian import (
    CapaianResult,
    CapaianRow,
    IndicatorCapaian,
    band_ranges,
)
from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import (
    ROMAN,
    Aggregation,
    Indicator,
    NegativeRule,
    Polarity,
    Rounding,
    Settings,
)
from lkt_excel.core.problems import column_letter
from lkt_excel.report.formats import CapaianFormats
from lkt_excel.report.geometry import (
    CAPAIAN_HEADER_ROW,
    CAPAIAN_WIDTHS,
    COL_CAPAIAN,
    COL_KATEGORI,
    COL_NAME,
    COL_NO,
    COL_PEMBILANG,
    COL_PENYEBUT,
    COL_PERIOD,
    COL_POLARITY,
    COL_REALISASI,
    COL_SELISIH,
    COL_TARGET,
    SHEET_CAPAIAN,
    Placed,
)

CAPAIAN_HEADERS = (
    "NO",
    "INDIKATOR KINERJA",
    "POLARITAS",
    "TRIWULAN",
    "TARGET",
    "PEMBILANG",
    "PENYEBUT",
    "REALISASI",
    "SELISIH",
    "CAPAIAN (%)",
    "KATEGORI",
)


def cached(value: Decimal | None) -> float | str:
    """The value Excel shows before it recalculates: empty text for no capaian."""
    return "" if value is None else float(value)


def round_function(rounding: Rounding) -> str:
    return "ROUNDDOWN" if rounding is Rounding.POTONG else "ROUND"


@dataclass(frozen=True)
class IndicatorRows:
    """Where an indicator's rows sit in sheet Capaian (0-based rows)."""

    indicator: Indicator
    name_row: int
    first: int
    last_quarter: int


def _cell(col: int, row: int) -> str:
    """A1-style address of 0-based (col, row)."""
    return f"{column_letter(col + 1)}{row + 1}"


def realisasi_formula(ind: Indicator, row: int, settings: Settings) -> str:
    f, d = round_function(settings.pembulatan), settings.desimal
    pembilang = _cell(COL_PEMBILANG, row)
    if ind.is_ratio:
        times = format(ind.multiplier.normalize(), "f")  # 100 for %, 1000 for per 1.000
        return f"={f}({pembilang}*{times}/{_cell(COL_PENYEBUT, row)},{d})"
    return f"={f}({pembilang},{d})"


def total_realisasi_formula(ind: Indicator, first: int, last: int, settings: Settings) -> str:
    f, d = round_function(settings.pembulatan), settings.desimal
    span = f"{_cell(COL_REALISASI, first)}:{_cell(COL_REALISASI, last)}"
    how = ind.aggregation
    if how is Aggregation.AKHIR:
        return f"={_cell(COL_REALISASI, last)}"
    function = "SUM" if how is Aggregation.JUMLAH else "AVERAGE"
    return f"={f}({function}({span}),{d})"


def selisih_formula(row: int, settings: Settings) -> str:
    f, d = round_function(settings.pembulatan), settings.desimal
    return f"={f}({_cell(COL_REALISASI, row)}-{_cell(COL_TARGET, row)},{d})"


def capaian_formula(ind: Indicator, row: int, settings: Settings) -> str:
    """Capaian over this row's target and realisasi; empty text where it divides by zero."""
    f, d = round_function(settings.pembulatan), settings.desimal
    target, realisasi = _cell(COL_TARGET, row), _cell(COL_REALISASI, row)
    if ind.polaritas is Polarity.POSITIF:
        divisor, quotient = target, f"{realisasi}/{target}*100"
    elif settings.rumus_negatif is NegativeRule.KEBALIKAN:
        divisor, quotient = realisasi, f"{target}/{realisasi}*100"
    else:
        divisor, quotient = target, f"(2*{target}-{realisasi})/{target}*100"
    return f'=IF({divisor}=0,"",{f}({quotient},{d}))'


def rule_lines(settings: Settings, any_empty: bool = False) -> list[str]:
    """The rules of the sheet, written out for the reader under the table.

    ``any_empty``: some capaian could not be reckoned (a zero divisor); say why it is blank.
    """
    negatif = (
        "target / realisasi x 100"
        if settings.rumus_negatif is NegativeRule.KEBALIKAN
        else "(2 x target - realisasi) / target x 100"
    )
    how = "dipotong" if settings.pembulatan is Rounding.POTONG else "dibulatkan"
    return (
        [
            "Capaian indikator positif (makin tinggi makin baik) = realisasi / target x 100.",
            f"Capaian indikator negatif (makin rendah makin baik) = {negatif}.",
            f"Realisasi, selisih dan capaian {how} sampai {settings.desimal} angka di belakang "
            "koma; capaian dihitung dari realisasi yang tertulis di tabel.",
        ]
        + (["Capaian kosong: pembagian dengan nol (lihat lembar Catatan)."] if any_empty else [])
        + (
            [
                f"Baris TOTAL membandingkan realisasi sampai TW {ROMAN[settings.triwulan]} dengan "
                "target setahun: sebelum TW IV capaiannya belum capaian akhir tahun."
            ]
            if settings.triwulan < 4
            else []
        )
    )


def _write_row(
    sheet,
    row: int,
    item: IndicatorCapaian,
    line: CapaianRow,
    rows: IndicatorRows,
    settings: Settings,
    fmt: CapaianFormats,
    whole: bool,
) -> None:
    """One row of Capaian; ``whole``: the indicator's realisasi and selisih have no decimals."""
    ind = item.indicator
    is_total = line.quarter is None
    sheet.write_string(row, COL_PERIOD, line.label, fmt.total if is_total else fmt.center)
    sheet.write_number(row, COL_TARGET, float(line.target), fmt.target(line.target))
    for col, count in ((COL_PEMBILANG, line.pembilang), (COL_PENYEBUT, line.penyebut)):
        if count is None:
            sheet.write_blank(row, col, None, fmt.plain)
        else:
            sheet.write_number(row, col, float(count), fmt.count)
    number = fmt.total_number if is_total else fmt.number  # capaian: always Desimal places
    figure = (fmt.total_count if is_total else fmt.count) if whole else number
    realisasi = (
        total_realisasi_formula(ind, rows.first, rows.last_quarter, settings)
        if is_total
        else realisasi_formula(ind, row, settings)
    )
    sheet.write_formula(row, COL_REALISASI, realisasi, figure, float(line.realisasi))
    sheet.write_formula(
        row, COL_SELISIH, selisih_formula(row, settings), figure, float(line.selisih)
    )
    sheet.write_formula(
        row, COL_CAPAIAN, capaian_formula(ind, row, settings), number, cached(line.capaian)
    )
    if line.band is None:
        sheet.write_blank(row, COL_KATEGORI, None, fmt.plain)
    else:
        sheet.write_string(row, COL_KATEGORI, line.band.name, fmt.bands[line.band.color])


@cache
def own_formulas_sheet() -> type:
    """A worksheet class that skips xlsxwriter's rewriting of newer Excel functions.

    xlsxwriter passes every formula through some sixty regular-expression
    substitutions that prefix Excel 365 functions (FILTER, XLOOKUP, ...) with
    ``_xlfn.``. The formulas of this sheet use only ROUND, ROUNDDOWN, SUM,
    AVERAGE and IF, which need none, and a 2,000-indicator report writes 30,000
    of them: the substitutions were a quarter of its build time. Only the
    leading ``=`` is removed, as xlsxwriter does. (If xlsxwriter renamed this
    private method, the override would simply go unused.)
    """
    from xlsxwriter.worksheet import Worksheet

    class OwnFormulasSheet(Worksheet):
        def _prepare_formula(self, formula, *args, **kwargs):
            return formula[1:] if formula.startswith("=") else formula

    return OwnFormulasSheet


def _write_indicator(
    sheet, first: int, number: int, item: IndicatorCapaian, settings: Settings, fmt: CapaianFormats
) -> IndicatorRows:
    """An indicator's rows from ``first``: merged NO, name and polarity, a row per line."""
    ind = item.indicator
    last = first + len(item.rows) - 1
    rows = IndicatorRows(ind, first, first, last - 1)
    name = f"{ind.nama.strip()} ({ind.satuan.strip()})" if ind.satuan.strip() else ind.nama
    for col, value in ((COL_NO, number), (COL_NAME, name), (COL_POLARITY, ind.polaritas.value)):
        cell_format = fmt.text if col == COL_NAME else fmt.center
        if last > first:
            sheet.merge_range(first, col, last, col, "", cell_format)
        if isinstance(value, int):
            sheet.write_number(first, col, value, cell_format)
        else:
            sheet.write_string(first, col, value, cell_format)
    # Realisasi and selisih of a count whose figures are whole: no decimals (as in LKT).
    whole = not item.result.places(settings.desimal)
    for row, line in enumerate(item.rows, start=first):
        _write_row(sheet, row, item, line, rows, settings, fmt, whole)
    return rows


def _write_notes(
    sheet, row: int, table: CapaianResult, settings: Settings, fmt: CapaianFormats
) -> int:
    """The rules and the kategori bands under the table, from ``row``; the last row written."""
    sheet.write_string(row, 0, "Keterangan:", fmt.note)
    for text in rule_lines(settings, any_empty=bool(table.notes)):
        row += 1
        sheet.write_string(row, 1, text, fmt.note)
    row += 2
    sheet.write_string(row, 0, "Kategori capaian:", fmt.note)
    for band, text in band_ranges(settings.bands):
        row += 1
        sheet.write_string(row, COL_NAME, text, fmt.center)
        sheet.merge_range(row, COL_POLARITY, row, COL_PERIOD, "", fmt.bands[band.color])
        sheet.write_string(row, COL_POLARITY, band.name, fmt.bands[band.color])
    return row


def write_capaian(
    book, result: ReportResult, table: CapaianResult
) -> tuple[Placed, list[IndicatorRows]]:
    """Write sheet Capaian; return what it placed and where each indicator's rows are,
    for the charts."""
    settings = result.report.settings
    fmt = CapaianFormats(book, settings)
    sheet = book.add_worksheet(SHEET_CAPAIAN, worksheet_class=own_formulas_sheet())
    last_col = len(CAPAIAN_HEADERS) - 1
    titles = (
        f"CAPAIAN KINERJA TRIWULAN {ROMAN[settings.triwulan]} TAHUN {settings.tahun}",
        f"{settings.instansi} {settings.wilayah}".upper(),
    )
    for row, title in enumerate(titles):
        sheet.merge_range(row, 0, row, last_col, "", fmt.title)
        sheet.write_string(row, 0, title, fmt.title)
    for col, text in enumerate(CAPAIAN_HEADERS):
        sheet.write_string(CAPAIAN_HEADER_ROW, col, text, fmt.header)
    sheet.set_row(CAPAIAN_HEADER_ROW, 28)

    placed: list[IndicatorRows] = []
    row = CAPAIAN_HEADER_ROW + 1
    for number, item in enumerate(table.indicators, start=1):
        placed.append(_write_indicator(sheet, row, number, item, settings, fmt))
        row += len(item.rows)
    last_row = _write_notes(sheet, row + 1, table, settings, fmt)

    for col, width in enumerate(CAPAIAN_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(CAPAIAN_HEADER_ROW + 1, 0)
    return Placed(sheet, last_row, (0, CAPAIAN_HEADER_ROW)), placed
