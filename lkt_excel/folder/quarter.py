"""The coordinator's quarter: the period checked, the recap, the PDFs, every notice.

What :class:`~lkt_excel.folder.batch.Batch` does after building, in three hooks:

- :func:`check_period` before duplicates are looked for: a report of another
  year, quarter or region becomes ``periode-lain`` (:mod:`~lkt_excel.folder.period`);
- :func:`finish` after them: ``rekap.xlsx`` from the store of recap records,
  then (``proses --pdf``) one PDF per good report with one start of LibreOffice,
  then the list of every :class:`Notice` the console shows and
  ``ringkasan.xlsx`` lists, one row each;
- :func:`skipped_rows`: the finished reports found among the inputs, as rows
  of status ``laporan`` for ``ringkasan.xlsx``.

Nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from lkt_excel.core.problems import OutputError
from lkt_excel.folder.discovery import INPUT_SUFFIXES, is_hidden, looks_like_report
from lkt_excel.folder.manifest import Manifest
from lkt_excel.folder.period import Period, PeriodCheck, decide, flag_other_periods
from lkt_excel.folder.recap_data import RecapStore, agency_of, recap_key
from lkt_excel.folder.results import FileResult, FolderResult, Status, natural_key

REPORT_NOT_INPUT = "Ini sudah laporan, bukan masukan: tidak diproses."
REKURSIF_HINT = "pakai --rekursif untuk ikut memproses"


@dataclass(frozen=True)
class Notice:
    """One thing the run says besides the table: a row of the summary's notices."""

    kind: str  # JENIS, e.g. "periode lain"
    label: str  # the file or folder it is about ('' for the whole folder)
    message: str


@dataclass(frozen=True)
class Options:
    """The coordinator's options of one run (``proses``)."""

    period: Period = Period()
    pdf: bool = False
    with_catatan: bool = False


# ---------------------------------------------------------------------------
# Before duplicates: the period
# ---------------------------------------------------------------------------


def check_period(rows: list[FileResult], period: Period) -> tuple[list[FileResult], PeriodCheck]:
    """The rows with reports of another period flagged, and the period checked."""
    check = decide(rows, period)
    return flag_other_periods(rows, check), check


# ---------------------------------------------------------------------------
# What the folder holds besides inputs
# ---------------------------------------------------------------------------


def skipped_in(folder: Path, outdir: Path, recursive: bool) -> tuple[list[str], list[str]]:
    """The subfolders not processed (without ``recursive``) and the finished reports
    among the inputs, as labels; the output folder and hidden entries are no news."""
    folder, outdir = Path(folder).resolve(), Path(outdir).resolve()
    subfolders: list[str] = []
    reports: list[str] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        kept = []
        for name in sorted(dirs):
            path = here / name
            if is_hidden(path) or path.resolve() == outdir or outdir in path.resolve().parents:
                continue
            if recursive:
                kept.append(name)
            else:
                subfolders.append(path.relative_to(folder).as_posix() + "/")
        dirs[:] = kept
        for name in files:
            path = here / name
            suffix = path.suffix.lower()
            if suffix in INPUT_SUFFIXES and not is_hidden(path) and looks_like_report(path):
                reports.append(path.relative_to(folder).as_posix())
    return sorted(subfolders, key=natural_key), sorted(reports, key=natural_key)


def skipped_rows(reports: Iterable[str]) -> list[FileResult]:
    """Rows of status ``laporan`` for ``ringkasan.xlsx``: found, listed, not read."""
    return [
        FileResult(label, Status.LAPORAN, None, None, 0, 0, REPORT_NOT_INPUT) for label in reports
    ]


# ---------------------------------------------------------------------------
# After duplicates: recap, PDFs, notices
# ---------------------------------------------------------------------------


def write_folder_recap(
    result: FolderResult, store: RecapStore, check: PeriodCheck, now: datetime
) -> None:
    """``rekap.xlsx`` from the records of the good reports; a failure in ``recap_error``.

    A recap made from the same reports (same inputs, contents and names, same
    period and tool) and untouched since is kept as it is: writing 25.000 rows
    again would cost seconds and change nothing but its time line.
    """
    from lkt_excel.folder.rekap import RECAP_NAME, write_recap

    good = [row for row in result.files if row.status.ok and row.label in store.entries]
    result.recap_missing = [  # built by a worker that gave no record: built again next run
        row.label for row in result.files if row.status.ok and row.label not in store.entries
    ]
    path = result.outdir / RECAP_NAME
    key = recap_key(
        [(row.label, store.entries[row.label].sha256, row.output or "") for row in good],
        check.period.title,
    )
    result.recap_error = ""
    if store.recap_is_current(key, path):
        result.recap = path
        return
    agencies = []
    for row in good:
        record = store.entries[row.label].record
        if record is None:  # a damaged record: built again next run, said now
            store.forget(row.label)
            result.recap_missing.append(row.label)
            continue
        agencies.append(agency_of(row.label, row.output or "", record))
    try:
        result.recap = write_recap(agencies, path, period_title=check.period.title, now=now)
    except OutputError as exc:
        result.recap, result.recap_error = None, str(exc)
        return
    if not result.recap_missing:
        store.recap_written(key, path)


