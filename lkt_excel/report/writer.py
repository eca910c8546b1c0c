"""Write the report workbook: sheets LKT, Narasi, Capaian, Analisis, (Anggaran,) Grafik, Catatan.

Text from the input is written with ``write_string`` into a workbook whose
string conversions are all off (``formats.WORKBOOK_OPTIONS``), so it can never
become a formula, a number or a link. The file is written under a temporary
name in the output folder and moved into place, so an interrupted run never
leaves a half-written report. Each sheet has its module; this one puts them
together in book order and hands what they placed to the print layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lkt_excel.core.anggaran import AnggaranResult
from lkt_excel.core.capaian import CapaianResult, compute_capaian
from lkt_excel.core.compute import ReportResult
from lkt_excel.core.problems import OutputError, Problem
from lkt_excel.files import cannot_write, write_atomically
from lkt_excel.report.analisis_sheet import write_analisis
from lkt_excel.report.anggaran_sheet import write_anggaran
from lkt_excel.report.capaian_sheet import total_capaian_cells, write_capaian
from lkt_excel.report.catatan_sheet import write_catatan
from lkt_excel.report.formats import REPORT_OPTIONS, ReportFormats
from lkt_excel.report.grafik_sheet import write_grafik
from lkt_excel.report.layout import finish_for_print
from lkt_excel.report.lkt_sheet import write_lkt
from lkt_excel.report.narasi_sheet import write_narasi


def write_report(
    result: ReportResult,
    notes: Sequence[Problem],
    output: Path,
    capaian: CapaianResult | None = None,
    *,
    mark: dict[str, str] | None = None,
    anggaran: AnggaranResult | None = None,
) -> Path:
    """Write the workbook to ``output`` atomically; raise :class:`OutputError` if impossible.

    ``capaian``: the Capaian table when the caller has it already (computed here if None).
    ``mark``: custom document properties recording what the report is (see api.report_mark).
    ``anggaran``: the budget lines worked out (computed here if None); sheet Anggaran is
    written only when the input has budget lines.
    """
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    output = Path(output)
    if not output.parent.is_dir():
        raise OutputError(
            f"Folder tujuan '{output.parent}' tidak ada. Buat foldernya atau pilih folder lain "
            "dengan -o."
        )
    try:
        with write_atomically(output) as temporary:
            book = xlsxwriter.Workbook(str(temporary), REPORT_OPTIONS)
            for key, value in (mark or {}).items():
                book.set_custom_property(key, value)
            settings = result.report.settings
            fmt = ReportFormats(book, settings.desimal)
            lkt = write_lkt(book, result, fmt)
            narasi = write_narasi(book, result, fmt)
            table = capaian if capaian is not None else compute_capaian(result)
            capaian_placed, indicator_rows, summary = write_capaian(book, result, table)
            analisis = write_analisis(book, result, table)
            sources = total_capaian_cells(table, indicator_rows)
            budget = write_anggaran(book, result, table, anggaran, sources)  # None: no lines
            grafik = write_grafik(book, result, table, indicator_rows, summary)
            catatan = write_catatan(book, notes, fmt)
            sheets = (lkt, narasi, capaian_placed, analisis, budget, grafik, catatan)
            finish_for_print(book, settings, [s for s in sheets if s is not None], lkt)
            book.close()
    except (FileCreateError, OSError) as exc:
        raise OutputError(cannot_write(output, exc)) from exc
    return output
