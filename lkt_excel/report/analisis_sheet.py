"""Sheet ``Analisis``: the evaluation form's table, one row per indicator.

As the quarterly evaluation of Permendagri 86/2017 lays it out: each
indicator's capaian (of the quarter reported and TOTAL), the kategori of
TOTAL, the realisasi beside last year's and the Renstra's final target, then
the office's faktor pendorong, faktor penghambat and tindak lanjut; under the
table, the rata-rata capaian kinerja and predikat kinerja of both periods.
The figures are the ones sheet ``Capaian`` shows (computed in
:mod:`lkt_excel.core.capaian`), written as numbers; input text is always
``write_string``.
"""

from __future__ import annotations

from decimal import Decimal

from lkt_excel.core.capaian import CapaianResult, CapaianRow, IndicatorCapaian, PeriodAverage
from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import ROMAN, Settings
from lkt_excel.core.numbers import excel_format
from lkt_excel.report.capaian_sheet import total_note
from lkt_excel.report.formats import (
    NumberFormats,
    period_titles,
    title_format,
    write_header_row,
    write_titles,
)
from lkt_excel.report.geometry import (
    ANALISIS_HEADER_HEIGHT,
    ANALISIS_HEADER_ROW,
    ANALISIS_TEXT_COLS,
    ANALISIS_WIDTHS,
    SHEET_ANALISIS,
    Placed,
    TextRows,
)
from lkt_excel.report.style import FONT, FONT_SIZE, HEADER_FILL

SUMMARY_LABELS = ("Rata-rata capaian kinerja (%)", "Predikat kinerja")
COL_QUARTER, COL_TOTAL, COL_KATEGORI = 2, 3, 4
COL_REALISASI, COL_TAHUN_LALU, COL_RENSTRA = 5, 6, 7
COL_PENDORONG = 8
# The office's texts are measured as if their columns were this much narrower: printed by
# LibreOffice in its stand-in for Arial, a line of these columns holds fewer characters
# than layout.text_lines reckons, and a row a line short cuts the last line off.
MEASURE = 0.85


def analisis_headers(settings: Settings) -> tuple[str, ...]:
    """The header row: the periods and years named as the report's ``Triwulan`` and ``Tahun``."""
    roman, tahun = ROMAN[settings.triwulan], settings.tahun
    realisasi = (
        f"REALISASI TAHUN {tahun}"
        if settings.triwulan == 4
        else f"REALISASI S.D. TW {roman} TAHUN {tahun}"
    )
    return (
        "NO",
        "INDIKATOR KINERJA",
        f"CAPAIAN TW {roman} (%)",
        "CAPAIAN TOTAL (%)",
        "KATEGORI (TOTAL)",
        realisasi,
        f"REALISASI TAHUN {tahun - 1}",
        "TARGET AKHIR RENSTRA",
        "FAKTOR PENDORONG",
        "FAKTOR PENGHAMBAT",
        "TINDAK LANJUT",
    )


class AnalisisFormats:
    """The sheet's formats, one per kategori colour."""

    def __init__(self, book, settings: Settings):
        base = {"border": 1, "valign": "top", "font_name": FONT, "font_size": FONT_SIZE}
        centered = {**base, "align": "center"}
        self.title = title_format(book)
        header = {"bold": True, "valign": "vcenter", "text_wrap": True, "bg_color": HEADER_FILL}
        self.header = book.add_format({**centered, **header})
        self.text = book.add_format({**base, "text_wrap": True})
        self.center = book.add_format(centered)
        self.label = book.add_format({**base, "bold": True})
        self.capaian = book.add_format({**centered, "num_format": excel_format(settings.desimal)})
        self.mean = book.add_format(
            {**centered, "bold": True, "num_format": excel_format(settings.desimal)}
        )
        self.places = {
            places: book.add_format({**centered, "num_format": excel_format(places)})
            for places in {0, settings.desimal}
        }
        self.entered = NumberFormats(book, centered)  # last year's and Renstra's: as typed
        self.note = book.add_format({"font_name": FONT, "font_size": FONT_SIZE, "italic": True})
        self.bands = {
            band.color: book.add_format({**centered, "text_wrap": True, "bg_color": band.color})
            for band in settings.bands
        }


def _row_of(item: IndicatorCapaian, quarter: int | None) -> CapaianRow | None:
    return next((row for row in item.rows if row.quarter == quarter), None)


def _capaian_cell(sheet, row: int, col: int, line: CapaianRow | None, fmt) -> None:
    """A capaian: '-' where the period has no figure, blank where it divides by zero."""
    if line is None:
        sheet.write_string(row, col, "-", fmt.center)
    elif line.capaian is None:
        sheet.write_blank(row, col, None, fmt.center)
    else:
        sheet.write_number(row, col, float(line.capaian), fmt.capaian)


def _figure(sheet, row: int, col: int, value: Decimal | None, fmt, cell_format=None) -> None:
    if value is None:
        sheet.write_string(row, col, "-", fmt.center)
    else:
        sheet.write_number(row, col, float(value), cell_format or fmt.entered(value))


