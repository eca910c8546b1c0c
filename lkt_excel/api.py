"""The library API: what the CLI (and any other program) calls.

It never prints, never exits and leaves the process as it found it (the garbage
collector included: :func:`collector_paused` is for the host to use). Bad input
raises :class:`InputError` with the list of located problems; an unwritable
output raises :class:`OutputError`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lkt_excel.core.capaian import CapaianResult, compute_capaian
from lkt_excel.core.compute import ReportResult, compute
from lkt_excel.core.model import ROMAN, Report, Settings
from lkt_excel.core.problems import InputError, OutputError, Problem, has_errors
from lkt_excel.files import cannot_write
from lkt_excel.inputs.template import write_template
from lkt_excel.reading.reader import read_workbook
from lkt_excel.report.writer import write_report
from lkt_excel.validate import validate

_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
MAX_NAME_LENGTH = 150
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
        problems = problems + list(result.warnings) + list(compute_capaian(result).notes)
    return problems


def default_output_name(settings: Settings) -> str:
    """``LKT <Instansi> <Wilayah> <Tahun> TW <IV>.xlsx``: readable in an email, safe on Windows."""
    words = (
        f"LKT {settings.instansi} {settings.wilayah} {settings.tahun} TW {ROMAN[settings.triwulan]}"
    )
    name = " ".join(_UNSAFE_IN_NAMES.sub(" ", words).split())
    return name[:MAX_NAME_LENGTH].rstrip(" .") + ".xlsx"


def build(input_path: Path, output: Path | None = None, *, isolated: bool = True) -> BuildResult:
    """Validate ``input_path`` and write its report; ``output`` defaults to a name beside it.

    ``output`` may be a folder, in which case the default name is used inside it.
    """
    input_path = Path(input_path)
    report, problems = load(input_path, isolated=isolated)
    if report is None or has_errors(problems):
        raise InputError(problems)
    result = compute(report)
    if output is None:
        output = input_path.parent / default_output_name(report.settings)
    elif Path(output).is_dir():
        output = Path(output) / default_output_name(report.settings)
    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise OutputError(f"Nama berkas keluaran '{output.name}' harus berakhiran .xlsx.")
    if output.exists() and output.resolve() == input_path.resolve():
        raise OutputError(
            "Berkas keluaran sama dengan berkas masukan; masukan tidak boleh ditimpa. "
            "Pilih nama lain dengan -o."
        )
    capaian = compute_capaian(result)
    notes = tuple(problems) + result.warnings + capaian.notes
    write_report(result, notes, output, capaian)
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
