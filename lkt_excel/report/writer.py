"""Write the report workbook: sheets ``LKT``, ``Narasi`` and ``Catatan``.

Text from the input is written with ``write_string`` into a workbook whose
string conversions are all off, so it can never become a formula, a number or
a link. The file is written under a temporary name in the output folder and
moved into place, so an interrupted run never leaves a half-written report.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from lkt_excel.core.capaian import CapaianResult
from lkt_excel.core.compute import IndicatorResult, ReportResult
from lkt_excel.core.model import QUARTERS, ROMAN, Settings
from lkt_excel.core.narrative import paragraphs
from lkt_excel.core.numbers import excel_format, places_of
from lkt_excel.core.problems import OutputError, Problem
from lkt_excel.files import cannot_write, write_atomically

SHEET_LKT = "LKT"
SHEET_NARASI = "Narasi"
SHEET_CATATAN = "Catatan"

TITLE_ROWS = 3  # Judul; INSTANSI WILAYAH; TAHUN
HEADER_ROW = TITLE_ROWS + 1  # 0-based: one blank row under the title
FIRST_DATA_ROW = HEADER_ROW + 3  # two header rows and the row of column numbers
LAST_COLUMN = 13  # N: 14 columns
COLUMN_WIDTHS = {0: 5, 1: 28, 2: 40, 13: 22}  # others: the number columns
NUMBER_WIDTH = 9.5

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    # Assemble the parts in memory: without it xlsxwriter writes every part, each
    # chart of Grafik included, to a temporary file first. That made a 25-indicator
    # report about 40% slower and a 2,000-indicator one 30%; the price is about
    # 60 MB more peak memory for the latter (the budget is 300 MB).
    "in_memory": True,
}


def shared_unit(result: ReportResult) -> str | None:
    """The unit every indicator shares (shown in the header), or None when they differ."""
    units = {ind.satuan.strip() for ind in result.report.indicators}
    return units.pop() if len(units) == 1 else None


def column_headers(settings: Settings, unit: str | None) -> tuple[list[str], list[str]]:
    """The two header rows of the 14-column table, as the reference prints them."""
    suffix = f" ({unit})" if unit else ""
    quarters = [f"TW {ROMAN[q]}{suffix}" for q in QUARTERS] + [f"TOTAL{suffix}"]
    top = ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA"]
    top += [f"TARGET TAHUN {settings.tahun}"] * 5 + [f"REALISASI TAHUN {settings.tahun}"] * 5
    top += ["KETERANGAN"]
    sub = ["", "", ""] + quarters + quarters + [""]
    return top, sub


def sasaran_groups(result: ReportResult) -> list[list[IndicatorResult]]:
    """Consecutive indicators of the same sasaran: one merged NO / SASARAN cell each."""
    groups: list[list[IndicatorResult]] = []
    for item in result.indicators:
        ind = item.indicator
        if groups and (groups[-1][0].indicator.sasaran, groups[-1][0].indicator.no) == (
            ind.sasaran,
            ind.no,
        ):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def sasaran_numbers(groups: list[list[IndicatorResult]]) -> list[str]:
    """The NO of each group: as entered, else numbered by first appearance."""
    numbers, counter, given = [], 0, {}
    for group in groups:
        ind = group[0].indicator
        if ind.no:
            numbers.append(ind.no)
            continue
        key = ind.sasaran
        if key not in given:
            counter += 1
            given[key] = str(counter)
        numbers.append(given[key])
    return numbers


class NumberFormats:
    """A format for a number of as many decimal places as a given value has, made once
    per number of places (targets are entered with 0, 1 or 2 places, say)."""

    def __init__(self, book, base: dict):
        self.book, self.base = book, base
        self.made: dict[int, object] = {}

    def __call__(self, value: Decimal):
        places = places_of(value)
        if places not in self.made:
            self.made[places] = self.book.add_format(
                {**self.base, "num_format": excel_format(places)}
            )
        return self.made[places]


class _Formats:
    """Every format the report uses, created once per workbook."""

    def __init__(self, book, desimal: int):
        border = {"border": 1, "valign": "vcenter", "font_name": "Arial", "font_size": 10}
        self.title = book.add_format(
            {"bold": True, "align": "center", "font_name": "Arial", "font_size": 12}
        )
        self.header = book.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"}
        )
        self.number_row = book.add_format(
            {**border, "align": "center", "italic": True, "font_size": 8, "bg_color": "#F2F2F2"}
        )
        self.text = book.add_format({**border, "text_wrap": True, "valign": "top"})
        self.center = book.add_format({**border, "align": "center", "valign": "top"})
        # A target shows the places it was entered with; realisasi shows Desimal places.
        self.target = NumberFormats(book, {**border, "align": "center", "valign": "top"})
        self.realisasi = book.add_format(
            {**border, "align": "center", "valign": "top", "num_format": excel_format(desimal)}
        )
        self.whole = book.add_format(  # realisasi of a count whose figures are whole
            {**border, "align": "center", "valign": "top", "num_format": excel_format(0)}
        )
        self.empty = book.add_format(border)
        self.paragraph = book.add_format(
            {
                "text_wrap": True,
                "valign": "top",
                "font_name": "Arial",
                "font_size": 10,
                "align": "justify",
                "border": 1,
            }
        )
        self.plain_header = book.add_format(
            {
                "bold": True,
                "border": 1,
                "bg_color": "#D9E1F2",
                "font_name": "Arial",
                "font_size": 10,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.bold = book.add_format({"bold": True, "font_name": "Arial", "font_size": 12})


def _number(value) -> float:
    """A Decimal as the float Excel stores; every figure was rounded before this."""
    return float(value)


def write_lkt(book, result: ReportResult, fmt: _Formats) -> None:
    settings = result.report.settings
    sheet = book.add_worksheet(SHEET_LKT)
    titles = [
        settings.judul.upper(),
        f"{settings.instansi} {settings.wilayah}".upper(),
        f"TAHUN {settings.tahun}",
    ]
    for row, title in enumerate(titles):
        sheet.merge_range(row, 0, row, LAST_COLUMN, "", fmt.title)
        sheet.write_string(row, 0, title, fmt.title)

    unit = shared_unit(result)
    top, sub = column_headers(settings, unit)
    r1, r2 = HEADER_ROW, HEADER_ROW + 1
    for col in (0, 1, 2, LAST_COLUMN):
        sheet.merge_range(r1, col, r2, col, "", fmt.header)
        sheet.write_string(r1, col, top[col], fmt.header)
    for first in (3, 8):
        sheet.merge_range(r1, first, r1, first + 4, "", fmt.header)
        sheet.write_string(r1, first, top[first], fmt.header)
    for col in range(3, 13):
        sheet.write_string(r2, col, sub[col], fmt.header)
    for col in range(LAST_COLUMN + 1):
        sheet.write_number(r2 + 1, col, col + 1, fmt.number_row)
    sheet.set_row(r2, 30)

    row = FIRST_DATA_ROW
    groups = sasaran_groups(result)
    for number, group in zip(sasaran_numbers(groups), groups, strict=True):
        last = row + len(group) - 1
        for col, text, cell_format in (
            (0, number, fmt.center),
            (1, group[0].indicator.sasaran, fmt.text),
        ):
            if last > row:
                sheet.merge_range(row, col, last, col, "", cell_format)
            if col == 0 and text.isdigit():  # a plain number, not "number stored as text"
                sheet.write_number(row, col, int(text), cell_format)
            else:
                sheet.write_string(row, col, text, cell_format)
        for item in group:
            _write_indicator_row(sheet, row, item, unit, settings, fmt)
            row += 1

    for col in range(LAST_COLUMN + 1):
        sheet.set_column(col, col, COLUMN_WIDTHS.get(col, NUMBER_WIDTH))
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    sheet.set_landscape()
    sheet.hide_gridlines(2)


def _write_indicator_row(
    sheet, row: int, item: IndicatorResult, unit: str | None, settings: Settings, fmt: _Formats
) -> None:
    ind = item.indicator
    shown = fmt.realisasi if item.places(settings.desimal) else fmt.whole
    name = ind.nama if unit else f"{ind.nama} ({ind.satuan.strip()})"
    sheet.write_string(row, 2, name, fmt.text)
    for q in QUARTERS:
        target = ind.targets[q - 1]
        sheet.write_number(row, 2 + q, _number(target), fmt.target(target))
        quarter = item.quarters.get(q)
        if quarter is None:  # not reported yet: empty, never zero
            sheet.write_blank(row, 7 + q, None, fmt.empty)
        else:
            sheet.write_number(row, 7 + q, _number(quarter.realisasi), shown)
    sheet.write_number(row, 7, _number(item.target_total), fmt.target(item.target_total))
    if item.realisasi_total is None:
        sheet.write_blank(row, 12, None, fmt.empty)
    else:
        sheet.write_number(row, 12, _number(item.realisasi_total), shown)
    sheet.write_string(row, LAST_COLUMN, ind.keterangan, fmt.text)


def write_narasi(book, result: ReportResult, fmt: _Formats) -> list[str]:
    """Sheet Narasi; returns the paragraphs written (their row heights are set later)."""
    sheet = book.add_worksheet(SHEET_NARASI)
    texts = paragraphs(result)
    settings = result.report.settings
    sheet.write_string(
        0,
        0,
        f"NARASI CAPAIAN KINERJA TRIWULAN {ROMAN[settings.triwulan]} TAHUN {settings.tahun}",
        fmt.bold,
    )
    for col, text in enumerate(("NO", "INDIKATOR KINERJA", "NARASI")):
        sheet.write_string(2, col, text, fmt.plain_header)
    for index, (item, text) in enumerate(zip(result.indicators, texts, strict=True), start=1):
        row = 2 + index
        sheet.write_number(row, 0, index, fmt.center)
        sheet.write_string(row, 1, item.indicator.nama, fmt.text)
        sheet.write_string(row, 2, text, fmt.paragraph)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 32)
    sheet.set_column(2, 2, 100)
    sheet.freeze_panes(3, 0)
    sheet.set_landscape()
    return texts


CATATAN_HEADERS = ("NO", "TINGKAT", "SEL", "KOLOM", "PESAN", "SARAN")
NO_NOTES = "Tidak ada catatan."


def write_catatan(book, notes: Sequence[Problem], fmt: _Formats) -> None:
    sheet = book.add_worksheet(SHEET_CATATAN)
    sheet.write_string(0, 0, "CATATAN PEMERIKSAAN MASUKAN", fmt.bold)
    for col, text in enumerate(CATATAN_HEADERS):
        sheet.write_string(2, col, text, fmt.plain_header)
    if not notes:
        sheet.write_string(3, 0, NO_NOTES)
    for index, note in enumerate(notes, start=1):
        row = 2 + index
        sheet.write_number(row, 0, index, fmt.center)
        for col, text in enumerate(
            (note.level.value, note.cell, note.header or "", note.message, note.fix), start=1
        ):
            sheet.write_string(row, col, text, fmt.text)
    for col, width in enumerate((5, 12, 14, 20, 80, 50)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(3, 0)
    sheet.set_landscape()


def write_report(
    result: ReportResult,
    notes: Sequence[Problem],
    output: Path,
    capaian: CapaianResult | None = None,
) -> Path:
    """Write the workbook to ``output`` atomically; raise :class:`OutputError` if impossible."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    from lkt_excel.report.capaian_sheet import write_capaian_and_grafik
    from lkt_excel.report.layout import finish_for_print

    output = Path(output)
    if not output.parent.is_dir():
        raise OutputError(
            f"Folder tujuan '{output.parent}' tidak ada. Buat foldernya atau pilih folder lain "
            "dengan -o."
        )
    try:
        with write_atomically(output) as temporary:
            book = xlsxwriter.Workbook(str(temporary), WORKBOOK_OPTIONS)
            fmt = _Formats(book, result.report.settings.desimal)
            write_lkt(book, result, fmt)
            texts = write_narasi(book, result, fmt)
            write_capaian_and_grafik(book, result, capaian)
            write_catatan(book, notes, fmt)
            finish_for_print(book, result, notes, texts)
            book.close()
    except (FileCreateError, OSError) as exc:
        raise OutputError(cannot_write(output, exc)) from exc
    return output
