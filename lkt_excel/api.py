"""The library API: what the CLI (and any other program) calls.

It never prints, never exits and leaves the process as it found it (the garbage
collector included: :func:`collector_paused` is for the host to use). Bad input
raises :class:`InputError` with the list of located problems; an unwritable
output raises :class:`OutputError`.
"""

from __future__ import annotations

import gc
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lkt_excel.core.anggaran import compute_anggaran
from lkt_excel.core.capaian import CapaianResult, compute_capaian
from lkt_excel.core.compute import ReportResult, compute
from lkt_excel.core.model import Report, Settings
from lkt_excel.core.names import MAX_NAME_BYTES, MAX_NAME_LENGTH, report_name
from lkt_excel.core.problems import InputError, OutputError, Problem, has_errors
from lkt_excel.core.text import one_line
from lkt_excel.files import cannot_write, name_room
from lkt_excel.inputs.template import write_template
from lkt_excel.reading.reader import read_workbook
from lkt_excel.report.writer import write_report
from lkt_excel.validate import validate

# The shortest a name is cut to so that its path fits Windows (see core.names).
MIN_NAME_LENGTH = 40
TEMPLATE_NAME = "masukan-lkt.xlsx"
EXAMPLE_NAME = "contoh-masukan-lkt.xlsx"


@dataclass(frozen=True)
class BuildResult:
    output: Path
    result: ReportResult
    notes: tuple[Problem, ...]  # input warnings and cross-check warnings, as in `Catatan`
    capaian: CapaianResult | None = None  # the kategori counts of the report's email


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of one build or check.

    The collector runs whenever allocations outnumber frees by a threshold, and
    its oldest generation scans every live object. A build holds its model and
    the growing workbook while allocating millions of short-lived objects (cells,
    XML strings), so the collector ran hundreds of times over an ever larger heap,
    finding almost nothing: about 15% of a 2,000-indicator build. Reference
    counting still frees everything else as it goes; the collector resumes after
    (unless it was off before).

    The collector belongs to the whole process, so :func:`build` and :func:`check`
    leave it alone; a program that does nothing else meanwhile (the command line,
    a folder worker) wraps its calls in this.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(path: Path, *, isolated: bool = True) -> tuple[Report | None, list[Problem]]:
    """Read and validate an input workbook: the report (None on errors) and every problem.

    ``isolated``: parse in a child process (see :func:`reader.read_workbook`).
    """
    try:
        book = read_workbook(Path(path), isolated=isolated)
    except InputError as exc:
        return None, exc.problems
    report, problems = validate(book)
    return report, [*book.notes, *problems]


def check(path: Path) -> list[Problem]:
    """Every problem of an input workbook, errors and warnings; writes nothing."""
    report, problems = load(path)
    if report is not None:
        result = compute(report)
        table = compute_capaian(result)
        budget = compute_anggaran(report.indicators, report.budgets, table, report.settings)
        problems = problems + list(result.warnings) + list(table.notes) + list(budget.notes)
    return problems


def default_output_name(settings: Settings, max_length: int = MAX_NAME_LENGTH) -> str:
    """``LKT <Instansi> <Wilayah> <Tahun> TW <IV>.xlsx``: readable in an email, safe on
    Windows, always ending with its period; a long one is shortened by the rule of
    :mod:`lkt_excel.core.names` to ``max_length`` characters at most."""
    return report_name(settings, max(MIN_NAME_LENGTH, max_length), MAX_NAME_BYTES)


def fitting_name(settings: Settings, folder: Path) -> str:
    """:func:`default_output_name`, shortened further where the path in ``folder`` (with
    its staging file) would pass what Windows opens: the same on every system."""
    return default_output_name(settings, min(MAX_NAME_LENGTH, name_room(folder)))


# Each report records, as custom document properties, which input made it and
# which report it is, so that `build` knows a report it may replace.
MARK_INPUT = "lkt-excel masukan"
MARK_REPORT = "lkt-excel laporan"
_PROPERTY = re.compile(r'<property\b[^>]*\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>')


def report_mark(input_path: Path, settings: Settings) -> dict[str, str]:
    """What a report records of itself: its input's file name and its report."""
    report = " | ".join(
        (one_line(settings.instansi), one_line(settings.wilayah), str(settings.tahun))
    )
    return {  # Excel keeps 255 characters of a property
        MARK_INPUT: one_line(Path(input_path).name)[:255],
        MARK_REPORT: f"{report} | TW {settings.triwulan}"[-255:],
    }


def recorded_mark(path: Path) -> dict[str, str] | None:
    """The mark of an existing report (see :func:`report_mark`), None when it has none."""
    from html import unescape

    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/custom.xml") as part:
            xml = part.read(65536).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None
    found = {unescape(name): unescape(value) for name, value in _PROPERTY.findall(xml)}
    mark = {key: found[key] for key in (MARK_INPUT, MARK_REPORT) if key in found}
    return mark or None


