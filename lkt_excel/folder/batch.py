"""The folder workflow: build a report for every spreadsheet in a folder.

This is how an office uses the tool: the units' spreadsheets land in a folder,
one command builds every report into ``hasil``, and a summary says what is
missing. The module never prints; progress goes to callbacks the caller gives.

- Discovery: spreadsheets by suffix; Excel lock files (``~$*``), hidden files,
  the output folder and the tool's own reports are skipped.
- Isolation: each file is built by :func:`build_one` in a pool of worker
  processes started once and reused (``spawn`` on every OS). A file that
  kills its worker (python-calamine aborts the process on some crafted files)
  breaks the pool: the files that were in flight are rerun one at a time, the
  one that kills its worker alone is marked failed, and the rest go on.
- Outputs: the worker writes to a private staging name in the output folder;
  the parent alone picks the final name (``api.default_output_name``, plus the
  input's stem when another input owns that name) and moves the file there.
  A failed file gets ``GAGAL <input name>.txt`` with the same located messages
  as ``check``.
- The manifest (:data:`MANIFEST_NAME`, JSON) records each input's sha256, the
  tool version, its output and status. It is rewritten atomically after every
  finished file, so an interrupted run leaves it consistent. An unchanged input
  whose output is present is skipped; failures are always retried.
- Duplicates: two inputs whose reports are for the same agency, region, year
  and quarter both keep their reports, but the result, the manifest and
  ``ringkasan.xlsx`` name them (see :func:`mark_duplicates`).
- Inputs are only ever read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import re
import stat
import time
import uuid
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from lkt_excel import __version__
from lkt_excel.core.model import ROMAN
from lkt_excel.core.numbers import format_id
from lkt_excel.core.problems import InputError, Problem, error
from lkt_excel.core.render import table
from lkt_excel.files import close_names, is_open_elsewhere, write_text_atomically
from lkt_excel.report.geometry import SHEET_LKT, SHEET_NARASI
from lkt_excel.report.style import FONT, FONT_SIZE, HEADER_FILL, TITLE_SIZE

INPUT_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
DEFAULT_OUTDIR = "hasil"
MANIFEST_NAME = "lkt-manifest.json"
SUMMARY_NAME = "ringkasan.xlsx"
RETIRED_FOLDER = "usang"  # inside the output folder: reports no current input stands behind
MAX_JOBS = 61
ERROR_REPORT_PREFIX = "GAGAL "
REPORT_PREFIX = "LKT "
# A report's first two sheets (writer.py); an input workbook never has a sheet `LKT`.
REPORT_SHEETS = (SHEET_LKT, SHEET_NARASI)
STAGING_MARK = "lkt-staging-"
MANIFEST_FORMAT = 1
MAX_NAME_LENGTH = 180


@dataclass(frozen=True)
class ReportId:
    """Which report an input makes: agency, region, year and last quarter, as typed."""

    instansi: str
    wilayah: str
    tahun: int
    triwulan: int

    @property
    def key(self) -> tuple[str, str, int, int]:
        """Compared case-insensitively, runs of spaces as one: ``Dinas  a`` is ``dinas a``."""
        return (
            _squash(self.instansi).casefold(),
            _squash(self.wilayah).casefold(),
            self.tahun,
            self.triwulan,
        )

    @property
    def title(self) -> str:
        """``Dinas A Kabupaten Malang 2021 TW IV``, as in the report's file name."""
        quarter = ROMAN.get(self.triwulan, str(self.triwulan))
        return f"{_squash(self.instansi)} {_squash(self.wilayah)} {self.tahun} TW {quarter}"

    def to_dict(self) -> dict[str, object]:
        return {
            "instansi": self.instansi,
            "wilayah": self.wilayah,
            "tahun": self.tahun,
            "triwulan": self.triwulan,
        }

    @classmethod
    def from_dict(cls, data: object) -> ReportId | None:
        """From the manifest; None for an entry of an older run that did not record it."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                str(data["instansi"]),
                str(data["wilayah"]),
                int(data["tahun"]),
                int(data["triwulan"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _squash(text: str) -> str:
    return " ".join(text.split())


class Status(str, Enum):
    """A file's outcome, as the summary shows it (Indonesian: users read it)."""

    BERHASIL = "berhasil"  # built in this run
    TIDAK_BERUBAH = "tidak berubah"  # skipped: same content, same tool version, output present
    GAGAL = "gagal"  # not built: see its error report

    @property
    def ok(self) -> bool:
        return self is not Status.GAGAL


