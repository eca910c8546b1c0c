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
    GUARD_PLACES,
    CapaianResult,
    CapaianRow,
    IndicatorCapaian,
    PeriodAverage,
    band_ranges,
)
from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import (
    ROMAN,
    Aggregation,
    Band,
    Indicator,
    NegativeRule,
    Polarity,
    Rounding,
    Settings,
)
from lkt_excel.core.problems import column_letter
from lkt_excel.report.formats import CapaianFormats, period_titles, write_header_row, write_titles
from lkt_excel.report.geometry import (
    CAPAIAN_HEADER_HEIGHT,
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
    TextRows,
    address,
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


@dataclass(frozen=True)
class SummaryRows:
    """Where the summary under the table sits (0-based): its header row of periods, the
    row of rata-rata capaian kinerja, and the column of the first period."""

    header: int
    mean: int
    first_col: int


def realisasi_formula(
    ind: Indicator, row: int, settings: Settings, first: int | None = None
) -> str:
    """A quarter's realisasi over its counts; from row ``first`` on when the indicator is
    kumulatif: ``ROUND(SUM(F$8:F9)*100/SUM(G$8:G9),2)``, the running totals of the counts."""
    f, d = round_function(settings.pembulatan), settings.desimal
    pembilang, penyebut = address(COL_PEMBILANG, row), address(COL_PENYEBUT, row)
    if ind.cumulative and first is not None and first < row:
        pembilang = f"SUM({address(COL_PEMBILANG, first, fixed_row=True)}:{pembilang})"
        penyebut = f"SUM({address(COL_PENYEBUT, first, fixed_row=True)}:{penyebut})"
    if ind.is_ratio:
        times = format(ind.multiplier.normalize(), "f")  # 100 for %, 1000 for per 1.000
        return f"={f}({pembilang}*{times}/{penyebut},{d})"
    return f"={f}({pembilang},{d})"


def total_realisasi_formula(ind: Indicator, first: int, last: int, settings: Settings) -> str:
    f, d = round_function(settings.pembulatan), settings.desimal
    span = f"{address(COL_REALISASI, first)}:{address(COL_REALISASI, last)}"
    how = ind.aggregation
    if how in (Aggregation.AKHIR, Aggregation.KUMULATIF):  # kumulatif: the last running total
        return f"={address(COL_REALISASI, last)}"
    function = "SUM" if how is Aggregation.JUMLAH else "AVERAGE"
    return f"={f}({function}({span}),{d})"


def selisih_formula(row: int, settings: Settings) -> str:
    f, d = round_function(settings.pembulatan), settings.desimal
    return f"={f}({address(COL_REALISASI, row)}-{address(COL_TARGET, row)},{d})"


def capaian_formula(ind: Indicator, row: int, settings: Settings) -> str:
    """Capaian over this row's target and realisasi; empty text where it divides by zero."""
    f, d = round_function(settings.pembulatan), settings.desimal
    target, realisasi = address(COL_TARGET, row), address(COL_REALISASI, row)
    if ind.polaritas is Polarity.POSITIF:
        divisor, quotient = target, f"{realisasi}/{target}*100"
    elif settings.rumus_negatif is NegativeRule.KEBALIKAN:
        divisor, quotient = realisasi, f"{target}/{realisasi}*100"
    else:
        divisor, quotient = target, f"(2*{target}-{realisasi})/{target}*100"
    return f'=IF({divisor}=0,"",{f}({quotient},{d}))'


def total_note(settings: Settings, subject: str = "Baris TOTAL") -> str:
    """What a TOTAL before TW IV compares: the year so far with the whole year's target."""
    return (
        f"{subject} membandingkan realisasi sampai TW {ROMAN[settings.triwulan]} dengan "
        "target setahun: sebelum TW IV capaiannya belum capaian akhir tahun."
    )


def rule_lines(
    settings: Settings, any_empty: bool = False, any_cumulative: bool = False
) -> list[str]:
    """The rules of the sheet, written out for the reader under the table.

    ``any_empty``: some capaian could not be reckoned (a zero divisor); say why it is blank.
    ``any_cumulative``: some indicator is kumulatif; say what its rows hold.
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
            # Two lines: a note wider than the table would widen the printed sheet.
            "Rata-rata capaian kinerja: rata-rata capaian triwulan itu (atau TOTAL) dari "
            "indikator yang capaiannya terhitung,",
            f"{how} sampai {settings.desimal} angka di belakang koma; predikat kinerja: kategori "
            "rata-rata itu.",
        ]
        + (["Capaian kosong: pembagian dengan nol (lihat lembar Catatan)."] if any_empty else [])
        + (
            [
                "Indikator kumulatif: realisasi = jumlah pembilang (dan penyebut) sampai dengan "
                "triwulan itu, dibanding target s.d. triwulan itu.",
            ]
            if any_cumulative
            else []
        )
        + ([total_note(settings)] if settings.triwulan < 4 else [])
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
        else:  # as entered: a count of a ratio is whole, a realisasi may have decimals (81,25)
            sheet.write_number(row, col, float(count), fmt.target(count))
    number = fmt.total_number if is_total else fmt.number  # capaian: always Desimal places
    figure = (fmt.total_count if is_total else fmt.count) if whole else number
    realisasi = (
        total_realisasi_formula(ind, rows.first, rows.last_quarter, settings)
        if is_total
        else realisasi_formula(ind, row, settings, rows.first)
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
    of them: the substitutions were a quarter of its build time. The summary under
    the table adds SUMPRODUCT, ISNUMBER and AVERAGEIF (Excel 2007), which need none. Only the
    leading ``=`` is removed, as xlsxwriter does. (If xlsxwriter renamed this
    private method, the override would simply go unused.)
    """
    from xlsxwriter.worksheet import Worksheet

    class OwnFormulasSheet(Worksheet):
        def _prepare_formula(self, formula, *args, **kwargs):
            return formula[1:] if formula.startswith("=") else formula

    return OwnFormulasSheet


def capaian_name(ind: Indicator) -> str:
    """The indicator as column B shows it, with its unit, and "kumulatif" if it is."""
    marks = [m for m in (ind.satuan.strip(), "kumulatif" if ind.cumulative else "") if m]
    return f"{ind.nama.strip()} ({', '.join(marks)})" if marks else ind.nama


def _name_rows(rows: IndicatorRows, item: IndicatorCapaian) -> TextRows:
    """An indicator's rows, whose last grows when its name, merged over them, needs more."""
    period = tuple(((line.label, CAPAIAN_WIDTHS[COL_PERIOD]),) for line in item.rows)
    spanning = (capaian_name(item.indicator), CAPAIAN_WIDTHS[COL_NAME])
    return TextRows(rows.first, period, spanning, one_line_too=False)


def _write_indicator(
    sheet, first: int, number: int, item: IndicatorCapaian, settings: Settings, fmt: CapaianFormats
) -> IndicatorRows:
    """An indicator's rows from ``first``: merged NO, name and polarity, a row per line."""
    ind = item.indicator
    last = first + len(item.rows) - 1
    rows = IndicatorRows(ind, first, first, last - 1)
    name = capaian_name(ind)
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
) -> tuple[int, list[str]]:
    """The rules and the kategori bands under the table, from ``row``.

    Returns the last row written and the cell holding each band's name, highest
    band first (the predikat formulas refer to them).
    """
    sheet.write_string(row, 0, "Keterangan:", fmt.note)
    any_cumulative = any(item.indicator.cumulative for item in table.indicators)
    for text in rule_lines(settings, any_empty=bool(table.notes), any_cumulative=any_cumulative):
        row += 1
        sheet.write_string(row, 1, text, fmt.note)
    row += 2
    sheet.write_string(row, 0, "Kategori capaian:", fmt.note)
    names = []
    for band, text in band_ranges(settings.bands):
        row += 1
        sheet.write_string(row, COL_NAME, text, fmt.center)
        sheet.merge_range(row, COL_POLARITY, row, COL_PERIOD, "", fmt.bands[band.color])
        sheet.write_string(row, COL_POLARITY, band.name, fmt.bands[band.color])
        names.append("$" + column_letter(COL_POLARITY + 1) + f"${row + 1}")
    return row, names