def _write_indicator(
    sheet, row: int, number: int, item: IndicatorCapaian, settings: Settings, fmt
) -> None:
    ind = item.indicator
    sheet.write_number(row, 0, number, fmt.center)
    sheet.write_string(row, 1, _name(item), fmt.text)
    _capaian_cell(sheet, row, COL_QUARTER, _row_of(item, settings.triwulan), fmt)
    total = _row_of(item, None)
    _capaian_cell(sheet, row, COL_TOTAL, total, fmt)
    if total is None or total.band is None:
        sheet.write_blank(row, COL_KATEGORI, None, fmt.center)
    else:
        sheet.write_string(row, COL_KATEGORI, total.band.name, fmt.bands[total.band.color])
    shown = fmt.places[item.result.places(settings.desimal)]
    _figure(sheet, row, COL_REALISASI, item.result.realisasi_total, fmt, shown)
    _figure(sheet, row, COL_TAHUN_LALU, ind.realisasi_tahun_lalu, fmt)
    _figure(sheet, row, COL_RENSTRA, ind.target_renstra, fmt)
    for col, text in enumerate(_texts(item), start=COL_PENDORONG):
        sheet.write_string(row, col, text, fmt.text)


def _name(item: IndicatorCapaian) -> str:
    ind = item.indicator
    return f"{ind.nama.strip()} ({ind.satuan.strip()})" if ind.satuan.strip() else ind.nama


def _texts(item: IndicatorCapaian) -> tuple[str, str, str]:
    ind = item.indicator
    return (ind.faktor_pendorong, ind.faktor_penghambat, ind.tindak_lanjut)


def _write_summary(
    sheet, row: int, averages: tuple[PeriodAverage, ...], settings: Settings, fmt
) -> TextRows:
    """Rata-rata capaian kinerja and predikat kinerja of the quarter reported and TOTAL, from
    ``row``; returns the predikat row, whose names may wrap (``Sangat Tinggi``)."""
    by_period = {average.quarter: average for average in averages}
    names: list[tuple[str, float]] = [("", ANALISIS_WIDTHS[COL_TOTAL])]  # one cell at least
    for offset, label in enumerate(SUMMARY_LABELS):
        sheet.merge_range(row + offset, 0, row + offset, 1, "", fmt.label)
        sheet.write_string(row + offset, 0, label, fmt.label)
    for col, quarter in ((COL_QUARTER, settings.triwulan), (COL_TOTAL, None)):
        period = by_period.get(quarter)
        if period is None or period.average is None:
            sheet.write_blank(row, col, None, fmt.center)
            sheet.write_blank(row + 1, col, None, fmt.center)
            continue
        sheet.write_number(row, col, float(period.average), fmt.mean)
        band = period.predikat
        if band is None:
            sheet.write_blank(row + 1, col, None, fmt.center)
        else:
            sheet.write_string(row + 1, col, band.name, fmt.bands[band.color])
            names.append((band.name, ANALISIS_WIDTHS[col]))
    return TextRows(row + 1, (tuple(names),), one_line_too=False)


def write_analisis(book, result: ReportResult, table: CapaianResult) -> Placed:
    """Write sheet Analisis; return what it placed (its wrapped rows' heights are set later)."""
    settings = result.report.settings
    fmt = AnalisisFormats(book, settings)
    sheet = book.add_worksheet(SHEET_ANALISIS)
    headers = analisis_headers(settings)
    last_col = len(headers) - 1
    titles = period_titles("ANALISIS CAPAIAN KINERJA", settings)
    write_titles(sheet, titles, last_col, fmt.title)
    write_header_row(sheet, ANALISIS_HEADER_ROW, headers, ANALISIS_HEADER_HEIGHT, fmt.header)
    first = ANALISIS_HEADER_ROW + 1
    for number, item in enumerate(table.indicators, start=1):
        _write_indicator(sheet, first + number - 1, number, item, settings, fmt)
    last_row = first + len(table.indicators) - 1
    texts = []
    if table.averages:
        predikat = _write_summary(sheet, last_row + 1, table.averages, settings, fmt)
        texts.append(predikat)
        last_row = predikat.first_row
    if settings.triwulan < 4:  # as on Capaian: a TOTAL before TW IV is not the year's capaian
        last_row += 2
        subject = "CAPAIAN TOTAL dan KATEGORI (TOTAL)"
        sheet.write_string(last_row, 0, total_note(settings, subject), fmt.note)
    for col, width in enumerate(ANALISIS_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(first, 0)
    cells = tuple(
        tuple(
            (text, ANALISIS_WIDTHS[col] * MEASURE)
            for col, text in zip(ANALISIS_TEXT_COLS, (_name(item), *_texts(item)), strict=True)
        )
        for item in table.indicators
    )
    return Placed(
        sheet,
        last_row,
        (0, ANALISIS_HEADER_ROW),
        (TextRows(first, cells, one_line_too=False), *texts),
        widths=ANALISIS_WIDTHS,
        heights=((ANALISIS_HEADER_ROW, ANALISIS_HEADER_HEIGHT),),
    )