@dataclass(frozen=True)
class FileResult:
    """One row of the summary: one input file."""

    label: str  # the input's path relative to the folder, with "/" between parts
    status: Status
    output: str | None  # report file name in the output folder
    error_report: str | None  # error report file name in the output folder
    warnings: int
    errors: int
    message: str = ""  # the first error, for the summary's KETERANGAN
    report_id: ReportId | None = None  # which report it made; None when it has none
    duplicates: tuple[str, ...] = ()  # labels of the other inputs with the same report

    @property
    def shown_output(self) -> str:
        return self.output or self.error_report or ""

    @property
    def remark(self) -> str:
        """The summary's KETERANGAN: the first error, or the inputs this one duplicates."""
        if self.duplicates and self.report_id is not None:
            return (
                f"Ganda dengan {', '.join(self.duplicates)}: laporan yang sama "
                f"({self.report_id.title}). Periksa mana yang benar sebelum mengirim."
            )
        return self.message


@dataclass(frozen=True)
class Duplicate:
    """Inputs of one folder whose reports are for the same agency, region, year and quarter."""

    report_id: ReportId
    labels: tuple[str, ...]

    @property
    def message(self) -> str:
        return (
            f"Perhatian: {len(self.labels)} berkas untuk laporan yang sama "
            f"({self.report_id.title}): {', '.join(self.labels)}. Periksa mana yang benar "
            "sebelum mengirim."
        )


def retired_message(names: Sequence[str]) -> str:
    """The warning for old reports moved out of the output folder (see Batch.retire), or ''."""
    if not names:
        return ""
    return (
        "Perhatian: laporan lama yang tidak lagi sesuai berkas masukannya (masukannya "
        "dihapus, kini gagal, atau kini menjadi laporan lain) dipindahkan dari folder hasil, "
        "supaya tidak ikut terkirim: " + "; ".join(names) + "."
    )


def mark_duplicates(rows: Iterable[FileResult]) -> list[FileResult]:
    """The rows, each input that shares its report with others naming those others.

    Only inputs that have a report count (built now or unchanged); a failed
    input has none. Marks from an earlier call are replaced, not added to.
    """
    rows = list(rows)
    groups: dict[tuple[str, str, int, int], list[str]] = {}
    for row in rows:
        if row.status.ok and row.report_id is not None:
            groups.setdefault(row.report_id.key, []).append(row.label)
    marked = []
    for row in rows:
        same = groups.get(row.report_id.key, []) if row.status.ok and row.report_id else []
        others = tuple(label for label in same if label != row.label)
        marked.append(row if others == row.duplicates else replace(row, duplicates=others))
    return marked


@dataclass
class FolderResult:
    folder: Path
    outdir: Path
    files: list[FileResult] = field(default_factory=list)
    summary: Path | None = None
    summary_error: str = ""  # why ringkasan.xlsx could not be written (e.g. open in Excel)
    retired: list[str] = field(default_factory=list)  # old reports moved to ``usang``
    open_elsewhere: list[str] = field(default_factory=list)  # inputs open in Excel now

    @property
    def retired_message(self) -> str:
        """The warning for old reports moved out of the output folder, or ''."""
        return retired_message(self.retired)

    @property
    def open_message(self) -> str:
        """The warning for inputs open in a spreadsheet program, or ''."""
        if not self.open_elsewhere:
            return ""
        return (
            f"Perhatian: {', '.join(self.open_elsewhere)} sedang terbuka di Excel (atau "
            "LibreOffice); perubahan yang belum disimpan tidak ikut dibaca. Simpan dan tutup "
            "berkasnya, lalu jalankan lagi."
        )

    @property
    def ok(self) -> bool:
        return all(f.status.ok for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.status.ok]

    @property
    def built(self) -> int:
        """How many inputs have their report (built now or unchanged)."""
        return len(self.files) - len(self.failed)

    @property
    def duplicates(self) -> list[Duplicate]:
        """Groups of inputs with the same report, in file order (after :func:`mark_duplicates`)."""
        groups: dict[tuple[str, str, int, int], Duplicate] = {}
        for row in self.files:
            if row.duplicates and row.report_id is not None:
                groups.setdefault(
                    row.report_id.key,
                    Duplicate(
                        row.report_id, tuple(sorted((row.label, *row.duplicates), key=natural_key))
                    ),
                )
        return list(groups.values())


# ---------------------------------------------------------------------------
# The worker: a top-level function, so ``spawn`` can import it
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    input: str
    staging: str


@dataclass(frozen=True)
class Outcome:
    built: bool
    default_name: str | None  # api.default_output_name of the report, when built
    problems: tuple[Problem, ...]  # warnings when built; errors and warnings when not
    report_id: ReportId | None = None  # when built


