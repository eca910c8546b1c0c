"""``rekap.xlsx``: the kabupaten recap across the agencies of one quarter's folder.

Made from the :class:`~lkt_excel.folder.recap_data.Record` of every good report
(never by reading the reports again), it holds three sheets:

- ``Indikator``: one row per agency and indicator, the last quarter's and the
  TOTAL target, realisasi and capaian, and the kategori in its colour;
- ``Instansi``: one row per agency, ranked: indicators, average capaian,
  predikat (the kategori band of the average), indicators per kategori;
- ``Grafik``: the agencies' average capaian as horizontal bars, highest on top,
  each in its predikat's colour, sized so that 40 agencies stay readable.

Numbers are numeric cells with the report's own decimals, text is always
written as text, and every sheet prints on F4 landscape, its header repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from lkt_excel import __version__
from lkt_excel.core.model import ROMAN, Paper
from lkt_excel.core.problems import OutputError
from lkt_excel.files import cannot_write, write_atomically
from lkt_excel.folder.recap_data import Agency, kategori_names, ranked
from lkt_excel.report.formats import WORKBOOK_OPTIONS, NumberFormats
from lkt_excel.report.style import FONT, FONT_SIZE, HEADER_FILL, TITLE_SIZE

RECAP_NAME = "rekap.xlsx"
SHEET_INDIKATOR = "Indikator"
SHEET_INSTANSI = "Instansi"
SHEET_GRAFIK = "Grafik"
HEADER_ROW = 4  # 0-based: under the title block (title, period, made when)
NO_CAPAIAN = "TANPA CAPAIAN"

_CELL = {"font_name": FONT, "font_size": FONT_SIZE, "border": 1, "valign": "top"}


def indicator_headers(quarter: str) -> tuple[str, ...]:
    return (
        "NO",
        "INSTANSI",
        "SASARAN STRATEGIS",
        "KODE",
        "INDIKATOR KINERJA",
        "SATUAN",
        "POLARITAS",
        f"TARGET {quarter}",
        f"REALISASI {quarter}",
        f"CAPAIAN {quarter} (%)",
        "TARGET TOTAL",
        "REALISASI TOTAL",
        "CAPAIAN TOTAL (%)",
        "KATEGORI",
    )


INDICATOR_WIDTHS = (5, 30, 30, 8, 40, 9, 10, 11, 11, 11, 11, 11, 11, 14)
AGENCY_HEADERS = (
    "PERINGKAT",
    "INSTANSI",
    "BERKAS LAPORAN",
    "JUMLAH INDIKATOR",
    "RATA-RATA CAPAIAN (%)",
    "PREDIKAT",
)
AGENCY_WIDTHS = (10, 36, 44, 11, 12, 14)


class _Formats:
    """The recap's formats, each made once (a coloured one per colour)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_name": FONT, "font_size": TITLE_SIZE})
        self.line = book.add_format({"font_name": FONT, "font_size": FONT_SIZE})
        self.header = book.add_format(
            {**_CELL, "bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "align": "center"}
        )
        self.text = book.add_format({**_CELL, "text_wrap": True})
        self.whole = book.add_format({**_CELL, "num_format": "0"})
        self.number = NumberFormats(book, _CELL)
        self._filled: dict[str, Any] = {}

    def filled(self, color: str | None) -> Any:
        if not color:
            return self.text
        if color not in self._filled:
            self._filled[color] = self.book.add_format({**_CELL, "bg_color": color})
        return self._filled[color]


def _quarter_title(agencies: Sequence[Agency]) -> str:
    quarters = {a.record.triwulan for a in agencies}
    return f"TW {ROMAN[quarters.pop()]}" if len(quarters) == 1 else "TW TERAKHIR"


def _set_up_page(sheet: Any, widths: Sequence[int], rows: int) -> None:
    """Widths, the header in view and filterable, F4 landscape one page wide, header repeated."""
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    if rows:
        sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + rows, len(widths) - 1)
    _print_f4(sheet)
    sheet.repeat_rows(HEADER_ROW)
    sheet.fit_to_pages(1, 0)


