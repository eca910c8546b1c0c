"""Sheet ``Anggaran``: budget realisation beside the performance it pays for.

Three rows per budget line (realisasi, realisasi kumulatif, serapan kumulatif)
across the four quarters, with its pagu, the indicators it supports, their
capaian kinerja and the indeks efisiensi; then the TOTAL and the rules. Running
totals, serapan, the index and its verdict are live formulas over the sheet's
own cells with the value computed in :mod:`lkt_excel.core.anggaran` cached, like
sheet ``Capaian``; capaian kinerja averages the linked indicators' TOTAL cells of
sheet ``Capaian`` (a value beyond :data:`MAX_SOURCES` of them). Input
text is always ``write_string``. Written only when the input has budget lines.
"""

from __future__ import annotations

from decimal import Decimal

from lkt_excel.core.anggaran import (
    ABOVE_PAGU,
    EFISIEN,
    INDEX_PLACES,
    KURANG_EFISIEN,
    AnggaranResult,
    BudgetLine,
    compute_anggaran,
)
from lkt_excel.core.capaian import GUARD_PLACES, CapaianResult
from lkt_excel.core.compute import ReportResult
from lkt_excel.core.model import QUARTERS, ROMAN, Rounding, Settings
from lkt_excel.core.numbers import excel_format, format_id, places_of
from lkt_excel.core.problems import column_letter
from lkt_excel.report.capaian_sheet import own_formulas_sheet, round_function
from lkt_excel.report.formats import (
    NOTE_SIZE,
    period_titles,
    title_format,
    write_header_row,
    write_titles,
)
from lkt_excel.report.geometry import (
    ANGGARAN_HEADER_HEIGHT,
    ANGGARAN_HEADER_ROW,
    ANGGARAN_LINE_ROWS,
    ANGGARAN_WIDTHS,
    MONEY_WIDTH,
    SHEET_ANGGARAN,
    Placed,
    TextRows,
    address,
    number_width,
)
from lkt_excel.report.layout import text_lines
from lkt_excel.report.style import FONT, FONT_SIZE, HEADER_FILL

HEADERS = (
    "NO",
    "PROGRAM/KEGIATAN",
    "INDIKATOR TERKAIT",
    "PAGU (Rp)",
    "URAIAN",
    *(f"TW {ROMAN[q]}" for q in QUARTERS),
    "CAPAIAN KINERJA (%)",
    "INDEKS EFISIENSI",
    "KETERANGAN",
)
COL_NO, COL_PROGRAM, COL_TERKAIT, COL_PAGU, COL_URAIAN, COL_TW1 = 0, 1, 2, 3, 4, 5
COL_CAPAIAN, COL_INDEKS, COL_KETERANGAN = 9, 10, 11
MAX_SOURCES = 200  # cells one AVERAGE may take (Excel: 255 arguments); more: the value
LABELS = ("Realisasi", "Realisasi kumulatif", "Serapan kumulatif (%)")
TOTAL_LABEL = "TOTAL"