def init_worker(quiet: bool = True) -> None:
    """Start a worker: Ctrl-C is the parent's business; load the libraries once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if quiet:  # a crashing reader prints a Rust backtrace; the error report explains it
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    from lkt_excel import api  # noqa: F401 - imported once per worker, not per file


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while workers may be started, so one still importing is not hit by it.

    Only the main thread may change signal handlers; elsewhere this does nothing.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def build_one(task: Task) -> Outcome:
    """Build one report into ``task.staging``; every failure becomes data."""
    from lkt_excel import api
    from lkt_excel.core.problems import OutputError

    try:
        # This worker is the isolation: the pool survives its death (see process_folder),
        # so the reader parses here instead of starting one more process per file.
        done = api.build(Path(task.input), Path(task.staging), isolated=False)
    except InputError as exc:
        return Outcome(False, None, tuple(exc.problems))
    except OutputError as exc:
        return Outcome(False, None, (error("keluaran-gagal", str(exc)),))
    except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the others
        return Outcome(False, None, (unexpected(exc),))
    settings = done.result.report.settings
    name = api.default_output_name(settings)
    report_id = ReportId(settings.instansi, settings.wilayah, settings.tahun, settings.triwulan)
    return Outcome(True, name, tuple(done.notes), report_id)


def unexpected(exc: BaseException) -> Problem:
    return error(
        "galat-tak-terduga",
        f"Galat tak terduga saat memproses berkas: {exc.__class__.__name__}: {exc}.",
        "Periksa berkas dengan 'lkt-excel check'; bila tetap gagal, kirim berkas ini ke "
        "pengelola alat.",
    )


CRASH = error(
    "pembaca-berhenti",
    "Membaca berkas ini menghentikan proses pembaca secara paksa: berkas rusak atau dibuat "
    "janggal (mis. berisi sel sampai XFD1048576).",
    "Buka berkas di Excel, salin isi lembar Laporan, Indikator dan Data ke berkas baru, simpan, "
    "lalu jalankan lagi. Berkas lain tetap diproses.",
)


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------


def is_hidden(path: Path) -> bool:
    """Dot files everywhere; on Windows also the hidden attribute."""
    if path.name.startswith("."):
        return True
    attributes = getattr(path.lstat(), "st_file_attributes", 0)
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


_SHEET_NAME = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"')


def looks_like_report(path: Path) -> bool:
    """A report written by this tool (it opens with sheets LKT and Narasi), e.g. by ``build``."""
    if not (path.name.startswith(REPORT_PREFIX) and path.suffix.lower() == ".xlsx"):
        return False
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
            head = part.read(1_000_000)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    names = tuple(n.decode("utf-8", "replace") for n in _SHEET_NAME.findall(head))
    return names[: len(REPORT_SHEETS)] == REPORT_SHEETS


def natural_key(text: str) -> list:
    """Order names as people do: ``unit-2`` before ``unit-10``, case ignored."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def row_order(row: FileResult) -> list:
    return natural_key(row.label)


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def discover(folder: Path, outdir: Path, recursive: bool = False) -> list[Path]:
    """The spreadsheets to build, in name order; skips lock, hidden and output files."""
    folder, outdir = Path(folder).resolve(), Path(outdir).resolve()
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if recursive and not is_hidden(here / d) and not _within((here / d).resolve(), outdir)
        )
        for name in sorted(files):
            path = here / name
            if (
                path.suffix.lower() in INPUT_SUFFIXES
                and not name.startswith("~$")
                and not is_hidden(path)
                and path.is_file()
                and not _within(path.resolve(), outdir)
                and not looks_like_report(path)
            ):
                found.append(path)
    return sorted(found, key=lambda path: natural_key(path.relative_to(folder).as_posix()))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# Names and the manifest
# ---------------------------------------------------------------------------


def error_report_name(label: str) -> str:
    """``GAGAL <input name>.txt``; a subfolder's files get ``sub - name``."""
    return ERROR_REPORT_PREFIX + " - ".join(label.split("/"))[:MAX_NAME_LENGTH] + ".txt"


def alternative_names(name: str, label: str) -> Iterator[str]:
    """The report name, then with the input's stem, then numbered: for name clashes."""
    suffix = Path(name).suffix
    base = name[: -len(suffix)] if suffix else name
    room = max(10, MAX_NAME_LENGTH - len(base) - len(" -  (999)"))  # the stem is shortened
    stem = Path(label).stem[:room].rstrip(" .") or "berkas"
    yield name
    yield f"{base} - {stem}{suffix}"
    number = 2
    while True:
        yield f"{base} - {stem} ({number}){suffix}"
        number += 1


