"""One run over a folder: its output folder, its manifest and its worker pool.

:class:`Batch` builds the inputs it is given into the output folder: an
unchanged input whose report is present is skipped, the others go to the
worker pool. The workers write to private staging names; the batch alone picks
each report's final name (the input's stem is added when another input owns
the name) and moves it there, or writes the error report, and saves the
manifest after every finished file. A report no input stands behind any more
is moved into ``usang``. :func:`process_folder` is one run;
:mod:`lkt_excel.folder.watch` keeps running.

A run holds the output folder's lock (:mod:`lkt_excel.folder.lock`) from start
to end, and removes what a dead run left. A write that fails (the manifest, a
report, an error report) is named and the run goes on with the other files;
it always ends with its summary.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lkt_excel import __version__
from lkt_excel.core import catalogue as codes
from lkt_excel.core.problems import InputError, OutputError, Problem, error
from lkt_excel.core.render import figures_remark
from lkt_excel.files import (
    cannot_write,
    close_names,
    is_open_elsewhere,
    name_room,
    replace_retrying,
    write_text_atomically,
)
from lkt_excel.folder.discovery import (
    discover,
    error_report_name,
    sha256_of,
    staging_name,
    unopenable,
)
from lkt_excel.folder.integrity import fingerprint, inputs_reachable, intact
from lkt_excel.folder.limits import MAX_JOBS
from lkt_excel.folder.lock import FolderLock, remove_leftovers
from lkt_excel.folder.manifest import MANIFEST_NAME, Entry, Manifest
from lkt_excel.folder.pool import Outcome, Task, Worker, WorkerPool, build_one
from lkt_excel.folder.quarter import Options, check_period, finish, skipped_rows
from lkt_excel.folder.recap_data import STORE_NAME, RecapStore
from lkt_excel.folder.results import (
    FileResult,
    FolderResult,
    OnFile,
    ReportId,
    Status,
    mark_duplicates,
    row_order,
)
from lkt_excel.folder.summary import SUMMARY_NAME, error_report_text, write_summary

if TYPE_CHECKING:  # the mail step loads smtplib and ssl: only a run that mails needs them
    from lkt_excel.folder.mailing import MailStep

DEFAULT_OUTDIR = "hasil"
RETIRED_FOLDER = "usang"  # inside the output folder: reports no current input stands behind


@dataclass(frozen=True)
class _Job:
    label: str
    sha256: str
    staging: Path


def _folder_error(code: str, message: str, fix: str) -> InputError:
    return InputError([error(code, message, fix)])


def resolve_outdir(folder: Path, outdir: Path | None) -> tuple[Path, Path]:
    """Check the folders: the input folder must exist and differ from the output folder."""
    folder = Path(folder)
    if folder.is_file():
        raise _folder_error(
            codes.FOLDER_TIDAK_ADA,
            f"'{folder}' adalah sebuah berkas, bukan folder.",
            f'Untuk satu berkas, jalankan: lkt-excel build "{folder}". Untuk banyak '
            "berkas, sebutkan folder tempat berkas-berkas itu berada.",
        )
    if not folder.is_dir():
        raise _folder_error(
            codes.FOLDER_TIDAK_ADA,
            f"Folder '{folder}' tidak ditemukan atau bukan folder."
            + close_names(folder, folders=True),
            "Sebutkan folder yang berisi berkas-berkas Excel masukan.",
        )
    folder = folder.resolve()
    out = (folder / DEFAULT_OUTDIR if outdir is None else Path(outdir)).resolve()
    if out == folder:
        raise _folder_error(
            codes.FOLDER_HASIL_SAMA,
            "Folder hasil tidak boleh sama dengan folder masukan.",
            f"Hapus -o agar hasil masuk ke '{DEFAULT_OUTDIR}', atau pilih folder lain.",
        )
    if out in folder.parents:
        raise _folder_error(
            codes.FOLDER_HASIL_INDUK,
            f"Folder hasil '{out}' berada di atas folder masukan '{folder}': folder masukan "
            "ada di dalam folder hasil, sehingga berkasnya tidak dibaca.",
            f"Hapus -o agar hasil masuk ke '{DEFAULT_OUTDIR}', atau pilih folder di luar "
            "folder masukan.",
        )
    return folder, out


def _first_error(errors: list[Problem]) -> str:
    """The summary's KETERANGAN for a failure: the first error, with where unless it says."""
    if not errors:
        return ""
    first = errors[0]
    if first.cell and first.cell not in first.message:
        return f"{first.cell}: {first.message}"
    return first.message


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
        coordinator: Options | None = None,
    ):
        self.folder, self.outdir = resolve_outdir(folder, outdir)
        self.jobs = min(MAX_JOBS, max(1, jobs or os.cpu_count() or 1))
        self.recursive = recursive
        self.rebuild_all = rebuild_all
        self.clock = clock  # local time, for the summary and the error reports
        self.pool = WorkerPool(self.jobs, worker, quiet=quiet_workers)
        self.manifest: Manifest | None = None  # loaded on entering
        self.retired: list[str] = []  # reports moved out of the way (see retire)
        self.needs_letters = False  # the mail step's: a report without its Letter is rebuilt
        self.write_errors: list[str] = []  # writes that failed, the run going on (see _save)
        self.lock = FolderLock(self.outdir)
        self.coordinator = coordinator or Options()  # period, PDFs (folder.quarter)
        self.recaps = RecapStore(self.outdir / STORE_NAME)  # loaded on entering

    def __enter__(self) -> Batch:
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"Folder hasil '{self.outdir}' tidak dapat dibuat ({exc.__class__.__name__}). "
                "Periksa izin folder atau pilih folder lain dengan -o."
            ) from exc
        self.lock.acquire()
        try:
            self.remove_staging()
            inside = self.folder in self.outdir.parents  # the default hasil: the folder's own
            self.manifest = Manifest.load(self.outdir / MANIFEST_NAME, self.folder, adopt=inside)
            folder = self.manifest.folder
            self.recaps = RecapStore.load(self.outdir / STORE_NAME, folder, adopt=inside)
            self.retire_missing()
        except BaseException:
            self.lock.release()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.pool.close(wait=True)
            self.recaps.save_if_changed()  # also when interrupted: what was built stays known
            self.remove_staging()
        finally:
            self.lock.release()

    @property
    def _manifest(self) -> Manifest:
        assert self.manifest is not None, "use Batch as a context manager"
        return self.manifest

    # -- files -------------------------------------------------------------

    def discover(self) -> list[Path]:
        return discover(self.folder, self.outdir, self.recursive)

    def label(self, path: Path) -> str:
        return Path(path).relative_to(self.folder).as_posix()  # paths from discover()

    def remove_staging(self) -> None:
        """Staging files left by an interrupted or dead run (never a finished report)."""
        remove_leftovers(self.outdir)

    def _save(self) -> None:
        """Save the manifest; a failure is named once and the run goes on without it (the
        next run then builds again what it could not record)."""
        try:
            self._manifest.save()
        except OSError as exc:
            message = cannot_write(self.outdir / MANIFEST_NAME, exc, what="Manifes")
            if message not in self.write_errors:
                self.write_errors.append(message)

    # -- reports no input stands behind ----------------------------------------

    def retire_missing(self) -> None:
        """Move the reports of inputs gone from the folder into ``usang``.

        Only this input folder's inputs are looked at (the manifest keeps other
        folders' apart), and nothing is retired while the folder is out of reach or
        holds no input at all: a network share that drops for a moment looks empty.
        """
        if not inputs_reachable(self.folder, len(self.discover())):
            return
        before = dict(self._manifest.inputs)
        gone = self._manifest.forget_missing(self.folder)
        for entry in gone:
            for name in entry.names:
                self.retire(name)
        for label in set(self._manifest.inputs) - set(before):  # renamed in letter case only
            moved = self._manifest.inputs[label]
            old = next((old for old, entry in before.items() if entry is moved), None)
            if old is not None:
                self.recaps.rename(old, label)
        if gone or set(self._manifest.inputs) != set(before):
            self._save()

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
            replace_retrying(source, target)
        except OSError:
            self.retired.append(f"{name} (tidak dapat dipindahkan: tutup di Excel lalu hapus)")
            return
        self.retired.append(f"{RETIRED_FOLDER}/{target.name}")
        if source.suffix.lower() == ".xlsx":  # its PDF (proses --pdf) goes with it
            self.retire(source.with_suffix(".pdf").name)

    # -- a run ---------------------------------------------------------------

    def run(self, paths: Iterable[Path], on_file: OnFile | None = None) -> list[FileResult]:
        """Build the given inputs (skipping unchanged ones); rows sorted by label."""
        assert self.manifest is not None, "use Batch as a context manager"
        rows: list[FileResult] = []

        def emit(row: FileResult) -> None:
            rows.append(row)
            if on_file is not None:
                on_file(row)

        jobs: dict[Task, _Job] = {}
        for path in paths:
            label = self.label(path)
            try:
                digest = sha256_of(path)
            except OSError as exc:
                emit(self._record(label, None, Outcome(False, None, (unopenable(label, exc),))))
                continue
            skipped = self._unchanged(label, digest)
            if skipped is not None:
                emit(skipped)
                continue
            staging = self.outdir / staging_name()
            task = Task(str(Path(path)), str(staging), self._name_room())
            jobs[task] = _Job(label, digest, staging)
        for task, outcome in self.pool.run(list(jobs)):
            job = jobs[task]
            emit(self._record(job.label, job.sha256, outcome, job.staging))
        return sorted(rows, key=row_order)

    def _name_room(self) -> int:
        """How long a report's name may be for its path to fit Windows, leaving room for
        `` - <input name>`` should another input own the name."""
        return name_room(self.outdir, extra=len(" - berkas (99)"))

    def _unchanged(self, label: str, digest: str) -> FileResult | None:
        """The row of an input built before from the same content, or None to build it."""
        entry = self._manifest.inputs.get(label)
        if (
            self.rebuild_all
            or entry is None
            or entry.status not in (Status.BERHASIL, Status.PERIODE_LAIN)
            or not self.recaps.has(label, digest)  # its recap record is kept (recap_data)
            or entry.sha256 != digest
            or entry.version != __version__
            or not entry.output
            or not intact(self.outdir / entry.output, entry.output_size, entry.output_sha256)
        ):
            return None
        if entry.report is None:  # recorded before reports were compared: build it to know
            return None
        if self.needs_letters and entry.letter is None:  # recorded before --surel existed
            return None
        return FileResult(  # an unchanged report keeps what its warnings say of its figures
            label,
            Status.TIDAK_BERUBAH,
            entry.output,
            None,
            entry.warnings,
            0,
            entry.figures,
            entry.report,
        )

    def _record(
        self, label: str, digest: str | None, outcome: Outcome, staging: Path | None = None
    ) -> FileResult:
        """Move a built report into place or write the error report; save the manifest."""
        previous = self._manifest.inputs.get(label)
        problems = list(outcome.problems)
        output = None
        if outcome.built and staging is not None and outcome.default_name:
            output = self._move_into_place(label, staging, outcome.default_name, problems)
        errors = [p for p in problems if p.is_error]
        warnings = len(problems) - len(errors)
        report = None if output is not None else self._write_error_report(label, problems)
        if previous is not None:
            self._put_away(previous, output, report)
        status = Status.BERHASIL if output else Status.GAGAL
        if output and digest and outcome.recap is not None:
            self.recaps.put(label, digest, outcome.recap)
        report_id: ReportId | None = outcome.report_id if output else None
        made = fingerprint(self.outdir / output) if output else None
        figures = figures_remark(problems) if output else ""  # check's verdict on the figures
        message = _first_error(errors) or figures
        self._manifest.inputs[label] = Entry(
            sha256=digest,
            version=__version__,
            status=status,
            output=output,
            error_report=report,
            warnings=warnings,
            errors=len(errors),
            time=self.clock().isoformat(timespec="seconds"),
            report=report_id,
            duplicates=(),  # set by summarize, which sees every input
            letter=outcome.letter if output else None,
            output_size=made[0] if made else None,
            output_sha256=made[1] if made else None,
            figures=figures,
        )
        self._save()
        return FileResult(label, status, output, report, warnings, len(errors), message, report_id)

    def _move_into_place(
        self, label: str, staging: Path, default_name: str, problems: list[Problem]
    ) -> str | None:
        """Give a built report its name; None (and an error in ``problems``) when it fails."""
        output = self._manifest.claim(default_name, label, name_room(self.outdir, extra=0))
        try:
            replace_retrying(staging, self.outdir / output)
        except OSError as exc:
            with contextlib.suppress(OSError):
                staging.unlink(missing_ok=True)
            problems.append(
                error(
                    codes.KELUARAN_GAGAL,
                    cannot_write(self.outdir / output, exc),
                    "Perbaiki penyebabnya, lalu jalankan lagi; berkas lain tetap diproses.",
                )
            )
            return None
        return output

    def _write_error_report(self, label: str, problems: list[Problem]) -> str | None:
        """``GAGAL <input name>.txt``; None when it cannot be written (the summary still
        lists the file and its first error)."""
        report = self._manifest.claim(error_report_name(label), label)
        try:
            text = error_report_text(label, problems, self.clock())
            write_text_atomically(self.outdir / report, text)
        except OSError:
            return None
        return report

    def _put_away(self, previous: Entry, output: str | None, report: str | None) -> None:
        """What an input's previous run left that this run did not replace: its old error
        report is deleted; its old report, now of another name or none, is retired."""
        if previous.error_report and previous.error_report != report:
            with contextlib.suppress(OSError):
                (self.outdir / previous.error_report).unlink(missing_ok=True)
        old = previous.output
        if old and (output is None or old.casefold() != output.casefold()):
            self.retire(old)  # the input now fails, or makes a report of another name

    # -- after a run -----------------------------------------------------------

    def summarize(self, result: FolderResult, mail: MailStep | None = None) -> None:
        """Mark duplicates, record them, write ``ringkasan.xlsx``.

        Duplicates are looked for among all the rows of ``result``: every input
        of the folder as it is now, built in this run or unchanged since an
        earlier one (whose report is recorded in the manifest), so a unit's
        second file is caught even when its first was built last week. Both
        keep their reports (which one is right is for a person to decide), and
        the warning comes back on every run until one input is removed or
        corrected: it describes the folder, not the run.
        """
        result.retired = list(self.retired)
        result.open_elsewhere = [
            row.label for row in result.files if is_open_elsewhere(self.folder / row.label)
        ]
        result.files, check = check_period(result.files, self.coordinator.period)
        result.files = mark_duplicates(result.files)
        self._record_duplicates(result.files)
        skipped = finish(
            result,
            check,
            store=self.recaps,
            manifest=self._manifest,
            save=self._save,
            options=self.coordinator,
            recursive=self.recursive,
            now=self.clock(),
        )
        if mail is not None:  # after the period check and the PDFs: only this period's
            result.files = mail.run(self._manifest, self.outdir, result.files, self._save)
        result.write_errors = list(self.write_errors)  # every save of the run is known now
        try:
            result.summary = write_summary(
                [*result.files, *skipped_rows(skipped)],
                self.outdir / SUMMARY_NAME,
                folder=self.folder,
                now=self.clock(),
                notices=result.notices,
            )
            result.summary_error = ""
        except OutputError as exc:
            result.summary = None
            result.summary_error = str(exc)

    def _record_duplicates(self, rows: list[FileResult]) -> None:
        """Each input's duplicates into the manifest, saved when any changed."""
        inputs = self._manifest.inputs
        changed = False
        for row in rows:
            entry = inputs.get(row.label)
            if entry is not None and entry.duplicates != row.duplicates:
                inputs[row.label] = replace(entry, duplicates=row.duplicates)
                changed = True
        if changed:
            self._save()


def process_folder(
    folder: Path,
    outdir: Path | None = None,
    *,
    on_start: Callable[[int], None] | None = None,
    on_file: OnFile | None = None,
    mail: MailStep | None = None,
    **options: Any,
) -> FolderResult:
    """Build every spreadsheet of ``folder`` into ``outdir`` (default ``folder/hasil``).

    ``options`` are those of :class:`Batch` (``jobs``, ``recursive``,
    ``rebuild_all``, ``worker``, ``quiet_workers``). Writes the reports, an
    error report per failed file, the manifest and ``ringkasan.xlsx``.
    Raises :class:`InputError` for a missing folder and :class:`OutputError`
    when the output folder cannot be made; a summary that cannot be written
    is noted in ``summary_error``. ``mail``: draft or send each report's email
    (:mod:`lkt_excel.folder.mailing`) before the summary is written.
    """
    with Batch(folder, outdir, **options) as batch:
        batch.needs_letters = mail is not None
        paths = batch.discover()
        if on_start is not None:
            on_start(len(paths))
        result = FolderResult(batch.folder, batch.outdir, batch.run(paths, on_file))
        batch.summarize(result, mail)
        return result
