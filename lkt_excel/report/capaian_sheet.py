"""Write sheets ``Capaian`` (the arithmetic, as live formulas) and ``Grafik`` (charts).

In ``Capaian`` realisasi, selisih and capaian are Excel formulas over the
cells of pembilang, penyebut and target, written with the value the tool
computed cached, so a person can click a cell and see the arithmetic and a
viewer that does not recalculate still shows the right number. These formulas
are built here from cell addresses only; input text is always ``write_string``.
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
    compute_capaian,
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
from lkt_excel.core.numbers import excel_format
from lkt_excel.core.problems import column_letter
from lkt_excel.report.writer import NumberFormats

SHEET_CAPAIAN = "Capaian"
SHEET_GRAFIK = "Grafik"

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
COL_NO, COL_NAME, COL_POLARITY, COL_PERIOD = 0, 1, 2, 3
COL_TARGET, COL_PEMBILANG, COL_PENYEBUT = 4, 5, 6
COL_REALISASI, COL_SELISIH, COL_CAPAIAN, COL_KATEGORI = 7, 8, 9, 10
CAPAIAN_WIDTHS = (5, 40, 10, 10, 10, 12, 12, 11, 10, 12, 16)
CAPAIAN_HEADER_ROW = 3  # 0-based: two title rows and a blank row above it

GRAFIK_TITLE_ROWS = 2
CHART_WIDTH = 900  # pixels
CHART_HEIGHT = 260
CHART_ROWS = 14  # rows of 20 px each chart takes, with a gap
CHARTS_PER_PAGE = 2


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
        return f"={f}({pembilang}*100/{_cell(COL_PENYEBUT, row)},{d})"
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


class _CapaianFormats:
    def __init__(self, book, settings: Settings):
        base = {"border": 1, "valign": "top", "font_name": "Arial", "font_size": 10}
        places = excel_format(settings.desimal)
        self.title = book.add_format(
            {"bold": True, "align": "center", "font_name": "Arial", "font_size": 12}
        )
        self.header = book.add_format(
            {
                **base,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#D9E1F2",
            }
        )
        self.text = book.add_format({**base, "text_wrap": True})
        self.center = book.add_format({**base, "align": "center"})
        self.total = book.add_format({**base, "align": "center", "bold": True})
        self.plain = book.add_format({**base, "align": "center"})
        self.target = NumberFormats(book, {**base, "align": "center"})
        self.count = book.add_format({**base, "align": "center", "num_format": "#,##0"})
        self.number = book.add_format({**base, "align": "center", "num_format": places})
        self.total_number = book.add_format(
            {**base, "align": "center", "num_format": places, "bold": True}
        )
        self.total_count = book.add_format(
            {**base, "align": "center", "num_format": excel_format(0), "bold": True}
        )
        self.note = book.add_format({"font_name": "Arial", "font_size": 9, "italic": True})
        self.bands = {
            band.color: book.add_format({**base, "align": "center", "bg_color": band.color})
            for band in settings.bands
        }


def _write_row(
    sheet, row: int, item: IndicatorCapaian, line: CapaianRow, rows, settings, fmt, whole: bool
):
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


def write_capaian(book, result: ReportResult, table: CapaianResult) -> list[IndicatorRows]:
    """Write sheet Capaian; return where each indicator's rows are, for the charts."""
    settings = result.report.settings
    fmt = _CapaianFormats(book, settings)
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
        ind = item.indicator
        first, last = row, row + len(item.rows) - 1
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
        for line in item.rows:
            _write_row(sheet, row, item, line, rows, settings, fmt, whole)
            row += 1
        placed.append(rows)

    row += 1
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

    for col, width in enumerate(CAPAIAN_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(CAPAIAN_HEADER_ROW + 1, 0)
    return placed


def write_grafik(book, result: ReportResult, placed: list[IndicatorRows]) -> None:
    """One column chart per indicator: target against realisasi for each quarter reported.

    The data and the title are references to sheet Capaian, so the charts follow
    its formulas; the title refers to the cell holding the indicator's name (a
    name is never parsed as a formula).
    """
    settings = result.report.settings
    sheet = book.add_worksheet(SHEET_GRAFIK)
    title = book.add_format({"bold": True, "font_name": "Arial", "font_size": 12})
    sheet.write_string(
        0,
        0,
        f"GRAFIK TARGET DAN REALISASI TRIWULAN {ROMAN[settings.triwulan]} TAHUN {settings.tahun}",
        title,
    )
    breaks = []
    for index, rows in enumerate(placed):
        chart = book.add_chart({"type": "column"})
        span = (rows.first, rows.last_quarter)
        for name, col, color in (
            ("Target", COL_TARGET, "#A6A6A6"),
            ("Realisasi", COL_REALISASI, "#2F5597"),
        ):
            chart.add_series(
                {
                    "name": name,
                    "categories": [SHEET_CAPAIAN, span[0], COL_PERIOD, span[1], COL_PERIOD],
                    "values": [SHEET_CAPAIAN, span[0], col, span[1], col],
                    "fill": {"color": color},
                    "data_labels": {"value": True, "font": {"size": 9}},
                }
            )
        chart.set_title(
            {
                "name": [SHEET_CAPAIAN, rows.name_row, COL_NAME],
                "name_font": {"size": 11, "bold": True},
            }
        )
        chart.set_y_axis({"major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        anchor = GRAFIK_TITLE_ROWS + index * CHART_ROWS
        if index and index % CHARTS_PER_PAGE == 0:
            breaks.append(anchor)
        sheet.insert_chart(anchor, 0, chart, {"x_offset": 5, "y_offset": 5})
    sheet.set_h_pagebreaks(breaks)
    sheet.set_default_row(15)
    sheet.set_column(0, 0, 10)


def write_capaian_and_grafik(book, result: ReportResult, table: CapaianResult | None) -> None:
    """Sheets Capaian and Grafik, in that order (``table`` computed here when None)."""
    table = table if table is not None else compute_capaian(result)
    write_grafik(book, result, write_capaian(book, result, table))