class AnggaranFormats:
    """The sheet's formats; money with the places its figures were entered with."""

    def __init__(self, book, settings: Settings):
        base = {"border": 1, "valign": "top", "font_name": FONT, "font_size": FONT_SIZE}
        centered = {**base, "align": "center"}
        self.book, self.base = book, base
        self.title = title_format(book)
        header = {"bold": True, "valign": "vcenter", "text_wrap": True, "bg_color": HEADER_FILL}
        self.header = book.add_format({**centered, **header})
        self.text = book.add_format({**base, "text_wrap": True})
        self.center = book.add_format(centered)
        self.label = book.add_format(base)
        self.total_label = book.add_format({**base, "bold": True})
        self.total = book.add_format({**centered, "bold": True, "valign": "vcenter"})
        places = excel_format(settings.desimal)
        self.capaian = book.add_format({**centered, "num_format": places})
        # Serapan under the rupiah of its quarter, aligned as they are.
        self.percent = book.add_format({**base, "align": "right", "num_format": places})
        self.total_percent = book.add_format(
            {**base, "align": "right", "bold": True, "num_format": places}
        )
        self.index = book.add_format({**centered, "num_format": excel_format(INDEX_PLACES)})
        self.note = book.add_format(
            {
                "font_name": FONT,
                "font_size": NOTE_SIZE,
                "italic": True,
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.note_lead = book.add_format(
            {"font_name": FONT, "font_size": NOTE_SIZE, "italic": True}
        )
        self._money: dict[tuple[int, bool], object] = {}

    def money(self, value: Decimal, bold: bool = False):
        """Rupiah with thousands separators (``#,##0``), and the decimals of a sen figure."""
        key = (places_of(value.normalize()) if value != value.to_integral_value() else 0, bold)
        if key not in self._money:
            self._money[key] = self.book.add_format(
                {**self.base, "align": "right", "bold": bold, "num_format": excel_format(key[0])}
            )
        return self._money[key]


def terkait_text(line: BudgetLine) -> str:
    """The indicators a line supports, one a line: ``IK1 Persentase ...``; ``-`` for none."""
    return "\n".join(f"{ind.kode} {ind.nama.strip()}" for ind in line.indicators) or "-"


def efisiensi_formula(row: int, running_cell: str, rounding: Rounding) -> str:
    """Capaian kinerja / serapan of the reported quarter, the serapan from the running total
    and the pagu before its rounding, with the guard rounding of core.anggaran.efisiensi;
    empty text when there is no capaian or nothing is spent."""
    capaian, pagu = address(COL_CAPAIAN, row), address(COL_PAGU, row)
    f = round_function(rounding)
    quotient = f"ROUND({capaian}*{pagu}/({running_cell}*100),{INDEX_PLACES + GUARD_PLACES})"
    return f'=IF(OR({capaian}="",{running_cell}=0),"",{f}({quotient},{INDEX_PLACES}))'


def keterangan_formula(row: int, reason: str, running_cell: str) -> str:
    """Efisien from an index of 1 or more, Kurang efisien below; ``reason`` when none; and
    whether the running total passes the pagu (in rupiah, as the warning reckons it)."""
    index, pagu = address(COL_INDEKS, row), address(COL_PAGU, row)
    verdict = f'IF({index}="","{reason}",IF({index}>=1,"{EFISIEN}","{KURANG_EFISIEN}"))'
    return f'={verdict}&IF({running_cell}>{pagu},"{ABOVE_PAGU}","")'


def _write_quarters(sheet, first: int, line: BudgetLine, settings: Settings, fmt, bold: bool):
    """The three rows of figures from ``first``: realisasi, running total, serapan."""
    f, d = round_function(settings.pembulatan), settings.desimal
    pagu = address(COL_PAGU, first, fixed_col=True)
    realisasi_row, running_row, serapan_row = first, first + 1, first + 2
    reported = {item.quarter: item for item in line.quarters}
    for quarter in QUARTERS:
        col = COL_TW1 + quarter - 1
        item = reported.get(quarter)
        if item is None:  # a quarter after the reported one: left blank, never 0
            for row in (realisasi_row, running_row, serapan_row):
                sheet.write_blank(row, col, None, fmt.label)
            continue
        _write_realisasi(sheet, (realisasi_row, col, item), line, first, fmt, bold)
        span = f"{address(COL_TW1, realisasi_row, fixed_col=True)}:{address(col, realisasi_row)}"
        sheet.write_formula(
            running_row, col, f"=SUM({span})", fmt.money(item.kumulatif, bold),
            float(item.kumulatif),
        )  # fmt: skip
        sheet.write_formula(
            serapan_row,
            col,
            f"={f}({address(col, running_row)}*100/{pagu},{d})",
            fmt.total_percent if bold else fmt.percent,
            float(item.serapan),
        )


def _write_realisasi(sheet, place, line: BudgetLine, first: int, fmt, bold: bool) -> None:
    """A quarter's realisasi: the figure entered, or for the TOTAL the sum of the lines'."""
    row, col, item = place
    if line.budget is not None:
        sheet.write_number(row, col, float(item.realisasi), fmt.money(item.realisasi))
        return
    labels = f"$E${ANGGARAN_HEADER_ROW + 2}:$E${first}"
    values = (
        f"{address(col, ANGGARAN_HEADER_ROW + 1, fixed_row=True)}:{column_letter(col + 1)}${first}"
    )
    sheet.write_formula(
        row,
        col,
        f"=SUMIF({labels},{address(COL_URAIAN, first, fixed_col=True, fixed_row=True)},{values})",
        fmt.money(item.realisasi, bold),
        float(item.realisasi),
    )


def _merged(sheet, first: int, col: int, fmt) -> None:
    sheet.merge_range(first, col, first + ANGGARAN_LINE_ROWS - 1, col, "", fmt)


def capaian_formula(sources: list[str], settings: Settings) -> str | None:
    """The mean of the linked indicators' TOTAL capaian cells on sheet Capaian, rounded as
    core.capaian.average_capaian does (AVERAGE skips a capaian left as empty text); None
    when there are none, or more than Excel lets a function take."""
    if not sources or len(sources) > MAX_SOURCES:
        return None
    f, d = round_function(settings.pembulatan), settings.desimal
    cells = ",".join(sources)
    return f'=IF(COUNT({cells})=0,"",{f}(ROUND(AVERAGE({cells}),{d + GUARD_PLACES}),{d}))'


def _write_line(
    sheet,
    first: int,
    number: int,
    line: BudgetLine,
    settings: Settings,
    fmt,
    sources: dict[str, str],
) -> TextRows:
    """A budget line's three rows from ``first``; returns its rows of wrapped text.

    ``sources``: each indicator's TOTAL capaian cell on sheet Capaian, by Kode."""
    budget = line.budget
    assert budget is not None
    for col in (COL_NO, COL_PROGRAM, COL_TERKAIT, COL_PAGU, COL_CAPAIAN, COL_INDEKS):
        _merged(sheet, first, col, fmt.text if col in (COL_PROGRAM, COL_TERKAIT) else fmt.center)
    _merged(sheet, first, COL_KETERANGAN, fmt.text)  # Efisien, Kurang efisien, or why not
    if budget.no and not budget.no.isdecimal():
        sheet.write_string(first, COL_NO, budget.no, fmt.center)
    else:  # as in LKT: a number typed or given
        sheet.write_number(first, COL_NO, int(budget.no or number), fmt.center)
    sheet.write_string(first, COL_PROGRAM, budget.name, fmt.text)
    sheet.write_string(first, COL_TERKAIT, terkait_text(line), fmt.text)
    sheet.write_number(first, COL_PAGU, float(budget.pagu), fmt.money(budget.pagu))
    for offset, label in enumerate(LABELS):
        sheet.write_string(first + offset, COL_URAIAN, label, fmt.label)
    _write_quarters(sheet, first, line, settings, fmt, bold=False)
    formula = capaian_formula(
        [sources[i.kode] for i in line.indicators if i.kode in sources], settings
    )
    shown = "" if line.capaian is None else float(line.capaian)
    if formula is not None:  # live, so a reader can follow it to sheet Capaian
        sheet.write_formula(first, COL_CAPAIAN, formula, fmt.capaian, shown)
    elif line.capaian is None:
        sheet.write_blank(first, COL_CAPAIAN, None, fmt.center)
    else:
        sheet.write_number(first, COL_CAPAIAN, float(line.capaian), fmt.capaian)
    running_cell = address(COL_TW1 + settings.triwulan - 1, first + 1)
    index = "" if line.efisiensi is None else float(line.efisiensi)
    sheet.write_formula(
        first,
        COL_INDEKS,
        efisiensi_formula(first, running_cell, settings.pembulatan),
        fmt.index,
        index,
    )
    reason = line.keterangan.removesuffix(ABOVE_PAGU) if line.efisiensi is None else ""
    sheet.write_formula(
        first,
        COL_KETERANGAN,
        keterangan_formula(first, reason, running_cell),
        fmt.text,
        line.keterangan,
    )
    return _line_texts(first, line)


def _line_texts(first: int, line: BudgetLine) -> TextRows:
    """The labels' rows; the last grows when the program, merged over them, needs more."""
    name = line.budget.name if line.budget else ""
    spanning = max(
        ((name, ANGGARAN_WIDTHS[COL_PROGRAM]), (terkait_text(line), ANGGARAN_WIDTHS[COL_TERKAIT])),
        key=lambda cell: text_lines(*cell),
    )
    width = ANGGARAN_WIDTHS[COL_URAIAN]
    return TextRows(first, tuple(((label, width),) for label in LABELS), spanning, False)


def _write_total(sheet, first: int, table: AnggaranResult, settings: Settings, fmt) -> None:
    """The TOTAL's three rows from ``first``: sums of pagu and realisasi, their serapan."""
    sheet.merge_range(first, COL_NO, first + ANGGARAN_LINE_ROWS - 1, COL_TERKAIT, "", fmt.total)
    sheet.write_string(first, COL_NO, TOTAL_LABEL, fmt.total)
    total = table.total
    _merged(sheet, first, COL_PAGU, fmt.total)
    pagu_span = f"{address(COL_PAGU, ANGGARAN_HEADER_ROW + 1)}:{address(COL_PAGU, first - 1)}"
    sheet.write_formula(
        first, COL_PAGU, f"=SUM({pagu_span})", fmt.money(total.pagu, True), float(total.pagu)
    )
    for offset, label in enumerate(LABELS):
        sheet.write_string(first + offset, COL_URAIAN, label, fmt.total_label)
    _write_quarters(sheet, first, total, settings, fmt, bold=True)
    for col in (COL_CAPAIAN, COL_INDEKS, COL_KETERANGAN):
        _merged(sheet, first, col, fmt.center)
        sheet.write_string(first, col, "-", fmt.center)


def rule_lines(settings: Settings, any_blank: bool) -> list[str]:
    """The sheet's rules, written out for the reader under the table."""
    roman = ROMAN[settings.triwulan]
    how = "dipotong" if settings.pembulatan is Rounding.POTONG else "dibulatkan"
    lines = [
        "Realisasi kumulatif = jumlah realisasi TW I sampai dengan triwulan itu. Serapan "
        f"kumulatif (%) = realisasi kumulatif / pagu x 100, {how} sampai {settings.desimal} "
        "angka di belakang koma.",
        "Indikator terkait: indikator yang Kode-nya disebut di lembar Anggaran masukan, dan "
        "semua indikator sasaran yang disebut. Capaian kinerja = rata-rata capaian TOTAL "
        "indikator terkait (lembar Capaian) yang capaiannya terhitung.",
        f"Indeks efisiensi = capaian kinerja (%) / serapan kumulatif sampai dengan TW {roman} "
        f"(%, sebelum dibulatkan), {how} sampai {INDEX_PLACES} angka di belakang koma. 1 atau "
        "lebih: Efisien (kinerja yang dicapai setidaknya sejauh anggaran yang terserap); di "
        "bawah 1: Kurang efisien.",
        "Baris TOTAL: jumlah pagu dan realisasi semua program/kegiatan, dan serapannya; tanpa "
        "capaian kinerja dan indeks, karena satu indikator dapat didukung beberapa "
        "program/kegiatan.",
    ]
    if any_blank:
        lines.append(
            "Indeks kosong: belum ada realisasi, atau tidak ada indikator terkait yang capaiannya "
            "terhitung (lihat lembar Catatan)."
        )
    if settings.triwulan < 4:
        lines.append(
            "Sebelum TW IV kedua angka belum angka akhir tahun: capaian kinerja membandingkan "
            f"realisasi sampai dengan TW {roman} dengan target setahun, dan serapan "
            f"membandingkan realisasi anggaran sampai dengan TW {roman} dengan pagu setahun."
        )
    return lines


def _write_notes(
    sheet, row: int, table: AnggaranResult, settings: Settings, fmt, widths: tuple[float, ...]
) -> TextRows:
    """The rules under the table from ``row``, each merged across the table (``widths``:
    the sheet's columns, as set)."""
    sheet.write_string(row, COL_NO, "Keterangan:", fmt.note_lead)
    width = sum(widths[COL_PROGRAM:]) * FONT_SIZE / NOTE_SIZE  # in the smaller font
    lines = rule_lines(settings, any(line.efisiensi is None for line in table.lines))
    for offset, text in enumerate(lines, start=1):
        sheet.merge_range(row + offset, COL_PROGRAM, row + offset, COL_KETERANGAN, "", fmt.note)
        sheet.write_string(row + offset, COL_PROGRAM, text, fmt.note)
    # Every row its height: a spreadsheet would size a wrapped merged cell by column B alone.
    return TextRows(row + 1, tuple(((text, width),) for text in lines))


LATER_WIDTH = 6  # a quarter not yet reported: an empty column, kept narrow


def _widths(table: AnggaranResult, triwulan: int) -> tuple[float, ...]:
    """The sheet's widths: its columns of money as wide as its longest sum needs, the
    quarters after ``triwulan`` narrow (they are empty), so the page prints larger."""
    money = [table.total.pagu, *(item.kumulatif for item in table.total.quarters)]
    texts = [format_id(value) for value in money]
    wide = max(MONEY_WIDTH, number_width(texts))
    later = range(COL_TW1 + triwulan, COL_CAPAIAN)
    return tuple(
        LATER_WIDTH
        if col in later
        else max(width, wide)
        if col == COL_PAGU or COL_TW1 <= col < COL_CAPAIAN
        else width
        for col, width in enumerate(ANGGARAN_WIDTHS)
    )


def write_anggaran(
    book,
    result: ReportResult,
    capaian: CapaianResult,
    table: AnggaranResult | None = None,
    sources: dict[str, str] | None = None,
) -> Placed | None:
    """Write sheet Anggaran; return what it placed (its rows' heights are set later).

    ``sources``: each indicator's TOTAL capaian cell on sheet Capaian (``Capaian!$J$8``), by
    Kode, for the live capaian kinerja; without them the figure is written as a value.

    ``table``: the budget lines worked out (from ``capaian`` if None). Nothing is written,
    and None returned, when the input has no budget lines.
    """
    report = result.report
    if not report.budgets:
        return None
    settings = report.settings
    if table is None:
        table = compute_anggaran(report.indicators, report.budgets, capaian, settings)
    fmt = AnggaranFormats(book, settings)
    sheet = book.add_worksheet(SHEET_ANGGARAN, worksheet_class=own_formulas_sheet())
    titles = period_titles("REALISASI ANGGARAN", settings)
    write_titles(sheet, titles, len(HEADERS) - 1, fmt.title)
    write_header_row(sheet, ANGGARAN_HEADER_ROW, HEADERS, ANGGARAN_HEADER_HEIGHT, fmt.header)
    row = ANGGARAN_HEADER_ROW + 1
    texts, keep = [], []
    for number, line in enumerate(table.lines, start=1):
        texts.append(_write_line(sheet, row, number, line, settings, fmt, sources or {}))
        keep.append((row, row + ANGGARAN_LINE_ROWS - 1))
        row += ANGGARAN_LINE_ROWS
    _write_total(sheet, row, table, settings, fmt)
    widths = _widths(table, settings.triwulan)
    notes = _write_notes(sheet, row + ANGGARAN_LINE_ROWS + 1, table, settings, fmt, widths)
    texts.append(notes)
    last_row = notes.first_row + len(notes.cells) - 1
    keep.append((row, last_row))  # the TOTAL with the rules: never printed apart
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(ANGGARAN_HEADER_ROW + 1, 0)
    return Placed(
        sheet,
        last_row,
        (0, ANGGARAN_HEADER_ROW),
        tuple(texts),
        widths=widths,
        heights=((ANGGARAN_HEADER_ROW, ANGGARAN_HEADER_HEIGHT),),
        keep=tuple(keep),
    )