def _print_f4(sheet: Any) -> None:
    sheet.set_landscape()
    sheet.set_paper(Paper.F4.value)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _fit_height(sheet: Any, row: int, cells: Sequence[tuple[str, int]]) -> None:
    """Grow a row for its wrapped text (Excel does not for text a program wrote)."""
    # A column of width w holds about 1,2 w characters of Arial 10 text (w counts digits).
    lines = max(-(-len(text) * 5 // max(1, width * 6)) for text, width in cells)
    if lines > 1:
        sheet.set_row(row, min(409, 13 * lines))


def _header(sheet: Any, fmt: _Formats, headers: Sequence[str], widths: Sequence[int]) -> None:
    for col, title in enumerate(headers):
        sheet.write_string(HEADER_ROW, col, title, fmt.header)
    _fit_height(sheet, HEADER_ROW, list(zip(headers, widths, strict=True)))


def _head(sheet: Any, fmt: _Formats, title: str, lines: Sequence[str]) -> None:
    sheet.write_string(0, 0, title, fmt.title)
    for row, line in enumerate(lines, start=1):
        if line:
            sheet.write_string(row, 0, line, fmt.line)


def _number(sheet: Any, row: int, col: int, value: Any, fmt: _Formats) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt.text)
    else:
        sheet.write_number(row, col, float(value), fmt.number(value))


def _write_indicators(book: Any, fmt: _Formats, agencies: Sequence[Agency], lines: list) -> None:
    sheet = book.add_worksheet(SHEET_INDIKATOR)
    _head(sheet, fmt, "REKAP CAPAIAN INDIKATOR KINERJA PER INSTANSI", lines)
    _header(sheet, fmt, indicator_headers(_quarter_title(agencies)), INDICATOR_WIDTHS)
    row = HEADER_ROW
    for agency in agencies:
        record = agency.record
        for line in record.lines:
            row += 1
            sheet.write_number(row, 0, row - HEADER_ROW, fmt.whole)
            texts = (
                record.instansi,
                line.sasaran,
                line.kode,
                line.nama,
                line.satuan,
                line.polaritas,
            )
            for col, text in enumerate(texts, start=1):
                sheet.write_string(row, col, text, fmt.text)
            _fit_height(sheet, row, list(zip(texts, INDICATOR_WIDTHS[1:7], strict=True)))
            figures = (
                line.target,
                line.realisasi,
                line.capaian,
                line.target_total,
                line.realisasi_total,
                line.capaian_total,
            )
            for col, value in enumerate(figures, start=7):
                _number(sheet, row, col, value, fmt)
            band = record.band(line.kategori)
            if line.kategori:
                sheet.write_string(row, 13, line.kategori, fmt.filled(band.color if band else None))
            else:  # no capaian, so no kategori
                sheet.write_blank(row, 13, None, fmt.text)
    _set_up_page(sheet, INDICATOR_WIDTHS, row - HEADER_ROW)


def _write_agencies(
    book: Any, fmt: _Formats, agencies: Sequence[Agency], lines: list, names: list[str]
) -> int:
    """Sheet Instansi; returns how many agencies have an average (the chart's rows)."""
    sheet = book.add_worksheet(SHEET_INSTANSI)
    _head(sheet, fmt, "REKAP KINERJA INSTANSI (PERINGKAT)", lines)
    headers = (*AGENCY_HEADERS, *(name.upper() for name in names), NO_CAPAIAN)
    widths = (*AGENCY_WIDTHS, *(11 for _ in names), 11)
    _header(sheet, fmt, headers, widths)
    for index, agency in enumerate(agencies, start=1):
        row = HEADER_ROW + index
        if agency.rank is None:
            sheet.write_string(row, 0, "-", fmt.text)
        else:
            sheet.write_number(row, 0, agency.rank, fmt.whole)
        sheet.write_string(row, 1, agency.record.instansi, fmt.text)
        sheet.write_string(row, 2, agency.output, fmt.text)
        _fit_height(sheet, row, [(agency.record.instansi, 36), (agency.output, 44)])
        sheet.write_number(row, 3, len(agency.record.lines), fmt.whole)
        _number(sheet, row, 4, agency.average, fmt)
        predikat = agency.predikat
        color = predikat.color if predikat else None
        if predikat is None:
            sheet.write_blank(row, 5, None, fmt.text)
        else:
            sheet.write_string(row, 5, predikat.name, fmt.filled(color))
        for col, name in enumerate((*names, ""), start=len(AGENCY_HEADERS)):
            sheet.write_number(row, col, agency.counts.get(name, 0), fmt.whole)
    _set_up_page(sheet, widths, len(agencies))
    return sum(1 for a in agencies if a.average is not None)


def _write_chart(book: Any, fmt: _Formats, agencies: Sequence[Agency], shown: int, lines: list):
    """Horizontal bars of the average capaian, rank 1 on top, in predikat colours."""
    sheet = book.add_worksheet(SHEET_GRAFIK)
    _head(sheet, fmt, "GRAFIK RATA-RATA CAPAIAN INSTANSI", lines)
    _print_f4(sheet)
    sheet.fit_to_pages(1, 1)  # one chart, one page: scaled down for many agencies
    if not shown:
        sheet.write_string(HEADER_ROW, 0, "Belum ada instansi dengan capaian.", fmt.line)
        return
    first, last = HEADER_ROW + 1, HEADER_ROW + shown
    chart = book.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Rata-rata capaian (%)",
            "categories": [SHEET_INSTANSI, first, 1, last, 1],
            "values": [SHEET_INSTANSI, first, 4, last, 4],
            "points": [
                {"fill": {"color": a.predikat.color if a.predikat else "#808080"}}
                for a in agencies[:shown]
            ],
            "data_labels": {"value": True, "num_format": "0.00", "font": {"size": 8}},
            "gap": 40,
        }
    )
    chart.set_title({"name": "Rata-rata capaian indikator per instansi (%)"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})  # the category axis of a bar
    chart.set_x_axis({"min": 0, "num_font": {"size": 8}, "major_gridlines": {"visible": True}})
    height = 120 + 20 * shown  # px: about 20 px a bar, so 40 agencies' names stay legible
    sheet.insert_chart(HEADER_ROW, 0, chart, {"x_scale": 1.9, "y_scale": height / 288})