def error_report_text(label: str, problems: Iterable[Problem], now: datetime | None = None) -> str:
    problems = list(problems)
    now = now or datetime.now()
    errors = sum(1 for p in problems if p.is_error)
    lines = [
        f"LAPORAN GALAT lkt-excel {__version__}",
        f"Berkas masukan: {label}",
        f"Waktu: {format_time_id(now)}",
        f"Laporan tidak dibuat: {errors} galat harus diperbaiki dulu.",
        "",
        *table(problems).splitlines(),
        "",
        "Setelah berkas diperbaiki, jalankan lagi perintah yang sama; berkas yang tidak berubah "
        "dilewati.",
    ]
    return "\n".join(lines) + "\n"


class Manifest:
    """What was built from which input: ``inputs[label] = {sha256, version, status, ...}``."""

    def __init__(self, path: Path):
        self.path = path
        self.inputs: dict[str, dict] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") == MANIFEST_FORMAT and isinstance(data.get("inputs"), dict):
                self.inputs = data["inputs"]
        except (OSError, ValueError, AttributeError):
            pass  # no manifest, or a damaged one: everything is built again

    def owner_of(self, name: str) -> str | None:
        """The input whose output or error report is called ``name`` (case-insensitive)."""
        key = name.casefold()
        for label, entry in self.inputs.items():
            for kind in ("output", "error_report"):
                if entry.get(kind) and entry[kind].casefold() == key:
                    return label
        return None

    def claim(self, name: str, label: str) -> str:
        """The first of :func:`alternative_names` no other input owns."""
        for candidate in alternative_names(name, label):
            if self.owner_of(candidate) in (None, label):
                return candidate
        raise AssertionError("unreachable: alternative_names never ends")

    def forget_missing(self, folder: Path) -> list[dict]:
        """Drop inputs that are no longer in the folder (their names become free);
        return their entries."""
        gone = [label for label in self.inputs if not (folder / label).is_file()]
        return [self.inputs.pop(label) for label in gone]

    def save(self) -> None:
        data = {
            "format": MANIFEST_FORMAT,
            "tool": "lkt-excel",
            "inputs": dict(sorted(self.inputs.items())),
        }
        write_text_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------------------
# The batch: a folder, its output folder, the manifest and the worker pool
# ---------------------------------------------------------------------------

Worker = Callable[[Task], Outcome]
OnFile = Callable[[FileResult], None]


@dataclass(frozen=True)
class _Job:
    label: str
    path: Path
    sha256: str
    staging: Path


def resolve_outdir(folder: Path, outdir: Path | None) -> tuple[Path, Path]:
    """Check the folders: the input folder must exist and differ from the output folder."""
    folder = Path(folder)
    if folder.is_file():
        raise InputError(
            [
                error(
                    "folder-tidak-ada",
                    f"'{folder}' adalah sebuah berkas, bukan folder.",
                    f'Untuk satu berkas, jalankan: lkt-excel build "{folder}". Untuk banyak '
                    "berkas, sebutkan folder tempat berkas-berkas itu berada.",
                )
            ]
        )
    if not folder.is_dir():
        raise InputError(
            [
                error(
                    "folder-tidak-ada",
                    f"Folder '{folder}' tidak ditemukan atau bukan folder."
                    + close_names(folder, folders=True),
                    "Sebutkan folder yang berisi berkas-berkas Excel masukan.",
                )
            ]
        )
    folder = folder.resolve()
    out = (folder / DEFAULT_OUTDIR if outdir is None else Path(outdir)).resolve()
    if out == folder:
        raise InputError(
            [
                error(
                    "folder-hasil-sama",
                    "Folder hasil tidak boleh sama dengan folder masukan.",
                    f"Hapus -o agar hasil masuk ke '{DEFAULT_OUTDIR}', atau pilih folder lain.",
                )
            ]
        )
    return folder, out


