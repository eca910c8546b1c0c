"""Where things sit in the report: sheet names, header rows and column widths.

The fixed geometry of every sheet, one source for the sheet writers and the
print layout, and :class:`Placed`, what each sheet writer returns about what it
wrote (its last row, the rows to repeat on printed pages, the rows of wrapped
text), so the layout never has to look inside a worksheet. Rows and columns are
0-based, widths in characters. Imports nothing but the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lkt_excel.core.problems import column_letter

SHEET_LKT = "LKT"
SHEET_NARASI = "Narasi"
SHEET_CAPAIAN = "Capaian"
SHEET_ANALISIS = "Analisis"
SHEET_ANGGARAN = "Anggaran"  # only when the input has budget lines
SHEET_GRAFIK = "Grafik"
SHEET_CATATAN = "Catatan"

# LKT: the 14-column table.
TITLE_ROWS = 3  # Judul; INSTANSI WILAYAH; TAHUN
HEADER_ROW = TITLE_ROWS + 1  # one blank row under the title
FIRST_DATA_ROW = HEADER_ROW + 3  # two header rows and the row of column numbers
LAST_COLUMN = 13  # N: 14 columns
COL_NO, COL_SASARAN, COL_INDIKATOR = 0, 1, 2
# Narrow enough that the table prints at 90 % on F4 in Excel (body text 9 pt), and at
# 80 % or more where the spreadsheet measures Arial in a wider substitute font.
COLUMN_WIDTHS = {COL_NO: 4, COL_SASARAN: 20, COL_INDIKATOR: 30, LAST_COLUMN: 14}
NUMBER_WIDTH = 7.5  # the other columns, targets and realisasi: at least this wide
SIGNATURE_COLUMNS = (7, LAST_COLUMN)  # H..N: the signature block, right of the table


def lkt_width(col: int, number_width: float = NUMBER_WIDTH) -> float:
    """The width of LKT column ``col``; ``number_width`` for the columns of figures."""
    return COLUMN_WIDTHS.get(col, number_width)


def number_width(texts) -> float:
    """A width for columns of figures that shows the longest of ``texts`` (never ``####``)."""
    return max([NUMBER_WIDTH, *(len(text) + 1.5 for text in texts)])


# Narasi and Catatan: a title, a blank row, the header row, then one row per item.
LIST_HEADER_ROW = 2
NARASI_WIDTHS = (5, 32, 100)  # NO, INDIKATOR KINERJA, NARASI
NARASI_TEXT_COL = 2
CATATAN_WIDTHS = (5, 12, 14, 20, 80, 50)  # NO, TINGKAT, SEL, KOLOM, PESAN, SARAN
CATATAN_MESSAGE_COL, CATATAN_FIX_COL = 4, 5

# Capaian: two title rows, a blank row, the header row, then the indicators' rows.
CAPAIAN_HEADER_ROW = 3
CAPAIAN_HEADER_HEIGHT = 28  # points: two lines of header
COL_NAME, COL_POLARITY, COL_PERIOD = 1, 2, 3
COL_TARGET, COL_PEMBILANG, COL_PENYEBUT = 4, 5, 6
COL_REALISASI, COL_SELISIH, COL_CAPAIAN, COL_KATEGORI = 7, 8, 9, 10
CAPAIAN_WIDTHS = (5, 34, 10, 10, 12, 12, 12, 12, 12, 12, 14)  # E..I hold a predikat too

# Analisis: two title rows, a blank row, the header row, then one row per indicator.
ANALISIS_HEADER_ROW = 3
ANALISIS_HEADER_HEIGHT = 56  # points: four lines of header ("REALISASI S.D. TW II TAHUN 2025")
# NO, INDIKATOR, CAPAIAN TW, CAPAIAN TOTAL, KATEGORI, REALISASI, TAHUN LALU, RENSTRA,
# FAKTOR PENDORONG, FAKTOR PENGHAMBAT, TINDAK LANJUT
# Narrow enough that LibreOffice prints its body text at 8 pt or more on F4 (as LKT).
ANALISIS_WIDTHS = (4, 22, 9, 9, 11, 10, 10, 10, 21, 21, 21)
ANALISIS_TEXT_COLS = (1, 8, 9, 10)  # wrapped text: the name and the office's three texts

# Anggaran: two title rows, a blank row, the header row, then three rows per budget line.
ANGGARAN_HEADER_ROW = 3
ANGGARAN_HEADER_HEIGHT = 42  # points: three lines of header (CAPAIAN KINERJA (%))
ANGGARAN_LINE_ROWS = 3  # Realisasi, Realisasi kumulatif, Serapan kumulatif (%)
# NO, PROGRAM/KEGIATAN, INDIKATOR TERKAIT, PAGU, URAIAN, TW I-IV, CAPAIAN, INDEKS, KETERANGAN;
# PAGU and TW I-IV at least MONEY_WIDTH, wider when a sum needs it.
ANGGARAN_WIDTHS = (4, 24, 24, 14, 20, 14, 14, 14, 14, 10, 10, 15)
MONEY_WIDTH = 14

# Grafik: a title, then the charts, one under another.
GRAFIK_TITLE_ROWS = 2
GRAFIK_WIDTH = 10  # of column A
GRAFIK_ROW_HEIGHT = 15  # points
CHART_WIDTH = 900  # pixels
CHART_HEIGHT = 260
CHART_ROWS = 14  # rows of 20 px each chart takes, with a gap
CHARTS_PER_PAGE = 2
# Beyond this many indicators, Grafik shows the averages and bar charts of capaian instead.
CHARTS_PER_INDICATOR_MAX = 30
BARS_PER_CHART = 25  # indicators in one bar chart, a chart to a page
BAR_CHART_HEIGHT = 580  # pixels: the page's height at 100 %
BAR_CHART_ROWS = 31  # rows of 20 px each bar chart takes, with a gap
BAR_LABEL_CHARS = 60  # an indicator's label beside its bar, cut beyond this
GRAFIK_PRINT_COLS = 15  # A..O hold the charts and are printed
GRAFIK_DATA_COL = 16  # Q: the bar charts' table, right of the print area


@dataclass(frozen=True)
class TextRows:
    """Consecutive rows of wrapped text, for the layout to give the height they need.

    ``cells``: for each row from ``first_row``, the (text, column width) of its
    wrapped cells. ``spanning``: the (text, width) of a cell merged down all the
    rows, which the last row grows for when the rows are too short for it.
    ``one_line_too``: give rows of a single line the padded height as well
    (otherwise they keep the default height).
    """

    first_row: int
    cells: tuple[tuple[tuple[str, float], ...], ...]
    spanning: tuple[str, float] | None = None
    one_line_too: bool = True


@dataclass(frozen=True)
class Placed:
    """What a sheet writer wrote: the sheet, its last row, what the printed pages need.

    ``last_row``: the last row holding a cell (Grafik's charts float over the rows
    below its title). ``repeat_rows``: the (first, last) rows printed on top of
    every page, if any. ``texts``: the rows of wrapped text, for their heights.
    ``widths``: its column widths (LKT's, for the signature block; Capaian's, for its
    pages). ``heights``: the rows it gave a height. ``keep``: consecutive row ranges,
    in order, each to be printed on one page (see ``layout.page_breaks``).
    """

    sheet: Any  # an xlsxwriter worksheet
    last_row: int
    repeat_rows: tuple[int, int] | None = None
    texts: tuple[TextRows, ...] = ()
    widths: tuple[float, ...] = ()  # of its columns from A, where the layout needs them
    heights: tuple[tuple[int, float], ...] = ()  # (row, points) of rows given a height
    keep: tuple[tuple[int, int], ...] = ()  # (first, last) row ranges no page may split


def address(col: int, row: int, *, fixed_col: bool = False, fixed_row: bool = False) -> str:
    """The A1 address of 0-based (col, row), with ``$`` where asked: ``F$8``, ``$D5``."""
    return f"{'$' if fixed_col else ''}{column_letter(col + 1)}{'$' if fixed_row else ''}{row + 1}"