SUMMARY_LABELS = (
    "Rata-rata capaian kinerja (%)",
    "Predikat kinerja",
    "Jumlah indikator yang dirata-rata",
)
SUMMARY_ROWS = 1 + len(SUMMARY_LABELS)  # the header row, then one row per label
MAX_NESTED_BANDS = 60  # Excel nests at most 64 functions; more bands: predikat as text


def _absolute(col: int, first: int, last: int) -> str:
    letter = column_letter(col + 1)
    return f"${letter}${first + 1}:${letter}${last + 1}"


def count_formula(first: int, last: int, label: str) -> str:
    """How many indicators have a capaian (a number) in the period named in cell ``label``."""
    periods, values = _absolute(COL_PERIOD, first, last), _absolute(COL_CAPAIAN, first, last)
    return f"=SUMPRODUCT(({periods}={label})*ISNUMBER({values}))"


def average_formula(first: int, last: int, label: str, count: str, settings: Settings) -> str:
    """The mean capaian of the period named in ``label``; empty text when ``count`` is 0."""
    f, d = round_function(settings.pembulatan), settings.desimal
    periods, values = _absolute(COL_PERIOD, first, last), _absolute(COL_CAPAIAN, first, last)
    mean = f"AVERAGEIF({periods},{label},{values})"
    return f'=IF({count}=0,"",{f}(ROUND({mean},{d + GUARD_PLACES}),{d}))'