class Batch:
    """Build reports for files of one folder; use as a context manager."""

    def __init__(
        self,
        folder: Path,
        outdir: Path | None = None,
        *,
        jobs: int | None = None,
        recursive: bool = False,
        rebuild_all: bool = False,
        worker: Worker = build_one,
        quiet_workers: bool = True,
        clock: Callable[[], datetime] = datetime.now,
    ):
        self.folder, self.outdir = resolve_outdir(folder, outdir)
        # At most MAX_JOBS: ProcessPoolExecutor's limit on Windows, and far more
        # processes than any office machine has cores.
        self.jobs = min(MAX_JOBS, max(1, jobs or os.cpu_count() or 1))
        self.recursive = recursive
        self.rebuild_all = rebuild_all
        self.worker = worker
        self.quiet_workers = quiet_workers
        self.clock = clock  # local time, for the summary and the error reports
        self._pool: ProcessPoolExecutor | None = None
        self.manifest: Manifest | None = None
        self.retired: list[str] = []  # reports moved out of the way (see retire)

    def __enter__(self) -> Batch:
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from lkt_excel.core.problems import OutputError

            raise OutputError(
                f"Folder hasil '{self.outdir}' tidak dapat dibuat ({exc.__class__.__name__}). "
                "Periksa izin folder atau pilih folder lain dengan -o."
            ) from exc
        self.remove_staging()
        self.manifest = Manifest(self.outdir / MANIFEST_NAME)
        self.retire_missing()
        return self

    def __exit__(self, *exc_info) -> None:
        self._discard_pool(wait=True)
        self.remove_staging()

    # -- reports no input stands behind ----------------------------------------

    def retire_missing(self) -> None:
        """Move the reports of inputs gone from the folder into ``usang``."""
        assert self.manifest is not None
        gone = self.manifest.forget_missing(self.folder)
        for entry in gone:
            for kind in ("output", "error_report"):
                if entry.get(kind):
                    self.retire(entry[kind])
        if gone:
            self.manifest.save()

    def retire(self, name: str) -> None:
        """Move one of our outputs from the output folder into its ``usang`` folder.

        The office emails what is in ``hasil``: a report whose input is gone, or
        whose input now fails or makes another report, must not stay there
        looking current. It is moved, not deleted (nothing is lost), and named in
        ``self.retired``; a file that cannot be moved (open in Excel) stays, and
        is named with a note.
        """
        source = self.outdir / name
        if not source.is_file():
            return
        folder = self.outdir / RETIRED_FOLDER
        target = folder / name
        number = 2
        while target.exists():
            target = folder / f"{Path(name).stem} ({number}){Path(name).suffix}"
            number += 1
        try:
            folder.mkdir(exist_ok=True)
            os.replace(source, target)
        except OSError:
            self.retired.append(f"{name} (tidak dapat dipindahkan: tutup di Excel lalu hapus)")
            return
        self.retired.append(f"{RETIRED_FOLDER}/{target.name}")

    # -- files -------------------------------------------------------------

    def discover(self) -> list[Path]:
        return discover(self.folder, self.outdir, self.recursive)

    def label(self, path: Path) -> str:
        return Path(path).relative_to(self.folder).as_posix()  # paths from discover()

    def remove_staging(self) -> None:
        """Staging files left by an interrupted run (never a finished report)."""
        for path in self.outdir.glob(f"*{STAGING_MARK}*"):
            if path.name.startswith(".") and path.is_file():
                path.unlink(missing_ok=True)

    # -- the pool ----------------------------------------------------------

    def _pool_now(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,
                initargs=(self.quiet_workers,),
            )
        return self._pool

    def _discard_pool(self, wait: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def _execute(self, jobs: list[_Job]) -> Iterator[tuple[_Job, Outcome]]:
        """Run the jobs, yielding each with its outcome as it finishes.

        When a worker dies, the pool is broken and every job in flight is lost.
        Alone in flight, the job is the culprit; otherwise the lost jobs are
        rerun one at a time, so the culprit is found and the others are built.
        """
        queue, suspects = deque(jobs), deque[_Job]()
        inflight: dict[Future, _Job] = {}
        while queue or suspects or inflight:
            broken = False
            source = suspects if suspects else queue
            # One job more than workers waits in the pool's queue, so a worker takes
            # its next file at once instead of idling while this process records
            # the last one (manifest, summary line). Suspects run alone.
            limit = 1 if suspects else self.jobs + 1
            while source and len(inflight) < limit:
                job = source.popleft()
                try:
                    with _sigint_ignored():  # a worker spawned now inherits it (POSIX)
                        future = self._pool_now().submit(
                            self.worker, Task(str(job.path), str(job.staging))
                        )
                except BrokenProcessPool:
                    source.appendleft(job)
                    broken = True
                    break
                inflight[future] = job
            if inflight and not broken:
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in done:
                    problem = future.exception()
                    if isinstance(problem, BrokenProcessPool):
                        broken = True
                        continue
                    job = inflight.pop(future)
                    if problem is None:
                        yield job, future.result()
                    else:
                        yield job, Outcome(False, None, (unexpected(problem),))
            if broken:
                lost = list(inflight.values())
                inflight.clear()
                self._discard_pool()
                if len(lost) == 1:
                    yield lost[0], Outcome(False, None, (CRASH,))
                else:
                    suspects.extend(lost)

    # -- a run ---------------------------------------------------------------

    def run(self, paths: Iterable[Path], on_file: OnFile | None = None) -> list[FileResult]:
        """Build the given inputs (skipping unchanged ones); rows sorted by label."""
        assert self.manifest is not None, "use Batch as a context manager"
        rows: list[FileResult] = []

        def emit(row: FileResult) -> None:
            rows.append(row)
            if on_file is not None:
                on_file(row)

        jobs: list[_Job] = []
        for path in paths:
            label = self.label(path)
            try:
                digest = sha256_of(path)
            except OSError as exc:
                problem = error(
                    "berkas-tidak-terbaca",
                    f"Berkas '{label}' tidak dapat dibaca ({exc.__class__.__name__}).",
                    "Tutup berkas bila sedang terbuka, periksa izinnya, lalu jalankan lagi.",
                )
                emit(self._record(label, None, Outcome(False, None, (problem,)), None))
                continue
            skipped = self._unchanged(label, digest)
            if skipped is not None:
                emit(skipped)
                continue
            staging = self.outdir / f".{STAGING_MARK}{uuid.uuid4().hex}.xlsx"
            jobs.append(_Job(label, Path(path), digest, staging))
        for job, outcome in self._execute(jobs):
            emit(self._record(job.label, job.sha256, outcome, job.staging))
        return sorted(rows, key=row_order)

    def _unchanged(self, label: str, digest: str) -> FileResult | None:
        assert self.manifest is not None
        entry = self.manifest.inputs.get(label)
        if (
            self.rebuild_all
            or entry is None
            or entry.get("status") != Status.BERHASIL.value
            or entry.get("sha256") != digest
            or entry.get("version") != __version__
            or not entry.get("output")
            or not (self.outdir / entry["output"]).is_file()
        ):
            return None
        report_id = ReportId.from_dict(entry.get("report"))
        if report_id is None:  # recorded before reports were compared: build it to know
            return None
        warnings = int(entry.get("warnings", 0))
        return FileResult(
            label, Status.TIDAK_BERUBAH, entry["output"], None, warnings, 0, "", report_id
        )

    def _record(
        self, label: str, digest: str | None, outcome: Outcome, staging: Path | None
    ) -> FileResult:
        """Move a built report into place or write the error report; save the manifest."""
        assert self.manifest is not None
        previous = self.manifest.inputs.get(label, {})
        problems = list(outcome.problems)
        output = None
        if outcome.built and staging is not None and outcome.default_name:
            output = self.manifest.claim(outcome.default_name, label)
            try:
                os.replace(staging, self.outdir / output)
            except OSError as exc:
                staging.unlink(missing_ok=True)
                output = None
                problems.append(
                    error(
                        "keluaran-gagal",
                        f"Berkas '{self.outdir / outcome.default_name}' tidak dapat ditulis "
                        f"({exc.__class__.__name__}).",
                        "Bila berkas itu sedang terbuka di Excel, tutup dulu lalu jalankan lagi.",
                    )
                )
        errors = [p for p in problems if p.is_error]
        warnings = len(problems) - len(errors)
        report = None
        if output is None:
            report = self.manifest.claim(error_report_name(label), label)
            try:
                text = error_report_text(label, problems, self.clock())
                write_text_atomically(self.outdir / report, text)
            except OSError:  # the summary still lists the file and its first error
                report = None
        stale = previous.get("error_report")
        if stale and stale != report:
            (self.outdir / stale).unlink(missing_ok=True)
        old = previous.get("output")
        if old and (output is None or old.casefold() != output.casefold()):
            self.retire(old)  # the input now fails, or makes a report of another name
        status = Status.BERHASIL if output else Status.GAGAL
        report_id = outcome.report_id if output else None
        self.manifest.inputs[label] = {
            "sha256": digest,
            "version": __version__,
            "status": status.value,
            "output": output,
            "error_report": report,
            "warnings": warnings,
            "errors": len(errors),
            "time": self.clock().isoformat(timespec="seconds"),
            "report": report_id.to_dict() if report_id else None,
            "duplicates": [],  # set by summarize, which sees every input
        }
        self.manifest.save()
        message = errors[0].message if errors else ""
        if errors and errors[0].cell and errors[0].cell not in message:
            message = f"{errors[0].cell}: {message}"  # where, unless the message says it
        return FileResult(label, status, output, report, warnings, len(errors), message, report_id)

    def summarize(self, result: FolderResult) -> None:
        """Mark duplicates, record them, write ``ringkasan.xlsx``.

        Duplicates are looked for among all the rows of ``result``: every input
        of the folder as it is now, built in this run or unchanged since an
        earlier one (whose report is recorded in the manifest), so a unit's
        second file is caught even when its first was built last week. Both
        keep their reports (which one is right is for a person to decide), and
        the warning comes back on every run until one input is removed or
        corrected: it describes the folder, not the run.
        """
        from lkt_excel.core.problems import OutputError

        assert self.manifest is not None
        result.retired = list(self.retired)
        result.open_elsewhere = [
            row.label for row in result.files if is_open_elsewhere(self.folder / row.label)
        ]
        result.files = mark_duplicates(result.files)
        changed = False
        for row in result.files:
            entry = self.manifest.inputs.get(row.label)
            if entry is not None and entry.get("duplicates", []) != list(row.duplicates):
                entry["duplicates"] = list(row.duplicates)
                changed = True
        if changed:
            self.manifest.save()
        try:
            result.summary = write_summary(
                result.files, self.outdir / SUMMARY_NAME, folder=self.folder, now=self.clock()
            )
            result.summary_error = ""
        except OutputError as exc:
            result.summary = None
            result.summary_error = str(exc)


# ---------------------------------------------------------------------------
# The summary workbook
# ---------------------------------------------------------------------------

SUMMARY_HEADERS = (
    "NO",
    "BERKAS MASUKAN",
    "STATUS",
    "BERKAS KELUARAN",
    "PERINGATAN",
    "GALAT",
    "KETERANGAN",
)
SUMMARY_WIDTHS = (5, 36, 13, 55, 11, 7, 60)
SUMMARY_HEADER_ROW = 7  # Excel row of the table's header, under the title block
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_time_id(moment: datetime) -> str:
    """``27 November 2026 pukul 23.05``: Indonesian, whatever the machine's locale."""
    return (
        f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} "
        f"pukul {moment.hour:02d}.{moment.minute:02d}"
    )