def _pdf_name(output: str) -> str:
    return str(Path(output).with_suffix(".pdf"))


def write_pdfs(result: FolderResult, store: RecapStore, with_catatan: bool) -> None:
    """One PDF per good report, LibreOffice started once; what was made and what was not.

    A PDF newer than its workbook, made with the same Catatan choice, is kept.
    """
    from lkt_excel.report.pdf import export_pdfs

    wanted: dict[Path, str] = {}
    for row in result.files:
        if not (row.status.ok and row.output):
            continue
        report, pdf = result.outdir / row.output, result.outdir / _pdf_name(row.output)
        stored = store.entries.get(row.label)
        if (
            stored is not None
            and stored.pdf is with_catatan
            and pdf.is_file()
            and pdf.stat().st_mtime_ns >= report.stat().st_mtime_ns
        ):
            result.pdfs.append(pdf.name)
            continue
        wanted[report.resolve()] = row.label
    if not wanted:
        return
    try:
        made = export_pdfs(list(wanted), result.outdir, with_catatan=with_catatan)
    except OutputError as exc:  # LibreOffice missing or not starting: no PDF at all
        made = dict.fromkeys(wanted, str(exc))
    for report, outcome in made.items():
        label = wanted[report]
        if isinstance(outcome, Path):
            result.pdfs.append(outcome.name)
            store.mark_pdf(label, with_catatan)
        else:
            result.pdf_errors[report.name] = outcome
    result.pdfs.sort(key=natural_key)


def notices(
    result: FolderResult, check: PeriodCheck, subfolders: list[str], reports: list[str]
) -> list[Notice]:
    """Every notice of the run, in the order the console shows them."""
    found: list[Notice] = []
    if result.open_elsewhere:
        found.append(
            Notice("berkas terbuka", ", ".join(result.open_elsewhere), result.open_message)
        )
    for folder in subfolders:
        found.append(
            Notice("subfolder dilewati", folder, f"Subfolder '{folder}' dilewati: {REKURSIF_HINT}.")
        )
    for label in reports:
        found.append(Notice("laporan", label, f"'{label}': {REPORT_NOT_INPUT}"))
    for duplicate in result.duplicates:
        found.append(Notice("ganda", ", ".join(duplicate.labels), duplicate.message))
    for row in result.other_period:
        found.append(Notice("periode lain", row.label, f"'{row.label}': {row.message}"))
    if check.undecided_message:
        found.append(Notice("periode", "", check.undecided_message))
    if result.retired:
        found.append(Notice("usang", "; ".join(result.retired), result.retired_message))
    for name, why in result.pdf_errors.items():
        found.append(Notice("PDF gagal", name, f"PDF '{_pdf_name(name)}' tidak dibuat: {why}"))
    if result.recap_missing:
        found.append(
            Notice(
                "rekap",
                ", ".join(result.recap_missing),
                f"Rekap belum memuat {', '.join(result.recap_missing)}: data rekapnya tidak ada "
                "atau rusak. "
                "Jalankan lagi perintah yang sama; berkas itu dibuat ulang dan masuk rekap.",
            )
        )
    if result.recap_error:
        found.append(
            Notice(
                "rekap",
                "rekap.xlsx",
                f"Rekap tidak dibuat: {result.recap_error} Laporan-laporan tetap ada.",
            )
        )
    return found


def record_periods(manifest: Manifest, rows: Iterable[FileResult]) -> bool:
    """Each input's period status and reason into the manifest; True when any changed."""
    changed = False
    for row in rows:
        entry = manifest.inputs.get(row.label)
        if entry is None or entry.status not in (Status.BERHASIL, Status.PERIODE_LAIN):
            continue
        status = Status.PERIODE_LAIN if row.status is Status.PERIODE_LAIN else Status.BERHASIL
        note = row.message if status is Status.PERIODE_LAIN else ""
        if entry.status is not status or entry.note != note:
            manifest.inputs[row.label] = replace(entry, status=status, note=note)
            changed = True
    return changed


def finish(
    result: FolderResult,
    check: PeriodCheck,
    *,
    store: RecapStore,
    manifest: Manifest,
    save: Callable[[], None],
    options: Options,
    recursive: bool,
    now: datetime,
) -> list[str]:
    """After duplicates: periods into the manifest, the recap, the PDFs, the notices.

    Returns the finished reports found among the inputs (for ``ringkasan.xlsx``).
    """
    result.pdfs, result.pdf_errors = [], {}  # a watch reuses its result: this round's own
    if record_periods(manifest, result.files):
        save()  # the folder's save: a failed write is named, the run goes on
    store.keep_only({row.label for row in result.files if row.status is not Status.GAGAL})
    write_folder_recap(result, store, check, now)
    if options.pdf:
        write_pdfs(result, store, options.with_catatan)
    store.save_if_changed()
    subfolders, reports = skipped_in(result.folder, result.outdir, recursive)
    result.notices = notices(result, check, subfolders, reports)
    return reports
