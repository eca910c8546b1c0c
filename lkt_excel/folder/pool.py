"""The worker processes: each input is built in one, so a hostile file harms only itself.

A pool of processes is started once and reused (``spawn`` on every OS). A
file that kills its worker (python-calamine aborts the process on some crafted
files) breaks the pool: the files that were in flight are rerun one at a time,
the one that kills its worker alone is marked failed, and the rest go on.
Every failure inside a worker comes back as data (:class:`Outcome`), never as
an exception.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from lkt_excel.core import catalogue as codes
from lkt_excel.core.names import MAX_NAME_LENGTH
from lkt_excel.core.problems import InputError, OutputError, Problem, error
from lkt_excel.folder.recap_data import Record, record_of
from lkt_excel.folder.results import ReportId
from lkt_excel.mail.letter import Letter, letter_of

# ---------------------------------------------------------------------------
# The worker: top-level functions, so ``spawn`` can import them
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    input: str
    staging: str  # the private name the report is written to; the parent names it
    max_name: int = MAX_NAME_LENGTH  # the report's name at most (its path fits Windows)


@dataclass(frozen=True)
class Outcome:
    built: bool
    default_name: str | None  # api.default_output_name of the report, when built
    problems: tuple[Problem, ...]  # warnings when built; errors and warnings when not
    report_id: ReportId | None = None  # when built
    letter: Letter | None = None  # what the report's email says, when built
    recap: Record | None = None  # its figures for rekap.xlsx, when built


Worker = Callable[[Task], Outcome]


def init_worker(quiet: bool = True) -> None:
    """Start a worker: Ctrl-C is the parent's business; end with the parent; load the
    libraries once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent()
    if quiet:  # a crashing reader prints a Rust backtrace; the error report explains it
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    from lkt_excel import api  # noqa: F401 - imported once per worker, not per file


def watch_parent() -> None:
    """End this worker as soon as its parent is gone (killed, crashed), whatever it is
    doing: a thread waits on the parent's sentinel (a pipe on POSIX, the process handle
    on Windows), which is ready once the parent has ended."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def wait_then_exit() -> None:
        from multiprocessing.connection import wait as wait_for

        wait_for([sentinel])
        os._exit(1)  # no clean-up: the next run removes what this one left

    threading.Thread(target=wait_then_exit, name="lkt-parent-watch", daemon=True).start()


def build_one(task: Task) -> Outcome:
    """Build one report into ``task.staging``; every failure becomes data."""
    from lkt_excel import api  # the parent never builds: it does not load the api

    try:
        # The collector is paused for the build (see api.collector_paused) and runs
        # again between files: the worker lives on, so what a build leaves in
        # cycles is freed before the next one.
        with api.collector_paused():
            # This worker is the isolation: the pool survives its death (see WorkerPool),
            # so the reader parses here instead of starting one more process per file.
            done = api.build(Path(task.input), Path(task.staging), isolated=False)
    except InputError as exc:
        return Outcome(False, None, tuple(exc.problems))
    except OutputError as exc:
        return Outcome(False, None, (error(codes.KELUARAN_GAGAL, str(exc)),))
    except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the others
        return Outcome(False, None, (unexpected(exc),))
    settings = done.result.report.settings
    name = api.default_output_name(settings, task.max_name)
    report_id = ReportId(settings.instansi, settings.wilayah, settings.tahun, settings.triwulan)
    letter = letter_of(settings, done.capaian, len(done.notes)) if done.capaian else None
    return Outcome(True, name, tuple(done.notes), report_id, letter, recap=record_of(done.result))


def unexpected(exc: BaseException) -> Problem:
    return error(
        codes.GALAT_TAK_TERDUGA,
        f"Galat tak terduga saat memproses berkas: {exc.__class__.__name__}: {exc}.",
        "Periksa berkas dengan 'lkt-excel check'; bila tetap gagal, kirim berkas ini ke "
        "pengelola alat.",
    )


CRASH = error(
    codes.PEMBACA_BERHENTI,
    "Membaca berkas ini menghentikan proses pembaca secara paksa: berkas rusak atau dibuat "
    "janggal (mis. berisi sel sampai XFD1048576).",
    "Buka berkas di Excel, salin isi lembar Laporan, Indikator dan Data ke berkas baru, simpan, "
    "lalu jalankan lagi. Berkas lain tetap diproses.",
)


# ---------------------------------------------------------------------------
# The pool, in the parent process
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while workers may be started, so one still importing is not hit by it.

    Only the main thread may change signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class WorkerPool:
    """``size`` worker processes running ``worker``, started when first needed.

    ``quiet``: the workers' standard error goes nowhere (see :func:`init_worker`).
    """

    def __init__(self, size: int, worker: Worker = build_one, *, quiet: bool = True):
        self.size = size
        self.worker = worker
        self.quiet = quiet
        self._executor: ProcessPoolExecutor | None = None

    def close(self, wait: bool = False) -> None:
        """Stop the workers (a later :meth:`run` starts new ones)."""
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None

    def _started(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,
                initargs=(self.quiet,),
            )
        return self._executor

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, Outcome]]:
        """Run the tasks, yielding each with its outcome as it finishes.

        When a worker dies, the pool is broken and every task in flight is lost.
        Alone in flight, the task is the culprit; otherwise the lost tasks are
        rerun one at a time, so the culprit is found and the others are built.
        """
        queue, suspects = deque(tasks), deque[Task]()
        inflight: dict[Future, Task] = {}
        while queue or suspects or inflight:
            # One task more than workers waits in the pool's queue, so a worker takes
            # its next file at once instead of idling while the caller records the
            # last one (manifest, summary line). Suspects run alone.
            if suspects:
                broken = not self._submit(suspects, 1, inflight)
            else:
                broken = not self._submit(queue, self.size + 1, inflight)
            if inflight and not broken:
                finished, broken = self._finished(inflight)
                yield from finished
            if broken:
                lost = list(inflight.values())
                inflight.clear()
                self.close()
                if len(lost) == 1:
                    yield lost[0], Outcome(False, None, (CRASH,))
                else:
                    suspects.extend(lost)

    def _submit(self, source: deque[Task], limit: int, inflight: dict[Future, Task]) -> bool:
        """Move tasks from ``source`` into the pool up to ``limit`` in flight; False when
        the pool is broken (the task that found it so is put back)."""
        while source and len(inflight) < limit:
            task = source.popleft()
            try:
                with _sigint_ignored():  # a worker spawned now inherits it (POSIX)
                    future = self._started().submit(self.worker, task)
            except BrokenProcessPool:
                source.appendleft(task)
                return False
            inflight[future] = task
        return True

    def _finished(self, inflight: dict[Future, Task]) -> tuple[list[tuple[Task, Outcome]], bool]:
        """Wait for one task or more to finish: those done with their outcomes (taken out
        of ``inflight``), and whether the pool broke (its lost tasks stay in flight)."""
        done, _ = wait(inflight, return_when=FIRST_COMPLETED)
        finished: list[tuple[Task, Outcome]] = []
        broken = False
        for future in done:
            problem = future.exception()
            if isinstance(problem, BrokenProcessPool):
                broken = True
                continue
            task = inflight.pop(future)
            if problem is None:
                finished.append((task, future.result()))
            else:
                finished.append((task, Outcome(False, None, (unexpected(problem),))))
        return finished, broken
