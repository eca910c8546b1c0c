"""Sheet ``LKT``: the 14-column table of targets and realisasi, one row per indicator.

Consecutive indicators of one sasaran share a merged NO / SASARAN cell. Input
text is written with ``write_string`` only (see :mod:`lkt_excel.report.writer`).
"""

from __future__ import annotations

from decimal import Decimal

from lkt_excel.core.compute import IndicatorResult, ReportResult
from lkt_excel.core.model import QUARTERS, ROMAN, Settings, sasaran_numbers
from lkt_excel.core.numbers import format_id
from lkt_excel.report.formats import ReportFormats, write_titles
from lkt_excel.report.geometry import (
    COL_INDIKATOR,
    COL_NO,
    COL_SASARAN,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LAST_COLUMN,
    SHEET_LKT,
    Placed,
    TextRows,
    lkt_width,
    number_width,
)


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


def _number(value) -> float:
    """A Decimal as the float Excel stores; every figure was rounded before this."""
    return float(value)


def _write_header(sheet, settings: Settings, unit: str | None, fmt: ReportFormats) -> None:
    """The title rows, the two header rows and the row of column numbers."""
    titles = [
        settings.judul.upper(),
        f"{settings.instansi} {settings.wilayah}".upper(),
        f"TAHUN {settings.tahun}",
    ]
    write_titles(sheet, titles, LAST_COLUMN, fmt.title)

    top, sub = column_headers(settings, unit)
    r1, r2 = HEADER_ROW, HEADER_ROW + 1
    for col in (COL_NO, COL_SASARAN, COL_INDIKATOR, LAST_COLUMN):
        sheet.merge_range(r1, col, r2, col, "", fmt.header)
        sheet.write_string(r1, col, top[col], fmt.header)
    for first in (3, 8):
        sheet.merge_range(r1, first, r1, first + 4, "", fmt.header)
        sheet.write_string(r1, first, top[first], fmt.header)
    for col in range(3, 13):
        sheet.write_string(r2, col, sub[col], fmt.header)
    for col in range(LAST_COLUMN + 1):
        sheet.write_number(r2 + 1, col, col + 1, fmt.number_row)


def _header_rows(settings: Settings, unit: str | None, widths: dict[int, float]) -> TextRows:
    """The second header row (TW I (%) ...), as tall as its longest header wraps to."""
    _, sub = column_headers(settings, unit)
    cells = tuple((sub[col], widths[col]) for col in range(3, 13))
    return TextRows(HEADER_ROW + 1, (cells,))


def shown_name(item: IndicatorResult, unit: str | None) -> str:
    """The indicator as column 3 shows it: with its unit unless the header gives it."""
    ind = item.indicator
    return ind.nama if unit else f"{ind.nama} ({ind.satuan.strip()})"


def _wrapped(
    first_row: int, group: list[IndicatorResult], unit: str | None, widths: dict[int, float]
) -> TextRows:
    """The wrapped text of a group's rows: indicator and keterangan, the sasaran over all.

    The text measured is the text shown (a name given a unit the header already shows
    was measured one unit longer, and so given two lines it did not need).
    """
    cells = tuple(
        (
            (shown_name(item, unit), widths[COL_INDIKATOR]),
            (keterangan(item), widths[LAST_COLUMN]),
        )
        for item in group
    )
    return TextRows(
        first_row=first_row,
        cells=cells,
        spanning=(group[0].indicator.sasaran, widths[COL_SASARAN]),
        one_line_too=False,
    )


CUMULATIVE_NOTE = "Angka kumulatif s.d. triwulan."


def keterangan(item: IndicatorResult) -> str:
    """Column 14 as printed: the office's Keterangan, after what a kumulatif row holds (the
    header says TW II; the figure is the year up to TW II)."""
    own = item.indicator.keterangan.strip()
    if not item.indicator.cumulative:
        return item.indicator.keterangan
    return f"{CUMULATIVE_NOTE} {own}" if own else CUMULATIVE_NOTE


def figure_texts(result: ReportResult):
    """Every target and realisasi of the table as printed, to size its columns."""
    desimal = result.report.settings.desimal
    for item in result.indicators:
        places = item.places(desimal)
        targets = (*item.indicator.targets, item.target_total)
        yield from (format_id(t) for t in targets if t is not None)  # None: not measured
        shown = [q.realisasi for q in item.quarters.values()]
        if item.realisasi_total is not None:
            shown.append(item.realisasi_total)
        # Whole when places is 0 (IndicatorResult.places): the quantize is exact.
        yield from (format_id(r.quantize(Decimal(1).scaleb(-places))) for r in shown)


def write_lkt(book, result: ReportResult, fmt: ReportFormats) -> Placed:
    """Write sheet LKT; return its last row and the rows of wrapped text."""
    settings = result.report.settings
    sheet = book.add_worksheet(SHEET_LKT)
    unit = shared_unit(result)
    _write_header(sheet, settings, unit, fmt)

    figures = number_width(figure_texts(result))
    widths = {col: lkt_width(col, figures) for col in range(LAST_COLUMN + 1)}
    row = FIRST_DATA_ROW
    texts = [_header_rows(settings, unit, widths)]
    groups = sasaran_groups(result)
    numbers = sasaran_numbers([group[0].indicator for group in groups])
    for number, group in zip(numbers, groups, strict=True):
        last = row + len(group) - 1
        for col, text, cell_format in (
            (COL_NO, number, fmt.center),
            (COL_SASARAN, group[0].indicator.sasaran, fmt.text),
        ):
            if last > row:
                sheet.merge_range(row, col, last, col, "", cell_format)
            if col == COL_NO and text.isdigit():  # a plain number, not "number stored as text"
                sheet.write_number(row, col, int(text), cell_format)
            else:
                sheet.write_string(row, col, text, cell_format)
        texts.append(_wrapped(row, group, unit, widths))
        for item in group:
            _write_indicator_row(sheet, row, item, unit, settings, fmt)
            row += 1

    for col, width in widths.items():
        sheet.set_column(col, col, width)
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    sheet.set_landscape()
    sheet.hide_gridlines(2)
    columns = tuple(widths[col] for col in range(LAST_COLUMN + 1))
    return Placed(sheet, row - 1, (0, FIRST_DATA_ROW - 1), tuple(texts), columns)


def _write_indicator_row(
    sheet, row: int, item: IndicatorResult, unit: str | None, settings: Settings, fmt: ReportFormats
) -> None:
    ind = item.indicator
    shown = fmt.realisasi if item.places(settings.desimal) else fmt.whole
    sheet.write_string(row, COL_INDIKATOR, shown_name(item, unit), fmt.text)
    for q in QUARTERS:
        target = ind.targets[q - 1]
        if target is None:  # not measured this quarter: '-' for target and realisasi
            sheet.write_string(row, 2 + q, "-", fmt.center)
            if q <= settings.triwulan:
                sheet.write_string(row, 7 + q, "-", fmt.center)
            else:
                sheet.write_blank(row, 7 + q, None, fmt.empty)
            continue
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
    sheet.write_string(row, LAST_COLUMN, keterangan(item), fmt.text)