def free_output(output: Path, mark: dict[str, str], input_path: Path, *, chosen: bool) -> Path:
    """Where the report may go without replacing another input's or another period's.

    An existing file there with the same mark is this input's own report: replaced.
    A report marked otherwise is another's: a chosen name (``-o``) is refused; a
    default name gives way to ``<name> - <input name>.xlsx``, then numbered ones.
    An unmarked file is replaced when chosen (an older report, or any file the
    user named), and given way to otherwise.
    """
    if not output.is_file():  # free, or a folder in the way: writing says so
        return output
    recorded = recorded_mark(output)
    if recorded == mark or (chosen and recorded is None):
        return output
    if chosen:
        raise OutputError(
            f"Berkas '{output}' adalah laporan dari masukan lain "
            f"('{(recorded or {}).get(MARK_INPUT, '?')}', {(recorded or {}).get(MARK_REPORT, '?')})"
            " dan tidak ditimpa. Pilih nama lain dengan -o, atau pindahkan berkas itu dulu."
        )
    stem = one_line(Path(input_path).stem)[:40].rstrip(" .") or "berkas"
    for number in range(1, 1000):
        extra = f" - {stem}" + (f" ({number})" if number > 1 else "")
        candidate = output.with_name(f"{output.stem}{extra}{output.suffix}")
        if not candidate.is_file() or recorded_mark(candidate) == mark:
            return candidate
    raise OutputError(f"Terlalu banyak laporan bernama '{output.name}' di '{output.parent}'.")


def build(input_path: Path, output: Path | None = None, *, isolated: bool = True) -> BuildResult:
    """Validate ``input_path`` and write its report; ``output`` defaults to a name beside it.

    ``output`` may be a folder, in which case the default name is used inside it.
    """
    input_path = Path(input_path)
    report, problems = load(input_path, isolated=isolated)
    if report is None or has_errors(problems):
        raise InputError(problems)
    result = compute(report)
    named = output is not None and not Path(output).is_dir()
    if output is None or not named:
        folder = input_path.parent if output is None else Path(output)
        output = folder / fitting_name(report.settings, folder)
    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise OutputError(f"Nama berkas keluaran '{output.name}' harus berakhiran .xlsx.")
    if output.exists() and output.resolve() == input_path.resolve():
        raise OutputError(
            "Berkas keluaran sama dengan berkas masukan; masukan tidak boleh ditimpa. "
            "Pilih nama lain dengan -o."
        )
    mark = report_mark(input_path, report.settings)
    output = free_output(output, mark, input_path, chosen=named)
    capaian = compute_capaian(result)
    anggaran = compute_anggaran(report.indicators, report.budgets, capaian, report.settings)
    notes = tuple(problems) + result.warnings + capaian.notes + anggaran.notes
    write_report(result, notes, output, capaian, mark=mark, anggaran=anggaran)
    return BuildResult(output, result, notes, capaian)


@dataclass(frozen=True)
class ImportResult:
    output: Path
    report: Report
    notes: tuple[Problem, ...]  # the guesses and every other warning, as `check` prints them


def impor(input_path: Path, output: Path | None = None, *, overwrite: bool = False) -> ImportResult:
    """Read an office's own 14-column table and write it as an input workbook in the contract.

    ``output`` defaults to ``<name> masukan.xlsx`` beside the table and may be a folder. The
    input is never written; an existing output is kept unless ``overwrite``.
    """
    from lkt_excel.inputs.importer import write_imported
    from lkt_excel.validate.office import read_office_book

    input_path = Path(input_path)
    name = f"{input_path.stem} masukan.xlsx"
    output = input_path.parent / name if output is None else Path(output)
    if output.is_dir():
        output = output / name
    if output.suffix.lower() != ".xlsx":
        raise OutputError(f"Nama berkas hasil impor '{output.name}' harus berakhiran .xlsx.")
    if output.exists() and output.resolve() == input_path.resolve():
        raise OutputError(
            "Berkas hasil impor sama dengan tabel masukan; masukan tidak pernah ditimpa. "
            "Pilih nama lain dengan -o."
        )
    if output.exists() and not overwrite:
        raise OutputError(
            f"Berkas '{output}' sudah ada dan tidak ditimpa. Pilih nama lain dengan -o, atau "
            "tambahkan --timpa untuk menimpanya."
        )
    book = read_workbook(input_path)
    reading, problems = read_office_book(book)
    problems = [*book.notes, *problems]
    if reading is None or reading.report is None or has_errors(problems):
        raise InputError(problems)
    marks = {key: f"dari {source!r}; periksa." for key, (_, source) in reading.guessed.items()}
    from xlsxwriter.exceptions import FileCreateError

    try:
        written = write_imported(output, reading.report, marks)
    except (FileCreateError, OSError) as exc:
        raise OutputError(cannot_write(output, exc)) from exc
    result = compute(reading.report)  # the cross-check of the table's printed realisasi
    return ImportResult(written, reading.report, (*problems, *result.warnings))


def template(path: Path | None = None, *, contoh: bool = False, overwrite: bool = False) -> Path:
    """Write the input template (``contoh``: filled with the example); return its path.

    ``path`` defaults to ``masukan-lkt.xlsx`` (``contoh-masukan-lkt.xlsx``) in
    the current folder and may be a folder. An existing file is kept unless
    ``overwrite``.
    """
    from xlsxwriter.exceptions import FileCreateError

    name = EXAMPLE_NAME if contoh else TEMPLATE_NAME
    path = Path(name) if path is None else Path(path)
    if path.is_dir():
        path = path / name
    if path.suffix.lower() != ".xlsx":
        raise OutputError(f"Nama berkas templat '{path.name}' harus berakhiran .xlsx.")
    if path.exists() and not overwrite:
        raise OutputError(
            f"Berkas '{path}' sudah ada dan tidak ditimpa. Pilih nama lain, atau tambahkan "
            "--timpa untuk menimpanya."
        )
    if not path.parent.is_dir():
        raise OutputError(f"Folder '{path.parent}' tidak ada. Buat foldernya dulu.")
    try:
        return write_template(path, filled=contoh)
    except (FileCreateError, OSError) as exc:
        raise OutputError(cannot_write(path, exc)) from exc