def summary_lines(rows: list[FileResult], folder: Path | None, now: datetime) -> list[str]:
    """The lines above the table: what came of the run, of which folder, when, by what."""
    built = sum(1 for r in rows if r.status is Status.BERHASIL)
    unchanged = sum(1 for r in rows if r.status is Status.TIDAK_BERUBAH)
    failed = len(rows) - built - unchanged
    duplicated = sum(1 for r in rows if r.duplicates)
    n = format_id  # counts in text are written the Indonesian way: 1.000
    counts = f"Berhasil {n(built)}, tidak berubah (dilewati) {n(unchanged)}, gagal {n(failed)}"
    if duplicated:
        counts += f", ganda {n(duplicated)} (lihat KETERANGAN)"
    return [
        f"{n(built + unchanged)} dari {n(len(rows))} berkas menjadi laporan.",
        counts + ".",
        f"Folder masukan: {folder}" if folder is not None else "",
        f"Dibuat {format_time_id(now)} oleh lkt-excel {__version__}.",
    ]


def write_summary(
    rows: list[FileResult],
    path: Path,
    *,
    folder: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """``ringkasan.xlsx``: a title block, then one row per input; written atomically."""
    import xlsxwriter

    from lkt_excel.core.problems import OutputError
    from lkt_excel.report.formats import WORKBOOK_OPTIONS

    now = now or datetime.now()
    header_row = SUMMARY_HEADER_ROW - 1
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    try:
        book = xlsxwriter.Workbook(str(temporary), WORKBOOK_OPTIONS)
        sheet = book.add_worksheet("Ringkasan")
        plain = {"font_name": FONT, "font_size": FONT_SIZE}
        base = {**plain, "border": 1, "valign": "top"}
        header = book.add_format({**base, "bold": True, "bg_color": HEADER_FILL, "text_wrap": True})
        text = book.add_format({**base, "text_wrap": True})
        failed = book.add_format({**base, "bold": True, "font_color": "#C00000"})
        doubled = book.add_format({**base, "text_wrap": True, "bg_color": "#FCE4D6"})
        bold = book.add_format({"bold": True, "font_name": FONT, "font_size": TITLE_SIZE})
        sheet.write_string(0, 0, "RINGKASAN PEMROSESAN LKT", bold)
        line_format = book.add_format(plain)
        for r, line in enumerate(summary_lines(rows, folder, now), start=1):
            if line:
                sheet.write_string(r, 0, line, line_format)
        for col, title in enumerate(SUMMARY_HEADERS):
            sheet.write_string(header_row, col, title, header)
        for index, row in enumerate(rows, start=1):
            r = header_row + index
            cell = doubled if row.duplicates else text
            sheet.write_number(r, 0, index, cell)
            sheet.write_string(r, 1, row.label, cell)
            sheet.write_string(r, 2, row.status.value, cell if row.status.ok else failed)
            sheet.write_string(r, 3, row.shown_output, cell)
            sheet.write_number(r, 4, row.warnings, cell)
            sheet.write_number(r, 5, row.errors, cell)
            sheet.write_string(r, 6, row.remark, cell)
            # Excel does not grow a row for wrapped text written by a program: estimate it.
            lines = max(
                -(-len(value) // SUMMARY_WIDTHS[col])
                for col, value in ((1, row.label), (3, row.shown_output), (6, row.remark))
            )
            if lines > 1:
                sheet.set_row(r, min(409, 13 * lines))
        for col, width in enumerate(SUMMARY_WIDTHS):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(header_row + 1, 0)
        if rows:
            sheet.autofilter(header_row, 0, header_row + len(rows), len(SUMMARY_HEADERS) - 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # every column on the page width
        sheet.repeat_rows(header_row)
        book.close()
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(
            f"Ringkasan '{path}' tidak dapat ditulis ({exc.__class__.__name__}). Bila sedang "
            "terbuka di Excel, tutup dulu lalu jalankan lagi."
        ) from exc
    finally:
        if temporary.exists():
            temporary.unlink()
    return path


# ---------------------------------------------------------------------------
# The two entry points
# ---------------------------------------------------------------------------


def process_folder(
    folder: Path,
    outdir: Path | None = None,
    *,
    on_start: Callable[[int], None] | None = None,
    on_file: OnFile | None = None,
    **options: Any,
) -> FolderResult:
    """Build every spreadsheet of ``folder`` into ``outdir`` (default ``folder/hasil``).

    ``options`` are those of :class:`Batch` (``jobs``, ``recursive``,
    ``rebuild_all``, ``worker``, ``quiet_workers``). Writes the reports, an
    error report per failed file, the manifest and ``ringkasan.xlsx``.
    Raises :class:`InputError` for a missing folder and :class:`OutputError`
    when the output folder cannot be made; a summary that cannot be written
    is noted in ``summary_error``.
    """
    with Batch(folder, outdir, **options) as batch:
        paths = batch.discover()
        if on_start is not None:
            on_start(len(paths))
        result = FolderResult(batch.folder, batch.outdir, batch.run(paths, on_file))
        batch.summarize(result)
        return result


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def watch_folder(
    folder: Path,
    outdir: Path | None = None,
    *,
    interval: float = 1.0,
    should_stop: Callable[[], bool] = lambda: False,
    on_poll: Callable[[], None] | None = None,
    on_file: OnFile | None = None,
    on_round: Callable[[FolderResult], None] | None = None,
    **options: Any,
) -> FolderResult:
    """Process the folder, then keep watching it until ``should_stop()`` (or Ctrl-C).

    ``options`` are those of :class:`Batch`, as for :func:`process_folder`.
    Every ``interval`` seconds the folder is listed; a new or changed file is
    built once its size and modification time are the same in two polls in a
    row (a copy in progress is left alone). The summary is rewritten after each
    round that built something, and ``on_round`` is called with the result (the
    duplicates it names included). The result holds the latest row of each file.
    """
    with Batch(folder, outdir, **options) as batch:
        paths = batch.discover()
        handled = {path: _signature(path) for path in paths}
        latest = {row.label: row for row in batch.run(paths, on_file)}
        result = FolderResult(batch.folder, batch.outdir, sorted(latest.values(), key=row_order))
        batch.summarize(result)
        if on_round is not None:
            on_round(result)
        previous: dict[Path, tuple[int, int] | None] = {}
        while not should_stop():
            time.sleep(interval)
            if on_poll is not None:
                on_poll()
            current = {path: _signature(path) for path in batch.discover()}
            ready = [
                path
                for path, sig in current.items()
                if sig is not None and previous.get(path) == sig and handled.get(path) != sig
            ]
            previous = current
            gone = [label for label in latest if batch.folder / label not in current]
            for label in gone:
                del latest[label]
                handled.pop(batch.folder / label, None)  # if it comes back, it is new again
            if gone:
                batch.retire_missing()
            if not ready and not gone:
                continue
            for path in ready:
                handled[path] = current[path]
            latest.update((row.label, row) for row in batch.run(ready, on_file))
            result.files = sorted(latest.values(), key=row_order)
            batch.summarize(result)
            if on_round is not None:
                on_round(result)
        return result