def recap_lines(period_title: str, agencies: Sequence[Agency], now: datetime) -> list[str]:
    from lkt_excel.core.dates import format_time_id

    return [
        f"Periode: {period_title}" if period_title else "",
        f"{len(agencies)} laporan instansi. Dibuat {format_time_id(now)} oleh lkt-excel "
        f"{__version__}.",
    ]


def write_recap(
    agencies: Sequence[Agency], path: Path, *, period_title: str = "", now: datetime | None = None
) -> Path:
    """Write ``rekap.xlsx`` atomically; :class:`OutputError` when it cannot (open in Excel).

    ``agencies`` in any order: they are ranked here; the indicator sheet lists
    them by name.
    """
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    from lkt_excel.folder.results import natural_key

    order = ranked(list(agencies))
    by_name = sorted(order, key=lambda a: (natural_key(a.record.instansi), natural_key(a.label)))
    lines = recap_lines(period_title, order, now or datetime.now())
    try:
        with write_atomically(path) as staging:
            book = xlsxwriter.Workbook(str(staging), WORKBOOK_OPTIONS)
            fmt = _Formats(book)
            _write_indicators(book, fmt, by_name, lines)
            shown = _write_agencies(book, fmt, order, lines, kategori_names(order))
            _write_chart(book, fmt, order, shown, lines)
            book.close()
    except (OSError, FileCreateError) as exc:  # xlsxwriter's error is no OSError
        raise OutputError(cannot_write(path, exc, what="Rekap")) from exc
    return path
