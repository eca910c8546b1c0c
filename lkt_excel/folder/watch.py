"""``proses --pantau``: process a folder, then keep building what is copied into it.

The folder is listed every ``interval`` seconds. A new or changed file is
built once its size and modification time are the same in two polls in a row,
so a copy in progress is left alone; a file taken away has its report moved
into ``usang``, and is new again should it come back. A poll that finds the
folder out of reach or with no input at all (a network share that dropped, a
folder being replaced) is skipped: nothing is taken for gone, and watching
goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lkt_excel.folder.batch import Batch
from lkt_excel.folder.integrity import inputs_reachable
from lkt_excel.folder.results import FileResult, FolderResult, OnFile, row_order

Signature = tuple[int, int]  # size and modification time (ns)


def _signature(path: Path) -> Signature | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _settled(
    current: dict[Path, Signature | None],
    previous: dict[Path, Signature | None],
    handled: dict[Path, Signature | None],
) -> list[Path]:
    """The files to build now: the same in two polls in a row, and not built as they are."""
    return [
        path
        for path, sig in current.items()
        if sig is not None and previous.get(path) == sig and handled.get(path) != sig
    ]


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

    ``options`` are those of :class:`Batch`, as for ``process_folder``.
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
        result = FolderResult(batch.folder, batch.outdir)
        _finish_round(batch, result, latest, on_round)
        previous: dict[Path, Signature | None] = {}
        while not should_stop():
            time.sleep(interval)
            if on_poll is not None:
                on_poll()
            found = batch.discover()
            if not inputs_reachable(batch.folder, len(found)):
                continue  # out of reach for now: nothing is gone, nothing is new
            current = {path: _signature(path) for path in found}
            ready = _settled(current, previous, handled)
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
            _finish_round(batch, result, latest, on_round)
        return result


def _finish_round(
    batch: Batch,
    result: FolderResult,
    latest: dict[str, FileResult],
    on_round: Callable[[FolderResult], None] | None,
) -> None:
    """The result made of each file's latest row, summarized and handed to ``on_round``."""
    result.files = sorted(latest.values(), key=row_order)
    batch.summarize(result)
    if on_round is not None:
        on_round(result)