def predikat_formula(average: str, bands: tuple[Band, ...], names: list[str]) -> str | None:
    """The band of the mean in cell ``average``, as the name in the legend's cell.

    The names are references, never text in the formula (a Kategori name is
    input). None when there are too many bands to nest.
    """
    if len(bands) > MAX_NESTED_BANDS:
        return None
    formula = names[-1]
    for band, name in zip(reversed(bands[:-1]), reversed(names[:-1]), strict=True):
        if band.lower is not None:
            formula = f"IF({average}>={format(band.lower, 'f')},{name},{formula})"
    return f'=IF({average}="","",{formula})'


def _write_summary(
    sheet,
    top: int,
    span: tuple[int, int],
    averages: tuple[PeriodAverage, ...],
    names: list[str],
    settings: Settings,
    fmt: CapaianFormats,
) -> None:
    """Rata-rata capaian kinerja, predikat kinerja and their count, a column per period.

    ``span``: the first and last row of the indicators' table.
    """
    sheet.merge_range(top, COL_NO, top, COL_PERIOD, "", fmt.header)
    sheet.write_string(top, COL_NO, "URAIAN", fmt.header)
    for offset, label in enumerate(SUMMARY_LABELS, start=1):
        sheet.merge_range(top + offset, COL_NO, top + offset, COL_PERIOD, "", fmt.label)
        sheet.write_string(top + offset, COL_NO, label, fmt.label)
    first, last = span
    mean_row, predikat_row, count_row = top + 1, top + 2, top + 3
    for col, period in enumerate(averages, start=COL_TARGET):
        label = f"{column_letter(col + 1)}${top + 1}"
        sheet.write_string(top, col, period.label, fmt.header)
        count = address(col, count_row)
        sheet.write_formula(
            count_row, col, count_formula(first, last, label), fmt.target(Decimal(0)), period.count
        )
        sheet.write_formula(
            mean_row,
            col,
            average_formula(first, last, label, count, settings),
            fmt.total_number,
            cached(period.average),
        )
        shown = fmt.predikat[period.predikat.color] if period.predikat else fmt.plain
        text = period.predikat.name if period.predikat else ""
        formula = predikat_formula(address(col, mean_row), settings.bands, names)
        if formula is None:
            sheet.write_string(predikat_row, col, text, shown)
        else:
            sheet.write_formula(predikat_row, col, formula, shown, text)


def total_capaian_cells(table: CapaianResult, placed: list[IndicatorRows]) -> dict[str, str]:
    """Each indicator's TOTAL capaian cell, ``Capaian!$J$8``, by Kode (those with a TOTAL)."""
    return {
        rows.indicator.kode: f"{SHEET_CAPAIAN}!"
        + address(COL_CAPAIAN, rows.last_quarter + 1, fixed_col=True, fixed_row=True)
        for rows, item in zip(placed, table.indicators, strict=True)
        if item.rows and item.rows[-1].quarter is None
    }


def write_capaian(
    book, result: ReportResult, table: CapaianResult
) -> tuple[Placed, list[IndicatorRows], SummaryRows | None]:
    """Write sheet Capaian; return what it placed, where each indicator's rows are and
    where the summary is, for the charts."""
    settings = result.report.settings
    fmt = CapaianFormats(book, settings)
    sheet = book.add_worksheet(SHEET_CAPAIAN, worksheet_class=own_formulas_sheet())
    last_col = len(CAPAIAN_HEADERS) - 1
    titles = period_titles("CAPAIAN KINERJA", settings)
    write_titles(sheet, titles, last_col, fmt.title)
    write_header_row(sheet, CAPAIAN_HEADER_ROW, CAPAIAN_HEADERS, CAPAIAN_HEADER_HEIGHT, fmt.header)

    placed: list[IndicatorRows] = []
    row = CAPAIAN_HEADER_ROW + 1
    for number, item in enumerate(table.indicators, start=1):
        placed.append(_write_indicator(sheet, row, number, item, settings, fmt))
        row += len(item.rows)
    summary = row + 1
    last_row, names = _write_notes(sheet, summary + SUMMARY_ROWS + 1, table, settings, fmt)
    summary_rows = None
    if table.averages:
        span = (CAPAIAN_HEADER_ROW + 1, row - 1)
        _write_summary(sheet, summary, span, table.averages, names, settings, fmt)
        summary_rows = SummaryRows(summary, summary + 1, COL_TARGET)

    for col, width in enumerate(CAPAIAN_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(CAPAIAN_HEADER_ROW + 1, 0)
    # Each indicator on one page; the last one with the summary, notes and legend, so
    # the legend is never split, nor printed alone under the repeated header.
    keep = [(rows.first, rows.last_quarter + 1) for rows in placed]
    keep[-1:] = [(keep[-1][0], last_row)] if keep else []
    done = Placed(
        sheet,
        last_row,
        (0, CAPAIAN_HEADER_ROW),
        widths=CAPAIAN_WIDTHS,
        texts=tuple(
            _name_rows(rows, item) for rows, item in zip(placed, table.indicators, strict=True)
        ),
        heights=((CAPAIAN_HEADER_ROW, CAPAIAN_HEADER_HEIGHT),),
        keep=tuple(keep),
    )
    return done, placed, summary_rows
